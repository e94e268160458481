/**
 * Cooperation areas (GUIDE §4): the taxonomy, and which areas a text names as a field of cooperation,
 * agreement, discussion or of the relationship.
 *
 * Language knowledge lives in `data/areas/<lang>.json`:
 *
 * ```json
 * { "context":     ["cooperat", "agree", …],   // the sentence is about cooperation / agreement / relations
 *   "cooperation": ["cooperat", "coordinat", …],// stricter: working together at / for something
 *   "negative":    ["mekong delta", …],         // phrases that swallow a trigger ("Mekong Delta" is not the Mekong forum)
 *   "venues":      ["asean", "apec", "UN$"],     // forums that count for `multilateral` only with a `cooperation` word
 *   "clitics":     ["و", "ال", …],              // optional: prefixes a word may carry before a trigger (Arabic)
 *   "areas": { "semiconductors": ["semiconduct", "chip$"], … } }
 * ```
 *
 * Trigger syntax (shared with `cues.ts`): lowercase stem or phrase, matched at a word start and extended by any
 * inflection (prefix-stem); a trailing `$` demands a word end (`"ai$"`, `"oda$"`); a leading `*` lets it match inside
 * a word (German compounds: `"*investition"` in "Gesamtinvestitionsvolumen"); `~` lets the word go on before the
 * rest of a phrase (`"политическ~ довери"` matches "политическое доверие" and "политического доверия"); a trigger
 * with an uppercase letter
 * is matched case-sensitively (`"UN$"`, `"AI$"`); triggers written in Han, kana, Hangul or Thai script match at any
 * position (these scripts do not separate words). At one position the longest trigger wins; a negative phrase that
 * wins removes the match.
 *
 * Decision rules (documented because they are policy, not accident):
 * - Sentence rule (`findAreas`): a trigger counts when its sentence carries a context word.
 * - Document rule (`documentAreas`): a document whose title or at least {@link FRAMING_MIN_SENTENCES} sentences carry a
 *   context word is framed as a cooperation text; in it, a trigger also counts in a sentence that has no context word
 *   of its own when a neighbouring sentence (±1) does.
 * - A forum named as a venue ("on the sidelines of the ASEAN summit", "beim APEC-Gipfel") is not `multilateral`:
 *   a venue counts only when the same sentence has a `cooperation` word (coordinate, cooperate, support …).
 *   Phrases such as "regional and international issues", "multilateral forums", CPTPP, ADMM count as ordinary triggers.
 */
import type { AreaId, AreaMention } from './types.js';

import ar from './data/areas/ar.json' with { type: 'json' };
import de from './data/areas/de.json' with { type: 'json' };
import en from './data/areas/en.json' with { type: 'json' };
import es from './data/areas/es.json' with { type: 'json' };
import fr from './data/areas/fr.json' with { type: 'json' };
import id from './data/areas/id.json' with { type: 'json' };
import it from './data/areas/it.json' with { type: 'json' };
import ja from './data/areas/ja.json' with { type: 'json' };
import ko from './data/areas/ko.json' with { type: 'json' };
import pt from './data/areas/pt.json' with { type: 'json' };
import ru from './data/areas/ru.json' with { type: 'json' };
import th from './data/areas/th.json' with { type: 'json' };
import tl from './data/areas/tl.json' with { type: 'json' };
import vi from './data/areas/vi.json' with { type: 'json' };
import zh from './data/areas/zh.json' with { type: 'json' };

