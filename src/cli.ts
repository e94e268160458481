/**
 * Terminal adapter: `attache <command>` runs every command offline and prints the same views as the bot, or their
 * data with `--json` (docs/terminal.md). `runCli(argv, io)` does everything and returns the exit code:
 * 0 done, 1 nothing found (or a failure), 2 a usage or configuration mistake.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, parseConfig, type Config } from './config.js';
import { loadApp, type App } from './app.js';
import { renderText } from './terminal/render.js';
import { langOf } from './briefing/lang.js';
import { chartLine, writeChartFile } from './terminal/chart-file.js';
import { evaluate } from './knowledge/evaluate.js';
import { resolveArea } from './briefing/engine.js';
import type { View } from './briefing/views.js';
import { UsageError, parseCommandLine, stringOption, type ParsedCommand } from './terminal/args.js';
import { COMMANDS, commandSpec, commandUsage, overallUsage } from './terminal/commands.js';
import { briefingJson, composedJson, cooperationJson, extractJson, meetingsJson, sourcesJson, timelineJson } from './terminal/data.js';
import { evalReport, readLabels, readStatementLabels, statementReport } from './terminal/eval-report.js';
import { evaluateStatements } from './knowledge/evaluate-statements.js';
import { evidenceText } from './knowledge/types.js';
import { runSession } from './terminal/session.js';
import { styleFor, type Style } from './terminal/style.js';

export { extractJson } from './terminal/data.js';

/** A stream the CLI writes to (process.stdout, or a buffer in tests). */
export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Out;
  stderr: Out;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The environment (the CLI reads `.env` in `cwd` under it). */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Reads `env` plus an optional .env in `cwd` (the environment wins). */
