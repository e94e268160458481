/**
 * Text analysis for the search index: NFKC + lowercase, Unicode word runs, per-language stopwords and
 * Snowball stems, diacritics folding; Han/Kana/Hangul runs become character bigrams and Thai-family runs are
 * split with Intl.Segmenter, so the same analysis serves documents and queries whatever the script.
 */
import stopwordData from './data/stopwords.json' with { type: 'json' };
import foldData from './data/fold.json' with { type: 'json' };
import { BoundedMemo, hasStemmer, stem } from './stemmers.js';

const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;
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

function pushGrams(run: string, out: Token[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push({ text: run, kind: 'gram' });
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push({ text: chars[i]! + chars[i + 1]!, kind: 'gram' });
}

function pushSegmented(run: string, out: Token[]): void {
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  for (const seg of segmenter.segment(run)) {
    if (seg.isWordLike) out.push({ text: seg.segment, kind: 'gram' });
  }
}

function scriptClass(ch: string): 'bigram' | 'hangul' | 'segmented' | 'other' {
  if (BIGRAM_CHAR.test(ch)) return 'bigram';
  if (HANGUL_CHAR.test(ch)) return 'hangul';
  if (SEGMENTED_CHAR.test(ch)) return 'segmented';
  return 'other';
}

function pushRun(run: string, cls: ReturnType<typeof scriptClass>, out: Token[]): void {
  if (cls === 'bigram' || cls === 'hangul') pushGrams(run, out);
  else if (cls === 'segmented') pushSegmented(run, out);
  else pushWord(run, out);
}

function pushWord(word: string, out: Token[]): void {
  if (DIGITS.test(word)) {
    if (word.length >= 2) out.push({ text: word, kind: 'number' });
    return;
  }
  // A lone Latin/Cyrillic letter ("l'", "d'") carries nothing.
  if (word.length >= 2) out.push({ text: word, kind: 'word' });
}

/**
 * Splits text into tokens: NFKC, lowercase, Unicode letter/number runs; mixed-script runs are cut at script changes.
 * @example tokenize("L'après-midi du 6 août") → après, midi, du, août (kind 'word')
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const norm = text.normalize('NFKC').toLowerCase();
  for (const m of norm.matchAll(WORD_RUN)) {
    const run = m[0];
    if (!NEEDS_SEGMENTING.test(run)) {
      pushWord(run, out);
      continue;
    }
    let start = 0;
    let cls = scriptClass(run[0]!);
    let i = 0;
    for (const ch of run) {
      const c = scriptClass(ch);
      // Marks and the prolonged-sound sign stay with the run they follow.
      if (c !== cls && !/\p{M}/u.test(ch)) {
        if (i > start) pushRun(run.slice(start, i), cls, out);
        start = i;
        cls = c;
      }
      i += ch.length;
    }
    if (i > start) pushRun(run.slice(start, i), cls, out);
  }
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
  for (const tok of tokenize(text)) {
    if (tok.kind !== 'word') {
      terms.push(tok.text);
      continue;
    }
    const t = wordTerm(tok.text, lang);
    if (t) terms.push(t);
  }
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
