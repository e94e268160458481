/**
 * Text analysis for the search index: NFKC + lowercase, Unicode word runs, per-language stopwords and
 * Snowball stems, diacritics folding; Han/Kana/Hangul runs become character bigrams and Thai-family runs are
 * split with Intl.Segmenter, so the same analysis serves documents and queries whatever the script.
 */
import stopwordData from './data/stopwords.json' with { type: 'json' };
import foldData from './data/fold.json' with { type: 'json' };
import { BoundedMemo, hasStemmer, stem } from './stemmers.js';

const NEEDS_SEGMENTING = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc]/u;
const BIGRAM_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
const HANGUL_CHAR = /\p{Script=Hangul}/u;
const SEGMENTED_CHAR = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const DIGITS = /^\p{N}+$/u;
const COMBINING = /[\u0300-\u036f]/g;
const FOLD_EXTRA = /[đðøłæœıħŧþ]/g;

const FOLD_MAP: Readonly<Record<string, string>> = foldData.map;
const STOPWORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(stopwordData as Record<string, unknown>)
    .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]))
    .map(([lang, words]) => [lang, new Set(words.map((w) => fold(w.normalize('NFKC').toLowerCase())))]),
);
const ALL_STOPWORDS: ReadonlySet<string> = new Set([...STOPWORDS.values()].flatMap((s) => [...s]));

/** Languages a question is assumed to be written in besides the index's own (stems tried for every query word). */
const QUERY_LANGS = ['en'];

let segmenter: Intl.Segmenter | null = null;

/** Removes Latin/Greek/Cyrillic combining marks and maps letters decomposition leaves alone (đ → d). */
export function fold(term: string): string {
  if (/^[\x00-\x7f]*$/.test(term)) return term;
  return term.normalize('NFD').replace(COMBINING, '').replace(FOLD_EXTRA, (c) => FOLD_MAP[c] ?? c).normalize('NFC');
}

/** One token of a text before language processing. */
export interface Token {
  text: string;
  /** 'word' goes through stopwords and stemming; 'gram' (CJK bigram, Thai word) and 'number' do not. */
  kind: 'word' | 'gram' | 'number';
}

function pushGrams(run: string, sink: RunSink): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    sink.token(run, 'gram');
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) sink.token(chars[i]! + chars[i + 1]!, 'gram');
}

function pushSegmented(run: string, sink: RunSink): void {
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  for (const seg of segmenter.segment(run)) {
    if (seg.isWordLike) sink.token(seg.segment, 'gram');
  }
}

type ScriptClass = 'bigram' | 'hangul' | 'segmented' | 'other';
const CLASSES: readonly ScriptClass[] = ['bigram', 'hangul', 'segmented', 'other'];
/** CLASSES index + 1 of each BMP code unit, plus MARK_BIT for a mark; 0 until first seen (the regexes decide once). */
const bmpClass = new Uint8Array(0x10000);
const MARK_BIT = 8;
const MARK = /\p{M}/u;

function scriptClass(ch: string): ScriptClass {
  if (BIGRAM_CHAR.test(ch)) return 'bigram';
  if (HANGUL_CHAR.test(ch)) return 'hangul';
  if (SEGMENTED_CHAR.test(ch)) return 'segmented';
  return 'other';
}

/** scriptClass(ch) and whether ch is a mark, as CLASSES index + 1 and MARK_BIT: by table for a BMP character. */
function classBits(ch: string): number {
  if (ch.length > 1) return classBitsOf(ch);
  const code = ch.charCodeAt(0);
  return bmpClass[code] || (bmpClass[code] = classBitsOf(ch));
}

function classBitsOf(ch: string): number {
  return CLASSES.indexOf(scriptClass(ch)) + 1 + (MARK.test(ch) ? MARK_BIT : 0);
}

/** The script class that classBits gives as bits. */
function classOf(bits: number): ScriptClass {
  return CLASSES[(bits & ~MARK_BIT) - 1]!;
}

