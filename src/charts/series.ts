/**
 * The numbers behind the charts, from the knowledge: meetings per period by level (plans apart, milestones marked)
 * and articles per cooperation area and period. Pure: the same knowledge and query give the same series.
 */
import milestoneData from './data/milestones.json' with { type: 'json' };
import type { AreaId, Knowledge } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import type { TimelineQuery } from '../briefing/views.js';
import { LEVELS, meetingLevel, type Level } from './levels.js';
import type { ChartLang } from './strings.js';
import { granularityFor, periodLabel, periodOf, periodRange, type Granularity } from './periods.js';

export interface TimelinePeriod {
  period: string;
  label: string;
  /** Meetings held in the period, by level. */
  meetings: Record<Level, number>;
  /** Plans (announced visits, invitations) dated in the period: not meetings, shown apart. */
  plans: number;
}

export interface Milestone {
  date: string;
  label: string;
  period: string;
}

export interface TimelineSeries {
  kind: 'timeline';
  granularity: Granularity;
  periods: TimelinePeriod[];
  milestones: Milestone[];
  totals: { meetings: number; plans: number; byLevel: Record<Level, number> };
  /** Meetings in the knowledge not drawn: without a date, or dated less precisely than a period (a bare year). */
  notShown: { undated: number; imprecise: number };
}

export interface AreaRow {
  area: AreaId;
  label: string;
  /** Articles naming the area, per period (same order as `periods`). */
  counts: number[];
  total: number;
}

export interface AreaSeries {
  kind: 'areas';
  granularity: Granularity;
  periods: Array<{ period: string; label: string }>;
  rows: AreaRow[];
  /** The area the user asked about (always among the rows), or null. */
  focus: AreaId | null;
  /** Articles with an area but no publication date precise enough for a period. */
  notShown: { undated: number };
}

/** Rows of the area heat map: the most active areas (the asked one always included). */
export const AREA_ROWS = 10;

const MILESTONES: ReadonlyArray<{ date: string; label: string }> = milestoneData.milestones.map(({ date, label }) => ({ date, label }));

/** A milestone's label in `lang` (the series keeps the English one). */
export function milestoneLabel(milestone: Pick<Milestone, 'date' | 'label'>, lang: ChartLang): string {
  const found = milestoneData.milestones.find((m) => m.date === milestone.date && m.label === milestone.label);
  return (lang === 'en' ? undefined : found?.[lang]) ?? milestone.label;
}

function inRange(date: string, query: TimelineQuery): boolean {
  return (!query.from || date >= query.from.slice(0, date.length)) && (!query.to || date.slice(0, query.to.length) <= query.to);
}

const zeroLevels = (): Record<Level, number> => ({ leaders: 0, ministers: 0, parliament: 0, other: 0 });

function bounds(dates: string[], query: TimelineQuery): [string, string] | null {
  let first = query.from ?? null;
  let last = query.to ?? null;
  for (const d of dates) {
    if (!query.from && (first === null || d < first)) first = d;
    if (!query.to && (last === null || d > last)) last = d;
  }
  return first !== null && last !== null && first.slice(0, 4) <= last.slice(0, 4) ? [first, last] : null;
}

/** Meetings over time by level, with plans apart and the milestones in range; null when nothing is dated in range. */
export function timelineSeries(knowledge: Pick<Knowledge, 'meetings' | 'plans'>, query: TimelineQuery = {}): TimelineSeries | null {
  const meetings = knowledge.meetings.filter((m) => m.date !== null && inRange(m.date, query));
  const plans = knowledge.plans.filter((p) => p.date !== null && inRange(p.date, query));
  const span = bounds([...meetings, ...plans].map((e) => e.date!), query);
  if (!span || meetings.length + plans.length === 0) return null;
  const granularity = granularityFor(span[0], span[1]);
  const first = periodOf(span[0].length === 4 ? `${span[0]}-01` : span[0], granularity);
  const last = periodOf(span[1].length === 4 ? `${span[1]}-12` : span[1], granularity);
  if (!first || !last) return null;
  const periods = periodRange(first, last, granularity).map((period): TimelinePeriod => ({ period, label: periodLabel(period), meetings: zeroLevels(), plans: 0 }));
  const byPeriod = new Map(periods.map((p) => [p.period, p]));
  const byLevel = zeroLevels();
  let imprecise = 0;
  let drawn = 0;
  for (const m of meetings) {
    const slot = byPeriod.get(periodOf(m.date!, granularity) ?? '');
    if (!slot) {
      imprecise++;
      continue;
    }
    const level = meetingLevel(m);
    slot.meetings[level]++;
    byLevel[level]++;
    drawn++;
  }
  let planCount = 0;
  for (const p of plans) {
    const slot = byPeriod.get(periodOf(p.date!, granularity) ?? '');
    if (slot) {
      slot.plans++;
      planCount++;
    }
  }
  const milestones = MILESTONES.flatMap((ms) => {
    const period = periodOf(ms.date, granularity);
    return period && byPeriod.has(period) ? [{ ...ms, period }] : [];
  });
  return {
    kind: 'timeline', granularity, periods, milestones,
    totals: { meetings: drawn, plans: planCount, byLevel },
    notShown: { undated: knowledge.meetings.filter((m) => m.date === null).length, imprecise },
  };
}

/** Articles naming each cooperation area, per period of publication; null when no dated article names an area. */
export function areaSeries(knowledge: Pick<Knowledge, 'documents'>, focus: AreaId | null = null): AreaSeries | null {
  const dated = knowledge.documents.filter((d) => d.areas.length > 0 && d.published && /^\d{4}-\d{2}/.test(d.published));
  const span = bounds(dated.map((d) => d.published!), {});
  if (!span) return null;
  const granularity = granularityFor(span[0], span[1]);
  const keys = periodRange(periodOf(span[0], granularity)!, periodOf(span[1], granularity)!, granularity);
  const column = new Map(keys.map((k, i) => [k, i]));
  const counts = new Map<AreaId, number[]>();
  for (const d of dated) {
    const col = column.get(periodOf(d.published!, granularity) ?? '');
    if (col === undefined) continue;
    for (const area of new Set(d.areas)) {
      let row = counts.get(area);
      if (!row) counts.set(area, (row = new Array<number>(keys.length).fill(0)));
      row[col]!++;
    }
  }
  const label = new Map(AREAS.map((a) => [a.id, a.label]));
  const all = [...counts].map(([area, row]) => ({ area, label: label.get(area) ?? area, counts: row, total: row.reduce((s, n) => s + n, 0) }));
  all.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  const rows = all.slice(0, AREA_ROWS);
  const asked = focus ? all.find((r) => r.area === focus) : undefined;
  if (asked && !rows.includes(asked)) rows[rows.length - 1] = asked;
  return {
    kind: 'areas', granularity,
    periods: keys.map((period) => ({ period, label: periodLabel(period) })),
    rows, focus: asked ? focus : null,
    notShown: { undated: knowledge.documents.filter((d) => d.areas.length > 0 && !(d.published && /^\d{4}-\d{2}/.test(d.published))).length },
  };
}

export { LEVELS };
