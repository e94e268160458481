/**
 * A view's fixed phrases in the reader's language. The engine writes English; for a Vietnamese or Japanese reader
 * the titles, intros and empty states are rewritten by the rules of data/phrases.json, and every English date in the
 * view ("16 Nov 2024", "Nov 2024") is formatted with Intl for the locale. Section headings are translated at
 * render time (i18n.heading). Names, quotes and the facts' own sentences are left as they are.
 */
import phrases from './data/phrases.json' with { type: 'json' };
import type { View, ViewItem } from '../briefing/views.js';
import { formatDate } from './format.js';
import { resolveLocale } from './i18n.js';

type Rule = [RegExp, string];

const RULES: ReadonlyMap<string, readonly Rule[]> = new Map(
  (['vi', 'ja'] as const).map((lang) => [lang, phrases[lang].map(([pattern, replacement]) => [new RegExp(pattern!, 'u'), replacement!] as Rule)]),
);

const AREA_LABELS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  (['vi', 'ja'] as const).map((lang) => [lang, new Map(Object.entries(phrases.areas[lang]))]),
);

/** A cooperation area's label in `locale`, or the English label. */
export function areaLabelIn(label: string, locale: string): string {
  return AREA_LABELS.get(resolveLocale(locale))?.get(label) ?? label;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ENGLISH_DATE = new RegExp(`\\b(?:(\\d{1,2}) )?(${MONTHS.join('|')}) (\\d{4})\\b`, 'gu');

/** English dates of the engine ("16 Nov 2024", "Nov 2024") in `locale`. */
export function localizeDates(text: string, locale: string): string {
  return text.replace(ENGLISH_DATE, (_whole, day: string | undefined, month: string, year: string) => {
    const mm = String(MONTHS.indexOf(month) + 1).padStart(2, '0');
    return formatDate(day ? `${year}-${mm}-${day.padStart(2, '0')}` : `${year}-${mm}`, locale);
  });
}

/** A fixed phrase in `locale` (the rules apply in order), its dates localized. */
export function localizePhrase(text: string, locale: string): string {
  const rules = RULES.get(resolveLocale(locale));
  if (!rules) return text;
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return localizeDates(out, locale);
}

function localizeItem(item: ViewItem, locale: string): ViewItem {
  return { ...item, label: localizeDates(item.label, locale), summary: localizeDates(item.summary, locale) };
}

/** `view` for a reader in `locale`: the same view for English (and languages without rules). */
export function localizeView(view: View, locale: string): View {
  if (!RULES.has(resolveLocale(locale))) return view;
  const phrase = (text: string | null) => (text === null ? null : localizePhrase(text, locale));
  const area = view.kind === 'cooperation' ? /^Cooperation: (.+)$/u.exec(view.title)?.[1] : undefined;
  return {
    ...view,
    title: localizePhrase(area ? `Cooperation: ${areaLabelIn(area, locale)}` : view.title, locale),
    intro: phrase(view.intro),
    empty: phrase(view.empty),
    sections: view.sections.map((s) => ({ ...s, lines: s.lines.map((l) => localizeDates(l, locale)) })),
    items: view.items.map((item) => localizeItem(item, locale)),
  };
}
