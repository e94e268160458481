/**
 * How an article's facts are held and stored: lean facts (evidence text dropped from memory, strings shared) and the
 * codec that stores evidence without the sentence text it repeats.
 */
import type { CorpusDocument, Document } from '../corpus/types.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import type { Evidence } from '../knowledge/types.js';

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
 * Participant names, roles and countries repeat across thousands of documents: one string each in memory.
 * Bounded memoization (at most 50,000 strings, then cleared): interning changes which copy is held, never a value.
 */
const names = new Map<string, string>();
const intern = (s: string | null): string | null => {
  if (s === null) return s;
  const known = names.get(s);
  if (known !== undefined) return known;
  if (names.size >= 50_000) names.clear();
  const copy = detached(s);
  names.set(copy, copy);
  return copy;
};
function internParticipant(p: { name: string; role: string | null; country: string | null; personId?: string | null }): void {
  // Only fields the object has (adding one would change its shape and cost memory).
  p.name = intern(p.name)!;
  if (typeof p.role === 'string') p.role = intern(p.role);
  if (typeof p.country === 'string') p.country = intern(p.country);
  if (typeof p.personId === 'string') p.personId = intern(p.personId);
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
  for (const list of evidenceLists(f as DocumentFacts)) for (const e of list) if (e.document === document.id) e.text = '';
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
  for (const m of f.meetings) {
    m.document = document.id;
    for (const p of m.participants) internParticipant(p);
  }
  for (const p of f.plans) {
    p.summary = own(p.summary);
    for (const x of p.participants) internParticipant(x);
  }
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
