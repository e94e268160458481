/**
 * Chart text in the reader's language (data/strings.json). The surfaces pass a language down: Discord the
 * interaction's locale (chartLang('ja') === 'ja', chartLang('pt-BR') === 'en'), the terminal English.
 */
import strings from './data/strings.json' with { type: 'json' };

export type ChartLang = 'en' | 'vi' | 'ja';
export const CHART_LANGS: readonly ChartLang[] = ['en', 'vi', 'ja'];
export type ChartKey = Exclude<keyof typeof strings.en, 'months'>;

const TABLE: Record<ChartLang, Record<string, unknown>> = { en: strings.en, vi: strings.vi, ja: strings.ja };

/** The chart language for a Discord locale ('vi', 'ja', 'en-US', 'pt-BR'…): vi and ja by their base, else English. */
export function chartLang(locale: string | null | undefined): ChartLang {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'vi' || base === 'ja' ? base : 'en';
}

/** The string `key` in `lang` (English when missing) with `{name}` filled from `params`. */
export function ct(lang: ChartLang, key: ChartKey, params: Readonly<Record<string, string | number>> = {}): string {
  const own = TABLE[lang][key];
  const template = typeof own === 'string' ? own : strings.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** "3 meetings" / "3 cuộc gặp" / "会談3件": `noun` is meetings, plans, articles or counterparts. */
export function count(lang: ChartLang, noun: 'meetings' | 'plans' | 'articles' | 'counterparts', n: number): string {
  return ct(lang, `${noun}.${n === 1 ? 'one' : 'many'}`, { n });
}

/** Short month names for period labels ('Nov' in English, '11' in Vietnamese and Japanese). */
export function monthNames(lang: ChartLang): readonly string[] {
  return (TABLE[lang].months as string[] | undefined) ?? strings.en.months;
}

/** The English keys (tests check every language has them all). */
export const CHART_KEYS: readonly string[] = Object.keys(strings.en);
export function keysOf(lang: ChartLang): string[] {
  return Object.keys(TABLE[lang]);
}

/** True when the text needs the Japanese font (kana or CJK ideographs, full-width punctuation). */
export function needsJapaneseFont(text: string): boolean {
  return /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/u.test(text);
}
