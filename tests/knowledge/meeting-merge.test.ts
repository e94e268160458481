/**
 * When two reports are one meeting (mergeReason, sameMeeting), and foldReports, which merges a meeting's reports in one pass, with what absorbing them one by one gives (the assembler refolds a
 * meeting of thousands of reports when one joins out of file order), and tells why each joined.
 */
import { describe, expect, it } from 'vitest';
import { absorb, foldReports, mayJoinUndated, mergeReason, sameMeeting, type DocumentMeeting } from '../../src/knowledge/meetings.js';
import type { MeetingKind, Participant } from '../../src/knowledge/types.js';

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE: Participant[] = [
  { name: 'Anna Berg', role: 'minister', country: 'Vietnam', personId: null },
  { name: 'Berg Anna', role: null, country: 'Vietnam', personId: null },
  { name: 'Carl Dorn', role: 'president', country: 'Japan', personId: null },
  { name: 'Eva Falk', role: null, country: 'Japan', personId: 'Q1' },
  { name: 'Gus Hale', role: 'envoy', country: 'Vietnam', personId: 'Q2' },
];
const KINDS: MeetingKind[] = ['visit', 'talks', 'call', 'reception', 'other'];

function reportsOf(seed: number): DocumentMeeting[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const maybe = <T>(value: T): T | null => (next() < 0.5 ? value : null);
  return Array.from({ length: 2 + Math.floor(next() * 12) }, (_, i) => ({
    document: `d${i}`,
    kind: pick(KINDS),
    participants: Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(PEOPLE)),
    date: maybe({ year: 2024, month: maybe(1 + Math.floor(next() * 2)), day: maybe(1 + Math.floor(next() * 3)) }),
    place: maybe(pick(['Hanoi', 'Tokyo'])),
    country: maybe(pick(['Vietnam', 'Japan'])),
    occasion: maybe({ series: pick(['apec', 'g7']), label: 'a summit', year: maybe(2024) }),
    sentences: Array.from({ length: 1 + Math.floor(next() * 3) }, () => Math.floor(next() * 6)),
  }));
}

describe('foldReports', () => {
  it('gives what absorbing the reports one by one gives, and the reason each joined the merge of those before it', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const reports = reportsOf(seed);
      const reasons: (string | null)[] = [];
      const folded = foldReports(reports, (i, reason) => (reasons[i] = reason));
      let stepwise = reports[0]!;
      const expected: (string | null)[] = [];
      for (let i = 1; i < reports.length; i++) {
        expected[i] = mergeReason(stepwise, reports[i]!, true);
        stepwise = absorb(stepwise, reports[i]!);
      }
      expect(folded, `seed ${seed}`).toEqual(stepwise);
      expect(JSON.stringify(folded), `seed ${seed}`).toBe(JSON.stringify(stepwise));
      expect(reasons, `seed ${seed}`).toEqual(expected);
    }
  });

  it('keeps the first report when alone, and its participants list when nobody is added; never changes a report', () => {
    const [a, b] = reportsOf(7);
    expect(foldReports([a!])).toBe(a);
    const same = { ...b!, participants: [a!.participants[0]!] };
    const before = JSON.stringify([a, same]);
    const merged = foldReports([a!, same]);
    expect(merged.participants).toBe(a!.participants);
    expect(JSON.stringify([a, same])).toBe(before);
  });

  it('takes the most specific date, the first known place and every sentence once, in order', () => {
    const base: DocumentMeeting = {
      document: 'x', kind: 'visit', participants: [PEOPLE[0]!], date: { year: 2024, month: null, day: null },
      place: null, country: null, occasion: null, sentences: [3, 1],
    };
    const merged = foldReports([
      base,
      { ...base, kind: 'talks', participants: [PEOPLE[2]!], date: { year: 2024, month: 5, day: null }, place: 'Tokyo', sentences: [1, 4] },
      { ...base, participants: [PEOPLE[3]!], date: { year: 2024, month: 5, day: 9 }, place: 'Osaka', sentences: [0] },
      { ...base, date: { year: 2024, month: 6, day: 1 }, sentences: [4] },
    ]);
    expect(merged.kind).toBe('talks');
    expect(merged.participants.map((p) => p.name)).toEqual(['Anna Berg', 'Carl Dorn', 'Eva Falk']);
    expect(merged.date).toEqual({ year: 2024, month: 5, day: 9 });
    expect(merged.place).toBe('Tokyo');
    expect(merged.sentences).toEqual([3, 1, 4, 0]);
  });

  it('lets a visit report make a one-person meeting a visit, never a meeting of two', () => {
    const one: DocumentMeeting = {
      document: 'x', kind: 'other', participants: [PEOPLE[0]!], date: null, place: null, country: null, occasion: null, sentences: [0],
    };
    const visit: DocumentMeeting = { ...one, kind: 'visit' };
    expect(foldReports([one, visit]).kind).toBe('visit');
    expect(foldReports([{ ...one, participants: [PEOPLE[0]!, PEOPLE[2]!] }, visit]).kind).toBe('other');
    // Counted before the report joins: the visitor's host arriving with it does not undo the visit.
    expect(foldReports([one, { ...visit, participants: [PEOPLE[2]!] }]).kind).toBe('visit');
  });
});

