/**
 * Rules for names that stand next to an office title without the registry knowing them: an appositive set off by a
 * comma or after the title's complement ('the Vice-Minister for Foreign Affairs of Japan, Iwao Horii', 'Shiota Koichi,
 * Governor of …', 'вице-президентом Сената Нагахамой Хироюки'), a Korean name without its particle, and titles made
 * past by a "former" word (data/former.json). Kept apart from people.ts, which reads the registry.
 */
import formerData from './data/former.json' with { type: 'json' };
import type { PersonMention } from './types.js';
import type { Item, Lexicon } from './people.js';
import { normalizeName } from './names.js';
import { sideOfName } from './name-shapes.js';
import { escapeRegExp } from '../corpus/regexp.js';

/** Longest title complement between a title and its appositive name ('… for Foreign Affairs of Japan, '). */
const APPOSITIVE_SPAN = 90;
const APPOSITIVE_NAME = /^[\s]*(\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*){1,3})(?=$|[\s,.;:()])/u;
/** A capitalised adjective of a title's complement ('Японского', 'Japanese', 'vietnamita'): not a name. */
const COMPLEMENT_ADJECTIVE = /^\p{Lu}\p{Ll}+(?:ого|ой|ых|его|ей|ese|ische[nrs]?|ais|aise|ano|ana|ês|esa)$/u;
const NAME_WORD_LATIN = /^\p{Lu}[\p{L}\p{M}'’-]*$/u;

/**
 * After a title, the words of its complement (lower-case words, capitalised adjectives, institution words of the
 * lexicon, an acronym in brackets) and then the first run of two to four capitalised words: 'вице-президентом Сената
 * Нагахамой Хироюки', 'vice president of the agency (JICA) Miyazaki Katsura'. Null at a sentence mark.
 */
function complementThenName(span: string, lex: Lexicon): { words: string[]; at: number } | null {
  const tokens = [...span.matchAll(/[^\s]+/gu)];
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i]![0];
    const word = raw.replace(/[,.;:!?]+$/u, '');
    if (/^[.;:!?]/u.test(raw)) return null;
    // An adjective stands before the lower-case noun it qualifies ('Японского агентства'); a name in Russian may end
    // the same way ('Нагахамой Хироюки').
    const adjective = COMPLEMENT_ADJECTIVE.test(word) && /^\p{Ll}/u.test(tokens[i + 1]?.[0] ?? '');
    const isName = NAME_WORD_LATIN.test(word) && !lex.notNames.has(normalizeName(word)) && !adjective;
    if (!isName) {
      if (word !== raw) return null;
      continue;
    }
    const words = [word];
    for (let j = i + 1; j < tokens.length && words.length < 4 && !/[,.;:!?]$/u.test(tokens[j - 1]![0]); j++) {
      const next = tokens[j]![0].replace(/[,.;:!?)]+$/u, '');
      if (!NAME_WORD_LATIN.test(next)) break;
      words.push(next);
    }
    return words.length >= 2 ? { words, at: tokens[i]!.index } : null;
  }
  return null;
}

const APPOSITIVE_NAME_BEFORE = /(\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*){1,3}),\s*$/u;
const WHITE_SPACE = /^\s$/u;

/**
 * Whether `s` ends with a comma and then only white space, as APPOSITIVE_NAME_BEFORE demands: tested first, since
 * the end-anchored pattern is tried at every position of its window and most titles have no comma before them.
 */
function endsWithComma(s: string): boolean {
  let e = s.length;
  while (e > 0 && WHITE_SPACE.test(s[e - 1]!)) e--;
  return e > 0 && s.charCodeAt(e - 1) === 0x2c;
}

/**
 * A name set off by a comma from the title phrase it belongs to, in alphabetic scripts: after the title's complement
 * ('Title of X of Japan, Name') going forward, or right before 'Name, Title' going backward. No person or other title
 * may stand in between; the caller keeps the name only when its shape shows a side.
 */
