/**
 * The term dictionary: one string of all terms, their code-unit offsets and an open-addressing hash table of ids
 * (frozen after a merge or a restore; new terms go to a growable tail).
 */

function hashRange(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Term ↔ id: the frozen terms are one string with code-unit offsets, terms added since the last freeze a small
 * array; an open-addressing table (linear probing, -1 = empty) maps a term's hash to its id.
 */
export class TermDict {
  text = '';
  off: Uint32Array = new Uint32Array(1);
  frozen = 0;
  extra: string[] = [];
  table: Int32Array = new Int32Array(1024).fill(-1);
  /** False while `table` / `off` are views over a binary image (copied before the first write). */
  owned = true;

  get size(): number {
    return this.frozen + this.extra.length;
  }

  static fromTerms(terms: string[]): TermDict {
    const dict = new TermDict();
    dict.text = terms.join('');
    dict.off = new Uint32Array(terms.length + 1);
    let k = 0;
    for (let i = 0; i < terms.length; i++) {
      k += terms[i]!.length;
      dict.off[i + 1] = k;
    }
    dict.frozen = terms.length;
    dict.rehash(terms.length);
    return dict;
  }

  term(id: number): string {
    return id < this.frozen ? this.text.slice(this.off[id]!, this.off[id + 1]!) : this.extra[id - this.frozen]!;
  }

  private hashOfId(id: number): number {
    if (id < this.frozen) return hashRange(this.text, this.off[id]!, this.off[id + 1]!);
    const t = this.extra[id - this.frozen]!;
    return hashRange(t, 0, t.length);
  }

  private equals(id: number, term: string): boolean {
    if (id >= this.frozen) return this.extra[id - this.frozen] === term;
    const a = this.off[id]!;
    return this.off[id + 1]! - a === term.length && this.text.startsWith(term, a);
  }

  /** Id of `term`, -1 when absent. */
  id(term: string): number {
    const mask = this.table.length - 1;
    for (let i = hashRange(term, 0, term.length) & mask; ; i = (i + 1) & mask) {
      const id = this.table[i]!;
      if (id < 0 || this.equals(id, term)) return id;
    }
  }

  /** Id of `term`, added when absent. */
  intern(term: string): number {
    const mask = this.table.length - 1;
    let i = hashRange(term, 0, term.length) & mask;
    for (; ; i = (i + 1) & mask) {
      const id = this.table[i]!;
      if (id < 0) break;
      if (this.equals(id, term)) return id;
    }
    const id = this.size;
    this.extra.push(term);
    if (!this.owned || (id + 1) * 2 > this.table.length) this.rehash(id + 1);
    else this.table[i] = id;
    return id;
  }

  private rehash(n: number): void {
    let cap = 1024;
    while (cap < n * 2) cap *= 2;
    const table = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let id = 0; id < n; id++) {
      let i = this.hashOfId(id) & mask;
      while (table[i]! >= 0) i = (i + 1) & mask;
      table[i] = id;
    }
    this.table = table;
    this.owned = true;
  }

  /** Moves the extra terms into the frozen string. */
  freeze(): void {
    if (!this.extra.length) return;
    const n = this.size;
    const off = new Uint32Array(n + 1);
    off.set(this.off.subarray(0, this.frozen + 1));
    let k = off[this.frozen]!;
    for (let i = 0; i < this.extra.length; i++) {
      k += this.extra[i]!.length;
      off[this.frozen + i + 1] = k;
    }
    this.text += this.extra.join('');
    this.off = off;
    this.frozen = n;
    this.extra = [];
  }
}
