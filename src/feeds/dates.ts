/**
 * Feed dates → the calendar day the feed states ('YYYY-MM-DD', in the feed's own time zone, which is the day its
 * readers saw), or null. Reads W3C-DTF/ISO 8601 (also compact and ordinal forms), RFC 822/1123 and their common
 * deviations, asctime, Perforce's `yyyy/mm/dd`, and CJK `2025年3月5日` / `2004년 05월 28일`, with month names from
 * data/months.json. An impossible date or time (2009-06-99, 25:14, a month 13, 30 February) is null: never a guess.
 * A month or a year alone is not a day, so it is null too. Pure.
 */
import monthData from './data/months.json' with { type: 'json' };

const MONTHS = new Map<string, number>();
for (const [lang, names] of Object.entries(monthData)) {
  if (lang.startsWith('_')) continue;
  for (const [name, month] of Object.entries(names as Record<string, number>)) MONTHS.set(name, month);
}

/** A time zone: Z, ±hh:mm / ±hhmm / ±hh, or a zone name (GMT, EST, MEST, Etc/GMT, GMT-01:01). */
const ZONE = String.raw`(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5}(?:\/[A-Za-z_]+)?(?:[+-]\d{1,2}(?::?\d{2})?)?)`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?`;

const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,3})-(\d{1,2})(?:[T ]${TIME}\s*(${ZONE})?)?$`, 'i');
const ISO_NAMED = new RegExp(String.raw`^(\d{4})-(\p{L}+)-(\d{1,2})(?:T${TIME}\s*(${ZONE})?)?$`, 'iu');
const RFC822 = new RegExp(String.raw`^(?:\p{L}+\.?,?\s*)?(\d{1,2})\s+(\p{L}+)\.?,?\s+(\d{2}|\d{4})(?:\s+${TIME})?(?:\s*(${ZONE}))?$`, 'iu');
/** "Sun Jan  4 16:29:06 2004", "Sun Jul 15 01:16:00 +0000 2012", "Thu Aug 30 2012 17:26:16 +0200" */
const ASCTIME = new RegExp(String.raw`^\p{L}+,?\s+(\p{L}+)\s+(\d{1,2}),?\s+(?:(\d{4})\s+)?${TIME}(?:\s+(${ZONE}))?(?:\s+(\d{4}))?$`, 'iu');
const SLASHED = new RegExp(String.raw`^(?:\p{L}+,?\s*)?(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+${TIME})?(?:\s*(${ZONE}))?$`, 'iu');
const CJK = /^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](?:\s|$|[^\d])/u;
/** ISO date followed by words (a Korean 오후 "p.m."), no time zone. */
const ISO_THEN_WORDS = /^(\d{4})-(\d{2})-(\d{2})\s+\p{L}+\s+\d{1,2}:\d{2}(?::\d{2})?$/u;
const COMPACT = /^(\d{2})(\d{2})(\d{2})$|^(\d{2})-(\d{2})-(\d{2})$/;
const ORDINAL = /^(\d{4})-?(\d{3})$|^(\d{2})-(\d{3})$/;

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? (year < 70 ? 2000 + year : 1900 + year) : year;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' when the day exists and the time (when given) is a real time, else null. */
function day(year: number, month: number, dayOfMonth: number, hour = '0', minute = '0', second = '0'): string | null {
  if (!(month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= daysIn(year, month))) return null;
  if (Number(hour) > 24 || Number(minute) > 59 || Number(second) > 60) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

/** A zone the pattern let through but that cannot be: an offset over 14 hours or 59 minutes. */
function zoneOk(zone: string | undefined): boolean {
  const offset = /([+-])(\d{1,2}):?(\d{2})?$/.exec(zone ?? '');
  return !offset || (Number(offset[2]) <= 14 && Number(offset[3] ?? 0) <= 59);
}

const monthOf = (name: string): number | undefined => MONTHS.get(name.toLowerCase()) ?? MONTHS.get(name.toLowerCase().slice(0, 3));

/**
 * The day a feed date states, or null.
 * @example feedDate('Tue, 10 Jun 2025 04:00:00 GMT') // '2025-06-10'
 * @example feedDate('2025-03-05T23:30:00-05:00') // '2025-03-05' (the feed's own day)
 * @example feedDate('2009-06-99') // null
 */
export function feedDate(value: string | null | undefined): string | null {
  const text = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!text) return null;
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(text))) return zoneOk(m[7]) ? day(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6]) : null;
  if ((m = ISO_NAMED.exec(text))) {
    const month = monthOf(m[2]!);
    return month && zoneOk(m[7]) ? day(Number(m[1]), month, Number(m[3]), m[4], m[5], m[6]) : null;
  }
  if ((m = RFC822.exec(text))) {
    const month = monthOf(m[2]!);
    return month && zoneOk(m[7]) ? day(fullYear(m[3]!), month, Number(m[1]), m[4], m[5], m[6]) : null;
  }
  if ((m = ASCTIME.exec(text))) {
    const month = monthOf(m[1]!);
    const year = m[3] ?? m[8];
    return month && year && zoneOk(m[7]) ? day(Number(year), month, Number(m[2]), m[4], m[5], m[6]) : null;
  }
  if ((m = SLASHED.exec(text))) return zoneOk(m[7]) ? day(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6]) : null;
  if ((m = CJK.exec(text))) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = ISO_THEN_WORDS.exec(text))) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = COMPACT.exec(text))) return day(fullYear(m[1] ?? m[4]!), Number(m[2] ?? m[5]), Number(m[3] ?? m[6]));
  if ((m = ORDINAL.exec(text))) {
    const year = fullYear(m[1] ?? m[3]!);
    const ordinal = Number(m[2] ?? m[4]);
    if (ordinal < 1 || ordinal > (daysIn(year, 2) === 29 ? 366 : 365)) return null;
    const date = new Date(Date.UTC(year, 0, ordinal));
    return day(year, date.getUTCMonth() + 1, date.getUTCDate());
  }
  return null;
}
