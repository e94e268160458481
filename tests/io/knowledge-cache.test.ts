import { describe, it, expect } from 'vitest';
import { copyFile, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '../../src/corpus/types.js';
import { extractDocument, type DocumentFacts } from '../../src/knowledge/extract.js';
import {
  cacheFiles, cacheVersion, documentFactsCodec, loadCorpusCached, openKnowledgeCache,
} from '../../src/io/knowledge-cache.js';
import { loadApp } from '../../src/app.js';
import { createLiveCorpus } from '../../src/io/watch.js';
import { assembleKnowledge } from '../../src/knowledge/extract.js';
import type { Log } from '../../src/store/store.js';

const SEEDS = join(import.meta.dirname, '../../seeds');
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

/** A corpus folder with three seed articles (German, Russian with Cyrillic names, Indonesian) and a cache folder. */
async function setup(): Promise<{ dir: string; cacheDir: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'attache-kcache-'));
  const dir = join(root, 'corpus');
  const cacheDir = join(root, 'cache');
  await rm(dir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  for (const f of ['000_6c8d8428f9bc3ae4.txt', '002_460abb11f1e7dc2e.txt', '004_80fd675a9a6137d2.txt']) {
    await copyFile(join(SEEDS, f), join(dir, f));
  }
  return { dir, cacheDir, root };
}

/** extractDocument that records which documents it extracted. */
function counting(): { extract: (d: Document) => DocumentFacts; calls: string[] } {
  const calls: string[] = [];
  return { calls, extract: (d) => (calls.push(d.id), extractDocument(d)) };
}

async function load(dir: string, cacheDir: string, version = 'v-test', log?: { warn(m: string): void }) {
  const cache = await openKnowledgeCache(cacheDir, dir, { version, ...(log ? { log } : {}) });
  const counter = counting();
  const result = await loadCorpusCached(dir, { cache, extract: counter.extract });
  await cache.save();
  return { result, calls: counter.calls, cache };
}

