/**
 * Block-max bounds: per long posting list, the largest BM25 norm of each block of BLOCK postings of its frozen part.
 * Where every essential list's current block has a low maximum, the documents those blocks span are skipped
 * without reading them (the threshold is out of reach there), instead of one document at a time.
 * Computed per term on its first query (one pass over the list), kept until the frozen postings or the reference
 * average change (merge, compact, syncRefAvg); not in the image, so a restored index computes them as terms are
 * queried.
 */
import { BM25_B, BM25_K1, INF, TF_BITS, TF_MAX, UB_SLACK } from './constants.js';
import type { Cursor } from './cursor.js';
import type { Group } from './top-k.js';

export const BLOCK_SHIFT = 6;
/** Postings per block. */
export const BLOCK = 1 << BLOCK_SHIFT;
/** Shorter frozen lists have no blocks: they span few documents, and a block of them would span many. */
export const BLOCK_MIN = 4 * BLOCK;

/** Per block of list[a0, a0 + la): the largest tf·(k1+1) / (tf + k1·(1 − b + b·len / refAvg)), rounded up as termNorm is. */
export function blockNorms(list: Uint32Array, a0: number, la: number, unitLen: Uint16Array, lenB: number): Float32Array {
  const lenA = BM25_K1 * (1 - BM25_B);
  const out = new Float32Array((la + BLOCK - 1) >>> BLOCK_SHIFT);
  for (let b = 0; b < out.length; b++) {
    let v = 0;
    const end = a0 + Math.min(la, (b + 1) << BLOCK_SHIFT);
    for (let i = a0 + (b << BLOCK_SHIFT); i < end; i++) {
      const p = list[i]!;
      const tf = p & TF_MAX;
      const c = (tf * (BM25_K1 + 1)) / (tf + lenA + lenB * unitLen[p >>> TF_BITS]!);
      if (c > v) v = c;
    }
    out[b] = Math.fround(v * (1 + 1e-6));
  }
  return out;
}

/** One past the last unit of the block that holds the cursor's position; -1 when it has no block there. */
export function blockEnd(c: Cursor): number {
  if (c.blocks === null || c.p >= c.la) return -1;
  const last = Math.min(c.la, ((c.p >>> BLOCK_SHIFT) + 1) << BLOCK_SHIFT) - 1;
  return (c.a[c.a0 + last]! >>> TF_BITS) + 1;
}

/** The norm bound of the block that holds the cursor's position (blockEnd(c) ≥ 0). */
export function blockNorm(c: Cursor): number {
  return c.blocks![c.p >>> BLOCK_SHIFT]!;
}

/**
 * Where the search may jump from document `d` (the document of the essential cursors' smallest unit): the first unit
 * of the first document that does not lie wholly before the end of every essential cursor's current block, when
 * those blocks' norms plus `rest` (the non-essential groups' bound) stay below `limit` (no score there can beat the
 * k-th: see STEP_BITS) in any of the documents before it; -1 otherwise. `ess` holds each essential group's cursors
 * together, `essBit` their group's bit.
 */
export function skipTo(
  ess: Cursor[], essBit: number[], groups: Group[], docFirst: Uint32Array, nDocs: number, d: number, rest: number, scale: number, limit: number,
): number {
  const e = docFirst[d + 1]!;
  let r = INF;
  for (let k = 0; k < ess.length && r >= e; k++) {
    const c = ess[k]!;
    if (c.p < c.n) r = Math.min(r, blockEnd(c));
  }
  if (r < e) return -1;
  let stop = d + 1;
  for (let step = 1; stop + step <= nDocs && docFirst[stop + step]! <= r; step *= 2) stop += step;
  while (stop < nDocs && docFirst[stop + 1]! <= r) stop++;
  const to = docFirst[stop]!;
  // Each essential group: its best cursor's block, or nothing when none has a posting before `to` (no boost either).
  let bound = rest;
  for (let k = 0; k < ess.length; ) {
    const bit = essBit[k]!;
    let v = -1;
    for (; k < ess.length && essBit[k] === bit; k++) {
      const c = ess[k]!;
      if (c.p < c.n && c.at(c.p) >>> TF_BITS < to && c.idf * blockNorm(c) > v) v = c.idf * blockNorm(c);
    }
    const group = groups[31 - Math.clz32(bit)]!;
    if (v >= 0) bound += Math.max(v * scale * group.weight, group.boost) * UB_SLACK;
  }
  return bound < limit ? to : -1;
}
