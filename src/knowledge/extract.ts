/**
 * Document[] → Knowledge: the whole extraction, offline and deterministic.
 * Per document: annotate sentences, find meetings, plans, areas, figures and statements. Across documents (the
 * merge of one meeting reported several times): assembler.ts.
 */
import type { Document } from '../corpus/types.js';
import type { AreaId, DocumentInfo, Evidence, Figure, Knowledge, Plan } from './types.js';
import { annotateDocument, type AnnotatedDocument } from './annotate.js';
import { documentMeetings, documentPlans, evidenceOf, type DocumentMeeting } from './meetings.js';
import { AREAS, documentAreasOfScans, scanAreas, type SentenceAreaScan } from './areas.js';
import { findFigures } from './figures.js';
import { formatDate } from './dates.js';
import { conceptsOfAnnotation } from './concepts.js';
import { documentStatements, type DocumentStatement } from './statements.js';
import { assembleKnowledge } from './assembler.js';

/** Everything one document contributes; cacheable per document content hash. */
export interface DocumentFacts {
  info: DocumentInfo;
  meetings: (DocumentMeeting & { areas: AreaId[]; evidence: Evidence[] })[];
  plans: Plan[];
  /** The first sentence naming each area (one per area: views quote and count articles, not every mention). */
  areaMentions: { area: AreaId; evidence: Evidence }[];
  figures: Figure[];
  /** Retrieval concepts per sentence index (only sentences that have some). */
  concepts: Record<number, string[]>;
  /** What the actors said or did in words (absent in facts cached before statements existed). */
  statements?: DocumentStatement[];
}

function areasBySentence(doc: AnnotatedDocument, scans: readonly SentenceAreaScan[]): Map<number, AreaId[]> {
  const byArea = documentAreasOfScans(scans);
  const bySentence = new Map<number, AreaId[]>();
  for (const [area, positions] of byArea) {
    // documentAreas answers with 0-based positions; facts cite Sentence.index.
    for (const position of positions) {
      const s = doc.document.sentences[position]!.index;
      bySentence.set(s, [...(bySentence.get(s) ?? []), area]);
    }
  }
  return bySentence;
}

/** Areas discussed at a meeting: those of its own sentences and of the sentences that follow it until the next meeting. */
function meetingAreas(meetings: DocumentMeeting[], bySentence: Map<number, AreaId[]>, last: number): AreaId[][] {
  if (meetings.length === 1) return [[...new Set([...bySentence.values()].flat())]];
  const starts = meetings.map((m) => Math.min(...m.sentences));
  return meetings.map((m, i) => {
    const start = starts[i]!;
    const next = Math.min(...starts.filter((s) => s > start), last + 1);
    const own = new Set<number>([...m.sentences, ...range(start, next)]);
    return [...new Set([...own].flatMap((s) => bySentence.get(s) ?? []))];
  });
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Extracts the facts of one document. Pure; depends only on the document. */
export function extractDocument(document: Document): DocumentFacts {
  const doc = annotateDocument(document);
  // One area scan per sentence, shared by the document's areas and the retrieval concepts.
  const scans = document.sentences.map((s) => scanAreas(s.text, document.lang));
  const bySentence = areasBySentence(doc, scans);
  const meetings = documentMeetings(doc);
  const last = document.sentences.at(-1)?.index ?? 0;
  const areasOfMeetings = meetingAreas(meetings, bySentence, last);
  const docAreas = [...new Set([...bySentence.values()].flat())];
  const concepts: Record<number, string[]> = {};
  for (const [k, a] of doc.sentences.entries()) {
    const terms = conceptsOfAnnotation(a, document.lang, scans[k]);
    if (terms.length) concepts[a.sentence.index] = terms;
  }
  const plans: Plan[] = documentPlans(doc).map((p) => {
    const evidence = evidenceOf(doc, [p.sentence]);
    return {
      id: `plan-${document.id}-${p.sentence}`,
      date: p.date ? formatDate(p.date) : null,
      place: p.place,
      country: p.country,
      kind: p.kind,
      participants: p.participants,
      summary: evidence[0]?.text ?? '',
      sources: evidence,
    };
  });
  const figures: Figure[] = document.sentences.flatMap((s) =>
    findFigures(s.text, document.lang, { published: document.published }).map((f) => ({
      ...f,
      evidence: { document: document.id, sentence: s.index, text: s.text, lang: document.lang },
      areas: bySentence.get(s.index) ?? [],
    })));
  // One mention per area and article (its first sentence naming it): what views quote and count, at a fraction of
  // the memory of every mention (a large corpus names an area in ~20 sentences per article).
  const firstMention = new Map<AreaId, number>();
  for (const [s, areas] of [...bySentence.entries()].sort(([a], [b]) => a - b)) {
    for (const area of areas) if (!firstMention.has(area)) firstMention.set(area, s);
  }
  return {
    info: {
      id: document.id, file: document.file, lang: document.lang, title: document.title, outlet: document.outlet,
      published: document.published, source: document.source, sentences: document.sentences.length,
      warnings: document.warnings, areas: AREAS.map((a) => a.id).filter((id) => docAreas.includes(id)),
    },
    meetings: meetings.map((m, i) => ({ ...m, areas: areasOfMeetings[i] ?? [], evidence: evidenceOf(doc, m.sentences) })),
    plans,
    areaMentions: [...firstMention].map(([area, s]) => ({ area, evidence: evidenceOf(doc, [s])[0]! })),
    figures,
    concepts,
    statements: documentStatements(doc, (s) => bySentence.get(s) ?? [], meetingOfSentence(meetings)),
  };
}

/** The meeting a sentence belongs to: the last one reported at or before it, else the first one reported after. */
function meetingOfSentence(meetings: readonly DocumentMeeting[]): (sentence: number) => number | null {
  const starts = meetings.map((m) => Math.min(...m.sentences));
  return (sentence) => {
    let best: number | null = null;
    for (const [i, start] of starts.entries()) if (start <= sentence && (best === null || start >= starts[best]!)) best = i;
    if (best !== null || !starts.length) return best;
    return starts.indexOf(Math.min(...starts));
  };
}

/** The whole pipeline for a loaded corpus. */
export function extractKnowledge(documents: Document[]): Knowledge {
  return assembleKnowledge(documents.map(extractDocument));
}
