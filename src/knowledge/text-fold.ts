/**
 * Text folding for the lexicon matcher: NFKC, lowercase, quotes and dashes folded, with maps from folded offsets
 * back to the original text, and what counts as a word character. Pure.
 *
 * Module-level tables are bounded memoization of pure functions: per-UTF-16-unit tables (65,536 entries each), folds
 * of multi-unit segments (at most 100,000) and the last FOLD_CACHE_MAX folded texts.
 */
export const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
export const NO_SPACE_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;

export function foldChar(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/\s/g, ' ');
}

/** Characters that NFKC changes or that need folding beyond lowercase (spaces, dashes, quotes, fullwidth, ligatures). */
const NEEDS_NFKC = /[\u00aa-\u00be\u0300-\u036f\u1dc0-\u1dff\u2012-\u2017\u201a-\u206f\u2100-\u24ff\u3300-\u33ff\ufb00-\ufb4f\ufe30-\ufe6f\uff00\uff5f-\uffef]/u;
/** Characters folded one for one (spaces, hyphens, quotes, fullwidth ASCII), so offsets are kept. */
const SIMPLE_FOLD = /[\u00a0\u2000-\u2011\u2018\u2019\u02bc\u3000\uff01-\uff5e]/g;

function simpleFold(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (code === 0x2010 || code === 0x2011) return '-';
  if (code === 0x2018 || code === 0x2019 || code === 0x02bc) return "'";
  return ' ';
}

/** A folded text and, unless the folding kept every offset, maps from folded offsets back to the original. */
export interface FoldedText {
  folded: string;
  /** null when folded offsets equal original offsets. */
  starts: number[] | null;
  ends: number[] | null;
  /** Positions of `folded` (`foldedWordStarts`) and of the text (`textWordStarts`) that no word unit precedes: filled on first use. */
  foldedWordStarts?: number[] | undefined;
  textWordStarts?: number[] | undefined;
}

/** Positions of `hay` that start a word: the first, and each one after a unit that is not a word unit (isWordAt). */
export function wordStartsOf(hay: string): number[] {
  const out: number[] = [];
  const n = hay.length;
  let afterWord = false;
  for (let i = 0; i < n; i++) {
    if (!afterWord) out.push(i);
    const code = hay.charCodeAt(i);
    let w = WORD_UNIT[code]!;
    if (w === 0) w = isWordUnit(code) ? 2 : 1;
    afterWord = w === 2;
  }
  return out;
}

const MARK = /\p{M}/u;
/** Whether each UTF-16 unit is a mark: 0 = not yet known, 1 = no, 2 = yes. */
const MARK_UNIT = new Uint8Array(65536);

function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

function isMarkAt(text: string, i: number): boolean {
  if (codePointLength(text, i) === 2) return MARK.test(text.slice(i, i + 2));
  const c = text.charCodeAt(i);
  let v = MARK_UNIT[c]!;
  if (v === 0) {
    v = MARK.test(String.fromCharCode(c)) ? 2 : 1;
    MARK_UNIT[c] = v;
  }
  return v === 2;
}

/** foldChar of one-unit segments, by unit; of longer segments, by segment. */
const FOLD_UNIT: (string | undefined)[] = new Array<string | undefined>(65536);
const FOLD_SEGMENT = new Map<string, string>();

function foldSegment(text: string, s: number, e: number): string {
  if (e === s + 1) {
    const c = text.charCodeAt(s);
    return (FOLD_UNIT[c] ??= foldChar(text[s]!));
  }
  const seg = text.slice(s, e);
  let f = FOLD_SEGMENT.get(seg);
  if (f === undefined) {
    f = foldChar(seg);
    if (FOLD_SEGMENT.size < 100_000) FOLD_SEGMENT.set(seg, f);
  }
  return f;
}

/** Per unit: the one unit foldChar gives it when that unit is neither a mark nor a surrogate, else -1; -2 = not yet known. */
const FOLD_ONE = new Int32Array(65536).fill(-2);

