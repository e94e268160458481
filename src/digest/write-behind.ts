/**
 * Delivery records written behind a failing store: writes that fail are kept in memory, in order, and written first
 * thing when the store answers again (so a posted slot is never posted twice and its cursor still advances).
 */
import type { Log, Store } from '../store/store.js';

export interface WriteBehind {
  /** Writes what is owed, in order (throws while the store still fails). */
  flush(): Promise<void>;
  /** Writes in order; on a store failure keeps the rest for `flush` and rethrows. */
  persist(writes: Array<{ key: string; value: unknown }>, context: object): Promise<void>;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createWriteBehind(store: Store, log: Log): WriteBehind {
  /** Writes owed to the store (it failed while they were made), replayed in order before anything else. */
  const pending: Array<{ key: string; value: unknown }> = [];

  async function flushPending(): Promise<void> {
    if (pending.length === 0) return;
    while (pending.length > 0) {
      const next = pending[0]!;
      await store.set(next.key, next.value);
      pending.shift();
    }
    log.info({}, 'digest records kept while the store was down are written');
  }

  /** Writes in order; on a store failure keeps the rest for `flushPending` and rethrows. */
  async function persist(writes: Array<{ key: string; value: unknown }>, context: object): Promise<void> {
    for (let i = 0; i < writes.length; i++) {
      try {
        await store.set(writes[i]!.key, writes[i]!.value);
      } catch (error) {
        pending.push(...writes.slice(i));
        log.error({ ...context, err: errorText(error), kept: writes.length - i }, 'store failed while recording a digest: kept in memory, written when the store is back');
        throw error;
      }
    }
  }

  return { flush: flushPending, persist };
}
