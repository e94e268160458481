import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { describe, it, expect } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { loadCorpusCached } from '../../src/knowledge-cache/load.js';
import { openKnowledgeCache } from '../../src/knowledge-cache/open.js';
import { createExtractPool, extractAll, PARALLEL_MIN_DOCUMENTS, workerHeapMb, workersFor, type ExtractPool } from '../../src/corpus-folder/extract-workers.js';
import { extractDocument, type DocumentFacts } from '../../src/knowledge/extract.js';
import { sentenceConcepts } from '../../src/knowledge/concepts.js';
import { parseDocument } from '../../src/corpus/documents.js';
import type { Document } from '../../src/corpus/types.js';

const SEEDS = new URL('../../seeds/', import.meta.url).pathname;

/** Seed articles (German, French, Vietnamese names with diacritics, Russian Cyrillic, Indonesian) plus a Swahili one (no lexicon). */
async function corpus(): Promise<Document[]> {
  const { documents } = await loadCorpusDir(SEEDS);
  const sw = parseDocument('sw.txt', new TextEncoder().encode(
    'Rais wa Vietnam akutana na Waziri Mkuu wa Japani\n\nMkutano ulifanyika Hanoi tarehe 5 Machi 2025 na walijadili biashara.\n',
  ));
  if ('warning' in sw) throw new Error(sw.warning.reason);
  return [...documents, { ...sw.document, lang: 'sw' }];
}

describe('workersFor', () => {
  it('keeps small batches and tests in this thread, and honours ATTACHE_EXTRACT_WORKERS', () => {
    expect(workersFor(PARALLEL_MIN_DOCUMENTS - 1, {})).toBe(0);
    expect(workersFor(10_000, { VITEST: 'true' })).toBe(0);
    expect(workersFor(5, { ATTACHE_EXTRACT_WORKERS: '2' })).toBe(2);
    expect(workersFor(10_000, { ATTACHE_EXTRACT_WORKERS: '0' })).toBe(0);
    expect(workersFor(10_000, { ATTACHE_EXTRACT_WORKERS: 'many' })).toBe(0);
  });
});

