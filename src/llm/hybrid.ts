/**
 * Hybrid retrieval: BM25 hits re-ranked with embeddings (cached per passage by the writer).
 * score = alpha · bm25 / max(bm25) + (1 − alpha) · cosine(question, passage). Without embeddings, BM25 order is kept.
 */
import type { Passage } from '../search/passages.js';
import type { Writer } from './writer.js';

/** Share of BM25 in the hybrid score. */
export const HYBRID_ALPHA = 0.5;

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Re-ranks passages (with their BM25 scores, same order) by the hybrid score and renumbers them 1..n.
 * Returns the input order, renumbered, when the writer has no embeddings.
 */
export async function rerankPassages(
  question: string,
  passages: readonly { passage: Passage; score: number }[],
  writer: Writer,
  alpha = HYBRID_ALPHA,
): Promise<Passage[]> {
  const renumber = (list: readonly Passage[]) => list.map((p, i) => ({ ...p, n: i + 1 }));
  if (passages.length < 2) return renumber(passages.map((p) => p.passage));
  const vectors = await writer.embed([question, ...passages.map((p) => p.passage.text)]);
  if (!vectors) return renumber(passages.map((p) => p.passage));
  const [q, ...rest] = vectors;
  const top = Math.max(...passages.map((p) => p.score), 1e-9);
  const scored = passages.map((p, i) => ({ p: p.passage, s: alpha * (p.score / top) + (1 - alpha) * cosine(q!, rest[i]!) }));
  scored.sort((a, b) => b.s - a.s);
  return renumber(scored.map((x) => x.p));
}
