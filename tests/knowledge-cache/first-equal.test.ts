import { describe, it, expect } from 'vitest';
import { firstEqual } from '../../src/knowledge-cache/first-equal.js';

type Person = { name: string; role: string };
const sameRole = (a: Person, b: Person) => a.role === b.role;

describe('firstEqual', () => {
  it('gives the first equal object of the same group, and the object itself when none', () => {
    const find = firstEqual<Person>((p) => p.name, sameRole);
    const a = { name: 'An', role: 'minister' };
    expect(find(a)).toBe(a);
    expect(find({ name: 'An', role: 'minister' })).toBe(a);
    const b = { name: 'Bo', role: 'minister' };
    expect(find(b)).toBe(b);
    const c = { name: 'An', role: 'president' };
    expect(find(c)).toBe(c);
  });

  it('keeps at most `perGroup` objects a group and forgets every group past `groups`', () => {
    const find = firstEqual<Person>((p) => p.name, sameRole, { groups: 2, perGroup: 1 });
    const a = { name: 'An', role: 'minister' };
    find(a);
    // Not kept (the group is full): the next equal one is not it.
    const extra = { name: 'An', role: 'president' };
    expect(find(extra)).toBe(extra);
    expect(find({ name: 'An', role: 'president' })).not.toBe(extra);
    expect(find({ name: 'An', role: 'minister' })).toBe(a);
    find({ name: 'Bo', role: 'minister' });
    // A third group: the two before are dropped, so An's minister is met as new.
    find({ name: 'Cu', role: 'minister' });
    const again = { name: 'An', role: 'minister' };
    expect(find(again)).toBe(again);
  });
});
