/**
 * The per-language words statements are recognized by, read from `data/statements/<lang>.json`:
 *
 * ```json
 * { "acts":     { "agreed": ["agreed$", …], "proposed": […], … },  // verbs (or their nouns) that carry one act
 *   "saying":   ["said$", "stressed$", …],     // verbs of saying: the act comes from what is said
 *   "according":["according to", …],          // "according to X, …": X's saying, only when no other act is found
 *   "accordingSelf": ["in his words"],         // the same with a pronoun: the previous actor's saying
 *   "pledge":   ["ready to", …],               // in what is said: the actor's side will do something → pledged
 *   "future":   ["will$"],                     // weaker: pledged only when the actor's side or a pronoun is its subject
 *   "need":     ["need to", "should$"],        // in what is said: what the sides should do → proposed
 *   "hope":     ["hope", …],                   // what is said is a hope or wish → no statement
 *   "joint":    ["the two sides", …],          // a joint actor (VN+JP)
 *   "and":      ["and$"],                      // joins two actors into a joint one
 *   "self":     ["it$", "he$"],                // pronouns that make a `future` marker the actor's own
 *   "anaphora": { "": ["he$"], "Prime Minister": ["the prime minister$"] },  // a title or pronoun for a known actor
 *   "negative": ["at the invitation"],         // optional: phrases that swallow a trigger (an invitation accepted)
 *   "verbFinal": true,                         // optional: what is said comes before the verb of saying (ja, ko)
 *   "verbFirst": true,                         // optional: the subject follows the verb (ar, tl)
 *   "clitics": ["و"] }                         // optional: prefixes a word may carry (Arabic)
 * ```
 * `institutions.json` lists agencies that stand for a side in every language ({ "JP": ["JICA$", …] }).
 * Trigger syntax is the one of `areas.ts`. A language without a file gives no statements.
 */
import type { StatementAct } from './types.js';
import { compileLexicon, matchLexicon, type LexiconHit, type LexiconIndex } from './lexicon.js';

import de from './data/statements/de.json' with { type: 'json' };
import en from './data/statements/en.json' with { type: 'json' };
import es from './data/statements/es.json' with { type: 'json' };
import fr from './data/statements/fr.json' with { type: 'json' };
import id from './data/statements/id.json' with { type: 'json' };
import ja from './data/statements/ja.json' with { type: 'json' };
import it from './data/statements/it.json' with { type: 'json' };
import ko from './data/statements/ko.json' with { type: 'json' };
import pt from './data/statements/pt.json' with { type: 'json' };
import ru from './data/statements/ru.json' with { type: 'json' };
import vi from './data/statements/vi.json' with { type: 'json' };
import zh from './data/statements/zh.json' with { type: 'json' };
import ar from './data/statements/ar.json' with { type: 'json' };
import th from './data/statements/th.json' with { type: 'json' };
import tl from './data/statements/tl.json' with { type: 'json' };
import INSTITUTIONS from './data/statements/institutions.json' with { type: 'json' };

/** Shape of `data/statements/<lang>.json`. */
export interface StatementLexiconData {
  acts: Partial<Record<StatementAct, string[]>>;
  saying: string[];
  according: string[];
  accordingSelf: string[];
  pledge: string[];
  future: string[];
  need: string[];
  hope: string[];
  joint: string[];
  and: string[];
  self: string[];
  anaphora: Record<string, string[]>;
  negative?: string[];
  verbFinal?: boolean;
  /** The verb usually comes before its subject (VSO): an actor right after the verb, the two sides included, is its subject. */
  verbFirst?: boolean;
  /** Prefixes a word may carry before a trigger (Arabic 'و', 'ف'), as in the area lexicons. */
  clitics?: string[];
}

export const STATEMENT_ACTS: readonly StatementAct[] = [
  'agreed', 'proposed', 'pledged', 'welcomed', 'called-for', 'affirmed', 'signed', 'announced',
  'thanked', 'invited', 'congratulated', 'condoled',
];

