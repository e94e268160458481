import { beforeAll, describe, expect, it } from 'vitest';
import { withSentences } from '../../src/corpus/documents.js';
import { loadApp, type App } from '../../src/app.js';
import { resolveArea } from '../../src/briefing/engine.js';
import { formatFigure, formatHumanDate, meetingSummary } from '../../src/briefing/compose.js';
import type { View } from '../../src/briefing/views.js';

let app: App;
beforeAll(async () => {
  app = await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 });
});

/** Every [n] marker in the view's text points at a citation, and every citation quotes a real sentence. */
function expectCitationsValid(view: View): void {
  const text = [view.intro ?? '', ...view.sections.flatMap((s) => s.lines)].join('\n');
  const markers = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  expect(markers.length).toBeGreaterThan(0);
  for (const n of markers) expect(view.citations[n - 1]?.n).toBe(n);
  const sentences = new Map(app.documents.flatMap((d) => withSentences(d, app.sentences).sentences.map((s) => [`${d.id}#${s.index}`, s.text])));
  for (const c of view.citations) {
    // A long sentence is quoted by its clauses around the answer: each kept piece is the sentence's own text.
    const sentence = sentences.get(`${c.document}#${c.sentence}`) ?? '';
    expect(c.quote.length).toBeLessThanOrEqual(200);
    for (const piece of c.quote.split('…').filter(Boolean)) expect(sentence).toContain(piece);
  }
}

describe('createEngine on the seeds', () => {
  it('/meetings with:Исиба lists the Lima meeting, quoting the Russian source', async () => {
    const view = await app.engine.meetings({ with: 'Исиба' });
    const lima = view.items.find((i) => i.summary.includes('Lima'));
    expect(lima?.summary).toBe(
      '16 Nov 2024, Lima, Peru (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru — politics & diplomacy, defence & security, economy & trade, climate & green transformation, digital transformation, semiconductors and 5 more.',
    );
    expect(lima?.detail.citations[0]).toMatchObject({ lang: 'ru', document: '002_460abb11f1e7dc2e' });
    expectCitationsValid(view);
  });

  it('filters meetings by year and place, and says so when nothing matches', async () => {
    const y2023 = await app.engine.meetings({ year: 2023 });
    expect(y2023.items.map((i) => i.label)).toEqual(['27 Nov 2023 · Vo Van Thuong – Kishida Fumio']);
    const none = await app.engine.meetings({ place: 'Reykjavik' });
    expect(none).toMatchObject({ items: [], empty: 'No meeting found at Reykjavik.' });
  });

  it('/cooperation semiconductors quotes sources in four languages', async () => {
    const view = await app.engine.cooperation('semiconductors');
    expect(view.title).toBe('Cooperation: Semiconductors');
    expect(new Set(view.citations.map((c) => c.lang))).toEqual(new Set(['de', 'ru', 'fr', 'id']));
    expect(view.sections[0]).toEqual({
      heading: 'What the sides said or agreed',
      lines: expect.arrayContaining(['Luong Cuong called on Japan to cooperate on semiconductors and education & training [4].']),
    });
    expectCitationsValid(view);
  });

  it('/cooperation names the known areas when the area is unknown', async () => {
    const view = await app.engine.cooperation('basket weaving');
    expect(view.empty).toMatch(/^Unknown area “basket weaving”\. Known areas: politics-diplomacy, /);
  });

  it('/briefing shows latest meetings, active areas, key figures and what is next, all cited', async () => {
    const view = await app.engine.briefing();
    expect(view.sections.map((s) => s.heading)).toEqual(['Latest meetings', 'Most active cooperation areas', 'Key figures', 'Scheduled next', 'What the sides said']);
    expect(view.sections[3]!.lines[0]).toMatch(/^Scheduled meeting \(Dec 2025, Tokyo\) \[\d+\]$/);
    expect(view.intro).toBe('10 meetings from 5 articles in 4 languages. Newest article 30 Nov 2025.');
    // A forecast, a lower bound and a target are never shown as measured facts.
    expect(view.sections[2]!.lines.map((l) => l.replace(/ \[\d+\]$/, ''))).toEqual(expect.arrayContaining([
      'Bilateral trade: expected to exceed USD 50 bn', 'Bilateral trade: USD 42.5 bn (2025-01/2025-10)',
      'Loan: more than USD 300 m under consideration', 'Doctoral students: target of 500 people (by 2030)',
    ]));
    expect(view.sections[4]!.lines).toContain('Vietnam and Japan agreed to cooperate on politics & diplomacy [8].');
    expectCitationsValid(view);
  });

  it('/timeline runs oldest first within the range', async () => {
    const view = await app.engine.timeline({ from: '2024', to: '2024-12' });
    const lines = view.sections[0]!.lines;
    expect(lines[0]).toMatch(/^6 Aug 2024/);
    expect(lines.at(-1)).toMatch(/^Dec 2024, Japan: Chairman of the National Assembly Tran Thanh Man visited Japan/);
  });

  it('/ask answers an English question from passages in other languages, with citations', async () => {
    const view = await app.engine.ask('semiconductor training for Vietnamese students?');
    expect(view.sections.map((s) => s.heading)).toContain('From the sources');
    expect(view.citations.some((c) => c.lang !== 'en')).toBe(true);
    expectCitationsValid(view);
  });

  it('/sources lists every document with its language, link and sentence count', async () => {
    const view = await app.engine.sources();
    const lines = view.sections[0]!.lines;
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('001_597852ecc2bc7647'))).toContain('https://nhandan.vn/');
    const one = await app.engine.sources('003');
    expect(one.intro).toBe('003_86fea495d9a89ce1 · fr · vietnamnet.vn · 6 Aug 2024');
  });

  it('autocompletes people across scripts and areas by label', () => {
    expect(app.engine.suggest('person', 'Исиба')[0]).toEqual({ name: 'Ishiba Shigeru', value: 'Ishiba Shigeru' });
    expect(app.engine.suggest('person', 'ishi')[0]?.name).toBe('Ishiba Shigeru');
    expect(app.engine.suggest('area', 'semi')).toEqual([{ name: 'Semiconductors', value: 'semiconductors' }]);
    expect(app.engine.suggest('person', 'x'.repeat(300)).length).toBe(0);
  });
});

