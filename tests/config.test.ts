import { describe, it, expect } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('gives working defaults with an empty environment', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      corpusDir: 'seeds',
      corpusMaxBytes: 5 * 1024 * 1024,
      storeUrl: 'sqlite://data/attache.sqlite',
      discord: { token: null, restUrl: null },
      openai: { apiKey: null, model: 'gpt-4o-mini' },
      digest: { timezone: 'UTC', schedule: null },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('normalizes digest schedules to cron', () => {
    expect(parseConfig({ DIGEST_SCHEDULE: 'daily 08:30' }).digest.schedule).toBe('30 8 * * *');
    expect(parseConfig({ DIGEST_SCHEDULE: 'weekly mon 07:05' }).digest.schedule).toBe('5 7 * * 1');
    expect(parseConfig({ DIGEST_SCHEDULE: '0 9 * * 1-5' }).digest.schedule).toBe('0 9 * * 1-5');
  });

  it('names every bad key with what was expected, and never echoes a value', () => {
    const secret = 'sk-this-is-a-secret-value';
    try {
      parseConfig({
        DIGEST_TIMEZONE: 'Mars/Olympus',
        DIGEST_SCHEDULE: 'sometimes',
        OPENAI_BASE_URL: secret,
        CORPUS_MAX_FILE_MB: 'lots',
        STORE_URL: 'mysql://x',
        DISCORD_TOKEN: 'short token',
        SHARDS: 'many',
      });
      expect.unreachable('parseConfig should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).toEqual([
        'DISCORD_TOKEN', 'SHARDS', 'STORE_URL', 'DIGEST_TIMEZONE', 'DIGEST_SCHEDULE', 'CORPUS_MAX_FILE_MB', 'OPENAI_BASE_URL',
      ]);
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).not.toContain('short token');
    }
  });

  it('requires a schedule for a default digest channel', () => {
    expect(() => parseConfig({ DIGEST_CHANNEL_ID: '123456789012345678' })).toThrow(/DIGEST_SCHEDULE/);
  });
});
