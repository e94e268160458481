/**
 * The node-cron side of the digest: one task a minute that only calls `run(now)` (postDueDigests), plus one run at
 * start-up to catch up on a slot missed while the bot was down. Which digests are owed is decided by the pure
 * `dueDigests`, so every subscription's own schedule and time zone apply, subscriptions added by another process
 * are seen at the next tick, and a tick that fires twice or in two processes is harmless (claims are atomic).
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { Log } from '../store/store.js';

/** Every minute: the finest granularity a digest schedule can have. */
export const DIGEST_TICK_CRON = '* * * * *';

export interface DigestScheduler {
  /** Runs one tick now (what the cron task and the start-up catch-up call). Never throws. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export interface DigestSchedulerOptions {
  run: (now: Date) => Promise<unknown>;
  log: Log;
  /** Default `() => new Date()`. */
  clock?: () => Date;
  /** Default true: run once immediately (catch-up after a restart). */
  runAtStart?: boolean;
}

export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    // Overlap guard for the start-up run and manual ticks; node-cron's noOverlap covers its own firings.
    running ??= options
      .run(clock())
      .then(
        () => undefined,
        (error: unknown) => {
          options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'digest tick failed; retrying at the next minute');
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  // The tick's time zone does not matter (it fires every minute); each subscription's own zone is applied by dueDigests.
  const task: ScheduledTask = createTask(DIGEST_TICK_CRON, () => tick(), { timezone: 'UTC', noOverlap: true, name: 'digest' });
  void task.start();
  if (options.runAtStart ?? true) void tick();
  return {
    tick,
    stop: async () => {
      await task.destroy();
      await running;
    },
  };
}
