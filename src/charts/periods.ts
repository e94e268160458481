/**
 * Chart periods: a month ('2024-11'), a quarter ('2024-Q4') or a year ('2024'), chosen from the span a chart covers
 * so that it has a readable number of columns.
 */
import { ct, monthNames, type ChartLang } from './strings.js';

export type Granularity = 'month' | 'quarter' | 'year';

/** Spans of at most this many months are shown by month, then by quarter up to QUARTER_MAX_MONTHS, else by year. */
export const MONTH_MAX_MONTHS = 36;
export const QUARTER_MAX_MONTHS = 120;

function monthIndex(date: string): number | null {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  return Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : 0);
}

/** The granularity for dates from `first` to `last` (any of 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'). */
export function granularityFor(first: string, last: string): Granularity {
  const a = monthIndex(first);
  const b = monthIndex(last.length === 4 ? `${last}-12` : last);
  if (a === null || b === null) return 'year';
  const months = b - a + 1;
  return months <= MONTH_MAX_MONTHS ? 'month' : months <= QUARTER_MAX_MONTHS ? 'quarter' : 'year';
}

/** The period a date falls in, or null when the date is less precise than the granularity (a bare year by month). */
export function periodOf(date: string, granularity: Granularity): string | null {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  if (granularity === 'year') return m[1]!;
  if (!m[2]) return null;
  if (granularity === 'month') return `${m[1]}-${m[2]}`;
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`;
}

function startMonth(period: string): number {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return Number(q[1]) * 12 + (Number(q[2]) - 1) * 3;
  return monthIndex(period) ?? 0;
}

function periodAt(monthIdx: number, granularity: Granularity): string {
  const year = Math.floor(monthIdx / 12);
  const month = (monthIdx % 12) + 1;
  return periodOf(`${year}-${String(month).padStart(2, '0')}`, granularity)!;
}

/** Every period from `first` to `last` inclusive (periods of one granularity), oldest first. */
export function periodRange(first: string, last: string, granularity: Granularity): string[] {
  const step = granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12;
  const out: string[] = [];
  for (let i = startMonth(first); i <= startMonth(last); i += step) out.push(periodAt(i, granularity));
  return out;
}

/** 'Nov 2024', 'Q4 2024', '2024' in English; 'T11/2024' in Vietnamese; '2024年11月' in Japanese. */
export function periodLabel(period: string, lang: ChartLang = 'en'): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return ct(lang, 'quarterLabel', { quarter: q[2]!, year: q[1]! });
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return ct(lang, 'monthLabel', { month: monthNames(lang)[Number(m[2]) - 1]!, year: m[1]! });
  return period;
}