describe('compose', () => {
  it('formats dates at their precision and never invents one', () => {
    expect(['2024-11-16', '2024-11', '2024', null].map(formatHumanDate)).toEqual(['16 Nov 2024', 'Nov 2024', '2024', 'date unknown']);
  });

  it('formats money in the scale a briefing reads', () => {
    const figure = { value: 42.5e9, unit: 'USD', measure: 'bilateral trade', period: null, text: '', evidence: { document: 'x', sentence: 1, text: '', lang: 'de' } };
    expect(formatFigure(figure)).toBe('USD 42.5 bn');
    expect(formatFigure({ ...figure, value: 11, unit: '%' })).toBe('11 %');
  });

  it('writes a one-person visit as a visit', () => {
    const line = meetingSummary({
      id: 'x', date: '2025-04', place: null, country: 'Vietnam', occasion: null, kind: 'visit', areas: [],
      participants: [{ name: 'Ishiba Shigeru', role: 'Prime Minister', country: 'JP', personId: 'ishiba-shigeru' }],
      sources: [], reports: [], conflicts: [],
    });
    expect(line).toBe('Apr 2025, Vietnam: Prime Minister Ishiba Shigeru visited Vietnam.');
  });
});

describe('resolveArea', () => {
  it('accepts ids, labels and prefixes, and rejects the rest', () => {
    expect(['oda-finance', 'Semiconductors', 'semi', 'defence', 'nonsense'].map(resolveArea))
      .toEqual(['oda-finance', 'semiconductors', 'semiconductors', 'defense-security', null]);
  });
});