/** The taxonomy in GUIDE order, with English labels. */
export const AREAS: readonly { id: AreaId; label: string }[] = [
  { id: 'politics-diplomacy', label: 'Politics & diplomacy' },
  { id: 'defense-security', label: 'Defence & security' },
  { id: 'cybersecurity', label: 'Cybersecurity' },
  { id: 'maritime', label: 'Maritime' },
  { id: 'economy-trade', label: 'Economy & trade' },
  { id: 'investment', label: 'Investment' },
  { id: 'oda-finance', label: 'ODA & finance' },
  { id: 'infrastructure', label: 'Infrastructure' },
  { id: 'energy', label: 'Energy' },
  { id: 'climate-green', label: 'Climate & green transformation' },
  { id: 'digital', label: 'Digital transformation' },
  { id: 'semiconductors', label: 'Semiconductors' },
  { id: 'science-innovation', label: 'Science & innovation' },
  { id: 'technology-transfer', label: 'Technology transfer' },
  { id: 'education-training', label: 'Education & training' },
  { id: 'labor', label: 'Labour' },
  { id: 'people-culture-tourism', label: 'People, culture & tourism' },
  { id: 'local-cooperation', label: 'Local cooperation' },
  { id: 'agriculture', label: 'Agriculture' },
  { id: 'health', label: 'Health' },
  { id: 'justice-law', label: 'Justice & law' },
  { id: 'disaster', label: 'Disaster' },
  { id: 'multilateral', label: 'Multilateral' },
];

/** A document is framed as a cooperation text when at least this many sentences carry a context word. */
export const FRAMING_MIN_SENTENCES = 2;

// ---------------------------------------------------------------------------------------------------------------
// Lexicon matcher (also used by cues.ts)

/** A lexicon hit in the original text: `start`/`end` are UTF-16 offsets into the text that was searched. */
export interface LexiconHit<T> {
  tag: T;
  /** The trigger as written in the data file (without `$`, `*`, `~`). */
  trigger: string;
  start: number;
  end: number;
}

interface CompiledTrigger<T> {
  tag: T;
  trigger: string;
  /** Normalized needle (lowercase unless case-sensitive). */
  needle: string;
  /** Parts of a `~` trigger ("политическ~ довери"): after each part but the last, the word may go on. */
  parts: string[] | null;
  caseSensitive: boolean;
  wordStart: boolean;
  wordEnd: boolean;
}

/**
 * Triggers of 2+ units sharing their first two units, in entry order; when there are many, also split by the third
 * unit (`byThird`: the triggers of 2 units plus those whose third unit it is, in entry order; `short` for any other
 * third unit), so a position looks only at triggers that can match there.
 */
interface Bucket<T> {
  all: CompiledTrigger<T>[];
  byThird: Map<number, CompiledTrigger<T>[]> | null;
  short: CompiledTrigger<T>[];
}

/** A bucket longer than this is split by the third unit. */
const SPLIT_BUCKET = 4;

/** Triggers by first UTF-16 unit, then by second (`two`), with 1-unit triggers apart (`one`). */
type HeadIndex<T> = Map<number, { one: CompiledTrigger<T>[]; two: Map<number, Bucket<T>>; inWord: boolean }>;

/**
 * Per head index, what starts at each UTF-16 unit: nothing, only word-start triggers, or some that may match inside
 * a word. Lets the scan pass over most characters without a map lookup.
 */
const HEADS = new WeakMap<HeadIndex<unknown>, Uint8Array>();
/** Head indexes with no in-word trigger at all: only word starts need looking at. */
const WORD_START_ONLY = new WeakSet<HeadIndex<unknown>>();
const HEAD_WORD_START = 1;
const HEAD_IN_WORD = 2;
/** Flag beside the above: some 1-unit trigger starts with this unit. */
const HEAD_ONE = 4;

/**
 * Per head index, a bit set of the hashed first two units of its 2+-unit triggers: a position whose pair is not in
 * it (and whose head has no 1-unit trigger) is passed over without a map lookup. Collisions only cost a lookup.
 */
const PAIRS = new WeakMap<HeadIndex<unknown>, Uint32Array>();
/** The same for the first two units of the 2-unit triggers (`SHORT_PAIRS`) and the first three of the longer ones. */
const SHORT_PAIRS = new WeakMap<HeadIndex<unknown>, Uint32Array>();
const TRIPLES = new WeakMap<HeadIndex<unknown>, Uint32Array>();
const PAIR_BITS = 0x3ffff;

