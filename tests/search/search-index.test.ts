import { describe, it, expect } from 'vitest';
import { buildSearchIndex, searchIndexFromBinary, type SearchHit } from '../../src/search/search-index.js';
import { passagesOf } from '../../src/search/passages.js';
import type { Document } from '../../src/corpus/types.js';
import { makeDocument, seedDocuments } from './seed-documents.js';

/** A stand-in for the knowledge layer: concept → word stems that name it, in several languages. */
const TRIGGERS: Record<string, string[]> = {
  'area:semiconductors': ['halbleiter', 'полупроводник', 'semi-conducteur', 'semikonduktor', 'semiconductor', 'chip', 'puces'],
  'area:education-training': ['ausbildung', 'personalentwicklung', 'подготовк', 'pelatihan', 'training', 'doktorand'],
  'area:defense-security': ['verteidigung', 'обороны', 'défense', 'pertahanan', 'defense', 'defence'],
  'person:kihara-minoru': ['kihara', '木原'],
};
const conceptsOfText = (text: string): string[] => {
  const lower = text.toLowerCase();
  return Object.entries(TRIGGERS)
    .filter(([, words]) => words.some((w) => new RegExp(`(^|[^\\p{L}])${w}`, 'u').test(lower)))
    .map(([concept]) => concept);
};

const docs = seedDocuments();
const byId = new Map(docs.map((d) => [d.id, d]));
const langOf = (hit: SearchHit) => byId.get(hit.document)!.lang;
const textOf = (hit: SearchHit) => byId.get(hit.document)!.sentences[hit.sentence - 1]!.text;
const withConcepts = () =>
  buildSearchIndex(docs, (doc, i) => conceptsOfText(doc.sentences[i - 1]!.text), { queryConcepts: conceptsOfText });

describe('buildSearchIndex: cross-lingual retrieval through concepts', () => {
  const index = withConcepts();

  it('finds the Russian and German semiconductor-training sentences for an English question', () => {
    const hits = index.search('semiconductor training', { limit: 3 });
    const texts = hits.map(textOf);
    expect(texts.some((t) => t.includes('подготовке кадров для полупроводниковой'))).toBe(true);
    expect(texts.some((t) => t.includes('Ausbildung von 500 Doktoranden'))).toBe(true);
  });

  it('answers "what did they agree on chips?" from de, ru, fr and id passages', () => {
    const hits = index.search('what did they agree on chips?', { limit: 8 });
    expect(new Set(hits.map(langOf))).toEqual(new Set(['de', 'ru', 'fr', 'id']));
  });

  it('finds the French account of defense minister Kihara first', () => {
    const hits = index.search('defense minister Kihara', { limit: 3 });
    expect(hits.map(langOf)).toEqual(['fr', 'fr', 'fr']);
    expect(textOf(hits[0]!)).toContain('ministre japonais de la Défense Kihara Minoru');
  });

  it('does not find Russian passages for "chips" without the concept layer (no shared word)', () => {
    const plain = buildSearchIndex(docs);
    const hits = plain.search('chips', { limit: 8 });
    expect(hits.map(langOf)).not.toContain('ru');
    expect(hits.map(textOf).some((t) => t.includes('Halbleiterchip'))).toBe(false);
  });

  it('keeps at most perDocument sentences from one article and honours documentLangs', () => {
    const hits = index.search('Halbleiter semikonduktor', { limit: 8, perDocument: 1 });
    expect(new Set(hits.map((h) => h.document)).size).toBe(hits.length);
    const onlyId = index.search('semiconductor', { limit: 8, documentLangs: ['id'] });
    expect(onlyId.map(langOf)).toEqual(['id']);
    expect(textOf(onlyId[0]!)).toContain('semikonduktor');
  });
});

