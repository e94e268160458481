/**
 * The children of a trie node keyed by a number (a code point, a UTF-16 unit): two parallel lists searched linearly
 * while they are short — most nodes have one or two children, and a linear search of a few numbers beats a Map lookup
 * on the matchers' hot path (names, places) — and a Map once there are more.
 *
 * Leaves share one empty list and a list grows by one copy per child: with a Map and two growing lists per node, the
 * 125,000 nodes of the name and place tries took about 80 MB in every thread that extracts (the main thread and each
 * worker). A spread keeps 16 spare slots in each list (26 MB a thread); lists made by concat, at their exact size,
 * were tried and reverted: the smaller heap moved a full collection into a warm start's decoding (performance.md,
 * tenth stop).
 */
export interface Children<N> {
  /** The children by key once there are more than LINEAR_CHILDREN (the lists are then empty), else null. */
  next: Map<number, N> | null;
  keys: readonly number[];
  kids: readonly N[];
}

/** Up to this many children, a linear search of `keys` beats a Map lookup. */
const LINEAR_CHILDREN = 8;

/** A leaf's lists, `keys` and `kids` of a new node (never changed: addChild makes new ones). */
export const NONE: never[] = [];

/** The child for `key`, or undefined. */
export function childAt<N>(node: Children<N>, key: number): N | undefined {
  if (node.next !== null) return node.next.get(key);
  const keys = node.keys;
  const n = keys.length;
  for (let k = 0; k < n; k++) if (keys[k] === key) return node.kids[k];
  return undefined;
}

/** Adds `kid` under `key` (the caller checked there is none). */
export function addChild<N>(node: Children<N>, key: number, kid: N): void {
  if (node.next !== null) {
    node.next.set(key, kid);
    return;
  }
  if (node.keys.length < LINEAR_CHILDREN) {
    node.keys = [...node.keys, key];
    node.kids = [...node.kids, kid];
    return;
  }
  node.next = new Map(node.keys.map((k, i) => [k, node.kids[i]!]));
  node.next.set(key, kid);
  node.keys = NONE;
  node.kids = NONE;
}
