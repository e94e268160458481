/**
 * Streaming a model answer into one Discord message: partial views arrive as fast as the model writes; the message
 * is edited at most once per EDIT_INTERVAL_MS (Discord's edit rate), always with the newest partial, and the final
 * edit (the full view, with its buttons) waits its turn too, so no two edits are ever closer than the interval.
 */
import type { View } from '../briefing/views.js';
import type { Engine } from '../briefing/views.js';
import type { ModelEngine } from '../llm/model-engine.js';
import { realTimers, type Timers } from '../llm/deadline.js';

/** One message edit a second: what Discord tolerates for a message being rewritten. */
export const EDIT_INTERVAL_MS = 1000;

/** True when the engine can report an answer as it streams (a model-backed engine). */
export function canStream(engine: Engine): engine is ModelEngine {
  return typeof (engine as Partial<ModelEngine>).askStream === 'function';
}

export interface ThrottleOptions {
  intervalMs?: number;
  clock?: () => number;
  /** Timers for the waits between edits (tests pass a manual clock; its `now` is the clock unless `clock` is given). */
  timers?: Timers;
  /** Called with an error of a partial edit (a failed partial edit is skipped, the final one still happens). */
  onError?: (error: unknown) => void;
}

export interface ThrottledEditor<T> {
  /** Offers a newer partial; it replaces any partial still waiting for its turn. */
  offer(value: T): void;
  /** Drops what is waiting, waits for the edit in flight and for the interval, then edits with the final value. */
  finish(final: () => Promise<unknown>): Promise<void>;
  /** Number of edits made so far (partials and final). */
  readonly edits: number;
}

/** Rate-limits `edit` to one call per interval, keeping only the newest pending value. */
export function createThrottledEditor<T>(edit: (value: T) => Promise<unknown>, options: ThrottleOptions = {}): ThrottledEditor<T> {
  const interval = options.intervalMs ?? EDIT_INTERVAL_MS;
  const timers = options.timers ?? realTimers;
  const clock = options.clock ?? (options.timers ? () => timers.now() : Date.now);
  const sleep = (ms: number) => new Promise<void>((resolve) => void timers.setTimeout(resolve, ms));
  let last = Number.NEGATIVE_INFINITY;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  let inFlight: Promise<void> = Promise.resolve();
  let finished = false;
  let edits = 0;

  const run = (task: () => Promise<unknown>): Promise<void> => {
    last = clock();
    edits++;
    inFlight = task().then(
      () => undefined,
      (error: unknown) => options.onError?.(error),
    );
    return inFlight;
  };

  let busy = false;
  const schedule = (): void => {
    if (timer || busy || finished || !pending) return;
    timer = timers.setTimeout(() => void flush(), Math.max(0, last + interval - clock()));
  };
  const flush = async (): Promise<void> => {
    timer = null;
    if (finished || !pending) return;
    const { value } = pending;
    pending = null;
    busy = true;
    await run(() => edit(value));
    busy = false;
    schedule();
  };

  return {
    offer(value) {
      if (finished) return;
      pending = { value };
      schedule();
    },
    async finish(final) {
      finished = true;
      pending = null;
      if (timer) timers.clearTimeout(timer);
      timer = null;
      await inFlight;
      const wait = last + interval - clock();
      if (wait > 0) await sleep(wait);
      last = clock();
      edits++;
      await final();
    },
    get edits() {
      return edits;
    },
  };
}

/** Runs a streamed ask: `onPartial` gets throttled partial views, and the final view is returned. */
export async function askStreaming(
  engine: ModelEngine,
  question: string,
  locale: string | undefined,
  edit: (partial: View) => Promise<unknown>,
  final: (view: View) => Promise<unknown>,
  options: ThrottleOptions = {},
): Promise<View> {
  const editor = createThrottledEditor(edit, options);
  const view = await engine.askStream(question, locale, (partial) => editor.offer(partial));
  await editor.finish(() => final(view));
  return view;
}
