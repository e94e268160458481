/**
 * The lexicon matcher shared by areas (areas.ts), meeting cues (cues.ts) and figures (figures.ts): a list of
 * (tag, trigger) pairs compiled once into an index, then matched against any text, returning where each trigger
 * matched in the original text. Pure.
 *
 * Trigger syntax: lowercase stem or phrase, matched at a word start and extended by any inflection (prefix-stem); a
 * trailing `$` demands a word end (`"ai$"`, `"oda$"`); a leading `*` lets it match inside a word (German compounds:
 * `"*investition"` in "Gesamtinvestitionsvolumen"); `~` lets the word go on before the rest of a phrase
 * (`"политическ~ довери"` matches "политическое доверие" and "политического доверия"); a trigger with an uppercase
 * letter is matched case-sensitively (`"UN$"`, `"AI$"`); triggers written in Han, kana, Hangul or Thai script match at
 * any position (these scripts do not separate words). At one position the longest trigger wins.
 *
 * Each index carries its own bit sets (built with it); text folding (text-fold.ts) keeps its own bounded tables.
 */
import { NO_SPACE_SCRIPT, WORD_UNIT, foldChar, foldWithMap, isWordAt, isWordUnit, wordStartsOf } from './text-fold.js';
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

/** The triggers of one first UTF-16 unit: by second unit (`two`), with 1-unit triggers apart (`one`). */
interface Slot<T> {
  one: CompiledTrigger<T>[];
  two: Map<number, Bucket<T>>;
  inWord: boolean;
}

/**
 * Triggers by first UTF-16 unit, with the bit sets that let a scan pass over most positions without a map lookup.
 * They are fields of the index (not tables keyed by it): a lexicon is scanned per sentence, several times.
 */
interface HeadIndex<T> {
  slots: Map<number, Slot<T>>;
  /**
   * What starts at each UTF-16 unit: nothing, only word-start triggers, or some that may match inside a word
   * (HEAD_* flags).
   */
  heads: Uint8Array;
  /** No in-word trigger at all: only word starts need looking at. */
  wordStartOnly: boolean;
  /**
   * The lowest first unit of its in-word triggers: a text whose units all stand below it holds no place an in-word
   * trigger could start, so only its word starts need looking at either (a Latin sentence against an index whose
   * in-word triggers are all Han or kana, as the statement lexicons' institution names are).
   */
  minInWordHead: number;
  /**
   * A bit set of the hashed first two units of its 2+-unit triggers: a position whose pair is not in it (and whose
   * head has no 1-unit trigger) is passed over without a map lookup. Collisions only cost a lookup.
   */
  pairs: Uint32Array;
  /** The same for the first two units of the 2-unit triggers (`shortPairs`) and the first three of the longer ones. */
  shortPairs: Uint32Array;
  triples: Uint32Array;
}

const HEAD_WORD_START = 1;
const HEAD_IN_WORD = 2;
/** Flag beside the above: some 1-unit trigger starts with this unit. */
const HEAD_ONE = 4;
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

/**
 * Compile `[tag, trigger]` pairs into an index (see the trigger syntax at the top of this file).
 * `clitics` are prefixes a word may carry before a word-start trigger (Arabic "و", "ال" …).
 */
export function compileLexicon<T>(entries: readonly (readonly [T, string])[], clitics: readonly string[] = []): LexiconIndex<T> {
  const folded = new Map<number, Slot<T>>();
  const cased = new Map<number, Slot<T>>();
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
  return { folded: headIndex(folded), cased: headIndex(cased), clitics: [...clitics].map(foldChar).sort((a, b) => b.length - a.length) };
}

/** The slots of one case (folded or cased) with their bit sets. */
function headIndex<T>(map: Map<number, Slot<T>>): HeadIndex<T> {
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
  return {
    slots: map,
    heads,
    wordStartOnly: ![...map.values()].some((slot) => slot.inWord),
    minInWordHead: Math.min(...[...map].filter(([, slot]) => slot.inWord).map(([code]) => code)),
    pairs,
    shortPairs,
    triples,
  };
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
  if (clitics.length === 0 && (index.wordStartOnly || maxUnit(hay) < index.minInWordHead)) {
    scanWordStarts(hay, index, wordStarts(), out);
    return;
  }
  const n = hay.length;
  const heads = index.heads;
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
    const best = hitAt(hay, i, index, head, startsWord);
    if (best) out.push(best);
  }
}

let lastMaxHay: string | null = null;
let lastMax = 0;

/** The highest UTF-16 unit of `hay`; remembered for the last text (the lexicons of a sentence scan it in turn). */
function maxUnit(hay: string): number {
  if (hay !== lastMaxHay) {
    let max = 0;
    for (let i = 0; i < hay.length; i++) {
      const c = hay.charCodeAt(i);
      if (c > max) max = c;
    }
    lastMaxHay = hay;
    lastMax = max;
  }
  return lastMax;
}

/** The longest trigger of `index` starting at hay[i] (whose head bits are `head`), or null. */
function hitAt<T>(hay: string, i: number, index: HeadIndex<T>, head: number, startsWord: boolean): Found<T> | null {
  const n = hay.length;
  const code = hay.charCodeAt(i);
  // Some trigger may start here: a 1-unit one, or one whose first two (and, if longer, three) units are here.
  let pair = false;
  if (i + 1 < n) {
    const b = hay.charCodeAt(i + 1);
    const h = pairHash(code, b);
    pair = hasBit(index.pairs, h) && (hasBit(index.shortPairs, h) || (i + 2 < n && hasBit(index.triples, tripleHash(code, b, hay.charCodeAt(i + 2)))));
  }
  if (!pair && (head & HEAD_ONE) === 0) return null;
  const slot = index.slots.get(code)!;
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
  const heads = index.heads;
  for (let k = 0; k < starts.length; k++) {
    const i = starts[k]!;
    const head = heads[hay.charCodeAt(i)]!;
    if (head === 0) continue;
    const best = hitAt(hay, i, index, head, true);
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
  if (index.cased.slots.size > 0) {
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
