import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Citation, View, ViewItem } from '../../src/briefing/views.js';
import { LIMITS, cutText, embedLength, pageCount, renderList, renderNotice, renderView } from '../../src/discord/render.js';
import { createFixtureEngine } from '../helpers/fixture-engine.js';
import { messageProblems } from '../helpers/discord-server.js';

const REF = { command: 'meetings', userId: '112233445566778899', viewKey: 'AbCdEf12' };

/** The server's checker reads the REST body (snake_case); the renderer returns camelCase allowedMentions. */
function problems(message: ReturnType<typeof renderView>): string[] {
  return messageProblems({ ...message, allowed_mentions: message.allowedMentions });
}

function view(partial: Partial<View>): View {
  return { kind: 'briefing', title: 'T', intro: null, sections: [], items: [], citations: [], empty: null, footer: null, ...partial };
}

describe('cutText', () => {
  it('keeps short text as it is', () => {
    expect(cutText('Vietnam and Japan.', 18)).toBe('Vietnam and Japan.');
  });

  it('cuts at a sentence boundary with an ellipsis', () => {
    const text = 'Leaders met in Lima on 16 November. They discussed defense and energy cooperation at length.';
    expect(cutText(text, 60)).toBe('Leaders met in Lima on 16 November. …');
  });

  it('cuts at a word boundary, never mid-word, keeping Vietnamese diacritics whole', () => {
    expect(cutText('Thủ tướng Phạm Minh Chính tiếp Bộ trưởng Quốc phòng Nhật Bản', 30)).toBe('Thủ tướng Phạm Minh Chính…');
    expect(cutText('Thủ tướng Phạm Minh Chính tiếp Bộ trưởng Quốc phòng Nhật Bản', 30)).not.toBe('Thủ tướng Phạm Minh Chính ti…');
  });

  it('cuts Japanese at 。 and never splits a surrogate pair', () => {
    expect(cutText('石破茂首相はリマで会談した。両首脳は防衛協力について協議した。', 20)).toBe('石破茂首相はリマで会談した。 …');
    const emoji = '😀'.repeat(10);
    const cut = cutText(emoji, 6);
    expect(cut).toBe('😀😀…');
    expect(cut.length).toBeLessThanOrEqual(6);
  });

  it('never exceeds the limit and only drops a suffix (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', ' ', '.', '\n', '石', '😀', 'ы', '\\', '*') , maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const cut = cutText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(cut).toBe(text);
        else {
          expect(cut.endsWith('…')).toBe(true);
          const kept = cut.replace(/ ?…$/u, '');
          expect(text.startsWith(kept)).toBe(true);
          const last = kept.charCodeAt(kept.length - 1);
          expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderView', () => {
  it('renders sections as fields and citations as a numbered Sources field with the quoted evidence tagged', () => {
    const citation: Citation = {
      n: 1, document: '002_460abb11f1e7dc2e', sentence: 1, lang: 'ru', title: 'Президент Вьетнама', outlet: 'VNA',
      published: '2024-11-16', link: 'https://example.org/a', quote: 'Утром 16 ноября состоялась встреча.',
    };
    const message = renderView(view({ title: 'Answer', sections: [{ heading: 'Facts', lines: ['They met in Lima. [1]'] }], citations: [citation] }));
    expect(message).toEqual({
      embeds: [{
        title: 'Answer',
        color: 0xda251d,
        fields: [
          { name: 'Facts', value: 'They met in Lima. [1]' },
          { name: 'Sources', value: '[1] [VNA](https://example.org/a) · 16 Nov 2024\n> [ru] “Утром 16 ноября состоялась встреча.”' },
        ],
      }],
      components: [],
      allowedMentions: { parse: [] },
    });
  });

  it('falls back to the document id when outlet and title are unknown, and omits a missing date and link', () => {
    const c: Citation = { n: 2, document: 'doc-7', sentence: 0, lang: 'th', title: null, outlet: null, published: null, link: null, quote: 'ไทย' };
    const field = renderView(view({ citations: [c] })).embeds[0]?.fields?.[0];
    expect(field).toEqual({ name: 'Sources', value: '[2] doc-7\n> [th] “ไทย”' });
  });

  it('shows the empty-state text when there is nothing to show', () => {
    expect(renderView(view({ title: 'Meetings', empty: 'No meeting matches these filters.' })).embeds[0]?.description).toBe(
      'No meeting matches these filters.',
    );
  });

  it('escapes markdown so corpus text cannot format or hide content', () => {
    const field = renderView(view({ sections: [{ heading: 'H', lines: ['**bold** and `code` ~~x~~'] }] })).embeds[0]?.fields?.[0];
    expect(field?.value).toBe('\\*\\*bold\\*\\* and \\`code\\` \\~\\~x\\~\\~');
  });

  it('splits an oversized view into pages with prev/next buttons instead of an invalid payload', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `Line ${i + 1}: ${'cooperation in semiconductors and energy '.repeat(3)}[1]`);
    const big = view({ title: 'x'.repeat(400), sections: [{ heading: 'Facts', lines }], footer: 'f' });
    const pages = pageCount(big);
    expect(pages).toBeGreaterThan(2);
    const first = renderView(big, 0, 'en', REF);
    expect(problems(first)).toEqual([]);
    expect(first.embeds[0]?.title?.length).toBeLessThanOrEqual(LIMITS.title);
    expect(first.components[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      'meetings:0:112233445566778899:AbCdEf12',
      'meetings:1:112233445566778899:AbCdEf12',
    ]);
    const all = Array.from({ length: pages }, (_, p) => renderView(big, p, 'en', REF));
    const shown = all.flatMap((m) => m.embeds[0]?.fields ?? []).map((f) => f.value).join('\n');
    for (const line of ['Line 1:', 'Line 60:', 'Line 120:']) expect(shown).toContain(line);
    expect(all.at(-1)?.embeds[0]?.footer?.text).toBe(`f · Page ${pages}/${pages}`);
  });

  it('localizes its own strings (Sources, page) for vi and ja, English for a locale without translation', () => {
    const c: Citation = { n: 1, document: 'd', sentence: 0, lang: 'ja', title: null, outlet: 'NHK', published: null, link: null, quote: '会談' };
    expect(renderView(view({ citations: [c] }), 0, 'vi').embeds[0]?.fields?.[0]?.name).toBe('Nguồn');
    expect(renderView(view({ citations: [c] }), 0, 'ja').embeds[0]?.fields?.[0]?.name).toBe('出典');
    expect(renderView(view({ citations: [c] }), 0, 'pt-BR').embeds[0]?.fields?.[0]?.name).toBe('Sources');
  });
});

