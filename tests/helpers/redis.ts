/**
 * Starts a throw-away redis-server on a free port of 127.0.0.1 (no persistence), when the binary exists.
 * Tests use `describe.skipIf(skipWithoutRedis())`: on a developer machine without redis-server they skip (and say
 * why); in CI (`CI` set) they never skip, so a missing redis-server fails them instead of hiding them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

export function redisBinary(): string | null {
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export const REDIS_SKIP_MESSAGE = 'redis-server not found: the Redis tests are skipped (CI installs it from Debian packages)';

/** True when the Redis tests should skip: no redis-server here and not in CI (`env.CI` set and not "false"/"0"). */
export function skipWithoutRedis(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return !ci && redisBinary() === null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** SIGTERM: Redis shuts down cleanly. */
  stop(): Promise<void>;
  /** SIGKILL: Redis dies at once, as in a crash or an OOM kill. */
  kill(): Promise<void>;
}

export interface RedisOptions {
  /** Reuse a port (to restart "the same" Redis); default a free one. */
  port?: number;
  /** Persist to this folder with an append-only file fsynced on every write; default no persistence. */
  dir?: string;
}

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const binary = redisBinary();
  if (!binary) throw new Error('redis-server not found: install it (Debian: apt-get install redis-server); CI never skips the Redis tests');
  const port = options.port ?? (await freePort());
  const persistence = options.dir
    ? ['--dir', options.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--save', '', '--appendonly', 'no'];
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', ...persistence, '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output.slice(-500)}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`));
    });
  });
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
