/**
 * People introduced by a courtesy word rather than an office: 'Herrn Shiota Koichi', 'ông Fukuda Tomikazu',
 * '梅田邦夫氏'. Such a name is kept only when its shape shows one of the two sides (name-shapes.ts): a courtesy word
 * alone does not make a capitalised phrase a person. The courtesy words per language are data (data/honorifics.json).
 */
import data from './data/honorifics.json' with { type: 'json' };
import type { PersonMention } from './types.js';
import { sideOfName } from './name-shapes.js';
import { cyrillicToLatin } from './names.js';
import { escapeRegExp } from '../corpus/regexp.js';

const NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}'’-]*";

/**
 * A courtesy word pattern and its words: the pattern (case-sensitive) can only match where one of the words is written
 * as is, so a text holding none of them is passed over without running it (most sentences; includes() is far cheaper
 * than the pattern's scan).
 */
interface Courtesy {
  re: RegExp;
  words: readonly string[];
}

function compile(words: string[] | undefined, build: (alternatives: string) => string): Courtesy | null {
  return words?.length ? { re: new RegExp(build(words.map(escapeRegExp).join('|')), 'gu'), words } : null;
}

function present(c: Courtesy | undefined, text: string): c is Courtesy {
  return c !== undefined && c.words.some((w) => text.includes(w));
}

const BEFORE: ReadonlyMap<string, Courtesy> = new Map(Object.entries(data.before).flatMap(([lang, words]) => {
  const c = compile(words, (alt) => `(?<![\\p{L}])(?:${alt})\\s+(${NAME_WORD}(?: ${NAME_WORD}){1,3})`);
  return c ? [[lang, c] as const] : [];
}));
const AFTER: ReadonlyMap<string, Courtesy> = new Map(Object.entries(data.after).flatMap(([lang, words]) => {
  const c = compile(words, (alt) => `([\\u3400-\\u9FFF\\u30A0-\\u30FF・\\uAC00-\\uD7AF]{2,8}(?: [\\uAC00-\\uD7AF]{1,4})?)\\s*(?:${alt})`);
  return c ? [[lang, c] as const] : [];
}));

/**
 * Names next to a courtesy word in `text` (language `lang`) whose shape shows a side, outside the spans already
 * taken by `known` mentions. The fewest words that make a name are kept ('Herrn Shiota Koichi und' → 'Shiota Koichi').
 */
export function honorificNames(text: string, lang: string, known: readonly PersonMention[]): PersonMention[] {
  const out: PersonMention[] = [];
  const before = BEFORE.get(lang);
  if (present(before, text)) {
    for (const m of text.matchAll(before.re)) {
      const words = m[1]!.split(' ');
      const at = m.index + m[0].length - m[1]!.length;
      for (let k = 2; k <= words.length; k++) {
        const written = words.slice(0, k).join(' ');
        const side = sideOfName(written, lang);
        if (!side) continue;
        if (free(known, out, at, at + written.length)) out.push(mention(written, side, at));
        break;
      }
    }
  }
  const after = AFTER.get(lang);
  if (present(after, text)) {
    for (const m of text.matchAll(after.re)) {
      const written = m[1]!;
      const side = sideOfName(written, lang);
      if (side && free(known, out, m.index, m.index + written.length)) out.push(mention(written, side, m.index));
    }
  }
  return out;
}

/**
 * No mention of `known` or `found` overlaps [start, end). At module level: tsx names every function made inside
 * another, at a cost on each call.
 */
function free(known: readonly PersonMention[], found: readonly PersonMention[], start: number, end: number): boolean {
  return !known.some((m) => m.start < end && start < m.end) && !found.some((m) => m.start < end && start < m.end);
}

function mention(written: string, side: string, start: number): PersonMention {
  const name = /\p{Script=Cyrillic}/u.test(written) ? cyrillicToLatin(written) : written;
  return { personId: null, name, written, role: null, country: side, start, end: start + written.length };
}
