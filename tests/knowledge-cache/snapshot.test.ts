/**
 * The knowledge snapshot (src/knowledge-cache/snapshot.ts): a warm start restores the assembled knowledge instead of
 * reading every entry and merging every article again, and is always the knowledge a fresh load gives — after files
 * changed, were added or removed, and whatever happened to the snapshot file (damaged, truncated, a writer killed).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { loadApp, streamingSearchIndex } from '../../src/app.js';
import { extractJson } from '../../src/cli.js';
import { cacheFiles } from '../../src/knowledge-cache/files.js';
import { openKnowledgeCache } from '../../src/knowledge-cache/open.js';
import { readSnapshot } from '../../src/knowledge-cache/snapshot.js';
import { continueFromSnapshot, leanDocumentsOf, loadKnowledge, stampsOf, type Assembled } from '../../src/knowledge-cache/knowledge-load.js';
import { createLiveCorpus } from '../../src/corpus-folder/live.js';
import { loadCorpusFile } from '../../src/corpus-folder/load.js';
import type { Document } from '../../src/corpus/types.js';
import { extractDocument } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler } from '../../src/knowledge/assembler.js';
import type { Log } from '../../src/store/store.js';
import { rankingsOf } from '../../src/briefing/rankings.js';
import { decodeKnowledge, encodeKnowledgeInSteps } from '../../src/knowledge-cache/knowledge-image.js';

const SEEDS = join(import.meta.dirname, '../../seeds');
const ROOT = join(import.meta.dirname, '../..');
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

async function setup(files = ['000_6c8d8428f9bc3ae4.txt', '001_597852ecc2bc7647.txt', '002_460abb11f1e7dc2e.txt', '004_80fd675a9a6137d2.txt']) {
  const root = await mkdtemp(join(tmpdir(), 'attache-snapshot-'));
  const dir = join(root, 'corpus');
  const cacheDir = join(root, 'cache');
  await mkdir(dir);
  for (const f of files) await copyFile(join(SEEDS, f), join(dir, f));
  return { root, dir, cacheDir };
}

/** What every surface prints (extract --json), and the engine's meeting list. */
async function answers(app: Awaited<ReturnType<typeof loadApp>>) {
  return { json: extractJson(app), meetings: await app.engine.meetings({}, 'en-US'), briefing: await app.engine.briefing(undefined, 'en-US') };
}

/**
 * Runs `body` in a fresh folder of seed articles loaded once through a cache (its snapshot written), with the answers
 * of that load, then removes the folder.
 */
async function withLoadedFolder(body: (folder: {
  root: string; dir: string; cacheDir: string; config: { corpusDir: string; corpusMaxBytes: number; cacheDir: string }; expected: Awaited<ReturnType<typeof answers>>;
}) => Promise<void>): Promise<void> {
  const { root, dir, cacheDir } = await setup();
  try {
    const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
    await body({ root, dir, cacheDir, config, expected: await answers(await loadApp(config)) });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The snapshot file at `path` rewritten as format 5 wrote it: the files as v8-serialized [name, hash, id] rows
 * ('files'), the stamps as JSON [hash, bytes, month?] rows ('stamps'); every other chunk as it is.
 */
async function rewriteAsFormat5(path: string): Promise<void> {
  const bytes = await readFile(path);
  const trailerLength = bytes.readUInt32LE(bytes.length - 8);
  const trailer = JSON.parse(bytes.toString('utf8', bytes.length - 8 - trailerLength, bytes.length - 8)) as { chunks: [string, number, number][] };
  const pieces: Buffer[] = [bytes.subarray(0, 8)];
  const chunks: [string, number, number][] = [];
  const hashes: string[] = [];
  let stamped = 0;
  let offset = 8;
  for (const [kind, length] of trailer.chunks) {
    let piece = bytes.subarray(offset, offset + length);
    offset += length;
    let written = kind;
    const fields = piece.toString('utf8').split('\0');
    if (kind === 'names') {
      const rows: string[][] = [];
      for (let i = 0; i < fields.length; i += 3) rows.push([fields[i]!, fields[i + 1]!, fields[i + 2]!]);
      hashes.push(...rows.map((row) => row[1]!));
      [piece, written] = [serialize(rows), 'files'];
    } else if (kind === 'sizes') {
      const rows: (string | number)[][] = [];
      for (let i = 0; i < fields.length; i += 2) {
        const hash = hashes[stamped++]!;
        rows.push(fields[i + 1] ? [hash, Number(fields[i]), fields[i + 1]!] : [hash, Number(fields[i])]);
      }
      [piece, written] = [Buffer.from(JSON.stringify(rows)), 'stamps'];
    }
    pieces.push(piece);
    chunks.push([written, piece.length, crc32(piece)]);
  }
  const json = Buffer.from(JSON.stringify({ ...trailer, chunks }));
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(json.length, 0);
  bytes.copy(tail, 4, bytes.length - 4);
  const head = Buffer.from(pieces[0]!);
  head.writeUInt32LE(5, 4);
  await writeFile(path, Buffer.concat([head, ...pieces.slice(1), json, tail]));
}

const fresh = (dir: string) => loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024 });

