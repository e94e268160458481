import { describe, it, expect } from 'vitest';
import { analyze, tokenize } from '../../src/search/analyze.js';
import { buildSearchIndex } from '../../src/search/search-index.js';
import { makeDocument } from './seed-documents.js';

describe('tokenize / analyze: the table-driven scan', () => {
  it('cuts runs as Unicode letters, numbers and marks after NFKC, whatever the plane', () => {
    // A ligature unfolds, a fraction and a circled digit become lone digits (dropped), an astral Han character is
    // a gram on its own, an emoji is no word.
    expect(tokenize('ﬁnance ½ ① 2024年 x𠀋y 😀ab')).toEqual([
      { text: 'finance', kind: 'word' },
      { text: '2024', kind: 'number' },
      { text: '年', kind: 'gram' },
      { text: '𠀋', kind: 'gram' },
      { text: 'ab', kind: 'word' },
    ]);
    // A combining accent composes; "l'" and "7" are too short; "été" is a French stopword.
    expect(analyze("Cafe\u0301 NAÏVE l'été 7 42", 'fr')).toEqual(['caf', 'naiv', '42']);
    expect(analyze('한국어abc', 'ko')).toEqual(['한국', '국어', 'abc']);
  });

  it('cuts a mixed run where its script changes, a mark and the prolonged-sound sign staying with what they follow', () => {
    // Katakana with ー, Latin, Han (one astral), Hangul, Thai, and Latin after a Thai vowel mark: one run each.
    expect(tokenize('データbase漢𠮷字한국ภาษาไทยabc').map((t) => t.text)).toEqual([
      'デー', 'ータ', 'base', '漢𠮷', '𠮷字', '한국', 'ภาษา', 'ไทย', 'abc',
    ]);
    // A combining mark after a Han character is no script change (NFKC keeps it combining).
    expect(tokenize('日\u0301本a').map((t) => t.text)).toEqual(['日\u0301', '\u0301本']);
  });
});

describe('SearchIndex.add: the word → term cache', () => {
  it('indexes the terms analyze() gives, per language, even when far more words than cache slots collide', () => {
    // The same made-up words in German and English documents (stemmed differently), 50,000 distinct words in all.
    const words = Array.from({ length: 50_000 }, (_, i) => `wort${i.toString(36)}ungen`);
    const docs = Array.from({ length: 200 }, (_, d) => {
      const lines = Array.from({ length: 10 }, (_, s) =>
        Array.from({ length: 30 }, (_, w) => words[(d * 251 + s * 31 + w * 7919) % words.length]!).join(' '));
      return makeDocument(`c-${d}`, d % 2 ? 'de' : 'en', `${lines.join('.\n')}.`);
    });
    const index = buildSearchIndex(docs);
    const terms = new Set<string>();
    let postings = 0;
    for (const doc of docs) {
      for (const s of doc.sentences) {
        const distinct = new Set(analyze(s.text, doc.lang));
        distinct.forEach((t) => terms.add(t));
        postings += distinct.size;
      }
    }
    expect(index.stats()).toMatchObject({ terms: terms.size, postings });
    // German stems and English stems of the same word are both there.
    expect(analyze(words[0]!, 'de')).not.toEqual(analyze(words[0]!, 'en'));
    expect(index.search(words[7919]!, { documentLangs: ['de'] }).length).toBeGreaterThan(0);
    expect(index.search(words[7919]!, { documentLangs: ['en'] }).length).toBeGreaterThan(0);
  });
});
