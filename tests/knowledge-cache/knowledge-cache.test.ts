import { describe, it, expect } from 'vitest';
import { copyFile, mkdtemp, readFile, readdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusDocument, Document } from '../../src/corpus/types.js';
import { withSentences } from '../../src/corpus/documents.js';
import { extractDocument, type DocumentFacts } from '../../src/knowledge/extract.js';
import { cacheFiles, unframe } from '../../src/knowledge-cache/files.js';
import { cacheVersion } from '../../src/knowledge-cache/version.js';
import { documentFactsCodec, evidenceLists, leanFacts } from '../../src/knowledge-cache/codec.js';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import type { Evidence } from '../../src/knowledge/types.js';
import { loadCorpusCached } from '../../src/knowledge-cache/load.js';
import { scanFolder } from '../../src/corpus-folder/folder-scan.js';
import { openKnowledgeCache } from '../../src/knowledge-cache/open.js';
import { loadApp, streamingSearchIndex } from '../../src/app.js';
import { extractJson } from '../../src/cli.js';
import { composeDigest } from '../../src/digest/compose.js';
import { createLiveCorpus } from '../../src/corpus-folder/live.js';
import { cachedSentences, isLean } from '../../src/knowledge-cache/lean-documents.js';
import { assembleKnowledge } from '../../src/knowledge/assembler.js';
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

  it('takes the names, sizes and mtimes of a scan it is given instead of listing and statting the folder again', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const scan = await scanFolder(dir);
      // One file's mtime as a scan would have found it after a touch: that file is read again (its content the same).
      const touched = scan.names.indexOf('002_460abb11f1e7dc2e.txt');
      scan.mtimeMs[touched]! += 1000;
      // A name the scan did not find as a file (gone since, or a folder): its file is read, and found as it is.
      const missed = scan.names.indexOf('004_80fd675a9a6137d2.txt');
      scan.size[missed] = NaN;
      const cache = await openKnowledgeCache(cacheDir, dir, { version: 'v-test' });
      const counter = counting();
      const r = await loadCorpusCached(dir, { cache, extract: counter.extract, scan });
      expect(counter.calls).toEqual([]);
      expect(r.counts).toEqual({ unread: 1, reused: 2, extracted: 0 });
      // Without the scan, the folder's own stats (a cache as on disk: the touched file's stat above was not saved).
      const fresh = await openKnowledgeCache(cacheDir, dir, { version: 'v-test' });
      const unknown = await loadCorpusCached(dir, { cache: fresh, extract: counter.extract });
      expect(unknown.counts).toEqual({ unread: 3, reused: 0, extracted: 0 });
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

describe('leanFacts', () => {
  it('holds one evidence object per cited sentence, and one object per participant value, of facts that came from a worker', async () => {
    const { documents } = await loadCorpusDir(SEEDS);
    let shared = 0;
    const people = new Map<string, Set<object>>();
    for (const document of documents) {
      // As a worker's facts arrive: a structured clone, each evidence its own object.
      const cloned = structuredClone(extractDocument(document));
      const expected = extractDocument(document);
      leanFacts(expected, structuredClone(document), true);
      leanFacts(cloned, document, false);
      expect(JSON.stringify(cloned)).toBe(JSON.stringify(expected));
      const bySentence = new Map<number, Set<Evidence>>();
      for (const list of evidenceLists(cloned)) {
        for (const e of list) {
          if (e.document !== document.id) continue;
          bySentence.set(e.sentence, (bySentence.get(e.sentence) ?? new Set()).add(e));
        }
      }
      for (const objects of bySentence.values()) expect(objects.size).toBe(1);
      shared += evidenceLists(cloned).flat().length - bySentence.size;
      const persons = [...cloned.meetings.flatMap((m) => m.participants), ...(cloned.statements ?? []).map((x) => x.actor)];
      for (const p of persons) {
        // Values that are all strings or null (a group's members list is an object of its own, compared by identity).
        if (Object.values(p).some((v) => v !== null && typeof v === 'object')) continue;
        const key = JSON.stringify(Object.entries(p));
        people.set(key, (people.get(key) ?? new Set()).add(p));
      }
    }
    // Across documents too: each participant value (its fields in their order) is one object.
    for (const objects of people.values()) expect(objects.size).toBe(1);
    expect([...people.keys()].length).toBeGreaterThan(5);
    // The seeds' facts cite many sentences more than once (a meeting's sentence names areas and carries statements).
    expect(shared).toBeGreaterThan(50);
  });

  it('holds one frozen area list per value, and can be made lean again', async () => {
    const { documents } = await loadCorpusDir(SEEDS);
    const lists = new Map<string, Set<readonly string[]>>();
    for (const document of documents) {
      const cloned = structuredClone(extractDocument(document));
      leanFacts(cloned, document, false);
      const once = JSON.stringify(cloned);
      // A live corpus may take facts that are lean already (a cache read): nothing changes, nothing throws.
      leanFacts(cloned, document, false);
      expect(JSON.stringify(cloned)).toBe(once);
      const areaLists = [
        ...cloned.meetings.map((m) => m.areas), ...cloned.figures.flatMap((x) => (x.areas ? [x.areas] : [])),
        ...(cloned.statements ?? []).map((x) => x.areas), cloned.info.areas,
      ];
      for (const list of areaLists) {
        expect(Object.isFrozen(list)).toBe(true);
        lists.set(list.join(','), (lists.get(list.join(',')) ?? new Set()).add(list));
      }
    }
    // Across documents too: each value is one list (the empty one included).
    for (const objects of lists.values()) expect(objects.size).toBe(1);
    expect(lists.has('')).toBe(true);
    expect(lists.size).toBeGreaterThan(5);
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
        expect.stringMatching(/^knowledge-[0-9a-f]{12}-[0-9a-z]+\.seg$/),
        expect.stringMatching(/^knowledge-[0-9a-f]{12}\.bin$/), expect.stringMatching(/^search-[0-9a-f]{12}\.bin$/),
        expect.stringMatching(/^snapshot-[0-9a-f]{12}\.bin$/),
      ]);
      const warm = await loadApp(config);
      expect(warm.knowledge).toEqual(cold.knowledge);
      // Lean documents: the sentences are read back from the cache, the same as the cold load's.
      expect(warm.documents.every(isLean)).toBe(true);
      const read = (d: CorpusDocument) => withSentences(d, warm.sentences).sentences;
      expect(warm.documents.map(read)).toEqual(cold.documents.map(read));
      expect(read(warm.documents.find((d) => d.lang === 'ru')!).some((s) => s.text.includes('Исиба'))).toBe(true);
      // Lean evidence: no sentence text in memory, and every surface reads it back: the same JSON and views as an
      // app loaded without a cache (which keeps every text).
      expect(warm.knowledge.meetings.flatMap((m) => m.sources).every((e) => e.text === '')).toBe(true);
      const plain = await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024 });
      expect(plain.knowledge.meetings.flatMap((m) => m.sources).every((e) => e.text.length > 0)).toBe(true);
      expect(extractJson(warm)).toEqual(extractJson(plain));
      const ru = (extractJson(warm) as { meetings: { sources: { text: string }[] }[] }).meetings.flatMap((m) => m.sources).find((e) => e.text.includes('Сигэру'));
      expect(ru?.text).toMatch(/^Утром 16 ноября/);
      for (const area of ['semiconductors', 'labor']) {
        const [a, b] = await Promise.all([warm.engine.cooperation(area, 'en-US'), plain.engine.cooperation(area, 'en-US')]);
        expect(a).toEqual(b);
        expect(a.citations?.every((c) => c.quote.length > 0)).toBe(true);
      }
      expect(await warm.engine.meetings({}, 'en-US')).toEqual(await plain.engine.meetings({}, 'en-US'));
      expect(warm.index.search('Исиба', { limit: 3 })).toEqual(cold.index.search('Исиба', { limit: 3 }));
      expect(warm.index.search('Исиба', { limit: 3 }).map((h) => h.document)).toContain('002_460abb11f1e7dc2e');
      expect(warm.index.search('zzqxv unknownword', { limit: 3 })).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('createLiveCorpus with a cache', () => {
  it('after a warm restart, reports a file whose bytes changed, not one only touched, and picks up a skipped file once it has content', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const open = async (updates: string[][]) => {
        const counter = counting();
        const live = await createLiveCorpus(dir, {
          pipeline: { extract: counter.extract, assemble: assembleKnowledge }, log: quiet, watch: false,
          cache: await openKnowledgeCache(cacheDir, dir, { version: 'v-live' }),
          onUpdate: (corpus) => void updates.push(corpus.documents().map((d) => d.id)),
        });
        return { live, calls: counter.calls };
      };
      await writeFile(join(dir, '009_empty.txt'), '');
      const first = await open([]);
      await first.live.flush();
      first.live.close();
      const updates: string[][] = [];
      const second = await open(updates);
      expect(second.calls).toEqual([]);
      // The same bytes, a new mtime: nothing to report.
      const touched = join(dir, '002_460abb11f1e7dc2e.txt');
      await utimes(touched, new Date(), new Date(Date.now() + 5000));
      await second.live.refresh();
      expect({ updates, calls: second.calls }).toEqual({ updates: [], calls: [] });
      // New bytes: re-extracted and reported.
      await writeFile(join(dir, '004_80fd675a9a6137d2.txt'), 'Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội.\n');
      // The empty file, skipped at load, now an article.
      await writeFile(join(dir, '009_empty.txt'), 'Bộ trưởng Quốc phòng Nhật Bản thăm Việt Nam.\n', { flag: 'w' });
      await utimes(join(dir, '009_empty.txt'), new Date(), new Date(Date.now() + 9000));
      await second.live.refresh();
      expect(second.calls.sort()).toEqual(['004_80fd675a9a6137d2', '009_empty']);
      expect(updates.at(-1)).toEqual(['000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '004_80fd675a9a6137d2', '009_empty']);
      second.live.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

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
      // The digest of a lean live corpus quotes real sentences (read back through the snapshot's textOf).
      const snapshot = second.live.snapshot();
      const digest = composeDigest(snapshot.knowledge, ['005_new'], { since: null, ...(snapshot.textOf ? { textOf: snapshot.textOf } : {}) });
      expect(digest.citations?.length).toBeGreaterThan(1);
      expect(digest.citations?.every((c) => c.quote.length > 0)).toBe(true);
      expect(digest.citations?.some((c) => c.quote.includes('bán dẫn'))).toBe(true);
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

describe('segmented cache', () => {
  it('reports a damaged entry, re-extracts only that article, and trusts the others', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const [segment] = (await readdir(cacheDir)).filter((f) => f.endsWith('.seg'));
      const path = join(cacheDir, segment!);
      const bytes = await readFile(path);
      bytes[10] = bytes[10]! ^ 0xff; // inside the first entry (the German article, first in file order)
      await writeFile(path, bytes);
      const warnings: string[] = [];
      const r = await load(dir, cacheDir, 'v-test', { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(/^cache entry [0-9a-f]{12} in knowledge-.*\.seg is damaged: re-extracted$/)]);
      expect(r.calls).toEqual(['000_6c8d8428f9bc3ae4']);
      expect(r.result.documents.map((d) => d.id)).toEqual(['000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '004_80fd675a9a6137d2']);
      expect((await load(dir, cacheDir)).calls).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('writes only new entries on save, and compacts segments that are mostly dead', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const segmentsOf = async () => (await readdir(cacheDir)).filter((f) => f.endsWith('.seg'));
      expect(await segmentsOf()).toHaveLength(1);
      const before = (await readFile(join(cacheDir, (await segmentsOf())[0]!))).length;
      await writeFile(join(dir, '005_new.txt'), 'Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội.\n\nHai bên trao đổi về hợp tác bán dẫn.\n');
      const second = await load(dir, cacheDir);
      expect(second.calls).toEqual(['005_new']);
      const segments = await segmentsOf();
      expect(segments).toHaveLength(2);
      // The new segment holds the one new article, far smaller than the first.
      const sizes = await Promise.all(segments.map(async (s) => (await readFile(join(cacheDir, s))).length));
      expect(Math.min(...sizes)).toBeLessThan(before / 2);
      // Rewrite the same small file many times: dead entries pile up, then one compaction keeps only the live ones.
      for (let i = 0; i < 60; i++) {
        await writeFile(join(dir, '005_new.txt'), `Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội lần ${i}.\n`);
        await load(dir, cacheDir);
      }
      expect((await segmentsOf()).length).toBeLessThanOrEqual(48);
      const again = await load(dir, cacheDir);
      expect(again.calls).toEqual([]);
      expect(again.result.documents.map((d) => d.id)).toEqual(['000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '004_80fd675a9a6137d2', '005_new']);
      expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('brings the cached search index image up to date instead of rebuilding it', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
      await loadApp(config);
      await writeFile(join(dir, '005_new.txt'), 'Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội.\n\nHai bên trao đổi về hợp tác bán dẫn.\n');
      await rm(join(dir, '004_80fd675a9a6137d2.txt'));
      const warm = await loadApp(config);
      expect(warm.index.documentIds().sort()).toEqual(['000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '005_new']);
      expect(warm.index.search('bán dẫn', { limit: 1 }).map((h) => h.document)).toEqual(['005_new']);
      expect(warm.index.hashOf('005_new')).toBe(warm.documents.find((d) => d.id === '005_new')?.hash);
      // The image written then holds exactly the folder: a third start answers the same.
      const third = await loadApp(config);
      expect(third.index.search('bán dẫn Исиба', { limit: 5 })).toEqual(warm.index.search('bán dẫn Исиба', { limit: 5 }));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('the search index a load serves', () => {
  it('is the one restored from the image the load wrote, answering as the index built document by document', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const cache = await openKnowledgeCache(cacheDir, dir);
      const stream = await streamingSearchIndex(cache);
      const built = stream.index;
      const loaded = await loadCorpusCached(dir, { cache, extract: extractDocument, consume: (d, f) => stream.add(d, f) });
      expect(stream.finish(loaded.documents)).toBe(true);
      await stream.save();
      expect(stream.index).not.toBe(built);
      for (const question of ['bán dẫn Исиба', 'Halbleiter Japan', 'coopération économique', 'Ishiba']) {
        expect(stream.index.search(question, { limit: 8 })).toEqual(built.search(question, { limit: 8 }));
      }
      const image = unframe(await readFile(cacheFiles(cacheDir, dir).index), { version: cache.version });
      expect('payload' in image && Buffer.from(stream.index.toBinary()).equals(image.payload)).toBe(true);
      cache.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('is set aside only when its image on disk is it, and read back up to date with the documents, even if the image is gone', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const cache = await openKnowledgeCache(cacheDir, dir);
      const stream = await streamingSearchIndex(cache);
      const loaded = await loadCorpusCached(dir, { cache, extract: extractDocument, lean: true, consume: (d, f) => stream.add(d, f) });
      stream.finish(loaded.documents);
      // Built and not written: there is nothing to read it back from.
      expect(stream.setAside!()).toBe(false);
      const questions = ['bán dẫn Исиба', 'Halbleiter Japan', 'coopération économique'];
      const answers = questions.map((q) => stream.index.search(q, { limit: 8 }));
      await stream.save();
      expect(stream.setAside!()).toBe(true);
      expect(() => stream.index).toThrow(/set aside/);
      await stream.reopen!(loaded.documents);
      expect(questions.map((q) => stream.index.search(q, { limit: 8 }))).toEqual(answers);
      // Read back without its image (removed meanwhile): rebuilt from the cache's documents, answering the same.
      expect(stream.setAside!()).toBe(true);
      await rm(cacheFiles(cacheDir, dir).index);
      await stream.reopen!(loaded.documents);
      expect(questions.map((q) => stream.index.search(q, { limit: 8 }))).toEqual(answers);
      // Changed since (a document removed): not its image any more, so kept.
      stream.finish(loaded.documents.slice(1));
      expect(stream.setAside!()).toBe(false);
      expect(stream.index.has(loaded.documents[0]!.id)).toBe(false);
      cache.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('retrieval concepts in the cache', () => {
  it('are not decoded by a lean read, and a lost search index image is rebuilt with them', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
      const cold = await loadApp(config);
      const cache = await openKnowledgeCache(cacheDir, dir);
      const doc = cold.documents.find((d) => d.lang === 'ru')!;
      const full = cache.get(doc.hash)!.facts;
      expect(Object.keys(full.concepts).length).toBeGreaterThan(0);
      expect(full.concepts).toEqual(extractDocument(withSentences(doc, cold.sentences)).concepts);
      const lean = cache.get(doc.hash, 'lean')!.facts;
      expect(lean.concepts).toBeNull();
      // The same keys in the same order as the full facts: only the concepts' value is left out.
      expect(Object.keys(lean)).toEqual(Object.keys(full));
      cache.close();
      await rm(cacheFiles(cacheDir, dir).index);
      const warm = await loadApp(config);
      for (const q of ['semiconductors', 'Halbleiter', 'Исиба energy']) expect(warm.index.search(q, { limit: 5 })).toEqual(cold.index.search(q, { limit: 5 }));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('a cache folder shared with another process', () => {
  it('keeps reading segments another process removed after this one opened the cache; a segment gone before is re-extracted', async () => {
    const { dir, cacheDir, root } = await setup();
    try {
      await load(dir, cacheDir);
      const segments = async () => (await readdir(cacheDir)).filter((f) => f.endsWith('.seg'));
      const [segment] = await segments();
      // Opened, then the segment is removed (what another shard's compaction does): reads go on from the open file.
      const cache = await openKnowledgeCache(cacheDir, dir, { version: 'v-test' });
      await rm(join(cacheDir, segment!));
      const counter = counting();
      const loaded = await loadCorpusCached(dir, { cache, extract: counter.extract, lean: true });
      expect(counter.calls).toEqual([]);
      expect(withSentences(loaded.documents[1]!, cachedSentences((h) => cache.document(h)?.sentences)).sentences.some((s) => s.text.includes('Исиба'))).toBe(true);
      cache.close();
      // Opened after the removal: the manifest names a segment that is gone, so its articles are extracted again.
      const warnings: string[] = [];
      const again = await load(dir, cacheDir, 'v-test', { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringMatching(/1 segment file\(s\) missing; their articles will be extracted again$/)]);
      expect(again.calls).toHaveLength(3);
      expect((await load(dir, cacheDir)).calls).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('a cache folder that cannot be written', () => {
  it('loads lean all the same: entries stay in memory, sentences read back, one warning, and the app answers', async () => {
    const { dir, root } = await setup();
    try {
      const blocked = join(root, 'not-a-folder');
      await writeFile(blocked, 'a file where the cache folder should be');
      const warnings: string[] = [];
      const cache = await openKnowledgeCache(blocked, dir, { version: 'v-ro', log: { warn: (m) => warnings.push(m) } });
      const loaded = await loadCorpusCached(dir, { cache, extract: extractDocument, lean: true, spillEvery: 1 });
      expect(loaded.documents.map((d) => d.id)).toEqual(['000_6c8d8428f9bc3ae4', '002_460abb11f1e7dc2e', '004_80fd675a9a6137d2']);
      expect(loaded.documents.every(isLean)).toBe(true);
      expect(withSentences(loaded.documents[1]!, cachedSentences((h) => cache.document(h)?.sentences)).sentences.some((s) => s.text.includes('Исиба'))).toBe(true);
      expect(warnings.filter((w) => /not written \(entries kept in memory\)/.test(w))).toHaveLength(1);
      await expect(cache.save()).rejects.toThrow();
      const appWarnings: string[] = [];
      const app = await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir: blocked }, { warn: (m) => appWarnings.push(m) });
      const plain = await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024 });
      expect(extractJson(app)).toEqual(extractJson(plain));
      expect(appWarnings.some((w) => w.includes('not written'))).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