describe('loadCorpusCached', () => {
  it('extracts every article once, then serves a restart from the cache with identical facts', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const first = await load(dir, cacheDir);
      expect(first.calls).toEqual(['000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '004_80fd675a9a6137d2']);
      const second = await load(dir, cacheDir);
      expect(second.calls).toEqual([]);
      expect(second.result.counts).toEqual({ unread: 3, reused: 0, extracted: 0 });
      expect(second.result.documents).toEqual(first.result.documents);
      // The Russian seed's meeting (Лыонг Кыонг, Исиба Сигэру) comes back whole, evidence text included.
      expect(second.result.facts).toEqual(first.result.facts);
      const ru = second.result.facts[1]!;
      expect(ru.meetings.map((m) => m.participants.map((p) => p.name).sort())).toContainEqual(['Ishiba Shigeru', 'Luong Cuong']);
      expect(ru.meetings[0]!.evidence[0]!.text).toMatch(/Исиба/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('re-extracts only the article whose content changed', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const path = join(dir, '004_80fd675a9a6137d2.txt');
      await writeFile(path, `${await readFile(path, 'utf8')}\nSatu kalimat tambahan tentang kerja sama semikonduktor.\n`);
      const again = await load(dir, cacheDir);
      expect(again.calls).toEqual(['004_80fd675a9a6137d2']);
      expect(again.result.counts).toEqual({ unread: 2, reused: 0, extracted: 1 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reads and hashes every file with verify "content", and still reuses the facts of unchanged ones', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const cache = await openKnowledgeCache(cacheDir, dir, { version: 'v-test' });
      const counter = counting();
      const r = await loadCorpusCached(dir, { cache, extract: counter.extract, verify: 'content' });
      expect(counter.calls).toEqual([]);
      expect(r.counts).toEqual({ unread: 0, reused: 3, extracted: 0 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rebuilds everything once when the cache version changes (a lexicon or the extractor changed)', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir, 'v1');
      const warnings: string[] = [];
      const bumped = await load(dir, cacheDir, 'v2', { warn: (m) => warnings.push(m) });
      expect(bumped.calls).toHaveLength(3);
      expect(warnings).toEqual([expect.stringMatching(/ignored and rebuilt: stale \(version changed\)$/)]);
      const again = await load(dir, cacheDir, 'v2');
      expect(again.calls).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('detects a truncated cache file, warns once and rebuilds it', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const file = cacheFiles(cacheDir, dir).knowledge;
      const size = (await readFile(file)).length;
      await truncate(file, size - 100);
      const warnings: string[] = [];
      const r = await load(dir, cacheDir, 'v-test', { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(/ignored and rebuilt: truncated \(\d+ of \d+ bytes\)$/)]);
      expect(r.calls).toHaveLength(3);
      expect(r.cache.stats().loadedFrom).toBe('rebuilt');
      expect((await load(dir, cacheDir)).calls).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('detects a corrupted byte by its checksum and never trusts the payload', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const file = cacheFiles(cacheDir, dir).knowledge;
      const bytes = await readFile(file);
      bytes[bytes.length - 50] = bytes[bytes.length - 50]! ^ 0xff;
      await writeFile(file, bytes);
      const warnings: string[] = [];
      const r = await load(dir, cacheDir, 'v-test', { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(/ignored and rebuilt: checksum mismatch$/)]);
      expect(r.calls).toHaveLength(3);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('treats a foreign file at the cache path as no cache, and leaves no temporary files behind', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      await writeFile(cacheFiles(cacheDir, dir).knowledge, 'not a cache');
      const warnings: string[] = [];
      const r = await load(dir, cacheDir, 'v-test', { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(/ignored and rebuilt: not a cache file$/)]);
      expect(r.calls).toHaveLength(3);
      expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('documentFactsCodec', () => {
  it('stores evidence without the sentence text and restores the same text (Cyrillic, diacritics)', () => {
    const ru = { id: 'ru', file: 'ru.txt', lang: 'ru', title: null, outlet: null, published: '2024-11-16', source: null, warnings: [], hash: 'h', bytes: 0,
      sentences: [{ index: 1, text: 'Утром 16 ноября в рамках саммита АТЭС-2024 в Перу состоялась встреча президента Лыонг Кыонга с премьер-министром Японии Исиба Сигэру.', paragraph: 0 }] };
    const facts = extractDocument(ru);
    const packed = documentFactsCodec.pack(facts, ru) as DocumentFacts;
    expect(JSON.stringify(packed)).not.toContain('Сигэру');
    expect(documentFactsCodec.unpack(structuredClone(packed), ru)).toEqual(facts);
  });
});

describe('cacheVersion', () => {
  it('changes when a data file changes and not otherwise', async () => {
    const root = await mkdtemp(join(tmpdir(), 'attache-kver-'));
    try {
      await import('node:fs/promises').then((fs) => fs.mkdir(join(root, 'cues')));
      await writeFile(join(root, 'cues', 'vi.json'), '{"gặp":"meet"}');
      const a = cacheVersion([root], 1);
      expect(cacheVersion([root], 1)).toBe(a);
      expect(cacheVersion([root], 2)).not.toBe(a);
      await writeFile(join(root, 'cues', 'vi.json'), '{"gap":"meet"}');
      expect(cacheVersion([root], 1)).not.toBe(a);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('loadApp with a cache folder', () => {
  it('answers the same after a warm start, from the cached facts and search index image', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
      const cold = await loadApp(config);
      expect((await readdir(cacheDir)).sort()).toEqual([
        expect.stringMatching(/^knowledge-[0-9a-f]{12}\.bin$/), expect.stringMatching(/^search-[0-9a-f]{12}\.bin$/),
      ]);
      const warm = await loadApp(config);
      expect(warm.knowledge).toEqual(cold.knowledge);
      expect(warm.index.search('Исиба', { limit: 3 })).toEqual(cold.index.search('Исиба', { limit: 3 }));
      expect(warm.index.search('Исиба', { limit: 3 }).map((h) => h.document)).toContain('002_460abb11f1e7dc2e');
      expect(warm.index.search('zzqxv unknownword', { limit: 3 })).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('createLiveCorpus with a cache', () => {
  it('re-extracts only new files after a restart, and keeps the search index up to date', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const { createSearchIndex } = await import('../../src/app.js');
      const open = async () => {
        const counter = counting();
        const live = await createLiveCorpus(dir, {
          pipeline: { extract: counter.extract, assemble: assembleKnowledge },
          log: quiet, watch: false,
          cache: await openKnowledgeCache(cacheDir, dir, { version: 'v-live' }),
          searchIndex: (docs) => createSearchIndex(docs),
        });
        return { live, calls: counter.calls };
      };
      const first = await open();
      expect(first.calls).toHaveLength(3);
      await first.live.flush();
      first.live.close();
      await copyFile(join(SEEDS, '003_86fea495d9a89ce1.txt'), join(dir, '003_86fea495d9a89ce1.txt'));
      const second = await open();
      expect(second.calls).toEqual(['003_86fea495d9a89ce1']);
      await writeFile(join(dir, '005_new.txt'), 'Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội.\n\nHai bên trao đổi về hợp tác bán dẫn.\n');
      await second.live.refresh();
      expect(second.calls).toEqual(['003_86fea495d9a89ce1', '005_new']);
      expect(second.live.index()?.has('005_new')).toBe(true);
      expect(second.live.index()?.search('bán dẫn', { limit: 1 }).map((h) => h.document)).toEqual(['005_new']);
      await rm(join(dir, '005_new.txt'));
      await second.live.refresh();
      expect(second.live.index()?.has('005_new')).toBe(false);
      expect(second.live.documents().map((d) => d.id)).toEqual([
        '000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '003_86fea495d9a89ce1', '004_80fd675a9a6137d2',
      ]);
      await second.live.flush();
      second.live.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
