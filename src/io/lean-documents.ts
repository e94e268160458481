/**
 * Lean documents: a large corpus keeps its documents' metadata in memory and their sentences on disk (in the
 * knowledge cache), read back when something asks for them — an /ask hit, a re-index. Sentences are most of a
 * document's memory and, once extracted and indexed, only a few are ever read again.
 */
import type { Document, Sentence } from '../corpus/types.js';

/** Documents whose sentences were read back most recently (an answer cites a few documents, often again). */
const RECENT_MAX = 1024;
const recent = new Map<Document, Sentence[]>();

/**
 * Replaces `document.sentences` by a getter that reads them with `load` (and keeps the last RECENT_MAX documents'
 * sentences). A document whose sentences can no longer be read (its cache entry is gone or damaged) has none.
 */
export function leanDocument(document: Document, load: () => Sentence[] | undefined): void {
  Object.defineProperty(document, 'sentences', {
    enumerable: true,
    configurable: true,
    get(): Sentence[] {
      let sentences = recent.get(document);
      if (sentences) {
        recent.delete(document);
      } else {
        sentences = load() ?? [];
        if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
      }
      recent.set(document, sentences);
      return sentences;
    },
    set(value: Sentence[]) {
      Object.defineProperty(document, 'sentences', { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

/** True when `document` reads its sentences from disk. */
export function isLean(document: Document): boolean {
  return typeof Object.getOwnPropertyDescriptor(document, 'sentences')?.get === 'function';
}
