/** The query groups and the bounded heap of the k best sentences that MaxScore pruning compares against. */
import type { Cursor } from './cursor.js';
export interface Group {
  cursors: Cursor[];
  weight: number;
  /** DOC_BOOST × max idf × weight: what the group adds to a sentence of a document that contains it elsewhere. */
  boost: number;
  /** Upper bound of the group's addition to any sentence. */
  ub: number;
}

/** The `limit` best (score, unit) pairs seen, as a min-heap ("a ranks below b": lower score, or equal and later unit). */
export class TopK {
  score: number[] = [];
  unit: number[] = [];
  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.score.length >= this.limit;
  }

  /** Score of the weakest kept pair (-Infinity until full). */
  get threshold(): number {
    return this.full ? this.score[0]! : -Infinity;
  }

  private below(i: number, j: number): boolean {
    const { score, unit } = this;
    return score[i]! < score[j]! || (score[i] === score[j] && unit[i]! > unit[j]!);
  }

  private swap(i: number, j: number): void {
    const { score, unit } = this;
    [score[i], score[j]] = [score[j]!, score[i]!];
    [unit[i], unit[j]] = [unit[j]!, unit[i]!];
  }

  push(s: number, u: number): void {
    const { score, unit } = this;
    if (this.full) {
      if (s < score[0]! || (s === score[0] && u > unit[0]!)) return;
      score[0] = s;
      unit[0] = u;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < score.length && this.below(l, m)) m = l;
        if (r < score.length && this.below(r, m)) m = r;
        if (m === i) return;
        this.swap(i, m);
        i = m;
      }
    }
    score.push(s);
    unit.push(u);
    for (let j = score.length - 1; j > 0; ) {
      const p = (j - 1) >> 1;
      if (!this.below(j, p)) break;
      this.swap(j, p);
      j = p;
    }
  }

  /** Best first. */
  sorted(): { score: number; unit: number }[] {
    return this.score.map((score, i) => ({ score, unit: this.unit[i]! })).sort((a, b) => b.score - a.score || a.unit - b.unit);
  }
}