export function appositiveName(
  text: string, items: readonly Item[], idx: number, dir: 'forward' | 'backward', lang: string, lex: Lexicon,
): { start: number; end: number; written: string; side: string } | null {
  const title = items[idx]!;
  let words: string[];
  let at: number;
  if (dir === 'backward') {
    const before = text.slice(Math.max(0, title.start - 60), title.start);
    const m = endsWithComma(before) ? APPOSITIVE_NAME_BEFORE.exec(before) : null;
    if (!m) return null;
    words = m[1]!.split(' ');
    at = title.start - before.length + m.index;
  } else {
    const span = text.slice(title.end, Math.min(text.length, title.end + APPOSITIVE_SPAN));
    const comma = span.search(/[,，]/u);
    const m = comma >= 0 && !/[.!?;:]/u.test(span.slice(0, comma)) ? APPOSITIVE_NAME.exec(span.slice(comma + 1)) : null;
    if (m) {
      words = m[1]!.split(' ');
      at = title.end + comma + 1 + m[0].length - m[1]!.length;
    } else {
      // Without a comma ('вице-президентом Японского агентства … (JICA) Миядзаки Кацура'): the first capitalised run
      // after a complement of lower-case words, acronyms in brackets and adjectives — a name only by its shape.
      const run = complementThenName(span, lex);
      if (!run) return null;
      words = run.words;
      at = title.end + run.at;
    }
  }
  if (!/\p{Script=Latin}|\p{Script=Cyrillic}/u.test(words.join(''))) return null;
  // The fewest words next to the title that make a name of either side (a place or a common word may precede it).
  for (let k = 2; k <= words.length; k++) {
    const picked = dir === 'backward' ? words.slice(-k) : words.slice(0, k);
    const side = sideOfName(picked.join(' '), lang);
    if (!side) continue;
    const written = picked.join(' ');
    const start = dir === 'backward' ? at + words.join(' ').length - written.length : at;
    const end = start + written.length;
    const [from, to] = dir === 'backward' ? [start, title.start] : [title.end, end];
    // A person in between blocks; another title in between is part of a long title phrase ('вице-президентом Сената').
    if (items.some((it) => it !== title && it.kind === 'full' && it.start < to && it.end > from)) return null;
    return { start, end, written, side };
  }
  return null;
}

/** The country named between a title and its appositive name ('… of Japan, Name'), if any. */
export function countryBetween(items: readonly Item[], found: { start: number; end: number }, title: Item): string | null {
  const [from, to] = found.start > title.end ? [title.end, found.start] : [found.end, title.start];
  return items.find((it) => it.kind === 'country' && it.start >= from && it.end <= to)?.country ?? null;
}

/** A "former" word, at a word start in alphabetic scripts (no such boundary in CJK). */
const formerPattern = (word: string): string =>
  /^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(word) ? `(?<![\\p{L}])${escapeRegExp(word)}` : escapeRegExp(word);
const FORMER: ReadonlyMap<string, RegExp> = new Map(Object.entries(formerData).flatMap(([lang, words]) =>
  Array.isArray(words) ? [[lang, new RegExp((words as string[]).map(formerPattern).join('|'), 'iu')] as const] : []));
/** Characters before a name (and after it, for titles that follow names) where a "former" word makes the title past. */
const FORMER_WINDOW = 40;

/** True when the title next to `m` is a past office: 'former Prime Minister', 'nguyên Thủ tướng', '岸田元首相'. */
export function isFormer(text: string, m: PersonMention, lang: string): boolean {
  const re = FORMER.get(lang);
  if (!re) return false;
  const before = text.slice(Math.max(0, m.start - FORMER_WINDOW), m.start).split(/[,;:.、，。]/u).pop()!;
  const after = text.slice(m.end, m.end + 12).split(/[,;:.、，。]/u)[0]!;
  return re.test(before) || (/^[\u3040-\u9FFF\uAC00-\uD7AF\u0600-\u06FF\s]/u.test(after) && re.test(after.slice(0, 6)));
}

/** Verb endings that end a Korean predicate, never a name ('회담했다', '외교장관인', '만났다'). */
const HANGUL_PREDICATE = /(?:다|인|한|된|했|하고|하며|에서)$/u;

/**
 * A Korean name candidate without the particle on its last word ('부이 타인 선은' → '부이 타인 선'), or null when a
 * word is a predicate or a word the lexicon rules out ('겸', '및').
 */
export function hangulName(written: string, lex: Lexicon): string | null {
  const words = written.split(' ');
  if (words.some((w) => HANGUL_PREDICATE.test(w) || lex.notNames.has(w))) return null;
  const last = words.at(-1)!;
  // The longest particle the lexicon lists that leaves a word of at least one syllable.
  const particle = lex.inflections.find((p) => p !== '이' && last.length > p.length && last.endsWith(p));
  if (particle) words[words.length - 1] = last.slice(0, -particle.length);
  return words.join(' ');
}

