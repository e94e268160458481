/**
 * No catastrophic backtracking and no broken invariant on hostile text: the cleaner, the sentence splitter, the date
 * parser, the people/places/country/occasion matchers and the renderer run on adversarial generators (long runs of
 * '.', ' ', digits, 'a'*10000 + '!', markup, mentions …) and must return, with their usual guarantees. The worst time
 * per call is printed for the report; tests never assert on time (a hang shows up as the test timeout).
 */
import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import type { View } from '../../src/briefing/views.js';
import { cleanLines } from '../../src/corpus/clean.js';
import { parseDocument } from '../../src/corpus/documents.js';
import { htmlToArticle } from '../../src/corpus/html.js';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../src/corpus/sentences.js';
import { renderView } from '../../src/discord/render.js';
import { findDates, yearHintsOf } from '../../src/knowledge/dates.js';
import { findPeople } from '../../src/knowledge/people.js';
import { findCountries, findOccasions, findPlaces } from '../../src/knowledge/places.js';
import { messageProblems } from '../helpers/discord-server.js';

const LANGS = ['en', 'vi', 'ja', 'zh', 'ru', 'fr', 'de', 'id', 'es', 'ko', 'th', 'it', 'ar', 'tl', 'pt', 'und'] as const;

/** Pieces regexes tend to choke on when repeated: separators, digits, abbreviations, date and name fragments. */
const UNITS = [
  '.', ' ', '1', '9', 'a', '\n', '-', '–', '…', '。', '、', ':', '/', '(', ')', '[', ']', '@', '*', '_', '|', '>', '#', '\\',
  'Mr. ', 'Dr.', 'z. B. ', '16 ', '2024.', '16.11.', '16/11/2024 ', 'ngày ', 'tháng 11 ', '年', '月', '日', 'de ', 'le ',
  'ноября ', 'Ishiba ', 'Phạm ', 'Minh ', 'Tokyo ', 'Hà Nội ', 'Nhật Bản ', '日本', 'ベトナム', 'APEC ', 'Summit ',
  '<@123>', '@everyone ', '**', '```', 'https://x.y/', '\u200b', '\u0301', '😀', 'ـ', 'ๆ',
];

/** Long repeats of one unit with an odd ending: the classic shape of a backtracking blow-up. */
const repeated = fc
  .tuple(fc.constantFrom(...UNITS), fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom('', '!', 'x', '.', ' ', '\n', '1', '年'))
  .map(([unit, n, tail]) => unit.repeat(Math.ceil(n / unit.length)) + tail);
/** Random mixes of the units, up to a few thousand characters. */
const mixed = fc.array(fc.constantFrom(...UNITS), { minLength: 0, maxLength: 2_000 }).map((parts) => parts.join(''));
const hostileText = fc.oneof({ weight: 2, arbitrary: repeated }, { weight: 2, arbitrary: mixed }, { weight: 1, arbitrary: fc.string({ maxLength: 500 }) });

/** Fixed worst cases, run once each on every function. */
const FIXED = [
  'a'.repeat(10_000) + '!',
  '.'.repeat(20_000),
  ' '.repeat(20_000) + 'x',
  '1'.repeat(20_000) + 'a',
  '1.'.repeat(10_000),
  '16 '.repeat(5_000) + 'ноября',
  'ngày 16 tháng '.repeat(2_000),
  'Mr. '.repeat(5_000),
  '('.repeat(10_000),
  '[a](b'.repeat(4_000),
  `${'\u0301'.repeat(10_000)}x`,
  `${'Ishiba Shigeru '.repeat(2_000)}.`,
  'a '.repeat(10_000) + '!',
  'Photo: '.repeat(3_000),
  `${'x'.repeat(300)}\n`.repeat(300),
];

