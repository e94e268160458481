/**
 * Two handles on one shared store, as two processes (two shards) see it: two clients of one Redis, or two opens of
 * one SQLite file in a fresh temp folder. `close` closes both (and removes the folder).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Log, type Store, type StoreOptions } from '../../src/store/store.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

export interface TwoStores {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

export async function openTwoStores(url: string, options: StoreOptions = {}, cleanup?: () => Promise<void>): Promise<TwoStores> {
  const a = await openStore(url, quiet, options);
  const b = await openStore(url, quiet, options);
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await cleanup?.();
    },
  };
}

export async function openTwoSqliteStores(): Promise<TwoStores> {
  const dir = await mkdtemp(join(tmpdir(), 'attache-two-stores-'));
  return openTwoStores(`sqlite://${join(dir, 'state.sqlite')}`, {}, () => rm(dir, { recursive: true, force: true }));
}

/** Runs `run` on two handles and closes them whatever happens. */
export async function withTwoStores(open: () => Promise<TwoStores>, run: (a: Store, b: Store) => Promise<void>): Promise<void> {
  const { a, b, close } = await open();
  try {
    await run(a, b);
  } finally {
    await close();
  }
}
