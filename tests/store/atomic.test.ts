import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openStore, type Log, type Store } from '../../src/store/store.js';
import { openTwoSqliteStores, openTwoStores } from '../helpers/two-stores.js';
import { skipWithoutRedis, startRedis, REDIS_SKIP_MESSAGE, type RedisServer } from '../helpers/redis.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two handles on one shared backend (two connections / two opens), and how to close them. */
type Pair = { a: Store; b: Store };

/** Runs the concurrency checks on two handles that share one backend (a and b may be the same object). */
function atomicSuite(name: string, open: () => Promise<Pair & { close(): Promise<void> }>) {
  describe(name, () => {
    it('200 concurrent increments through two handles add up exactly, and get() reads the total', async () => {
      const pair = await open();
      try {
        const { a, b } = pair;
        // amounts 1..7 so a lost increment of any size shows up in the total
        const amounts = Array.from({ length: 200 }, (_, i) => (i % 7) + 1);
        const totals = await Promise.all(amounts.map((by, i) => (i % 2 ? a : b).increment('llm:tokens:2025-11-30', by, 60_000)));
        const expected = amounts.reduce((s, n) => s + n, 0);
        expect(expected).toBe(794);
        expect(Math.max(...totals)).toBe(794);
        // every call saw a distinct running total: none was computed from a stale read
        expect(new Set(totals).size).toBe(200);
        expect(await a.get('llm:tokens:2025-11-30')).toBe(794);
        expect(await b.get('llm:tokens:2025-11-30')).toBe(794);
        expect(await a.get('llm:tokens:2025-11-29')).toBeUndefined();
        // negative amounts give back
        expect(await b.increment('llm:tokens:2025-11-30', -94)).toBe(700);
      } finally {
        await pair.close();
      }
    }, 30_000);

    it('continues a counter written by set(), counts a non-number as 0, and restarts an expired counter', async () => {
      const pair = await open();
      try {
        const { a, b } = pair;
        await a.set('budget-old', 120, 60_000);
        expect(await b.increment('budget-old', 30)).toBe(150);
        expect(await a.get('budget-old')).toBe(150);
        await a.set('not-a-number', 'Hội nghị 日越');
        expect(await b.increment('not-a-number', 5)).toBe(5);
        expect(await a.increment('short', 10, 40)).toBe(10);
        expect(await b.increment('short', 1, 40)).toBe(11);
        await sleep(80);
        expect(await a.get('short')).toBeUndefined();
        expect(await b.increment('short', 2, 40)).toBe(2);
      } finally {
        await pair.close();
      }
    });

    it('20 concurrent list updates through two handles keep every entry exactly once', async () => {
      const pair = await open();
      try {
        const { a, b } = pair;
        // the list already exists, written by set() as an older version did
        await a.set('digest:subscriptions', ['Kênh-cũ']);
        const ids = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? `频道-${i}` : `ch-${i}`));
        await Promise.all(ids.map((id, i) => (i % 2 ? a : b).update<string[]>('digest:subscriptions', (list = []) => (list.includes(id) ? undefined : [...list, id]))));
        const list = (await b.get<string[]>('digest:subscriptions'))!;
        expect([...list].sort()).toEqual(['Kênh-cũ', ...ids].sort());
        expect(list[0]).toBe('Kênh-cũ');
        // concurrent removals and additions together
        await Promise.all([
          ...ids.slice(0, 10).map((id, i) => (i % 2 ? a : b).update<string[]>('digest:subscriptions', (l) => l?.filter((x) => x !== id))),
          ...['x-1', 'x-2', 'x-3'].map((id, i) => (i % 2 ? b : a).update<string[]>('digest:subscriptions', (l = []) => [...l, id])),
        ]);
        expect([...(await a.get<string[]>('digest:subscriptions'))!].sort()).toEqual(['Kênh-cũ', ...ids.slice(10), 'x-1', 'x-2', 'x-3'].sort());
      } finally {
        await pair.close();
      }
    }, 30_000);

    it('update: undefined leaves the key alone, an absent key is created once, and an expired value reads as absent', async () => {
      const pair = await open();
      try {
        const { a, b } = pair;
        expect(await a.update<number>('u:none', () => undefined)).toBeUndefined();
        expect(await a.get('u:none')).toBeUndefined();
        const created = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).update<string>('u:first', (cur) => cur ?? `writer-${i}`)));
        expect(new Set(created).size).toBe(1);
        expect(await a.get('u:first')).toBe(created[0]);
        await a.set('u:short', 'old', 30);
        await sleep(60);
        expect(await b.update<string>('u:short', (cur) => (cur === undefined ? 'fresh' : `${cur}+`))).toBe('fresh');
        expect(await a.get('u:short')).toBe('fresh');
      } finally {
        await pair.close();
      }
    });
  });
}

atomicSuite('Store.increment / Store.update in memory (one process)', async () => {
  const store = await openStore('memory://', quiet);
  return { a: store, b: store, close: () => store.close() };
});

atomicSuite('Store.increment / Store.update on two opens of one SQLite file', openTwoSqliteStores);

describe.skipIf(skipWithoutRedis())('on a real Redis', () => {
  let redis: RedisServer;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  // each test gets its own namespace on the shared server
  atomicSuite('Store.increment / Store.update on two clients of one Redis', async () => {
    return openTwoStores(redis.url, { namespace: `t${++n}` });
  });
});

if (skipWithoutRedis()) console.warn(REDIS_SKIP_MESSAGE);
