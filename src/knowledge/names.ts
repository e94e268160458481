/**
 * Name normalization and matching primitives shared by the people registry: script detection, a per-character
 * normalizer (diacritics, case, Han variants), a text "stream" that keeps offsets into the original text, and a
 * token-aware trie that matches registry variants and titles in any script.
 */
import hanData from './data/translit-han.json' with { type: 'json' };
import ruData from './data/translit-ru.json' with { type: 'json' };

export type Script = 'latin' | 'cyrl' | 'greek' | 'hang' | 'arab' | 'cjk' | 'thai' | 'num' | 'other';

const HAN_FOLD: ReadonlyMap<string, string> = new Map(Object.entries((hanData as { fold: Record<string, string> }).fold));
const RU_LATIN: ReadonlyMap<string, string> = new Map(Object.entries((ruData as { map: Record<string, string> }).map));

/** Characters dropped without a word boundary: the katakana long-vowel mark and soft hyphens. */
const IGNORABLE = new Set(['\u30FC', '\u00AD', '\u200B', '\u200C', '\u200D', '\uFE0F']);
const SEPARATOR = /[\p{Z}\p{P}\p{S}\p{Cc}\p{Cf}・･]/u;
/** Diacritics removed after NFKD: Latin/Cyrillic combining marks, Thai tone marks, Arabic harakat and tatweel. */
const STRIP_MARKS = /[\u0300-\u036f\u0e47-\u0e4b\u064b-\u065f\u0670\u0640]/gu;
const SPECIAL: Readonly<Record<string, string>> = {
  'đ': 'd', 'ð': 'd', 'ø': 'o', 'ł': 'l', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'э': 'е', 'ё': 'е',
  'ى': 'ي', 'ۀ': 'ه', 'ك': 'ك',
};

export function scriptOf(ch: string): Script {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x80) {
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'latin';
    if (c >= 0x30 && c <= 0x39) return 'num';
    return 'other';
  }
  if (c <= 0x24f || (c >= 0x1e00 && c <= 0x1eff)) return 'latin';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x400 && c <= 0x52f) return 'cyrl';
  if (c >= 0x600 && c <= 0x6ff) return 'arab';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0xac00 && c <= 0xd7af)) return 'hang';
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f) || (c >= 0x20000 && c <= 0x2ffff)) return 'cjk';
  if (/\p{Nd}/u.test(ch)) return 'num';
  return 'other';
}

/** Scripts written with spaces between words: a match must start and end on a word boundary. */
export function isSpaced(script: Script): boolean {
  return script !== 'cjk' && script !== 'thai';
}

const charCache = new Map<string, string>();

/** One code point, normalized: '' for a lone combining mark, possibly several chars ('ß' → 'ss'). */
export function normalizeChar(ch: string): string {
  const hit = charCache.get(ch);
  if (hit !== undefined) return hit;
  let out = '';
  for (const c of ch.normalize('NFKD').replace(STRIP_MARKS, '').normalize('NFC').toLowerCase()) {
    if (!IGNORABLE.has(c)) out += SPECIAL[c] ?? HAN_FOLD.get(c) ?? c;
  }
  if (IGNORABLE.has(ch)) out = '';
  charCache.set(ch, out);
  return out;
}

function isSeparator(ch: string): boolean {
  return SEPARATOR.test(ch) && !IGNORABLE.has(ch);
}

/**
 * Normalized form of a name for comparison: NFKD, diacritics stripped (Vietnamese đ → d), lower case, Han variants
 * folded to simplified, and every run of spaces, hyphens, '・' and other punctuation turned into one space.
 * normalizeName('Phạm  Minh-Chính') === 'pham minh chinh'; normalizeName('ファム・ミン・チン') === 'ファム ミン チン'.
 */
