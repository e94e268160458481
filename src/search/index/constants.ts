/** Tunables of the BM25 sentence index (see search-index.ts for the design). */
/** BM25 saturation. */
export const BM25_K1 = 1.2;
/** BM25 length normalisation. */
export const BM25_B = 0.75;
/** Weight of a query term found elsewhere in the sentence's document (× its idf). */
export const DOC_BOOST = 0.3;
/** Weight of a concept term relative to a word. */
export const CONCEPT_WEIGHT = 1.0;
/** At most this many query groups count (bit masks are 32 bits). */
export const MAX_GROUPS = 32;
export const TF_BITS = 4;
export const TF_MAX = (1 << TF_BITS) - 1;
export const COMPACT_DEAD_SHARE = 0.25;
/** The delta postings are merged into the flat array when they exceed this share of it (or MERGE_MIN). */
export const MERGE_SHARE = 1 / 8;
export const MERGE_MIN = 1 << 18;
/** Relative slack on upper bounds, so float rounding never prunes a sentence that beats the threshold. */
export const UB_SLACK = 1 + 1e-9;
/**
 * Scores are compared in steps: a sentence's score is rounded to a multiple of the query's step, the power of two
 * just below its best possible score / 2^STEP_BITS (about four significant digits). Bounds carry slack (UB_SLACK, and
 * block norms rounded up), so a bound is never exactly the k-th score; rounded to a step it is, and a document whose
 * best possible score only ties the k-th is pruned (ties go to the earlier unit). Without steps, a common word whose
 * best sentences tie read every document that has it.
 */
export const STEP_BITS = 12;
export const INF = 0x7fffffff;