function pushRun(run: string, cls: ScriptClass, sink: RunSink): void {
  if (cls === 'bigram' || cls === 'hangul') pushGrams(run, sink);
  else if (cls === 'segmented') pushSegmented(run, sink);
  else pushWord(run, sink);
}

function pushWord(word: string, sink: RunSink): void {
  if (DIGITS.test(word)) {
    if (word.length >= 2) sink.token(word, 'number');
    return;
  }
  // A lone Latin/Cyrillic letter ("l'", "d'") carries nothing.
  if (word.length >= 2) sink.token(word, 'word');
}

/** A run that mixes scripts or needs segmenting: cut at script changes, each part bigrammed, segmented or a word. */
function pushMixedRun(run: string, sink: RunSink): void {
  let start = 0;
  let cls = classOf(classBits(run[0]!));
  let i = 0;
  for (const ch of run) {
    const bits = classBits(ch);
    const c = classOf(bits);
    // Marks and the prolonged-sound sign stay with the run they follow.
    if (c !== cls && (bits & MARK_BIT) === 0) {
      if (i > start) pushRun(run.slice(start, i), cls, sink);
      start = i;
      cls = c;
    }
    i += ch.length;
  }
  if (i > start) pushRun(run.slice(start, i), cls, sink);
}

/** What scan() finds in a text. */
export interface RunSink {
  /**
   * `norm[from, to)` is a whole run of letters, marks and digits with nothing to segment (most words): `digits` when
   * every character is a number; `hash` is FNV-1a of its code units (so a cache can look it up without slicing it).
   * Runs of any length come here; the length rules of tokenize() are the sink's to apply.
   */
  simple(norm: string, from: number, to: number, digits: boolean, hash: number): void;
  /** A token of a run that needs segmenting (CJK bigram, Thai word, or a word or number beside them). */
  token(text: string, kind: Token['kind']): void;
}

// scan() classifies characters by table instead of running Unicode regexes per word (most of the build's analysis
// time): per BMP code unit (astral code points in a map), bits computed once from the regexes below, so the runs are
// exactly those of /[\p{L}\p{N}\p{M}]+/gu, and the checks exactly NEEDS_SEGMENTING's and DIGITS'.
const KNOWN = 1;
const WORD = 2;
const SEGMENT = 4;
const NUMBER = 8;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const NUMBER_CHAR = /^\p{N}$/u;
const bmpBits = new Uint8Array(0x10000);
const astralBits = new Map<number, number>();

function bitsOf(ch: string): number {
  return KNOWN | (WORD_CHAR.test(ch) ? WORD : 0) | (NEEDS_SEGMENTING.test(ch) ? SEGMENT : 0) | (NUMBER_CHAR.test(ch) ? NUMBER : 0);
}

/**
 * Splits text into runs (NFKC, lowercase, maximal runs of Unicode letters, numbers and marks) and hands each to
 * `sink`: whole runs when nothing needs segmenting, else the run's tokens. One pass over the text, no regex per word.
 */
export function scan(text: string, sink: RunSink): void {
  const norm = text.normalize('NFKC').toLowerCase();
  const n = norm.length;
  let start = -1;
  let seen = 0;
  let all = 0;
  let hash = 0;
  for (let i = 0; i < n; ) {
    const c = norm.charCodeAt(i);
    let w = 1;
    let b: number;
    const low = c >= 0xd800 && c <= 0xdbff ? norm.charCodeAt(i + 1) : 0;
    if (low >= 0xdc00 && low <= 0xdfff) {
      // A surrogate pair is one code point, as the regexes see it.
      w = 2;
      const cp = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
      b = astralBits.get(cp) ?? 0;
      if (b === 0) astralBits.set(cp, (b = bitsOf(String.fromCodePoint(cp))));
    } else {
      b = bmpBits[c]!;
      if (b === 0) bmpBits[c] = b = bitsOf(String.fromCharCode(c));
    }
    if (b & WORD) {
      if (start < 0) {
        start = i;
        seen = 0;
        all = NUMBER;
        hash = 0x811c9dc5;
      }
      seen |= b;
      all &= b;
      hash = Math.imul(hash ^ c, 0x01000193);
      if (w === 2) hash = Math.imul(hash ^ low, 0x01000193);
    } else if (start >= 0) {
      emitRun(norm, start, i, seen, all, hash, sink);
      start = -1;
    }
    i += w;
  }
  if (start >= 0) emitRun(norm, start, n, seen, all, hash, sink);
}

