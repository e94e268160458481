/**
 * Meeting cues: words that report a meeting (talks, visit, call, reception, sidelines, dialogue, forum), and
 * whether a plan marker ("will", "wird", "sẽ", "予定", "invited … to visit") makes the cue an announcement.
 *
 * Language knowledge lives in `data/cues/<lang>.json`:
 *
 * ```json
 * { "kinds": { "talks": ["held talks", "met$"], "visit": ["visit"], … },
 *   "plan":       ["will", "plans to", "invited"],   // govern the cues AFTER them in the same clause
 *   "planAfter":  ["予定"],                          // govern the cues BEFORE them in the same clause (postpositive)
 *   "planCues":   { "visit": ["سيزور"] },             // cue words that are plans by themselves (future forms)
 *   "negative":   ["visitors"],                     // swallow a cue ("1.4 million visitors" is not a visit)
 *   "clitics":    ["و", "ف"] }                       // optional, as in areas
 * ```
 * Trigger syntax is the one of `areas.ts` (prefix stems, `$` word end, `*` inside a word, `~` inflected phrase).
 *
 * Decisions:
 * - Nouns for people who visit ("Besucher", "visitors", "du khách", "посетители") are not visit cues: they count
 *   tourists, not a meeting. Verb forms ("besuchten", "visited") are cues; deciding who visited is the meetings module's job.
 * - A clause ends at `;`, `:`, `。`, `!`, `?` or a sentence end. A plan marker governs the cues of its clause on its
 *   side only, so "X held talks with Y and invited him to visit Japan" keeps the talks as past and marks the visit as plan.
 */
import type { MeetingKind } from './types.js';
import { compileLexicon, matchLexicon, type LexiconIndex } from './lexicon.js';

import ar from './data/cues/ar.json' with { type: 'json' };
import de from './data/cues/de.json' with { type: 'json' };
import en from './data/cues/en.json' with { type: 'json' };
import es from './data/cues/es.json' with { type: 'json' };
import fr from './data/cues/fr.json' with { type: 'json' };
import id from './data/cues/id.json' with { type: 'json' };
import it from './data/cues/it.json' with { type: 'json' };
import ja from './data/cues/ja.json' with { type: 'json' };
import ko from './data/cues/ko.json' with { type: 'json' };
import pt from './data/cues/pt.json' with { type: 'json' };
import ru from './data/cues/ru.json' with { type: 'json' };
import th from './data/cues/th.json' with { type: 'json' };
import tl from './data/cues/tl.json' with { type: 'json' };
import vi from './data/cues/vi.json' with { type: 'json' };
import zh from './data/cues/zh.json' with { type: 'json' };

/** A word that reports a meeting; `plan` when a plan marker governs it (an announcement, not an event). */
export interface MeetingCue {
  kind: MeetingKind;
  /** The trigger as written in the lexicon. */
  trigger: string;
  start: number;
  end: number;
  plan: boolean;
}

/** Shape of `data/cues/<lang>.json`. */
export interface CueLexiconData {
  kinds: Partial<Record<MeetingKind, string[]>>;
  plan: string[];
  planAfter?: string[];
  planCues?: Partial<Record<MeetingKind, string[]>>;
  negative?: string[];
  clitics?: string[];
}

type CueTag =
  | { t: 'cue'; kind: MeetingKind; plan: boolean }
  | { t: 'plan-before' }
  | { t: 'plan-after' }
  | { t: 'negative' };

const KINDS = new Set<MeetingKind>(['talks', 'visit', 'call', 'reception', 'sidelines', 'dialogue', 'forum', 'other']);
const DATA: Record<string, CueLexiconData> = { ar, de, en, es, fr, id, it, ja, ko, pt, ru, th, tl, vi, zh };
const INDEXES = new Map<string, LexiconIndex<CueTag>>();
const CLAUSE_END = /[;:；：。!?！？]|\.(?=\s|$)/gu;

/** Languages that have a cue lexicon. */
export const CUE_LANGUAGES: readonly string[] = Object.keys(DATA).sort();

function buildIndex(lang: string, data: CueLexiconData): LexiconIndex<CueTag> {
  const entries: [CueTag, string][] = [];
  const addKinds = (kinds: Partial<Record<MeetingKind, string[]>>, plan: boolean): void => {
    for (const [kind, list] of Object.entries(kinds) as [MeetingKind, string[]][]) {
      if (!KINDS.has(kind)) throw new Error(`cues/${lang}.json: unknown meeting kind "${kind}"`);
      const tag: CueTag = { t: 'cue', kind, plan };
      for (const trig of list) entries.push([tag, trig]);
    }
  };
  addKinds(data.kinds, false);
  addKinds(data.planCues ?? {}, true);
  for (const trig of data.plan) entries.push([{ t: 'plan-before' }, trig]);
  for (const trig of data.planAfter ?? []) entries.push([{ t: 'plan-after' }, trig]);
  for (const trig of data.negative ?? []) entries.push([{ t: 'negative' }, trig]);
  return compileLexicon(entries, data.clitics ?? []);
}

function indexFor(lang: string): LexiconIndex<CueTag> | null {
  const hit = INDEXES.get(lang);
  if (hit) return hit;
  const data = DATA[lang];
  if (!data) return null;
  const built = buildIndex(lang, data);
  INDEXES.set(lang, built);
  return built;
}

/**
 * Meeting cues in a sentence, in text order. A language without a lexicon gives [].
 *
 * @example findMeetingCues('Am Sonntag trafen sich Takaichi und Chinh.', 'de')
 *   // → [{ kind: 'talks', trigger: 'trafen sich', start: 11, end: 22, plan: false }]
 */
export function findMeetingCues(text: string, lang: string): MeetingCue[] {
  const index = indexFor(lang);
  if (!index) return [];
  const hits = matchLexicon(index, text);
  if (hits.length === 0) return [];
  const clauseEnds: number[] = [];
  CLAUSE_END.lastIndex = 0;
  for (let m = CLAUSE_END.exec(text); m; m = CLAUSE_END.exec(text)) clauseEnds.push(m.index);
  const cues: MeetingCue[] = [];
  for (const h of hits) {
    if (h.tag.t !== 'cue') continue;
    const clause = clauseOf(clauseEnds, h.start);
    let plan = h.tag.plan;
    for (const m of hits) {
      if (plan) break;
      if (m.tag.t === 'plan-before' && m.end <= h.start && clauseOf(clauseEnds, m.start) === clause) plan = true;
      if (m.tag.t === 'plan-after' && m.start >= h.end && clauseOf(clauseEnds, m.start) === clause) plan = true;
    }
    cues.push({ kind: h.tag.kind, trigger: h.trigger, start: h.start, end: h.end, plan });
  }
  return cues;
}

/**
 * The clause `pos` stands in: how many clause ends come before it. At module level: tsx names every function made
 * inside another, at a cost on each call.
 */
function clauseOf(clauseEnds: readonly number[], pos: number): number {
  let c = 0;
  while (c < clauseEnds.length && (clauseEnds[c] as number) < pos) c++;
  return c;
}
