/** The words beside a chart: alt text for screen readers and one short line of its numbers under the image. */
import { LEVEL_LABELS, LEVELS } from './levels.js';
import type { AreaSeries, TimelineSeries } from './series.js';

/** Discord's limit on an attachment's description (alt text). */
export const ALT_MAX = 1024;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function busiest<T extends { label: string }>(items: T[], value: (item: T) => number): T | null {
  let best: T | null = null;
  for (const item of items) if (value(item) > 0 && (!best || value(item) > value(best))) best = item;
  return best;
}

const periodTotal = (p: TimelineSeries['periods'][number]) => LEVELS.reduce((s, l) => s + p.meetings[l], 0);

/** "12 meetings, Nov 2023–Oct 2025 by month: leaders 7, ministers 3, parliament 0, other 2; 2 plans; busiest Nov 2024 (4)." */
export function timelineSummary(series: TimelineSeries): string {
  const first = series.periods[0]?.label ?? '';
  const last = series.periods.at(-1)?.label ?? '';
  const levels = LEVELS.map((l) => `${LEVEL_LABELS[l].toLowerCase()} ${series.totals.byLevel[l]}`).join(', ');
  const top = busiest(series.periods, periodTotal);
  const parts = [
    `${plural(series.totals.meetings, 'meeting')}, ${first === last ? first : `${first}–${last}`} by ${series.granularity}: ${levels}`,
    plural(series.totals.plans, 'plan'),
  ];
  if (top) parts.push(`busiest ${top.label} (${periodTotal(top)})`);
  if (series.notShown.imprecise) parts.push(`${series.notShown.imprecise} dated only by year not drawn`);
  return `${parts.join('; ')}.`;
}

export function timelineAlt(series: TimelineSeries): string {
  const milestones = series.milestones.map((m) => `${m.label} (${m.date})`).join(', ');
  const alt = `Bar chart of Vietnam–Japan meetings per ${series.granularity}, stacked by level (leaders, ministers, parliament, other), with plans as diamonds below the axis${milestones ? ` and milestones marked: ${milestones}` : ''}. ${timelineSummary(series)}`;
  return alt.length <= ALT_MAX ? alt : `${alt.slice(0, ALT_MAX - 1)}…`;
}

/** "Most articles: Semiconductors 14, Digital 9, Energy 6; Q4 2024–Q3 2025 by quarter." */
export function areaSummary(series: AreaSeries): string {
  const first = series.periods[0]?.label ?? '';
  const last = series.periods.at(-1)?.label ?? '';
  const top = series.rows.slice(0, 3).map((r) => `${r.label} ${r.total}`).join(', ');
  const focus = series.focus ? series.rows.find((r) => r.area === series.focus) : undefined;
  const peak = focus ? busiest(series.periods.map((p, i) => ({ label: p.label, n: focus.counts[i] ?? 0 })), (p) => p.n) : null;
  const parts = [`Most articles: ${top}`, `${first === last ? first : `${first}–${last}`} by ${series.granularity}`];
  if (focus) parts.push(`${focus.label}: ${plural(focus.total, 'article')}${peak ? `, most in ${peak.label} (${peak.n})` : ''}`);
  return `${parts.join('; ')}.`;
}

export function areaAlt(series: AreaSeries): string {
  const alt = `Heat map of articles naming each cooperation area per ${series.granularity} (${series.rows.length} most active areas; darker cells mean more articles). ${areaSummary(series)}`;
  return alt.length <= ALT_MAX ? alt : `${alt.slice(0, ALT_MAX - 1)}…`;
}