describe('renderList', () => {
  it('pages a 16-meeting list 5 at a time with a select menu for the entries on the page', async () => {
    const list = await createFixtureEngine({ extraMeetings: 12 }).meetings({});
    expect(pageCount(list)).toBe(4);
    const page = renderList(list, 3, 'en', REF);
    expect(page.embeds[0]?.fields?.[0]?.name).toBe('16. 2022-12-12 · Bui Thanh Son – Ito Naoki');
    const select = page.components[1]?.components[0];
    expect(select && 'options' in select ? select.options.map((o) => o.value) : []).toEqual(['15']);
    expect(page.components[0]?.components.map((c) => ('disabled' in c ? c.disabled : null))).toEqual([false, true]);
    expect(problems(page)).toEqual([]);
  });

  it('attaches no components without a page reference (DMs)', () => {
    const items: ViewItem[] = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, label: `L${i}`, summary: 's', detail: view({}) }));
    expect(renderList(view({ items }), 0).components).toEqual([]);
  });
});

describe('renderNotice', () => {
  it('keeps content within 2000 characters and never mentions anyone', () => {
    const notice = renderNotice(`@everyone ${'word '.repeat(600)}`);
    expect(notice.content?.length).toBeLessThanOrEqual(2000);
    expect(notice.allowedMentions).toEqual({ parse: [] });
  });
});

const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max }),
    fc.string({ unit: fc.constantFrom('石', '破', '。', '😀', 'ư', ' ', '.', '\n', '_', '*', 'a'), maxLength: max }),
    fc.constant('x'.repeat(max)),
  );

const citationArb: fc.Arbitrary<Citation> = fc.record({
  n: fc.integer({ min: 1, max: 99 }),
  document: text(40),
  sentence: fc.nat(),
  quote: text(3000),
  lang: fc.constantFrom('ru', 'de', 'ja', 'vi', 'xx'),
  title: fc.option(text(300)),
  outlet: fc.option(text(300)),
  published: fc.option(fc.constant('2024-11-16')),
  link: fc.option(fc.webUrl()),
});

function viewArb(detail: fc.Arbitrary<View> | null): fc.Arbitrary<View> {
  return fc.record({
    kind: fc.constantFrom('briefing', 'meetings', 'answer', 'timeline'),
    title: text(600),
    intro: fc.option(text(6000)),
    sections: fc.array(fc.record({ heading: text(400), lines: fc.array(text(1500), { maxLength: 30 }) }), { maxLength: 30 }),
    items: detail
      ? fc.array(fc.record({ id: text(20), label: text(300), summary: text(2000), detail }), { maxLength: 40 })
      : fc.constant([]),
    citations: fc.array(citationArb, { maxLength: 40 }),
    empty: fc.option(text(5000)),
    footer: fc.option(text(3000)),
  }) as fc.Arbitrary<View>;
}
const anyView = viewArb(viewArb(null));

