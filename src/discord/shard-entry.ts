/**
 * One shard's process, forked by discord.js's ShardingManager from src/discord/shards.ts (with tsx loaded through
 * `--import`). The manager hands it SHARDS/SHARD_COUNT (read by the discord.js Client itself) and the configuration
 * the parent parsed and validated (ATTACHE_SHARD_CONFIG, so `--corpus` and .env apply to every shard alike). The
 * shard runs the whole bot for its guilds and stops on SIGINT/SIGTERM or when the manager goes away.
 */
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { runBot } from './run.js';
import { SHARD_CONFIG_ENV } from './shards.js';

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => () => resolve(why);
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
    // The manager died (or closed the channel): a shard nobody supervises must not keep answering.
    process.once('disconnect', stop('manager gone'));
  });
}

async function main(): Promise<number> {
  const raw = process.env[SHARD_CONFIG_ENV];
  if (!raw) {
    console.error('shard-entry is started by `attache start` with SHARDS set, not directly.');
    return 2;
  }
  const config = JSON.parse(raw) as Config;
  const shard = Number(process.env.SHARDS ?? 0);
  const log = createLogger(config.logLevel, { secrets: [config.discord.token, config.openai.apiKey] }).child({ shard });
  const until = stopSignal().then((why) => log.info({ why }, 'shard shutting down'));
  return runBot(config, { log, until });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