function pairHash(a: number, b: number): number {
  return ((a << 5) ^ b) & PAIR_BITS;
}

function tripleHash(a: number, b: number, c: number): number {
  return ((((a << 5) ^ b) << 5) ^ c) & PAIR_BITS;
}

function setBit(bits: Uint32Array, h: number): void {
  bits[h >>> 5]! |= 1 << (h & 31);
}

function hasBit(bits: Uint32Array, h: number): boolean {
  return (bits[h >>> 5]! & (1 << (h & 31))) !== 0;
}

/** A compiled lexicon: build once, match many times. */
export interface LexiconIndex<T> {
  /** Case-insensitive triggers, keyed by their first two characters (or the one character of a 1-char trigger). */
  folded: HeadIndex<T>;
  /** Case-sensitive triggers (acronyms), keyed like `folded`. */
  cased: HeadIndex<T>;
  clitics: string[];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const NO_SPACE_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;

function foldChar(s: string): string {
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
function wordStartsOf(hay: string): number[] {
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
    out = { folded: lower.replace(SIMPLE_FOLD, simpleFold).replace(/\s/g, ' '), starts: null, ends: null, foldedWordStarts: undefined, textWordStarts: undefined };
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

/**
 * Compile `[tag, trigger]` pairs into an index (see the trigger syntax at the top of this file).
 * `clitics` are prefixes a word may carry before a word-start trigger (Arabic "و", "ال" …).
 */
export function compileLexicon<T>(entries: readonly (readonly [T, string])[], clitics: readonly string[] = []): LexiconIndex<T> {
  const folded: HeadIndex<T> = new Map();
  const cased: HeadIndex<T> = new Map();
  for (const [tag, raw] of entries) {
    const wordEnd = raw.endsWith('$');
    const inWord = raw.startsWith('*');
    const body = raw.slice(inWord ? 1 : 0, wordEnd ? -1 : undefined);
    if (body.trim() === '') continue;
    const caseSensitive = body !== body.toLowerCase();
    const needle = caseSensitive ? body.normalize('NFKC') : foldChar(body);
    const parts = needle.includes('~') ? needle.split('~') : null;
    const trig: CompiledTrigger<T> = {
      tag,
      trigger: body.replace(/~/g, ''),
      needle: parts ? (parts[0] as string) : needle,
      parts,
      caseSensitive,
      wordStart: !inWord && !NO_SPACE_SCRIPT.test(needle),
      wordEnd,
    };
    const map = caseSensitive ? cased : folded;
    const a = trig.needle.charCodeAt(0);
    let slot = map.get(a);
    if (!slot) {
      slot = { one: [], two: new Map(), inWord: false };
      map.set(a, slot);
    }
    if (!trig.wordStart) slot.inWord = true;
    if (trig.needle.length < 2) slot.one.push(trig);
    else {
      const b = trig.needle.charCodeAt(1);
      const bucket = slot.two.get(b);
      if (bucket) bucket.all.push(trig);
      else slot.two.set(b, { all: [trig], byThird: null, short: [] });
    }
  }
  for (const map of [folded, cased]) {
    for (const slot of map.values()) {
      for (const bucket of slot.two.values()) {
        bucket.short = bucket.all.filter((t) => t.needle.length === 2);
        if (bucket.all.length <= SPLIT_BUCKET) continue;
        bucket.byThird = new Map();
        for (const t of bucket.all) {
          if (t.needle.length < 3) continue;
          const c = t.needle.charCodeAt(2);
          if (!bucket.byThird.has(c)) bucket.byThird.set(c, bucket.all.filter((x) => x.needle.length === 2 || x.needle.charCodeAt(2) === c));
        }
      }
    }
    const heads = new Uint8Array(65536);
    const pairs = new Uint32Array((PAIR_BITS + 1) >>> 5);
    const shortPairs = new Uint32Array((PAIR_BITS + 1) >>> 5);
    const triples = new Uint32Array((PAIR_BITS + 1) >>> 5);
    for (const [code, slot] of map) {
      heads[code] = (slot.inWord ? HEAD_IN_WORD : HEAD_WORD_START) | (slot.one.length > 0 ? HEAD_ONE : 0);
      for (const [b, bucket] of slot.two) {
        setBit(pairs, pairHash(code, b));
        for (const t of bucket.all) {
          if (t.needle.length === 2) setBit(shortPairs, pairHash(code, b));
          else setBit(triples, tripleHash(code, b, t.needle.charCodeAt(2)));
        }
      }
    }
    HEADS.set(map, heads);
    if (![...map.values()].some((slot) => slot.inWord)) WORD_START_ONLY.add(map);
    PAIRS.set(map, pairs);
    SHORT_PAIRS.set(map, shortPairs);
    TRIPLES.set(map, triples);
  }
  return { folded, cased, clitics: [...clitics].map(foldChar).sort((a, b) => b.length - a.length) };
}

/** isWordChar per UTF-16 unit, filled on first use: 0 = not yet known, 1 = no, 2 = yes. */
const WORD_UNIT = new Uint8Array(65536);

function isWordUnit(code: number): boolean {
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
function isWordAt(hay: string, pos: number): boolean {
  return pos >= 0 && pos < hay.length && isWordUnit(hay.charCodeAt(pos));
}

function startOk(hay: string, pos: number, clitics: readonly string[]): boolean {
  if (!isWordAt(hay, pos - 1)) return true;
  if (clitics.length === 0) return false;
  let ws = pos;
  while (ws > 0 && isWordAt(hay, ws - 1)) ws--;
  const prefix = hay.slice(ws, pos);
  // A word may carry one or two clitics (و + ال).
  for (const a of clitics) {
    if (prefix === a) return true;
    if (prefix.startsWith(a) && clitics.includes(prefix.slice(a.length))) return true;
  }
  return false;
}

/** End of a `~` trigger matched at `i`, or -1. */
function matchParts(hay: string, i: number, parts: readonly string[]): number {
  let pos = i;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as string;
    if (!hay.startsWith(part, pos)) return -1;
    pos += part.length;
    if (k < parts.length - 1) while (pos < hay.length && isWordAt(hay, pos)) pos++;
  }
  return pos;
}

type Found<T> = { t: CompiledTrigger<T>; s: number; e: number };

/** hay.startsWith(needle, i), given that the first `known` units are already known to match (inlined by the JIT). */
function startsAt(hay: string, i: number, needle: string, known: number): boolean {
  const m = needle.length;
  if (i + m > hay.length) return false;
  for (let k = known; k < m; k++) if (hay.charCodeAt(i + k) !== needle.charCodeAt(k)) return false;
  return true;
}

/**
 * The longest trigger of `list` that matches at `i`, or `best` when none is longer. `startsWord` is startOk at `i`
 * (the same for every trigger there, so computed once per position).
 */
function longestAt<T>(hay: string, i: number, list: readonly CompiledTrigger<T>[], startsWord: boolean, best: Found<T> | null, known: number): Found<T> | null {
  for (const t of list) {
    if (t.wordStart && !startsWord) continue;
    if (!startsAt(hay, i, t.needle, known)) continue;
    const e = t.parts ? matchParts(hay, i, t.parts) : i + t.needle.length;
    if (e < 0 || (best && e <= best.e)) continue;
    if (t.wordEnd && isWordAt(hay, e)) continue;
    best = { t, s: i, e };
  }
  return best;
}

/**
 * Every trigger hit (overlapping, the longest per start) of `index` in `hay`. `wordStarts` (wordStartsOf(hay)) is
 * called when the index can use it: no in-word trigger and no clitics, so only word starts can match.
 */
function scan<T>(hay: string, index: HeadIndex<T>, clitics: readonly string[], out: Found<T>[], wordStarts: () => number[]): void {
  if (clitics.length === 0 && WORD_START_ONLY.has(index as HeadIndex<unknown>)) {
    scanWordStarts(hay, index, wordStarts(), out);
    return;
  }
  const n = hay.length;
  const heads = HEADS.get(index as HeadIndex<unknown>)!;
  const bits = bitsOf(index);
  const noClitics = clitics.length === 0;
  /** isWordUnit of the previous unit, carried from one position to the next. */
  let afterWord = false;
  for (let i = 0; i < n; i++) {
    const code = hay.charCodeAt(i);
    const head = heads[code]!;
    const before = afterWord;
    let w = WORD_UNIT[code]!;
    if (w === 0) w = isWordUnit(code) ? 2 : 1;
    afterWord = w === 2;
    if (head === 0) continue;
    // startOk, with its common answers inlined: after a word unit and with no clitics, not a word start.
    if (before && noClitics && (head & HEAD_IN_WORD) === 0) continue;
    const startsWord = !before || (!noClitics && startOk(hay, i, clitics));
    // Inside a word only in-word triggers (`*`, unspaced scripts) can match.
    if (!startsWord && (head & HEAD_IN_WORD) === 0) continue;
    const best = hitAt(hay, i, index, head, bits, startsWord);
    if (best) out.push(best);
  }
}

/** The bit sets of an index, looked up once per scan. */
interface IndexBits {
  pairs: Uint32Array;
  shortPairs: Uint32Array;
  triples: Uint32Array;
}

function bitsOf<T>(index: HeadIndex<T>): IndexBits {
  const key = index as HeadIndex<unknown>;
  return { pairs: PAIRS.get(key)!, shortPairs: SHORT_PAIRS.get(key)!, triples: TRIPLES.get(key)! };
}

/** The longest trigger of `index` starting at hay[i] (whose head bits are `head`), or null. */
function hitAt<T>(hay: string, i: number, index: HeadIndex<T>, head: number, bits: IndexBits, startsWord: boolean): Found<T> | null {
  const n = hay.length;
  const code = hay.charCodeAt(i);
  // Some trigger may start here: a 1-unit one, or one whose first two (and, if longer, three) units are here.
  let pair = false;
  if (i + 1 < n) {
    const b = hay.charCodeAt(i + 1);
    const h = pairHash(code, b);
    pair = hasBit(bits.pairs, h) && (hasBit(bits.shortPairs, h) || (i + 2 < n && hasBit(bits.triples, tripleHash(code, b, hay.charCodeAt(i + 2)))));
  }
  if (!pair && (head & HEAD_ONE) === 0) return null;
  const slot = index.get(code)!;
  let best: Found<T> | null = null;
  const bucket = pair ? slot.two.get(hay.charCodeAt(i + 1)) : undefined;
  if (bucket) {
    // Triggers whose third unit is not hay[i + 2] cannot match: look only at the others.
    const two = bucket.byThird === null ? bucket.all : i + 2 < n ? bucket.byThird.get(hay.charCodeAt(i + 2)) ?? bucket.short : bucket.short;
    // (the bucket is that of hay[i] and hay[i + 1]: those two units match)
    if (two.length > 0) best = longestAt(hay, i, two, startsWord, best, 2);
  }
  if (slot.one.length > 0) best = longestAt(hay, i, slot.one, startsWord, best, 1);
  return best;
}

/** scan for an index without in-word triggers or clitics: the same hits, looking only at the word starts. */
function scanWordStarts<T>(hay: string, index: HeadIndex<T>, starts: readonly number[], out: Found<T>[]): void {
  const heads = HEADS.get(index as HeadIndex<unknown>)!;
  const bits = bitsOf(index);
  for (let k = 0; k < starts.length; k++) {
    const i = starts[k]!;
    const head = heads[hay.charCodeAt(i)]!;
    if (head === 0) continue;
    const best = hitAt(hay, i, index, head, bits, true);
    if (best) out.push(best);
  }
}

/**
 * Leftmost-longest, non-overlapping hits of a lexicon in `text`, with offsets into `text`. A stem hit in a script
 * that separates words spans its whole word ("Halbleitern" for the trigger "halbleiter").
 */
export function matchLexicon<T>(index: LexiconIndex<T>, text: string): LexiconHit<T>[] {
  const fold = foldWithMap(text);
  const { folded, starts, ends } = fold;
  const found: Found<T>[] = [];
  scan(folded, index.folded, index.clitics, found, () => (fold.foldedWordStarts ??= wordStartsOf(folded)));
  const raw: { t: CompiledTrigger<T>; os: number; oe: number }[] = found.map((f) => ({
    t: f.t,
    os: starts ? (starts[f.s] as number) : f.s,
    oe: ends ? (ends[f.e - 1] as number) : f.e,
  }));
  if (index.cased.size > 0) {
    const casedFound: Found<T>[] = [];
    scan(text, index.cased, [], casedFound, () => (fold.textWordStarts ??= wordStartsOf(text)));
    if (casedFound.length > 0) {
      for (const f of casedFound) raw.push({ t: f.t, os: f.s, oe: f.e });
      raw.sort((a, b) => a.os - b.os || b.oe - a.oe);
    }
  }
  const hits: LexiconHit<T>[] = [];
  let last = -1;
  for (const r of raw) {
    // A stem hit covers its whole word ("Halbleiter" → "Halbleitern") in scripts that separate words.
    let end = r.oe;
    if (!r.t.wordEnd && isWordAt(text, end - 1)) while (end < text.length && isWordAt(text, end)) end++;
    if (r.os < last) continue;
    hits.push({ tag: r.t.tag, trigger: r.t.trigger, start: r.os, end });
    last = end;
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// Areas

/** Shape of `data/areas/<lang>.json`. */
export interface AreaLexiconData {
  context: string[];
  cooperation: string[];
  negative?: string[];
  venues?: string[];
  clitics?: string[];
  areas: Partial<Record<AreaId, string[]>>;
}

type AreaTag = AreaId | 'negative' | 'venue';

interface AreaLanguage {
  triggers: LexiconIndex<AreaTag>;
  context: LexiconIndex<'context' | 'cooperation'>;
}

const AREA_IDS = new Set<string>(AREAS.map((a) => a.id));

const DATA: Record<string, AreaLexiconData> = { ar, de, en, es, fr, id, it, ja, ko, pt, ru, th, tl, vi, zh };

/** Check a lexicon file's shape; throws naming the bad key (data errors must not pass silently). */
export function parseAreaLexicon(lang: string, data: AreaLexiconData): AreaLexiconData {
  for (const key of Object.keys(data.areas)) {
    if (!AREA_IDS.has(key)) throw new Error(`areas/${lang}.json: unknown area id "${key}"`);
  }
  return data;
}

function buildLanguage(lang: string, data: AreaLexiconData): AreaLanguage {
  parseAreaLexicon(lang, data);
  const entries: [AreaTag, string][] = [];
  for (const [area, list] of Object.entries(data.areas) as [AreaId, string[]][]) {
    for (const t of list) entries.push([area, t]);
  }
  for (const t of data.negative ?? []) entries.push(['negative', t]);
  for (const t of data.venues ?? []) entries.push(['venue', t]);
  const ctx: ['context' | 'cooperation', string][] = [];
  // Cooperation first: on a tie (the same word in both lists) the first entry wins, and cooperation implies context.
  for (const t of data.cooperation) ctx.push(['cooperation', t]);
  for (const t of data.context) ctx.push(['context', t]);
  return { triggers: compileLexicon(entries, data.clitics ?? []), context: compileLexicon(ctx, data.clitics ?? []) };
}

const LANGS = new Map<string, AreaLanguage>();

function language(lang: string): AreaLanguage | null {
  const hit = LANGS.get(lang);
  if (hit) return hit;
  const data = DATA[lang];
  if (!data) return null;
  const built = buildLanguage(lang, data);
  LANGS.set(lang, built);
  return built;
}

/** Languages that have an area lexicon. */
export const AREA_LANGUAGES: readonly string[] = Object.keys(DATA).sort();

/** Everything the area rules need to know about one sentence. */
export interface SentenceAreaScan {
  /** Area triggers found (venues already resolved: kept only with a cooperation word). */
  mentions: AreaMention[];
  /** The sentence carries a context word (cooperation, agreement, discussion, relations). */
  context: boolean;
  /** The sentence carries a cooperation/coordination word (stricter than `context`). */
  cooperation: boolean;
}

/** Raw scan of one sentence: every trigger, plus whether the sentence carries context. No decision is applied. */
export function scanAreas(text: string, lang: string): SentenceAreaScan {
  const l = language(lang);
  if (!l) return { mentions: [], context: false, cooperation: false };
  const ctxHits = matchLexicon(l.context, text);
  const cooperation = ctxHits.some((h) => h.tag === 'cooperation');
  const context = cooperation || ctxHits.length > 0;
  const mentions: AreaMention[] = [];
  for (const h of matchLexicon(l.triggers, text)) {
    if (h.tag === 'negative') continue;
    if (h.tag === 'venue') {
      if (cooperation) mentions.push({ area: 'multilateral', trigger: h.trigger, start: h.start, end: h.end });
      continue;
    }
    mentions.push({ area: h.tag, trigger: h.trigger, start: h.start, end: h.end });
  }
  return { mentions, context, cooperation };
}

/**
 * Areas named in one sentence as a field of cooperation, agreement, discussion or relations.
 * Sentence rule only: the sentence must carry a context word. A language without a lexicon gives [].
 *
 * @example findAreas('Chinh forderte japanische Zusammenarbeit in Halbleitern.', 'de')
 *   // → [{ area: 'semiconductors', trigger: 'halbleiter', start: 44, end: 55 }]  ("Halbleitern")
 */
export function findAreas(text: string, lang: string): AreaMention[] {
  const s = scanAreas(text, lang);
  return s.context ? s.mentions : [];
}

/**
 * Areas of a whole document: area → indexes (0-based, into `sentences`) of the sentences that name it.
 * Applies the sentence rule and the document rule described at the top of this file.
 */
export function documentAreas(sentences: readonly { text: string }[], lang: string): Map<AreaId, number[]> {
  return documentAreasOfScans(sentences.map((s) => scanAreas(s.text, lang)));
}

/** documentAreas from the sentences' scans (scanAreas of each sentence, in order), when the caller already has them. */
export function documentAreasOfScans(scans: readonly SentenceAreaScan[]): Map<AreaId, number[]> {
  const contextCount = scans.filter((s) => s.context).length;
  const framed = (scans[0]?.context ?? false) || contextCount >= FRAMING_MIN_SENTENCES;
  const out = new Map<AreaId, number[]>();
  scans.forEach((s, i) => {
    if (s.mentions.length === 0) return;
    const counts = s.context || (framed && ((scans[i - 1]?.context ?? false) || (scans[i + 1]?.context ?? false)));
    if (!counts) return;
    for (const m of s.mentions) {
      const list = out.get(m.area);
      if (!list) out.set(m.area, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  // Taxonomy order, so callers get a stable listing.
  return new Map(AREAS.filter((a) => out.has(a.id)).map((a) => [a.id, out.get(a.id) as number[]]));
}