describe('renderView under any View (property)', () => {
  it('never produces a payload Discord would refuse, on any page, in any locale', () => {
    fc.assert(
      fc.property(anyView, fc.constantFrom('en', 'vi', 'ja'), (v, locale) => {
        const pages = pageCount(v, locale);
        expect(pages).toBeGreaterThanOrEqual(1);
        for (const p of [0, pages - 1, pages + 3]) {
          const message = renderView(v, p, locale, REF);
          expect(problems(message)).toEqual([]);
          for (const embed of message.embeds) expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
        }
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });
});

describe('renderList entries without markers of their own', () => {
  const cite = (n: number, lang: string, quote: string): Citation => ({
    n, document: `00${n}_doc`, sentence: n, quote, lang, title: null, outlet: 'ВИА', published: null, link: null,
  });
  const entry = (i: number, quotes: Citation[]): ViewItem => ({
    id: `m${i}`,
    label: `Meeting ${i}`,
    summary: `Summary of meeting ${i}.`,
    detail: view({ kind: 'meeting', sections: [{ heading: 'Summary', lines: [`Summary of meeting ${i}. ${quotes.map((q) => `[${q.n}]`).join('')}`] }], citations: quotes }),
  });

  it('cites each entry with its detail evidence, numbered per page, and does not repeat the sections above the list', () => {
    const list = view({
      kind: 'meetings',
      sections: [{ heading: 'Meetings', lines: ['Summary of meeting 1. [1]', 'Summary of meeting 2. [2]'] }],
      items: [entry(1, [cite(1, 'ru', 'Утром 16 ноября состоялась встреча.'), cite(2, 'ru', 'Исиба подчеркнул.'), cite(3, 'ru', 'Третья.')]), entry(2, [cite(1, 'fr', 'Le 6 août, réunion.')])],
      citations: [cite(1, 'ru', 'x'), cite(2, 'fr', 'y')],
    });
    const fields = renderList(list, 0, 'en', REF).embeds[0]?.fields ?? [];
    expect(fields).toEqual([
      { name: '1. Meeting 1', value: 'Summary of meeting 1. [1][2]' },
      { name: '2. Meeting 2', value: 'Summary of meeting 2. [3]' },
      // [1] and [3] cite the same article (001_doc): one line for both.
      { name: 'Sources', value: '[1, 3] ВИА\n> [ru] “Утром 16 ноября состоялась встреча.”\n[2] ВИА\n> [ru] “Исиба подчеркнул.”' },
    ]);
  });
});

describe('localized headings', () => {
  it('writes section headings in the user’s language when a translation exists, English otherwise', () => {
    const view = {
      kind: 'briefing' as const, title: 'Briefing', intro: null, items: [], citations: [], empty: null, footer: null,
      sections: [{ heading: 'Key figures', lines: ['USD 42.5 bn'] }],
    };
    const names = (locale: string) => renderView(view, 0, locale).embeds.flatMap((e) => (e.fields ?? []).map((f) => f.name));
    expect(names('vi')).toEqual(['Số liệu chính']);
    expect(names('ja')).toEqual(['主要な数字']);
    expect(names('de')).toEqual(['Key figures']);
  });
});

describe('renderView of a paged answer', () => {
  const citation = (n: number): Citation => ({
    n, document: `doc-${n}`, sentence: n, quote: `Quelle ${n}: ${'die beiden Seiten vereinbarten eine engere Zusammenarbeit '.repeat(4)}`,
    lang: 'de', title: `Article ${n}`, outlet: `Outlet ${n}`, published: '2025-03-01', link: `https://example.org/${n}`,
  });
  const lines = Array.from({ length: 8 }, (_, i) =>
    `${'Both sides agreed to deepen their cooperation in semiconductors, energy and training. '.repeat(9)}[${i + 1}]`);
  const answer = view({ kind: 'answer', title: 'Q', sections: [{ heading: '', lines }], citations: lines.map((_, i) => citation(i + 1)), footer: 'written by m' });

  it('shows on every page the sources of the citations its text carries, page 1 included', () => {
    const pages = pageCount(answer);
    expect(pages).toBeGreaterThan(1);
    for (let p = 0; p < pages; p++) {
      const message = renderView(answer, p, 'en', REF);
      expect(problems(message)).toEqual([]);
      const fields = message.embeds[0]?.fields ?? [];
      const text = fields.filter((f) => !f.name.startsWith('Sources')).map((f) => f.value).join('\n');
      const sources = fields.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n');
      const cited = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      // One line per article: '[1, 3] [Outlet 1](link) · date'.
      const listed = [...sources.matchAll(/^\[([\d, ]+)\] \[?Outlet/gm)].flatMap((m) => m[1]!.split(', ').map(Number));
      expect(cited.length).toBeGreaterThan(0);
      expect([...new Set(listed)].sort((a, b) => a - b)).toEqual([...new Set(cited)].sort((a, b) => a - b));
    }
  });
});