export type StatementTag =
  | { t: 'act'; act: StatementAct }
  | { t: 'saying' | 'according' | 'accordingSelf' | 'pledge' | 'future' | 'need' | 'hope' | 'joint' | 'and' | 'self' }
  | { t: 'anaphor'; role: string | null }
  | { t: 'institution'; side: string }
  | { t: 'negative' };

type MarkerKey = 'saying' | 'according' | 'accordingSelf' | 'pledge' | 'future' | 'need' | 'hope' | 'joint' | 'and' | 'self';
const MARKERS: readonly MarkerKey[] = ['saying', 'according', 'accordingSelf', 'pledge', 'future', 'need', 'hope', 'joint', 'and', 'self'];

const DATA: Record<string, StatementLexiconData> = { ar, de, en, es, fr, id, it, ja, ko, pt, ru, th, tl, vi, zh };
const INDEXES = new Map<string, LexiconIndex<StatementTag>>();

/** Languages that have a statement lexicon. */
export const STATEMENT_LANGUAGES: readonly string[] = Object.keys(DATA).sort();

/** Checks a lexicon's shape (acts from the fixed list, every list present); throws naming the file. */
export function parseStatementLexicon(lang: string, data: StatementLexiconData): StatementLexiconData {
  for (const act of Object.keys(data.acts)) {
    if (!STATEMENT_ACTS.includes(act as StatementAct)) throw new Error(`statements/${lang}.json: unknown act "${act}"`);
  }
  for (const key of MARKERS) {
    if (!Array.isArray(data[key])) throw new Error(`statements/${lang}.json: "${key}" must be a list`);
  }
  return data;
}

function buildIndex(lang: string, data: StatementLexiconData): LexiconIndex<StatementTag> {
  parseStatementLexicon(lang, data);
  const entries: [StatementTag, string][] = [];
  for (const [act, list] of Object.entries(data.acts) as [StatementAct, string[]][]) {
    const tag: StatementTag = { t: 'act', act };
    for (const trigger of list) entries.push([tag, trigger]);
  }
  // A pronoun listed both as an anaphor and as `self` is an anaphor (a `self` check also accepts anaphors).
  const anaphors = new Set(Object.values(data.anaphora).flat());
  for (const key of MARKERS) {
    const tag = { t: key } as StatementTag;
    for (const trigger of data[key]) if (!anaphors.has(trigger)) entries.push([tag, trigger]);
  }
  for (const [role, list] of Object.entries(data.anaphora)) {
    const tag: StatementTag = { t: 'anaphor', role: role || null };
    for (const trigger of list) entries.push([tag, trigger]);
  }
  for (const trigger of data.negative ?? []) entries.push([{ t: 'negative' }, trigger]);
  const institutions = INSTITUTIONS as Record<string, string[]>;
  for (const side of Object.keys(institutions)) {
    const tag: StatementTag = { t: 'institution', side };
    for (const trigger of institutions[side]!) entries.push([tag, trigger]);
  }
  return compileLexicon(entries, data.clitics ?? []);
}

/** Whether what is said comes before the verb of saying in `lang` (Japanese, Korean). */
export function isVerbFinal(lang: string): boolean {
  return Object.hasOwn(DATA, lang) && DATA[lang]!.verbFinal === true;
}

/** True for languages that put the verb before its subject (Arabic, Tagalog): "واتفق الجانبان", "Nagkasundo ang dalawang panig". */
export function isVerbFirst(lang: string): boolean {
  return Object.hasOwn(DATA, lang) && DATA[lang]!.verbFirst === true;
}

/** Statement words in a sentence, in text order (the longest trigger wins at a position); [] without a lexicon. */
export function statementWords(text: string, lang: string): LexiconHit<StatementTag>[] {
  let index = INDEXES.get(lang);
  if (!index) {
    const data = Object.hasOwn(DATA, lang) ? DATA[lang] : undefined;
    if (!data) return [];
    index = buildIndex(lang, data);
    INDEXES.set(lang, index);
  }
  return matchLexicon(index, text);
}
