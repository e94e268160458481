import { describe, it, expect, vi, afterEach } from 'vitest';
import { buildSearchIndex, searchIndexFromBinary, searchWithoutPruning, type SearchIndex } from '../../src/search/search-index.js';
import { Bm25Index } from '../../src/search/index/bm25-index.js';
import { BLOCK, BLOCK_MIN, blockEnd, blockNorm, blockNorms } from '../../src/search/index/block-max.js';
import { Cursor } from '../../src/search/index/cursor.js';
import { analyzeQuery } from '../../src/search/analyze.js';
import type { Document } from '../../src/corpus/types.js';
import { makeDocument } from './seed-documents.js';
import { prng } from '../helpers/prng.js';

const FILL = ['estuary', 'heron', 'shingle', 'breakwater', 'dune', 'kelp', 'lighthouse', 'jetty', 'current'];

/**
 * Documents where 'tidewater' is in many sentences once among a dozen other words (a long list of low norms), every
 * 150th with the short sentence 'Tidewater tidewater.' (its highest norm, in few blocks), 'saltmarsh' now and then,
 * and a stock sentence repeated word for word so that scores tie across documents.
 */
function corpus(count: number, rand: () => number, from = 0): Document[] {
  const docs: Document[] = [];
  for (let d = from; d < from + count; d++) {
    const sentences: string[] = [];
    const n = 3 + Math.floor(rand() * 10);
    for (let s = 0; s < n; s++) {
      if (d % 150 === 0 && s === 1) {
        sentences.push('Tidewater tidewater.');
        continue;
      }
      if (rand() < 0.05) {
        sentences.push('The tidewater heron waits by the saltmarsh jetty.');
        continue;
      }
      const words = rand() < 0.4 ? ['tidewater'] : [];
      const len = 6 + Math.floor(rand() * 12);
      for (let w = 0; w < len; w++) words.push(rand() < 0.05 ? 'saltmarsh' : FILL[Math.floor(rand() * FILL.length)]!);
      sentences.push(`${words.sort(() => rand() - 0.5).join(' ')}.`);
    }
    docs.push(makeDocument(`b-${d}`, d % 5 === 0 ? 'de' : 'en', sentences.join('\n')));
  }
  return docs;
}

const QUERIES = ['tidewater', 'tidewater saltmarsh', 'heron tidewater', 'saltmarsh', 'tidewater jetty heron saltmarsh', 'kelp dune tidewater'];
const OPTIONS = [{}, { limit: 1 }, { limit: 3, perDocument: 1 }, { limit: 20 }, { limit: 5, documentLangs: ['de'] }];

function expectExact(index: SearchIndex): void {
  for (const q of QUERIES) {
    for (const options of OPTIONS) expect(index.search(q, options)).toEqual(searchWithoutPruning(index, q, options));
  }
}

const internals = (index: SearchIndex) => index as unknown as Bm25Index;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('block-max bounds', () => {
  it('bounds every posting of a block by its norm, and finds the end of the block a cursor is in', () => {
    const index = internals(buildSearchIndex(corpus(300, prng(3))));
    index.search('tidewater');
    const t = analyzeQuery('tidewater', ['en'])[0]!.map((v) => index.dict.id(v)).find((id) => id >= 0)!;
    const a0 = index.flatOff[t]!;
    const la = index.flatOff[t + 1]! - a0;
    expect(la).toBeGreaterThanOrEqual(BLOCK_MIN);
    const lenB = (1.2 * 0.75) / index.refAvg;
    const norms = blockNorms(index.flat, a0, la, index.unitLen, lenB);
    expect(norms.length).toBe(Math.ceil(la / BLOCK));
    let low = 0;
    for (let b = 0; b < norms.length; b++) {
      let max = 0;
      for (let i = a0 + b * BLOCK; i < a0 + Math.min(la, (b + 1) * BLOCK); i++) {
        const tf = index.flat[i]! & 15;
        max = Math.max(max, (tf * 2.2) / (tf + 1.2 * 0.25 + lenB * index.unitLen[index.flat[i]! >>> 4]!));
      }
      expect(norms[b]).toBeGreaterThanOrEqual(max);
      expect(norms[b]).toBeLessThanOrEqual(max * (1 + 1e-5));
      if (norms[b]! < index.termNorm[t]! * 0.8) low++;
    }
    // The short sentences sit in a few blocks: most blocks are well below the term's bound.
    expect(low).toBeGreaterThan(norms.length / 2);
    const c = new Cursor(index.flat, a0, la, null, 0, 1, norms);
    c.p = BLOCK + 3;
    expect(blockEnd(c)).toBe((index.flat[a0 + 2 * BLOCK - 1]! >>> 4) + 1);
    expect(blockNorm(c)).toBe(norms[1]);
    c.p = la;
    expect(blockEnd(c)).toBe(-1);
    expect(blockEnd(new Cursor(index.flat, a0, la, null, 0, 1, null))).toBe(-1);
  });
});

