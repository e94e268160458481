/**
 * Evidence passages: search hits turned into numbered sentences with their provenance, ready for a writer.
 * Pure.
 */
import type { CorpusDocument } from '../corpus/types.js';
import type { SentenceText } from '../knowledge/types.js';
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

/** A sentence's text from the document's own sentences (a lean document has none in memory). */
const ownText = (doc: CorpusDocument, sentence: number): string | undefined => doc.sentences?.find((s) => s.index === sentence)?.text;

/**
 * Numbers the hits 1..n as passages, skipping hits whose document or sentence is unknown.
 * @param lookup document by id (a Map's get, or the corpus' own lookup)
 * @param textOf sentence text by document id and index (the app's, which reads lean documents back); default: the
 *   document's own sentences
 */
export function passagesOf(
  hits: readonly SearchHit[],
  lookup: (id: string) => CorpusDocument | undefined,
  textOf?: SentenceText,
): Passage[] {
  const out: Passage[] = [];
  for (const hit of hits) {
    const doc = lookup(hit.document);
    const text = doc && (textOf ? textOf(doc.id, hit.sentence) : ownText(doc, hit.sentence));
    if (!doc || text === undefined) continue;
    out.push({
      n: out.length + 1,
      document: doc.id,
      sentence: hit.sentence,
      lang: doc.lang,
      outlet: doc.outlet,
      published: doc.published,
      text,
    });
  }
  return out;
}
