import { describe, it, expect } from 'vitest';
import { addChild, childAt, NONE, type Children } from '../../src/knowledge/trie-children.js';

interface Node extends Children<Node> {
  label: string;
}
const node = (label: string): Node => ({ next: null, keys: NONE, kids: NONE, label });

describe('trie children', () => {
  it('finds each child by key, in lists while few and in a map once many, and leaves share one empty list', () => {
    const parent = node('parent');
    const leaves: Node[] = [];
    for (let key = 0; key < 30; key++) {
      const kid = node(`kid ${key}`);
      addChild(parent, 1000 + key * 7, kid);
      leaves.push(kid);
      // Every child added so far is found, and nothing else.
      for (let k = 0; k <= key; k++) expect(childAt(parent, 1000 + k * 7)).toBe(leaves[k]);
      expect(childAt(parent, 999)).toBeUndefined();
      if (key < 8) {
        expect(parent.next).toBeNull();
        expect(parent.keys).toHaveLength(key + 1);
      } else expect(parent.next?.size).toBe(key + 1);
    }
    // The shared empty lists were never written to.
    expect(NONE).toEqual([]);
    expect(leaves.every((kid) => kid.keys === NONE && kid.kids === NONE && childAt(kid, 1000) === undefined)).toBe(true);
  });
});
