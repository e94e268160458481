/**
 * Runs `attache …` in-process through runCli, with a clean environment (no .env secrets, no Discord token), an
 * in-memory store and a cache of this test run only.
 */
import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SEEDS = join(ROOT, 'seeds');
/** A folder without a .env, used as the working directory. */
const CWD = mkdtempSync(join(tmpdir(), 'attache-cli-'));
// Registered in the test file that imports this helper: its folder goes when that file's tests are done.
afterAll(() => rmSync(CWD, { recursive: true, force: true }));
export const CLI_CACHE = join(CWD, 'data', 'cache');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Text on standard input (the session reads it). */
  input?: string;
  /** Pretend both outputs are terminals (colours). */
  tty?: boolean;
}

export async function cli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty === true;
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    stdin: Readable.from([options.input ?? '']),
    env: { CORPUS_DIR: SEEDS, STORE_URL: 'memory://', CACHE_DIR: CLI_CACHE, ...options.env },
    cwd: CWD,
  });
  return { code, stdout, stderr };
}
