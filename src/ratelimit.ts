/**
 * Per-user and per-guild sliding windows for commands, and a per-user cooldown for DMs.
 * Pure apart from the injected clock; memory is bounded by pruning idle keys.
 */

export type Clock = () => number;

export interface RateLimitOptions {
  userPerMinute: number;
  guildPerMinute: number;
  dmCooldownSeconds: number;
  clock?: Clock;
}

export type RateDecision = { ok: true } | { ok: false; scope: 'user' | 'guild' | 'dm'; retryAfterMs: number };

export interface RateLimiter {
  /** Counts one command by `userId` (in `guildId`, if any) and says whether it may run. A refusal is not counted. */
  command(userId: string, guildId: string | null): RateDecision;
  /** Starts the DM cooldown for `userId` if it is not running; otherwise says how long to wait. */
  dm(userId: string): RateDecision;
}

const WINDOW_MS = 60_000;
const PRUNE_EVERY = 1_000;

class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  private calls = 0;
  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** Milliseconds until `key` may act again at `now`, or 0. */
  waitFor(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return 0;
    const oldest = recent[recent.length - this.limit] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  record(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (++this.calls % PRUNE_EVERY === 0) this.prune(now);
  }

  private recent(key: string, now: number): number[] {
    const list = this.hits.get(key) ?? [];
    const fresh = list.filter((t) => now - t < this.windowMs);
    if (fresh.length !== list.length) this.hits.set(key, fresh);
    return fresh;
  }

  private prune(now: number): void {
    for (const [key, list] of this.hits) {
      if (list.every((t) => now - t >= this.windowMs)) this.hits.delete(key);
    }
  }
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const clock = options.clock ?? Date.now;
  const users = new SlidingWindow(options.userPerMinute, WINDOW_MS);
  const guilds = new SlidingWindow(options.guildPerMinute, WINDOW_MS);
  const dms = new SlidingWindow(1, options.dmCooldownSeconds * 1000);
  return {
    command(userId, guildId) {
      const now = clock();
      const userWait = users.waitFor(userId, now);
      if (userWait > 0) return { ok: false, scope: 'user', retryAfterMs: userWait };
      if (guildId !== null) {
        const guildWait = guilds.waitFor(guildId, now);
        if (guildWait > 0) return { ok: false, scope: 'guild', retryAfterMs: guildWait };
        guilds.record(guildId, now);
      }
      users.record(userId, now);
      return { ok: true };
    },
    dm(userId) {
      if (options.dmCooldownSeconds <= 0) return { ok: true };
      const now = clock();
      const wait = dms.waitFor(userId, now);
      if (wait > 0) return { ok: false, scope: 'dm', retryAfterMs: wait };
      dms.record(userId, now);
      return { ok: true };
    },
  };
}
