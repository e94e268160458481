/**
 * Sentence splitting: a single linear scan per line, with per-language abbreviations (data/abbreviations.json).
 * Rules: a line break always ends a sentence; '.', '!', '?', '…' end one when followed by white space and not by a
 * lower-case letter, unless the word before is an abbreviation, an initial ('J.'), a dotted acronym ('U.S.') or an
 * ordinal before a month ('27. November'); CJK '。！？' end one wherever they stand; closing quotes and brackets
 * stay with their sentence; Thai, which has no full stop, is split at spaces. Over-long sentences are cut into
 * chunks of at most MAX_SENTENCE_CHARS at white space.
 */
import type { Sentence } from './types.js';
import abbreviations from './data/abbreviations.json' with { type: 'json' };

/** No sentence is longer than this; longer runs are cut at the last white space before it (or hard when none). */
export const MAX_SENTENCE_CHARS = 2000;
/** Thai spaces separate clauses as well as sentences: pieces are joined until a sentence is at least this long. */
export const MIN_THAI_CHARS = 160;
/** Characters looked at before a period to find its word. */
const MAX_TOKEN_SCAN = 40;

type AbbreviationData = Record<string, string[]>;
const ABBREVIATIONS = abbreviations as unknown as AbbreviationData;
const COMMON = new Set(ABBREVIATIONS['*'] ?? []);
const MONTHS = new Set(ABBREVIATIONS['months'] ?? []);
const ORDINAL_DOT = new Set(ABBREVIATIONS['ordinalDot'] ?? []);
/** An ordinal written with a period in those languages ('50.'): a year ('2023.') still ends a sentence. */
const SHORT_ORDINAL = /^\d{1,3}\.$/;
const byLang = new Map<string, Set<string>>();

function abbreviationsFor(lang: string): Set<string> {
  let set = byLang.get(lang);
  if (!set) {
    set = new Set([...COMMON, ...(ABBREVIATIONS[lang] ?? [])]);
    byLang.set(lang, set);
  }
  return set;
}

const TERMINALS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '؟']);
const CJK_TERMINALS = new Set(['。', '！', '？', '｡']);
const CLOSERS = new Set(['"', "'", '»', '«', '”', '“', '’', '‘', '›', ')', ']', '}', '」', '』', '）', '】', '〉', '》', '〕']);
/**
 * 1 for each code unit that may end a sentence (TERMINALS and CJK_TERMINALS, one code unit each): a line's other
 * characters are passed over without a string made of each.
 */
const MAY_END = new Uint8Array(0x10000);
for (const c of [...TERMINALS, ...CJK_TERMINALS]) MAY_END[c.charCodeAt(0)] = 1;
const OPENERS = /^[("'«“‘„‚¿¡\[{]+/u;
const SINGLE_LETTER = /^\p{L}\.$/u;
const DOTTED = /^(?:\p{L}{1,2}\.){2,}$/u;
const ORDINAL = /^\d{1,4}\.(?:[-–]\d{1,4}\.)?$/;
/** Characters an abbreviation is made of; anything else (space, bracket, CJK) starts the word. */
const WORD_CHAR = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}.'’°-]/u;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\u00a0' || c === '\u3000' || c === '\u2009' || c === '\u202f' || c === '\r' || c === '\f' || c === '\v';
}

function isLowerLetter(c: string): boolean {
  return c !== c.toUpperCase() && c === c.toLowerCase();
}

/** The word just before position `end` (exclusive), bounded to MAX_TOKEN_SCAN characters. */
function wordBefore(line: string, end: number): string {
  let start = end;
  while (start > 0 && end - start < MAX_TOKEN_SCAN && WORD_CHAR.test(line[start - 1]!)) start--;
  return line.slice(start, end).replace(OPENERS, '').toLowerCase();
}

/** The word starting at `start` (after white space), bounded. */
function wordAfter(line: string, start: number): string {
  let end = start;
  while (end < line.length && end - start < MAX_TOKEN_SCAN && !isSpace(line[end])) end++;
  return line.slice(start, end).replace(OPENERS, '').replace(/[.,;:!?]+$/u, '').toLowerCase();
}

function keepsSentenceOpen(line: string, dot: number, next: number, abbr: Set<string>, lang: string): boolean {
  const word = wordBefore(line, dot + 1);
  if (abbr.has(word) || SINGLE_LETTER.test(word) || DOTTED.test(word)) return true;
  if (ORDINAL_DOT.has(lang) && SHORT_ORDINAL.test(word)) return true;
  if (ORDINAL.test(word)) {
    const after = wordAfter(line, next);
    if (MONTHS.has(after) || /^\d/.test(after)) return true;
  }
  return false;
}

