/**
 * Statements (STATEMENTS.md): who agreed, proposed, pledged, welcomed, called for, affirmed, signed, announced,
 * thanked, invited, congratulated or condoled, per sentence and in every language with a lexicon
 * (`data/statements/<lang>.json`, see statement-lexicon.ts).
 *
 * Decisions (policy, not accident):
 * - The act comes from the verb. A verb of saying takes its act from what is said: a `pledge` marker (or a `future`
 *   marker whose subject is the actor's side or a pronoun) → pledged; a `need` marker → proposed; a `hope` → nothing;
 *   anything else → affirmed. "According to X" is X's saying only when the sentence has no other act.
 * - The actor is the nearest subject before the verb in its clause (`;` ends a clause): a person of the sentence's
 *   annotations, a title or pronoun standing for a known actor (anaphora), the two sides (`joint`), else a side named
 *   by a country word. Two actors of different sides joined by "and" are one joint actor (VN+JP). With no subject
 *   before it, a verb takes the person after it ("In his message, Prime Minister Takaichi affirmed …", a quote
 *   followed by its speaker), else the actor of the previous sentence or two (pro-drop, continuation).
 * - A second verb of the same clause shares the first one's actor ("Chinh highly appreciated and suggested …").
 * - Acts inside what is said or thanked for are not statements ("said the two countries signed …" is only the
 *   saying; "thanked Japan for … expressing condolences" is only the thanks).
 * - Only Vietnamese and Japanese actors (and VN+JP) are kept; at most one statement per actor and act in a sentence,
 *   and a sentence repeated on the page gives its statements once.
 */
import type { AnnotatedDocument, SentenceAnnotation } from './annotate.js';
import type { LexiconHit } from './lexicon.js';
import type { AreaId, Evidence, StatementAct, StatementActor } from './types.js';
import { isVerbFinal, isVerbFirst, statementWords, type StatementTag } from './statement-lexicon.js';
import { officeAt, personById } from './people.js';
import { SIDES } from './meetings.js';

/** A statement as one document gives it, before its meeting id is known. */
export interface DocumentStatement {
  actor: StatementActor;
  act: StatementAct;
  addressee: { name: string | null; country: string | null } | null;
  areas: AreaId[];
  object: string | null;
  /** Index of the document meeting it belongs to (in `documentMeetings` order), or null. */
  meetingIndex: number | null;
  evidence: Evidence;
  /** Offset of the act's verb in the sentence. */
  at: number;
}

/** A subject at most this many characters after a verb is taken when none precedes it (inversion, a quote's speaker). */
const AFTER_WINDOW = 80;
/** "according to X": X within this many characters. */
const ACCORDING_WINDOW = 30;
/** Two actors joined by "and" at most this far apart (characters of the joining text). */
const JOIN_GAP = 60;
/** Pro-drop: the previous actor carries over this many sentences. */
const CARRY_SENTENCES = 2;
/** A title at most this far before a name is the name's title, not an anaphor. */
const TITLE_GAP = 30;
/** A noun of an act at most this far after a verb of saying is the verb's object ("expressed gratitude"). */
const LIGHT_GAP = 25;
/** A subject at most this far after its verb is an inversion ("erklärte Botschafter Ito"), not a new clause's. */
const INVERSION_GAP = 25;
/** A `future` marker makes a pledge when the actor's side or a pronoun is named at most this far into what is said. */
const SHORT_COMPLEMENT = 20;