export function readEnv(cwd = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** A command's outcome: 0 done, 1 nothing found or a failure, 2 a usage mistake. */
type Code = 0 | 1 | 2;

interface Context {
  io: CliIo;
  config: Config;
  style: Style;
  /** The app, loaded once per process (the session reuses it for every line). */
  app: () => Promise<App>;
  line: (text: string) => void;
  fail: (text: string) => void;
}

/** Slash-command hints of the shared views name the terminal's commands here (`/sources` → `attache sources`). */
export function terminalHints(text: string): string {
  return text.replace(/(^|[\s(“"])\/([a-z-]+)\b/g, (whole, before: string, name: string) => (commandSpec(name) ? `${before}attache ${name}` : whole));
}

function printJson(ctx: Context, data: unknown): void {
  ctx.line(JSON.stringify(data, null, 2));
}

/** Prints a view (or its data); a view with nothing to show says so on stderr and exits 1. */
async function show(ctx: Context, parsed: ParsedCommand, view: View, data: () => unknown): Promise<Code> {
  if (view.empty && view.sections.length === 0) {
    ctx.fail(terminalHints(view.empty));
    return 1;
  }
  if (parsed.values.has('json')) printJson(ctx, await data());
  else ctx.line(terminalHints(renderText(view, ctx.style, langOf(stringOption(parsed, 'lang')))));
  return 0;
}

async function runEval(ctx: Context, parsed: ParsedCommand): Promise<Code> {
  const dir = resolve(ctx.io.cwd, parsed.positional!);
  if (!existsSync(dir)) {
    ctx.fail(`Folder not found: ${dir}`);
    return 1;
  }
  const labels = await readLabels(dir);
  if (labels.length === 0) {
    throw new UsageError(`${parsed.positional} has no labels: eval needs NNN.json files with a "meetings" list beside the NNN.txt articles, and without them there is nothing to score`, parsed.spec);
  }
  const app = await loadApp({ ...ctx.config, corpusDir: dir }, { warn: (m) => ctx.fail(`warning: ${m}`) });
  const result = evaluate(app.knowledge, labels);
  const statementLabels = await readStatementLabels(dir);
  const statements = statementLabels.size
    ? evaluateStatements(app.knowledge.statements ?? [], statementLabels, (s) => evidenceText(s.evidence, app.textOf))
    : null;
  if (parsed.values.has('json')) printJson(ctx, statements ? { ...result, statements } : result);
  else ctx.line(evalReport(result, labels.length, parsed.positional!) + (statements ? statementReport(statements, statementLabels.size) : ''));
  return 0;
}

async function runExtract(ctx: Context, parsed: ParsedCommand): Promise<Code> {
  const dir = resolve(ctx.io.cwd, parsed.positional ?? ctx.config.corpusDir);
  const app = await loadApp({ ...ctx.config, corpusDir: dir }, { warn: (m) => ctx.fail(`warning: ${m}`) });
  if (parsed.values.has('json')) {
    printJson(ctx, extractJson(app));
    return 0;
  }
  const k = app.knowledge;
  const mentions = k.areas.reduce((n, a) => n + a.mentions.length, 0);
  ctx.line([
    `Extracted from ${k.documents.length} articles in ${dir}:`,
    `  ${k.meetings.length} meetings, ${k.plans.length} plans, ${mentions} mentions of ${k.areas.length} cooperation areas, ${k.figures.length} figures.`,
    'Add --json for the data (its shape: docs/extraction.md).',
  ].join('\n'));
  return 0;
}

/** The next digest of the default subscription (or of everything, without one), from the configured store. */
async function previewDigest(ctx: Context, language: string): Promise<View> {
  const { openStore } = await import('./store/store.js');
  const { createDigestService } = await import('./digest/service.js');
  const quiet = { info: () => undefined, warn: (o: object, m?: string) => ctx.fail(`warning: ${m ?? JSON.stringify(o)}`), error: (o: object, m?: string) => ctx.fail(`error: ${m ?? JSON.stringify(o)}`), debug: () => undefined };
  const app = await ctx.app();
  const store = await openStore(ctx.config.storeUrl, quiet).catch(() => openStore('memory://', quiet));
  try {
    const hashes = Object.fromEntries(app.documents.map((d) => [d.id, d.hash]));
    const service = createDigestService({
      store,
      poster: { post: async () => 'ok' as const },
      corpus: () => ({ knowledge: app.knowledge, hashes }),
      log: quiet,
    });
    return await service.preview(null, new Date(), language);
  } finally {
    await store.close();
  }
}

async function runView(ctx: Context, parsed: ParsedCommand): Promise<Code> {
  const app = await ctx.app();
  const { engine } = app;
  const topic = parsed.positional;
  // The reader's language (--lang): the views' sentences; --json data stays as extracted.
  const lang = stringOption(parsed, 'lang');
  switch (parsed.spec.name) {
    case 'briefing': return show(ctx, parsed, await engine.briefing(topic ?? undefined, lang), () => briefingJson(app, topic));
    case 'meetings': {
      const year = stringOption(parsed, 'year');
      const query = { with: stringOption(parsed, 'with'), year: year ? Number(year) : undefined, place: stringOption(parsed, 'place') };
      const file = stringOption(parsed, 'chart');
      const chart = file ? await writeChartFile(app.knowledge, { command: 'meetings', query }, file) : undefined;
      const view = await engine.meetings(query, lang);
      const code = await show(ctx, parsed, view, async () => ({ ...(await meetingsJson(app, view, query)), ...(file ? { chart } : {}) }));
      if (file && !parsed.values.has('json')) ctx.line(`\n${chartLine(chart ?? null, file, 'meetings')}`);
      return code;
    }
    case 'cooperation': {
      const area = resolveArea(topic!);
      return show(ctx, parsed, await engine.cooperation(topic!, lang), () => cooperationJson(app, area!));
    }
    case 'timeline': {
      const range = { from: stringOption(parsed, 'from'), to: stringOption(parsed, 'to') };
      const file = stringOption(parsed, 'chart');
      const chart = file ? await writeChartFile(app.knowledge, { command: 'timeline', ...range }, file) : undefined;
      const code = await show(ctx, parsed, await engine.timeline(range, lang), () => ({ ...timelineJson(app, range), ...(file ? { chart } : {}) }));
      if (file && !parsed.values.has('json')) ctx.line(`\n${chartLine(chart ?? null, file)}`);
      return code;
    }
    case 'ask': {
      const view = await engine.ask(topic!, lang);
      return show(ctx, parsed, view, () => composedJson(view));
    }
    case 'sources': return show(ctx, parsed, await engine.sources(topic ?? undefined, lang), () => sourcesJson(app, topic));
    case 'digest': {
      const view = await previewDigest(ctx, lang ?? 'en');
      return show(ctx, parsed, view, () => composedJson(view));
    }
    default: throw new UsageError(`unknown command “${parsed.spec.name}”`, null);
  }
}

async function runStart(ctx: Context, run: (argv: string[]) => Promise<number>): Promise<number> {
  const { config, io } = ctx;
  if (config.discord.token && config.discord.shards !== null) {
    const { runShards } = await import('./discord/shards.js');
    return runShards(config);
  }
  if (config.discord.token) {
    const { runBot } = await import('./discord/run.js');
    return runBot(config);
  }
  const app = await ctx.app();
  const years = [...new Set(app.knowledge.meetings.flatMap((m) => (m.date ? [m.date.slice(0, 4)] : [])))].sort().reverse();
  const banner = [
    ctx.style.title(`attache — ${app.documents.length} articles, ${app.knowledge.meetings.length} meetings. Type help, a command, or a question; quit or Ctrl-D leaves.`),
    ctx.style.dim('To run in Discord: set DISCORD_TOKEN (and DISCORD_CLIENT_ID) in .env, run `npm run deploy-commands`, then `npm start`.'),
  ].join('\n');
  await runSession(
    { input: io.stdin, output: io.stdout as NodeJS.WritableStream, terminal: io.stdin.isTTY === true && io.stdout.isTTY === true, style: ctx.style, historyFile: join(dirname(resolve(io.cwd, config.cacheDir)), 'history') },
    { engine: app.engine, years: () => years },
    // A failure answers that line; the session goes on.
    (argv) => run(argv).catch((error: unknown) => {
      ctx.fail(`attache: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }),
    banner,
  );
  return 0;
}

/** Runs one parsed command. */
async function runCommand(ctx: Context, parsed: ParsedCommand, run: (argv: string[]) => Promise<number>): Promise<number> {
  switch (parsed.spec.name) {
    case 'help': {
      const spec = parsed.positional ? commandSpec(parsed.positional) : undefined;
      if (parsed.positional && !spec) throw new UsageError(`unknown command “${parsed.positional}”`, null);
      ctx.line(spec ? commandUsage(spec) : overallUsage());
      return 0;
    }
    case 'extract': return runExtract(ctx, parsed);
    case 'eval': return runEval(ctx, parsed);
    case 'deploy-commands': {
      const { runDeploy } = await import('./discord/deploy.js');
      return runDeploy(ctx.config, { out: ctx.line, err: ctx.fail });
    }
    case 'start': return runStart(ctx, run);
    default: return runView(ctx, parsed);
  }
}

function usageFailure(io: CliIo, style: Style, error: UsageError): 2 {
  const usage = error.command ? commandUsage(error.command) : `Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run attache --help for more.`;
  io.stderr.write(`${style.error(`attache: ${error.message}`)}\n\n${usage}\n`);
  return 2;
}

/**
 * Runs `attache …` with `argv` (without the program name) against `io` and returns the exit code. Used by the
 * `attache` binary, by the terminal session for each line, and in-process by the tests.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const errStyle = styleFor(io.stderr, io.env);
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(`${overallUsage()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`attache ${VERSION}\n`);
    return 0;
  }
  let config: Config;
  try {
    const parsed = parseConfig(readEnv(io.cwd, io.env));
    config = { ...parsed, corpusDir: resolve(io.cwd, parsed.corpusDir), cacheDir: resolve(io.cwd, parsed.cacheDir) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return 2;
  }
  let loaded: Promise<App> | undefined;
  const ctx: Context = {
    io, config, style,
    // The terminal's views say "as of" the clock and tell plans still ahead from past ones.
    app: () => (loaded ??= loadApp(config, { warn: (m) => io.stderr.write(`warning: ${m}\n`) }, { now: () => new Date() })),
    line: (text) => io.stdout.write(`${text}\n`),
    fail: (text) => io.stderr.write(`${errStyle.error(text)}\n`),
  };
  const run = async (args: readonly string[]): Promise<number> => {
    try {
      const parsed = parseCommandLine(args);
      if (parsed.help) {
        ctx.line(commandUsage(parsed.spec));
        return 0;
      }
      const corpus = stringOption(parsed, 'corpus');
      if (corpus && resolve(io.cwd, corpus) !== resolve(io.cwd, ctx.config.corpusDir)) {
        ctx.config = { ...ctx.config, corpusDir: resolve(io.cwd, corpus) };
        loaded = undefined;
      }
      return await runCommand(ctx, parsed, run);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure(io, errStyle, error);
      throw error;
    }
  };
  try {
    return await run(argv);
  } catch (error) {
    ctx.fail(`attache: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** The `attache` binary: the process's streams and environment. */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
}
