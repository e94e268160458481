/**
 * Evidence passages: search hits turned into numbered sentences with their provenance, ready for a writer.
 * Pure.
 */
import type { Document } from '../corpus/types.js';
import type { SearchHit } from './search-index.js';

/** One numbered evidence sentence as a model sees it and a citation `[n]` refers to. */
export interface Passage {
  /** 1-based number used in `[n]` markers. */
  n: number;
  document: string;
  /** 1-based sentence index in the document. */
  sentence: number;
  lang: string;
  outlet: string | null;
  published: string | null;
  text: string;
}

/**
 * Numbers the hits 1..n as passages, skipping hits whose document or sentence is unknown.
 * @param lookup document by id (a Map's get, or the corpus' own lookup)
 */
export function passagesOf(hits: readonly SearchHit[], lookup: (id: string) => Document | undefined): Passage[] {
  const out: Passage[] = [];
  for (const hit of hits) {
    const doc = lookup(hit.document);
    const sentence = doc?.sentences.find((s) => s.index === hit.sentence);
    if (!doc || !sentence) continue;
    out.push({
      n: out.length + 1,
      document: doc.id,
      sentence: sentence.index,
      lang: doc.lang,
      outlet: doc.outlet,
      published: doc.published,
      text: sentence.text,
    });
  }
  return out;
}
