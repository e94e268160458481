/**
 * Key-value state behind one small interface, over keyv 5: an embedded SQLite file (default), Redis (several
 * processes), or memory (tests, one-off runs). Keys are namespaced (`attache:` by default); values are JSON.
 *
 * `setIfAbsent` is the one primitive delivery relies on. Its guarantee per backend:
 * - redis://  `SET key value NX PX ttl`: atomic across every process connected to that Redis.
 * - sqlite:// one `INSERT … ON CONFLICT DO UPDATE … WHERE expired … RETURNING` statement: atomic across every
 *             process that opens the same file (SQLite's write lock; `busyTimeout` waits for it).
 * - memory:// a synchronous check-and-set on the in-process map: atomic within this process only.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import Keyv, { type Deserialize } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis, { createClient } from '@keyv/redis';

/** Minimal logger (pino-compatible). */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type StoreKind = 'memory' | 'sqlite' | 'redis';

/** Persistent state. Every method rejects with `StoreError` when the backend is unreachable. */
export interface Store {
  readonly kind: StoreKind;
  get<T>(key: string): Promise<T | undefined>;
  /** `ttlMs` omitted or 0: kept forever. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  /** True when the key existed. */
  delete(key: string): Promise<boolean>;
  /**
   * Stores `value` only when `key` is absent (or expired). True when this call stored it: of several callers
   * racing on one key (in any process sharing a Redis or an SQLite file) exactly one gets true.
   */
  setIfAbsent<T>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_URL_INVALID';

/** The store could not be reached or used. `message` is safe to show (no credentials). */
export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export interface StoreOptions {
  /** Key prefix, without the colon. Default 'attache'. */
  namespace?: string;
  /** How long start-up waits for Redis, ms. Default 5000. */
  connectTimeoutMs?: number;
  /** How long an SQLite statement waits for a lock held by another program before failing, ms. Default 5000. */
  busyTimeoutMs?: number;
}

const DEFAULT_NAMESPACE = 'attache';
const CONNECT_TIMEOUT_MS = 5_000;
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const SQLITE_TABLE = 'keyv';

interface Stored {
  value: unknown;
  expires?: number;
}

/** The URL without user info, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** What an operator can do about an SQLite failure, in plain words naming the file; null for other errors. */
export function sqliteProblem(file: string, error: unknown, busyTimeoutMs: number = SQLITE_BUSY_TIMEOUT_MS): string | null {
  switch ((error as { code?: unknown } | null)?.code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `The SQLite file ${file} is not a database or is corrupted: move it aside (a new one is created at the next start) or restore a backup.`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `The SQLite file ${file} stayed locked by another program for more than ${busyTimeoutMs} ms: stop the other program (or bot process) holding it, or give each process its own file or a shared Redis.`;
    case 'SQLITE_CANTOPEN':
      return `The SQLite file ${file} cannot be opened: check that its folder exists and is writable.`;
    case 'SQLITE_READONLY':
      return `The SQLite file ${file} is read-only: make it and its folder writable for the bot.`;
    case 'SQLITE_FULL':
      return `The disk holding the SQLite file ${file} is full.`;
    case 'SQLITE_IOERR':
      return `The SQLite file ${file} could not be read or written (disk or file-system error).`;
    default:
      return null;
  }
}

/** Turns `sqlite://data/x.sqlite` or `sqlite:///abs/x.sqlite` into a file path (':memory:' kept). */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:\/\//, '').replace(/^sqlite:/, '');
  if (rest === '' || rest === ':memory:') return ':memory:';
  return resolve(rest);
}

function expiresAt(ttlMs: number | undefined, now: number): number | undefined {
  return ttlMs && ttlMs > 0 ? now + ttlMs : undefined;
}

/**
 * Opens the store named by `url` (sqlite://path, redis://host:port, rediss://…, memory://) and checks it answers.
 * Creates the SQLite file's folder. Throws StoreError with a plain message when the store is unreachable.
 */
