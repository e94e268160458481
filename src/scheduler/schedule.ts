/**
 * Digest schedules: "daily HH:MM", "weekly DAY HH:MM" or a 5-field cron expression, normalized to cron.
 * Also computes the slots (scheduled instants) of a cron expression in a time zone, forwards and backwards,
 * without node-cron (which has no "previous run"). Semantics follow node-cron 4: every field must match
 * (day-of-month AND day-of-week), the wall clock is read in the given IANA time zone.
 */
import { validate } from 'node-cron';

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const EXPECTED = 'expected "daily HH:MM", "weekly DAY HH:MM" (DAY = mon…sun) or a 5-field cron expression';

/** How far back/forward a slot is searched: 8 years covers "29 Feb on a Monday"-style rarities. */
const MAX_SEARCH_DAYS = 8 * 366;

function parseTime(hhmm: string): { h: number; m: number } | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return match ? { h: Number(match[1]), m: Number(match[2]) } : null;
}

/** Why a schedule was not read, for a message in the admin's language: a bad time, an unknown day, else its shape. */
export type ScheduleProblem = { problem: 'shape' } | { problem: 'time' } | { problem: 'day'; day: string };

/** Parses a user's schedule into a cron expression (minute hour dom month dow); `error` is the English reason. */
export function parseSchedule(input: string): { cron: string } | ({ error: string } & ScheduleProblem) {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const daily = /^daily (\S+)$/.exec(text);
  if (daily) {
    const t = parseTime(daily[1]!);
    return t ? { cron: `${t.m} ${t.h} * * *` } : { error: `${EXPECTED}; the time must be HH:MM (24 h)`, problem: 'time' };
  }
  const weekly = /^weekly (\S+) (\S+)$/.exec(text);
  if (weekly) {
    const day = DAYS[weekly[1]!];
    const t = parseTime(weekly[2]!);
    if (day === undefined) return { error: `${EXPECTED}; unknown day "${weekly[1]}"`, problem: 'day', day: weekly[1]! };
    return t ? { cron: `${t.m} ${t.h} * * ${day}` } : { error: `${EXPECTED}; the time must be HH:MM (24 h)`, problem: 'time' };
  }
  if (text.split(' ').length === 5 && validate(text) && parseCron(text) !== null) return { cron: text };
  return { error: EXPECTED, problem: 'shape' };
}

/** A parsed 5-field cron expression: the allowed values of each field. */
export interface CronFields {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
}

function parseField(field: string, min: number, max: number, names: Record<string, number> = {}): number[] | null {
  const out = new Set<number>();
  const value = (token: string): number | null => (/^\d+$/.test(token) ? Number(token) : names[token] ?? null);
  for (const part of field.split(',')) {
    const match = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!match) return null;
    const step = match[3] ? Number(match[3]) : 1;
    if (step < 1) return null;
    let lo: number | null;
    let hi: number | null;
    if (match[1] === '*') {
      lo = min;
      hi = max;
    } else {
      lo = value(match[1]!);
      hi = match[2] ? value(match[2]) : match[3] ? max : lo;
    }
    if (lo === null || hi === null || lo < min || hi > max || lo > hi) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses a 5-field cron expression (numbers, names, `*`, ranges, steps, lists); null when unsupported. */
export function parseCron(cron: string): CronFields | null {
  const fields = cron.trim().toLowerCase().split(/\s+/);
  if (fields.length !== 5) return null;
  const minutes = parseField(fields[0]!, 0, 59);
  const hours = parseField(fields[1]!, 0, 23);
  const days = parseField(fields[2]!, 1, 31);
  const months = parseField(fields[3]!, 1, 12, MONTHS);
  const weekdays = parseField(fields[4]!, 0, 7, DAYS);
  if (!minutes || !hours || !days || !months || !weekdays) return null;
  return {
    minutes,
    hours,
    days: new Set(days),
    months: new Set(months),
    weekdays: new Set(weekdays.map((d) => d % 7)),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export function zonedParts(instant: number, timezone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour! % 24, mi: parts.minute!, s: parts.second! };
}

function offsetAt(instant: number, timezone: string): number {
  const p = zonedParts(instant, timezone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timezone` shows the given local time. In a DST gap the time is
 * shifted forward (02:30 → 03:30); in a DST overlap the first occurrence is taken.
 */
export function zonedTimeToInstant(y: number, mo: number, d: number, h: number, mi: number, timezone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = wall - offsetAt(wall - 43_200_000, timezone);
  const after = wall - offsetAt(wall + 43_200_000, timezone);
  const exact = [before, after].filter((c) => {
    const p = zonedParts(c, timezone);
    return p.d === d && p.h === h && p.mi === mi;
  });
  return exact.length > 0 ? Math.min(...exact) : before;
}

function dayMatches(fields: CronFields, y: number, mo: number, d: number): boolean {
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return fields.months.has(mo) && fields.days.has(d) && fields.weekdays.has(weekday);
}

function* localDays(from: { y: number; mo: number; d: number }, direction: 1 | -1): Generator<{ y: number; mo: number; d: number }> {
  const start = Date.UTC(from.y, from.mo - 1, from.d);
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
    const day = new Date(start + direction * i * 86_400_000);
    yield { y: day.getUTCFullYear(), mo: day.getUTCMonth() + 1, d: day.getUTCDate() };
  }
}

function slot(cron: string, timezone: string, now: Date, direction: 1 | -1): Date | null {
  const fields = parseCron(cron);
  if (!fields) return null;
  const limit = now.getTime();
  const startDay = zonedParts(limit - direction * 86_400_000, timezone);
  const hours = direction === 1 ? fields.hours : [...fields.hours].reverse();
  const minutes = direction === 1 ? fields.minutes : [...fields.minutes].reverse();
  for (const day of localDays(startDay, direction)) {
    if (!dayMatches(fields, day.y, day.mo, day.d)) continue;
    for (const h of hours) {
      for (const mi of minutes) {
        const instant = zonedTimeToInstant(day.y, day.mo, day.d, h, mi, timezone);
        if (direction === -1 ? instant <= limit : instant > limit) return new Date(instant);
      }
    }
  }
  return null;
}

/**
 * The latest slot of `cron` in `timezone` at or before `now`, or null when the expression is unsupported
 * or has no slot in the last 8 years.
 * @example previousSlot('0 8 * * *', 'Asia/Tokyo', new Date('2025-03-02T00:30:00Z')) // 2025-03-01T23:00:00Z
 */
export function previousSlot(cron: string, timezone: string, now: Date): Date | null {
  return slot(cron, timezone, now, -1);
}

/** The first slot of `cron` in `timezone` strictly after `now`, or null (see previousSlot). */
export function nextSlot(cron: string, timezone: string, now: Date): Date | null {
  return slot(cron, timezone, now, 1);
}