const worst = new Map<string, { ms: number; chars: number }>();
function timed<T>(name: string, input: string, run: () => T): T {
  const started = performance.now();
  const out = run();
  const ms = performance.now() - started;
  const prev = worst.get(name);
  if (!prev || ms > prev.ms) worst.set(name, { ms, chars: input.length });
  return out;
}

afterAll(() => {
  const lines = [...worst.entries()].map(([name, w]) => `  ${name.padEnd(14)} worst ${w.ms.toFixed(1).padStart(7)} ms/call (input ${w.chars} chars)`);
  console.info(`[hardening] worst time per call on adversarial input:\n${lines.join('\n')}`);
});

const RUNS = { numRuns: 60, seed: 20251108 };

describe('cleanLines on hostile lines', () => {
  const check = (text: string) => {
    const input = text.split('\n');
    const { lines, dropped } = timed('cleanLines', text, () => cleanLines(input));
    // nothing invented: every kept line comes from an input line; every input line is kept or dropped (or blank)
    for (const line of lines) if (line !== '') expect(input.some((l) => l.includes(line) || l.replace(/\s+/g, ' ').includes(line))).toBe(true);
    expect(lines.filter((l) => l !== '').length + dropped.length).toBeLessThanOrEqual(input.filter((l) => l.trim() !== '').length);
  };
  it('returns on fixed worst cases', () => FIXED.forEach(check), 60_000);
  it('returns on generated hostile text', () => fc.assert(fc.property(hostileText, check), RUNS), 120_000);
});

