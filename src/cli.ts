/**
 * Terminal adapter: `attache <command>` runs every command offline and prints the same views as the bot.
 */
import { readFile, readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { createInterface } from 'node:readline';
import { ConfigError, parseConfig, type Config } from './config.js';
import { loadApp, type App } from './app.js';
import { renderText } from './terminal/render.js';
import { evaluate, type Label } from './knowledge/evaluate.js';
import { evaluateStatements, type LabeledStatement, type StatementEvaluation } from './knowledge/evaluate-statements.js';
import type { View } from './briefing/views.js';
import { evidenceText, type Evidence } from './knowledge/types.js';

const USAGE = `attache — Vietnam–Japan briefings from a multilingual news corpus

Usage: attache <command> [options]

  start                          the bot when DISCORD_TOKEN is set, else an interactive terminal session
  sources [ID]                   the documents of the corpus (or one of them)
  briefing [TOPIC]               the one-screen overview
  meetings [--with NAME|COUNTRY] [--year Y] [--place P]
  cooperation AREA               one cooperation area (e.g. semiconductors, oda-finance)
  timeline [--from DATE] [--to DATE]
  ask QUESTION…                  a free question, answered with citations
  extract --json [DIR]           the extraction contract as JSON (GUIDE §3)
  eval DIR [--json]              precision/recall/F1 against labeled NNN.txt + NNN.json files
  digest --preview               the next digest
  deploy-commands                register the slash commands with Discord

Options: --corpus DIR (default: CORPUS_DIR or seeds/)`;

/** Reads the environment plus an optional .env (the environment wins). */
export function readEnv(cwd = process.cwd()): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags.set(key, inline);
      else if (next !== undefined && !next.startsWith('--') && !['json', 'preview'].includes(key)) {
        flags.set(key, next);
        i++;
      } else flags.set(key, true);
    } else positional.push(arg);
  }
  return { positional, flags };
}

const flag = (args: Args, key: string): string | undefined => {
  const v = args.flags.get(key);
  return typeof v === 'string' ? v : undefined;
};

const warnLog = { warn: (m: string) => console.error(`warning: ${m}`) };

/** The JSON contract of `attache extract --json` (GUIDE §3). */
export function extractJson(app: App): unknown {
  const { knowledge } = app;
  const text = (e: Evidence) => evidenceText(e, app.textOf);
  return {
    documents: knowledge.documents.map((d) => ({
      id: d.id, file: d.file, lang: d.lang, title: d.title, outlet: d.outlet, published: d.published, source: d.source,
      sentences: d.sentences, warnings: d.warnings, areas: d.areas,
    })),
    meetings: knowledge.meetings.map((m) => ({
      id: m.id, date: m.date, place: m.place, country: m.country, occasion: m.occasion, kind: m.kind,
      participants: m.participants.map((p) => ({ name: p.name, role: p.role, country: p.country })),
      areas: m.areas,
      sources: m.sources.map((s) => ({ document: s.document, sentence: s.sentence, text: text(s) })),
      reports: m.reports, conflicts: m.conflicts,
    })),
    plans: knowledge.plans.map((p) => ({
      id: p.id, date: p.date, place: p.place, country: p.country, kind: p.kind,
      participants: p.participants.map((x) => ({ name: x.name, role: x.role, country: x.country })),
      sources: p.sources.map((s) => ({ document: s.document, sentence: s.sentence, text: text(s) })),
    })),
    areas: knowledge.areas.map((a) => ({
      id: a.id, label: a.label, mentions: a.mentions.map((m) => ({ document: m.document, sentence: m.sentence, text: text(m) })),
    })),
    figures: knowledge.figures.map((f) => ({
      value: f.value, unit: f.unit, measure: f.measure, period: f.period, text: f.text,
      source: { document: f.evidence.document, sentence: f.evidence.sentence, text: text(f.evidence) },
    })),
    statements: (knowledge.statements ?? []).map((s) => ({
      document: s.evidence.document, sentence: s.evidence.sentence,
      actor: { name: s.actor.name, country: s.actor.country }, act: s.act, addressee: s.addressee, areas: s.areas,
      object: s.object, meeting: s.meeting, quote: text(s.evidence), text: s.text,
    })),
  };
}

