import { describe, it, expect } from 'vitest';
import { findPeople } from '../../src/knowledge/people.js';

describe('appositive names before a title (title-names.ts)', () => {
  // 'Name, Title': the name is read only when a comma and white space alone stand between it and the title.
  it('reads "Name, Governor" and not a name without its comma', () => {
    const named = (text: string): string[] => findPeople(text, 'en').filter((p) => p.role === 'Governor').map((p) => p.written);
    expect(named('They welcomed Yamada Taro, Governor of Nara prefecture, at noon.')).toEqual(['Yamada Taro']);
    expect(named('They welcomed Yamada Taro,   Governor of Nara prefecture, at noon.')).toEqual(['Yamada Taro']);
    expect(named('They welcomed Yamada Taro and the Governor of Nara prefecture at noon.')).not.toContain('Yamada Taro');
  });
});