const CLAUSE_END = /[;；。]/gu;
const QUOTE_END = /["»“”」』]\s*[,،、]?\s*$/u;
const QUOTE_START = /^\s*["«“„「『]/u;

type Hit = LexiconHit<StatementTag>;
interface Candidate {
  kind: 'person' | 'anaphor' | 'joint' | 'country';
  start: number;
  end: number;
  actor: StatementActor | null;
}

const JOINT: StatementActor = { name: null, country: 'VN+JP', personId: null, role: null };
const side = (country: string | null): string | null => (country && SIDES.includes(country) ? country : null);

function roleOf(personId: string | null, role: string | null, date: string | null): string | null {
  if (role || !personId || !date) return role;
  const person = personById(personId);
  return person ? officeAt(person, date)?.role ?? null : null;
}

/** Whether a registry person ever held `role` (or the text gave it). */
function holds(p: { personId: string | null; role: string | null }, role: string): boolean {
  if (p.role === role) return true;
  const person = p.personId ? personById(p.personId) : undefined;
  return !!person?.offices.some((o) => o.role === role);
}

/** Document-level memory: the people named so far and the last actor. */
interface Memory {
  people: { name: string; personId: string | null; role: string | null; country: string | null }[];
  last: { actor: StatementActor; sentence: number } | null;
}

function resolveAnaphor(role: string | null, memory: Memory, sentence: number): StatementActor | null {
  const recent = memory.last && sentence - memory.last.sentence <= CARRY_SENTENCES + 1 ? memory.last.actor : null;
  if (role === null) return recent ?? personActor(memory.people.at(-1));
  if (recent?.name && holds({ personId: recent.personId, role: recent.role }, role)) return recent;
  for (let i = memory.people.length - 1; i >= 0; i--) {
    const p = memory.people[i]!;
    if (side(p.country) && holds(p, role)) return personActor(p);
  }
  return null;
}

function personActor(p: Memory['people'][number] | undefined): StatementActor | null {
  if (!p || !side(p.country)) return null;
  return { name: p.name, country: p.country, personId: p.personId, role: p.role };
}

/** Subject candidates of a sentence, in text order. Titles right before a name belong to the name. */
function candidates(a: SentenceAnnotation, hits: readonly Hit[], memory: Memory, date: string | null): Candidate[] {
  const out: Candidate[] = [];
  // Someone found only by a title must at least have a capitalized name (a caseless script gives false names).
  const people = a.people.filter((p) => side(p.country) && (p.personId !== null || /\p{Lu}/u.test(p.name)));
  for (const p of people) {
    out.push({ kind: 'person', start: p.start, end: p.end,
      actor: { name: p.name, country: p.country, personId: p.personId, role: roleOf(p.personId, p.role, date) } });
  }
  const acts = hits.filter((h) => h.tag.t === 'act' || h.tag.t === 'saying');
  for (const h of hits) {
    if (h.tag.t === 'joint') out.push({ kind: 'joint', start: h.start, end: h.end, actor: JOINT });
    if (h.tag.t !== 'anaphor') continue;
    const titleOfName = people.some((p) => (p.start >= h.end - 1 && p.start - h.end <= TITLE_GAP
      && !acts.some((x) => x.start >= h.end && x.start < p.start)) || (p.end <= h.start && h.start - p.end <= 2)
      || (p.start < h.end && h.start < p.end));
    if (!titleOfName) out.push({ kind: 'anaphor', start: h.start, end: h.end, actor: resolveAnaphor(h.tag.role, memory, a.sentence.index) });
  }
  for (const h of hits) {
    if (h.tag.t === 'institution') out.push({ kind: 'country', start: h.start, end: h.end, actor: { name: null, country: h.tag.side, personId: null, role: null } });
  }
  for (const c of a.countries) {
    if (!side(c.code) || people.some((p) => c.start < p.end && p.start < c.end)) continue;
    out.push({ kind: 'country', start: c.start, end: c.end, actor: { name: null, country: c.code, personId: null, role: null } });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Two actors of different sides joined by "and" make one joint actor. */
function joined(text: string, first: Candidate, second: Candidate, hits: readonly Hit[]): boolean {
  const a = first.actor?.country;
  const b = second.actor?.country;
  if (!a || !b || a === b || a === 'VN+JP' || b === 'VN+JP') return false;
  if (second.start - first.end > JOIN_GAP) return false;
  return hits.some((h) => h.tag.t === 'and' && h.start >= first.end && h.end <= second.start)
    || /^\s*[-–]\s*$/u.test(text.slice(first.end, second.start));
}

function jointOf(x: Candidate, y: Candidate): StatementActor {
  return { ...JOINT, members: [x.actor?.name, y.actor?.name].filter((n): n is string => !!n) };
}

/**
 * The subject of a verb starting at `at`, searched in [from, at): the nearest person, anaphor or joint actor (the first
 * one in a verb-final language, whose topic comes first and objects next to the verb), else the first side.
 */
function subjectBefore(text: string, list: readonly Candidate[], from: number, at: number, hits: readonly Hit[], verbFinal: boolean): StatementActor | null {
  const inside = list.filter((c) => c.start >= from && c.end <= at && c.actor);
  const strong = inside.filter((c) => c.kind !== 'country');
  if (verbFinal && strong.length) {
    const [first, second] = strong;
    return second && joined(text, first!, second, hits) ? jointOf(first!, second) : first!.actor;
  }
  if (strong.length) {
    const last = strong.at(-1)!;
    const before = strong.at(-2);
    if (before && joined(text, before, last, hits)) return jointOf(before, last);
    return last.actor;
  }
  const first = inside[0];
  if (!first) return null;
  const next = inside[1];
  return next && joined(text, first, next, hits) ? jointOf(first, next) : first.actor;
}

function personAfter(list: readonly Candidate[], from: number, to: number, joint = false): StatementActor | null {
  return list.find((c) => (c.kind === 'person' || c.kind === 'anaphor' || (joint && c.kind === 'joint')) && c.start >= from && c.start <= to && c.actor)?.actor ?? null;
}

/**
 * The act a verb of saying carries, from the markers of what is said; null for a hope. A noun of an act right after
 * the verb ("expressed gratitude", "a exprimé ses condoléances") gives its act (a light verb).
 */
function sayingAct(hits: readonly Hit[], from: number, to: number, actor: StatementActor, list: readonly Candidate[], lightNouns: boolean): StatementAct | null {
  const light = lightNouns ? hits.find((h) => h.tag.t === 'act' && h.start >= from && h.start - from <= LIGHT_GAP) : undefined;
  if (light?.tag.t === 'act') return light.tag.act;
  for (const h of hits) {
    if (h.start < from || h.start >= to) continue;
    const t = h.tag.t;
    if (h.tag.t === 'act' && h.tag.act === 'pledged') return 'pledged';
    if (t === 'hope') return null;
    if (t === 'pledge') return 'pledged';
    if (t === 'need') return 'proposed';
    if (t === 'future') {
      // The subject of what is said: the first word naming someone other than the (inverted) actor.
      const others = list.filter((c) => c.start >= from && c.end <= h.start && !(c.kind === 'person' && c.actor?.name === actor.name));
      const pronouns = hits.filter((x) => (x.tag.t === 'self' || (x.tag.t === 'anaphor' && x.tag.role === null)) && x.start >= from && x.end <= h.start);
      const first = [...others, ...pronouns].sort((x, y) => x.start - y.start)[0];
      const own = first !== undefined && first.start - from <= SHORT_COMPLEMENT
        && (!('kind' in first) || first.kind === 'anaphor' || (first.actor !== null && first.actor.country === actor.country));
      if (own) return 'pledged';
    }
  }
  return 'affirmed';
}

function addresseeOf(act: StatementAct, actor: StatementActor, list: readonly Candidate[], from: number, to: number) {
  if (actor.country === 'VN+JP' || act === 'affirmed' || act === 'announced' || act === 'pledged' || act === 'welcomed') return null;
  const after = list.filter((c) => c.start >= from && c.start < to && c.actor);
  const personOnly = act === 'proposed' || act === 'agreed';
  // The first person other than the actor, or (for acts addressed to a side) the first word of the other side.
  const first = after.find((c) => (c.kind === 'person' && c.actor!.personId !== actor.personId)
    || (!personOnly && c.kind === 'country' && c.actor!.country !== actor.country));
  if (!first) return null;
  return first.kind === 'person' ? { name: first.actor!.name, country: first.actor!.country } : { name: null, country: first.actor!.country };
}

/** The clause `at` stands in: how many clause ends (offsets) come before it. */
function clauseOf(ends: readonly number[], at: number): number {
  return ends.filter((e) => e < at).length;
}

const actorKey = (a: StatementActor): string => a.personId ?? a.name ?? a.country ?? '?';

/** Statements of one sentence; updates the memory's last actor. */
function sentenceStatements(a: SentenceAnnotation, lang: string, memory: Memory, date: string | null) {
  const text = a.sentence.text;
  const hits = statementWords(text, lang);
  const verbFinal = isVerbFinal(lang);
  const verbFirst = isVerbFirst(lang);
  const verbs = hits.filter((h) => h.tag.t === 'act' || h.tag.t === 'saying' || h.tag.t === 'according' || h.tag.t === 'accordingSelf');
  // No verb, no statement (and nothing below changes the memory): spare the clause scan most sentences would make.
  if (verbs.length === 0) return [];
  const ends = [...text.matchAll(CLAUSE_END)].map((m) => m.index);
  const found: { actor: StatementActor; act: StatementAct; hit: Hit }[] = [];
  let prev: { actor: StatementActor; clause: number; embeds: boolean } | null = null;
  let list: Candidate[] = [];
  let listFor: Memory['last'] | undefined;
  for (const [k, h] of verbs.entries()) {
    // Anaphors resolve against the actors found so far, this sentence's included ("…; he also affirmed"): the
    // candidates change only with the memory's last actor (a new object each time it is set), so they are made again
    // only then.
    if (listFor === undefined || listFor !== memory.last) {
      list = candidates(a, hits, memory, date);
      listFor = memory.last;
    }
    const recent = memory.last && a.sentence.index - memory.last.sentence <= CARRY_SENTENCES ? memory.last.actor : null;
    const clause = clauseOf(ends, h.start);
    const clauseStart = clause ? ends[clause - 1]! + 1 : 0;
    const next = verbs.slice(k + 1).find((v) => clauseOf(ends, v.start) === clause)?.start ?? (ends.find((e) => e > h.start) ?? text.length);
    let actor: StatementActor | null;
    let embeds = false;
    if (h.tag.t === 'according' || h.tag.t === 'accordingSelf') {
      actor = h.tag.t === 'according' ? personAfter(list, h.end, h.end + ACCORDING_WINDOW) : recent;
    } else if (prev && prev.clause === clause) {
      if (prev.embeds) continue;
      actor = prev.actor;
    } else {
      const opening = text.slice(clauseStart, h.start);
      const quoted = QUOTE_START.test(opening) && QUOTE_END.test(opening);
      const before = quoted ? null : subjectBefore(text, list, clauseStart, h.start, hits, verbFinal);
      // A title or pronoun that stands for no known actor is a subject all the same: its act has no known actor.
      const unknown = !before && hits.some((x) => x.tag.t === 'anaphor' && x.start >= clauseStart && x.end <= h.start)
        && !list.some((c) => c.kind === 'anaphor' && c.actor && c.start >= clauseStart && c.end <= h.start);
      const inverted = before || unknown ? null : personAfter(list, h.end, h.end + INVERSION_GAP, verbFirst);
      // Further after the verb only a speaker (a participle clause, a quote), never the one thanked or invited.
      const speaker = h.tag.t === 'saying' && !before && !unknown ? personAfter(list, h.end, h.end + AFTER_WINDOW) : null;
      actor = unknown ? null : before ?? inverted ?? speaker ?? recent;
      embeds = before !== null || inverted !== null;
    }
    if (!actor) continue;
    let act: StatementAct | null;
    if (h.tag.t === 'act') act = h.tag.act;
    else if (verbFinal && h.tag.t === 'saying') {
      // What is said comes before the verb ("…用意があると述べた"): since the clause's previous verb.
      const from = Math.max(clauseStart, ...verbs.slice(0, k).map((v) => v.end));
      const spoken = verbs.slice(0, k).some((v) => v.tag.t === 'act' && v.start >= clauseStart);
      act = spoken ? null : sayingAct(hits, from, h.start, actor, list, false);
    } else act = sayingAct(hits, h.end, next, actor, list, true);
    const according = h.tag.t === 'according' || h.tag.t === 'accordingSelf';
    // A hope embeds nothing: "expressed the hope … and invited Takaichi" is an invitation.
    if (h.tag.t === 'saying' || (h.tag.t === 'act' && h.tag.act === 'thanked')) prev = { actor, clause, embeds: act !== null && (embeds || h.tag.t === 'act') };
    else if (!according) prev = { actor, clause, embeds: false };
    if (act) {
      found.push({ actor, act, hit: h });
      if (!according) memory.last = { actor, sentence: a.sentence.index };
    }
  }
  const others = found.filter((f) => f.hit.tag.t !== 'according' && f.hit.tag.t !== 'accordingSelf');
  const kept = others.length ? others : found;
  const seen = new Set<string>();
  const out = kept.filter((f) => {
    const key = `${actorKey(f.actor)}|${f.act}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (out.length === 0) return [];
  memory.last = { actor: out.at(-1)!.actor, sentence: a.sentence.index };
  const addressees = candidates(a, hits, memory, date);
  return out.map((f) => ({ ...f, addressee: addresseeOf(f.act, f.actor, addressees, f.hit.end, text.length) }));
}

/**
 * The statements of an annotated document, in sentence order. `areasOf` gives the areas a sentence names; `meetingOf`
 * the index of the document meeting a sentence belongs to (or null).
 *
 * @example documentStatements(doc, areasOf, meetingOf)
 *   // 'Chinh forderte japanische Zusammenarbeit bei Halbleitern.' →
 *   // [{ actor: { name: 'Pham Minh Chinh', country: 'VN', … }, act: 'called-for', addressee: { name: null, country: 'JP' }, … }]
 */
export function documentStatements(
  doc: AnnotatedDocument,
  areasOf: (sentence: number) => AreaId[],
  meetingOf: (sentence: number) => number | null,
): DocumentStatement[] {
  const { document } = doc;
  const memory: Memory = { people: [], last: null };
  const date = document.published;
  const out: DocumentStatement[] = [];
  const seen = new Set<string>();
  for (const a of doc.sentences) {
    const found = sentenceStatements(a, document.lang, memory, date);
    for (const f of found) {
      const key = `${a.sentence.text}|${actorKey(f.actor)}|${f.act}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        actor: f.actor,
        act: f.act,
        addressee: f.addressee,
        areas: areasOf(a.sentence.index),
        object: null,
        meetingIndex: meetingOf(a.sentence.index),
        at: f.hit.start,
        evidence: { document: document.id, sentence: a.sentence.index, text: a.sentence.text, lang: document.lang },
      });
    }
    for (const p of a.people) memory.people.push({ name: p.name, personId: p.personId, role: roleOf(p.personId, p.role, date), country: p.country });
  }
  return out;
}
