import { describe, it, expect } from 'vitest';
import { redisBinary, skipWithoutRedis } from '../helpers/redis.js';

describe('skipWithoutRedis', () => {
  it('never skips the Redis tests in CI, whatever is installed', () => {
    expect(skipWithoutRedis({ CI: 'true' })).toBe(false);
    expect(skipWithoutRedis({ CI: '1' })).toBe(false);
  });

  it('skips outside CI only when redis-server is missing', () => {
    const missing = redisBinary() === null;
    expect(skipWithoutRedis({})).toBe(missing);
    expect(skipWithoutRedis({ CI: 'false' })).toBe(missing);
    expect(skipWithoutRedis({ CI: '' })).toBe(missing);
  });
});
