/** orderBy (src/briefing/order.ts) gives what a comparator sort of the positions gives, packed or not. */
import { describe, expect, it } from 'vitest';
import { mergeAscending, orderBy } from '../../src/briefing/order.js';

/** A small deterministic generator (tests must not depend on Math.random). */
function numbers(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const byComparator = (n: number, columns: number[][]) =>
  Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (const c of columns) if (c[a] !== c[b]) return c[a]! - c[b]!;
    return a - b;
  });

describe('orderBy', () => {
  it('orders by each column in turn, ties by position, ascending and (negated) descending', () => {
    const weight = [2, 0, 2, 1, 0, 2];
    const day = [20251128, 20240101, 20251128, 0, 20240101, 20250000];
    expect([...orderBy(6, [weight, day.map((d) => -d)])]).toEqual([1, 4, 3, 0, 2, 5]);
    expect([...orderBy(0, [[]])]).toEqual([]);
    expect([...orderBy(3, [])]).toEqual([0, 1, 2]);
  });

  it('matches a comparator sort on many random lists with few and many distinct values, negatives and fractions', () => {
    const next = numbers(17);
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(next() * 3000);
      const columns = Array.from({ length: 1 + (round % 4) }, (_, c) => {
        const distinct = c === 0 ? 7 : Math.max(1, Math.floor(next() * (round % 2 ? 40 : 100_000)));
        return Array.from({ length: n }, () => Math.floor(next() * distinct) * (c === 2 ? -1.5 : 1));
      });
      expect([...orderBy(n, columns)], `round ${round}`).toEqual(byComparator(n, columns));
    }
  });

  it('ranks negative integers, -0 beside 0, and integers spread wider than the list alike (table or map)', () => {
    const next = numbers(29);
    for (let round = 0; round < 40; round++) {
      const n = 1 + Math.floor(next() * 2000);
      // Spans from a handful of values (ranked through a table) to far more than the list holds (through a map).
      const spread = [3, 50, 5 * n, 100 * n][round % 4]!;
      const columns = Array.from({ length: 2 }, () => Array.from({ length: n }, () => {
        const v = Math.floor(next() * spread) - Math.floor(spread / 2);
        return v === 0 && next() < 0.5 ? -0 : v;
      }));
      expect([...orderBy(n, columns)], `round ${round}`).toEqual(byComparator(n, columns));
    }
  });

  it("orders columns with as many distinct values as items (no packing limit), as a comparator does", () => {
    const next = numbers(5);
    const n = 5000;
    // Four columns of ~5,000 distinct values each: a rank per item in every column.
    const columns = Array.from({ length: 4 }, () => Array.from({ length: n }, () => Math.floor(next() * 1e9)));
    expect([...orderBy(n, columns)]).toEqual(byComparator(n, columns));
  });
});

describe('mergeAscending', () => {
  it('gives what a Set of every list, sorted, gives, and stops where the reader stops', () => {
    const next = numbers(41);
    for (let round = 0; round < 50; round++) {
      const lists = Array.from({ length: round % 6 }, () => {
        const n = Math.floor(next() * 40);
        return [...new Set(Array.from({ length: n }, () => Math.floor(next() * (round % 2 ? 30 : 500))))].sort((a, b) => a - b);
      });
      const expected = [...new Set(lists.flat())].sort((a, b) => a - b);
      expect([...mergeAscending(lists)], `round ${round}`).toEqual(expected);
      const firstFew: number[] = [];
      for (const x of mergeAscending(lists)) {
        if (firstFew.length >= 3) break;
        firstFew.push(x);
      }
      expect(firstFew).toEqual(expected.slice(0, 3));
    }
    expect([...mergeAscending([[1, 1, 2], [1, 2, 2, 3]])]).toEqual([1, 2, 3]);
  });
});
