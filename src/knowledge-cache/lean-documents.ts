/**
 * Lean documents: a large corpus keeps its documents' metadata in memory and their sentences on disk (in the
 * knowledge cache). A lean document says so in its type (`sentences: null`); whoever needs its sentences asks the
 * SentenceSource the composition root made (`cachedSentences`), so no read from disk hides behind a property.
 */
import type { CorpusDocument, Document, LeanDocument, Sentence, SentenceSource } from '../corpus/types.js';

/** Documents whose sentences were read back most recently (an answer cites a few documents, often again). */
const RECENT_MAX = 1024;

/** Drops `document`'s sentences from memory, in place (it is the same object everywhere it is held), and returns it. */
export function leanDocument(document: Document): LeanDocument {
  const lean = document as unknown as LeanDocument;
  lean.sentences = null;
  return lean;
}

/** True when `document`'s sentences are not in memory. */
export function isLean(document: CorpusDocument): document is LeanDocument {
  return document.sentences === null;
}

/**
 * Reads lean documents' sentences with `read` (by content hash; e.g. from the knowledge cache) and keeps the last
 * RECENT_MAX documents' sentences: the source owns that bounded memo, and the composition root owns the source.
 */
export function cachedSentences(read: (hash: string) => Sentence[] | undefined): SentenceSource {
  const recent = new Map<string, Sentence[]>();
  return (document) => {
    let sentences = recent.get(document.hash);
    if (sentences) {
      recent.delete(document.hash);
    } else {
      sentences = read(document.hash);
      if (!sentences) return undefined;
      if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    }
    recent.set(document.hash, sentences);
    return sentences;
  };
}
