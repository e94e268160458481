/**
 * Configuration: parsed once from the environment (plus an optional .env), validated all at once, frozen.
 * Nothing else in attache reads process.env. Error messages name the key and what was expected, never the value.
 */
import { parseSchedule } from './scheduler/schedule.js';

export interface Config {
  corpusDir: string;
  corpusMaxBytes: number;
  corpusWatch: boolean;
  cacheDir: string;
  discord: {
    token: string | null;
    clientId: string | null;
    guildId: string | null;
    restUrl: string | null;
    shards: 'auto' | number | null;
  };
  openai: {
    apiKey: string | null;
    baseUrl: string | null;
    model: string;
    embeddingModel: string | null;
    timeoutMs: number;
    maxTokens: number;
    dailyTokenBudget: number;
    extract: boolean;
  };
  storeUrl: string;
  digest: {
    channelId: string | null;
    /** Normalized cron expression. */
    schedule: string | null;
    timezone: string;
    language: string;
    postWhenEmpty: boolean;
  };
  feeds: string[];
  feedPollMinutes: number;
  limits: {
    dmCooldownSeconds: number;
    userCommandsPerMinute: number;
    guildCommandsPerMinute: number;
    questionMaxChars: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Parses and validates the environment. Throws ConfigError listing every bad key.
 * @example parseConfig({ CORPUS_DIR: 'seeds' }).corpusDir === 'seeds'
 */
export function parseConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const problems: string[] = [];
  const str = (key: string): string | null => {
    const v = env[key]?.trim();
    return v ? v : null;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = str(key);
    if (v === null) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = str(key)?.toLowerCase();
    if (v === undefined || v === null) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${key}: expected true or false`);
    return fallback;
  };
  const url = (key: string): string | null => {
    const v = str(key);
    if (v !== null && !isHttpUrl(v)) {
      problems.push(`${key}: expected an http(s) URL`);
      return null;
    }
    return v;
  };
  const snowflake = (key: string): string | null => {
    const v = str(key);
    if (v !== null && !/^\d{15,22}$/.test(v)) {
      problems.push(`${key}: expected a Discord id (15–22 digits)`);
      return null;
    }
    return v;
  };

  const token = str('DISCORD_TOKEN');
  if (token !== null && (/\s/.test(token) || token.length < 20)) {
    problems.push('DISCORD_TOKEN: expected a bot token (no spaces, from the Developer Portal → Bot → Reset Token)');
  }

  const shardsRaw = str('SHARDS');
  let shards: Config['discord']['shards'] = null;
  if (shardsRaw !== null) {
    if (shardsRaw === 'auto') shards = 'auto';
    else if (/^\d+$/.test(shardsRaw) && Number(shardsRaw) >= 1 && Number(shardsRaw) <= 1000) shards = Number(shardsRaw);
    else problems.push('SHARDS: expected "auto" or a number of shards from 1 to 1000');
  }

  const storeUrl = str('STORE_URL') ?? 'sqlite://data/attache.sqlite';
  if (!/^(sqlite|redis|rediss|memory):/.test(storeUrl)) {
    problems.push('STORE_URL: expected sqlite://path/to/file.sqlite, redis://host:port or memory://');
  }

  const timezone = str('DIGEST_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(timezone)) problems.push('DIGEST_TIMEZONE: expected an IANA time zone such as Asia/Ho_Chi_Minh');

  let schedule: string | null = null;
  const scheduleRaw = str('DIGEST_SCHEDULE');
  if (scheduleRaw !== null) {
    const parsed = parseSchedule(scheduleRaw);
    if ('error' in parsed) problems.push(`DIGEST_SCHEDULE: ${parsed.error}`);
    else schedule = parsed.cron;
  }

  const feeds = (str('FEEDS') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  feeds.forEach((feed, i) => {
    if (!isHttpUrl(feed)) problems.push(`FEEDS: entry ${i + 1} is not an http(s) URL`);
  });

  // Read by the io layer (worker threads for cold-start extraction); validated here so a bad value is named.
  int('ATTACHE_EXTRACT_WORKERS', 0, 0, 64);

  const logLevel = (str('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}`);

  const config: Config = {
    corpusDir: str('CORPUS_DIR') ?? 'seeds',
    corpusMaxBytes: int('CORPUS_MAX_FILE_MB', 5, 1, 1024) * 1024 * 1024,
    corpusWatch: bool('CORPUS_WATCH', true),
    cacheDir: str('CACHE_DIR') ?? 'data/cache',
    discord: {
      token,
      clientId: snowflake('DISCORD_CLIENT_ID'),
      guildId: snowflake('DISCORD_GUILD_ID'),
      restUrl: url('DISCORD_REST_URL'),
      shards,
    },
    openai: {
      apiKey: str('OPENAI_API_KEY'),
      baseUrl: url('OPENAI_BASE_URL'),
      model: str('OPENAI_MODEL') ?? 'gpt-4o-mini',
      embeddingModel: str('OPENAI_EMBEDDING_MODEL'),
      timeoutMs: int('OPENAI_TIMEOUT_MS', 30_000, 1_000, 600_000),
      maxTokens: int('OPENAI_MAX_TOKENS', 700, 16, 32_000),
      dailyTokenBudget: int('OPENAI_DAILY_TOKEN_BUDGET', 200_000, 0, 1_000_000_000),
      extract: bool('OPENAI_EXTRACT', false),
    },
    storeUrl,
    digest: {
      channelId: snowflake('DIGEST_CHANNEL_ID'),
      schedule,
      timezone,
      language: str('DIGEST_LANGUAGE') ?? 'en',
      postWhenEmpty: bool('DIGEST_POST_WHEN_EMPTY', false),
    },
    feeds,
    feedPollMinutes: int('FEED_POLL_MINUTES', 30, 1, 24 * 60),
    limits: {
      dmCooldownSeconds: int('DM_COOLDOWN_SECONDS', 10, 0, 3600),
      userCommandsPerMinute: int('USER_COMMANDS_PER_MINUTE', 12, 1, 1000),
      guildCommandsPerMinute: int('GUILD_COMMANDS_PER_MINUTE', 120, 1, 100_000),
      questionMaxChars: int('QUESTION_MAX_CHARS', 500, 20, 4000),
    },
    logLevel,
  };
  if (config.digest.channelId && !config.digest.schedule) {
    problems.push('DIGEST_SCHEDULE: required when DIGEST_CHANNEL_ID is set (e.g. "daily 08:00")');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
