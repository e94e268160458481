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
/** normalizeChar of one-unit characters, by UTF-16 unit (the common case, without hashing a string). */
const unitCache: (string | undefined)[] = new Array<string | undefined>(65536);

/** One code point, normalized: '' for a lone combining mark, possibly several chars ('ß' → 'ss'). */
export function normalizeChar(ch: string): string {
  if (ch.length === 1) {
    const code = ch.charCodeAt(0);
    const unit = unitCache[code];
    if (unit !== undefined) return unit;
    return (unitCache[code] = normalizeCharSlow(ch));
  }
  return normalizeCharSlow(ch);
}

function normalizeCharSlow(ch: string): string {
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

/** isSeparator of one-unit characters, by UTF-16 unit: 0 = not yet known, 1 = no, 2 = yes. */
const SEPARATOR_UNIT = new Uint8Array(65536);

function isSeparator(ch: string): boolean {
  if (ch.length === 1) {
    const code = ch.charCodeAt(0);
    let v = SEPARATOR_UNIT[code]!;
    if (v === 0) {
      v = SEPARATOR.test(ch) && !IGNORABLE.has(ch) ? 2 : 1;
      SEPARATOR_UNIT[code] = v;
    }
    return v === 2;
  }
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
  const length = text.length;
  while (i < length) {
    // One code point at a time, as `for (const ch of text)` walks it (a lone surrogate is one).
    const start = i;
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const ch = pair ? text.slice(i, i + 2) : text[i]!;
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
    if (n.length === 1) {
      // The common case, without a string iterator.
      if (isSeparator(n)) {
        pending = true;
        continue;
      }
      out.push({ ch: n, start, end: i, wb: pending || prevScript !== script, script });
      pending = false;
      prevScript = script;
      continue;
    }
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
  private readonly stackNodes: TrieNode<T>[] = [];
  private readonly stackPositions: number[] = [];

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
    // The root itself holds no value and no boundary step applies at `from`: start from its child.
    const head = this.root.next.get(first.ch);
    if (!head) return null;
    let best: TrieMatch<T> | null = null;
    // Depth-first, last in first out (the order decides between equally long matches), on reused stacks.
    const nodes = this.stackNodes;
    const positions = this.stackPositions;
    const base = nodes.length;
    nodes.push(head);
    positions.push(from + 1);
    while (nodes.length > base) {
      const node = nodes.pop()!;
      const j = positions.pop()!;
      if (node.values && j > from) {
        const end = wordEnd(stream, j, inflections);
        if (end !== null && (!best || end > best.to)) best = { from, to: end, values: node.values };
      }
      const c = stream[j];
      if (c) {
        const n = node.next.get(c.ch);
        if (n) { nodes.push(n); positions.push(j + 1); }
      }
      const b = j > from ? node.next.get(BOUNDARY) : undefined;
      if (b) {
        if (!c || c.wb) { nodes.push(b); positions.push(j); }
        else if (c && !isSpaced(c.script)) { nodes.push(b); positions.push(j); }
        else {
          const end = wordEnd(stream, j, inflections);
          if (end !== null && end > j && end < stream.length) { nodes.push(b); positions.push(end); }
        }
      }
    }
    return best;
  }

  /** All non-overlapping longest matches, left to right. */
  scan(stream: readonly StreamChar[], inflections: readonly string[], skip?: (i: number) => boolean): TrieMatch<T>[] {
    const out: TrieMatch<T>[] = [];
    for (let i = 0; i < stream.length; i++) {
      // longestAt's own first test, hoisted: a spaced-script match starts a word.
      const c = stream[i]!;
      if (!c.wb && isSpaced(c.script)) continue;
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
