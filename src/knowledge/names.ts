/**
 * Name normalization and matching primitives shared by the people registry: script detection, a per-character
 * normalizer (diacritics, case, Han variants), a text "stream" that keeps offsets into the original text, and a
 * token-aware trie that matches registry variants and titles in any script.
 */
import hanData from './data/translit-han.json' with { type: 'json' };
import ruData from './data/translit-ru.json' with { type: 'json' };
import { addChild, childAt, NONE, type Children } from './trie-children.js';

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

/**
 * A text as normalized characters without separators, each pointing back to its span in the original text. Kept as
 * parallel arrays (one entry per character): tries walk it for every word, so no object per character.
 */
export interface TextStream {
  readonly length: number;
  /** Code point of each normalized character (tries are keyed by code point). */
  readonly codes: readonly number[];
  /** Its span in the original text. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** STREAM_WORD_START: a word starts here (after a separator, at the start, at a change of script); STREAM_SPACED: its script is spaced (isSpaced). */
  readonly flags: readonly number[];
  /** Indexes where a trie match may start: word starts in spaced scripts, any character in CJK/Thai. */
  readonly begins: readonly number[];
}

export const STREAM_WORD_START = 1;
export const STREAM_SPACED = 2;

/** What textStream does with a one-unit character, by UTF-16 unit, filled on first use. */
const UNIT_UNKNOWN = 0;
/** Ignorable, or normalizes to nothing (a lone combining mark): extends the previous character. */
const UNIT_EXTEND = 1;
/** A separator, or a character normalizing to one: a word boundary. */
const UNIT_SEPARATOR = 2;
/** Normalizes to one non-separator character, of code point UNIT_CODE[unit]; scriptOf gives UNIT_SCRIPT[unit]. */
const UNIT_ONE = 3;
/** Normalizes to several characters: the general path. */
const UNIT_MANY = 4;
const UNIT_KIND = new Uint8Array(65536);
const UNIT_CODE = new Int32Array(65536);
const UNIT_SCRIPT: Script[] = new Array<Script>(65536);
/** isSpaced(UNIT_SCRIPT[unit]) as 0/1. */
const UNIT_SPACED = new Uint8Array(65536);

function unitKind(unit: number): number {
  const ch = String.fromCharCode(unit);
  let kind: number;
  if (IGNORABLE.has(ch)) kind = UNIT_EXTEND;
  else if (isSeparator(ch)) kind = UNIT_SEPARATOR;
  else {
    const n = normalizeChar(ch);
    if (!n) kind = UNIT_EXTEND;
    else if (n.length === 1) {
      if (isSeparator(n)) kind = UNIT_SEPARATOR;
      else {
        kind = UNIT_ONE;
        UNIT_CODE[unit] = n.codePointAt(0)!;
        UNIT_SCRIPT[unit] = scriptOf(ch);
        UNIT_SPACED[unit] = isSpaced(UNIT_SCRIPT[unit]!) ? 1 : 0;
      }
    } else kind = UNIT_MANY;
  }
  UNIT_KIND[unit] = kind;
  return kind;
}

/** The text as normalized characters without separators, each pointing back to its original offsets. */
export function textStream(text: string): TextStream {
  const length = text.length;
  // Plain arrays of small integers (cheaper to make per sentence than typed arrays), sized for one entry per unit.
  const codes: number[] = new Array<number>(length);
  const starts: number[] = new Array<number>(length);
  const ends: number[] = new Array<number>(length);
  const flags: number[] = new Array<number>(length);
  const begins: number[] = [];
  let k = 0;
  let pending = true;
  let prevScript: Script | null = null;
  let i = 0;
  while (i < length) {
    // One code point at a time, as `for (const ch of text)` walks it (a lone surrogate is one).
    const start = i;
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (!pair) {
      // One UTF-16 unit: everything is known from the unit alone.
      i++;
      let kind = UNIT_KIND[unit]!;
      if (kind === UNIT_UNKNOWN) kind = unitKind(unit);
      if (kind === UNIT_ONE) {
        const script = UNIT_SCRIPT[unit]!;
        const f = (pending || prevScript !== script ? STREAM_WORD_START : 0) | (UNIT_SPACED[unit]! === 1 ? STREAM_SPACED : 0);
        codes[k] = UNIT_CODE[unit]!;
        starts[k] = start;
        ends[k] = i;
        flags[k] = f;
        if (f !== STREAM_SPACED) begins.push(k);
        k++;
        pending = false;
        prevScript = script;
        continue;
      }
      if (kind === UNIT_SEPARATOR) {
        pending = true;
        continue;
      }
      if (kind === UNIT_EXTEND) {
        if (k > 0 && !pending) ends[k - 1] = i;
        continue;
      }
    } else i += 2;
    const ch = pair ? text.slice(start, start + 2) : text[start]!;
    if (IGNORABLE.has(ch)) {
      if (k > 0 && !pending) ends[k - 1] = i;
      continue;
    }
    if (isSeparator(ch)) {
      pending = true;
      continue;
    }
    const n = normalizeChar(ch);
    if (!n) {
      if (k > 0 && !pending) ends[k - 1] = i;
      continue;
    }
    const script = scriptOf(ch);
    for (const c of n) {
      if (isSeparator(c)) {
        pending = true;
        continue;
      }
      const f = (pending || prevScript !== script ? STREAM_WORD_START : 0) | (isSpaced(script) ? STREAM_SPACED : 0);
      codes[k] = c.codePointAt(0)!;
      starts[k] = start;
      ends[k] = i;
      flags[k] = f;
      if (f !== STREAM_SPACED) begins.push(k);
      k++;
      pending = false;
      prevScript = script;
    }
  }
  codes.length = k;
  starts.length = k;
  ends.length = k;
  flags.length = k;
  return { length: k, codes, starts, ends, flags, begins };
}

