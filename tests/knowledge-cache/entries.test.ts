import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { Document } from '../../src/corpus/types.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentOfEntry, encodeEntry, factsOfEntry, leanDocumentOfEntry } from '../../src/knowledge-cache/entries.js';
import { openKnowledgeCache } from '../../src/knowledge-cache/open.js';

const document = {
  id: 'a', file: 'a.txt', lang: 'vi', title: 'Thủ tướng tiếp Đại sứ', outlet: null, published: '2026-12-01', source: null,
  hash: 'h', warnings: [], sentences: [{ index: 1, text: 'Hai bên trao đổi về hợp tác 🇻🇳 — 日本.' }],
} as unknown as Document;

describe('a cache entry', () => {
  it('gives back exactly what was stored, each part alone, and the facts without their concepts when lean', () => {
    const facts = { info: { id: 'a' }, meetings: [{ date: { year: 2026, month: 12, day: null } }], concepts: { 1: ['area:energy'] }, statements: [] };
    const bytes = encodeEntry(document, facts);
    expect(documentOfEntry(bytes)).toEqual(document);
    expect(leanDocumentOfEntry(bytes)).toEqual({ ...document, sentences: null });
    expect(isDeepStrictEqual(factsOfEntry(bytes), facts)).toBe(true);
    const lean = factsOfEntry(bytes, true) as Record<string, unknown>;
    expect(Object.keys(lean)).toEqual(Object.keys(facts));
    expect(lean.concepts).toBeNull();
  });

  it('keeps values JSON would change: undefined, -0, NaN, a Map', () => {
    const odd = [
      { at: undefined, value: 1 },
      { value: -0 },
      { value: Number.NaN, other: Number.POSITIVE_INFINITY },
      { seen: new Map([['x', 1]]) },
      [1, undefined, 3],
    ];
    for (const facts of odd) {
      const back = factsOfEntry(encodeEntry(document, facts));
      expect(isDeepStrictEqual(back, facts)).toBe(true);
    }
    expect(Object.is((factsOfEntry(encodeEntry(document, { value: -0 })) as { value: number }).value, -0)).toBe(true);
  });
});

describe('reading the search index image ahead', () => {
  it('gives the image read while the manifest was decoded, and reads the file again on a later call', async () => {
    const root = await mkdtemp(join(tmpdir(), 'attache-ahead-'));
    try {
      const writer = await openKnowledgeCache(join(root, 'cache'), join(root, 'corpus'), { version: 't' });
      await writer.saveIndex(Uint8Array.from([1, 2, 3, 4]));
      writer.close();
      const cache = await openKnowledgeCache(join(root, 'cache'), join(root, 'corpus'), { version: 't', readIndexAhead: true });
      expect(Array.from((await cache.loadIndex())!)).toEqual([1, 2, 3, 4]);
      await cache.saveIndex(Uint8Array.from([5, 6, 7, 8]));
      expect(Array.from((await cache.loadIndex())!)).toEqual([5, 6, 7, 8]);
      cache.close();
      // Without an image, read ahead or not: none.
      const empty = await openKnowledgeCache(join(root, 'other'), join(root, 'corpus'), { version: 't', readIndexAhead: true });
      expect(await empty.loadIndex()).toBeUndefined();
      empty.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
