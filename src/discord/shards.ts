/**
 * `SHARDS=auto|N`: discord.js's ShardingManager runs one child process per shard (src/discord/shard-entry.ts), each
 * a whole bot (`runBot`) that receives the gateway events of its own guilds (guild_id >> 22 % count; DMs go to
 * shard 0). Everything that must hold across the processes lives in the shared store, which must be Redis:
 * - digest delivery: each (channel, slot) is claimed with SET NX before posting; only the shard that serves the
 *   channel's guild claims it (`Poster.owns`), so another shard never uses up or pauses a slot it cannot post;
 * - the model budget: one key per day (`llm:tokens:YYYY-MM-DD`) that every shard reads and charges;
 * - feeds: each feed is polled under a lease (SET NX with a TTL), so one process writes its items into the corpus
 *   folder, and every shard's live corpus picks the files up;
 * - subscriptions, cursors, the extraction cache.
 * An SQLite file would serialize every shard behind one file lock and only works on one machine, and memory:// is
 * per process (each shard would post every slot and spend its own budget), so both are refused.
 */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { openStore, redactUrl } from '../store/store.js';
import { restApiBase } from './client.js';

/** The environment variable carrying the parsed configuration (JSON) from the manager to each shard. */
export const SHARD_CONFIG_ENV = 'ATTACHE_SHARD_CONFIG';

/** Discord accepts one IDENTIFY per 5 s per concurrency bucket: the pause between two shards' start. */
export const DEFAULT_SPAWN_DELAY_MS = 5_500;
/** One shard loads the corpus before it connects: with a large corpus that takes a while. */
export const DEFAULT_READY_TIMEOUT_MS = 5 * 60_000;
/** How long a shard may take to shut down gracefully before it is killed. */
const STOP_GRACE_MS = 10_000;

export interface ShardsOptions {
  log?: Logger;
  /** Pause between two shards' start, ms. Default 5500. */
  spawnDelayMs?: number;
  /** How long one shard may take to load the corpus and reach READY, ms. Default 5 minutes. */
  readyTimeoutMs?: number;
  /** Receives the shards' stdout/stderr instead of the terminal (tests). Default: the shards share this terminal. */
  output?: (shard: number, text: string) => void;
  /** Start a shard again when it dies. Default true. */
  respawn?: boolean;
  /** Aborting stops the shards, also while they are still starting (startShards then rejects). */
  signal?: AbortSignal;
  /** `runShards` only: resolves when the fleet should stop; defaults to the first SIGINT or SIGTERM. */
  until?: Promise<unknown>;
}

export interface ShardFleet {
  manager: ShardingManager;
  /** The total number of shards. */
  count: number;
  /** Stops every shard (SIGTERM, then SIGKILL after 10 s) without respawning them. */
  stop(): Promise<void>;
}

/** Why this configuration cannot run sharded, or null. Pure. */
export function shardingProblem(config: Readonly<Config>): string | null {
  if (!config.discord.token) return 'SHARDS needs DISCORD_TOKEN.';
  if (!/^rediss?:\/\//.test(config.storeUrl)) {
    return (
      `SHARDS=${String(config.discord.shards)} needs STORE_URL=redis://host:port (the store is ${redactUrl(config.storeUrl).replace(/:.*/, '')}). ` +
      'Several shard processes share digest claims, subscriptions, feed leases and the daily model budget: memory:// is ' +
      'per process, and an SQLite file serializes every shard behind one file lock on one machine. Start Redis and set ' +
      'STORE_URL, or unset SHARDS to run one process.'
    );
  }
  return null;
}

/**
 * The shard count Discord recommends, asked through DISCORD_REST_URL when set (discord.js's own 'auto' always asks
 * discord.com, bypassing a REST proxy).
 */
export async function recommendedShardCount(config: Readonly<Config>): Promise<number> {
  const api = restApiBase(config.discord.restUrl);
  const rest = new REST({ version: '10', ...(api ? { api } : {}) }).setToken(config.discord.token ?? '');
  const data = (await rest.get(Routes.gatewayBot())) as { shards?: unknown };
  const shards = typeof data.shards === 'number' && Number.isInteger(data.shards) && data.shards >= 1 ? data.shards : 1;
  return shards;
}

/** `--import <tsx loader>` as an absolute URL, so the child runs TypeScript whatever its working directory. */
function tsxExecArgv(): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