describe('splitSentences on hostile text', () => {
  const check = (text: string, lang: string) => {
    const sentences = timed('splitSentences', text, () => splitSentences(text, lang));
    for (const s of sentences) expect(s.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    // no character is lost or invented (whitespace aside)
    expect(sentences.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  };
  it('returns bounded sentences on fixed worst cases in every language', () => {
    for (const text of FIXED) for (const lang of LANGS) check(text, lang);
  }, 120_000);
  it('returns bounded sentences on generated hostile text', () =>
    fc.assert(fc.property(hostileText, fc.constantFrom(...LANGS), check), RUNS), 120_000);
});

describe('findDates on hostile text', () => {
  const check = (text: string, lang: string) => {
    const anchor = { published: '2024-11-16', yearHints: timed('yearHintsOf', text, () => yearHintsOf(text)) };
    const dates = timed('findDates', text, () => findDates(text, lang, anchor));
    for (const d of dates) {
      expect(text.slice(d.start, d.end)).toBe(d.text);
      if (d.parts.month !== null) expect(d.parts.month).toBeGreaterThanOrEqual(1);
      if (d.parts.month !== null) expect(d.parts.month).toBeLessThanOrEqual(12);
      if (d.parts.day !== null) expect(d.parts.day).toBeLessThanOrEqual(31);
    }
  };
  it('returns well-formed mentions on fixed worst cases in every language', () => {
    for (const text of FIXED) for (const lang of LANGS) check(text, lang);
  }, 120_000);
  it('returns well-formed mentions on generated hostile text', () =>
    fc.assert(fc.property(hostileText, fc.constantFrom(...LANGS), check), RUNS), 120_000);
  it('still reads a real date right after the noise (not a timing-only test)', () => {
    const text = `${'1'.repeat(5_000)} Ngày 16/11/2024, hai bên hội đàm.`;
    expect(findDates(text, 'vi', { published: null, yearHints: [] }).map((d) => d.parts)).toContainEqual({ year: 2024, month: 11, day: 16 });
  });
});

describe('people, places, countries and occasions on hostile text', () => {
  const check = (text: string, lang: string) => {
    for (const m of timed('findPeople', text, () => findPeople(text, lang))) expect(m.start).toBeLessThanOrEqual(m.end);
    for (const m of timed('findPlaces', text, () => findPlaces(text, lang))) expect(text.slice(m.start, m.end)).toBe(m.text);
    for (const m of timed('findCountries', text, () => findCountries(text, lang))) expect(text.slice(m.start, m.end)).toBe(m.text);
    timed('findOccasions', text, () => findOccasions(text, lang));
  };
  it('return well-formed mentions on fixed worst cases in every language', () => {
    for (const text of FIXED) for (const lang of LANGS) check(text, lang);
  }, 120_000);
  it('return well-formed mentions on generated hostile text', () =>
    fc.assert(fc.property(hostileText, fc.constantFrom(...LANGS), check), RUNS), 120_000);
});

describe('parseDocument (the whole corpus pipeline) on hostile files', () => {
  it('returns a document or a named warning, never throws', () =>
    fc.assert(
      fc.property(hostileText, fc.constantFrom('a.txt', 'a.md', 'a.html'), (text, file) => {
        const result = timed('parseDocument', text, () => parseDocument(file, new TextEncoder().encode(text)));
        if ('warning' in result) expect(result.warning.file).toBe(file);
        else for (const s of result.document.sentences) expect(s.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      }),
      { ...RUNS, numRuns: 30 },
    ), 180_000);
});

describe('htmlToArticle on hostile markup', () => {
  const PAGES = [
    '<body '.repeat(100_000),
    '<head'.repeat(100_000),
    '<title>'.repeat(50_000),
    '<html <body '.repeat(50_000) + '<p>Text.</p>',
    `${'<div>'.repeat(20_000)}Deep text.`,
    `<!doctype ${'x'.repeat(100_000)}`,
    `<p>${'a'.repeat(10_000)}!</p>`,
  ];
  it('returns the text on every page, without a <html> or <body> or closing tag', () => {
    for (const page of PAGES) {
      const article = timed('htmlToArticle', page, () => htmlToArticle(page));
      expect(typeof article.text).toBe('string');
    }
    expect(htmlToArticle(PAGES[4]!).text).toBe('Deep text.');
    expect(htmlToArticle(PAGES[6]!).text).toBe(`${'a'.repeat(10_000)}!`);
  }, 120_000);
});

describe('renderView on hostile views', () => {
  const text = fc.oneof(hostileText, fc.string({ maxLength: 50 }));
  const citation = fc.record({
    n: fc.integer({ min: 1, max: 60 }), document: text, sentence: fc.nat(), quote: text, lang: fc.constantFrom(...LANGS),
    title: fc.option(text), outlet: fc.option(text), published: fc.option(text), link: fc.option(fc.webUrl()),
  });
  const leaf = fc.record({
    kind: fc.constantFrom('briefing', 'answer', 'source', 'digest', 'notice' as const),
    title: text,
    intro: fc.option(text),
    sections: fc.array(fc.record({ heading: text, lines: fc.array(text, { maxLength: 30 }) }), { maxLength: 30 }),
    items: fc.constant([]),
    citations: fc.array(citation, { maxLength: 40 }),
    empty: fc.option(text),
    footer: fc.option(text),
  }) as fc.Arbitrary<View>;
  const view = fc.oneof(
    leaf,
    fc.record({ base: leaf, items: fc.array(fc.record({ id: text, label: text, summary: text, detail: leaf }), { minLength: 1, maxLength: 40 }) }).map(
      ({ base, items }): View => ({ ...base, kind: 'meetings', items }),
    ),
  );
  it('never produces a message Discord would refuse, on any page', () =>
    fc.assert(
      fc.property(view, fc.integer({ min: -2, max: 50 }), fc.constantFrom('en', 'vi', 'ja', 'xx'), (v, page, locale) => {
        const message = timed('renderView', JSON.stringify(v), () =>
          renderView(v, page, locale, { command: 'meetings', userId: '123456789012345678', viewKey: 'k'.repeat(20) }),
        );
        expect(messageProblems({ ...message, allowed_mentions: message.allowedMentions })).toEqual([]);
      }),
      { ...RUNS, numRuns: 40 },
    ), 180_000);
});
