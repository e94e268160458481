/**
 * Chart render time at 10,000 articles: `node --import tsx bench/charts.ts [--articles 10000] [--runs 30]`.
 * The knowledge is synthetic (meetings, plans and area-tagged articles spread over ten years, as many meetings as a
 * real corpus of that size yields: about one per three articles), so only the chart path is measured: series from
 * the knowledge, SVG, PNG. Every run is uncached (a new knowledge object each time). Label outlines (text-paths.ts)
 * stay cached across runs, as they do in the bot; the "labels laid out" lines forget them before every render, as
 * the first render after a start does. Figures are printed, never asserted, each with the 1-minute load average.
 */
import { createCharts } from '../src/charts/charts.js';
import type { AreaId, Knowledge, Meeting } from '../src/knowledge/types.js';
import { AREAS } from '../src/knowledge/areas.js';
import { prng } from './synth.js';
import { timelineSeries } from '../src/charts/series.js';
import { timelineSvg } from '../src/charts/svg.js';
import { fontFiles, pngOf } from '../src/charts/png.js';
import { forgetLabels, labelsSettled, textAsPaths } from '../src/charts/text-paths.js';
import { loadavg } from 'node:os';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROLES = ['Prime Minister', 'President', 'Minister of Foreign Affairs', 'Chairman of the National Assembly', 'Ambassador to Japan', null];

function syntheticKnowledge(articles: number, seed = 7): Knowledge {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const day = () => {
    const year = 2016 + Math.floor(random() * 10);
    return `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  };
  const meetings: Meeting[] = Array.from({ length: Math.round(articles / 3) }, (_, i) => ({
    id: `m${i}`, date: random() < 0.9 ? day() : null, place: null, country: null, occasion: null, kind: 'talks',
    participants: [
      // Twenty Vietnamese and twenty Japanese names, so /meetings with: has counterparts to rank.
      { name: `VN ${i % 20}`, role: pick(ROLES), country: 'VN', personId: null },
      { name: `JP ${i % 23}`, role: pick(ROLES), country: 'JP', personId: null },
    ],
    areas: [], sources: [], reports: [], conflicts: [],
  }));
  return {
    meetings,
    plans: Array.from({ length: Math.round(articles / 50) }, (_, i) => ({
      id: `p${i}`, date: day().slice(0, 7), place: null, country: null, kind: 'visit' as const, participants: [], summary: '', sources: [],
    })),
    documents: Array.from({ length: articles }, (_, i) => ({
      id: `d${i}`, file: `d${i}.txt`, lang: 'en', title: null, outlet: null, published: day(), source: null, sentences: 20, warnings: [],
      areas: Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(AREAS).id as AreaId),
    })),
    areas: [],
    figures: [],
  };
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms · p99 ${at(0.99)} ms · max ${sorted.at(-1)!.toFixed(1)} ms`;
}

const articles = argument('articles', 10_000);
const runs = argument('runs', 30);
const base = syntheticKnowledge(articles);
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const cases = [
  ['timeline (all years)', (k: Knowledge) => createCharts(() => k).timeline({}), false],
  ['timeline (2024)', (k: Knowledge) => createCharts(() => k).timeline({ from: '2024', to: '2024' }), false],
  ['cooperation heat map', (k: Knowledge) => createCharts(() => k).cooperation('semiconductors'), false],
  ['meetings with: bars', (k: Knowledge) => createCharts(() => k).meetings({ with: 'VN 3' }), false],
  ['timeline, ja', (k: Knowledge) => createCharts(() => k).timeline({}, 'ja'), false],
  ['timeline, labels laid out', (k: Knowledge) => createCharts(() => k).timeline({}), true],
  ['timeline ja, labels laid out', (k: Knowledge) => createCharts(() => k).timeline({}, 'ja'), true],
] as const;
for (const [name, render, cold] of cases) {
  await render({ ...base });
  await labelsSettled();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    if (cold) forgetLabels();
    const start = performance.now();
    const chart = await render({ ...base });
    times.push(performance.now() - start);
    bytes = chart?.png.length ?? 0;
    // Untimed: the worker finishes laying out, as it does between a bot's first render and its next.
    if (cold) await labelsSettled();
  }
  console.log(`${name.padEnd(28)} ${articles} articles, ${runs} uncached renders: ${stats(times)} · PNG ${(bytes / 1024).toFixed(0)} KiB · ${load()}`);
}
// Where the time goes: the series from the knowledge, the SVG text, labels to outlines (cached), the PNG.
const parts = { series: [] as number[], svg: [] as number[], labels: [] as number[], png: [] as number[] };
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const series = timelineSeries({ ...base }, {})!;
  parts.series.push(performance.now() - t);
  t = performance.now();
  const svg = timelineSvg(series, 'bench');
  parts.svg.push(performance.now() - t);
  t = performance.now();
  textAsPaths(svg, { files: fontFiles(), family: 'DejaVu Sans' });
  parts.labels.push(performance.now() - t);
  t = performance.now();
  await pngOf(svg);
  parts.png.push(performance.now() - t);
}
for (const [name, times] of Object.entries(parts)) console.log(`  timeline ${name.padEnd(6)} ${stats(times)}`);
const cached = createCharts(() => base);
await cached.timeline({});
const start = performance.now();
for (let i = 0; i < 1000; i++) await cached.timeline({});
console.log(`cached timeline: ${((performance.now() - start) / 1000).toFixed(3)} ms a call · ${load()}`);