describe('extraction in worker threads', () => {
  it('gives exactly the facts and concepts of in-thread extraction, in order', async () => {
    const docs = await corpus();
    expect(docs.map((d) => d.lang)).toEqual(expect.arrayContaining(['de', 'ru', 'fr', 'id', 'sw']));
    const expected = JSON.stringify(docs.map((d) => extractDocument(d)));
    const expectedConcepts = docs.map((d) => d.sentences.map((s) => sentenceConcepts(d, s.index)));
    // Fresh copies: concepts are recorded per Document object, so the workers' results must record them too.
    const copies = docs.map((d) => structuredClone(d));
    const pool = createExtractPool({ size: 2 });
    const facts = await Promise.all(copies.map((d) => pool.extract(d)));
    expect(pool.failure).toBeNull();
    await pool.close();
    expect(JSON.stringify(facts)).toBe(expected);
    // The same fields in the same order (they come back as JSON text when JSON carries them exactly).
    expect(isDeepStrictEqual(facts, docs.map((d) => extractDocument(d)))).toBe(true);
    expect(JSON.stringify(await extractAll(docs.slice(0, 2), { size: 1 }))).toBe(JSON.stringify(docs.slice(0, 2).map((d) => extractDocument(d))));
    expect(copies.map((d) => d.sentences.map((s) => sentenceConcepts(d, s.index)))).toEqual(expectedConcepts);
    // The Russian seed names the Vietnamese president in Cyrillic; the Swahili article (no lexicon) still loads.
    const ru = facts[docs.findIndex((d) => d.lang === 'ru')]!;
    expect(ru.meetings.flatMap((m) => m.participants.map((p) => p.name))).toContain('Luong Cuong');
    expect(facts.at(-1)!.info.id).toBe('sw');
    expect(facts.at(-1)!.meetings).toEqual([]);
  }, 60_000);

  it('falls back to this thread when a worker cannot start, with the same facts', async () => {
    const docs = await corpus();
    const reasons: string[] = [];
    const pool = createExtractPool({
      size: 2,
      workerUrl: new URL('./no-such-worker-entry.ts', import.meta.url),
      onFailure: (r) => reasons.push(r),
    });
    try {
      const facts = await Promise.all(docs.map((d) => pool.extract(d)));
      expect(JSON.stringify(facts)).toBe(JSON.stringify(docs.map((d) => extractDocument(d))));
    } finally {
      await pool.close();
    }
    expect(pool.failure).not.toBeNull();
    expect(reasons).toHaveLength(1);
  }, 60_000);

  /**
   * `docs` through a one-worker pool whose worker exhausts its heap on the document with id 'oom' (fixtures/oom-worker.ts),
   * asked for by `ask`: the same facts as in this thread, the pool still on workers, no failure reported.
   */
  const expectOutOfMemoryRecovered = async (docs: Document[], ask: (pool: ExtractPool) => Promise<DocumentFacts[]>) => {
    const reasons: string[] = [];
    const pool = createExtractPool({
      size: 1,
      heapMb: workerHeapMb(0),
      workerUrl: new URL('./fixtures/oom-worker.ts', import.meta.url),
      onFailure: (r) => reasons.push(r),
    });
    try {
      const facts = await ask(pool);
      expect(JSON.stringify(facts)).toBe(JSON.stringify(docs.map((d) => extractDocument(d))));
      expect(pool.failure).toBeNull();
      expect(reasons).toEqual([]);
    } finally {
      await pool.close();
    }
  };

  it('replaces a worker that runs out of memory: its documents are extracted here, the rest still in workers', async () => {
    const docs = await corpus();
    // A copy of the first seed, under the id that makes the test's worker entry exhaust its heap.
    const docsWithHog = [...docs.slice(0, 3), { ...docs[0]!, id: 'oom' }, ...docs.slice(3)];
    // One at a time: the chunk that runs out of memory holds that document only, and the next ones go to the new worker.
    await expectOutOfMemoryRecovered(docsWithHog, async (pool) => {
      const facts = [];
      for (const d of docsWithHog) facts.push(await pool.extract(structuredClone(d)));
      return facts;
    });
  }, 60_000);

  it('answers every chunk a worker held when it runs out of memory, with several sent to it at once', async () => {
    const docs = await corpus();
    // Enough documents for several chunks in flight to one worker, the first chunk holding the one that exhausts it.
    const many = Array.from({ length: 80 }, (_, i) => ({ ...docs[i % docs.length]!, id: i === 5 ? 'oom' : `copy-${i}` }));
    await expectOutOfMemoryRecovered(many, (pool) => Promise.all(many.map((d) => pool.extract(structuredClone(d)))));
  }, 60_000);

  it('keeps its workers\' heap limit in a process started with --max-old-space-size', () => {
    // V8's flags are the process's: left as it is, the flag gave every worker its 4 GB over resourceLimits.
    const run = spawnSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', join(import.meta.dirname, 'fixtures/heap-limit-pool.ts')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { failure, workerHeapMb } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { failure: string | null; workerHeapMb: number };
    expect(failure).toBeNull();
    expect(workerHeapMb).toBeGreaterThan(0);
    expect(workerHeapMb).toBeLessThan(512);
  }, 60_000);

  it('bounds a worker\'s heap by the largest article it may extract', () => {
    expect(workerHeapMb(4_400)).toBe(288);
    expect(workerHeapMb(5 * 2 ** 20)).toBe(416);
    expect(workerHeapMb(5 * 2 ** 20)).toBeGreaterThan(workerHeapMb(2 ** 20));
  });

  it('loadCorpusCached with workers gives the documents, facts and counts of the in-thread load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-workers-'));
    try {
      const docs = await corpus();
      const load = async (workers: number) => {
        const cache = await openKnowledgeCache(join(dir, `cache-${workers}`), SEEDS, { version: 'test' });
        return loadCorpusCached(SEEDS, { cache, extract: extractDocument, workers });
      };
      const inThread = await load(0);
      const parallel = await load(2);
      expect(parallel.counts).toEqual({ unread: 0, reused: 0, extracted: docs.length - 1 });
      expect(parallel.documents.map((d) => d.id)).toEqual(inThread.documents.map((d) => d.id));
      expect(JSON.stringify(parallel.facts)).toBe(JSON.stringify(inThread.facts));
      expect(parallel.warnings).toEqual(inThread.warnings);
      await writeFile(join(dir, 'marker'), 'ok');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
