import { describe, it, expect } from 'vitest';
import {
  buildSearchIndex,
  searchIndexFromBinary,
  searchWithoutPruning,
  type SearchHit,
} from '../../src/search/search-index.js';
import { analyze } from '../../src/search/analyze.js';
import type { Document } from '../../src/corpus/types.js';
import { makeDocument, seedDocuments } from './seed-documents.js';

const seeds = seedDocuments();
const ranking = (hits: SearchHit[]) => hits.map((h) => `${h.document}:${h.sentence}`);

/** Many small documents recombined from seed sentences (deterministic), so lists are long and scores tie often. */
function corpus(count: number): Document[] {
  const out: Document[] = [];
  for (let i = 0; i < count; i++) {
    const src = seeds[i % seeds.length]!;
    const picked = [0, 1, 2, 3].map((k) => src.sentences[(i * 7 + k * 13) % src.sentences.length]!.text);
    out.push(makeDocument(`d-${i}`, src.lang, picked.join('\n')));
  }
  return out;
}

const QUERIES = [
  'Halbleiter Ausbildung', 'Vietnam Japan', 'Japan Vietnam Zusammenarbeit Minister', 'Kihara défense ministre',
  'Лима АТЭС', 'Вьетнам Япония сотрудничество', 'kerja sama Jepang Vietnam', 'Pham Minh Chinh Ishiba',
  'die der und Vietnam', 'quokka', 'Hanoi',
];

describe('search: exact top-k pruning', () => {
  const docs = corpus(120);
  const index = buildSearchIndex(docs);

  it('returns exactly the hits of exhaustive scoring, for every limit, cap and language filter', () => {
    for (const q of QUERIES) {
      for (const options of [{}, { limit: 1 }, { limit: 20, perDocument: 1 }, { limit: 5, documentLangs: ['de', 'fr'] }]) {
        expect(index.search(q, options)).toEqual(searchWithoutPruning(index, q, options));
      }
    }
    expect(index.search('Vietnam Japan', { limit: 8 })).toHaveLength(8);
  });

  it('ranks like a naive BM25 with document boost written from the formula', () => {
    // Oracle for a one-word query: score = idf · tf·2.2 / (tf + 1.2·(0.25 + 0.75·len/avg)), no boost possible.
    const units = docs.flatMap((d) => d.sentences.map((s) => ({ id: `${d.id}:${s.index}`, terms: analyze(s.text, d.lang) })));
    const avg = units.reduce((a, u) => a + u.terms.length, 0) / units.length;
    const term = analyze('Halbleiter', 'de')[0]!;
    const df = units.filter((u) => u.terms.includes(term)).length;
    const idf = Math.log(1 + (units.length - df + 0.5) / (df + 0.5));
    const scored = units
      .map((u, i) => {
        const tf = Math.min(15, u.terms.filter((t) => t === term).length);
        return { id: u.id, i, s: tf ? (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * u.terms.length) / avg)) : 0 };
      })
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.i - b.i);
    const hits = index.search('Halbleiter', { limit: 3, perDocument: 9 });
    expect(ranking(hits)).toEqual(scored.slice(0, 3).map((x) => x.id));
    expect(hits[0]!.score).toBeCloseTo(scored[0]!.s, 2);
  });

  it('keeps pruned = exhaustive after incremental adds (delta postings) and removals (tombstones)', () => {
    const live = buildSearchIndex(docs.slice(0, 60));
    for (const d of docs.slice(60)) live.add(d);
    for (let i = 0; i < 20; i++) live.remove(`d-${i * 3}`);
    for (const q of QUERIES) expect(live.search(q, { limit: 6 })).toEqual(searchWithoutPruning(live, q, { limit: 6 }));
    expect(live.search('Vietnam', { limit: 50 }).some((h) => h.document === 'd-0')).toBe(false);
  });
});