export async function openStore(url: string, log: Log, options: StoreOptions = {}): Promise<Store> {
  const namespace = `${options.namespace ?? DEFAULT_NAMESPACE}:`;
  const where = redactUrl(url);
  const busyTimeoutMs = options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS;
  const sqliteFile = url.startsWith('sqlite:') ? sqlitePath(url) : null;
  const wrap = async <T>(op: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const problem = sqliteFile === null ? null : sqliteProblem(sqliteFile, error, busyTimeoutMs);
      const message = problem ? `${problem} (during ${op}: ${errorText(error)})` : `The store (${where}) failed during ${op}: ${errorText(error)}`;
      throw new StoreError('STORE_UNAVAILABLE', message, { cause: error });
    }
  };
  const keyvOptions = {
    useKeyPrefix: false,
    namespace: undefined,
    throwOnErrors: true,
    serialize: (data: unknown) => JSON.stringify(data),
    deserialize: ((data: string) => JSON.parse(data) as Stored) as Deserialize,
  };

  let keyv: Keyv;
  let kind: StoreKind;
  let atomicSet: (rawKey: string, raw: string, ttlMs: number | undefined, now: number) => Promise<boolean>;
  let shutdown: () => Promise<void>;

  if (url.startsWith('memory:')) {
    kind = 'memory';
    const map = new Map<string, string>();
    keyv = new Keyv({ ...keyvOptions, store: map });
    atomicSet = async (rawKey, raw, _ttl, now) => {
      const existing = map.get(rawKey);
      if (existing !== undefined) {
        const data = JSON.parse(existing) as Stored;
        if (data.expires === undefined || data.expires > now) return false;
      }
      map.set(rawKey, raw);
      return true;
    };
    shutdown = async () => {};
  } else if (url.startsWith('sqlite:')) {
    kind = 'sqlite';
    const file = sqliteFile ?? ':memory:';
    if (file !== ':memory:') {
      await wrap('start-up', () => mkdir(dirname(file), { recursive: true }));
    }
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: busyTimeoutMs, table: SQLITE_TABLE });
    // The adapter rejects its own internal connection promise; a listener keeps that from being "unhandled".
    adapter.on('error', () => {});
    keyv = new Keyv({ ...keyvOptions, store: adapter });
    const upsert = `INSERT INTO ${SQLITE_TABLE} (key, value) VALUES (?, ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value
      WHERE json_extract(${SQLITE_TABLE}.value, '$.expires') IS NOT NULL AND json_extract(${SQLITE_TABLE}.value, '$.expires') <= ?
      RETURNING key`;
    atomicSet = async (rawKey, raw, _ttl, now) => {
      const rows = (await adapter.query(upsert, rawKey, raw, now)) as unknown[];
      return rows.length === 1;
    };
    shutdown = () => adapter.disconnect();
  } else if (/^rediss?:/.test(url)) {
    kind = 'redis';
    let connected = false;
    const client = createClient({
      url,
      // Commands fail at once while disconnected instead of queueing forever.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
        // At start-up: fail fast. Later: reconnect with backoff (≤ 5 s).
        reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 5_000) : cause),
      },
    });
    client.on('error', (error: unknown) => log.error({ store: where, err: errorText(error) }, 'store error'));
    try {
      await client.connect();
      connected = true;
    } catch (error) {
      try {
        client.destroy();
      } catch {
        // already closed by the failed connect
      }
      throw new StoreError('STORE_UNAVAILABLE', `Cannot reach the store at ${where}: ${errorText(error)}. Is Redis running?`, { cause: error });
    }
    const adapter = new KeyvRedis(client as never, { throwOnErrors: true, throwOnConnectError: true });
    keyv = new Keyv({ ...keyvOptions, store: adapter });
    atomicSet = async (rawKey, raw, ttlMs) => {
      const reply = await client.set(rawKey, raw, ttlMs && ttlMs > 0 ? { condition: 'NX', expiration: { type: 'PX', value: ttlMs } } : { condition: 'NX' });
      return reply === 'OK';
    };
    shutdown = async () => {
      connected = false; // no reconnecting after close
      if (!client.isOpen) return;
      if (client.isReady) {
        await Promise.race([client.quit(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      }
      if (client.isOpen) client.destroy();
    };
  } else {
    throw new StoreError('STORE_URL_INVALID', 'The store URL must start with sqlite://, redis://, rediss:// or memory://');
  }

  keyv.on('error', (error: unknown) => log.error({ store: where, err: errorText(error) }, 'store error'));

  const store: Store = {
    kind,
    get: <T>(key: string) => wrap('read', async () => (await keyv.get(namespace + key)) as T | undefined),
    set: <T>(key: string, value: T, ttlMs?: number) =>
      wrap('write', async () => {
        await keyv.set(namespace + key, value, ttlMs && ttlMs > 0 ? ttlMs : undefined);
      }),
    delete: (key: string) => wrap('delete', () => keyv.delete(namespace + key)),
    setIfAbsent: <T>(key: string, value: T, ttlMs?: number) =>
      wrap('claim', () => {
        const now = Date.now();
        const raw = JSON.stringify({ value, expires: expiresAt(ttlMs, now) });
        return atomicSet(namespace + key, raw, ttlMs, now);
      }),
    close: () => wrap('close', shutdown),
  };
  // A store that is down at start-up is reported now, not at the first scheduled digest.
  try {
    await store.get('__ping');
  } catch (error) {
    await shutdown().catch(() => undefined);
    throw error;
  }
  return store;
}
