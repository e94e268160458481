import { describe, it, expect } from 'vitest';
import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { View } from '../../src/briefing/views.js';
import { createDigestService, type Poster } from '../../src/digest/service.js';
import type { Document } from '../../src/corpus/types.js';
import { createLiveCorpus, watchCorpus, type KnowledgePipeline, type LiveCorpus } from '../../src/corpus-folder/live.js';
import { openStore, type Log } from '../../src/store/store.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const SEEDS = join(import.meta.dirname, '../../seeds');

/** Documents only (the extraction itself is tested in tests/knowledge); counts extractions to prove the cache. */
function documentsOnly(): KnowledgePipeline<Document> & { extracted: string[] } {
  const extracted: string[] = [];
  return {
    extracted,
    extract: (d) => (extracted.push(d.id), d),
    assemble: (docs) => ({
      documents: docs.map((d) => ({
        id: d.id, file: d.file, lang: d.lang, title: d.title, outlet: d.outlet, published: d.published, source: d.source,
        sentences: d.sentences.length, warnings: d.warnings, areas: [],
      })),
      meetings: [], plans: [], areas: [], figures: [],
    }),
  };
}

function nextUpdate(): { wait: Promise<void>; onUpdate: () => void } {
  let resolve!: () => void;
  const wait = new Promise<void>((r) => (resolve = r));
  return { wait, onUpdate: () => resolve() };
}

describe('watchCorpus', () => {
  it('reports added, changed and removed article files once, and ignores a touch without a content change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-watch-'));
    try {
      await writeFile(join(dir, 'a.txt'), 'Tokyo và Hà Nội\n\nBody one.');
      const events: Array<[string[], string[]]> = [];
      const watcher = await watchCorpus(dir, { onChange: (c, r) => void events.push([c, r]), listen: false });
      await writeFile(join(dir, 'b.md'), '# 東京\n\n本文。');
      await writeFile(join(dir, 'notes.json'), '{}');
      expect(await watcher.rescan()).toEqual({ changed: [join(dir, 'b.md')], removed: [] });
      await writeFile(join(dir, 'a.txt'), 'Tokyo và Hà Nội\n\nBody one.'); // same bytes, new mtime
      expect(await watcher.rescan()).toEqual({ changed: [], removed: [] });
      await writeFile(join(dir, 'a.txt'), 'Tokyo và Hà Nội\n\nBody two.');
      await unlink(join(dir, 'b.md'));
      expect(await watcher.rescan()).toEqual({ changed: [join(dir, 'a.txt')], removed: [join(dir, 'b.md')] });
      expect(events).toHaveLength(2);
      watcher.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('looks only at the files an event names, and still finds the rest on a full scan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-watch-named-'));
    try {
      await writeFile(join(dir, 'a.txt'), 'Tokyo và Hà Nội\n\nBody one.');
      await writeFile(join(dir, 'c.txt'), 'Москва\n\nТекст.');
      const watcher = await watchCorpus(dir, { onChange: () => undefined, listen: false });
      await writeFile(join(dir, 'a.txt'), 'Tokyo và Hà Nội\n\nBody two.');
      await writeFile(join(dir, 'b.txt'), 'Osaka\n\nNew.');
      await unlink(join(dir, 'c.txt'));
      // Only b.txt was named: a.txt's change and c.txt's removal wait for a full scan.
      expect(await watcher.rescan(['b.txt'])).toEqual({ changed: [join(dir, 'b.txt')], removed: [] });
      expect(await watcher.rescan(['c.txt', 'notes.json'])).toEqual({ changed: [], removed: [join(dir, 'c.txt')] });
      expect(await watcher.rescan()).toEqual({ changed: [join(dir, 'a.txt')], removed: [] });
      expect(await watcher.rescan(['b.txt'])).toEqual({ changed: [], removed: [] });
      watcher.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('live corpus → digest', () => {
  it('puts a file added to the corpus folder into the next digest, without a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-live-'));
    let live: LiveCorpus | null = null;
    try {
      await copyFile(join(SEEDS, '000_6c8d8428f9bc3ae4.txt'), join(dir, '000_6c8d8428f9bc3ae4.txt'));
      const store = await openStore('memory://', quiet);
      const update = nextUpdate();
      let now = new Date('2025-03-01T00:00:00Z');
      const pipeline = documentsOnly();
      live = await createLiveCorpus(dir, { pipeline, log: quiet, store, debounceMs: 50, onUpdate: update.onUpdate, clock: () => now });
      expect(live.documents().map((d) => d.id)).toEqual(['000_6c8d8428f9bc3ae4']);
      const posts: View[] = [];
      const poster: Poster = { post: async (_c, view) => (posts.push(view), 'ok') };
      const corpus = live;
      const service = createDigestService({ store, poster, corpus: () => corpus.snapshot(), log: quiet });
      await service.subscribe({ channelId: '123456789012345678', guildId: null, schedule: 'daily 08:00', timezone: 'UTC' }, now);

      now = new Date('2025-03-01T05:00:00Z');
      await copyFile(join(SEEDS, '004_80fd675a9a6137d2.txt'), join(dir, '004_80fd675a9a6137d2.txt'));
      await update.wait; // fs.watch → debounce → re-read of the one new file
      const added = live.documents().find((d) => d.id === '004_80fd675a9a6137d2');
      expect(added?.lang).toBe('id');
      expect(await live.firstSeen(added!.hash)).toBe('2025-03-01T05:00:00.000Z');
      expect(pipeline.extracted).toEqual(['000_6c8d8428f9bc3ae4', '004_80fd675a9a6137d2']); // the first file was not re-extracted

      await service.postDueDigests(new Date('2025-03-01T08:00:00Z'));
      expect(posts).toHaveLength(1);
      const articles = posts[0]!.sections.find((s) => s.heading === 'New articles')!.lines;
      expect(articles).toHaveLength(1);
      expect(articles[0]).toMatch(/^Menteri Luar Negeri Bui Thanh Son mengatakan Vietnam dan Jepang .*\(id, /);
      expect(posts[0]!.citations.every((c) => c.document === '004_80fd675a9a6137d2')).toBe(true);
    } finally {
      live?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
