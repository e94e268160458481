/**
 * Key-value state behind one small interface, over keyv 5: an embedded SQLite file (default), Redis (several
 * processes), or memory (tests, one-off runs). Keys are namespaced (`attache:` by default); values are JSON.
 *
 * `setIfAbsent` is the one primitive delivery relies on. Its guarantee per backend:
 * - redis://  `SET key value NX PX ttl`: atomic across every process connected to that Redis.
 * - sqlite:// one `INSERT … ON CONFLICT DO UPDATE … WHERE expired … RETURNING` statement: atomic across every
 *             process that opens the same file (SQLite's write lock; `busyTimeout` waits for it).
 * - memory:// a synchronous check-and-set on the in-process map: atomic within this process only.
 *
 * `increment` and `update` are the read-modify-write primitives (a budget counter charged by several shards, a list
 * of subscriptions edited by several admins). Values keep the `{ value, expires }` JSON envelope keyv writes, so
 * `get` reads what they wrote and they read what `set` wrote (a store upgraded in place keeps its data):
 * - redis://  one Lua script per call (EVAL runs alone on the server): increment decodes, adds and re-encodes the
 *             envelope (`KEEPTTL`, so the first write's expiry holds); update's compare-and-set writes only when the
 *             key still holds exactly the string read.
 * - sqlite:// increment is one `INSERT … ON CONFLICT DO UPDATE SET value = json_set(…, value + ?) … RETURNING`
 *             statement; update's compare-and-set is one `UPDATE … WHERE key = ? AND value = ?` (or `INSERT … ON
 *             CONFLICT DO NOTHING` for a key that was absent). SQLite's write lock makes each atomic across processes.
 * - memory:// synchronous read-and-write on the map: atomic within this process only.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import Keyv, { type Deserialize } from 'keyv';
// The adapters are imported by the kind of store opened: @keyv/redis alone took 0.18 s of every start, Redis or not.

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
  /**
   * Adds `by` (may be negative) to the number at `key` and resolves to the new total; of several callers in any
   * process sharing the store none is lost. An absent or expired key starts from 0 and, with `ttlMs`, expires
   * `ttlMs` after that first write (later increments keep that expiry). A key holding a non-number counts as 0.
   * `get(key)` reads the total.
   */
  increment(key: string, by: number, ttlMs?: number): Promise<number>;
  /**
   * Atomic read-modify-write: `change` gets the current value (undefined when absent or expired) and returns the new
   * one, or undefined to leave the key as it is. Done by compare-and-set: when another caller wrote the key in
   * between, `change` runs again on the newer value (so it must be a pure function of its argument). Resolves to
   * the value stored after the call. `ttlMs` applies to a written value as in `set`. Rejects with
   * STORE_CONTENDED if the key kept changing under it for `UPDATE_ATTEMPTS` tries.
   */
  update<T>(key: string, change: (current: T | undefined) => T | undefined, ttlMs?: number): Promise<T | undefined>;
  close(): Promise<void>;
}

export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_URL_INVALID' | 'STORE_CONTENDED';

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
/** Compare-and-set tries of one `update` before it gives up (each retry waits a few random ms). */
export const UPDATE_ATTEMPTS = 100;

/** Increment in Redis. KEYS[1] key; ARGV: by, now (ms), ttl (ms, 0 = none). Returns the new total as a string. */
const REDIS_INCREMENT = `
local by = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, data = pcall(cjson.decode, cur)
  if ok and type(data) == 'table' and not (type(data.expires) == 'number' and data.expires <= now) then
    local v = data.value
    if type(v) ~= 'number' then v = 0 end
    data.value = v + by
    redis.call('SET', KEYS[1], cjson.encode(data), 'KEEPTTL')
    return tostring(data.value)
  end
end
if ttl > 0 then
  redis.call('SET', KEYS[1], cjson.encode({ value = by, expires = now + ttl }), 'PX', ttl)
else
  redis.call('SET', KEYS[1], cjson.encode({ value = by }))
end
return tostring(by)`;

/** Compare-and-set in Redis. KEYS[1] key; ARGV: '1' when a value was read else '0', that value, new value, ttl (ms). */
const REDIS_SWAP = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur ~= ARGV[2] then return 0 end
elseif cur then
  return 0
