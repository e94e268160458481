/**
 * The reader's language and the sentences written in it. The engine composes every sentence from a template of
 * data/templates/<lang>.json, filled with names, dates and numbers already in that language: word order belongs to
 * the template (Japanese puts the verb last), never to the code. English is the default, and its templates write
 * exactly what the engine wrote before it had any others.
 */
import en from './data/templates/en.json' with { type: 'json' };
import vi from './data/templates/vi.json' with { type: 'json' };
import ja from './data/templates/ja.json' with { type: 'json' };

export const LANGS = ['en', 'vi', 'ja'] as const;
export type Lang = (typeof LANGS)[number];

/** A template, or one per plural category of `{n}` (Intl.PluralRules). */
type Template = string | { one: string; other: string };
type Templates = Readonly<Record<string, Template>>;

const TEMPLATES: Readonly<Record<Lang, Templates>> = { en: en as Templates, vi: vi as Templates, ja: ja as Templates };

/** The Intl locale of each language ('en' as the engine has always written numbers: 1,500). */
export const INTL_TAG: Readonly<Record<Lang, string>> = { en: 'en-US', vi: 'vi-VN', ja: 'ja-JP' };

const PLURALS = new Map(LANGS.map((lang) => [lang, new Intl.PluralRules(lang)]));
const NUMBERS = new Map(LANGS.map((lang) => [lang, new Intl.NumberFormat(INTL_TAG[lang])]));

/** The language of a Discord locale or a terminal option ('vi', 'ja-JP', 'en-US', 'pt-BR' → 'en'). */
export function langOf(locale: string | null | undefined): Lang {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

/** The keys every language must translate (those of en.json), for the test that none is missing. */
export function templateKeys(lang: Lang): string[] {
  return Object.keys(TEMPLATES[lang]).filter((k) => !k.startsWith('$'));
}

function fill(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * The sentence `key` in `lang` with its `{params}` filled. Throws on a key English does not have (a typo in code);
 * a key a language lacks falls back to English (the key test keeps that from shipping).
 */
export function say(lang: Lang, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const template = (Object.hasOwn(TEMPLATES[lang], key) ? TEMPLATES[lang][key] : undefined) ?? TEMPLATES.en[key];
  if (template === undefined) throw new Error(`templates: no sentence "${key}"`);
  if (typeof template === 'string') return fill(template, params);
  const n = Number(params.n);
  return fill(PLURALS.get(lang)!.select(n) === 'one' ? template.one : template.other, params);
}

/** A number with the language's digit grouping: 1,500 · 1.500 · 1,500. */
export function formatCount(lang: Lang, n: number): string {
  return NUMBERS.get(lang)!.format(n);
}

/** "3 meetings", "3 cuộc gặp", "3件の会談": `count.<noun>` of the templates. */
export function count(lang: Lang, noun: string, n: number): string {
  const template = TEMPLATES[lang][`count.${noun}`] ?? TEMPLATES.en[`count.${noun}`];
  if (template === undefined) throw new Error(`templates: no count "${noun}"`);
  const text = typeof template === 'string' ? template : PLURALS.get(lang)!.select(n) === 'one' ? template.one : template.other;
  return fill(text, { n: formatCount(lang, n) });
}

/** "a", "a and b", "a, b and c" — and "a、bとc" in Japanese. */
export function listOf(lang: Lang, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return say(lang, 'list.final', { rest: items.slice(0, -1).join(say(lang, 'list.separator')), last: items.at(-1)! });
}

/** Items joined by the language's list separator (", " or "、"), with no final "and". */
export function joined(lang: Lang, items: readonly string[]): string {
  return items.join(say(lang, 'list.separator'));
}

let headingKeys: Map<string, string> | undefined;

/**
 * A section heading written in English ("Key figures") in `lang`, when the templates have it ("Số liệu chính"); else
 * as it is. For views composed outside the engine, which writes its own headings in the reader's language.
 */
export function headingIn(lang: Lang, english: string): string {
  headingKeys ??= new Map(Object.entries(TEMPLATES.en).flatMap(([key, value]) => (key.startsWith('heading.') && typeof value === 'string' ? [[value, key]] : [])));
  const key = headingKeys.get(english);
  return key ? say(lang, key) : english;
}
