/**
 * `npm start` with DISCORD_TOKEN: composes the engine from the corpus, connects, serves, and shuts down gracefully
 * on SIGINT/SIGTERM. Returns the process exit code.
 */
import { loadApp } from '../app.js';
import type { KeyValueStore } from '../../commands/types.js';
import type { Engine } from '../briefing/views.js';
import type { Config } from '../config.js';
import { UserFacingError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { createBot } from './client.js';

export interface RunBotDeps {
  /** Defaults to the deterministic engine over config.corpusDir. */
  engine?: Engine;
  log?: Logger;
  store?: KeyValueStore;
  /** Resolves when the bot should stop; defaults to the first SIGINT or SIGTERM. */
  until?: Promise<unknown>;
}

function firstSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      log.info({ signal }, 'shutting down');
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export async function runBot(config: Readonly<Config>, deps: RunBotDeps = {}): Promise<number> {
  const log = deps.log ?? createLogger(config.logLevel, { secrets: [config.discord.token, config.openai.apiKey] });
  const engine = deps.engine ?? (await loadApp(config, { warn: (message) => log.warn(message) })).engine;
  const bot = createBot({ config, engine, log, ...(deps.store ? { store: deps.store } : {}) });
  const until = deps.until ?? firstSignal(log);
  try {
    await bot.start();
  } catch (error) {
    await bot.stop().catch(() => undefined);
    if (error instanceof UserFacingError) {
      log.error({ code: error.code }, error.message);
      return 1;
    }
    throw error;
  }
  await until;
  await bot.stop();
  log.info('bot stopped');
  return 0;
}
