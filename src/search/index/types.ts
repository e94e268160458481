/** The search index's public contract: what it stores per sentence, what a search takes and returns. */
import type { Document } from '../../corpus/types.js';

/** Concepts of one sentence, e.g. ['area:semiconductors', 'country:jp', 'year:2024']. */
export type SentenceConcepts = (document: Document, sentenceIndex: number) => string[];
/** A document's concepts by sentence index, as extraction found them (sentences without any may be absent). */
export type ConceptTable = Readonly<Record<number, readonly string[]>>;
/** Concepts a question refers to, in the same vocabulary as SentenceConcepts. */
export type QueryConcepts = (query: string) => string[];

export interface SearchHit {
  document: string;
  /** 1-based sentence index (Sentence.index). */
  sentence: number;
  score: number;
}

export interface SearchOptions {
  /** Results wanted (default 8). */
  limit?: number;
  /** The question's language (ISO 639-1) when known: its stopwords are dropped. Every stemmer present is tried anyway. */
  lang?: string;
  /** Keep only documents in these languages. */
  documentLangs?: string[];
  /** At most this many sentences from one document (default 3), so evidence spans sources. */
  perDocument?: number;
  /** Concepts to add to the query (in addition to the index's queryConcepts). */
  concepts?: string[];
}

export interface BuildOptions {
  /** Maps a question to concept terms; used by search() for every query. */
  queryConcepts?: QueryConcepts;
}

export interface BuildFromOptions extends BuildOptions {
  /** The concepts of `documents[i]` as extraction found them (else the SentenceConcepts function is asked). */
  conceptTables?: ReadonlyArray<ConceptTable | undefined>;
}

export interface SearchIndex {
  search(query: string, options?: SearchOptions): SearchHit[];
  /**
   * Adds a document, replacing any document with the same id. `concepts`: its sentences' concepts as extraction
   * found them; without them, the index's SentenceConcepts function is asked per sentence.
   */
  add(document: Document, concepts?: ConceptTable): void;
  /** Removes a document; false when it was not indexed. */
  remove(documentId: string): boolean;
  has(documentId: string): boolean;
  /** Content hash (Document.hash) the document had when it was added; undefined when it is not indexed. */
  hashOf(documentId: string): string | undefined;
  /** Ids of the indexed documents, in insertion order (for a warm start: diff against the corpus). */
  documentIds(): string[];
  /** Live documents / sentences / distinct terms. */
  stats(): { documents: number; sentences: number; terms: number; postings: number };
  /** A compact binary image for a warm start (see fromBinary). The concept functions are not stored. */
  toBinary(): Uint8Array;
  /** Work done while idle, a slice per call, that a first query would otherwise do; true when none is left. */
  prepare?(): boolean;
}