const PAIR_WORDS = 8192;

function pairHash(a: number, b: number): number {
  return ((a << 5) ^ b) & (PAIR_WORDS * 32 - 1);
}

function tripleHash(a: number, b: number, c: number): number {
  return ((((a << 5) ^ b) << 5) ^ c) & (PAIR_WORDS * 32 - 1);
}

/** The boundary step between tokens, as a trie key (a space: never a stream character). */
const BOUNDARY = 0x20;

/**
 * Children keyed by code point; the BOUNDARY step apart, in `boundary`: the walk asks for it at every node, and a
 * field read is cheaper than searching the children (stream characters are never BOUNDARY, so the children lists
 * are shorter without it).
 */
interface TrieNode<T> extends Children<TrieNode<T>> {
  values: T[] | null;
  boundary: TrieNode<T> | null;
}

function newNode<T>(): TrieNode<T> {
  return { next: null, keys: NONE, kids: NONE, values: null, boundary: null };
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
  private readonly root: TrieNode<T> = newNode();
  /** Bit set of the BMP code points the root has a child for (scan rejects most positions with one array read). */
  private readonly heads = new Uint32Array(2048);
  /**
   * Bit set of hashed (first, second) code point pairs of the phrases' first tokens, and of the heads a match may
   * leave after one character (a 1-character token, whose node has values or a boundary step): a position whose pair
   * is in neither is passed over without a map lookup. Collisions only cost a lookup.
   */
  private readonly pairs = new Uint32Array(PAIR_WORDS);
  private readonly shortHeads = new Uint32Array(2048);
  /**
   * The same one character further: the pairs of the first-token forms of exactly two characters (`shortPairs`: the
   * walk may leave the first token after them), and the hashed first three characters of the longer ones (`triples`).
   * A first token of three or more characters is matched character by character, so a position whose pair is not
   * short and whose first three characters no such form starts with cannot match (most positions that pass the pair
   * test: the walk would fail a character or two later).
   */
  private readonly shortPairs = new Uint32Array(PAIR_WORDS);
  private readonly triples = new Uint32Array(PAIR_WORDS);
  private readonly stackNodes: TrieNode<T>[] = [];
  private readonly stackPositions: number[] = [];

  /** Adds a phrase (any script, any spacing) with its value. Returns false when it normalizes to nothing. */
  add(phrase: string, value: T): boolean {
    const tokens = normalizeName(phrase).split(' ').filter(Boolean);
    if (tokens.length === 0) return false;
    let frontier: TrieNode<T>[] = [this.root];
    // Pairs of the first token's forms (a one-character form marks its head instead).
    for (const form of tokenForms(tokens[0]!)) {
      const cps = [...form].map((c) => c.codePointAt(0)!);
      if (cps.length >= 2) {
        const h = pairHash(cps[0]!, cps[1]!);
        this.pairs[h >>> 5]! |= 1 << (h & 31);
        if (cps.length === 2) this.shortPairs[h >>> 5]! |= 1 << (h & 31);
        else {
          const t = tripleHash(cps[0]!, cps[1]!, cps[2]!);
          this.triples[t >>> 5]! |= 1 << (t & 31);
        }
      } else if (cps[0]! < 65536) this.shortHeads[cps[0]! >>> 5]! |= 1 << (cps[0]! & 31);
      else this.shortHeads[0]! |= 1; // (an astral one-character form: astral heads never use the bit sets)
    }
    tokens.forEach((token, k) => {
      const nextFrontier: TrieNode<T>[] = [];
      for (const node of frontier) {
        let start = node;
        if (k > 0) start = this.child(node, BOUNDARY);
        for (const form of tokenForms(token)) {
          let cur = start;
          for (const c of form) cur = this.child(cur, c.codePointAt(0)!);
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

  private child(node: TrieNode<T>, c: number): TrieNode<T> {
    if (c === BOUNDARY) return (node.boundary ??= newNode());
    let n = childAt(node, c);
    if (!n) {
      n = newNode();
      addChild(node, c, n);
      if (node === this.root && c < 65536) this.heads[c >>> 5]! |= 1 << (c & 31);
    }
    return n;
  }

  /** The longest match starting at stream index `from`, or null. */
  longestAt(stream: TextStream, from: number, inflections: readonly string[]): TrieMatch<T> | null {
    if (from < 0 || from >= stream.length) return null;
    const f = stream.flags[from]!;
    if ((f & STREAM_SPACED) !== 0 && (f & STREAM_WORD_START) === 0) return null;
    // The root itself holds no value and no boundary step applies at `from`: start from its child.
    const head = childAt(this.root, stream.codes[from]!);
    if (!head) return null;
    return this.walk(stream, from, head, inflections);
  }

  /** longestAt from the root's child `head` (the node of stream[from]). */
  private walk(stream: TextStream, from: number, head: TrieNode<T>, inflections: readonly string[]): TrieMatch<T> | null {
    let best: TrieMatch<T> | null = null;
    const { codes, flags } = stream;
    const length = stream.length;
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
      const has = j < length;
      if (has) {
        const n = childAt(node, codes[j]!);
        if (n) { nodes.push(n); positions.push(j + 1); }
      }
      const b = j > from ? node.boundary : null;
      if (b !== null) {
        const f = has ? flags[j]! : 0;
        if (!has || (f & STREAM_WORD_START) !== 0) { nodes.push(b); positions.push(j); }
        else if ((f & STREAM_SPACED) === 0) { nodes.push(b); positions.push(j); }
        else {
          const end = wordEnd(stream, j, inflections);
          if (end !== null && end > j && end < length) { nodes.push(b); positions.push(end); }
        }
      }
    }
    return best;
  }

  /**
   * All non-overlapping longest matches, left to right; `covered[i] === 1` passes over the matches starting at i (a
   * typed array rather than a callback: a closure made per call costs more than the test).
   */
  scan(stream: TextStream, inflections: readonly string[], covered?: Uint8Array): TrieMatch<T>[] {
    const out: TrieMatch<T>[] = [];
    const root = this.root;
    const heads = this.heads;
    const pairs = this.pairs;
    const shortHeads = this.shortHeads;
    const shortPairs = this.shortPairs;
    const triples = this.triples;
    const { codes, begins } = stream;
    const n = stream.length;
    /** The first index a match may start at (after the previous match). */
    let free = 0;
    for (let k = 0; k < begins.length; k++) {
      // longestAt's own first tests, hoisted: a spaced-script match starts a word (`begins`), with a character the
      // root has.
      const i = begins[k]!;
      if (i < free) continue;
      const code = codes[i]!;
      if (code < 65536) {
        if ((heads[code >>> 5]! & (1 << (code & 31))) === 0) continue;
        if ((shortHeads[code >>> 5]! & (1 << (code & 31))) === 0) {
          // A head that no phrase leaves after one character: the next character must continue a first token.
          if (i + 1 >= n) continue;
          const h = pairHash(code, codes[i + 1]!);
          if ((pairs[h >>> 5]! & (1 << (h & 31))) === 0) continue;
          if ((shortPairs[h >>> 5]! & (1 << (h & 31))) === 0) {
            // Only first tokens of three or more characters start with this pair: the third must continue one.
            if (i + 2 >= n) continue;
            const t = tripleHash(code, codes[i + 1]!, codes[i + 2]!);
            if ((triples[t >>> 5]! & (1 << (t & 31))) === 0) continue;
          }
        }
      }
      const head = childAt(root, code);
      if (!head) continue;
      // Nothing can match when the head holds no value and has neither the next character nor a boundary step
      // (at the end of the stream the walk may still take a boundary step: leave that to it).
      if (head.values === null && i + 1 < n && childAt(head, codes[i + 1]!) === undefined && head.boundary === null) continue;
      if (covered !== undefined && covered[i] === 1) continue;
      const m = this.walk(stream, i, head, inflections);
      if (m) {
        out.push(m);
        free = m.to;
      }
    }
    return out;
  }
}

/**
 * Where a word that reached stream index `j` may end: `j` itself at a boundary (or anywhere in CJK/Thai), `j` plus
 * an allowed inflection followed by a boundary, or null when the match would end inside a word ('Abe|nomics').
 */
function wordEnd(stream: TextStream, j: number, inflections: readonly string[]): number | null {
  const { codes, flags } = stream;
  const length = stream.length;
  if (j - 1 < 0 || j - 1 >= length) return null;
  if (j >= length || (flags[j]! & STREAM_WORD_START) !== 0 || (flags[j - 1]! & STREAM_SPACED) === 0) return j;
  for (const suffix of inflections) {
    let k = 0;
    // (a code point compares with a UTF-16 unit of the suffix as the one-character strings did)
    while (k < suffix.length && j + k < length && codes[j + k] === suffix.charCodeAt(k)) k++;
    if (k === suffix.length) {
      if (j + k >= length || (flags[j + k]! & STREAM_WORD_START) !== 0) return j + k;
    }
  }
  return null;
}
