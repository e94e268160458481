/**
 * The side a personal name belongs to by its shape alone, for people outside the registry whose nationality the text
 * does not state next to them ("the Deputy Minister, Hoang Xuan Chien", "Governor Fukuda Tomikazu"). Vietnamese names
 * are a few one-syllable words led by a family name from a short list; Japanese names are made of Japanese syllables.
 * The family lists per script are data (data/name-shapes.json); a name that fits neither shape, or both, has no side.
 */
import shapes from './data/name-shapes.json' with { type: 'json' };
import { normalizeName } from './names.js';

type ShapeScript = 'latin' | 'cyrl' | 'kana' | 'hang' | 'han' | 'thai' | 'arab';
const FAMILY: ReadonlyMap<ShapeScript, ReadonlySet<string>> = new Map(
  Object.entries(shapes.vn.family).map(([script, names]) => [script as ShapeScript, new Set(names)]),
);

/** One Vietnamese syllable, diacritics folded ('nguyen', 'thanh', 'chinh', 'quoc'). */
const VN_SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/u;
/** Japanese syllables in strict Hepburn ('fukuda', 'shiota', 'hattori'); 'si', 'ti', 'wi', 'l' are not (Indonesian and Malay names often are). */
const HEPBURN = new RegExp('^(?:' + [
  '(?:ky|gy|ny|hy|my|ry|by|py|sh|ch|j)[auo]', '(?:sh|ch|j)i', '[kgnhbpmr][aiueo]', '[sz][aueo]', '[td][aeo]', 'tsu', 'fu', 'y[auo]', 'wa',
  '[aiueo]', 'n(?![aiueoy])', '([kstpgdbc])(?=\\1)', 't(?=ch)',
].join('|') + ')+$', 'u');
/** The same in Russian (Polivanov) transcription, with the case endings Russian adds ('Нагахамой'). */
const POLIVANOV = /^(?:(?:дз|[кгсцтднхбпмрвфйшчз])?[аиуэояюёе]й?|н(?![аиуэояюёе]))+$/u;
const CYRL_VOWELS = /[аеёиоуыэюя]+/gu;
const KANJI = /^[\u3400-\u9FFF々]+$/u;
const KATAKANA = /^[\u30A0-\u30FF・･]+$/u;

const fold = (s: string): string => normalizeName(s).replace(/đ/gu, 'd');

function syllables(word: string, vowels: RegExp): number {
  return word.match(vowels)?.length ?? 0;
}

function latinSide(words: string[]): string | null {
  const family = FAMILY.get('latin')!;
  const vietnamese = words.length >= 2 && words.length <= 4 && words.every((w) => VN_SYLLABLE.test(w))
    && (family.has(words[0]!) || family.has(words.at(-1)!));
  const japanese = words.length >= 2 && words.length <= 3 && words.every((w) => HEPBURN.test(w))
    && words.some((w) => syllables(w, /[aeiou]+/gu) >= 2);
  return vietnamese === japanese ? null : vietnamese ? 'VN' : 'JP';
}

function cyrillicSide(words: string[]): string | null {
  const family = FAMILY.get('cyrl')!;
  const vietnamese = words.length >= 2 && words.length <= 4 && words.every((w) => syllables(w, CYRL_VOWELS) === 1)
    && (family.has(words[0]!) || family.has(words.at(-1)!));
  const japanese = words.length >= 2 && words.length <= 3 && words.every((w) => POLIVANOV.test(w))
    && words.some((w) => syllables(w, CYRL_VOWELS) >= 2);
  return vietnamese === japanese ? null : vietnamese ? 'VN' : 'JP';
}

/**
 * True when one word alone may be a name of either side: a Vietnamese family name, or a Japanese name word of two or
 * more syllables (Hepburn, or Polivanov in Cyrillic). 'Nacional', 'Komisi', 'Permanente' may not.
 */
export function isNameWord(word: string): boolean {
  if (/\p{Script=Cyrillic}/u.test(word)) {
    const w = word.toLowerCase();
    return FAMILY.get('cyrl')!.has(w) || (POLIVANOV.test(w) && syllables(w, CYRL_VOWELS) >= 2);
  }
  if (!/\p{Script=Latin}/u.test(word)) return true;
  const w = fold(word);
  return FAMILY.get('latin')!.has(w) || (HEPBURN.test(w) && syllables(w, /[aeiou]+/gu) >= 2);
}

/**
 * 'VN', 'JP' or null: the side the shape of `written` (a name as found next to a title) points to, in a text written
 * in `lang`. Only the two sides of the Vietnam–Japan relationship have shapes; any other name gives null.
 *
 * @example sideOfName('Hoang Xuan Chien', 'pt') → 'VN'; sideOfName('Iwao Horii', 'es') → 'JP'; sideOfName('Enrique Manalo', 'en') → null
 */
export function sideOfName(written: string, lang: string): string | null {
  const name = written.trim();
  if (!name) return null;
  if (/\p{Script=Latin}/u.test(name)) return latinSide(fold(name).split(' '));
  if (/\p{Script=Cyrillic}/u.test(name)) return cyrillicSide(name.toLowerCase().split(/[\s-]+/u));
  if (/\p{Script=Hangul}/u.test(name)) return FAMILY.get('hang')!.has(name.split(/\s+/u)[0]!) ? 'VN' : null;
  if (/\p{Script=Arabic}/u.test(name)) return FAMILY.get('arab')!.has(name.split(/\s+/u)[0]!) ? 'VN' : null;
  if (/\p{Script=Thai}/u.test(name)) return name.includes(' ') && FAMILY.get('thai')!.has(name.split(/\s+/u)[0]!) ? 'VN' : null;
  const compact = name.replace(/\s+/gu, '');
  if (KATAKANA.test(compact)) return FAMILY.get('kana')!.has(compact.split(/[・･]/u)[0]!) ? 'VN' : null;
  if (KANJI.test(compact)) {
    if (lang === 'ja') return compact.length >= 2 && compact.length <= 5 ? 'JP' : null;
    if (lang === 'zh') {
      if (compact.length === 3 && FAMILY.get('han')!.has(compact[0]!)) return 'VN';
      return compact.length === 4 ? 'JP' : null;
    }
  }
  return null;
}