function waitForExit(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Checks the configuration and the store, then starts one child process per shard (one after the other, each
 * once the previous one is READY). Throws with a plain message when it cannot.
 */
export async function startShards(config: Readonly<Config>, options: ShardsOptions = {}): Promise<ShardFleet> {
  const log = options.log ?? createLogger(config.logLevel, { secrets: [config.discord.token, config.openai.apiKey] });
  const problem = shardingProblem(config);
  if (problem) throw new Error(problem);
  // A shard without its store would run without digests; better to refuse once, here.
  const store = await openStore(config.storeUrl, log);
  await store.close();
  const count = config.discord.shards === 'auto' ? await recommendedShardCount(config) : (config.discord.shards ?? 1);

  const saved = { SHARDING_MANAGER: process.env.SHARDING_MANAGER, SHARDING_MANAGER_MODE: process.env.SHARDING_MANAGER_MODE, DISCORD_TOKEN: process.env.DISCORD_TOKEN };
  const manager = new ShardingManager(fileURLToPath(new URL('./shard-entry.ts', import.meta.url)), {
    totalShards: count,
    mode: 'process',
    respawn: options.respawn ?? true,
    silent: options.output !== undefined,
    execArgv: tsxExecArgv(),
    token: config.discord.token ?? undefined,
  });
  // The manager writes its markers into this process's environment; the shards get them through `shard.env`
  // instead, so this process (which may host other clients, as the tests do) keeps its own.
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const configJson = JSON.stringify(config);
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    Object.assign(shard.env as Record<string, unknown>, { SHARDING_MANAGER_MODE: 'process', [SHARD_CONFIG_ENV]: configJson });
    shard.on('death', (child) => {
      const exitCode = 'exitCode' in child ? child.exitCode : null;
      if (stopping) log.info({ shard: shard.id, exitCode }, 'shard stopped');
      else log.warn({ shard: shard.id, exitCode, respawn: manager.respawn }, 'shard process exited');
    });
    shard.on('ready', () => log.info({ shard: shard.id, of: count }, 'shard ready'));
    // Asked to stop between two shards' start: the next one is stopped as soon as it exists.
    shard.once('spawn', () => {
      if (stopping) void waitForExit(shard);
    });
    // A respawn that fails is reported here (an 'error' nobody listens to would crash the manager).
    shard.on('error', (error) => log.error({ shard: shard.id, err: error instanceof Error ? error.message : String(error) }, 'shard error'));
    const output = options.output;
    if (output) {
      shard.on('spawn', (spawned) => {
        const child = spawned as ChildProcess; // mode 'process'
        child.stdout?.on('data', (chunk: Buffer) => output(shard.id, chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => output(shard.id, chunk.toString()));
      });
    }
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => waitForExit(shard)));
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  log.info({ shards: count, store: redactUrl(config.storeUrl) }, 'starting shards');
  try {
    await manager.spawn({ amount: count, delay: options.spawnDelayMs ?? DEFAULT_SPAWN_DELAY_MS, timeout: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS });
  } catch (error) {
    await stop();
    if (options.signal?.aborted) throw new Error('Stopped while the shards were starting.', { cause: error });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`A shard failed to start (${reason}); its own log lines above say why.`, { cause: error });
  }
  return { manager, count, stop };
}

function firstSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** `npm start` with SHARDS set: runs the shards until SIGINT/SIGTERM. Returns the process exit code. */
export async function runShards(config: Readonly<Config>, options: ShardsOptions = {}): Promise<number> {
  const log = options.log ?? createLogger(config.logLevel, { secrets: [config.discord.token, config.openai.apiKey] });
  const until = options.until ?? firstSignal();
  // A signal while the shards are still starting (each may take minutes to load the corpus) stops them at once.
  const abort = new AbortController();
  void until.then(() => abort.abort());
  let fleet: ShardFleet;
  try {
    fleet = await startShards(config, { ...options, log, signal: abort.signal });
  } catch (error) {
    if (abort.signal.aborted) {
      log.info('shards stopped during start-up');
      return 0;
    }
    log.error({}, error instanceof Error ? error.message : String(error));
    return 1;
  }
  await until;
  log.info({ shards: fleet.count }, 'stopping shards');
  await fleet.stop();
  log.info('shards stopped');
  return 0;
}
