/** partitionPoint (src/knowledge/partition-point.ts): where a sorted list stops holding the items before a key. */
import { describe, expect, it } from 'vitest';
import { partitionPoint } from '../../src/knowledge/partition-point.js';

describe('partitionPoint', () => {
  it('gives the first position not before the key: the insertion point, before equal items', () => {
    const list = ['a', 'c', 'c', 'e'];
    expect(partitionPoint(list, (x) => x < 'c')).toBe(1);
    expect(partitionPoint(list, (x) => x <= 'c')).toBe(3);
    expect(partitionPoint(list, (x) => x < 'b')).toBe(1);
    expect(partitionPoint(list, (x) => x < 'a')).toBe(0);
    expect(partitionPoint(list, (x) => x < 'z')).toBe(4);
    expect(partitionPoint([] as string[], () => true)).toBe(0);
  });
});