describe('search: block skipping stays exact', { timeout: 60_000 }, () => {
  it('passes over documents by their blocks and returns the hits of exhaustive scoring', () => {
    const index = buildSearchIndex(corpus(600, prng(11)));
    const gather = vi.spyOn(Bm25Index.prototype as unknown as { gather: () => boolean }, 'gather');
    const hits = index.search('tidewater', { limit: 1 });
    const gathered = gather.mock.calls.length;
    gather.mockRestore();
    // One group, no concept: only block bounds skip a document holding the word without reading it.
    const holding = new Set(searchWithoutPruning(index, 'tidewater', { limit: 1e6, perDocument: 1 }).map((h) => h.document));
    expect(gathered).toBeGreaterThan(0);
    expect(gathered).toBeLessThan(holding.size / 2);
    expect(hits).toEqual(searchWithoutPruning(index, 'tidewater', { limit: 1 }));
    expect(hits).toEqual([{ document: 'b-0', sentence: 2, score: expect.any(Number) }]);
    expect(internals(index).blockNorms.size).toBeGreaterThan(0);
    expectExact(index);
  });

  it('stops reading once the k best tie the best score possible (scores compare in steps, ties go to the earlier)', () => {
    // Every document has the word's best sentence (sentence 1, after the title): its bound, rounded up for safety,
    // is never below the tie itself.
    const docs = Array.from({ length: 400 }, (_, d) => makeDocument(`t-${d}`, 'en', `Tidewater tidewater.\nThe ${FILL[d % FILL.length]} by the tidewater.`));
    const index = buildSearchIndex(docs);
    const gather = vi.spyOn(Bm25Index.prototype as unknown as { gather: () => boolean }, 'gather');
    const hits = index.search('tidewater', { limit: 3 });
    const gathered = gather.mock.calls.length;
    gather.mockRestore();
    expect(hits.map((h) => [h.document, h.sentence])).toEqual([['t-0', 1], ['t-1', 1], ['t-2', 1]]);
    expect(hits).toEqual(searchWithoutPruning(index, 'tidewater', { limit: 3 }));
    expect(gathered).toBeLessThan(10);
  });

  it('stays exact with delta postings, tombstones, a merge, a compaction and a drifting average', () => {
    const docs = corpus(500, prng(17));
    const index = internals(buildSearchIndex(docs.slice(0, 400)));
    expectExact(index);
    expect(index.blockNorms.size).toBeGreaterThan(0);
    // Delta postings after the frozen blocks (the new documents' units come after every block).
    for (const d of docs.slice(400)) index.add(d);
    expect(index.deltaPostings).toBeGreaterThan(0);
    expectExact(index);
    // Tombstones: their postings stay in the blocks (a bound over more postings is still a bound).
    for (let i = 0; i < 500; i += 9) index.remove(`b-${i}`);
    expectExact(index);
    index.merge();
    expect(index.blockNorms.size).toBe(0);
    expectExact(index);
    expect(index.blockNorms.size).toBeGreaterThan(0);
    index.compact();
    expect(index.blockNorms.size).toBe(0);
    expectExact(index);
    // Much longer sentences move the average length past the reference: bounds and blocks are computed again.
    const refAvg = index.refAvg;
    const long = Array.from({ length: 200 }, (_, i) => makeDocument(`long-${i}`, 'en', Array.from({ length: 6 }, () => `tidewater ${FILL.join(' ')} ${FILL.join(' ')} ${FILL.join(' ')} heron.`).join('\n')));
    for (const d of long) index.add(d);
    expectExact(index);
    expect(index.refAvg).not.toBe(refAvg);
  });

  it('keeps the image format: blocks are not written, and a restored image computes them as terms are queried', () => {
    const docs = corpus(400, prng(23));
    const queried = buildSearchIndex(docs);
    expectExact(queried);
    const fresh = buildSearchIndex(docs);
    // Byte for byte the image of an index that never computed a block (an image written before blocks existed).
    expect(Buffer.from(queried.toBinary()).equals(Buffer.from(fresh.toBinary()))).toBe(true);
    const copy = searchIndexFromBinary(fresh.toBinary());
    expect(internals(copy).blockNorms.size).toBe(0);
    expectExact(copy);
    expect(internals(copy).blockNorms.size).toBeGreaterThan(0);
    for (const q of QUERIES) expect(copy.search(q)).toEqual(queried.search(q));
    for (const d of corpus(60, prng(29), 1000)) copy.add(d);
    copy.remove('b-5');
    expectExact(copy);
  });
});

describe('prepare: bounds and blocks computed while idle', () => {
  it('computes ahead, slice by slice, what first queries would, and searches give the same hits after it', () => {
    const docs = corpus(600, prng(5));
    const fresh = buildSearchIndex(docs);
    const ready = internals(buildSearchIndex(docs));
    while (!ready.prepare());
    const blocks = ready.blockNorms.size;
    expect(blocks).toBeGreaterThan(0);
    expect(Array.from(ready.termNorm.subarray(0, ready.dict.size)).some(Number.isNaN)).toBe(false);
    for (const q of QUERIES) {
      for (const options of OPTIONS) expect(ready.search(q, options)).toEqual(fresh.search(q, options));
    }
    // Nothing was left for a query to compute.
    expect(ready.blockNorms.size).toBe(blocks);
    // A merge drops them; prepare computes them again.
    ready.add(docs[0]!);
    ready.merge();
    expect(ready.blockNorms.size).toBe(0);
    while (!ready.prepare());
    expect(ready.blockNorms.size).toBe(blocks);
  });
});
