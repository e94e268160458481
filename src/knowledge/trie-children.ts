/**
 * The children of a trie node keyed by a number (a code point, a UTF-16 unit): a Map, plus the same children as two
 * parallel lists searched linearly while they are short — most nodes have one or two children, and a linear search
 * of a few numbers beats a Map lookup on the matchers' hot path (names, places).
 */
export interface Children<N> {
  next: Map<number, N>;
  keys: number[];
  kids: N[];
}

/** Up to this many children, a linear search of `keys` beats a Map lookup. */
const LINEAR_CHILDREN = 8;

/** The child for `key`, or undefined. */
export function childAt<N>(node: Children<N>, key: number): N | undefined {
  const keys = node.keys;
  const n = keys.length;
  if (n > LINEAR_CHILDREN) return node.next.get(key);
  for (let k = 0; k < n; k++) if (keys[k] === key) return node.kids[k];
  return undefined;
}

/** Adds `kid` under `key` (the caller checked there is none). */
export function addChild<N>(node: Children<N>, key: number, kid: N): void {
  node.next.set(key, kid);
  node.keys.push(key);
  node.kids.push(kid);
}
