/**
 * How an article's facts are held and stored: lean facts (evidence text dropped from memory, strings shared) and the
 * codec that stores evidence without the sentence text it repeats.
 */
import type { CorpusDocument, Document } from '../corpus/types.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import type { AreaId, Evidence } from '../knowledge/types.js';
import { firstEqual } from './first-equal.js';

/** Turns facts into what is stored and back; the default drops evidence text that repeats the document's sentence. */
export interface FactsCodec<F> {
  pack(facts: F, document: Document): unknown;
  /** A lean document (sentences not read): evidence that repeats a sentence gets '' (leanFacts' lean evidence). */
  unpack(packed: unknown, document: CorpusDocument): F;
}

export type Packed<T> = T & { t?: number };

export function evidenceLists(f: DocumentFacts): Evidence[][] {
  return [
    ...f.meetings.map((m) => m.evidence),
    ...f.plans.map((p) => p.sources),
    f.areaMentions.map((m) => m.evidence),
    f.figures.map((x) => x.evidence),
    (f.statements ?? []).map((x) => x.evidence),
  ];
}

/**
 * A copy of `s` that keeps no larger string alive: V8 represents a slice of a long string as a view of it, so a
 * title or a figure sliced from an article would keep the whole article text in memory for as long as it lives.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Short strings are the facts' vocabulary (areas, countries, roles, acts, languages, names, units): they repeat across
 * thousands of documents, and facts that come from a worker thread or the cache hold one copy per use (at 10,000
 * articles, 45 of a cold start's 64 MB of strings were such copies). One string each in memory.
 */
const SHARED_MAX_LENGTH = 40;
/**
 * Bounded memoization (at most 200,000 strings, then cleared): interning changes which copy is held, never a value.
 * Document-specific short strings (figures, ids) pass through it too, so it is larger than the vocabulary.
 */
const INTERNED_MAX = 200_000;
const interned = new Map<string, string>();
const intern = (s: string): string => {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERNED_MAX) interned.clear();
  const copy = detached(s);
  interned.set(copy, copy);
  return copy;
};

/** `s` as the document's own string (its id, its language) or interned when short. */
function sharedString(s: string, id: string, lang: string): string {
  return s === id ? id : s === lang ? lang : s.length <= SHARED_MAX_LENGTH ? intern(s) : s;
}

/**
 * Shares the short strings of `node` (plain objects and arrays, walked in place): the document's id and language
 * are the document's own strings, the others interned. Only values change, never which fields an object has.
 * No closure is made per call: it runs for every object of every article's facts.
 */
function shareStrings(node: object, id: string, lang: string): void {
  // A shared list (sharedAreas) holds shared strings already, and is frozen.
  if (Object.isFrozen(node)) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const v: unknown = node[i];
      if (typeof v === 'string') node[i] = sharedString(v, id, lang);
      else if (typeof v === 'object' && v !== null) shareStrings(v, id, lang);
    }
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (typeof v === 'string') record[key] = sharedString(v, id, lang);
    else if (typeof v === 'object' && v !== null) shareStrings(v, id, lang);
  }
}

/**
 * Drops the sentence text of every evidence of `f` that cites `document` (read back from the document's sentences
 * when shown), and makes those citing the same sentence in the document's language one object: the extractors each
 * make their own, and a sentence that carries a meeting, an area and a statement was held three times. Nothing changes
 * evidence once facts are lean (a knowledge image shares them too).
 */
function leanEvidence(f: DocumentFacts, document: CorpusDocument): void {
  const bySentence = new Map<number, Evidence>();
  const lean = (e: Evidence): Evidence => {
    if (e.document !== document.id) return e;
    e.text = '';
    if (e.lang !== document.lang) return e;
    const known = bySentence.get(e.sentence);
    if (known) return known;
    bySentence.set(e.sentence, e);
    return e;
  };
  const inPlace = (list: Evidence[]) => {
    for (let i = 0; i < list.length; i++) list[i] = lean(list[i]!);
  };
  for (const m of f.meetings) inPlace(m.evidence);
  for (const p of f.plans) inPlace(p.sources);
  for (const m of f.areaMentions) m.evidence = lean(m.evidence);
  for (const x of f.figures) x.evidence = lean(x.evidence);
  for (const x of f.statements ?? []) x.evidence = lean(x.evidence);
}

/**
 * Participants, statement actors and addressees by value: one object each (at 10,000 articles the facts held 163,000
 * for about 5,000 values). Only objects with the same fields in the same order are one (JSON output keeps its key
 * order); nothing changes them once facts are lean (a knowledge image shares them too). Bounded: 50,000 names, 32
 * values a name.
 */
const samePerson = firstEqual<object>((o) => (o as { name: string | null }).name ?? '', sameFields, {
  groups: 50_000,
  // A name's values are a few (roles, countries): past this, later ones stay apart rather than be compared with every
  // earlier one.
  perGroup: 32,
});
function sharedPerson<T extends object>(o: T): T {
  // A group actor's members list is an object of its own: such an actor is never equal to another, so it is not kept.
  return flat(o) ? (samePerson(o) as T) : o;
}

/** Every own field a string, a number, a boolean or null. */
function flat(o: object): boolean {
  for (const key in o) {
    const v = (o as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) return false;
  }
  return true;
}

/** The same own fields in the same order, with identical values. */
function sameFields(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || (a as Record<string, unknown>)[ka[i]!] !== (b as Record<string, unknown>)[kb[i]!]) return false;
  }
  return true;
}

