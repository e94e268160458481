import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/ratelimit.js';

function clockAt(start = 1_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('createRateLimiter', () => {
  it('allows N commands per user per sliding minute, then says how long to wait', () => {
    const time = clockAt();
    const limiter = createRateLimiter({ userPerMinute: 2, guildPerMinute: 100, dmCooldownSeconds: 10, clock: time.clock });
    expect(limiter.command('u1', 'g1')).toEqual({ ok: true });
    time.advance(10_000);
    expect(limiter.command('u1', 'g1')).toEqual({ ok: true });
    expect(limiter.command('u1', 'g1')).toEqual({ ok: false, scope: 'user', retryAfterMs: 50_000 });
    expect(limiter.command('u2', 'g1')).toEqual({ ok: true });
    time.advance(50_000);
    expect(limiter.command('u1', 'g1')).toEqual({ ok: true });
  });

  it('limits a whole guild independently of its users, and not DMs without a guild', () => {
    const time = clockAt();
    const limiter = createRateLimiter({ userPerMinute: 100, guildPerMinute: 2, dmCooldownSeconds: 0, clock: time.clock });
    expect(limiter.command('a', 'g')).toEqual({ ok: true });
    expect(limiter.command('b', 'g')).toEqual({ ok: true });
    expect(limiter.command('c', 'g')).toEqual({ ok: false, scope: 'guild', retryAfterMs: 60_000 });
    expect(limiter.command('c', null)).toEqual({ ok: true });
  });

  it('applies a DM cooldown per user, and none when configured to 0', () => {
    const time = clockAt();
    const limiter = createRateLimiter({ userPerMinute: 1, guildPerMinute: 1, dmCooldownSeconds: 10, clock: time.clock });
    expect(limiter.dm('u')).toEqual({ ok: true });
    time.advance(4_000);
    expect(limiter.dm('u')).toEqual({ ok: false, scope: 'dm', retryAfterMs: 6_000 });
    expect(limiter.dm('v')).toEqual({ ok: true });
    time.advance(6_000);
    expect(limiter.dm('u')).toEqual({ ok: true });
    const off = createRateLimiter({ userPerMinute: 1, guildPerMinute: 1, dmCooldownSeconds: 0, clock: time.clock });
    expect([off.dm('u'), off.dm('u')]).toEqual([{ ok: true }, { ok: true }]);
  });
});
