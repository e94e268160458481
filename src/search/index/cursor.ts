/** A cursor over one term's postings (frozen flat part, then its delta array), sought by sentence unit. */
import { INF, TF_BITS } from './constants.js';
/** A cursor over one term's postings: the frozen part flat[a0, a0 + la) followed by the delta part b[0, lb). */
export class Cursor {
  p = 0;
  readonly n: number;
  constructor(
    readonly a: Uint32Array,
    readonly a0: number,
    readonly la: number,
    readonly b: Uint32Array | null,
    lb: number,
    readonly idf: number,
    /** Block norms of the frozen part, or null (the term's global bound serves). */
    readonly blocks: Float32Array | null = null,
  ) {
    this.n = la + lb;
  }

  at(i: number): number {
    return i < this.la ? this.a[this.a0 + i]! : this.b![i - this.la]!;
  }

  /** Unit at the cursor, INF when exhausted. */
  unit(): number {
    return this.p < this.n ? this.at(this.p) >>> TF_BITS : INF;
  }

  /** Moves to the first posting whose unit is ≥ `unit` (galloping, then binary search). */
  seek(unit: number): void {
    if (this.n === this.la) this.seekFrozen(unit);
    else this.seekMixed(unit);
  }

  /** seek() over the frozen part alone (every list of a merged or restored index): plain array reads. */
  private seekFrozen(unit: number): void {
    const { a, a0, n } = this;
    let lo = this.p;
    if (lo >= n || a[a0 + lo]! >>> TF_BITS >= unit) return;
    let step = 1;
    let hi = lo + 1;
    while (hi < n && a[a0 + hi]! >>> TF_BITS < unit) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > n) hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (a[a0 + mid]! >>> TF_BITS < unit) lo = mid;
      else hi = mid;
    }
    this.p = hi;
  }

  private seekMixed(unit: number): void {
    let lo = this.p;
    if (lo >= this.n || this.at(lo) >>> TF_BITS >= unit) return;
    let step = 1;
    let hi = lo + 1;
    while (hi < this.n && this.at(hi) >>> TF_BITS < unit) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > this.n) hi = this.n;
    // at(lo) < unit; at(hi) >= unit or hi = n
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) >>> TF_BITS < unit) lo = mid;
      else hi = mid;
    }
    this.p = hi;
  }
}