describe('warm start: hashes, document ids, restore then remove/add', () => {
  it('records each document hash and lists live ids in insertion order', () => {
    const index = buildSearchIndex(seeds);
    expect(index.documentIds()).toEqual(seeds.map((d) => d.id));
    expect(index.hashOf(seeds[2]!.id)).toBe(seeds[2]!.hash);
    expect(index.hashOf('nope')).toBeUndefined();
    index.add(makeDocument(seeds[2]!.id, 'ru', 'Новый текст о Ханое.'));
    expect(index.hashOf(seeds[2]!.id)).toBe(makeDocument('x', 'ru', 'Новый текст о Ханое.').hash);
    expect(index.hashOf(seeds[2]!.id)).not.toBe(seeds[2]!.hash);
    index.remove(seeds[0]!.id);
    expect(index.documentIds()).toEqual([seeds[1]!.id, seeds[3]!.id, seeds[4]!.id, seeds[2]!.id]);
    expect(index.hashOf(seeds[0]!.id)).toBeUndefined();
  });

  it('restores hashes from the image, and a removed document never comes back after remove/add/compaction', () => {
    const docs = corpus(40);
    const image = buildSearchIndex(docs).toBinary();
    const before = image.slice();
    const copy = searchIndexFromBinary(image);
    expect(copy.documentIds()).toEqual(docs.map((d) => d.id));
    expect(copy.hashOf('d-7')).toBe(docs[7]!.hash);
    // The app's warm start: drop vanished documents, replace changed ones.
    const changed = makeDocument('d-1', 'vi', 'Thủ tướng Phạm Minh Chính tiếp đoàn quokka Nhật Bản.');
    expect(copy.remove('d-0')).toBe(true);
    copy.add(changed);
    expect(copy.hashOf('d-1')).toBe(changed.hash);
    expect(copy.search('Pham Minh Chinh quokka', { limit: 1 })).toEqual([
      { document: 'd-1', sentence: 1, score: expect.any(Number) },
    ]);
    const all = (ix: ReturnType<typeof buildSearchIndex>) => QUERIES.flatMap((q) => ix.search(q, { limit: 100 }));
    expect(all(copy).filter((h) => h.document === 'd-0')).toEqual([]);
    // Only the new d-1 (one Vietnamese sentence) answers; its old German/French sentences are gone.
    expect([...new Set(all(copy).filter((h) => h.document === 'd-1').map((h) => h.sentence))]).toEqual([1]);
    // The image the index was restored from is untouched (views over it are never written).
    expect(image).toEqual(before);
    // Many removals force a compaction (the postings count drops): then results equal a fresh index of the survivors.
    let i = 2;
    for (let postings = copy.stats().postings; i < 40; i++) {
      copy.remove(`d-${i}`);
      if (copy.stats().postings < postings) break;
      postings = copy.stats().postings;
    }
    expect(i).toBeLessThan(40);
    const survivors = [...docs.slice(i + 1), changed];
    const fresh = buildSearchIndex(survivors);
    expect(copy.documentIds()).toEqual(survivors.map((d) => d.id));
    for (const q of [...QUERIES, 'Pham Minh Chinh']) expect(copy.search(q)).toEqual(fresh.search(q));
    expect(copy.stats()).toEqual(fresh.stats());
    expect(all(copy).filter((h) => Number(h.document.slice(2)) <= i && h.document !== 'd-1')).toEqual([]);
    expect(all(copy).length).toBeGreaterThan(10);
  });

  it('round-trips an image twice and restores from an unaligned buffer', () => {
    const index = buildSearchIndex(corpus(30));
    index.remove('d-4');
    const image = index.toBinary();
    const shifted = new Uint8Array(image.byteLength + 1).subarray(1);
    shifted.set(image);
    const a = searchIndexFromBinary(shifted);
    const b = searchIndexFromBinary(a.toBinary());
    for (const q of QUERIES) {
      expect(a.search(q)).toEqual(index.search(q));
      expect(b.search(q)).toEqual(index.search(q));
    }
    expect(b.has('d-4')).toBe(false);
    expect(b.hashOf('d-5')).toBe(index.hashOf('d-5'));
    // A Node Buffer at an odd offset (what a cache file read gives): Buffer#slice is a view, not a copy.
    const fromFile = Buffer.concat([Buffer.from('xyz'), Buffer.from(image)]).subarray(3);
    expect(fromFile.byteOffset % 4).not.toBe(0);
    const c = searchIndexFromBinary(fromFile);
    for (const q of QUERIES) expect(c.search(q)).toEqual(index.search(q));
  });

  it('rejects an image of the previous format version and a truncated image', () => {
    const image = buildSearchIndex(seeds.slice(0, 1)).toBinary();
    const v1 = image.slice();
    new DataView(v1.buffer).setUint32(4, 1, true);
    expect(() => searchIndexFromBinary(v1)).toThrow(/unknown format/);
    expect(() => searchIndexFromBinary(image.subarray(0, image.byteLength - 8))).toThrow(/corrupt/);
  });
});