async function readLabels(dir: string): Promise<Label[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const labels: Label[] = [];
  for (const file of files) {
    const raw = JSON.parse(await readFile(join(dir, file), 'utf8')) as Omit<Label, 'document'> & { meetings?: Label['meetings'] };
    if (!Array.isArray(raw.meetings)) continue;
    labels.push({ document: file.replace(/\.json$/, ''), lang: raw.lang, published: raw.published ?? null, meetings: raw.meetings, areas: raw.areas ?? [] });
  }
  return labels;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Labeled statements per document, from the labels that carry a `statements` list. */
async function readStatementLabels(dir: string): Promise<Map<string, LabeledStatement[]>> {
  const out = new Map<string, LabeledStatement[]>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const raw = JSON.parse(await readFile(join(dir, file), 'utf8')) as { statements?: LabeledStatement[] };
    if (Array.isArray(raw.statements)) out.set(file.replace(/\.json$/, ''), raw.statements);
  }
  return out;
}

async function runEval(dir: string, json: boolean, config: Config): Promise<void> {
  const app = await loadApp({ ...config, corpusDir: dir }, warnLog);
  const labels = await readLabels(dir);
  const result = evaluate(app.knowledge, labels);
  const statementLabels = await readStatementLabels(dir);
  const statements = statementLabels.size
    ? evaluateStatements(app.knowledge.statements ?? [], statementLabels, (s) => evidenceText(s.evidence, app.textOf))
    : null;
  if (json) {
    console.log(JSON.stringify(statements ? { ...result, statements } : result, null, 2));
    return;
  }
  console.log(`Evaluated ${labels.length} labeled documents in ${dir}\n`);
  console.log('            precision  recall     F1      (tp/fp/fn)');
  for (const key of ['meetings', 'participants', 'places', 'areas'] as const) {
    const s = result[key];
    console.log(`${key.padEnd(12)}${pct(s.precision).padStart(9)}${pct(s.recall).padStart(9)}${pct(s.f1).padStart(9)}    (${s.tp}/${s.fp}/${s.fn})`);
  }
  const d = result.dates;
  console.log(`dates       exact ${d.exact}/${d.matched} (${pct(d.matched ? d.exact / d.matched : 1)}), not contradicting ${d.compatible}/${d.matched}`);
  if (result.misses.length) console.log(`\nMisses:\n${result.misses.map((m) => `  - ${m}`).join('\n')}`);
  if (result.falseFinds.length) console.log(`\nFalse finds:\n${result.falseFinds.map((m) => `  - ${m}`).join('\n')}`);
  if (statements) printStatementScores(statements, statementLabels.size);
}

function printStatementScores(result: StatementEvaluation, documents: number): void {
  console.log(`\nStatements (${documents} documents with statement labels)\n            precision  recall     F1      (tp/fp/fn)`);
  for (const [key, s] of [['overall', result.overall] as const, ...Object.entries(result.acts)]) {
    console.log(`${key.padEnd(14)}${pct(s.precision).padStart(7)}${pct(s.recall).padStart(9)}${pct(s.f1).padStart(9)}    (${s.tp}/${s.fp}/${s.fn})`);
  }
  if (result.misses.length) console.log(`\nStatement misses:\n${result.misses.map((m) => `  - ${m}`).join('\n')}`);
  if (result.falseFinds.length) console.log(`\nStatement false finds:\n${result.falseFinds.map((m) => `  - ${m}`).join('\n')}`);
}

/** Parses a terminal-session line like `/meetings with:Ishiba year:2024` into a view. */
export async function answerLine(app: App, line: string): Promise<View | null> {
  const text = line.trim();
  if (!text) return null;
  if (!text.startsWith('/')) return app.engine.ask(text);
  const [command = '', ...rest] = text.slice(1).split(/\s+/);
  const options = new Map<string, string>();
  const free: string[] = [];
  // Options are `name:value`; a value runs until the next `name:`.
  let current: string | null = null;
  for (const word of rest) {
    const m = /^(\w+):(.*)$/.exec(word);
    if (m) {
      current = m[1]!;
      options.set(current, m[2]!);
    } else if (current) options.set(current, `${options.get(current)} ${word}`.trim());
    else free.push(word);
  }
  const arg = (name: string) => options.get(name) ?? (free.length ? free.join(' ') : undefined);
  switch (command) {
    case 'briefing': return app.engine.briefing(arg('topic'));
    case 'meetings': {
      const year = options.get('year');
      return app.engine.meetings({ with: options.get('with') ?? (free.join(' ') || undefined), year: year ? Number(year) : undefined, place: options.get('place') });
    }
    case 'cooperation': return app.engine.cooperation(arg('area') ?? '');
    case 'timeline': return app.engine.timeline({ from: options.get('from'), to: options.get('to') });
    case 'ask': return app.engine.ask(arg('question') ?? '');
    case 'sources': return app.engine.sources(arg('id'));
    case 'help': return app.engine.help();
    default: return app.engine.help();
  }
}