end
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[3])
end
return 1`;

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

/** The value inside a raw envelope, or undefined when absent, expired or unreadable. */
function unwrap(raw: string | undefined, now: number): unknown {
  if (raw === undefined) return undefined;
  try {
    const data = JSON.parse(raw) as Stored;
    if (typeof data !== 'object' || data === null) return undefined;
    if (typeof data.expires === 'number' && data.expires <= now) return undefined;
    return data.value;
  } catch {
    return undefined;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  /** The stored string of a key (expired or not), undefined when absent. */
  let readRaw: (rawKey: string) => Promise<string | undefined>;
  /** Writes `next` only when the key still holds `expected` (undefined: is still absent). True when written. */
  let swapRaw: (rawKey: string, expected: string | undefined, next: string, ttlMs: number | undefined) => Promise<boolean>;
  let incrementRaw: (rawKey: string, by: number, ttlMs: number | undefined, now: number) => Promise<number>;
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
    readRaw = async (rawKey) => map.get(rawKey);
    swapRaw = async (rawKey, expected, next) => {
      if (map.get(rawKey) !== expected) return false;
      map.set(rawKey, next);
      return true;
    };
    incrementRaw = async (rawKey, by, ttlMs, now) => {
      const existing = map.get(rawKey);
      let data: Stored | undefined;
      if (existing !== undefined) {
        try {
          data = JSON.parse(existing) as Stored;
        } catch {
          data = undefined;
        }
      }
      if (typeof data !== 'object' || data === null || (typeof data.expires === 'number' && data.expires <= now)) {
        data = { value: 0, expires: expiresAt(ttlMs, now) };
      }
      const total = (typeof data.value === 'number' ? data.value : 0) + by;
      map.set(rawKey, JSON.stringify({ ...data, value: total }));
      return total;
    };
    shutdown = async () => {};
  } else if (url.startsWith('sqlite:')) {
    kind = 'sqlite';
    const file = sqliteFile ?? ':memory:';
    if (file !== ':memory:') {
      await wrap('start-up', () => mkdir(dirname(file), { recursive: true }));
    }
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
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
    const T = SQLITE_TABLE;
    readRaw = async (rawKey) => {
      const rows = (await adapter.query(`SELECT value FROM ${T} WHERE key = ?`, rawKey)) as Array<{ value: string }>;
      return rows[0]?.value;
    };
    const insertNew = `INSERT INTO ${T} (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING RETURNING key`;
    const replace = `UPDATE ${T} SET value = ? WHERE key = ? AND value = ? RETURNING key`;
    swapRaw = async (rawKey, expected, next) => {
      const rows = (expected === undefined
        ? await adapter.query(insertNew, rawKey, next)
        : await adapter.query(replace, next, rawKey, expected)) as unknown[];
      return rows.length === 1;
    };
    const expired = `json_extract(${T}.value, '$.expires') IS NOT NULL AND json_extract(${T}.value, '$.expires') <= ?`;
    const counter = `INSERT INTO ${T} (key, value) VALUES (?, ?)
      ON CONFLICT(key) DO UPDATE SET value = CASE
        WHEN NOT json_valid(${T}.value) OR json_type(${T}.value) <> 'object' OR (${expired}) THEN excluded.value
        ELSE json_set(${T}.value, '$.value',
          (CASE WHEN json_type(${T}.value, '$.value') IN ('integer', 'real') THEN json_extract(${T}.value, '$.value') ELSE 0 END) + ?)
      END
      RETURNING json_extract(value, '$.value') AS total`;
    incrementRaw = async (rawKey, by, ttlMs, now) => {
      const fresh = JSON.stringify({ value: by, expires: expiresAt(ttlMs, now) });
      const rows = (await adapter.query(counter, rawKey, fresh, now, by)) as Array<{ total: number }>;
      return Number(rows[0]?.total);
    };
    shutdown = () => adapter.disconnect();
  } else if (/^rediss?:/.test(url)) {
    kind = 'redis';
    let connected = false;
    const { default: KeyvRedis, createClient } = await import('@keyv/redis');
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
    readRaw = async (rawKey) => (await client.get(rawKey)) ?? undefined;
    swapRaw = async (rawKey, expected, next, ttlMs) => {
      const reply = await client.eval(REDIS_SWAP, {
        keys: [rawKey],
        arguments: [expected === undefined ? '0' : '1', expected ?? '', next, String(ttlMs && ttlMs > 0 ? Math.ceil(ttlMs) : 0)],
      });
      return Number(reply) === 1;
    };
    incrementRaw = async (rawKey, by, ttlMs, now) => {
      const reply = await client.eval(REDIS_INCREMENT, {
        keys: [rawKey],
        arguments: [String(by), String(now), String(ttlMs && ttlMs > 0 ? Math.ceil(ttlMs) : 0)],
      });
      return Number(reply);
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
    increment: (key: string, by: number, ttlMs?: number) => {
      if (!Number.isFinite(by)) return Promise.reject(new RangeError(`increment by ${by}: a finite number is required`));
      return wrap('increment', () => incrementRaw(namespace + key, by, ttlMs && ttlMs > 0 ? ttlMs : undefined, Date.now()));
    },
    update: <T>(key: string, change: (current: T | undefined) => T | undefined, ttlMs?: number) =>
      wrap('update', async () => {
        const rawKey = namespace + key;
        for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
          const raw = await readRaw(rawKey);
          const now = Date.now();
          const current = unwrap(raw, now) as T | undefined;
          const next = change(current);
          if (next === undefined) return current;
          const written = JSON.stringify({ value: next, expires: expiresAt(ttlMs, now) });
          if (await swapRaw(rawKey, raw, written, ttlMs && ttlMs > 0 ? ttlMs : undefined)) return next;
          // Another caller wrote the key since it was read: read again after a short random wait.
          await pause(Math.random() * Math.min(2 ** attempt, 50));
        }
        throw new StoreError('STORE_CONTENDED', `The store key ${key} kept changing under ${UPDATE_ATTEMPTS} updates in a row; try again.`);
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