export function normalizeName(s: string): string {
  let out = '';
  let space = false;
  for (const ch of s) {
    if (IGNORABLE.has(ch)) continue;
    // Compatibility forms may expand into separators ('⑴' → '(1)'), so test the normalized characters too.
    for (const c of isSeparator(ch) ? ' ' : normalizeChar(ch)) {
      if (isSeparator(c)) {
        space = out.length > 0;
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

/** Russian Cyrillic → Latin, keeping capitals at word starts ('Иван Петров' → 'Ivan Petrov'). */
export function cyrillicToLatin(s: string): string {
  let out = '';
  for (const ch of s) {
    const low = ch.toLowerCase();
    const t = RU_LATIN.get(low);
    if (t === undefined) {
      out += ch;
      continue;
    }
    out += ch !== low && t ? t[0]!.toUpperCase() + t.slice(1) : t;
  }
  return out;
}

/** One normalized character of a text, with its span in the original string. */
export interface StreamChar {
  ch: string;
  start: number;
  end: number;
  /** A word starts here: after a separator, at the text start, or at a change of script. */
  wb: boolean;
  script: Script;
}

/** The text as normalized characters without separators, each pointing back to its original offsets. */
export function textStream(text: string): StreamChar[] {
  const out: StreamChar[] = [];
  let pending = true;
  let prevScript: Script | null = null;
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    if (IGNORABLE.has(ch)) {
      const last = out[out.length - 1];
      if (last && !pending) last.end = i;
      continue;
    }
    if (isSeparator(ch)) {
      pending = true;
      continue;
    }
    const n = normalizeChar(ch);
    if (!n) {
      const last = out[out.length - 1];
      if (last && !pending) last.end = i;
      continue;
    }
    const script = scriptOf(ch);
    for (const c of n) {
      if (isSeparator(c)) {
        pending = true;
        continue;
      }
      out.push({ ch: c, start, end: i, wb: pending || prevScript !== script, script });
      pending = false;
      prevScript = script;
    }
  }
  return out;
}

const BOUNDARY = ' ';

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  values: T[] | null;
}

export interface TrieMatch<T> {
  /** Stream index of the first char. */
  from: number;
  /** Stream index after the last char (inflection included). */
  to: number;
  values: T[];
}

/** Endings stripped from normalized Cyrillic tokens ('й' is already 'и' after normalization). */
const RU_STEM = /(ыи|ии|ои|ая|ое|ые|ие|а|я|ь)$/u;

/** Stems a Cyrillic token may also be matched by, so inflected forms ('Кыонга', 'японского') match with an ending. */
function tokenForms(token: string): string[] {
  if (!/[\u0400-\u04ff]/u.test(token)) return [token];
  const stem = token.replace(RU_STEM, '');
  return stem.length >= 3 && stem !== token ? [token, stem] : [token];
}

/**
 * A trie over normalized tokens. Between tokens a match may skip nothing (spacing-insensitive: '팜민찐' = '팜 민 찐')
 * or, in inflecting languages, consume an ending at a word end ('Гэнбой Коитиро').
 */
export class NameTrie<T> {
  private readonly root: TrieNode<T> = { next: new Map(), values: null };

  /** Adds a phrase (any script, any spacing) with its value. Returns false when it normalizes to nothing. */
  add(phrase: string, value: T): boolean {
    const tokens = normalizeName(phrase).split(' ').filter(Boolean);
    if (tokens.length === 0) return false;
    let frontier: TrieNode<T>[] = [this.root];
    tokens.forEach((token, k) => {
      const nextFrontier: TrieNode<T>[] = [];
      for (const node of frontier) {
        let start = node;
        if (k > 0) start = this.child(node, BOUNDARY);
        for (const form of tokenForms(token)) {
          let cur = start;
          for (const c of form) cur = this.child(cur, c);
          if (!nextFrontier.includes(cur)) nextFrontier.push(cur);
        }
      }
      frontier = nextFrontier;
    });
    for (const node of frontier) {
      node.values ??= [];
      if (!node.values.includes(value)) node.values.push(value);
    }
    return true;
  }

  private child(node: TrieNode<T>, c: string): TrieNode<T> {
    let n = node.next.get(c);
    if (!n) {
      n = { next: new Map(), values: null };
      node.next.set(c, n);
    }
    return n;
  }

  /** The longest match starting at stream index `from`, or null. */
  longestAt(stream: readonly StreamChar[], from: number, inflections: readonly string[]): TrieMatch<T> | null {
    const first = stream[from];
    if (!first) return null;
    if (isSpaced(first.script) && !first.wb) return null;
    if (!this.root.next.has(first.ch)) return null;
    let best: TrieMatch<T> | null = null;
    const stack: [TrieNode<T>, number][] = [[this.root, from]];
    while (stack.length > 0) {
      const [node, j] = stack.pop()!;
      if (node.values && j > from) {
        const end = wordEnd(stream, j, inflections);
        if (end !== null && (!best || end > best.to)) best = { from, to: end, values: node.values };
      }
      const c = stream[j];
      if (c) {
        const n = node.next.get(c.ch);
        if (n) stack.push([n, j + 1]);
      }
      const b = node.next.get(BOUNDARY);
      if (b && j > from) {
        if (!c || c.wb) stack.push([b, j]);
        else if (c && !isSpaced(c.script)) stack.push([b, j]);
        else {
          const end = wordEnd(stream, j, inflections);
          if (end !== null && end > j && end < stream.length) stack.push([b, end]);
        }
      }
    }
    return best;
  }

  /** All non-overlapping longest matches, left to right. */
  scan(stream: readonly StreamChar[], inflections: readonly string[], skip?: (i: number) => boolean): TrieMatch<T>[] {
    const out: TrieMatch<T>[] = [];
    for (let i = 0; i < stream.length; i++) {
      if (skip?.(i)) continue;
      const m = this.longestAt(stream, i, inflections);
      if (m) {
        out.push(m);
        i = m.to - 1;
      }
    }
    return out;
  }
}

/**
 * Where a word that reached stream index `j` may end: `j` itself at a boundary (or anywhere in CJK/Thai), `j` plus
 * an allowed inflection followed by a boundary, or null when the match would end inside a word ('Abe|nomics').
 */
function wordEnd(stream: readonly StreamChar[], j: number, inflections: readonly string[]): number | null {
  const prev = stream[j - 1];
  const next = stream[j];
  if (!prev) return null;
  if (!next || next.wb || !isSpaced(prev.script)) return j;
  for (const suffix of inflections) {
    let k = 0;
    while (k < suffix.length && stream[j + k]?.ch === suffix[k]) k++;
    if (k === suffix.length) {
      const after = stream[j + k];
      if (!after || after.wb) return j + k;
    }
  }
  return null;
}