function foldOne(c: number): number {
  let v = FOLD_ONE[c]!;
  if (v === -2) {
    const ch = String.fromCharCode(c);
    if ((c >= 0xd800 && c <= 0xdfff) || MARK.test(ch)) v = -1;
    else {
      const f = (FOLD_UNIT[c] ??= foldChar(ch));
      v = f.length === 1 ? f.charCodeAt(0) : -1;
    }
    FOLD_ONE[c] = v;
  }
  return v;
}

const FOLD_BUF = new Uint16Array(4096);

/** The text folded unit by unit, when every unit folds to exactly one unit by itself; else null. */
function foldOneToOne(text: string): string | null {
  const n = text.length;
  let out = '';
  for (let from = 0; from < n; from += FOLD_BUF.length) {
    const to = Math.min(n, from + FOLD_BUF.length);
    for (let i = from; i < to; i++) {
      const f = foldOne(text.charCodeAt(i));
      if (f < 0) return null;
      FOLD_BUF[i - from] = f;
    }
    out += String.fromCharCode.apply(null, FOLD_BUF.subarray(0, to - from) as unknown as number[]);
  }
  return out;
}

/**
 * Recent folds: extraction matches each sentence of a document against several lexicons in separate passes
 * (cues while annotating, then areas, then figures), so a sentence comes back a few dozen calls later.
 */
const FOLD_CACHE = new Map<string, FoldedText>();
const FOLD_CACHE_MAX = 512;

/** Normalize (NFKC, lowercase, quotes/hyphens folded) keeping a map back to original offsets. */
export function foldWithMap(text: string): FoldedText {
  const hit = FOLD_CACHE.get(text);
  if (hit) return hit;
  let out: FoldedText;
  let oneToOne: string | null;
  const lower = text.toLowerCase();
  if (lower.length === text.length && !NEEDS_NFKC.test(text) && text.normalize('NFC') === text) {
    // (white space other than ' ' becomes ' ': leaving the spaces themselves alone spares a replacement per space)
    out = { folded: lower.replace(SIMPLE_FOLD, simpleFold).replace(/[^\S ]/g, ' '), starts: null, ends: null, foldedWordStarts: undefined, textWordStarts: undefined };
  } else if ((oneToOne = foldOneToOne(text)) !== null) {
    // Every unit folds to one unit on its own (no marks, no surrogates): the segments below are single units, and
    // the maps back would be the identity.
    out = { folded: oneToOne, starts: null, ends: null, foldedWordStarts: undefined, textWordStarts: undefined };
  } else {
    let folded = '';
    const starts: number[] = [];
    const ends: number[] = [];
    // Segments as SEGMENT (/\P{M}\p{M}*|\p{M}+/u) cuts them: a code point that is not a mark with the marks after it,
    // or a leading run of marks.
    const n = text.length;
    let s = 0;
    while (s < n) {
      let e = s + codePointLength(text, s);
      while (e < n && isMarkAt(text, e)) e += codePointLength(text, e);
      const f = foldSegment(text, s, e);
      for (let k = 0; k < f.length; k++) {
        starts.push(s);
        ends.push(e);
      }
      folded += f;
      s = e;
    }
    out = { folded, starts, ends, foldedWordStarts: undefined, textWordStarts: undefined };
  }
  if (FOLD_CACHE.size >= FOLD_CACHE_MAX) FOLD_CACHE.clear();
  FOLD_CACHE.set(text, out);
  return out;
}

/** isWordChar per UTF-16 unit, filled on first use: 0 = not yet known, 1 = no, 2 = yes. */
export const WORD_UNIT = new Uint8Array(65536);

export function isWordUnit(code: number): boolean {
  let v = WORD_UNIT[code]!;
  if (v === 0) {
    const c = String.fromCharCode(code);
    v = (code < 128
      ? (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
      : WORD_CHAR.test(c) && !NO_SPACE_SCRIPT.test(c)) ? 2 : 1;
    WORD_UNIT[code] = v;
  }
  return v === 2;
}

/**
 * A letter that joins words at `hay[pos]` (false outside the text): letters of scripts without spaces (Han, kana,
 * Thai …) never block a Latin trigger.
 */
export function isWordAt(hay: string, pos: number): boolean {
  return pos >= 0 && pos < hay.length && isWordUnit(hay.charCodeAt(pos));
}