describe('buildSearchIndex: analysis', () => {
  const extra: Document[] = [
    makeDocument('vi-1', 'vi', 'Thủ tướng Phạm Minh Chính đã tiếp Bộ trưởng Quốc phòng Nhật Bản.'),
    makeDocument('ja-1', 'ja', '石破茂首相はハノイを訪問した。'),
    makeDocument('th-1', 'th', 'ญี่ปุ่นและเวียดนามตกลงกัน'),
    makeDocument('sw-1', 'sw', 'Mawaziri walikutana mjini Hanoi kujadili ushirikiano.'),
  ];
  const index = buildSearchIndex([...docs, ...extra]);

  it('folds diacritics both ways: "Pham Minh Chinh" finds "Phạm Minh Chính" and "Phạm" finds "Pham"', () => {
    expect(index.search('Pham Minh Chinh', { documentLangs: ['vi'] })).toEqual([
      { document: 'vi-1', sentence: 1, score: expect.any(Number) },
    ]);
    const hits = index.search('Phạm Minh Chính', { documentLangs: ['fr'], limit: 1 });
    expect(textOf(hits[0]!)).toContain('Pham Minh Chinh');
  });

  it('stems per language: "Halbleitern" meets "Halbleiter", but a bare prefix does not match', () => {
    const hits = index.search('Halbleitern', { limit: 8 });
    expect(hits.map(textOf).some((t) => /Halbleiter\b/.test(t))).toBe(true);
    expect(index.search('Halblei')).toEqual([]);
    expect(index.search('Lim')).toEqual([]);
  });

  it('segments Japanese and Thai, and finds Cyrillic names', () => {
    expect(index.search('石破').map((h) => h.document)).toEqual(['ja-1']);
    expect(index.search('ハノイ').map((h) => h.document)).toEqual(['ja-1']);
    expect(index.search('เวียดนาม').map((h) => h.document)).toEqual(['th-1']);
    expect(index.search('Лима', { limit: 1 }).map(langOf)).toEqual(['ru']);
  });

  it('indexes a language with no stemmer or stopwords as plain words, and answers nothing for unknown words', () => {
    expect(index.search('ushirikiano').map((h) => h.document)).toEqual(['sw-1']);
    expect(index.search('zzyzx qqq')).toEqual([]);
    expect(index.search('')).toEqual([]);
    expect(index.search('the of and')).toEqual([]);
  });
});

describe('SearchIndex: live corpus', () => {
  it('adds, replaces and removes documents', () => {
    const index = buildSearchIndex(seedDocuments());
    expect(index.search('Quokka')).toEqual([]);
    index.add(makeDocument('new-1', 'en', 'A quokka delegation visited Hanoi.'));
    expect(index.search('quokkas')).toEqual([{ document: 'new-1', sentence: 1, score: expect.any(Number) }]);
    index.add(makeDocument('new-1', 'en', 'The wombat delegation visited Hanoi.'));
    expect(index.search('quokka')).toEqual([]);
    expect(index.search('wombat').map((h) => h.document)).toEqual(['new-1']);
    expect(index.remove('new-1')).toBe(true);
    expect(index.remove('new-1')).toBe(false);
    expect(index.search('wombat')).toEqual([]);
    expect(index.stats().documents).toBe(5);
  });

  it('returns the same ranking after removals force a compaction', () => {
    const seeds = seedDocuments();
    const reference = buildSearchIndex(seeds.slice(0, 2));
    const index = buildSearchIndex(seeds);
    for (const d of seeds.slice(2)) index.remove(d.id);
    const ranking = (hits: SearchHit[]) => hits.map((h) => `${h.document}:${h.sentence}`);
    for (const q of ['Halbleiter Ausbildung', 'Ito Naoki', 'Kuala Lumpur', 'Pham Minh Chinh Kihara']) {
      expect(ranking(index.search(q))).toEqual(ranking(reference.search(q)));
    }
    expect(index.stats()).toMatchObject({ documents: 2, sentences: reference.stats().sentences });
  });
});

describe('toBinary / searchIndexFromBinary', () => {
  it('round-trips to identical results and stays writable', () => {
    const index = withConcepts();
    index.remove('004_80fd675a9a6137d2');
    const copy = searchIndexFromBinary(index.toBinary(), undefined, { queryConcepts: conceptsOfText });
    for (const q of ['what did they agree on chips?', 'defense minister Kihara', 'Лима', 'Ito Naoki']) {
      expect(copy.search(q)).toEqual(index.search(q));
    }
    expect(copy.has('004_80fd675a9a6137d2')).toBe(false);
    copy.add(makeDocument('new-2', 'de', 'Ein Quokka besuchte Hanoi.'));
    expect(copy.search('Quokka').map((h) => h.document)).toEqual(['new-2']);
    const ranking = (hits: SearchHit[]) => hits.map((h) => `${h.document}:${h.sentence}`);
    expect(ranking(copy.search('Ito Naoki'))).toEqual(ranking(index.search('Ito Naoki')));
  });

  it('rejects a foreign image', () => {
    expect(() => searchIndexFromBinary(new Uint8Array(64))).toThrow(/unknown format/);
  });
});

describe('passagesOf', () => {
  it('numbers hits as passages with provenance', () => {
    const index = buildSearchIndex(docs);
    const hits = index.search('Лима', { limit: 1 });
    expect(passagesOf(hits, (id) => byId.get(id))).toEqual([
      {
        n: 1, document: '002_460abb11f1e7dc2e', sentence: hits[0]!.sentence, lang: 'ru', outlet: null, published: null,
        text: textOf(hits[0]!),
      },
    ]);
    expect(passagesOf([{ document: 'missing', sentence: 1, score: 1 }], (id) => byId.get(id))).toEqual([]);
  });
});