/** Splits one line (no line breaks) into raw sentence spans. */
function splitLine(line: string, lang: string, out: string[]): void {
  if (lang === 'th') return splitThai(line, out);
  const abbr = abbreviationsFor(lang);
  let start = 0;
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const code = line.charCodeAt(i);
    // Fast path: only a terminal ends a sentence.
    if (MAY_END[code] === 0) continue;
    const c = line[i]!;
    if (CJK_TERMINALS.has(c)) {
      let j = i + 1;
      while (j < n && (CJK_TERMINALS.has(line[j]!) || CLOSERS.has(line[j]!))) j++;
      push(line.slice(start, j), out);
      start = j;
      i = j - 1;
      continue;
    }
    if (!TERMINALS.has(c)) continue;
    let j = i + 1;
    while (j < n && (TERMINALS.has(line[j]!) || CLOSERS.has(line[j]!))) j++;
    if (j >= n) break;
    if (!isSpace(line[j])) {
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < n && isSpace(line[k])) k++;
    if (k >= n) break;
    const next = line[k]!;
    const open = isLowerLetter(next) || (c === '.' && j === i + 1 && keepsSentenceOpen(line, i, k, abbr, lang));
    if (!open) {
      push(line.slice(start, j), out);
      start = k;
    }
    i = k - 1;
  }
  push(line.slice(start), out);
}

/** Thai marks sentence ends with a space: split there, joining pieces too short to stand alone. */
function splitThai(line: string, out: string[]): void {
  let pending = '';
  for (const piece of line.split(/\s+/u)) {
    if (piece === '') continue;
    pending = pending === '' ? piece : `${pending} ${piece}`;
    if (pending.length >= MIN_THAI_CHARS) {
      push(pending, out);
      pending = '';
    }
  }
  if (pending !== '') {
    if (out.length > 0 && pending.length < MIN_THAI_CHARS) out[out.length - 1] = `${out[out.length - 1]!} ${pending}`;
    else push(pending, out);
  }
}

/** Adds a trimmed sentence, cut into chunks of at most MAX_SENTENCE_CHARS (by index: linear in its length). */
function push(span: string, out: string[]): void {
  const text = span.trim();
  if (text === '') return;
  if (text.length <= MAX_SENTENCE_CHARS) {
    out.push(text);
    return;
  }
  let pos = 0;
  while (text.length - pos > MAX_SENTENCE_CHARS) {
    let cut = -1;
    for (let k = pos + MAX_SENTENCE_CHARS; k > pos + MAX_SENTENCE_CHARS / 2; k--) {
      if (isSpace(text[k]) || text[k] === '\n') {
        cut = k;
        break;
      }
    }
    if (cut === -1) {
      cut = pos + MAX_SENTENCE_CHARS;
      const code = text.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    const chunk = text.slice(pos, cut).trim();
    if (chunk !== '') out.push(chunk);
    pos = cut;
    while (pos < text.length && isSpace(text[pos])) pos++;
  }
  const rest = text.slice(pos).trim();
  if (rest !== '') out.push(rest);
}

/**
 * Splits text into sentences for a language (ISO 639-1; unknown codes use the common abbreviations only).
 * Every non-space character of the input is in exactly one sentence, in order.
 * @example splitSentences('Das ist z. B. gut. Am 27. November 2023 kam er.', 'de') // ['Das ist z. B. gut.', 'Am 27. November 2023 kam er.']
 */
export function splitSentences(text: string, lang: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) splitLine(line, lang, out);
  return out;
}

/**
 * Builds a document's numbered sentences: the title first (sentence 1, paragraph 0, never split), then each body
 * line as its own paragraph.
 */
/**
 * Lines a page wrapped in mid-sentence ("… mengadakan pertemuan" / "dengan PM Jepang, …"): a line that ends without
 * closing punctuation, followed by one that starts with a lowercase letter, is one sentence.
 */
export function joinWrappedLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    if (prev !== undefined && /\p{Ll}/u.test(line.trimStart()[0] ?? '') && !/[.!?。！？…:;"”»)\]]\s*$/u.test(prev) && prev.trim() !== '') {
      out[out.length - 1] = `${prev.trimEnd()} ${line.trimStart()}`;
    } else out.push(line);
  }
  return out;
}

export function buildSentences(title: string | null, body: readonly string[], lang: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  if (title) {
    sentences.push({ index: 1, text: title, paragraph: 0 });
    paragraph = 1;
  }
  for (const line of joinWrappedLines(body)) {
    if (line.trim() === '') continue;
    const parts: string[] = [];
    splitLine(line, lang, parts);
    for (const text of parts) sentences.push({ index: sentences.length + 1, text, paragraph });
    paragraph++;
  }
  return sentences;
}
