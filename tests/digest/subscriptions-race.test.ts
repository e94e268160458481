import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Subscription } from '../../src/digest/due.js';
import { createDigestService, type DigestService, type Poster } from '../../src/digest/service.js';
import type { Log, Store } from '../../src/store/store.js';
import { openTwoSqliteStores, openTwoStores, withTwoStores } from '../helpers/two-stores.js';
import { skipWithoutRedis, startRedis, REDIS_SKIP_MESSAGE, type RedisServer } from '../helpers/redis.js';
import { doc, snapshot } from './fixtures.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const poster: Poster = { post: async () => 'ok' };
const NOW = new Date('2025-03-01T00:00:00Z');
const corpus = () => snapshot([doc('d1', 'vi', 'Việt Nam – Nhật Bản hợp tác bán dẫn', 'VnExpress', '2025-02-28'), doc('d2', 'ja', '日越首脳会談', 'NHK', '2025-02-28')]);

function serviceOn(store: Store, owner: string): DigestService {
  return createDigestService({ store, poster, corpus, log: quiet, owner });
}

const channel = (i: number) => `1000000000000000${String(i).padStart(2, '0')}`;
const idsOf = async (service: DigestService) => (await service.subscriptions()).map((s) => s.channelId).sort();

/** A subscription record and index exactly as the version before this change wrote them (plain set()). */
async function writeOldSubscription(store: Store, channelId: string): Promise<void> {
  const old: Subscription = {
    channelId, guildId: 'g-old', schedule: 'daily 08:00', cron: '0 8 * * *', timezone: 'Asia/Ho_Chi_Minh', language: 'vi',
    createdAt: '2024-12-01T00:00:00.000Z', origin: 'command', paused: null,
  };
  await store.set(`digest:sub:${channelId}`, old);
  await store.set('digest:subscriptions', [channelId]);
}

/** Two processes (services on two handles of one store) edit subscriptions at the same instant. */
async function race(a: Store, b: Store): Promise<void> {
  const [one, two] = [serviceOn(a, 'shard-0'), serviceOn(b, 'shard-1')];
  await writeOldSubscription(a, channel(99));
  // the upgraded bot still sees the subscription it had
  expect(await idsOf(two)).toEqual([channel(99)]);
  expect((await two.subscriptions())[0]).toMatchObject({ timezone: 'Asia/Ho_Chi_Minh', language: 'vi', createdAt: '2024-12-01T00:00:00.000Z' });

  // 20 admins subscribe 20 different channels at once, half through each process
  const channels = Array.from({ length: 20 }, (_, i) => channel(i));
  const subscribed = await Promise.all(
    channels.map((ch, i) => (i % 2 ? one : two).subscribe({ channelId: ch, guildId: `g${i % 3}`, schedule: 'daily 07:30', timezone: 'Asia/Tokyo', language: i % 2 ? 'ja' : 'vi' }, NOW)),
  );
  expect(subscribed.map((s) => s.channelId)).toEqual(channels);
  const all = [...channels, channel(99)].sort();
  expect(await idsOf(one)).toEqual(all);
  expect(await idsOf(two)).toEqual(all);
  expect(await a.get<string[]>('digest:subscriptions')).toHaveLength(21);

  // at once: 10 unsubscribe, 5 re-subscribe (no duplicates), 3 new ones
  const fresh = [channel(20), channel(21), channel(22)];
  const removed = await Promise.all([
    ...channels.slice(0, 10).map((ch, i) => (i % 2 ? two : one).unsubscribe(ch)),
    ...channels.slice(10, 15).map((ch, i) => (i % 2 ? one : two).subscribe({ channelId: ch, guildId: null, schedule: 'weekly mon 09:00', timezone: 'UTC' }, NOW).then(() => null)),
    ...fresh.map((ch, i) => (i % 2 ? one : two).subscribe({ channelId: ch, guildId: null, schedule: 'daily 09:00' }, NOW).then(() => null)),
  ]);
  expect(removed.slice(0, 10)).toEqual(Array(10).fill(true));
  const left = [...channels.slice(10), ...fresh, channel(99)].sort();
  expect(await idsOf(one)).toEqual(left);
  expect(await idsOf(two)).toEqual(left);
  expect(await b.get<string[]>('digest:subscriptions')).toHaveLength(left.length);
  expect((await one.subscriptions()).find((s) => s.channelId === channel(12))).toMatchObject({ cron: '0 9 * * 1', timezone: 'UTC' });
  expect(await two.unsubscribe(channel(5))).toBe(false);
}

describe('digest subscriptions edited by two processes at once', () => {
  it('on two opens of one SQLite file, none is lost and old records are read', async () => {
    await withTwoStores(openTwoSqliteStores, race);
  }, 30_000);

  describe.skipIf(skipWithoutRedis())('on a real Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('on two clients of one Redis, none is lost and old records are read', async () => {
      await withTwoStores(() => openTwoStores(redis.url), race);
    }, 30_000);
  });
});

if (skipWithoutRedis()) console.warn(REDIS_SKIP_MESSAGE);
