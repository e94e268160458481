import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonExact } from '../../src/knowledge-cache/json-exact.js';

describe('jsonExact', () => {
  it('accepts plain data, which JSON gives back with the same fields in the same order', () => {
    const exact: unknown[] = [
      'text', 0, 3.5, -2, true, null, [], {},
      { meetings: [{ date: { year: 2026, month: 12, day: null }, participants: [{ name: 'Ishiba Shigeru', role: null }] }], areas: ['energy'] },
      Object.assign(Object.create(null) as object, { a: 1 }),
      { surrogate: '\ud800 lone', nested: [[1, [2, [3]]]] },
    ];
    for (const value of exact) {
      expect(jsonExact(value)).toBe(true);
      const back = JSON.parse(JSON.stringify(value)) as unknown;
      // A null-prototype object comes back with Object's prototype; its fields are the same.
      expect(isDeepStrictEqual(back, value) || isDeepStrictEqual(back, { ...(value as object) })).toBe(true);
      if (typeof value === 'object' && value !== null) expect(Object.keys(back as object)).toEqual(Object.keys(value));
    }
  });

  it('refuses what JSON would drop or change, at any depth', () => {
    const holey = [1, 2, 3];
    delete holey[1];
    class Place {
      name = 'Hanoi';
    }
    const odd: unknown[] = [
      undefined, Number.NaN, Number.POSITIVE_INFINITY, -0, 10n, () => 1, Symbol('s'),
      { at: undefined }, [1, undefined], holey, { deep: [{ value: -0 }] }, { when: new Date(0) },
      { seen: new Map([['x', 1]]) }, new Place(), { list: new Uint8Array(2) },
    ];
    for (const value of odd) expect(jsonExact(value)).toBe(false);
  });
});