async function terminalSession(app: App): Promise<void> {
  console.log(`attache — ${app.documents.length} articles, ${app.knowledge.meetings.length} meetings. Type /help, a /command, or a question. Ctrl-D quits.`);
  console.log('To run in Discord: set DISCORD_TOKEN (and DISCORD_CLIENT_ID) in .env, run `npm run deploy-commands`, then `npm start`.');
  const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) rl.setPrompt('attache> '), rl.prompt();
  for await (const line of rl) {
    const v = await answerLine(app, line);
    if (v) console.log(`${renderText(v)}\n`);
    if (process.stdin.isTTY) rl.prompt();
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [command = 'help', ...rest] = args.positional;
  if (command === 'help' || args.flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  let config: Config;
  try {
    config = parseConfig(readEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const corpus = flag(args, 'corpus');
  if (corpus) config = { ...config, corpusDir: corpus };
  const show = (v: View) => console.log(renderText(v));

  switch (command) {
    case 'extract': {
      const dir = rest[0] ?? config.corpusDir;
      const app = await loadApp({ ...config, corpusDir: resolve(dir) }, warnLog);
      const data = extractJson(app);
      console.log(args.flags.has('json') ? JSON.stringify(data, null, 2) : renderText(await app.engine.briefing()));
      return 0;
    }
    case 'eval': {
      const dir = rest[0];
      if (!dir) {
        console.error('eval needs a folder of labeled NNN.txt + NNN.json files');
        return 2;
      }
      await runEval(dir, args.flags.has('json'), config);
      return 0;
    }
    case 'digest': {
      if (!args.flags.has('preview')) {
        console.error('Usage: attache digest --preview');
        return 2;
      }
      console.log(renderText(await previewDigest(config)));
      return 0;
    }
    case 'deploy-commands': {
      const { runDeploy } = await import('./discord/deploy.js');
      return runDeploy(config);
    }
    case 'start': {
      if (config.discord.token && config.discord.shards !== null) {
        const { runShards } = await import('./discord/shards.js');
        return runShards(config);
      }
      if (config.discord.token) {
        const { runBot } = await import('./discord/run.js');
        return runBot(config);
      }
      const app = await loadApp(config, warnLog);
      await terminalSession(app);
      return 0;
    }
    default: {
      // The terminal's views say "as of" the clock and tell plans still ahead from past ones.
      const app = await loadApp(config, warnLog, { now: () => new Date() });
      const v = await commandView(app, command, rest, args);
      if (!v) {
        console.error(`Unknown command “${command}”.\n\n${USAGE}`);
        return 2;
      }
      if (args.flags.has('json')) console.log(JSON.stringify(v, null, 2));
      else show(v);
      return 0;
    }
  }
}

/** The next digest of the default subscription (or of everything, without one), from the configured store. */
async function previewDigest(config: Config): Promise<View> {
  const { openStore } = await import('./store/store.js');
  const { createDigestService } = await import('./digest/service.js');
  const quiet = { info: () => undefined, warn: (o: object, m?: string) => console.error(`warning: ${m ?? JSON.stringify(o)}`), error: (o: object, m?: string) => console.error(`error: ${m ?? JSON.stringify(o)}`), debug: () => undefined };
  const app = await loadApp(config, warnLog);
  const store = await openStore(config.storeUrl, quiet).catch(() => openStore('memory://', quiet));
  try {
    const hashes = Object.fromEntries(app.documents.map((d) => [d.id, d.hash]));
    const service = createDigestService({
      store,
      poster: { post: async () => 'ok' as const },
      corpus: () => ({ knowledge: app.knowledge, hashes }),
      log: quiet,
    });
    return await service.preview(null, new Date());
  } finally {
    await store.close();
  }
}

async function commandView(app: App, command: string, rest: string[], args: Args): Promise<View | null> {
  switch (command) {
    case 'sources': return app.engine.sources(rest[0]);
    case 'briefing': return app.engine.briefing(rest.join(' ') || undefined);
    case 'meetings': {
      const year = flag(args, 'year');
      return app.engine.meetings({ with: flag(args, 'with'), year: year ? Number(year) : undefined, place: flag(args, 'place') });
    }
    case 'cooperation': return app.engine.cooperation(rest.join(' '));
    case 'timeline': return app.engine.timeline({ from: flag(args, 'from'), to: flag(args, 'to') });
    case 'ask': return app.engine.ask(rest.join(' '));
    case 'help': return app.engine.help();
    default: return null;
  }
}
