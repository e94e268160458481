/**
 * The interactive session in a real pseudo-terminal, as a person types into it: `script` (util-linux, on every
 * Debian machine) runs `attache start` on a pty, and the test writes keystrokes and waits for what appears.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'bin', 'attache.js');
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
if (!HAS_SCRIPT) console.warn('session-pty: skipped, `script` (util-linux) is not installed');

const ENTER = '\r';
const TAB = '\t';
const UP = '\u001b[A';
const CTRL_D = '\u0004';
const CTRL_C = '\u0003';

interface Terminal {
  /** Everything the terminal showed so far. */
  screen: () => string;
  type: (keys: string) => void;
  /** Resolves when `text` has appeared after `from` (a screen length); rejects if attache exits first. */
  waitFor: (text: string, from?: number) => Promise<void>;
  exited: Promise<number | null>;
}

function openTerminal(dataDir: string, env: Record<string, string> = {}): Terminal {
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', `stty cols 200; exec "${process.execPath}" "${BIN}" start`, '/dev/null'], {
    cwd: dataDir,
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, TERM: 'xterm', CORPUS_DIR: join(ROOT, 'seeds'), STORE_URL: 'memory://', CACHE_DIR: join(dataDir, 'data', 'cache'), ...env },
  });
  let screen = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    for (const check of [...waiters]) check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    for (const check of [...waiters]) check();
    resolve(code);
  }));
  let done = false;
  void exited.then(() => (done = true));
  return {
    screen: () => screen,
    type: (keys) => child.stdin.write(keys),
    exited,
    waitFor: (text, from = 0) => new Promise((resolve, reject) => {
      const check = () => {
        if (screen.indexOf(text, from) >= 0) {
          waiters.delete(check);
          resolve();
        } else if (done || child.exitCode !== null) {
          waiters.delete(check);
          reject(new Error(`attache exited before showing ${JSON.stringify(text)}; screen:\n${screen}`));
        }
      };
      waiters.add(check);
      check();
      // A guard, not a pause: a missing text fails with the screen instead of the test's bare timeout.
      setTimeout(() => reject(new Error(`never showed ${JSON.stringify(text)}; screen:\n${JSON.stringify(screen.slice(from))}`)), 25_000).unref();
    }),
  };
}

describe.skipIf(!HAS_SCRIPT)('attache start in a terminal', () => {
  it('prompts, echoes, completes, keeps history across runs, refuses unknown slash commands, clears on Ctrl-C and quits', async () => {
    const dir = await tempDir('attache-pty-');

    const first = openTerminal(dir);
    await first.waitFor('attache> ');
    // Colours on a terminal: the banner is bold.
    expect(first.screen()).toContain('\u001b[1mattache — 5 articles, 10 meetings.');
    let mark = first.screen().length;
    first.type(`meetings --with Kih${TAB}`);
    await first.waitFor('meetings --with "Kihara Minoru"', mark);
    first.type(ENTER);
    await first.waitFor('Meetings with Kihara Minoru', mark);
    await first.waitFor('received Minister of Defense Kihara Minoru', mark);
    await first.waitFor('attache> ', first.screen().lastIndexOf('Sources'));
    mark = first.screen().length;
    first.type(`/frobnicate${ENTER}`);
    await first.waitFor('Unknown command /frobnicate. Type help for the commands.', mark);
    first.type(`quit${ENTER}`);
    expect(await first.exited).toBe(0);
    expect(await readFile(join(dir, 'data', 'history'), 'utf8')).toBe('meetings --with "Kihara Minoru"\n/frobnicate\nquit\n');

    const second = openTerminal(dir, { NO_COLOR: '1' });
    await second.waitFor('attache> ');
    expect(second.screen()).not.toContain('\u001b[1m');
    mark = second.screen().length;
    // Up three times: quit, /frobnicate, then the meetings line of the first run.
    second.type(`${UP}${UP}${UP}`);
    await second.waitFor('attache> meetings --with "Kihara Minoru"', mark);
    second.type(ENTER);
    await second.waitFor('Meetings with Kihara Minoru', mark);
    await second.waitFor('attache> ', second.screen().lastIndexOf('Sources'));
    mark = second.screen().length;
    second.type(`coop${TAB}`);
    await second.waitFor('cooperation ', mark);
    second.type(`semi${TAB}`);
    await second.waitFor('cooperation semiconductors', mark);
    second.type(ENTER);
    await second.waitFor('Cooperation: Semiconductors', mark);
    await second.waitFor('attache> ', second.screen().lastIndexOf('Sources'));
    // Ctrl-C drops the line being typed, as in a shell; Ctrl-D then leaves.
    mark = second.screen().length;
    second.type('timeline --fr');
    await second.waitFor('--fr', mark);
    second.type(CTRL_C);
    await second.waitFor('^C', mark);
    second.type(CTRL_D);
    expect(await second.exited).toBe(0);
  }, 90_000);
});
