/** One sentence of a document's cleaned body. `index` is 1-based and stable for a given file content. */
export interface Sentence {
  index: number;
  text: string;
  /** 0-based paragraph number, so neighbours can be found. */
  paragraph: number;
}

/** A corpus article after decoding, cleaning and splitting. Pure data. */
export interface Document {
  /** File name without extension: the stable id every fact cites. */
  id: string;
  file: string;
  /** ISO 639-1 code, or 'und' when no language could be told. */
  lang: string;
  title: string | null;
  outlet: string | null;
  /** 'YYYY-MM-DD' when the text states a full date, else null. */
  published: string | null;
  /** 'YYYY-MM' when the page only gives a month (a page-store date line), else absent. Never a publication date. */
  month?: string;
  /** Source URL when the text gives one. */
  source: string | null;
  /** Title first (sentence 1) when there is one, then the body. */
  sentences: Sentence[];
  /** Non-fatal notes about this file (encoding guessed, text truncated …). */
  warnings: string[];
  /** sha256 of the raw bytes, hex: the cache key for everything derived from this file. */
  hash: string;
  bytes: number;
}

/**
 * A document whose sentences are not in memory: a large corpus keeps them on disk (in the knowledge cache) once they
 * are extracted and indexed. Read them through the SentenceSource (or the SentenceText) the composition root gives.
 */
export type LeanDocument = Omit<Document, 'sentences'> & { sentences: null };

/** A document of a loaded corpus: its sentences in memory, or lean. */
export type CorpusDocument = Document | LeanDocument;

/** A lean document's sentences, read from wherever they are kept; undefined when they can no longer be read. */
export type SentenceSource = (document: LeanDocument) => Sentence[] | undefined;

/** Why a file was skipped or changed while loading; always names the file. */
export interface LoadWarning {
  file: string;
  reason: string;
}

export interface LoadResult {
  documents: Document[];
  warnings: LoadWarning[];
}
