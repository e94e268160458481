/**
 * Checks model output against the evidence it was given: every sentence that states a fact must cite a passage
 * that exists, what it states must be in the passages it cites (grounding.ts), and it must not repeat the
 * instructions (echo.ts). Failing sentences are dropped, mentions are removed, and what happened is reported.
 */
import { say, type Lang } from '../briefing/lang.js';
import { echoesInstructions } from './echo.js';
import { unsupportedClaims, type GroundingSource } from './grounding.js';

/** What was changed in a model's text before it could be shown. */
export interface Repair {
  kind: 'unknown-citation' | 'uncited-claim' | 'unsupported-claim' | 'prompt-echo' | 'mention-removed';
  /** The sentence concerned (as the model wrote it). */
  sentence: string;
  /** For 'unsupported-claim': the figures, dates, names, places or organisations its sources do not state. */
  claims?: string[];
}

/** What the content checks need besides the passage numbers. */
export interface VerifyOptions {
  /** Language the model was asked to write in (ISO 639-1). */
  lang?: string;
  /** Cited passage n → its text (and extracted facts): every claim of a sentence must be in what it cites. */
  sources?: ReadonlyMap<number, GroundingSource>;
  /** The instructions the model was given: sentences repeating them are refused. */
  instructions?: string;
  /** Sentence → its unsupported claims, kept between calls on a growing text (a stream) so each is checked once. */
  memo?: Map<string, string[]>;
}

export interface Verified {
  /** The kept text, line structure preserved. */
  text: string;
  /** Passage numbers cited by the kept text, in order of first citation. */
  citations: number[];
  repairs: Repair[];
  /** Sentences kept that carry at least one valid citation. */
  citedSentences: number;
  /** Sentences the model wrote (after splitting). */
  totalSentences: number;
}

