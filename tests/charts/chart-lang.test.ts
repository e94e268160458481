import { describe, expect, it } from 'vitest';
import type { Knowledge, Meeting, Participant } from '../../src/knowledge/types.js';
import { createCharts } from '../../src/charts/charts.js';
import { pngOf } from '../../src/charts/png.js';
import { CHART_KEYS, chartLang, keysOf, ct, type ChartLang } from '../../src/charts/strings.js';
import { fontFamilyFor } from '../../src/charts/svg.js';
import strings from '../../src/charts/data/strings.json' with { type: 'json' };
import { decodePng, inkedPixels } from '../helpers/png.js';
import { personOrCountryIn } from '../../src/briefing/names.js';

const placeholders = (text: unknown) => (typeof text === 'string' ? [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort() : []);

describe('chart strings', () => {
  it('has every English key in Vietnamese and Japanese, with the same placeholders and nothing empty', () => {
    for (const lang of ['vi', 'ja'] as const) {
      expect(keysOf(lang).sort()).toEqual([...CHART_KEYS].sort());
      const table = strings[lang] as Record<string, unknown>;
      for (const key of CHART_KEYS) {
        expect(placeholders(table[key]), `${lang}.${key}`).toEqual(placeholders((strings.en as Record<string, unknown>)[key]));
        expect(String(table[key]).trim(), `${lang}.${key}`).not.toBe('');
      }
      expect(table.months).toHaveLength(12);
    }
  });

  it('takes the language from a Discord locale: vi and ja by their base, anything else English', () => {
    expect(['vi', 'ja', 'en-US', 'pt-BR', 'ja-JP', null].map(chartLang)).toEqual(['vi', 'ja', 'en', 'en', 'ja', 'en']);
  });
});

/** A one-line SVG of `content` in the chart font of `lang`. */
const line = (content: string, lang: ChartLang) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" font-family="${fontFamilyFor(lang)}" font-size="18"><rect width="400" height="40" fill="#fff"/><text x="8" y="28">${content}</text></svg>`;

describe('glyphs', () => {
  it('draws Japanese with the Japanese font, not as the boxes of missing glyphs DejaVu alone gives', async () => {
    const words = '日本の会談';
    // A code point no font has, set without the Japanese font: what a missing glyph looks like, five boxes.
    const tofu = (await pngOf(line('\u{10FFFD}'.repeat(5), 'ja'), { japanese: false })).png;
    const without = (await pngOf(line(words, 'ja'), { japanese: false })).png;
    const withFont = (await pngOf(line(words, 'ja'), { japanese: true })).png;
    expect(without.equals(tofu)).toBe(true);
    expect(withFont.equals(tofu)).toBe(false);
    expect(inkedPixels(decodePng(withFont))).toBeGreaterThan(inkedPixels(decodePng(tofu)));
  });

  it('draws the stacked Vietnamese diacritics with DejaVu (more ink than the same letters bare)', async () => {
    const marked = decodePng((await pngOf(line('Lãnh đạo ặ ẫ ồ ữ', 'vi'))).png);
    const bare = decodePng((await pngOf(line('Lanh dao a a o u', 'vi'))).png);
    expect(inkedPixels(marked)).toBeGreaterThan(inkedPixels(bare) + 60);
  });
});

const person = (name: string, role: string, country: string, personId: string | null = null): Participant => ({ name, role, country, personId });
const meeting = (id: string, date: string, participants: Participant[]): Meeting =>
  ({ id, date, place: null, country: null, occasion: null, kind: 'talks', participants, areas: [], sources: [], reports: [], conflicts: [] });
const PM = person('Pham Minh Chinh', 'Prime Minister', 'VN', 'pham-minh-chinh');
const KNOWLEDGE: Knowledge = {
  meetings: [
    meeting('a', '2024-11-16', [PM, person('Ishiba Shigeru', 'Prime Minister', 'JP', 'ishiba-shigeru')]),
    meeting('b', '2024-12-02', [PM, person('Iwaya Takeshi', 'Minister of Foreign Affairs', 'JP')]),
    meeting('c', '2025-01-20', [PM, person('Iwaya Takeshi', 'Minister of Foreign Affairs', 'JP')]),
  ],
  plans: [],
  documents: [{ id: 'd1', file: 'd1.txt', lang: 'en', title: null, outlet: null, published: '2024-11-17', source: null, sentences: 3, warnings: [], areas: ['semiconductors'] }],
  areas: [],
  figures: [],
};

describe('charts in the reader\'s language', () => {
  it('sets the title, legend, periods, line of numbers and alt text of each chart in Japanese and Vietnamese', async () => {
    const charts = createCharts(() => KNOWLEDGE, { areaLabel: (label, lang) => (lang === 'ja' && label === 'Semiconductors' ? '半導体' : label) });
    const ja = (await charts.timeline({}, 'ja'))!;
    expect(ja.summary).toBe('会談3件（2024年11月〜2025年1月、月ごと）: 首脳 3、閣僚 0、議会 0、その他 0；予定0件；最多は2024年11月（1件）。');
    expect(ja.alt).toMatch(/^ベトナム・日本の会談を月ごとに数えた棒グラフ/);
    const vi = (await charts.meetings({ with: 'Pham Minh Chinh' }, 'vi'))!;
    expect(vi.summary).toBe('Pham Minh Chinh: 3 cuộc gặp với 2 người: Iwaya Takeshi 2, Ishiba Shigeru 1.');
    expect(vi.alt).toMatch(/^Biểu đồ thanh ngang những người Pham Minh Chinh đã gặp/);
    const area = (await charts.cooperation('semiconductors', 'ja'))!;
    expect(area.summary).toBe('記事が多い分野: 半導体 1；2024年11月、月ごと；半導体: 記事1件、最多は2024年11月（1件）。');
    // The data behind the image keeps its English labels.
    expect((area.data as { rows: Array<{ label: string }> }).rows[0]!.label).toBe('Semiconductors');
  });

  it('names the subject and the counterparts of the /meetings chart in the reader\'s language, with the data in English', async () => {
    const charts = createCharts(() => KNOWLEDGE, { nameLabel: personOrCountryIn });
    const vi = (await charts.meetings({ with: 'Vietnam' }, 'vi'))!;
    expect(vi.alt).toMatch(/^Biểu đồ thanh ngang những người Việt Nam đã gặp/);
    expect(vi.summary).toBe('Việt Nam: 3 cuộc gặp với 2 người: Iwaya Takeshi 2, Ishiba Shigeru 1.');
    const ja = (await charts.meetings({ with: 'Vietnam' }, 'ja'))!;
    expect(ja.alt).toContain('ベトナム');
    expect(ja.summary).toBe('ベトナム: 2人と会談3件: 岩屋毅 2、石破茂 1。');
    expect((ja.data as { subject: string }).subject).toBe('Vietnam');
    expect(ct('vi', 'counterpartsTitle', { subject: personOrCountryIn('Vietnam', 'vi') })).toBe('Việt Nam đã gặp những ai');
    expect(ct('ja', 'counterpartsTitle', { subject: personOrCountryIn('Vietnam', 'ja') })).toBe('ベトナムの会談相手');
    const en = (await charts.meetings({ with: 'Vietnam' }, 'en'))!;
    expect(en.summary).toBe('Vietnam: 3 meetings with 2 counterparts: Iwaya Takeshi 2, Ishiba Shigeru 1.');
  });

  it('draws a Japanese chart differently from the same chart with the glyphs missing', async () => {
    const ja = (await createCharts(() => KNOWLEDGE).meetings({ with: 'Pham Minh Chinh' }, 'ja'))!;
    const en = (await createCharts(() => KNOWLEDGE).meetings({ with: 'Pham Minh Chinh' }, 'en'))!;
    expect(decodePng(ja.png).width).toBe(decodePng(en.png).width);
    expect(inkedPixels(decodePng(ja.png))).not.toBe(inkedPixels(decodePng(en.png)));
  });
});
