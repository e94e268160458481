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
 * one sentence (max of its best BM25 contribution and its document boost); groups whose bounds together cannot beat
 * the current k-th score are non-essential (chosen longest list first, so the documents visited are those of the
 * rarer groups) and are not iterated, only probed for documents the others found. Where the essential lists'
 * current blocks of 64 postings (block-max.ts: their largest norm, computed on a term's first query) cannot beat
 * it, the documents they span are passed over unread. A document's groups are read rarest first; after each, its
 * bound is the boosts of the groups read plus the best gain of one sentence over them plus the bounds of the
 * groups not read yet, and reading stops as soon as that cannot beat the k-th score; a sentence that cannot has
 * no further postings scored. Ties go to the earlier unit, so a document that only ties the k-th score is out.
 * Scores are compared in steps of about four significant digits (constants.ts, STEP_BITS): a document whose best
 * possible score only ties the k-th is pruned, though bounds carry slack for rounding.
 * The pruning is exact: the hits (and their order, and their scores) are those of scoring every matching sentence
 * (see searchWithoutPruning).
 * Pure: no I/O, no clock.
 *
 * The parts live in `index/`: types.ts (the contract), constants.ts, term-dict.ts, cursor.ts, top-k.ts,
 * bm25-index.ts (add/remove/merge/search), block-max.ts (block bounds and skipping), sentence-terms.ts (a
 * sentence's terms, with a word → term cache), image-format.ts (binary layout and writing), image-restore.ts.
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
