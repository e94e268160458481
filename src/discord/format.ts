/**
 * Dates and numbers in the reader's language, through Intl: '2024-11-16' is "16 Nov 2024" in English,
 * "16 thg 11, 2024" in Vietnamese, "2024年11月16日" in Japanese. Partial dates stay partial ('2024-11', '2024').
 */
import { resolveLocale, type UiLocale } from './i18n.js';

/** The Intl locale for each UI language ('en' writes day month year, as the briefings do). */
const INTL_TAG: Readonly<Record<UiLocale, string>> = { en: 'en-GB', vi: 'vi-VN', ja: 'ja-JP' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, parts: 'day' | 'month'): Intl.DateTimeFormat {
  const tag = INTL_TAG[resolveLocale(locale)];
  const key = `${tag}:${parts}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, { ...(parts === 'day' ? { day: 'numeric' } : {}), month: 'short', year: 'numeric', timeZone: 'UTC' });
    formatters.set(key, f);
  }
  return f;
}

/** A 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' date for `locale`; anything else is returned as it is. */
export function formatDate(date: string, locale: string | null | undefined): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return date;
  if (!m[2]) return m[1]!;
  const when = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
  return formatter(locale ?? 'en', m[3] ? 'day' : 'month').format(when);
}

/** An integer with the locale's grouping: 12,500 · 12.500 · 12,500. */
export function formatNumber(value: number, locale: string | null | undefined): string {
  return new Intl.NumberFormat(INTL_TAG[resolveLocale(locale)]).format(value);
}
