/**
 * Digest schedules: "daily HH:MM", "weekly DAY HH:MM" or a 5-field cron expression, normalized to cron.
 */
import { validate } from 'node-cron';

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

const EXPECTED = 'expected "daily HH:MM", "weekly DAY HH:MM" (DAY = mon…sun) or a 5-field cron expression';

function parseTime(hhmm: string): { h: number; m: number } | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return match ? { h: Number(match[1]), m: Number(match[2]) } : null;
}

/** Parses a user's schedule into a cron expression (minute hour dom month dow). */
export function parseSchedule(input: string): { cron: string } | { error: string } {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const daily = /^daily (\S+)$/.exec(text);
  if (daily) {
    const t = parseTime(daily[1]!);
    return t ? { cron: `${t.m} ${t.h} * * *` } : { error: `${EXPECTED}; the time must be HH:MM (24 h)` };
  }
  const weekly = /^weekly (\S+) (\S+)$/.exec(text);
  if (weekly) {
    const day = DAYS[weekly[1]!];
    const t = parseTime(weekly[2]!);
    if (day === undefined) return { error: `${EXPECTED}; unknown day "${weekly[1]}"` };
    return t ? { cron: `${t.m} ${t.h} * * ${day}` } : { error: `${EXPECTED}; the time must be HH:MM (24 h)` };
  }
  if (text.split(' ').length === 5 && validate(text)) return { cron: text };
  return { error: EXPECTED };
}
