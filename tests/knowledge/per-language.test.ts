/** Lexicons built per language on first use (src/knowledge/per-language.ts). */
import { describe, expect, it } from 'vitest';
import { perLanguage } from '../../src/knowledge/per-language.js';

describe('perLanguage', () => {
  it('builds a language once, when first asked for, and only the languages asked for', () => {
    const built: string[] = [];
    const lexicon = perLanguage({ de: ['Treffen'], ru: ['встреча'] }, (words, lang) => {
      built.push(lang);
      return new Set(words);
    });
    expect(built).toEqual([]);
    const de = lexicon('de');
    expect(de?.has('Treffen')).toBe(true);
    expect(lexicon('de')).toBe(de);
    expect(built).toEqual(['de']);
  });

  it('gives nothing for a language without data, an inherited key included', () => {
    const built: string[] = [];
    const lexicon = perLanguage({ de: 1 }, (n, lang) => {
      built.push(lang);
      return n;
    });
    expect(lexicon('xx')).toBeUndefined();
    expect(lexicon('constructor')).toBeUndefined();
    expect(lexicon('__proto__')).toBeUndefined();
    expect(built).toEqual([]);
  });
});
