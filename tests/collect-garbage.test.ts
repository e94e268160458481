import { describe, expect, it } from 'vitest';
import { setImmediate as tick } from 'node:timers/promises';
import { collectGarbage } from '../src/collect-garbage.js';

describe('collectGarbage', () => {
  it('collects what nothing holds any more, at once, with or without --expose-gc', async () => {
    const held = (() => new WeakRef({ items: Array.from({ length: 1000 }, (_, i) => ({ i })) }))();
    expect(held.deref()).toBeDefined();
    // A WeakRef's target (made or read) is kept until the current job ends.
    await tick();
    collectGarbage();
    expect(held.deref()).toBeUndefined();
    // The process's own flags are as they were: no global gc where there was none.
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(process.execArgv.includes('--expose-gc'));
  });
});
