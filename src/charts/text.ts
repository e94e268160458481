/**
 * The words beside a chart, in the reader's language (data/strings.json): alt text for screen readers and one short
 * line of its numbers under the image. Series arrive with their labels already in that language (localize.ts).
 */
import { LEVELS, levelLabel } from './levels.js';
import type { AreaSeries, TimelineSeries } from './series.js';
import type { CounterpartSeries } from './counterparts.js';
import { count, ct, type ChartLang } from './strings.js';

/** Discord's limit on an attachment's description (alt text). */
export const ALT_MAX = 1024;

function busiest<T extends { label: string }>(items: T[], value: (item: T) => number): T | null {
  let best: T | null = null;
  for (const item of items) if (value(item) > 0 && (!best || value(item) > value(best))) best = item;
  return best;
}

const periodTotal = (p: TimelineSeries['periods'][number]) => LEVELS.reduce((s, l) => s + p.meetings[l], 0);
const cut = (alt: string) => (alt.length <= ALT_MAX ? alt : `${alt.slice(0, ALT_MAX - 1)}…`);
const sentence = (lang: ChartLang, parts: string[]) => `${parts.join(ct(lang, 'partSep'))}${ct(lang, 'end')}`;

function span(lang: ChartLang, periods: ReadonlyArray<{ label: string }>): string {
  const first = periods[0]?.label ?? '';
  const last = periods.at(-1)?.label ?? '';
  return first === last ? first : ct(lang, 'range', { first, last });
}

/** "leaders 7, ministers 3, parliament 0, other 2" */
function levelCounts(lang: ChartLang, byLevel: Record<(typeof LEVELS)[number], number>): string {
  return LEVELS.map((l) => `${levelLabel(l, lang).toLocaleLowerCase(lang)} ${byLevel[l]}`).join(ct(lang, 'listSep'));
}

const levelNames = (lang: ChartLang) => LEVELS.map((l) => levelLabel(l, lang).toLocaleLowerCase(lang)).join(ct(lang, 'listSep'));

/** "12 meetings, Nov 2023–Oct 2025 by month: leaders 7, ministers 3, parliament 0, other 2; 2 plans; busiest Nov 2024 (4)." */
export function timelineSummary(series: TimelineSeries, lang: ChartLang = 'en'): string {
  const top = busiest(series.periods, periodTotal);
  const parts = [
    ct(lang, 'timelineLine', {
      meetings: count(lang, 'meetings', series.totals.meetings),
      range: span(lang, series.periods),
      granularity: ct(lang, `granularity.${series.granularity}`),
      levels: levelCounts(lang, series.totals.byLevel),
    }),
    count(lang, 'plans', series.totals.plans),
  ];
  if (top) parts.push(ct(lang, 'busiest', { period: top.label, n: periodTotal(top) }));
  if (series.notShown.imprecise) parts.push(ct(lang, 'imprecise', { n: series.notShown.imprecise }));
  return sentence(lang, parts);
}

export function timelineAlt(series: TimelineSeries, lang: ChartLang = 'en'): string {
  const list = series.milestones.map((m) => `${m.label} (${m.date})`).join(ct(lang, 'listSep'));
  return cut(ct(lang, 'timelineAlt', {
    granularity: ct(lang, `granularity.${series.granularity}`),
    levels: levelNames(lang),
    milestones: list ? ct(lang, 'milestonesMarked', { list }) : '',
    summary: timelineSummary(series, lang),
  }));
}

/** "Most articles: Semiconductors 14, Digital 9, Energy 6; Q4 2024–Q3 2025 by quarter." */
export function areaSummary(series: AreaSeries, lang: ChartLang = 'en'): string {
  const top = series.rows.slice(0, 3).map((r) => `${r.label} ${r.total}`).join(ct(lang, 'listSep'));
  const focus = series.focus ? series.rows.find((r) => r.area === series.focus) : undefined;
  const peak = focus ? busiest(series.periods.map((p, i) => ({ label: p.label, n: focus.counts[i] ?? 0 })), (p) => p.n) : null;
  const parts = [ct(lang, 'areaTop', { top }), ct(lang, 'areaRange', { range: span(lang, series.periods), granularity: ct(lang, `granularity.${series.granularity}`) })];
  if (focus) {
    const peakText = peak ? ct(lang, 'areaPeak', { period: peak.label, n: peak.n }) : '';
    parts.push(`${ct(lang, 'areaFocus', { area: focus.label, articles: count(lang, 'articles', focus.total) })}${peakText}`);
  }
  return sentence(lang, parts);
}

export function areaAlt(series: AreaSeries, lang: ChartLang = 'en'): string {
  return cut(ct(lang, 'areaAlt', { granularity: ct(lang, `granularity.${series.granularity}`), rows: series.rows.length, summary: areaSummary(series, lang) }));
}

/** "Pham Minh Chinh: 6 meetings with 4 counterparts: Ishiba Shigeru 3, Kishida Fumio 2, Others (2) 1." */
export function counterpartsSummary(series: CounterpartSeries, lang: ChartLang = 'en'): string {
  const bars = series.rows.map((r) => `${r.name} ${r.total}`);
  if (series.others) bars.push(`${ct(lang, 'others', { count: series.others.counterparts })} ${series.others.total}`);
  return sentence(lang, [ct(lang, 'counterpartsLine', {
    subject: series.subject,
    meetings: count(lang, 'meetings', series.totals.meetings),
    counterparts: count(lang, 'counterparts', series.totals.counterparts),
    top: bars.join(ct(lang, 'listSep')),
  })]);
}

export function counterpartsAlt(series: CounterpartSeries, lang: ChartLang = 'en'): string {
  return cut(ct(lang, 'counterpartsAlt', {
    subject: series.subject,
    levels: levelNames(lang),
    shown: series.rows.length,
    summary: counterpartsSummary(series, lang),
  }));
}
