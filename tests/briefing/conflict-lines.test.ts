import { describe, it, expect } from 'vitest';
import { conflictLines, parseConflict } from '../../src/briefing/conflict-lines.js';

const CONFLICTS = ['place: Hanoi (a-vi, b-en) vs Tokyo (c-ja)', 'date: 2024-11-16 (a-en) vs 2024-11-17 (b-vi)'];

describe('a meeting\'s disagreements', () => {
  it('read back into their parts', () => {
    expect(parseConflict(CONFLICTS[0]!)).toEqual({
      field: 'place', values: [{ value: 'Hanoi', documents: ['a-vi', 'b-en'] }, { value: 'Tokyo', documents: ['c-ja'] }],
    });
    expect(parseConflict('something else')).toBeNull();
  });

  it('read in English exactly as the extraction wrote them', () => {
    expect(conflictLines(CONFLICTS, 'en')).toEqual(CONFLICTS);
  });

  it('are written in Vietnamese and Japanese, with places and dates in the language', () => {
    expect(conflictLines(CONFLICTS, 'vi')).toEqual([
      'địa điểm: Hà Nội (a-vi, b-en) so với Tokyo (c-ja)',
      'ngày: 16 thg 11, 2024 (a-en) so với 17 thg 11, 2024 (b-vi)',
    ]);
    expect(conflictLines(CONFLICTS, 'ja')).toEqual([
      '場所：ハノイ（a-vi、b-en） 対 東京（c-ja）',
      '日付：2024年11月16日（a-en） 対 2024年11月17日（b-vi）',
    ]);
  });

  it('keep a line of another shape as it is', () => {
    expect(conflictLines(['kind: talks vs call'], 'ja')).toEqual(['kind: talks vs call']);
  });
});
