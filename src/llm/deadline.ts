/**
 * One deadline per answer: `OPENAI_TIMEOUT_MS` bounds everything the model is asked for one answer (embeddings,
 * the chat call, every retry and every wait between retries). A retry whose wait would end after the deadline is not
 * made: the caller falls back at once. Time comes from injectable `Timers`, so tests drive it with a manual clock.
 */

/** The clock and timer functions a deadline uses (the real ones by default). */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Deadline {
  /** Epoch ms at which the answer's model time is up. */
  readonly at: number;
  /** Aborted when the time is up: every SDK call of the answer carries it. */
  readonly signal: AbortSignal;
  /** Milliseconds left (0 once expired). */
  left(): number;
  /** Waits `ms` (a retry's backoff); false when the deadline came first (the wait is cut short then). */
  sleep(ms: number): Promise<boolean>;
  /** Stops the deadline's timer (the answer is done). */
  dispose(): void;
}

/** A deadline `ms` from now. */
export function createDeadline(ms: number, timers: Timers = realTimers): Deadline {
  const controller = new AbortController();
  const at = timers.now() + ms;
  const waiting = new Set<() => void>();
  const expire = (): void => {
    if (controller.signal.aborted) return;
    controller.abort(new DeadlineError());
    for (const wake of waiting) wake();
    waiting.clear();
  };
  const handle = timers.setTimeout(expire, ms);
  return {
    at,
    signal: controller.signal,
    left: () => Math.max(0, at - timers.now()),
    sleep(wait) {
      if (controller.signal.aborted) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const wake = (): void => {
          timers.clearTimeout(timer);
          resolve(false);
        };
        const timer = timers.setTimeout(() => {
          waiting.delete(wake);
          resolve(!controller.signal.aborted);
        }, wait);
        waiting.add(wake);
      });
    },
    dispose() {
      timers.clearTimeout(handle);
    },
  };
}

/**
 * `work`'s value, or `late` once the deadline has passed first (the work goes on, unawaited): what keeps a slow store
 * (a locked SQLite file, Redis reconnecting) from holding an answer past its deadline.
 */
export function beforeDeadline<T, L>(work: Promise<T>, deadline: Deadline | undefined, late: L): Promise<T | L> {
  if (!deadline) return work;
  if (deadline.signal.aborted) return Promise.resolve(late);
  return new Promise<T | L>((resolve, reject) => {
    const onAbort = (): void => resolve(late);
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The reason a deadline's signal carries. */
export class DeadlineError extends Error {
  constructor() {
    super('model deadline reached');
    this.name = 'DeadlineError';
  }
}

/** Backoff before retry `attempt` (0-based) when the server names no wait: 0.5 s, 1 s, 2 s … at most 8 s. */
export function backoffMs(attempt: number): number {
  return Math.min(8_000, 500 * 2 ** attempt);
}

/**
 * The wait a 429/503 response asks for, from `retry-after-ms` or `retry-after` (seconds or an HTTP date), or null.
 * @example retryAfterMs(new Headers({ 'retry-after': '12' }), 0) === 12000
 */
export function retryAfterMs(headers: Headers | undefined, now: number): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number.parseFloat(ms))) return Math.max(0, Number.parseFloat(ms));
  const after = headers?.get('retry-after');
  if (!after) return null;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds) && /^\s*\d/.test(after)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
