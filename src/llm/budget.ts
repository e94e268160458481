/**
 * The daily token budget shared by every process on the store, and the writer's cache store.
 */
import { beforeDeadline, type Deadline } from './deadline.js';

/** Budget counters outlive their day by this much (ms). */
const BUDGET_TTL_MS = 2 * 24 * 3600 * 1000;

/**
 * The subset of Keyv the writer uses (a `new Keyv()` fits). With `increment` (every attache `Store` has it) the
 * daily budget is charged atomically, so processes sharing the store never lose a charge; without it the charge is
 * a read-then-write, exact within one process only.
 */
export interface CacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<unknown>;
  /** Adds `by` to the number at `key` atomically and returns the new total (see `Store.increment`). */
  increment?(key: string, by: number, ttlMs?: number): Promise<number>;
}

/** In-memory store for when none is given (one process, lost on restart). */
export function memoryStore(): CacheStore {
  const map = new Map<string, { value: unknown; until: number }>();
  return {
    async get(key) {
      const e = map.get(key);
      if (!e) return undefined;
      if (e.until < Date.now()) {
        map.delete(key);
        return undefined;
      }
      return e.value;
    },
    async set(key, value, ttl) {
      map.set(key, { value, until: ttl ? Date.now() + ttl : Infinity });
      return true;
    },
    async increment(key, by, ttl) {
      const e = map.get(key);
      const live = e && e.until >= Date.now() ? e : undefined;
      const total = (typeof live?.value === 'number' ? live.value : 0) + by;
      map.set(key, { value: total, until: live ? live.until : ttl ? Date.now() + ttl : Infinity });
      return total;
    },
  };
}

/** A reservation of tokens made before a call (null: nothing to settle). */
export type Ticket = { key: string; reserved: number } | null;

export interface Budget {
  /** Tokens left today, or null when unlimited. */
  left(): Promise<number | null>;
  /** Reserves the largest likely cost of a call, or 'exhausted' when today's budget is spent. */
  reserve(tokens: number): Promise<Ticket | 'exhausted'>;
  /** Replaces a reservation by the real usage (undefined: the call failed and used nothing known). */
  settle(ticket: Ticket, used: number | undefined): Promise<void>;
}

/**
 * Budget admission shared by every process on the store: a call first reserves its largest likely cost (prompt
 * estimate + max_tokens) with one atomic increment, and goes ahead only when the budget was not yet spent before
 * its reservation; otherwise it gives the reservation back. After the call the reservation is replaced by the
 * real usage (or given back when nothing was used). So concurrent calls on several shards see each other's
 * reservations, and the day's total passes the budget by at most the one call admitted last (plus what real usage
 * exceeds its estimate). Unlimited budget (0 or undefined): no reservation, only the real usage is counted.
 */
export function createBudget(store: CacheStore, budget: number | undefined, now: () => Date): Budget {
  const budgetKey = () => `llm:tokens:${now().toISOString().slice(0, 10)}`;
  const tokensUsed = async (): Promise<number> => {
    const v = await store.get(budgetKey()).catch(() => undefined);
    return typeof v === 'number' ? v : 0;
  };
  /** Adds `tokens` (negative: gives back) to today's counter; the new total, or null when the store failed. */
  const charge = async (key: string, tokens: number): Promise<number | null> => {
    if (tokens === 0) return null;
    try {
      if (store.increment) return await store.increment(key, tokens, BUDGET_TTL_MS);
      const v = await store.get(key);
      const total = (typeof v === 'number' ? v : 0) + tokens;
      await store.set(key, total, BUDGET_TTL_MS);
      return total;
    } catch {
      return null;
    }
  };
  return {
    left: async () => (budget ? Math.max(0, budget - (await tokensUsed())) : null),
    async reserve(reserved) {
      if (!budget) return { key: budgetKey(), reserved: 0 };
      const key = budgetKey();
      const total = await charge(key, reserved);
      const before = total === null ? await tokensUsed() : total - reserved;
      if (before >= budget) {
        if (total !== null) await charge(key, -reserved);
        return 'exhausted';
      }
      return { key, reserved: total === null ? 0 : reserved };
    },
    async settle(ticket, used) {
      if (!ticket) return;
      await charge(ticket.key, (used ?? 0) - ticket.reserved);
    },
  };
}

/**
 * `budget.reserve` bounded by the answer's deadline: 'late' when the store did not answer in time (the reservation,
 * once the store makes it, is given back).
 */
export async function reserveWithin(budget: Budget, tokens: number, deadline: Deadline | undefined): Promise<Ticket | 'exhausted' | 'late'> {
  const reserving = budget.reserve(tokens);
  const ticket = await beforeDeadline(reserving, deadline, 'late' as const);
  if (ticket === 'late') void reserving.then((t) => (t === 'exhausted' ? undefined : budget.settle(t, 0))).catch(() => undefined);
  return ticket;
}

/** `budget.settle` that never holds an answer past its deadline nor throws (the write goes on). */
export async function settleWithin(budget: Budget, ticket: Ticket, used: number | undefined, deadline: Deadline | undefined): Promise<void> {
  await beforeDeadline(budget.settle(ticket, used).catch(() => undefined), deadline, undefined);
}
