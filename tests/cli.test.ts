import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from './helpers/png.js';

const BIN = join(import.meta.dirname, '..', 'src', 'bin', 'attache.js');
/** A cache of this test run only, so results never come from an older extractor's cache. */
const CACHE = join(tmpdir(), `attache-cli-cache-${process.pid}`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `attache …` as a user would, with a clean environment (no .env secrets, no Discord token). */
function attache(args: string[], env: Record<string, string> = {}, input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STORE_URL: 'memory://', CACHE_DIR: CACHE, ...env },
      timeout: 60_000,
      maxBuffer: 32 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

describe('attache (terminal)', () => {
  it('sources lists the five seeds as de, de, ru, fr, id with 001’s link and date and 003’s date', async () => {
    const run = await attache(['sources', '--json']);
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as { sections: { lines: string[] }[] };
    const lines = view.sections[0]!.lines;
    expect(lines.map((l) => l.split(' · ')[1])).toEqual(['de', 'de', 'ru', 'fr', 'id']);
    expect(lines[1]).toContain('30 Nov 2025');
    expect(lines[1]).toContain('https://nhandan.vn/nhat-ban-khang-dinh-quyet-tam-duy-tri-va-cung-co-moi-quan-he-vung-chac-voi-viet-nam-post926916.html');
    expect(lines[3]).toContain('6 Aug 2024');
  }, 60_000);

  it('extract --json follows the contract: complete documents, cited meetings and areas', async () => {
    const run = await attache(['extract', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      documents: { id: string; file: string; lang: string; published: string | null; source: string | null }[];
      meetings: { date: string | null; participants: { name: string; country: string | null }[]; sources: { document: string; sentence: number; text: string }[] }[];
      areas: { id: string; mentions: unknown[] }[];
    };
    expect(out.documents.map((d) => [d.id, d.lang, d.published])).toEqual([
      ['000_6c8d8428f9bc3ae4', 'de', null],
      ['001_597852ecc2bc7647', 'de', '2025-11-30'],
      ['002_460abb11f1e7dc2e', 'ru', null],
      ['003_86fea495d9a89ce1', 'fr', '2024-08-06'],
      ['004_80fd675a9a6137d2', 'id', null],
    ]);
    expect(out.meetings.length).toBeGreaterThanOrEqual(8);
    for (const m of out.meetings) {
      expect(m.sources.length).toBeGreaterThan(0);
      expect(m.date === null || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(m.date)).toBe(true);
    }
    expect(out.areas.find((a) => a.id === 'semiconductors')?.mentions.length).toBeGreaterThan(3);
  }, 60_000);

  it('start without a token opens the terminal session, answers piped commands and exits 0 on EOF', async () => {
    const run = await attache(['start'], {}, '/meetings with:Kihara\nwho met in Lima?\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^attache — 5 articles, \d+ meetings\./);
    expect(run.stdout).toContain('To run in Discord: set DISCORD_TOKEN');
    expect(run.stdout).toContain('6 Aug 2024, Vietnam: Prime Minister Pham Minh Chinh received Minister of Defense Kihara Minoru');
  }, 60_000);

  it('names a broken configuration value and exits 2, without echoing it', async () => {
    const run = await attache(['sources'], { DIGEST_TIMEZONE: 'Moon/Base', OPENAI_BASE_URL: 'not a url secret-123' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DIGEST_TIMEZONE: expected an IANA time zone');
    expect(run.stderr).toContain('OPENAI_BASE_URL: expected an http(s) URL');
    expect(run.stderr).not.toContain('secret-123');
  }, 60_000);

  it('says clearly when the corpus folder does not exist', async () => {
    const run = await attache(['sources'], { CORPUS_DIR: '/nonexistent/attache-corpus' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Corpus folder not found: /nonexistent/attache-corpus');
  }, 60_000);

  it('eval scores the extractor against labeled files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-eval-'));
    const labels = join(import.meta.dirname, 'fixtures', 'labels');
    for (const f of await readdir(labels)) await copyFile(join(labels, f), join(dir, f));
    for (const f of await readdir('seeds')) await copyFile(join('seeds', f), join(dir, f));
    const run = await attache(['eval', dir, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { meetings: { f1: number }; areas: { f1: number } };
    expect(result.meetings.f1).toBeGreaterThanOrEqual(0.9);
    expect(result.areas.f1).toBeGreaterThanOrEqual(0.85);
  }, 60_000);

  it('timeline --chart writes the meetings chart as a PNG and says what it shows; --json carries the numbers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-chart-'));
    const file = join(dir, 'timeline.png');
    const run = await attache(['timeline', '--from', '2023', '--to', '2024-12', '--chart', file]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      `Chart: ${file} (960×440) — 5 meetings, Jan 2023–Dec 2024 by month: leaders 3, ministers 1, parliament 1, other 0; 0 plans; busiest Aug 2024 (2).`,
    );
    const png = decodePng(await readFile(file));
    expect([png.width, png.height]).toEqual([960, 440]);
    const json = await attache(['timeline', '--from', '2023', '--to', '2024-12', '--chart', file, '--json']);
    const chart = (JSON.parse(json.stdout) as { chart: { data: { periods: Array<{ label: string; meetings: Record<string, number> }> } } }).chart;
    expect(chart.data.periods.find((p) => p.label === 'Aug 2024')?.meetings).toEqual({ leaders: 1, ministers: 1, parliament: 0, other: 0 });
  }, 60_000);
});
