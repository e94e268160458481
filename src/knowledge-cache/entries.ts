/** What the cache holds per article (an entry: its document and packed facts), where, and the manifest listing them. */
import { deserialize, serialize } from 'node:v8';
import type { CorpusDocument, Document, LeanDocument } from '../corpus/types.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import type { FactsCodec } from './codec.js';
import { jsonExact } from './json-exact.js';
import type { KnowledgeSnapshot, SnapshotToWrite } from './snapshot.js';
import type { ImageSpill } from './knowledge-image.js';

export interface Entry {
  document: Document;
  facts: unknown;
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

/**
 * The field of packed facts stored as a part of its own: the search index's concepts (about a fifth of an entry's
 * facts). A warm start restores the index from its image, so it reads facts without them.
 */
const SIDE_FIELD = 'concepts';

const JSON_PART = 0x4a; // 'J'
const V8_PART = 0x56; // 'V'

/**
 * One part of an entry: JSON when it represents the value exactly, else v8 data, after a tag byte. JSON because a
 * warm start decodes every entry's facts: measured on 10,000 cached articles' meetings, JSON.parse of the bytes took
 * half the time of v8's deserialize, and its objects 42 MB of heap against 72 MB.
 */
function encodePart(value: unknown): Buffer {
  // Checked first, then stringified without a replacer: a replacer takes JSON.stringify off its fast path.
  const json = jsonExact(value) ? JSON.stringify(value) : undefined;
  if (json !== undefined) return Buffer.concat([Buffer.of(JSON_PART), Buffer.from(json)]);
  return Buffer.concat([Buffer.of(V8_PART), serialize(value)]);
}

function decodePart(bytes: Buffer): unknown {
  if (bytes[0] === JSON_PART) return JSON.parse(bytes.toString('utf8', 1));
  return deserialize(bytes.subarray(1));
}

/**
 * An entry's bytes: u32 length of the document's metadata | u32 length of its sentences | u32 length of its facts |
 * metadata (the document with `sentences: null`) | sentences | packed facts without SIDE_FIELD (the key kept, null) |
 * SIDE_FIELD's value, each part as encodePart writes it. Each part reads alone: a warm start of lean documents
 * decodes metadata and facts, never the sentences (most of an entry) nor the concepts, which are read when needed.
 */
export function encodeEntry(document: Document, packedFacts: unknown): Buffer {
  const meta = encodePart({ ...document, sentences: null });
  const sentences = encodePart(document.sentences);
  const hasSide = typeof packedFacts === 'object' && packedFacts !== null && SIDE_FIELD in packedFacts;
  const facts = encodePart(hasSide ? { ...packedFacts, [SIDE_FIELD]: null } : packedFacts);
  const side = encodePart(hasSide ? (packedFacts as Record<string, unknown>)[SIDE_FIELD] : undefined);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(meta.length, 0);
  head.writeUInt32LE(sentences.length, 4);
  head.writeUInt32LE(facts.length, 8);
  return Buffer.concat([head, meta, sentences, facts, side]);
}

/** The document of an entry, with its sentences. */
export function documentOfEntry(bytes: Buffer): Document {
  const document = leanDocumentOfEntry(bytes) as unknown as Document;
  const start = 12 + bytes.readUInt32LE(0);
  // In place: the document keeps its keys' order.
  document.sentences = decodePart(bytes.subarray(start, start + bytes.readUInt32LE(4))) as Document['sentences'];
  return document;
}

/** The document of an entry without its sentences (not even decoded). */
export function leanDocumentOfEntry(bytes: Buffer): LeanDocument {
  return decodePart(bytes.subarray(12, 12 + bytes.readUInt32LE(0))) as LeanDocument;
}

/**
 * The packed facts of an entry; `lean`: without SIDE_FIELD's value (left null), which is then not decoded.
 */
export function factsOfEntry(bytes: Buffer, lean = false): unknown {
  const start = 12 + bytes.readUInt32LE(0) + bytes.readUInt32LE(4);
  const end = start + bytes.readUInt32LE(8);
  const facts = decodePart(bytes.subarray(start, end)) as Record<string, unknown>;
  if (!lean && facts !== null && typeof facts === 'object' && SIDE_FIELD in facts) facts[SIDE_FIELD] = decodePart(bytes.subarray(end));
  return facts;
}

/** Where an entry's bytes are: a segment file (its name), offset, length and CRC-32. */
export type Location = [segment: string, offset: number, length: number, crc: number];

/** The manifest: what `knowledge-<dir>.bin` holds (framed, checksummed). Entries live in segment files beside it. */
export interface Manifest {
  entries: [hash: string, location: Location][];
  files: [path: string, stamp: FileStamp][];
}

export interface CacheLog {
  warn(message: string): void;
}

export interface KnowledgeCacheOptions<F> {
  /** Default: cacheVersion(). */
  version?: string;
  codec?: FactsCodec<F>;
  /** Told once about a cache file that was ignored (corrupt, truncated, of another version). */
  log?: CacheLog;
  /**
   * The search index image is read from disk while the manifest is decoded, for the `loadIndex()` that follows (a
   * start that restores the index: 260 MB at 100,000 articles, a quarter second of reading taken off the start).
   */
  readIndexAhead?: boolean;
}

export interface KnowledgeCache<F = DocumentFacts> {
  readonly version: string;
  /**
   * The cached document and facts of a content hash (counted as a hit), or undefined (a miss). Read from disk on
   * each call (the cache does not keep what it has written): callers keep what they need.
   */
  get(hash: string): { document: Document; facts: F } | undefined;
  /**
   * The same without decoding the document's sentences: a lean document (evidence texts left empty), and facts whose
   * retrieval concepts are not decoded (null: get(hash) has them).
   */
  get(hash: string, lean: 'lean'): { document: CorpusDocument; facts: F } | undefined;
  /** True when the cache holds this content hash (no read, not counted). */
  has(hash: string): boolean;
  /** Only the cached document of a content hash (its facts are not decoded; not counted), or undefined. */
  document(hash: string): Document | undefined;
  /**
   * A hit's lean document alone (its facts not decoded), counted and kept as get() counts and keeps it, or undefined
   * (a miss). For a load that reads the facts back later (a start without a knowledge snapshot merges after loading).
   */
  getLeanDocument(hash: string): CorpusDocument | undefined;
  /** Remembers the facts of a document (and the stat of the file it came from, when given). */
  set(document: Document, facts: F, file?: { path: string; size: number; mtimeMs: number }): void;
  /** Records the stat of a file whose content (`hash`) the cache holds already (a file touched, read again). */
  noteFile(path: string, size: number, mtimeMs: number, hash: string): void;
  /** The content hash last seen for a file of this size and mtime, if any. */
  hashOfFile(path: string, size: number, mtimeMs: number): string | undefined;
  /** Forgets a file's stat (the file was removed). */
  forgetFile(path: string): void;
  /**
   * Writes what was set since the last save to a new segment and the manifest atomically; keeps only the hashes
   * `keep` names (default: every entry used or set this session). Segments mostly dead are compacted.
   */
  save(keep?: Iterable<string>): Promise<void>;
  /**
   * The search index image of this cache version, or undefined (absent, corrupt, stale). It records each document's
   * content hash, so the caller brings it up to date with the folder (add/remove) rather than trusting it whole.
   */
  loadIndex(): Promise<Uint8Array | undefined>;
  saveIndex(image: Uint8Array): Promise<void>;
  /**
   * The knowledge snapshot of this cache version (snapshot.ts), or undefined: none, of another version, or one that
   * cannot be trusted (reported through the log, then ignored).
   */
  readSnapshot(): KnowledgeSnapshot | undefined;
  writeSnapshot(snapshot: SnapshotToWrite): Promise<void>;
  /**
   * A file beside the snapshot that a knowledge image being encoded puts its records in (knowledge-image.ts
   * ImageSpill), so they are not all held in memory until written; close it once the snapshot is written. Undefined
   * when the cache has no folder to write in.
   */
  imageSpill?(): (ImageSpill & { close(): void }) | undefined;
  stats(): { entries: number; hits: number; misses: number; loadedFrom: 'file' | 'empty' | 'rebuilt' };
  /**
   * Writes the entries set since the last write to a new segment without rewriting the manifest (save() does), so a
   * large first load does not hold every new entry in memory until its end.
   */
  spill(): Promise<void>;
  /** Entries set and not yet written. */
  readonly unwritten: number;
  /** Closes the segment files it reads from. */
  close(): void;
}

/** Segments are compacted into one when there are more than this many, or when most of their bytes are dead. */
