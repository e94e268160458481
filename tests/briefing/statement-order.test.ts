/** The order statements are shown in, sorted once per corpus state and picked from (statement-lines.ts). */
import { describe, expect, it } from 'vitest';
import type { Statement, StatementAct } from '../../src/knowledge/types.js';
import { firstDistinct, notableStatements, statementOrder } from '../../src/briefing/statement-lines.js';
import { firstInOrder } from '../../src/briefing/text.js';

const said = (act: StatementAct, document: string, sentence: number, text: string, areas: Statement['areas'] = []): Statement => ({
  actor: { name: 'Someone', country: 'VN', personId: null, role: null }, act, addressee: null, areas, object: null, meeting: null,
  evidence: { document, sentence, text: '', lang: 'en' }, text,
});

const published: Record<string, string> = { old: '2023-05-01', new: '2025-11-28', mid: '2024-02-10' };
const day = (d: string) => published[d] ?? null;

describe('statement order', () => {
  const all = [
    said('thanked', 'new', 1, 'A thanked B.'),
    said('agreed', 'old', 4, 'The sides agreed on energy.', ['energy']),
    said('agreed', 'new', 7, 'The sides agreed on labour.', ['labor']),
    said('agreed', 'new', 2, 'The sides agreed on energy.', ['energy']),
    said('pledged', 'mid', 3, 'Japan pledged loans.', ['oda-finance']),
    said('agreed', 'nodate', 1, 'The sides agreed on culture.'),
  ];

  it('puts substance before courtesy, then the newest article, then the earlier sentence; undated articles last', () => {
    expect(statementOrder(all, day).map((s) => `${s.act}:${s.evidence.document}:${s.evidence.sentence}`)).toEqual([
      'agreed:new:2', 'agreed:new:7', 'agreed:old:4', 'agreed:nodate:1', 'pledged:mid:3', 'thanked:new:1',
    ]);
  });

  it('shows one sentence once and picks from the sorted list what a filter keeps, as filtering first would', () => {
    const ordered = statementOrder(all, day);
    expect(firstDistinct(ordered, 10).map((s) => s.text)).toEqual([
      'The sides agreed on energy.', 'The sides agreed on labour.', 'The sides agreed on culture.', 'Japan pledged loans.', 'A thanked B.',
    ]);
    const energy = (s: Statement) => s.areas.includes('energy');
    expect(firstDistinct(ordered, 3, energy)).toEqual(notableStatements(all.filter(energy), 3, day));
    expect(firstDistinct(ordered, 2).length).toBe(2);
  });
});

describe('firstInOrder', () => {
  it('gives what a stable sort and a slice give, ties in their first order', () => {
    // A fixed pseudo-random sequence with many ties.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 13;
    const items = Array.from({ length: 500 }, (_, i) => ({ key: next(), i }));
    const order = (a: { key: number }, b: { key: number }) => b.key - a.key;
    for (const max of [0, 1, 5, 40, 600]) expect(firstInOrder(items, max, order)).toEqual([...items].sort(order).slice(0, max));
  });
});
