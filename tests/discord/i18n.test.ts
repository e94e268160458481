import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { View } from '../../src/briefing/views.js';
import { hasTranslation, heading, resolveLocale, t } from '../../src/discord/i18n.js';
import { plain, renderView } from '../../src/discord/render.js';

/** Keys every plain object answers through its prototype. */
const BUILT_INS = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf', 'toLocaleString'];

function sectionView(headings: string[]): View {
  return {
    kind: 'notice', title: 'Headings', intro: null, items: [], citations: [], empty: null, footer: null,
    sections: headings.map((h) => ({ heading: h, lines: ['one line'] })),
  };
}

describe('lookups keyed by data', () => {
  it('translate a heading only when the strings have it, whatever the heading is called', () => {
    for (const name of BUILT_INS) {
      expect(heading('en', name)).toBe(name);
      expect(heading('vi', name)).toBe(name);
      expect(hasTranslation('en', name)).toBe(false);
    }
    expect(heading('vi', 'Key figures')).toBe('Số liệu chính');
  });

  it('take a locale named like a built-in for English', () => {
    for (const name of BUILT_INS) expect(resolveLocale(name)).toBe('en');
    expect(t('constructor', 'stream.writing')).toBe('Writing…');
    expect(t('en', 'dm.cooldown', { toString: 'x' } as Record<string, string>)).toContain('{seconds}');
  });

  it('render any section heading as itself (a property over built-in names and other text)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...BUILT_INS), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '')), { minLength: 1, maxLength: 5 }), (headings) => {
        const names = (renderView(sectionView(headings), 0, 'vi').embeds[0]?.fields ?? []).map((f) => f.name);
        const expected = headings.map((h) => plain(h)).filter((h) => h.trim() !== '');
        for (const h of expected) expect(names.some((n) => n.startsWith(h.slice(0, 200)) || h.startsWith(n.replace(/…$/, '')))).toBe(true);
      }),
    );
    expect(renderView(sectionView(['toString']), 0, 'vi').embeds[0]?.fields?.[0]?.name).toBe('toString');
  });
});
