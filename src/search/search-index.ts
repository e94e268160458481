/**
 * A compact BM25 index over sentences, with extracted concepts (area:…, person:…, country:…) indexed alongside.
 *
 * Unit of retrieval: one sentence. A sentence's score is its own BM25 plus a document boost: query terms that the
 * sentence lacks but its document contains add DOC_BOOST × their idf, so a sentence in an article about the query
 * outranks the same words in an unrelated article. A document's sentences are contiguous units, in insertion order.
 *
 * Layout (sized for ~100k articles / 3.5M sentences):
 * - postings are packed `unit << 4 | min(tf, 15)`, sorted by unit, in one flat Uint32Array with per-term offsets
 *   (frozen part) plus small per-term arrays for documents added since the last merge (delta part); the delta is
 *   merged into a new exact-size flat array when it reaches a share of the frozen part, so adds stay cheap and the
 *   steady state has no per-term objects;
 * - the term dictionary is one string of all terms, code-unit offsets and an open-addressing hash table of ids;
 * - per sentence only its length (Uint16) is kept; sentence numbers are derived from the document's first unit;
 * - removal tombstones a document; the index compacts itself when a quarter of its sentences are dead;
 * - per term, a bound on its BM25 for the pruning, computed from its postings when first needed and written into
 *   the image for every term (a restored index never reads a whole list to bound a term on a first query).
 *
 * Search is document-at-a-time with MaxScore pruning: each query group gets an upper bound on what it can add to
 * one sentence (max of its best BM25 contribution and its document boost); groups are sorted by that bound and
 * the low-bound ones whose sum cannot beat the current k-th score are not iterated, only probed for documents the
 * others found; a document whose bound cannot beat it is skipped before any scoring, and a document's groups are read
 * by falling bound, stopping as soon as what they really add here shows it cannot. The pruning is exact: the
 * hits (and their order) are those of scoring every matching sentence (see searchWithoutPruning).
 * Pure: no I/O, no clock.
 *
 * The parts live in `index/`: types.ts (the contract), constants.ts, term-dict.ts, cursor.ts, top-k.ts,
 * bm25-index.ts (add/remove/merge/search), sentence-terms.ts (a sentence's terms, with a word → term cache),
 * image-format.ts (binary layout and writing), image-restore.ts.
 */
import type { Document } from '../corpus/types.js';
import { Bm25Index } from './index/bm25-index.js';
import type { BuildFromOptions, SearchHit, SearchIndex, SearchOptions, SentenceConcepts } from './index/types.js';

export { BM25_B, BM25_K1, CONCEPT_WEIGHT, DOC_BOOST } from './index/constants.js';
export type {
  BuildFromOptions, BuildOptions, ConceptTable, QueryConcepts, SearchHit, SearchIndex, SearchOptions, SentenceConcepts,
} from './index/types.js';
export { searchIndexFromBinary } from './index/image-restore.js';

/**
 * Builds a search index over every sentence of `documents`.
 * @param concepts concept terms of one sentence (e.g. from the knowledge layer's annotations)
 * @example buildSearchIndex(docs).search('Halbleiter', { limit: 3 })
 */
export function buildSearchIndex(
  documents: Document[],
  concepts?: SentenceConcepts,
  options: BuildFromOptions = {},
): SearchIndex {
  const index = new Bm25Index(concepts, options.queryConcepts);
  documents.forEach((doc, i) => index.add(doc, options.conceptTables?.[i]));
  index.merge();
  return index;
}

/**
 * The hits of `index.search(query, options)` computed by scoring every matching sentence, without pruning.
 * For verification (tests, bench): search() must return exactly these.
 */
export function searchWithoutPruning(index: SearchIndex, query: string, options: SearchOptions = {}): SearchHit[] {
  if (!(index instanceof Bm25Index)) throw new Error('searchWithoutPruning: not a BM25 index');
  return index.search(query, options, false);
}
