import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/briefing/views.js';
import { markerList, sourceLines, SOURCES_MAX } from '../../src/discord/sources.js';

const cite = (n: number, document: string, extra: Partial<Citation> = {}): Citation => ({
  n, document, sentence: n, quote: `Sentence ${n} of ${document}.`, lang: 'de', title: null, outlet: `Outlet ${document}`,
  published: '2025-11-30', link: `https://example.org/${document}`, ...extra,
});

describe('markerList', () => {
  it('collapses runs of three or more and lists pairs', () => {
    expect([markerList([1, 2, 3, 4, 7, 8, 14]), markerList([5]), markerList([2, 4])]).toEqual(['[1–4, 7, 8, 14]', '[5]', '[2, 4]']);
  });
});

describe('sourceLines', () => {
  it('gives one line per article with the markers it supports, the outlet linked, the date in the reader’s language', () => {
    const citations = [cite(1, 'a'), cite(2, 'b'), cite(3, 'a'), cite(4, 'a', { quote: 'Not shown: one quote an article.' })];
    expect(sourceLines(citations, 'en')).toEqual([
      '[1, 3, 4] [Outlet a](https://example.org/a) · 30 Nov 2025',
      '> [de] “Sentence 1 of a.”',
      '[2] [Outlet b](https://example.org/b) · 30 Nov 2025',
      '> [de] “Sentence 2 of b.”',
    ]);
    expect(sourceLines([cite(1, 'a')], 'vi')[0]).toBe('[1] [Outlet a](https://example.org/a) · 30 thg 11, 2025');
    expect(sourceLines([cite(1, 'a')], 'ja')[0]).toBe('[1] [Outlet a](https://example.org/a) · 2025年11月30日');
  });

  it('keeps a link that would break markdown or is not http(s) out of the link target, and escapes brackets in names', () => {
    expect(sourceLines([cite(1, 'a', { outlet: 'The [Daily]', link: 'https://example.org/a_(b)' })], 'en')[0]).toBe(
      '[1] [The \\[Daily\\]](https://example.org/a_%28b%29) · 30 Nov 2025',
    );
    expect(sourceLines([cite(1, 'a', { link: 'javascript:alert(1)', published: null })], 'en')[0]).toBe('[1] Outlet a');
  });

  it('stays within SOURCES_MAX: quotes go first, then articles, counted in a closing line', () => {
    const many = Array.from({ length: 40 }, (_, i) => cite(i + 1, `doc-${i + 1}`, { quote: 'x'.repeat(150) }));
    const lines = sourceLines(many, 'en');
    expect(lines.join('\n').length).toBeLessThanOrEqual(SOURCES_MAX);
    expect(lines.some((l) => l.startsWith('>'))).toBe(false);
    const shown = lines.filter((l) => l.startsWith('[')).length;
    expect(lines.at(-1)).toBe(`+ ${40 - shown} more sources: /sources lists them all.`);
    expect(shown).toBeGreaterThan(5);
    const few = sourceLines(many.slice(0, 6), 'en');
    expect(few.filter((l) => l.startsWith('>')).length).toBeGreaterThan(0);
    expect(few.join('\n').length).toBeLessThanOrEqual(SOURCES_MAX);
  });
});
