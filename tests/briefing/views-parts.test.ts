import { describe, it, expect } from 'vitest';
import { plural, trimQuote } from '../../src/briefing/text.js';
import { areasNamedIn, resolveArea } from '../../src/briefing/area-lookup.js';
import { byKnownDate, meetingWhen } from '../../src/briefing/meeting-dates.js';
import { figureLine } from '../../src/briefing/figure-lines.js';
import { domainOf } from '../../src/briefing/citations.js';
import type { Figure, Meeting } from '../../src/knowledge/types.js';

const meeting = (id: string, date: string | null, extra: Partial<Meeting> = {}): Meeting => ({
  id, date, place: null, country: null, occasion: null, kind: 'talks', areas: [], sources: [], reports: [], conflicts: [],
  participants: [
    { name: 'Takaichi Sanae', role: 'Prime Minister', country: 'JP', personId: 'takaichi-sanae' },
    { name: 'Pham Minh Chinh', role: 'Prime Minister', country: 'VN', personId: 'pham-minh-chinh' },
  ],
  ...extra,
});

describe('plural', () => {
  it('uses English plural rules', () => {
    expect([0, 1, 2, 1500].map((n) => plural(n, 'meeting'))).toEqual(['0 meetings', '1 meeting', '2 meetings', '1,500 meetings']);
    expect(plural(1, 'article')).toBe('1 article');
  });
});

describe('trimQuote', () => {
  const long = 'Im Bereich der Halbleitertechnik strebt Vietnam die Ausbildung von fünfhundert Doktoranden bis zum Jahr 2030 an, so das Ministerium; Japan hat angekündigt, etwa die Hälfte davon im Rahmen gemeinsamer Forschungsprogramme aufzunehmen, heißt es weiter.';
  it('keeps a short sentence whole', () => {
    expect(trimQuote('Chinh called for cooperation.', 5)).toBe('Chinh called for cooperation.');
  });
  it('cuts a long sentence only at clause marks, around the clause that answers', () => {
    const q = trimQuote(long, long.indexOf('angekündigt'));
    expect(q).toBe('…so das Ministerium; Japan hat angekündigt, etwa die Hälfte davon im Rahmen gemeinsamer Forschungsprogramme aufzunehmen, heißt es weiter.');
    expect(q.length).toBeLessThanOrEqual(200);
  });
});

describe('resolveArea', () => {
  it('matches whole words and aliases: AI is science & innovation, never "training"', () => {
    expect(resolveArea('AI')).toBe('science-innovation');
    expect(resolveArea('training')).toBe('education-training');
    expect(resolveArea('bán dẫn')).toBe('semiconductors');
    expect(resolveArea('半導体')).toBe('semiconductors');
    expect(resolveArea('ai')).toBe('science-innovation');
    expect(resolveArea('rain')).toBeNull();
  });
  it('finds every area a question names, a longer alias first', () => {
    expect(areasNamedIn('technology transfer and semiconductor training')).toEqual(['semiconductors', 'technology-transfer', 'education-training']);
  });
});

describe('meeting dates', () => {
  it('narrows a year-only date by the terms of office and never sorts it as 1 January', () => {
    const ranged = meeting('a', '2025', { reports: [{ document: 'd', lang: 'de', outlet: null, published: '2025-11-30', date: '2025', place: null }] });
    expect(meetingWhen(ranged)).toBe('Oct–Nov 2025');
    const april = meeting('b', '2025-04', { participants: [{ name: 'Ishiba Shigeru', role: 'Prime Minister', country: 'JP', personId: 'ishiba-shigeru' }] });
    const undated = meeting('c', null);
    const { dated, undated: apart } = byKnownDate([april, undated, ranged]);
    expect(dated.map((m) => m.id)).toEqual(['a', 'b']);
    expect(apart.map((m) => m.id)).toEqual(['c']);
  });
});

describe('figureLine', () => {
  const figure = (text: string, lang: string, value: number, unit: string | null, measure: string): Figure => ({
    value, unit, measure, period: null, text, evidence: { document: 'x', sentence: 1, text: '', lang },
  });
  it('shows forecasts, lower bounds, targets and sums under consideration as such, in five languages', () => {
    expect(figureLine(figure('50 Milliarden US-Dollar', 'de', 50e9, 'USD', 'bilateral trade'), 'Es wird mit einem Umsatz von über 50 Milliarden US-Dollar gerechnet.'))
      .toBe('Bilateral trade: expected to exceed USD 50 bn');
    expect(figureLine(figure('USD 300 million', 'en', 300e6, 'USD', 'loan'), 'JICA is considering a loan of more than USD 300 million.'))
      .toBe('Loan: more than USD 300 m under consideration');
    expect(figureLine(figure('1,4 triệu', 'vi', 1.4e6, 'people', 'visitors'), 'Dự kiến 1,4 triệu lượt khách trong năm 2025.'))
      .toBe('Visitors: expected to reach 1.4 m people');
    expect(figureLine(figure('500', 'fr', 500, 'people', 'doctoral students'), "L'objectif est de former 500 docteurs d'ici 2030."))
      .toBe('Doctoral students: target of 500 people');
    expect(figureLine(figure('42,5', 'ru', 42.5e9, 'USD', 'bilateral trade'), 'Товарооборот составил 42,5 млрд долларов.'))
      .toBe('Bilateral trade: USD 42.5 bn');
  });
});

describe('domainOf', () => {
  it('names a source by its domain', () => {
    expect(domainOf('https://www.nhandan.vn/a/b?c=1')).toBe('nhandan.vn');
    expect(domainOf(null)).toBeNull();
  });
});

describe('plans as of now', () => {
  it('moves a past plan, and one whose people left the office, out of "Scheduled next"', async () => {
    const { createEngine } = await import('../../src/briefing/engine.js');
    const plan = (id: string, date: string, person: { name: string; id: string }) => ({
      id, date, place: 'Tokyo', country: 'Japan', kind: 'visit' as const, summary: '',
      participants: [{ name: person.name, role: 'Prime Minister', country: 'JP', personId: person.id }],
      sources: [{ document: 'd', sentence: 1, text: 'A visit is planned.', lang: 'en' }],
    });
    const knowledge = {
      documents: [{ id: 'd', file: 'd.txt', lang: 'en', title: 'T', outlet: 'Example News', published: '2025-11-30', source: null, sentences: 1, warnings: [], areas: [] }],
      meetings: [], areas: [], figures: [],
      plans: [
        plan('old', '2025-09', { name: 'Ishiba Shigeru', id: 'ishiba-shigeru' }),
        plan('left', '2026-03', { name: 'Ishiba Shigeru', id: 'ishiba-shigeru' }),
        plan('ahead', '2026-03', { name: 'Takaichi Sanae', id: 'takaichi-sanae' }),
      ],
    };
    const engine = createEngine(knowledge, [], { now: () => new Date('2025-12-01T00:00:00Z'), sentenceText: () => 'A visit is planned.' });
    const view = await engine.briefing();
    expect(view.intro).toBe('0 meetings from 1 article in 1 language. As of 1 Dec 2025 · newest article 30 Nov 2025.');
    expect(view.sections.find((s) => s.heading === 'Scheduled next')?.lines).toEqual(['Planned visit — Prime Minister Takaichi Sanae (Mar 2026, Tokyo) [1]']);
    expect(view.sections.find((s) => s.heading === 'Planned, no report since')?.lines).toHaveLength(2);
  });
});
