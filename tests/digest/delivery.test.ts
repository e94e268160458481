import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { View } from '../../src/briefing/views.js';
import type { CorpusSnapshot } from '../../src/digest/compose.js';
import { dueDigests, type Subscription } from '../../src/digest/due.js';
import { createDigestService, CLAIM_STALE_MS, DigestError, type Poster, type PostResult } from '../../src/digest/service.js';
import { startDigestScheduler } from '../../src/scheduler/digest-scheduler.js';
import { openStore, type Log, type Store } from '../../src/store/store.js';
import { skipWithoutRedis, startRedis, type RedisServer } from '../helpers/redis.js';
import { doc, snapshot } from './fixtures.js';

const CHANNEL = '123456789012345678';
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

class RecordingPoster implements Poster {
  posts: Array<{ channelId: string; view: View }> = [];
  constructor(private result: PostResult = 'ok') {}
  async post(channelId: string, view: View): Promise<PostResult> {
    this.posts.push({ channelId, view });
    return this.result;
  }
}

/** A corpus whose documents the test adds to, as a live corpus would. */
class FakeCorpus {
  docs = [doc('old', 'en', 'Old article already in the corpus', 'Kyodo', '2025-01-01')];
  add(id: string, title: string, lang = 'vi'): void {
    this.docs.push(doc(id, lang, title, 'VnExpress', '2025-03-01'));
  }
  snapshot = (): CorpusSnapshot => snapshot(this.docs);
}

function articleLines(view: View): string[] {
  return view.sections.find((s) => s.heading === 'New articles')?.lines ?? [];
}

describe('dueDigests', () => {
  const sub: Subscription = {
    channelId: CHANNEL, guildId: null, schedule: 'daily 08:00', cron: '0 8 * * *', timezone: 'Asia/Tokyo', language: 'en',
    createdAt: '2025-03-01T00:00:00.000Z', origin: 'command', paused: null,
  };

  it('owes the latest slot once after several missed ones', () => {
    expect(dueDigests([sub], { [CHANNEL]: '2025-03-01T23:00:00.000Z' }, new Date('2025-03-05T01:00:00Z'))).toEqual([
      { channelId: CHANNEL, slot: new Date('2025-03-04T23:00:00.000Z') },
    ]);
  });

  it('owes nothing before the first slot, for a handled slot, or while paused', () => {
    expect(dueDigests([sub], {}, new Date('2025-03-01T22:59:00Z'))).toEqual([]);
    expect(dueDigests([sub], { [CHANNEL]: '2025-03-01T23:00:00.000Z' }, new Date('2025-03-02T10:00:00Z'))).toEqual([]);
    expect(dueDigests([{ ...sub, paused: { reason: 'x', at: '2025-03-01T00:00:00Z' } }], {}, new Date('2025-03-02T10:00:00Z'))).toEqual([]);
    expect(dueDigests([sub], {}, new Date('2025-03-01T23:00:00Z'))).toEqual([{ channelId: CHANNEL, slot: new Date('2025-03-01T23:00:00.000Z') }]);
  });
});