describe('the knowledge snapshot', () => {
  it('gives a warm start the knowledge of a fresh load without merging a single article', async () => {
    const { root, dir, cacheDir } = await setup();
    try {
      const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
      await loadApp(config);
      const cache = await openKnowledgeCache(cacheDir, dir);
      const snapshot = cache.readSnapshot();
      cache.close();
      expect(snapshot?.files.map((f) => f.name)).toEqual(['000_6c8d8428f9bc3ae4.txt', '001_597852ecc2bc7647.txt', '002_460abb11f1e7dc2e.txt', '004_80fd675a9a6137d2.txt']);
      const warnings: string[] = [];
      const warm = await loadApp(config, { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      expect(await answers(warm)).toEqual(await answers(await fresh(dir)));
      // The same load, watched: no entry read, nothing merged, every file taken unread.
      const watched = await openKnowledgeCache(cacheDir, dir);
      let reads = 0;
      const get = watched.get.bind(watched);
      watched.get = (hash) => (reads++, get(hash));
      const index = await streamingSearchIndex(watched);
      let merged = 0;
      const assembler = createAssembler();
      const loaded = await loadKnowledge(dir, { cache: watched, extract: extractDocument, index, assembler: { ...assembler, add: (f) => (merged++, assembler.add(f)) } });
      // No entry read, none extracted, none merged: the knowledge is the snapshot's image.
      expect({ reads, merged, fromSnapshot: loaded.fromSnapshot, fromImage: loaded.fromImage, changed: loaded.changed, counts: loaded.counts })
        .toEqual({ reads: 0, merged: 0, fromSnapshot: true, fromImage: true, changed: false, counts: { unread: 4, reused: 0, extracted: 0 } });
      expect(JSON.stringify(loaded.assembler.knowledge())).toBe(JSON.stringify(warm.knowledge));
      // The engine's rankings came with it, for that very knowledge, as the engine would make them.
      expect(loaded.rankings?.knowledge).toBe(loaded.assembler.knowledge());
      const { knowledge: _, ...kept } = loaded.rankings!;
      expect(kept).toEqual(rankingsOf(loaded.assembler.knowledge()));
      // Filled while idle: every entry's facts read once, the plan placing every meeting (still none merged).
      while (!loaded.assembler.prepare!(1));
      expect({ reads, merged }).toEqual({ reads: 4, merged: 0 });
      expect(JSON.stringify(assembler.knowledge())).toBe(JSON.stringify(warm.knowledge));
      // Changed before any idle step: the assembler is filled first, then changed, as one that was filled already.
      const unfilled = (await loadKnowledge(dir, { cache: watched, extract: extractDocument, assembler: createAssembler() })).assembler;
      expect(unfilled.remove('001_597852ecc2bc7647')).toBe(true);
      expect(assembler.remove('001_597852ecc2bc7647')).toBe(true);
      expect(JSON.stringify(unfilled.knowledge())).toBe(JSON.stringify(assembler.knowledge()));
      expect(unfilled.knowledge().documents.map((d) => d.id)).not.toContain('001_597852ecc2bc7647');
      watched.close();
      // A file touched (the same bytes, a new mtime) is read again, found to be the snapshot's, and the start still
      // comes from the image; its new stat is recorded, so the start after takes it unread.
      await utimes(join(dir, '002_460abb11f1e7dc2e.txt'), new Date(), new Date(Date.now() + 5000));
      const touched = await openKnowledgeCache(cacheDir, dir);
      const again = await loadKnowledge(dir, { cache: touched, extract: extractDocument, assembler: createAssembler() });
      expect({ fromImage: again.fromImage, counts: again.counts }).toEqual({ fromImage: true, counts: { unread: 3, reused: 1, extracted: 0 } });
      expect(JSON.stringify(again.assembler.knowledge())).toBe(JSON.stringify(warm.knowledge));
      await touched.save(again.documents.map((d) => d.hash));
      touched.close();
      const after = await openKnowledgeCache(cacheDir, dir);
      expect((await loadKnowledge(dir, { cache: after, extract: extractDocument, assembler: createAssembler() })).counts).toEqual({ unread: 4, reused: 0, extracted: 0 });
      after.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('merges only the articles changed since it was written: a changed, a removed and a new article', async () => {
    const { root, dir, cacheDir } = await setup();
    try {
      const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
      await loadApp(config);
      // 001 reports the ASEAN meeting 000 reports: removing it takes its report out of a merged meeting.
      await unlink(join(dir, '001_597852ecc2bc7647.txt'));
      await copyFile(join(SEEDS, '003_86fea495d9a89ce1.txt'), join(dir, '003_86fea495d9a89ce1.txt'));
      await writeFile(join(dir, '004_80fd675a9a6137d2.txt'), `${await readFile(join(SEEDS, '004_80fd675a9a6137d2.txt'), 'utf8')}\n\nThe two ministers met again in Hanoi on 3 March 2026.\n`);
      const warm = await loadApp(config);
      expect(await answers(warm)).toEqual(await answers(await fresh(dir)));
      // The snapshot was written again: the next start restores the new state.
      const again = await loadApp(config);
      expect(await answers(again)).toEqual(await answers(warm));
      // A file touched (same bytes, new mtime) is read again and changes nothing.
      await utimes(join(dir, '002_460abb11f1e7dc2e.txt'), new Date(), new Date(Date.now() + 5000));
      expect(await answers(await loadApp(config))).toEqual(await answers(warm));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rebuilds a lost search index image from the cached sentences (a warm start decodes none otherwise)', async () => {
    const { root, dir, cacheDir } = await setup();
    try {
      const config = { corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir };
      const cold = await loadApp(config);
      await unlink(cacheFiles(cacheDir, dir).index);
      const warm = await loadApp(config);
      for (const q of ['Исиба', 'semiconductor', 'Ishiba Shigeru Hanoi']) expect(warm.index.search(q, { limit: 5 })).toEqual(cold.index.search(q, { limit: 5 }));
      expect(warm.index.search('Исиба', { limit: 3 }).length).toBeGreaterThan(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('is reported and ignored when damaged or truncated, and the load is still right', async () => {
    await withLoadedFolder(async ({ dir, cacheDir, config, expected }) => {
      const path = cacheFiles(cacheDir, dir).snapshot;
      const good = await readFile(path);
      for (const damage of ['flip', 'cut-middle', 'cut-trailer', 'empty'] as const) {
        const bytes = Buffer.from(good);
        if (damage === 'flip') bytes[Math.floor(bytes.length / 3)]! ^= 0xff;
        await writeFile(path, damage === 'flip' ? bytes : good);
        if (damage === 'cut-middle') await truncate(path, Math.floor(good.length / 2));
        if (damage === 'cut-trailer') await truncate(path, good.length - 3);
        if (damage === 'empty') await truncate(path, 0);
        const warnings: string[] = [];
        const app = await loadApp(config, { warn: (m) => warnings.push(m) });
        expect(await answers(app), damage).toEqual(expected);
        // A byte of the image is found as the image is read (and the facts are read instead).
        expect(warnings.join('\n'), damage).toMatch(/snapshot-[0-9a-f]{12}\.bin ignored: |knowledge image not used \(knowledge image: damaged/);
        // The load wrote a good one again.
        const reopened = await openKnowledgeCache(cacheDir, dir);
        expect(readSnapshot(path, reopened.version), damage).toHaveProperty('plan');
        reopened.close();
      }
    });
  });

  it('works around an image that does not decode, and cache entries lost behind an image', async () => {
    await withLoadedFolder(async ({ root, dir, cacheDir, config, expected }) => {
      // A snapshot whose image chunk is intact on disk (its CRC matches) but is not an image.
      const cache = await openKnowledgeCache(cacheDir, dir);
      const snapshot = cache.readSnapshot()!;
      await cache.writeSnapshot({ ...snapshot, knowledge: Buffer.from('not an image at all, but checksummed') });
      cache.close();
      const warnings: string[] = [];
      expect(await answers(await loadApp(config, { warn: (m) => warnings.push(m) }))).toEqual(expected);
      expect(warnings.join('\n')).toMatch(/knowledge image not used \(.+\); the articles' facts are read instead/);
      // Written again, good: the next start decodes it.
      const next = await openKnowledgeCache(cacheDir, dir);
      const loaded = await loadKnowledge(dir, { cache: next, extract: extractDocument, assembler: createAssembler() });
      expect(loaded.fromImage).toBe(true);
      // The segments holding the entries are lost after that start: the facts needed to change the corpus are
      // extracted again from the files, and the change is right.
      for (const name of await readdir(cacheDir)) if (name.endsWith('.seg')) await unlink(join(cacheDir, name));
      expect(loaded.assembler.remove('001_597852ecc2bc7647')).toBe(true);
      next.close();
      await unlink(join(dir, '001_597852ecc2bc7647.txt'));
      // (A first load through a cache of its own: lean knowledge, as this one.)
      const lean = await loadApp({ ...config, cacheDir: join(root, 'other-cache') });
      expect(JSON.stringify(loaded.assembler.knowledge())).toBe(JSON.stringify(lean.knowledge));
    });
  });

  it('without it, reads each cached article\'s facts once: for the merge, not during the load', async () => {
    const { root, dir, cacheDir } = await setup();
    try {
      const cold = await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir });
      await rm(cacheFiles(cacheDir, dir).snapshot);
      const cache = await openKnowledgeCache(cacheDir, dir);
      const reads: string[] = [];
      const get = cache.get.bind(cache) as (hash: string, lean?: 'lean') => ReturnType<typeof cache.get>;
      cache.get = ((hash: string, lean?: 'lean') => {
        reads.push(hash);
        return get(hash, lean);
      }) as typeof cache.get;
      const loaded = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: createAssembler() });
      expect(loaded.counts).toEqual({ unread: 4, reused: 0, extracted: 0 });
      expect(reads).toEqual([]);
      const knowledge = loaded.assembler.knowledge();
      expect([...reads].sort()).toEqual(loaded.documents.map((d) => d.hash).sort());
      expect(JSON.stringify(knowledge)).toBe(JSON.stringify(cold.knowledge));
      expect(cache.stats()).toMatchObject({ entries: 4, misses: 0 });
      cache.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('lets a cold start go on from its image read back, the assembler that merged every article let go', async () => {
    const { root, dir, cacheDir } = await setup();
    try {
      // A cold load: every article merged into `merging`, once the load's assembler is first used.
      const cache = await openKnowledgeCache(cacheDir, dir);
      const merging = createAssembler();
      const loaded = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: merging });
      expect({ fromSnapshot: loaded.fromSnapshot, changed: loaded.changed }).toEqual({ fromSnapshot: false, changed: true });
      expect(merging.plan().documents).toEqual([]);
      await cache.save(loaded.documents.map((d) => d.hash));
      const built = loaded.assembler.knowledge();
      expect(merging.plan().documents).toEqual(loaded.documents.map((d) => d.id));
      const assembled: Assembled = { plan: loaded.assembler.plan(), knowledge: built };
      const fresh = createAssembler();
      const warnings: string[] = [];
      const continued = await continueFromSnapshot(dir, loaded.documents, assembled, { cache, extract: extractDocument, fresh, warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      // The knowledge is the image's, read back (not the built one, which is let go), equal to it, with its rankings.
      expect(assembled.knowledge).toBeUndefined();
      const image = continued.assembler.knowledge();
      expect(image).not.toBe(built);
      expect(JSON.stringify(image)).toBe(JSON.stringify(built));
      expect(continued.rankings?.knowledge).toBe(image);
      const { knowledge: _, ...kept } = continued.rankings!;
      expect(kept).toEqual(rankingsOf(built));
      // The snapshot written is the one a warm start takes.
      const warm = await loadKnowledge(dir, { cache: await openKnowledgeCache(cacheDir, dir), extract: extractDocument, assembler: createAssembler() });
      expect({ fromImage: warm.fromImage, changed: warm.changed }).toEqual({ fromImage: true, changed: false });
      // Changed, it is filled from the cache first (`fresh`), and gives what the assembler that merged everything gives.
      expect(continued.assembler.remove('001_597852ecc2bc7647')).toBe(true);
      expect(merging.remove('001_597852ecc2bc7647')).toBe(true);
      expect(JSON.stringify(continued.assembler.knowledge())).toBe(JSON.stringify(merging.knowledge()));
      expect(JSON.stringify(fresh.knowledge())).toBe(JSON.stringify(merging.knowledge()));
      // A snapshot that cannot be written: said, and the built knowledge goes on, as right.
      const full = await openKnowledgeCache(join(root, 'full'), dir);
      full.writeSnapshot = () => Promise.reject(new Error('no space left on device'));
      const refill = createAssembler();
      const unwritten = await continueFromSnapshot(dir, loaded.documents, { plan: merging.plan(), knowledge: merging.knowledge() }, { cache: full, extract: extractDocument, fresh: refill, warn: (m) => warnings.push(m) });
      expect(warnings).toEqual(['cache: knowledge snapshot not written (no space left on device)']);
      expect(unwritten.assembler.knowledge()).toBe(merging.knowledge());
      expect(unwritten.rankings).toBeUndefined();
      expect(unwritten.assembler.remove('002_460abb11f1e7dc2e')).toBe(true);
      expect(merging.remove('002_460abb11f1e7dc2e')).toBe(true);
      expect(JSON.stringify(unwritten.assembler.knowledge())).toBe(JSON.stringify(merging.knowledge()));
      // A snapshot written but not read back: said, and the knowledge assembled again from the cached facts, as right.
      const lost = await openKnowledgeCache(cacheDir, dir);
      lost.readSnapshot = () => undefined;
      const again = await continueFromSnapshot(dir, loaded.documents, { plan: merging.plan(), knowledge: merging.knowledge() }, { cache: lost, extract: extractDocument, fresh: createAssembler(), warn: (m) => warnings.push(m) });
      expect(warnings.at(-1)).toBe('cache: knowledge image not read back (none in the snapshot); the knowledge is assembled again from the cached facts');
      expect(again.written).toBe(true);
      expect(again.assembler.knowledge()).not.toBe(merging.knowledge());
      expect(JSON.stringify(again.assembler.knowledge())).toBe(JSON.stringify(merging.knowledge()));
      cache.close();
      full.close();
      lost.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('keeps rankings only for the code version that made them, and reads a format 3 snapshot (without them)', async () => {
    await withLoadedFolder(async ({ dir, cacheDir, config, expected }) => {
      const cache = await openKnowledgeCache(cacheDir, dir);
      const snapshot = cache.readSnapshot()!;
      expect(snapshot.rankings?.version).toMatch(/^xr1-[0-9a-f]{16}$/);
      // Ranked by another version of the code (reversed, to tell them apart): not used, and the answers unchanged.
      const reversed = { ...snapshot.rankings!, version: 'xr1-0000000000000000', statements: snapshot.rankings!.statements.slice().reverse() };
      await cache.writeSnapshot({ ...snapshot, rankings: reversed });
      const stale = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: createAssembler() });
      expect({ fromImage: stale.fromImage, rankings: stale.rankings }).toEqual({ fromImage: true, rankings: undefined });
      expect(await answers(await loadApp(config))).toEqual(expected);
      // Without rankings, marked as format 3: read, the image used, the rankings made by the engine.
      const { rankings: _, ...without } = snapshot;
      await cache.writeSnapshot(without);
      const path = cacheFiles(cacheDir, dir).snapshot;
      const bytes = await readFile(path);
      bytes.writeUInt32LE(3, 4);
      await writeFile(path, bytes);
      const old = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: createAssembler() });
      expect({ fromImage: old.fromImage, rankings: old.rankings }).toEqual({ fromImage: true, rankings: undefined });
      expect(await answers(await loadApp(config))).toEqual(expected);
      cache.close();
    });
  });

  it('keeps the lean documents as stamps beside the image (format 5), and still reads them whole (format 4)', async () => {
    await withLoadedFolder(async ({ dir, cacheDir, config, expected }) => {
      const cache = await openKnowledgeCache(cacheDir, dir);
      const snapshot = cache.readSnapshot()!;
      expect({ documents: snapshot.documents, stamps: snapshot.stamps?.length }).toEqual({ documents: undefined, stamps: 4 });
      const stamped = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: createAssembler() });
      expect(stamped.fromImage).toBe(true);
      // The lean documents made from the image are those a load without a snapshot gives.
      const plain = await loadKnowledge(dir, { cache: await openKnowledgeCache(join(cacheDir, '..', 'plain'), dir), extract: extractDocument, assembler: createAssembler() });
      expect(stamped.documents).toEqual(plain.documents);
      const image = decodeKnowledge(snapshot.knowledge!);
      expect(leanDocumentsOf(image, snapshot.plan.documents, snapshot.stamps!)).toEqual(plain.documents);
      // Written whole and marked as format 4: read, and the image used.
      const { stamps: _, ...rest } = cache.readSnapshot()!;
      await cache.writeSnapshot({ ...rest, documents: plain.documents.map((d) => ({ ...d, sentences: null })) });
      const path = cacheFiles(cacheDir, dir).snapshot;
      const bytes = await readFile(path);
      bytes.writeUInt32LE(4, 4);
      await writeFile(path, bytes);
      expect(cache.readSnapshot()?.documents?.length).toBe(4);
      const whole = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: createAssembler() });
      expect({ fromImage: whole.fromImage, documents: whole.documents }).toEqual({ fromImage: true, documents: plain.documents });
      expect(await answers(await loadApp(config))).toEqual(expected);
      cache.close();
    });
  });

  it('keeps the files as NUL-separated text (format 6), and still reads format 5 (v8 rows and JSON stamps)', async () => {
    await withLoadedFolder(async ({ dir, cacheDir, config, expected }) => {
      const path = cacheFiles(cacheDir, dir).snapshot;
      const cache = await openKnowledgeCache(cacheDir, dir);
      const { knowledge: _, ...current } = cache.readSnapshot()!;
      expect((await readFile(path)).readUInt32LE(4)).toBe(6);
      expect(current.files.length).toBe(4);
      expect(current.stamps!.map((d) => d.hash)).toEqual(current.files.map((f) => f.hash));
      await rewriteAsFormat5(path);
      const { knowledge: image, ...old } = cache.readSnapshot()!;
      expect(old).toEqual(current);
      expect(image).toBeDefined();
      const loaded = await loadKnowledge(dir, { cache, extract: extractDocument, assembler: createAssembler() });
      expect(loaded.fromImage).toBe(true);
      expect(await answers(await loadApp(config))).toEqual(expected);
      cache.close();
    });
  });

  it('stamps a lean document only when its image document holds the rest of it, its page month included', () => {
    const info = { id: 'a', file: 'a.txt', lang: 'vi', title: 'Tin ngắn', outlet: null, published: null, source: null, sentences: 3, warnings: ['encoding guessed'], areas: [] };
    const knowledge = { documents: [info], meetings: [], plans: [], areas: [], figures: [] };
    const lean = { id: 'a', file: 'a.txt', lang: 'vi', title: 'Tin ngắn', outlet: null, published: null, month: '2025-03', source: null, sentences: null, warnings: ['encoding guessed'], hash: 'h', bytes: 12 };
    const stamps = stampsOf([lean], knowledge)!;
    expect(stamps).toEqual([{ hash: 'h', bytes: 12, month: '2025-03' }]);
    expect(JSON.stringify(leanDocumentsOf(knowledge, ['a'], stamps))).toBe(JSON.stringify([lean]));
    // Anything the image does not hold, or holds otherwise: written whole.
    expect(stampsOf([{ ...lean, title: 'Khác' }], knowledge)).toBeUndefined();
    expect(stampsOf([{ ...lean, warnings: [] }], knowledge)).toBeUndefined();
    expect(stampsOf([{ ...lean, feed: 'x' } as typeof lean], knowledge)).toBeUndefined();
    expect(stampsOf([{ ...lean, id: 'b' }], knowledge)).toBeUndefined();
    expect(stampsOf([{ ...lean, month: '' }], knowledge)).toBeUndefined();
    // Documents planned in another order than the image's: each still finds its own.
    const second = { ...info, id: 'b', file: 'b.txt', title: 'Tin khác', warnings: [] };
    const both = { ...knowledge, documents: [info, second] };
    const made = leanDocumentsOf(both, ['b', 'a'], [{ hash: 'hb', bytes: 7 }, stamps[0]!])!;
    expect(made.map((d) => [d.id, d.file, d.title, d.hash, d.bytes, d.month])).toEqual([
      ['b', 'b.txt', 'Tin khác', 'hb', 7, undefined], ['a', 'a.txt', 'Tin ngắn', 'h', 12, '2025-03'],
    ]);
    expect('month' in made[0]!).toBe(false);
    expect(leanDocumentsOf(knowledge, ['b'], stamps)).toBeUndefined();
  });

  it('reads back as intact an image with empty sections (a knowledge without figures)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'attache-snapshot-'));
    try {
      const cache = await openKnowledgeCache(join(root, 'cache'), join(root, 'corpus'));
      const document = (await loadCorpusFile(join(SEEDS, '000_6c8d8428f9bc3ae4.txt'))) as { document: Document };
      const knowledge = assembleKnowledge([{ ...extractDocument(document.document), figures: [] }]);
      expect({ meetings: knowledge.meetings.length > 0, figures: knowledge.figures }).toEqual({ meetings: true, figures: [] });
      await cache.writeSnapshot({ files: [], stamps: [], plan: createAssembler().plan(), knowledge: await encodeKnowledgeInSteps(knowledge) });
      const chunk = cache.readSnapshot()!.knowledge!;
      expect(JSON.stringify(decodeKnowledge(chunk))).toBe(JSON.stringify(knowledge));
      // Node 20's crc32 gave 0 for an empty section's bytes, and the image was taken for damaged.
      expect(chunk.intact()).toBe(true);
      cache.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('leaves its image in the file until it is decoded: read from the file it was read from, its CRC checked as it is read', async () => {
    await withLoadedFolder(async ({ dir, cacheDir, config, expected }) => {
      const cache = await openKnowledgeCache(cacheDir, dir);
      const first = cache.readSnapshot()!;
      const chunk = first.knowledge!;
      if (chunk instanceof Uint8Array) throw new Error('read into memory');
      // Another snapshot written over it since (as another shard would): the chunk still reads the one it was read from.
      const { rankings: _, ...without } = first;
      await cache.writeSnapshot(without);
      const decoded = decodeKnowledge(chunk, 64);
      expect(chunk.intact()).toBe(true);
      expect(JSON.stringify(decoded)).toBe(JSON.stringify((await loadApp(config)).knowledge));
      cache.close();
      // One byte of the image changed on disk: found as it is read, reported, and the facts read instead.
      const path = cacheFiles(cacheDir, dir).snapshot;
      const bytes = await readFile(path);
      const trailerLength = bytes.readUInt32LE(bytes.length - 8);
      const trailer = JSON.parse(bytes.toString('utf8', bytes.length - 8 - trailerLength, bytes.length - 8)) as { chunks: [string, number, number][] };
      let at = 8;
      for (const [kind, length] of trailer.chunks) {
        if (kind === 'knowledge') break;
        at += length;
      }
      const image = trailer.chunks.find(([kind]) => kind === 'knowledge')!;
      bytes[at + image[1] - 5]! ^= 0x01;
      await writeFile(path, bytes);
      const warnings: string[] = [];
      expect(await answers(await loadApp(config, { warn: (m) => warnings.push(m) }))).toEqual(expected);
      expect(warnings.join('\n')).toMatch(/knowledge image not used \(knowledge image: damaged/);
    });
  });

  it('survives a process killed while writing it: the next start uses the previous one or none, never a part', async () => {
    await withLoadedFolder(async ({ root, dir, cacheDir, config, expected }) => {
      // A child that rewrites this folder's snapshot in a loop, saying when each write starts; killed at whatever
      // point of a write the 20th announcement finds it (the loop does nothing else).
      const script = join(root, 'writer.mts');
      await writeFile(script, [
        `import { openKnowledgeCache } from ${JSON.stringify(join(ROOT, 'src/knowledge-cache/open.ts'))};`,
        `const cache = await openKnowledgeCache(${JSON.stringify(cacheDir)}, ${JSON.stringify(dir)});`,
        'const snapshot = cache.readSnapshot();',
        'if (!snapshot) throw new Error("no snapshot");',
        'for (;;) { process.stdout.write("writing\\n"); await cache.writeSnapshot(snapshot); }',
      ].join('\n'));
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let lines = 0;
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
        child.stdout.on('data', (chunk: string) => {
          lines += chunk.split('\n').filter(Boolean).length;
          if (lines >= 20) resolve();
        });
      });
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      await once(child, 'exit');
      const warnings: string[] = [];
      const app = await loadApp(config, { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      expect(await answers(app)).toEqual(expected);
      // What the killed write left (its temporary file) goes with the next save once it is an hour old.
      const leftover = `${cacheFiles(cacheDir, dir).snapshot}.4242.old.tmp`;
      await writeFile(leftover, 'partial');
      const hoursAgo = new Date(Date.now() - 2 * 3600_000);
      await utimes(leftover, hoursAgo, hoursAgo);
      await writeFile(join(dir, '004_80fd675a9a6137d2.txt'), `${await readFile(join(SEEDS, '004_80fd675a9a6137d2.txt'), 'utf8')}\n`);
      await loadApp(config);
      // (The killed writer's own temporary file, if the kill landed inside a write, is younger: kept for now.)
      expect(await readdir(cacheDir)).not.toContain(basename(leftover));
    });
  }, 60_000);

  it('lets a live corpus started from it extract one article of each language while idle, its facts dropped', async () => {
    const files = ['000_6c8d8428f9bc3ae4.txt', '001_597852ecc2bc7647.txt', '002_460abb11f1e7dc2e.txt', '003_86fea495d9a89ce1.txt', '004_80fd675a9a6137d2.txt'];
    const { root, dir, cacheDir } = await setup(files);
    const extracted: string[] = [];
    const start = async (extract: (d: Document) => ReturnType<typeof extractDocument>) => {
      const cache = await openKnowledgeCache(cacheDir, dir);
      return createLiveCorpus(dir, {
        pipeline: { extract, assemble: assembleKnowledge, assembler: createAssembler },
        cache, log: quiet, watch: false, indexStream: () => streamingSearchIndex(cache),
      });
    };
    try {
      const first = await start(extractDocument);
      await first.prepared();
      const expected = JSON.stringify(first.knowledge());
      const languages = first.knowledge().documents.map((d) => d.lang);
      first.close();
      // A restart from the snapshot reads no article to start; while idle, it extracts the first of each language.
      const second = await start((d) => (extracted.push(d.file), extractDocument(d)));
      expect(extracted).toEqual([]);
      await second.prepared();
      const firsts = files.filter((_, i) => languages.indexOf(languages[i]!) === i);
      expect(new Set(languages).size).toBeGreaterThan(1);
      expect(extracted).toEqual(firsts);
      expect(JSON.stringify(second.knowledge())).toBe(expected);
      second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('lets a live corpus restart from it, and writes it again after an update', async () => {
    const { root, dir, cacheDir } = await setup(['000_6c8d8428f9bc3ae4.txt', '002_460abb11f1e7dc2e.txt']);
    const start = async () => {
      const cache = await openKnowledgeCache(cacheDir, dir);
      return createLiveCorpus(dir, {
        pipeline: { extract: extractDocument, assemble: assembleKnowledge, assembler: createAssembler },
        cache, log: quiet, watch: false, indexStream: () => streamingSearchIndex(cache),
      });
    };
    try {
      const first = await start();
      // A first start writes its snapshot at once and goes on from its image, with the rankings kept in it.
      const written = await openKnowledgeCache(cacheDir, dir);
      expect(written.readSnapshot()?.files.map((f) => f.name)).toEqual(['000_6c8d8428f9bc3ae4.txt', '002_460abb11f1e7dc2e.txt']);
      written.close();
      expect(first.rankings()?.knowledge).toBe(first.knowledge());
      // Its search index, set aside while the articles merged and the snapshot was written, is read back: it holds
      // every article and answers as the index a load builds.
      const served = first.index()!;
      expect(served.stats().documents).toBe(2);
      const built = (await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024 })).index;
      expect(served.search('Japan Vietnam', { limit: 5 }).length).toBeGreaterThan(0);
      for (const q of ['Japan Vietnam', 'semiconductors', 'Исиба']) expect(served.search(q, { limit: 5 })).toEqual(built.search(q, { limit: 5 }));
      await copyFile(join(SEEDS, '001_597852ecc2bc7647.txt'), join(dir, '001_597852ecc2bc7647.txt'));
      await first.refresh();
      await first.flush();
      const expected = JSON.stringify(first.knowledge());
      first.close();
      const cache = await openKnowledgeCache(cacheDir, dir);
      expect(cache.readSnapshot()?.files.map((f) => f.name)).toEqual(['000_6c8d8428f9bc3ae4.txt', '001_597852ecc2bc7647.txt', '002_460abb11f1e7dc2e.txt']);
      cache.close();
      const second = await start();
      expect(JSON.stringify(second.knowledge())).toBe(expected);
      // What a first load of the same folder (lean, through its own cache) assembles.
      const firstLoad = async () => JSON.stringify((await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024, cacheDir: join(root, `other-${Math.random()}`) })).knowledge);
      expect(JSON.stringify(second.knowledge())).toBe(await firstLoad());
      second.close();
      // Started from the image, then changed at once (before any idle step filled the assembler): an article that
      // shares a meeting with another removed, one changed, one added.
      await start().then(async (third) => {
        // The snapshot's rankings come with the knowledge it gave, and are let go once that changes.
        expect(third.rankings()?.knowledge).toBe(third.knowledge());
        await unlink(join(dir, '001_597852ecc2bc7647.txt'));
        await writeFile(join(dir, '002_460abb11f1e7dc2e.txt'), `${await readFile(join(SEEDS, '002_460abb11f1e7dc2e.txt'), 'utf8')}\n\nThe two ministers met again in Hanoi on 3 March 2026.\n`);
        await copyFile(join(SEEDS, '004_80fd675a9a6137d2.txt'), join(dir, '004_80fd675a9a6137d2.txt'));
        await third.refresh();
        expect(third.rankings()).toBeUndefined();
        expect(JSON.stringify(third.knowledge())).toBe(await firstLoad());
        await third.flush();
        third.close();
      });
      // And restarted from the snapshot that update wrote.
      const fourth = await start();
      expect(JSON.stringify(fourth.knowledge())).toBe(await firstLoad());
      fourth.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
