import { describe, expect, it } from 'vitest';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT, SEEDS } from './helpers/cli.js';
import { decodePng } from './helpers/png.js';
import { tempDir } from './helpers/temp-dir.js';

interface MeetingJson {
  id: string;
  date: string | null;
  place: string | null;
  participants: { name: string; role: string | null; country: string | null }[];
  areas: string[];
  sources: { document: string; sentence: number; text: string }[];
}

const firstLine = (text: string) => text.split('\n')[0];

describe('attache (terminal)', () => {
  it('sources --json lists the five seeds with their languages, dates and links', async () => {
    const run = await cli(['sources', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { count: number; documents: { id: string; lang: string; published: string | null; source: string | null }[] };
    expect(out.count).toBe(5);
    expect(out.documents.map((d) => [d.id, d.lang, d.published])).toEqual([
      ['000_6c8d8428f9bc3ae4', 'de', null],
      ['001_597852ecc2bc7647', 'de', '2025-11-30'],
      ['002_460abb11f1e7dc2e', 'ru', null],
      ['003_86fea495d9a89ce1', 'fr', '2024-08-06'],
      ['004_80fd675a9a6137d2', 'id', null],
    ]);
    expect(out.documents[1]!.source).toBe('https://nhandan.vn/nhat-ban-khang-dinh-quyet-tam-duy-tri-va-cung-co-moi-quan-he-vung-chac-voi-viet-nam-post926916.html');
  });

  it('sources ID --json gives one document and the meetings it reports', async () => {
    const run = await cli(['sources', '003', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { document: { id: string; lang: string }; meetings: MeetingJson[] };
    expect(out.document).toMatchObject({ id: '003_86fea495d9a89ce1', lang: 'fr' });
    expect(out.meetings.map((m) => m.participants.map((p) => p.name).sort())).toContainEqual(['Kihara Minoru', 'Pham Minh Chinh']);
  });

  it('extract --json follows the contract: complete documents, cited meetings and areas', async () => {
    const run = await cli(['extract', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { documents: { id: string }[]; meetings: MeetingJson[]; areas: { id: string; mentions: unknown[] }[] };
    expect(out.documents).toHaveLength(5);
    expect(out.meetings.length).toBeGreaterThanOrEqual(8);
    for (const m of out.meetings) {
      expect(m.sources.length).toBeGreaterThan(0);
      expect(m.date === null || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(m.date)).toBe(true);
    }
    expect(out.areas.find((a) => a.id === 'semiconductors')?.mentions.length).toBeGreaterThan(3);
  });

  it('extract without --json summarizes what it found instead of printing a briefing', async () => {
    const run = await cli(['extract']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Extracted from 5 articles in .*seeds:\n {2}\d+ meetings, \d+ plans, \d+ mentions of \d+ cooperation areas, \d+ figures\.\nAdd --json for the data/);
  });

  it('meetings --with matches whole names and their variants, not parts of words', async () => {
    const ishiba = JSON.parse((await cli(['meetings', '--with', 'Ishiba', '--json'])).stdout) as { count: number; meetings: MeetingJson[] };
    expect(ishiba.count).toBe(2);
    for (const m of ishiba.meetings) expect(m.participants.map((p) => p.name)).toContain('Ishiba Shigeru');
    const script = JSON.parse((await cli(['meetings', '--with', '石破茂', '--json'])).stdout) as { meetings: MeetingJson[] };
    expect(script.meetings.map((m) => m.id)).toEqual(ishiba.meetings.map((m) => m.id));
    const part = await cli(['meetings', '--with', 'ishi']);
    expect(part).toEqual({ code: 1, stdout: '', stderr: 'No meeting found with ishi.\n' });
  });

  it('meetings --json gives the query and every matching meeting with participants, areas and sources', async () => {
    const run = await cli(['meetings', '--year', '2024', '--place', 'Lima', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { query: unknown; count: number; meetings: MeetingJson[] };
    expect(out.query).toEqual({ with: null, year: 2024, place: 'Lima' });
    expect(out.meetings.map((m) => [m.date, m.place, m.participants.map((p) => p.name)])).toEqual([['2024-11-16', 'Lima', ['Luong Cuong', 'Ishiba Shigeru']]]);
  });

  it('timeline --json gives dated meetings and plans in the range, oldest first', async () => {
    const out = JSON.parse((await cli(['timeline', '--from', '2024', '--to', '2024-12', '--json'])).stdout) as { count: number; events: { date: string; type: string }[] };
    expect(out.count).toBe(out.events.length);
    expect(out.events.map((e) => e.date)).toEqual(['2024-08-06', '2024-08-06', '2024-11-16', '2024-12']);
    expect(new Set(out.events.map((e) => e.type))).toEqual(new Set(['meeting']));
  });

  it('timeline --chart writes the meetings chart as a PNG and says what it shows; --json carries its numbers', async () => {
    const file = join(await tempDir('attache-chart-'), 'timeline.png');
    const run = await cli(['timeline', '--from', '2023', '--to', '2024-12', '--chart', file]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^Chart: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(960×440\\) — \\d+ meetings, Jan 2023–Dec 2024 by month: leaders \\d+, ministers \\d+, parliament \\d+, other \\d+; `));
    const png = decodePng(await readFile(file));
    expect([png.width, png.height]).toEqual([960, 440]);
    const json = JSON.parse((await cli(['timeline', '--from', '2023', '--to', '2024-12', '--chart', file, '--json'])).stdout) as {
      events: { date: string; type: string }[];
      chart: { file: string; data: { periods: Array<{ period: string; meetings: Record<string, number> }> } };
    };
    // The bars count the events of the view: every meeting dated to a month, in its month.
    const drawn = json.chart.data.periods.reduce((n, p) => n + Object.values(p.meetings).reduce((a, b) => a + b, 0), 0);
    expect(drawn).toBe(json.events.filter((e) => e.type === 'meeting' && e.date.length >= 7).length);
    expect(json.chart.file).toBe(file);
  });

  it('meetings --with --chart writes who they met as a PNG; --json carries the counts the list counts', async () => {
    const file = join(await tempDir('attache-chart-'), 'meetings.png');
    const run = await cli(['meetings', '--with', 'VN', '--chart', file]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Chart: .*meetings\.png \(960×\d+\) — Vietnam: 9 meetings with 4 counterparts: /);
    expect(decodePng(await readFile(file)).width).toBe(960);
    const json = JSON.parse((await cli(['meetings', '--with', 'VN', '--chart', file, '--json'])).stdout) as {
      meetings: unknown[];
      chart: { data: { totals: { meetings: number }; rows: Array<{ name: string; total: number }> } };
    };
    expect(json.chart.data.totals.meetings).toBe(json.meetings.length);
    expect(json.chart.data.rows[0]).toMatchObject({ name: 'Takaichi Sanae', total: 3 });
    const none = await cli(['meetings', '--with', 'Ishiba', '--chart', file]);
    expect(none.stdout.trimEnd().split('\n').at(-1)).toBe(`No chart written to ${file}: it needs --with and at least 3 meetings with 2 different people.`);
  });

  it('briefing --json gives the counts, latest meetings, active areas and key figures', async () => {
    const out = JSON.parse((await cli(['briefing', '--json'])).stdout) as {
      counts: { meetings: number; documents: number; languages: number };
      meetings: MeetingJson[]; areas: { id: string; articles: number }[]; figures: { value: number; source: { document: string } }[];
    };
    expect(out.counts).toEqual({ meetings: 10, documents: 5, languages: 4 });
    expect(out.meetings.map((m) => m.date)).toEqual(['2025-11-24', '2025-04', '2025', '2025', '2025']);
    expect(out.areas.length).toBe(6);
    expect(out.areas[0]!.articles).toBeGreaterThanOrEqual(out.areas[5]!.articles);
    expect(out.figures.length).toBeGreaterThan(0);
  });

  it('cooperation --json gives one area with its meetings, mentions and figures', async () => {
    const out = JSON.parse((await cli(['cooperation', 'semiconductors', '--json'])).stdout) as { area: unknown; mentions: { lang: string }[] };
    expect(out.area).toEqual({ id: 'semiconductors', label: 'Semiconductors' });
    expect(out.mentions.length).toBeGreaterThan(3);
  });

  it('ask and digest --preview --json give the composed answer with its citations as data', async () => {
    const ask = JSON.parse((await cli(['ask', '--json', 'who', 'met', 'in', 'Lima?'])).stdout) as { kind: string; title: string; citations: { document: string; lang: string }[] };
    expect(ask).toMatchObject({ kind: 'answer', title: 'who met in Lima?' });
    expect(ask.citations.length).toBeGreaterThan(0);
    const digest = JSON.parse((await cli(['digest', '--preview', '--json'])).stdout) as { kind: string; sections: { heading: string }[] };
    expect(digest.kind).toBe('digest');
    expect(digest.sections.map((s) => s.heading)).toContain('New articles');
  });

  it.each([
    [['meetings', '--yaer', '2024'], 'unknown option --yaer for meetings (did you mean --year?)', 'meetings'],
    [['meetings', '--year', 'abc'], '--year expects a year like 2024, not “abc”', 'meetings'],
    [['meetings', '--with'], '--with needs a value (NAME)', 'meetings'],
    [['timeline', '--from', 'garbage'], '--from expects a date as YYYY, YYYY-MM or YYYY-MM-DD, not “garbage”', 'timeline'],
    [['timeline', '--from', '2024-02-30'], '--from expects a date as YYYY, YYYY-MM or YYYY-MM-DD, not “2024-02-30”', 'timeline'],
    [['timeline', '--from', '2025', '--to', '2024'], '--from 2025 is after --to 2024', 'timeline'],
    [['briefing', '--bogus'], 'unknown option --bogus for briefing', 'briefing'],
    [['ask'], 'ask needs QUESTION', 'ask'],
    [['digest'], 'digest needs --preview', 'digest'],
    [['sources', 'a', 'b'], 'sources takes one ID, got 2 words (quote a value with spaces)', 'sources'],
    [['eval', SEEDS], `${SEEDS} has no labels: eval needs NNN.json files with a "meetings" list beside the NNN.txt articles, and without them there is nothing to score`, 'eval'],
  ])('%j is a usage error: one line, the command’s usage, exit 2', async (args, message, command) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(firstLine(run.stderr)).toBe(`attache: ${message}`);
    expect(run.stderr).toContain(`\n\nUsage: attache ${command}`);
  });

  it('--lang vi|ja writes the briefing in Vietnamese or Japanese; another language is a usage mistake', async () => {
    const vi = await cli(['briefing', '--lang', 'vi']);
    const ja = await cli(['briefing', '--lang', 'ja']);
    expect([vi.code, firstLine(vi.stdout), ja.code, firstLine(ja.stdout)]).toEqual([0, 'Tóm tắt quan hệ Việt Nam – Nhật Bản', 0, '日越関係ブリーフィング']);
    expect(vi.stdout.split('\n')[2]).toMatch(/^10 cuộc gặp từ 5 bài viết bằng 4 ngôn ngữ\./);
    expect(ja.stdout).toContain('\n## 出典\n');
    const de = await cli(['briefing', '--lang', 'de']);
    expect([de.code, firstLine(de.stderr)]).toEqual([2, 'attache: --lang expects one of en, vi, ja, not “de”']);
  });

  it('an unknown command suggests the closest one and exits 2', async () => {
    const run = await cli(['meeting']);
    expect(run.code).toBe(2);
    expect(firstLine(run.stderr)).toBe('attache: unknown command “meeting” (did you mean meetings?)');
  });

  it.each([
    [['sources', 'nope'], 'No document “nope”. Run attache sources for the list.'],
    [['cooperation', 'foo'], 'Unknown area “foo”. Known areas:'],
    [['timeline', '--from', '1990', '--to', '1991'], 'No dated event in that range.'],
  ])('%j finds nothing: says so on stderr (naming CLI commands) and exits 1', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(message)).toBe(true);
  });

  it('--version prints the package version; -h and --help show each command’s options', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `attache ${version}\n`, stderr: '' });
    const help = await cli(['meetings', '-h']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: attache meetings \[--with NAME\] \[--year YEAR\] \[--place PLACE\] \[--chart FILE.png\] \[--lang LANG\] \[--json\]\n/);
    expect(help.stdout).toContain('--year YEAR');
    expect((await cli(['timeline', '--help'])).stdout).toContain('--from DATE');
    expect((await cli(['--help'])).stdout).toContain('deploy-commands');
  });

  it('colours a terminal, never a pipe, and never with NO_COLOR set', async () => {
    const tty = await cli(['briefing'], { tty: true });
    expect(tty.stdout).toContain('\u001b[1m');
    expect((await cli(['briefing'])).stdout).not.toContain('\u001b[');
    expect((await cli(['briefing'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('deploy-commands without a token says what to set and where, exit 1', async () => {
    const run = await cli(['deploy-commands']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'deploy-commands: DISCORD_TOKEN is not set: copy the bot token from the Developer Portal → Bot → Reset Token.\n'
        + 'Hint: put it in .env (see .env.example) or the environment; docs/discord.md walks through the set-up.\n',
    });
  });

  it('deploy-commands with Discord unreachable names the cause and the fix, never the token', async () => {
    const token = 'MTIz.secret-token-value.abc';
    const run = await cli(['deploy-commands'], { env: { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: '123456789012345678', DISCORD_REST_URL: 'http://127.0.0.1:1/api' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('deploy-commands: Could not reach DISCORD_REST_URL (http://127.0.0.1:1/api) (ECONNREFUSED): check the network connection and DISCORD_REST_URL, then run deploy-commands again.\n');
    expect(run.stderr).not.toContain('secret-token');
  });

  it('names a broken configuration value and exits 2, without echoing it', async () => {
    const run = await cli(['sources'], { env: { DIGEST_TIMEZONE: 'Moon/Base', OPENAI_BASE_URL: 'not a url secret-123' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DIGEST_TIMEZONE: expected an IANA time zone');
    expect(run.stderr).toContain('OPENAI_BASE_URL: expected an http(s) URL');
    expect(run.stderr).not.toContain('secret-123');
  });

  it('says clearly when the corpus folder does not exist', async () => {
    const run = await cli(['sources'], { env: { CORPUS_DIR: '/nonexistent/attache-corpus' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Corpus folder not found: /nonexistent/attache-corpus');
  });

  it('eval scores the extractor against labeled files', async () => {
    const dir = await tempDir('attache-eval-');
    const labels = join(import.meta.dirname, 'fixtures', 'labels');
    for (const f of await readdir(labels)) await copyFile(join(labels, f), join(dir, f));
    for (const f of await readdir(SEEDS)) await copyFile(join(SEEDS, f), join(dir, f));
    const run = await cli(['eval', dir, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { meetings: { f1: number }; areas: { f1: number } };
    expect(result.meetings.f1).toBeGreaterThanOrEqual(0.9);
    expect(result.areas.f1).toBeGreaterThanOrEqual(0.85);
  });
});

describe('attache start (piped session)', () => {
  it('answers commands in both spellings and questions, refuses unknown slash commands, and stops at quit', async () => {
    const input = ['/meetings with:Kihara', 'meetings --with "Luong Cuong" --year 2024', 'who met in Lima?', '/frobnicate', 'meetings --yaer 2024', 'quit', 'sources'].join('\n');
    const run = await cli(['start'], { input });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^attache — 5 articles, 10 meetings\. Type help, a command, or a question; quit or Ctrl-D leaves\.\n/);
    expect(run.stdout).toContain('6 Aug 2024, Vietnam: Prime Minister Pham Minh Chinh received Minister of Defense Kihara Minoru');
    expect(run.stdout).toContain('Meetings with Luong Cuong, in 2024');
    expect(run.stdout).toContain('\nwho met in Lima?\n');
    expect(run.stdout).toContain('Unknown command /frobnicate. Type help for the commands.');
    expect(run.stderr).toContain('attache: unknown option --yaer for meetings (did you mean --year?)');
    expect(run.stdout).not.toContain('\nSources\n');
    expect(run.stdout).not.toContain('attache> ');
  });
});

describe('the attache binary (a real process)', () => {
  it('passes the exit code and the streams through', async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [join(ROOT, 'src', 'bin', 'attache.js'), 'timeline', '--from', '2025', '--to', '2024'], {
        cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), CORPUS_DIR: SEEDS, STORE_URL: 'memory://', CACHE_DIR: join(tmpdir(), 'attache-bin-test', 'cache') },
      }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(firstLine(run.stderr)).toBe('attache: --from 2025 is after --to 2024');
  }, 60_000);
});