describe('postDueDigests', () => {
  async function setup(poster: Poster = new RecordingPoster(), store?: Store) {
    const corpus = new FakeCorpus();
    const s = store ?? (await openStore('memory://', quiet));
    const service = createDigestService({ store: s, poster, corpus: corpus.snapshot, log: quiet });
    return { corpus, store: s, service };
  }

  it('posts at 08:00 in Asia/Tokyo what arrived since subscribing, once', async () => {
    const poster = new RecordingPoster();
    const { corpus, service } = await setup(poster);
    await service.subscribe({ channelId: CHANNEL, guildId: 'g', schedule: 'daily 08:00', timezone: 'Asia/Tokyo' }, new Date('2025-03-01T00:00:00Z'));
    corpus.add('new1', 'Việt Nam – Nhật Bản ký kết hợp tác bán dẫn');

    expect(await service.postDueDigests(new Date('2025-03-01T22:59:00Z'))).toEqual([]); // 07:59 in Tokyo
    expect(poster.posts).toHaveLength(0);
    expect(await service.postDueDigests(new Date('2025-03-01T23:00:00Z'))).toEqual([
      { channelId: CHANNEL, slot: '2025-03-01T23:00:00.000Z', outcome: 'posted' },
    ]);
    expect(await service.postDueDigests(new Date('2025-03-01T23:00:30Z'))).toEqual([]); // the same minute fires again
    expect(poster.posts).toHaveLength(1);
    expect(articleLines(poster.posts[0]!.view)).toEqual(['Việt Nam – Nhật Bản ký kết hợp tác bán dẫn (vi, VnExpress, 2025-03-01) [1]']);

    // the next day: nothing new → not posted (default), but the slot is handled
    expect(await service.postDueDigests(new Date('2025-03-02T23:00:00Z'))).toEqual([
      { channelId: CHANNEL, slot: '2025-03-02T23:00:00.000Z', outcome: 'empty' },
    ]);
    expect(poster.posts).toHaveLength(1);
  });

  it('writes the digest in the subscription language, rewritten through the hook, and falls back to the deterministic digest in that language if it fails', async () => {
    const poster = new RecordingPoster();
    const corpus = new FakeCorpus();
    const store = await openStore('memory://', quiet);
    const languages: string[] = [];
    let fail = false;
    const service = createDigestService({
      store, poster, corpus: corpus.snapshot, log: quiet,
      rewrite: async (view, language) => {
        languages.push(language);
        if (fail) throw new Error('model down');
        return { ...view, title: `[${language}] ${view.title}` };
      },
    });
    await service.subscribe({ channelId: CHANNEL, guildId: 'g', schedule: 'daily 08:00', timezone: 'UTC', language: 'vi' }, new Date('2025-03-01T00:00:00Z'));
    corpus.add('new1', 'Bài mới một');
    await service.postDueDigests(new Date('2025-03-01T08:00:00Z'));
    expect(poster.posts.map((p) => p.view.title)).toEqual(['[vi] Bản tin Việt Nam – Nhật Bản']);
    fail = true;
    corpus.add('new2', 'Bài mới hai');
    await service.postDueDigests(new Date('2025-03-02T08:00:00Z'));
    expect(poster.posts.map((p) => p.view.title)).toEqual(['[vi] Bản tin Việt Nam – Nhật Bản', 'Bản tin Việt Nam – Nhật Bản']);
    expect(languages).toEqual(['vi', 'vi']);
  });

  it('catches up a slot missed while down once, not once per missed slot', async () => {
    const poster = new RecordingPoster();
    const { corpus, service } = await setup(poster);
    await service.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'daily 08:00', timezone: 'Asia/Tokyo' }, new Date('2025-03-01T00:00:00Z'));
    corpus.add('new1', 'Bài mới một');
    corpus.add('new2', '新しい記事', 'ja');
    const results = await service.postDueDigests(new Date('2025-03-05T03:00:00Z'));
    expect(results).toEqual([{ channelId: CHANNEL, slot: '2025-03-04T23:00:00.000Z', outcome: 'posted' }]);
    expect(await service.postDueDigests(new Date('2025-03-05T03:01:00Z'))).toEqual([]);
    expect(poster.posts).toHaveLength(1);
    expect(articleLines(poster.posts[0]!.view)).toHaveLength(2);
  });

  it('never posts a slot twice across a crash between claim and post, shows it as lost, and carries its content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-digest-'));
    try {
      const url = `sqlite://${join(dir, 'state.sqlite')}`;
      const corpus = new FakeCorpus();
      // first process: claims 08:00 and dies while posting (the post never completes)
      const storeA = await openStore(url, quiet);
      let posting!: () => void;
      const postStarted = new Promise<void>((resolve) => (posting = resolve));
      const hanging: Poster = { post: () => (posting(), new Promise<PostResult>(() => {})) };
      const a = createDigestService({ store: storeA, poster: hanging, corpus: corpus.snapshot, log: quiet, owner: 'process-a' });
      await a.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'daily 08:00', timezone: 'Asia/Tokyo' }, new Date('2025-03-01T00:00:00Z'));
      corpus.add('new1', 'Tin tức mới');
      void a.postDueDigests(new Date('2025-03-01T23:00:00Z'));
      await postStarted; // claimed, and dying in the middle of the post

      // restart: a new process on the same state file
      const storeB = await openStore(url, quiet);
      const poster = new RecordingPoster();
      const warnings: string[] = [];
      const b = createDigestService({
        store: storeB, poster, corpus: corpus.snapshot, owner: 'process-b',
        log: { ...quiet, warn: (_o, msg) => warnings.push(msg ?? '') },
      });
      expect(await b.postDueDigests(new Date('2025-03-01T23:01:00Z'))).toEqual([
        { channelId: CHANNEL, slot: '2025-03-01T23:00:00.000Z', outcome: 'claimed-elsewhere' },
      ]);
      const later = new Date(Date.parse('2025-03-01T23:00:00Z') + CLAIM_STALE_MS + 60_000);
      await b.postDueDigests(later);
      expect(poster.posts).toHaveLength(0);
      expect(warnings).toEqual(['digest slot lost in a crash: claimed but never posted; not posting it twice']);
      const status = await b.status({}, later);
      expect(status.sections[0]!.lines).toEqual([
        `Channel: <#${CHANNEL}>`,
        'Schedule: every day at 08:00, Asia/Tokyo · language en',
        'Next run: 2025-03-03 08:00 Asia/Tokyo',
        'Last run: 2025-03-02 08:00 Asia/Tokyo — lost in a crash (claimed, never posted); its content comes with the next digest',
        'Lost in a crash: the 2025-03-02 08:00 Asia/Tokyo digest (claimed 2025-03-02 08:00 Asia/Tokyo, never posted)',
        'Would contain now: 1 new article, 0 meeting lines',
      ]);
      // the next slot carries what the lost one would have said
      await b.postDueDigests(new Date('2025-03-02T23:00:00Z'));
      expect(poster.posts).toHaveLength(1);
      expect(articleLines(poster.posts[0]!.view)).toEqual(['Tin tức mới (vi, VnExpress, 2025-03-01) [1]']);
      await storeA.close();
      await storeB.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pauses a subscription whose channel is gone, reports why, and stops posting', async () => {
    const poster = new RecordingPoster('gone');
    const { corpus, service } = await setup(poster);
    await service.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'weekly mon 09:00', timezone: 'Asia/Ho_Chi_Minh' }, new Date('2025-03-01T00:00:00Z'));
    corpus.add('n', 'Tin mới');
    expect((await service.postDueDigests(new Date('2025-03-03T02:00:00Z')))[0]!.outcome).toBe('gone');
    expect(await service.postDueDigests(new Date('2025-03-10T02:00:00Z'))).toEqual([]);
    expect(poster.posts).toHaveLength(1);
    const status = await service.status({ channelId: CHANNEL }, new Date('2025-03-10T02:00:00Z'));
    expect(status.sections[0]!.lines.slice(2, 4)).toEqual([
      'Paused since 2025-03-03 09:00 Asia/Ho_Chi_Minh: the channel was deleted or cannot be found. Subscribe again to resume.',
      'Last run: 2025-03-03 09:00 Asia/Ho_Chi_Minh — channel deleted',
    ]);
  });

  it('records a failed post without retrying it, and the next slot includes its articles', async () => {
    let calls = 0;
    const posts: View[] = [];
    const poster: Poster = {
      post: async (_c, view) => {
        calls++;
        if (calls === 1) throw new Error('HTTP 503');
        posts.push(view);
        return 'ok';
      },
    };
    const { corpus, service } = await setup(poster);
    await service.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'daily 08:00', timezone: 'UTC' }, new Date('2025-03-01T00:00:00Z'));
    corpus.add('n1', 'Первая новость', 'ru');
    expect((await service.postDueDigests(new Date('2025-03-01T08:00:00Z')))[0]!.outcome).toBe('failed');
    expect(await service.postDueDigests(new Date('2025-03-01T08:05:00Z'))).toEqual([]);
    corpus.add('n2', 'Zweite Nachricht', 'de');
    await service.postDueDigests(new Date('2025-03-02T08:00:00Z'));
    expect(posts.map(articleLines)).toEqual([['Первая новость (ru, VnExpress, 2025-03-01) [1]', 'Zweite Nachricht (de, VnExpress, 2025-03-01) [2]']]);
  });

  it('rejects a bad schedule or time zone with a message for the admin', async () => {
    const { service } = await setup();
    await expect(service.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'daily 8am' }, new Date())).rejects.toMatchObject({
      name: 'DigestError', code: 'DIGEST_SCHEDULE_INVALID',
    });
    await expect(service.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'daily 08:00', timezone: 'Asia/Hanoi_City' }, new Date())).rejects.toThrow(
      'Unknown time zone "Asia/Hanoi_City": use an IANA name such as Asia/Ho_Chi_Minh.',
    );
    await expect(service.preview(CHANNEL, new Date())).rejects.toBeInstanceOf(DigestError);
  });

  it('creates the default subscription from the configuration once', async () => {
    const { service } = await setup();
    const config = { channelId: CHANNEL, schedule: '0 8 * * *', timezone: 'Asia/Tokyo', language: 'en' };
    const first = await service.ensureDefault(config, new Date('2025-03-01T00:00:00Z'));
    const again = await service.ensureDefault(config, new Date('2025-03-05T00:00:00Z'));
    expect(first).toMatchObject({ channelId: CHANNEL, cron: '0 8 * * *', origin: 'config', createdAt: '2025-03-01T00:00:00.000Z' });
    expect(again).toEqual(first);
    expect(await service.ensureDefault({ ...config, channelId: null }, new Date())).toBeNull();
  });
});

