/**
 * Names as each language writes them. A person is shown with the registry's variant for the reader's language
 * (Phạm Minh Chính with diacritics in Vietnamese; 石破茂 in kanji, ファム・ミン・チン in katakana in Japanese), else
 * with the canonical name. Places take their form from the place registry (Hà Nội, ハノイ, 東京) or data/names.json,
 * countries from Intl.DisplayNames; office titles, measures and units from data/names.json. English is unchanged.
 */
import type { AreaId, Person } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import { allPeople, personById } from '../knowledge/people.js';
import { countryCode, countryName } from '../knowledge/places.js';
import placeData from '../knowledge/data/places.json' with { type: 'json' };
import namesData from './data/names.json' with { type: 'json' };
import areaLabels from './data/area-labels.json' with { type: 'json' };
import type { Lang } from './lang.js';
import { say } from './lang.js';

type Translations = Readonly<Record<string, Partial<Record<Lang, string>>>>;
const NAMES = namesData as unknown as Record<'relationships' | 'places' | 'roles' | 'measures' | 'units', Translations>;
const AREA_LABELS = areaLabels as unknown as Record<'vi' | 'ja', Readonly<Record<string, string>>> & {
  inSentences: Readonly<Record<string, Partial<Record<Lang, string>>>>;
};

/** Written in Japanese script only (kanji, kana, the middle dot of katakana names). */
const JAPANESE_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}・ー]+$/u;
const KATAKANA = /\p{Script=Katakana}/u;
const LATIN = /^[\p{Script=Latin}\s.'’-]+$/u;

/** 'Phạm Minh Chính' → 'phamminhchinh': what a Vietnamese form must fold to, to be the same name. */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The form of `canonical` among `forms` for `lang`, or null. Vietnamese: the same letters with diacritics.
 * Japanese: kanji for a Japanese name (石破茂), else katakana (ハノイ, ファム・ミン・チン), as Japanese writes them.
 */
function formFor(canonical: string, forms: readonly string[], country: string | null, lang: Lang): string | null {
  if (lang === 'vi') {
    const key = fold(canonical);
    return forms.find((f) => f !== canonical && LATIN.test(f) && /[^\x00-\x7F]/.test(f) && fold(f) === key) ?? null;
  }
  if (lang === 'ja') {
    const japanese = forms.filter((f) => JAPANESE_SCRIPT.test(f.replace(/\s/g, '')));
    const preferred = country === 'JP' ? japanese.find((f) => !KATAKANA.test(f)) : japanese.find((f) => KATAKANA.test(f));
    return preferred ?? japanese[0] ?? null;
  }
  return null;
}

/** A registry person's name in `lang`: the variant the language writes, else the canonical name. */
export function displayName(person: Pick<Person, 'name' | 'variants' | 'country'>, lang: Lang): string {
  return formFor(person.name, person.variants, person.country, lang) ?? person.name;
}

let byName: Map<string, Person> | undefined;

/** A name as the knowledge holds it (canonical for registry people, as written otherwise) in `lang`. */
export function nameIn(name: string, lang: Lang, personId?: string | null): string {
  if (lang === 'en') return name;
  const person = (personId ? personById(personId) : undefined) ?? (byName ??= new Map(allPeople().map((p) => [p.name, p]))).get(name);
  return person && person.name === name ? displayName(person, lang) : name;
}

let placeForms: Map<string, { country: string; names: string[] }> | undefined;

/** A city or province (English, as the knowledge holds it) in `lang`. */
export function placeIn(place: string, lang: Lang): string {
  if (lang === 'en') return place;
  const listed = NAMES.places[place]?.[lang];
  if (listed) return listed;
  const known = (placeForms ??= new Map(placeData.places.map((p) => [p.place, { country: p.country, names: p.names.map((n) => n.replace(/^=/, '')) }]))).get(place);
  return (known && formFor(place, known.names, known.country, lang)) ?? place;
}

const REGIONS = new Map<Lang, Intl.DisplayNames>();

/** A country (ISO alpha-2 'JP', or its English name 'Japan') in `lang`: Intl's name of the region. */
export function countryIn(country: string, lang: Lang): string {
  const code = /^[A-Z]{2}$/.test(country) ? country : countryCode(country);
  if (lang === 'en') return /^[A-Z]{2}$/.test(country) ? countryName(country) ?? country : country;
  if (!code) return placeIn(country, lang);
  let names = REGIONS.get(lang);
  if (!names) REGIONS.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region' })));
  return names.of(code) ?? country;
}

/** The relationship's name ('Vietnam–Japan') in `lang`. */
export function relationshipIn(label: string, lang: Lang): string {
  return (lang === 'en' ? undefined : NAMES.relationships[label]?.[lang]) ?? label;
}

/** An office title in `lang` (it may hold {side}, filled by `sideRole`); 'President' of Vietnam is its own title. */
function roleTitle(role: string, country: string | null, lang: Lang): string {
  if (lang === 'en') return role;
  return (country ? NAMES.roles[`${role}|${country}`]?.[lang] : undefined) ?? NAMES.roles[role]?.[lang] ?? role;
}

/** "Japan's Prime Minister", "Thủ tướng Nhật Bản", "日本の首相", "Đại sứ Nhật Bản tại Việt Nam". */
export function sideRole(role: string, country: string, lang: Lang): string {
  const side = countryIn(country, lang);
  const title = roleTitle(role, country, lang);
  return title.includes('{side}') ? title.replace('{side}', side) : say(lang, 'role.withSide', { side, role: title });
}

/** "Prime Minister Ishiba Shigeru", "Thủ tướng Ishiba Shigeru", "石破茂首相". */
export function withRole(name: string, role: string | null, country: string | null, lang: Lang): string {
  if (!role) return name;
  return say(lang, 'person.withRole', { role: roleTitle(role, country, lang).replace('{side}', country ? countryIn(country, lang) : '').replace(/\s{2,}/g, ' ').trim(), name });
}

/** "Japan's Prime Minister Ishiba Shigeru", "Thủ tướng Nhật Bản Ishiba Shigeru", "日本の石破茂首相". */
export function withSideRole(name: string, role: string, country: string, lang: Lang): string {
  const title = roleTitle(role, country, lang);
  if (title.includes('{side}')) return say(lang, 'person.withRole', { role: title.replace('{side}', countryIn(country, lang)), name });
  return say(lang, 'person.withSideRole', { side: countryIn(country, lang), role: title, name });
}

/** A cooperation area's label in `lang` ('Semiconductors', 'Bán dẫn', '半導体'). */
export function areaIn(id: AreaId, lang: Lang): string {
  const label = AREAS.find((a) => a.id === id)?.label ?? id;
  return areaLabelIn(label, lang);
}

/** An English area label in `lang` (Discord titles /cooperation with it). */
export function areaLabelIn(label: string, lang: Lang): string {
  return (lang === 'en' ? undefined : AREA_LABELS[lang][label]) ?? label;
}

/** How an area reads as the object of a statement where its label does not ('multilateral coordination'), or null. */
export function areaObjectIn(id: AreaId, lang: Lang): string | null {
  return AREA_LABELS.inSentences[id]?.[lang] ?? null;
}

/** What a figure measures ('bilateral trade') in `lang`, as the knowledge names it in English otherwise. */
export function measureIn(measure: string, lang: Lang): string {
  return (lang === 'en' ? undefined : NAMES.measures[measure]?.[lang]) ?? measure;
}

/** A figure's unit ('people', 'USD') in `lang`. */
export function unitIn(unit: string, lang: Lang): string {
  return (lang === 'en' ? undefined : NAMES.units[unit]?.[lang]) ?? unit;
}

/** A name as the knowledge holds it in English, a country's ('Vietnam') or a person's ('Ishiba Shigeru'), in `lang`. */
export function personOrCountryIn(name: string, lang: Lang): string {
  return countryCode(name) ? countryIn(name, lang) : nameIn(name, lang);
}
