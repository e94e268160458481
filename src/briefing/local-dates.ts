/**
 * Dates in the reader's language, through Intl: '2024-11-16' is "16 thg 11, 2024" in Vietnamese, "2024年11月16日"
 * in Japanese. Partial dates stay partial ('2024-11', '2024'). English keeps the engine's own short form
 * (compose.formatHumanDate: "16 Nov 2024"), which Intl's en-GB writes differently for September ("Sept").
 */
import { INTL_TAG, langOf, say, type Lang } from './lang.js';

/** The Intl locale of each language for dates ('en' writes day month year, as the briefings do). */
const DATE_TAG: Readonly<Record<Lang, string>> = { en: 'en-GB', vi: INTL_TAG.vi, ja: INTL_TAG.ja };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, parts: 'day' | 'month'): Intl.DateTimeFormat {
  const key = `${lang}:${parts}`;
  let f = formatters.get(key);
  if (!f) {
    // A month alone reads "tháng 4 năm 2025" in Vietnamese (the short "thg 4 2025" is for beside a day).
    const month = parts === 'month' && lang === 'vi' ? 'long' : 'short';
    const fields: Intl.DateTimeFormatOptions = { ...(parts === 'day' ? { day: 'numeric' } : {}), month, year: 'numeric' };
    f = new Intl.DateTimeFormat(DATE_TAG[lang], { ...fields, timeZone: 'UTC' });
    formatters.set(key, f);
  }
  return f;
}

/** A 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' date for `locale` (a Discord locale or a language); anything else as it is. */
export function formatDate(date: string, locale: string | null | undefined): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return date;
  if (!m[2]) return m[1]!;
  const when = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
  return formatter(langOf(locale), m[3] ? 'day' : 'month').format(when);
}

/** A fact's date in `lang` (null: "date unknown" in that language); `english` is the engine's English form. */
export function dateIn(date: string | null, lang: Lang, english: (date: string | null) => string): string {
  if (lang === 'en') return english(date);
  return date ? formatDate(date, lang) : say(lang, 'date.unknown');
}

/** An integer with the locale's grouping: 12,500 · 12.500 · 12,500. */
export function formatNumber(value: number, locale: string | null | undefined): string {
  return new Intl.NumberFormat(INTL_TAG[langOf(locale)]).format(value);
}