describe.skipIf(skipWithoutRedis())('two processes on one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('post each slot exactly once', async () => {
    const corpus = new FakeCorpus();
    const poster = new RecordingPoster();
    const storeA = await openStore(redis.url, quiet);
    const storeB = await openStore(redis.url, quiet);
    const a = createDigestService({ store: storeA, poster, corpus: corpus.snapshot, log: quiet, owner: 'a' });
    const b = createDigestService({ store: storeB, poster, corpus: corpus.snapshot, log: quiet, owner: 'b' });
    await a.subscribe({ channelId: CHANNEL, guildId: null, schedule: 'daily 08:00', timezone: 'Asia/Tokyo' }, new Date('2025-03-01T00:00:00Z'));
    corpus.add('n1', 'Tin mới');
    let now = new Date('2025-03-01T23:00:00Z');
    const schedulers = [a, b].map((service) =>
      startDigestScheduler({ run: (t) => service.postDueDigests(t), log: quiet, clock: () => now, runAtStart: false }),
    );
    // both processes fire at the same minute, several times
    await Promise.all([...schedulers, ...schedulers].map((s) => s.tick()));
    await Promise.all(schedulers.map((s) => s.tick()));
    expect(poster.posts).toHaveLength(1);
    corpus.add('n2', 'Tin mới hai');
    now = new Date('2025-03-02T23:00:00Z');
    await Promise.all(schedulers.map((s) => s.tick()));
    expect(poster.posts).toHaveLength(2);
    expect(articleLines(poster.posts[1]!.view)).toEqual(['Tin mới hai (vi, VnExpress, 2025-03-01) [1]']);
    await Promise.all(schedulers.map((s) => s.stop()));
    await storeA.close();
    await storeB.close();
  });
});
