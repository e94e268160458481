import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, StoreError, redactUrl, sqlitePath, type Log, type Store } from '../../src/store/store.js';
import { skipWithoutRedis, startRedis, REDIS_SKIP_MESSAGE, type RedisServer } from '../helpers/redis.js';

function recordingLog(): Log & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info: () => {}, warn: () => {}, error: (_o, msg) => errors.push(msg ?? '') };
}

async function exercise(store: Store): Promise<void> {
  expect(await store.get('missing')).toBeUndefined();
  await store.set('cursor:123', { ids: ['a', 'b'], at: '2025-01-01' });
  expect(await store.get('cursor:123')).toEqual({ ids: ['a', 'b'], at: '2025-01-01' });
  await store.set('title', 'Hội nghị thượng đỉnh 日越');
  expect(await store.get('title')).toBe('Hội nghị thượng đỉnh 日越');
  expect(await store.setIfAbsent('claim:1', { by: 'a' })).toBe(true);
  expect(await store.setIfAbsent('claim:1', { by: 'b' })).toBe(false);
  expect(await store.get('claim:1')).toEqual({ by: 'a' });
  // racing claims on one key: exactly one wins
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent('claim:race', i)));
  expect(results.filter(Boolean)).toHaveLength(1);
  // an expired claim can be taken again
  expect(await store.setIfAbsent('claim:short', 1, 30)).toBe(true);
  await new Promise((r) => setTimeout(r, 60));
  expect(await store.setIfAbsent('claim:short', 2, 30)).toBe(true);
  expect(await store.delete('cursor:123')).toBe(true);
  expect(await store.get('cursor:123')).toBeUndefined();
}

describe('openStore', () => {
  it('stores, claims once and deletes in memory', async () => {
    const store = await openStore('memory://', recordingLog());
    await exercise(store);
    await store.close();
  });

  it('creates the SQLite folder, and the state survives a reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-store-'));
    try {
      const url = `sqlite://${join(dir, 'nested', 'state.sqlite')}`;
      const store = await openStore(url, recordingLog());
      await exercise(store);
      await store.close();
      expect((await stat(join(dir, 'nested', 'state.sqlite'))).isFile()).toBe(true);
      const again = await openStore(url, recordingLog());
      expect(await again.get('claim:1')).toEqual({ by: 'a' });
      expect(await again.setIfAbsent('claim:1', { by: 'c' })).toBe(false);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets only one of two connections to one SQLite file claim a key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-store-'));
    try {
      const url = `sqlite://${join(dir, 'state.sqlite')}`;
      const a = await openStore(url, recordingLog());
      const b = await openStore(url, recordingLog());
      const wins = await Promise.all([a.setIfAbsent('slot', 'a'), b.setIfAbsent('slot', 'b')]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      await a.close();
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown scheme with a StoreError', async () => {
    await expect(openStore('mongodb://x', recordingLog())).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_URL_INVALID' });
  });

  it('reports a Redis that is down at start-up in plain words, without the password', async () => {
    const error = await openStore('redis://user:s3cret@127.0.0.1:1', recordingLog(), { connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/^Cannot reach the store at redis:\/\/\*\*\*@127\.0\.0\.1:1: .*Is Redis running\?$/);
    expect((error as StoreError).message).not.toContain('s3cret');
  });
});

describe('redactUrl / sqlitePath', () => {
  it('hides user info and resolves relative paths', () => {
    expect(redactUrl('redis://:pw@host:6379/0')).toBe('redis://***@host:6379/0');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
    expect(sqlitePath('sqlite:///tmp/a.sqlite')).toBe('/tmp/a.sqlite');
    expect(sqlitePath('sqlite://:memory:')).toBe(':memory:');
    expect(sqlitePath('sqlite://data/a.sqlite')).toBe(join(process.cwd(), 'data/a.sqlite'));
  });
});

describe.skipIf(skipWithoutRedis())('openStore on a real Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('claims once across two connections', async () => {
    const store = await openStore(redis.url, recordingLog());
    await exercise(store);
    const other = await openStore(redis.url, recordingLog());
    const wins = await Promise.all([store.setIfAbsent('two', 1), other.setIfAbsent('two', 2)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    await store.close();
    await other.close();
  });

  it('throws a StoreError when Redis dies mid-run', async () => {
    const own = await startRedis();
    const log = recordingLog();
    const store = await openStore(own.url, log);
    await store.set('k', 1);
    await own.stop();
    // the client notices the lost connection (and logs it) before the next operation
    for (let i = 0; i < 100 && log.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const error = await store.get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_UNAVAILABLE');
    expect(log.errors.length).toBeGreaterThan(0);
    await store.close().catch(() => {});
  }, 15_000);
});

if (skipWithoutRedis()) console.warn(REDIS_SKIP_MESSAGE);