describe('mergeReason', () => {
  const [vn, vnSame, jp, jp2, vn2] = PEOPLE;
  const report = (over: Partial<DocumentMeeting>): DocumentMeeting => ({
    document: 'x', kind: 'talks', participants: [vn!, jp!], date: { year: 2024, month: 5, day: 9 }, place: null, country: null,
    occasion: null, sentences: [0], ...over,
  });

  it('needs one participant of each side when both reports are two-sided, one in common otherwise', () => {
    expect(mergeReason(report({}), report({ participants: [vnSame!, jp!] }), true)).toBe('same participants on 2024-05-09');
    expect(mergeReason(report({}), report({ participants: [vn!, jp2!] }), true)).toBeNull();
    expect(mergeReason(report({}), report({ participants: [vn2!, jp!] }), true)).toBeNull();
    expect(mergeReason(report({}), report({ kind: 'visit', participants: [jp!] }), true)).toBe('same participants on 2024-05-09');
    expect(mergeReason(report({}), report({ participants: [vn2!, jp2!] }), true)).toBeNull();
  });

  it('keeps calls apart from meetings in person, and dates, places and summits that contradict', () => {
    expect(mergeReason(report({}), report({ kind: 'call' }), true)).toBeNull();
    expect(mergeReason(report({}), report({ date: { year: 2024, month: 5, day: 10 } }), true)).toBeNull();
    expect(mergeReason(report({}), report({ date: { year: 2024, month: 5, day: null } }), true)).toBe('same participants, compatible dates (2024-05-09, 2024-05)');
    expect(mergeReason(report({ place: 'Hanoi', country: 'Vietnam' }), report({ place: 'Hue', country: 'Vietnam' }), true)).toBeNull();
    expect(mergeReason(report({ place: 'Hanoi', country: 'Vietnam' }), report({ place: 'Hue', country: 'Vietnam' }))).toBe('same participants on 2024-05-09');
    const apec = { series: 'apec', label: 'APEC', year: 2024 };
    expect(mergeReason(report({ occasion: apec }), report({ occasion: { ...apec, series: 'g7' } }), true)).toBeNull();
    // The same summit of the same year, whatever day each source gives.
    expect(mergeReason(report({ occasion: apec }), report({ occasion: apec, date: { year: 2024, month: 5, day: 11 } }), true)).toBe('same participants at APEC 2024');
  });

  it('joins an undated report across articles only at the same summit or in the same city', () => {
    const undated = report({ date: null });
    expect(mergeReason(undated, report({ date: null }))).toBe('same participants in one article');
    expect(mergeReason(undated, report({ date: null }), true)).toBeNull();
    expect(mergeReason(report({ date: null, place: 'Tokyo' }), report({ date: null, place: 'Tokyo' }), true)).toBe('same participants in Tokyo');
    const forum = { series: 'forum', label: 'the forum', year: null };
    expect(mergeReason(report({ date: null, occasion: forum }), report({ occasion: forum }), true)).toBe('same participants at the forum');
  });

  it('joins a report naming no summit or city to no meeting of another article without a year on one side', () => {
    // The assembler skips such candidates on the strength of this (mayJoinUndated).
    let checked = 0;
    for (let seed = 1; seed <= 100; seed++) {
      for (const a of reportsOf(seed)) for (const b of reportsOf(seed + 1000)) {
        const dated = a.date?.year != null && b.date?.year != null;
        const sameSummit = a.occasion?.year != null && a.occasion.year === b.occasion?.year;
        if (mayJoinUndated(b) || dated || sameSummit) continue;
        checked++;
        expect(mergeReason(a, b, true)).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(mayJoinUndated(report({ place: 'Tokyo' }))).toBe(true);
    expect(mayJoinUndated(report({ occasion: { series: 'apec', label: 'APEC', year: null } }))).toBe(true);
    expect(mayJoinUndated(report({}))).toBe(false);
  });

  it('says two reports are one meeting exactly when it gives a reason', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const reports = reportsOf(seed);
      for (const a of reports) for (const b of reports) for (const across of [false, true]) {
        expect(sameMeeting(a, b, across)).toBe(mergeReason(a, b, across) !== null);
      }
    }
  });
});
