/**
 * Per-command handler latency (engine call + rendering to a Discord payload), p50/p99 in ms, on the REAL
 * deterministic engine (no model): the seed corpus, and with `--corpus DIR` that folder too.
 *
 *   npx tsx bench/commands.ts [--corpus DIR] [--runs 500]
 *
 * The network round trip to Discord is not included: it is the same for every command. Load time is printed
 * beside the figures but not counted in them (the bot loads once at start).
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Engine, View } from '../src/briefing/views.js';
import { loadApp } from '../src/app.js';
import { pageCount, renderView } from '../src/discord/render.js';

export interface CommandFigure {
  command: string;
  p50: number;
  p99: number;
  max: number;
  runs: number;
}

const REF = { command: 'bench', userId: '112233445566778899', viewKey: 'benchKey' };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function measure(command: string, runs: number, run: () => Promise<unknown> | unknown): Promise<CommandFigure> {
  for (let i = 0; i < Math.min(20, runs); i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return { command, p50: round(quantile(times, 0.5)), p99: round(quantile(times, 0.99)), max: round(times.at(-1) ?? 0), runs };
}

async function rendered(view: Promise<View>, locale: string): Promise<void> {
  const v = await view;
  renderView(v, 0, locale, pageCount(v, locale) > 1 || v.items.length > 0 ? REF : undefined);
}

export async function benchCommands(engine: Engine, runs = 500): Promise<CommandFigure[]> {
  return [
    await measure('/briefing', runs, () => rendered(engine.briefing(undefined, 'en-US'), 'en-US')),
    await measure('/meetings', runs, () => rendered(engine.meetings({}, 'en-US'), 'en-US')),
    await measure('/meetings with:Исиба', runs, () => rendered(engine.meetings({ with: 'Исиба' }, 'vi'), 'vi')),
    await measure('/cooperation', runs, () => rendered(engine.cooperation('semiconductors', 'ja'), 'ja')),
    await measure('/timeline', runs, () => rendered(engine.timeline({ from: '2023' }, 'en-US'), 'en-US')),
    await measure('/ask', runs, () => rendered(engine.ask('When did Luong Cuong meet Ishiba Shigeru?', 'en-US'), 'en-US')),
    await measure('/ask semiconductor training', runs, () => rendered(engine.ask('semiconductor training', 'en-US'), 'en-US')),
    await measure('/sources', runs, () => rendered(engine.sources(undefined, 'en-US'), 'en-US')),
    await measure('/help', runs, () => rendered(engine.help('en-US'), 'en-US')),
    await measure('/sources id', runs, () => rendered(engine.sources('002_460abb11f1e7dc2e', 'en-US'), 'en-US')),
    await measure('autocomplete with:"Исиба"', runs, () => engine.suggest('with', 'Исиба', 25)),
    await measure('autocomplete with:"ishi"', runs, () => engine.suggest('with', 'ishi', 25)),
    await measure('autocomplete area:"semi"', runs, () => engine.suggest('area', 'semi', 25)),
    await measure('autocomplete area:""', runs, () => engine.suggest('area', '', 25)),
    await measure('autocomplete place:"L"', runs, () => engine.suggest('place', 'L', 25)),
  ];
}

export function formatFigures(figures: CommandFigure[]): string {
  const rows = figures.map((f) => `${f.command.padEnd(28)} p50 ${f.p50.toFixed(3).padStart(8)} ms   p99 ${f.p99.toFixed(3).padStart(8)} ms   max ${f.max.toFixed(3).padStart(8)} ms`);
  return [`handler latency (engine + render), ${figures[0]?.runs ?? 0} runs each`, ...rows].join('\n');
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function benchCorpus(dir: string, runs: number): Promise<void> {
  const start = performance.now();
  const app = await loadApp({ corpusDir: dir, corpusMaxBytes: 5 * 1024 * 1024 });
  const loadMs = performance.now() - start;
  console.log(`\ncorpus ${dir}: ${app.documents.length} documents, ${app.knowledge.meetings.length} meetings, loaded in ${loadMs.toFixed(0)} ms (not counted)`);
  const figures = await benchCommands(app.engine, runs);
  console.log(formatFigures(figures));
  const slow = figures.filter((f) => f.p99 > TARGET_P99_MS);
  console.log(slow.length ? `above ${TARGET_P99_MS} ms p99: ${slow.map((f) => f.command).join(', ')}` : `every handler under ${TARGET_P99_MS} ms p99 (issue 4's target)`);
}

/** Issue 4: no handler above 50 ms without a model. */
const TARGET_P99_MS = 50;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(argument('--runs') ?? 500);
  console.log(`engine: deterministic (src/briefing/engine.ts via loadApp), no model; Node ${process.version}; load average ${loadavg()[0]!.toFixed(2)} (other processes share the machine)`);
  await benchCorpus('seeds', runs);
  const extra = argument('--corpus');
  if (extra) await benchCorpus(extra, runs);
}
