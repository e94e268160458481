/**
 * A manual clock implementing the writer's `Timers`: time moves only when a test calls `advance`, and a test can wait
 * for the moment a timer of some length is set (an event, not a sleep), e.g. the wait before a retry.
 */
import type { Timers } from '../../src/llm/deadline.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export interface ManualClock extends Timers {
  /** Moves time forward by `ms`, running every timer that falls due, in order, with their promise continuations. */
  advance(ms: number): Promise<void>;
  /** Resolves when a timer of exactly `ms` is set (now, if one is pending). */
  scheduled(ms: number): Promise<void>;
}

/** Lets promise continuations and pending I/O callbacks run (one turn of the event loop, no timer involved). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function manualClock(start = 0): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Timer & { ms: number }>();
  const waiters: Array<{ ms: number; resolve: () => void }> = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { id, at: now + ms, fn, ms });
      for (const w of waiters.filter((x) => x.ms === ms)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.delete(due.id);
        now = due.at;
        due.fn();
        await turn();
      }
      now = until;
      await turn();
    },
    scheduled(ms) {
      if ([...timers.values()].some((t) => t.ms === ms)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ ms, resolve }));
    },
  };
}
