import { describe, it, expect } from 'vitest';
import { buildSearchIndex, searchIndexFromBinary, searchWithoutPruning, type SearchIndex } from '../../src/search/search-index.js';
import type { Document } from '../../src/corpus/types.js';
import { makeDocument } from './seed-documents.js';
import { prng } from '../helpers/prng.js';

// Made-up words: a few very common ones (long lists, many per document), a tail of rare ones.
const COMMON = ['harbour', 'ferry', 'lantern', 'orchard', 'granite', 'meadow', 'pilgrim', 'copper'];
const RARE = Array.from({ length: 300 }, (_, i) => `zorvak${i.toString(36)}`);

/**
 * Documents of 1-40 sentences, 1-30 words each, drawn mostly from COMMON (some repeated many times in one
 * sentence), with stock sentences repeated word for word across documents so that scores tie often.
 */
function corpus(count: number, rand: () => number, from = 0): Document[] {
  const stock = ['Harbour ferry lantern.', 'The orchard by the granite meadow.', 'Copper copper copper pilgrim.'];
  const docs: Document[] = [];
  for (let d = from; d < from + count; d++) {
    const sentences: string[] = [];
    const n = 1 + Math.floor(rand() * 40);
    for (let s = 0; s < n; s++) {
      if (rand() < 0.15) {
        sentences.push(stock[Math.floor(rand() * stock.length)]!);
        continue;
      }
      const words: string[] = [];
      const len = 1 + Math.floor(rand() * 30);
      for (let w = 0; w < len; w++) {
        const r = rand();
        words.push(r < 0.6 ? COMMON[Math.floor(rand() * rand() * COMMON.length)]! : r < 0.9 ? 'and' : RARE[Math.floor(rand() * RARE.length)]!);
      }
      sentences.push(`${words.join(' ')}.`);
    }
    docs.push(makeDocument(`p-${d}`, d % 4 === 0 ? 'de' : 'en', sentences.join('\n')));
  }
  return docs;
}

function queries(rand: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 60; i++) {
    const k = 1 + Math.floor(rand() * 6);
    const words = Array.from({ length: k }, () => (rand() < 0.8 ? COMMON[Math.floor(rand() * COMMON.length)]! : RARE[Math.floor(rand() * RARE.length)]!));
    out.push(words.join(' '));
  }
  return out;
}

const OPTIONS = [{}, { limit: 1 }, { limit: 20, perDocument: 1 }, { limit: 5, documentLangs: ['de'] }, { limit: 8, concepts: ['area:ports'] }];
const conceptsOf = (doc: Document, s: number) => (s % 3 === 0 && doc.id.endsWith('7') ? ['area:ports'] : []);

function expectExact(index: SearchIndex, qs: string[]): void {
  for (const q of qs) {
    for (const options of OPTIONS) expect(index.search(q, options)).toEqual(searchWithoutPruning(index, q, options));
  }
}

// Exhaustive scoring of every query is slow on a shared machine: these tests get a longer timeout.
describe('search: pruning stays exact on long lists of common words', { timeout: 60_000 }, () => {
  const rand = prng(17);
  const docs = corpus(500, rand);
  const qs = queries(rand);

  it('returns the hits of exhaustive scoring on long lists of common words with many ties', () => {
    const index = buildSearchIndex(docs, conceptsOf);
    expectExact(index, qs);
    // The stock sentence ties across documents: the earliest documents win the ties, as exhaustive scoring says.
    expect(index.search('harbour ferry lantern', { limit: 3 }).length).toBe(3);
  });

  it('stays exact with delta postings, tombstones, a compaction and after a restore from the image', () => {
    const index = buildSearchIndex(docs.slice(0, 300), conceptsOf);
    index.search('harbour');
    for (const d of docs.slice(300)) index.add(d);
    expectExact(index, qs.slice(0, 20));
    for (let i = 0; i < 500; i += 3) index.remove(`p-${i}`);
    expectExact(index, qs.slice(20, 40));
    const copy = searchIndexFromBinary(index.toBinary(), conceptsOf);
    expectExact(copy, qs.slice(40));
    for (const d of corpus(50, prng(5), 1000)) copy.add(d);
    expectExact(copy, qs.slice(0, 10));
  });
});

describe('search: term bounds in the image', { timeout: 60_000 }, () => {
  it('writes every term\'s bound into the image, each at least the norm of every posting, and stays exact', () => {
    const docs = corpus(200, prng(23));
    const index = buildSearchIndex(docs, conceptsOf);
    // Never searched: without the image's bounds, a restored index would read each term's whole list on first use.
    const copy = searchIndexFromBinary(index.toBinary(), conceptsOf) as unknown as {
      termNorm: Float32Array; refAvg: number; flat: Uint32Array; flatOff: Uint32Array; unitLen: Uint16Array;
    };
    expect(copy.refAvg).toBeGreaterThan(0);
    const lenB = (1.2 * 0.75) / copy.refAvg;
    for (let t = 0; t < copy.flatOff.length - 1; t++) {
      const bound = copy.termNorm[t]!;
      expect(Number.isNaN(bound)).toBe(false);
      for (let i = copy.flatOff[t]!; i < copy.flatOff[t + 1]!; i++) {
        const tf = copy.flat[i]! & 15;
        expect((tf * 2.2) / (tf + 1.2 * 0.25 + lenB * copy.unitLen[copy.flat[i]! >>> 4]!)).toBeLessThanOrEqual(bound);
      }
    }
    expectExact(copy as unknown as SearchIndex, queries(prng(29)).slice(0, 30));
  });
});

describe('search: per-document scratch', () => {
  it('finds a sentence beyond the length of every document scored before (scratch grown by sentences, not cells)', () => {
    const short = makeDocument('short', 'en', 'Quokka wombat dingo.\nWombat quokka.\nDingo dingo.');
    const long = makeDocument('long', 'en', ['Alpha.', 'Beta.', 'Gamma.', 'Delta.', 'Epsilon.', 'Zeta.', 'Eta.', 'The numbat sleeps.'].join('\n'));
    const index = buildSearchIndex([short, long]);
    expect(index.search('quokka wombat dingo').map((h) => h.document)).toContain('short');
    expect(index.search('numbat')).toEqual([{ document: 'long', sentence: 8, score: expect.any(Number) }]);
  });
});