function emitRun(norm: string, from: number, to: number, seen: number, all: number, hash: number, sink: RunSink): void {
  if (seen & SEGMENT) pushMixedRun(norm.slice(from, to), sink);
  else sink.simple(norm, from, to, all !== 0, hash >>> 0);
}

/**
 * Splits text into tokens: NFKC, lowercase, Unicode letter/number runs; mixed-script runs are cut at script changes.
 * @example tokenize("L'après-midi du 6 août") → après, midi, du, août (kind 'word')
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  scan(text, {
    simple(norm, from, to, digits) {
      // A lone Latin/Cyrillic letter ("l'", "d'") or digit carries nothing.
      if (to - from >= 2) out.push({ text: norm.slice(from, to), kind: digits ? 'number' : 'word' });
    },
    token(text, kind) {
      out.push({ text, kind });
    },
  });
  return out;
}

/** True when `word` (lowercase) is a stopword of `lang`; with lang '*', of any language. */
export function isStopword(word: string, lang: string): boolean {
  const set = lang === '*' ? ALL_STOPWORDS : STOPWORDS.get(lang);
  return set ? set.has(fold(word)) : false;
}

/** Index terms of recent words per language, at most 2 × TERM_MEMO_LIMIT each (the vocabulary is open). */
const TERM_MEMO_LIMIT = 16_384;
const termMemo = new Map<string, BoundedMemo>();

/** Index term for a word token in `lang` ('' when it is a stopword). */
export function wordTerm(word: string, lang: string): string {
  let memo = termMemo.get(lang);
  if (!memo) {
    memo = new BoundedMemo(TERM_MEMO_LIMIT);
    termMemo.set(lang, memo);
  }
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  const stops = STOPWORDS.get(lang);
  const term = stops?.has(fold(word)) ? '' : fold(stem(word, lang));
  memo.set(word, term);
  return term;
}

/**
 * Index terms of a text in a document of language `lang` (repeats kept, so the caller can count tf).
 * @example analyze('Halbleitern und Energie', 'de') → ['halbleit', 'energi']
 */
export function analyze(text: string, lang: string): string[] {
  const terms: string[] = [];
  scan(text, {
    simple(norm, from, to, digits) {
      if (to - from < 2) return;
      const t = digits ? norm.slice(from, to) : wordTerm(norm.slice(from, to), lang);
      if (t) terms.push(t);
    },
    token(text, kind) {
      const t = kind === 'word' ? wordTerm(text, lang) : text;
      if (t) terms.push(t);
    },
  });
  return terms;
}

/**
 * Query analysis: one group per query token, holding the token's term in every language the index holds
 * (a question in English must meet a French stem of a name, "kihara" → "kihar").
 * `queryLang` (when known) decides the stopwords; otherwise a token that is a stopword in any language is dropped.
 */
export function analyzeQuery(text: string, indexLangs: Iterable<string>, queryLang?: string): string[][] {
  const langs = [...new Set(indexLangs)].filter(hasStemmer);
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const tok of tokenize(text)) {
    if (seen.has(tok.text)) continue;
    seen.add(tok.text);
    if (tok.kind !== 'word') {
      groups.push([tok.text]);
      continue;
    }
    if (isStopword(tok.text, queryLang && STOPWORDS.has(queryLang) ? queryLang : '*')) continue;
    const variants = new Set<string>([fold(tok.text)]);
    if (queryLang && hasStemmer(queryLang)) variants.add(fold(stem(tok.text, queryLang)));
    for (const lang of QUERY_LANGS) variants.add(fold(stem(tok.text, lang)));
    for (const lang of langs) variants.add(fold(stem(tok.text, lang)));
    variants.delete('');
    if (variants.size) groups.push([...variants]);
  }
  return groups;
}