const MENTION = /@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>|<@&\d+>/gi;
const MARKER = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
/** Split after sentence-final punctuation and any citation markers that follow it. */
const SENTENCE_END =
  /(?<=[.!?。！？](?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)\s+(?!\[\d)|(?<=[。！？](?:\[\d+(?:\s*[,;]\s*\d+)*\])*)(?=[^\s\[。！？])/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
/** Words beyond which an uncited sentence is taken to state something. */
const MAX_UNCITED_WORDS = 8;
const MAX_UNCITED_CJK_CHARS = 20;

/** Removes @everyone, @here and user/role/channel mentions. */
export function stripMentions(text: string): string {
  return text.replace(MENTION, '').replace(/[ \t]{2,}/g, ' ');
}

/** Passage numbers cited in a sentence, in order. */
export function citationsIn(sentence: string): number[] {
  const out: number[] = [];
  for (const m of sentence.matchAll(MARKER)) {
    for (const part of m[1]!.split(/[,;]/)) out.push(Number(part.trim()));
  }
  return out;
}

/**
 * True when an uncited sentence would state a fact: it holds a digit, a capitalised word after its first word
 * (a name), or is longer than a short connective ("Here is what the sources say:").
 */
export function needsCitation(sentence: string): boolean {
  const plain = sentence.replace(MARKER, '').replace(/^[\s\-*•\d.)]*(?=\p{L})/u, '').trim();
  if (!plain) return false;
  if (/\p{N}/u.test(plain)) return true;
  if (CJK.test(plain)) return [...plain].length > MAX_UNCITED_CJK_CHARS;
  const words = plain.split(/\s+/).filter(Boolean);
  if (words.length > MAX_UNCITED_WORDS) return true;
  return words.slice(1).some((w) => /^\p{Lu}/u.test(w.replace(/^[\p{P}]+/u, '')));
}

/** Splits one line into sentences, keeping trailing citation markers with their sentence. */
export function splitSentences(line: string): string[] {
  return line.split(SENTENCE_END).map((s) => s.trim()).filter(Boolean);
}

/**
 * Verifies `text` against the passage numbers that exist.
 * @example verifyCitations('Japan will help [1]. Trade grew 5% [9].', [1, 2, 3]).text === 'Japan will help [1].'
 */
export function verifyCitations(
  text: string,
  evidence: Iterable<number> | readonly { n: number }[],
  options: VerifyOptions = {},
): Verified {
  const known = new Set<number>();
  for (const e of evidence as Iterable<number | { n: number }>) known.add(typeof e === 'number' ? e : e.n);
  const repairs: Repair[] = [];
  const citations: number[] = [];
  let cited = 0;
  let total = 0;
  const lines: string[] = [];
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = stripMentions(rawLine);
    if (line !== rawLine.replace(/[ \t]{2,}/g, ' ')) repairs.push({ kind: 'mention-removed', sentence: rawLine.trim() });
    if (!line.trim()) {
      if (lines.length && lines[lines.length - 1] !== '') lines.push('');
      continue;
    }
    const prefix = /^\s*(?:[-*•]\s+)/.exec(line)?.[0] ?? '';
    const kept: string[] = [];
    for (const sentence of splitSentences(line.slice(prefix.length))) {
      total++;
      const nums = citationsIn(sentence);
      if (options.instructions && echoesInstructions(sentence, options.instructions)) {
        repairs.push({ kind: 'prompt-echo', sentence });
        continue;
      }
      if (nums.some((n) => !known.has(n))) {
        repairs.push({ kind: 'unknown-citation', sentence });
        continue;
      }
      if (nums.length === 0 && needsCitation(sentence)) {
        repairs.push({ kind: 'uncited-claim', sentence });
        continue;
      }
      const unsupported = options.sources && nums.length ? unsupportedIn(sentence, nums, options) : [];
      if (unsupported.length) {
        repairs.push({ kind: 'unsupported-claim', sentence, claims: unsupported });
        continue;
      }
      if (nums.length) cited++;
      for (const n of nums) if (!citations.includes(n)) citations.push(n);
      kept.push(sentence);
    }
    if (kept.length) lines.push(prefix.trimStart() + kept.join(' '));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { text: lines.join('\n'), citations, repairs, citedSentences: cited, totalSentences: total };
}

function unsupportedIn(sentence: string, cited: number[], options: VerifyOptions): string[] {
  const known = options.memo?.get(sentence);
  if (known) return known;
  const sources = [...new Set(cited)].map((n) => options.sources!.get(n)).filter((x): x is GroundingSource => x !== undefined);
  const claims = unsupportedClaims(sentence, options.lang ?? 'en', sources).map((c) => c.text);
  options.memo?.set(sentence, claims);
  return claims;
}

/** Renumbers `[n]` markers through `map` (old → new); markers not in the map are left as they are. */
export function renumberCitations(text: string, map: ReadonlyMap<number, number>): string {
  return text.replace(MARKER, (_, inner: string) =>
    inner.split(/[,;]/).map((p) => `[${map.get(Number(p.trim())) ?? Number(p.trim())}]`).join(''),
  );
}

/**
 * One line for the footer saying what was repaired, or null: sentences citing nothing or a passage that does not
 * exist are "unverified", sentences stating what their sources do not are "unsupported", echoes of the instructions
 * are counted apart. In `lang` (templates `model.repair.*`), English by default.
 * @example repairNote([{ kind: 'uncited-claim', sentence: '…' }]) === '1 unverified sentence removed'
 */
export function repairNote(repairs: readonly Repair[], lang: Lang = 'en'): string | null {
  const count = (...kinds: Repair['kind'][]) => repairs.filter((r) => kinds.includes(r.kind)).length;
  const counts: Array<[string, number]> = [
    ['dropped', count('unknown-citation', 'uncited-claim')],
    ['unsupported', count('unsupported-claim')],
    ['echoes', count('prompt-echo')],
    ['mentions', count('mention-removed')],
  ];
  const parts = counts.filter(([, n]) => n > 0).map(([kind, n]) => say(lang, `model.repair.${kind}`, { n }));
  return parts.length ? parts.join(say(lang, 'model.repair.separator')) : null;
}