function shareParticipants(f: DocumentFacts): void {
  const inPlace = <T extends object>(list: T[]) => {
    for (let i = 0; i < list.length; i++) list[i] = sharedPerson(list[i]!);
  };
  for (const m of f.meetings) inPlace(m.participants);
  for (const p of f.plans) inPlace(p.participants);
  for (const x of f.statements ?? []) {
    x.actor = sharedPerson(x.actor);
    if (x.addressee) x.addressee = sharedPerson(x.addressee);
  }
}

/**
 * Area lists by value: one frozen list each (at 10,000 articles the facts held 151,000 lists, empty or of one or two
 * areas, for a few hundred values). Frozen: a change to one would be a change to every fact holding it. Bounded like
 * the interned strings.
 */
const AREA_LISTS_MAX = 10_000;
const areaLists = new Map<string, readonly AreaId[]>();
function sharedAreas(list: readonly AreaId[]): AreaId[] {
  const key = list.join(',');
  let known = areaLists.get(key);
  if (!known) {
    if (areaLists.size >= AREA_LISTS_MAX) areaLists.clear();
    known = Object.freeze([...list]);
    areaLists.set(key, known);
  }
  return known as AreaId[];
}

function shareAreaLists(f: DocumentFacts): void {
  for (const m of f.meetings) m.areas = sharedAreas(m.areas);
  for (const x of f.figures) if (x.areas) x.areas = sharedAreas(x.areas);
  for (const x of f.statements ?? []) x.areas = sharedAreas(x.areas);
  if (Array.isArray(f.info?.areas)) f.info.areas = sharedAreas(f.info.areas);
}

/**
 * Lean facts: drops the sentence text of every evidence of `facts` that cites `document` (it is read back from the
 * document's sentences when shown: Evidence.text), so knowledge assembled from them holds no sentence text; shares
 * the strings the document and its facts repeat, and (`parsedNow`: the document was parsed in this process) detaches
 * the strings kept from the article's text. Facts of another shape are left alone.
 */
export function leanFacts(facts: unknown, document: CorpusDocument, parsedNow: boolean): void {
  const f = facts as Partial<DocumentFacts>;
  if (!Array.isArray(f.meetings) || !Array.isArray(f.plans) || !Array.isArray(f.areaMentions) || !Array.isArray(f.figures)) return;
  leanEvidence(f as DocumentFacts, document);
  // Strings of a document parsed now may be slices of its text (see detached); read from the cache, they are not.
  const own = parsedNow ? detached : (s: string) => s;
  const doc = document as unknown as Record<string, unknown>;
  for (const key of ['id', 'file', 'lang', 'title', 'outlet', 'published', 'source', 'hash'] as const) {
    if (typeof doc[key] === 'string') doc[key] = own(doc[key] as string);
  }
  if (parsedNow) document.warnings = document.warnings.map(detached);
  // One string for what the document and its info both say.
  const info = f.info as unknown as Record<string, unknown> | undefined;
  if (info) {
    for (const key of ['id', 'file', 'lang', 'title', 'outlet', 'published', 'source'] as const) {
      if (info[key] === doc[key]) info[key] = doc[key];
      else if (typeof info[key] === 'string') info[key] = own(info[key] as string);
    }
    if (Array.isArray(info.warnings)) info.warnings = document.warnings;
  }
  for (const m of f.meetings) m.document = document.id;
  for (const p of f.plans) p.summary = own(p.summary);
  shareStrings(f, document.id, document.lang);
  shareParticipants(f as DocumentFacts);
  shareAreaLists(f as DocumentFacts);
  if (!parsedNow) return;
  for (const x of f.figures) {
    x.text = detached(x.text);
    if (x.measure) x.measure = detached(x.measure);
    if (x.period) x.period = detached(x.period);
  }
}

/**
 * The default codec for DocumentFacts: an evidence whose text is its document sentence's text is stored without
 * it (`t: 1`) and gets the sentence's own string back when loaded, so the cache is smaller and a warm start holds
 * each sentence once in memory.
 */
export const documentFactsCodec: FactsCodec<DocumentFacts> = {
  pack(facts, document) {
    const texts = new Map(document.sentences.map((s) => [s.index, s.text]));
    // '' is lean evidence (its text dropped from memory, see leanFacts): the sentence's text too.
    const strip = (e: Evidence): Packed<Evidence> =>
      e.document === document.id && (e.text === '' || texts.get(e.sentence) === e.text) ? { ...e, text: '', t: 1 } : e;
    return {
      ...facts,
      meetings: facts.meetings.map((m) => ({ ...m, evidence: m.evidence.map(strip) })),
      plans: facts.plans.map((p) => ({ ...p, sources: p.sources.map(strip) })),
      areaMentions: facts.areaMentions.map((m) => ({ ...m, evidence: strip(m.evidence) })),
      figures: facts.figures.map((x) => ({ ...x, evidence: strip(x.evidence) })),
      ...(facts.statements ? { statements: facts.statements.map((x) => ({ ...x, evidence: strip(x.evidence) })) } : {}),
    };
  },
  unpack(packed, document) {
    const facts = packed as DocumentFacts;
    const texts = document.sentences ? new Map(document.sentences.map((s) => [s.index, s.text])) : null;
    for (const list of evidenceLists(facts)) {
      for (const e of list as Packed<Evidence>[]) {
        // The document's own strings, not one deserialized copy per evidence.
        if (e.document === document.id) e.document = document.id;
        if (e.lang === document.lang) e.lang = document.lang;
        if (e.t === 1) {
          e.text = texts?.get(e.sentence) ?? '';
          delete e.t;
        }
      }
    }
    return facts;
  },
};
