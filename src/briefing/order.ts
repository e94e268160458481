/**
 * Large lists in a numeric order without a comparator: a JavaScript comparator sort of 700,000 statements costs most
 * of a second. Each key column is replaced by the rank of its value among the column's distinct values (a corpus has
 * few distinct days, weights or sentence numbers: only those are sorted), then the positions are counting-sorted by
 * each column's ranks, last column first (a stable LSD radix sort): linear in the list.
 */

/**
 * Each value's rank among the column's distinct values (ascending), and how many distinct values there are.
 * Integers within a span a few times the list's length (days, weights, sentence numbers) are ranked through a
 * table indexed by value, without a Map: a 700,000-statement ranking's columns are all like that.
 */
function ranksOf(column: ArrayLike<number>): { ranks: Uint32Array; distinct: number } {
  const n = column.length;
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const value = column[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
    if (integers && !Number.isInteger(value)) integers = false;
  }
  if (n > 0 && integers && max - min <= 4 * n + 1024) return ranksInSpan(column, min, max - min + 1);
  const idOf = new Map<number, number>();
  const ranks = new Uint32Array(n);
  // Lists often come in runs of one value (a document's statements share its day): a run is looked up once.
  let last = NaN;
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    const value = column[i]!;
    if (value !== last) {
      let id = idOf.get(value);
      if (id === undefined) idOf.set(value, (id = idOf.size));
      last = value;
      lastId = id;
    }
    ranks[i] = lastId;
  }
  const values = Float64Array.from(idOf.keys()).sort();
  const rankOfId = new Uint32Array(values.length);
  for (let r = 0; r < values.length; r++) rankOfId[idOf.get(values[r]!)!] = r;
  for (let i = 0; i < n; i++) ranks[i] = rankOfId[ranks[i]!]!;
  return { ranks, distinct: values.length };
}

/** ranksOf for integers from `min` within `span` values: each value's rank read from a table (-0 is 0). */
function ranksInSpan(column: ArrayLike<number>, min: number, span: number): { ranks: Uint32Array; distinct: number } {
  const n = column.length;
  // 1 + the rank of each value present, 0 for a value absent.
  const rankOfValue = new Uint32Array(span);
  for (let i = 0; i < n; i++) rankOfValue[column[i]! - min] = 1;
  let distinct = 0;
  for (let v = 0; v < span; v++) if (rankOfValue[v]) rankOfValue[v] = ++distinct;
  const ranks = new Uint32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = rankOfValue[column[i]! - min]! - 1;
  return { ranks, distinct };
}

/**
 * Positions 0 … n − 1 ordered by `columns` (each ascending, the first deciding first; negate a column for descending
 * order), ties by position: what `positions.sort((a, b) => c0[a] - c0[b] || … || a - b)` gives. Values must be numbers
 * other than NaN (-0 and 0 are one value).
 */
export function orderBy(n: number, columns: readonly ArrayLike<number>[]): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  for (let c = columns.length - 1; c >= 0; c--) {
    const { ranks, distinct } = ranksOf(columns[c]!);
    if (distinct <= 1) continue;
    // Where each rank's run starts, then every position placed in its run, in the order it comes (stable).
    const starts = new Uint32Array(distinct + 1);
    for (let i = 0; i < n; i++) starts[ranks[i]! + 1]!++;
    for (let r = 1; r <= distinct; r++) starts[r]! += starts[r - 1]!;
    for (let i = 0; i < n; i++) {
      const at = order[i]!;
      next[starts[ranks[at]!]!++] = at;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * The numbers of `lists` (each ascending) in ascending order, each once, read lazily: what
 * `[...new Set(lists.flat())].sort((a, b) => a - b)` gives, without reading past what the caller takes (a much-quoted
 * person's statements are tens of thousands of positions, and an answer wants the first few).
 */
export function* mergeAscending(lists: readonly (readonly number[])[]): Generator<number> {
  if (lists.length === 1) {
    let last = -Infinity;
    for (const x of lists[0]!) if (x !== last) yield (last = x);
    return;
  }
  const at = new Array<number>(lists.length).fill(0);
  let last = -Infinity;
  for (;;) {
    let min = Infinity;
    let from = -1;
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k]!;
      // Past what was given already (the same number in several lists).
      while (at[k]! < list.length && list[at[k]!]! <= last) at[k]!++;
      if (at[k]! < list.length && list[at[k]!]! < min) {
        min = list[at[k]!]!;
        from = k;
      }
    }
    if (from < 0) return;
    at[from]!++;
    yield (last = min);
  }
}
