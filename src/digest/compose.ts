/**
 * What a digest holds, decided from plain data: the documents new since a channel's cursor, and the meetings,
 * areas, figures and plans those documents report. Pure: no clock, no I/O.
 */
import { RELATIONSHIP } from '../knowledge/relationship.js';
import type { View, ViewSection } from '../briefing/views.js';
import { CitationList } from '../briefing/citations.js';
import { figureSummary, meetingSummary, planSummary } from '../briefing/compose.js';
import { count, langOf, say, type Lang } from '../briefing/lang.js';
import { areaLabelIn, relationshipIn } from '../briefing/names.js';
import type { AreaFacts, DocumentInfo, Evidence, Figure, Knowledge, Meeting, Plan, SentenceText } from '../knowledge/types.js';

/** Lines per section before "… and N more". Keeps a digest to a few Discord messages. */
export const MAX_LINES_PER_SECTION = 12;
/** Citations per meeting / plan line. */
export const MAX_CITATIONS_PER_LINE = 3;

/** The corpus as a digest sees it: extracted knowledge plus each document's content hash (id → sha256). */
export interface CorpusSnapshot {
  knowledge: Knowledge;
  hashes: Readonly<Record<string, string>>;
  /** Reads sentence text the knowledge keeps on disk (lean evidence); absent when every evidence has its text. */
  textOf?: SentenceText;
}

/** The documents (id → hash) a channel has already been sent. */
export type DigestCursor = Readonly<Record<string, string>>;

/** A cursor that marks every current document as already digested (where a new subscription starts). */
export function snapshotCursor(hashes: Readonly<Record<string, string>>): DigestCursor {
  return { ...hashes };
}

/**
 * Ids of documents added or changed since `cursor` (a changed file counts as new), newest publication first.
 * @example newDocumentIds({ a: '1', b: '2' }, { a: '1' }) // ['b']
 */
export function newDocumentIds(snapshot: CorpusSnapshot, cursor: DigestCursor): string[] {
  const published = new Map(snapshot.knowledge.documents.map((d) => [d.id, d.published ?? '']));
  return Object.entries(snapshot.hashes)
    .filter(([id, hash]) => cursor[id] !== hash)
    .map(([id]) => id)
    .sort((a, b) => (published.get(b) ?? '').localeCompare(published.get(a) ?? '') || a.localeCompare(b));
}

export interface DigestOptions {
  /** Default '<relationship> digest' ('Vietnam–Japan digest', from knowledge/data/relationship.json). */
  title?: string;
  /** When the channel's last digest was posted, as the reader should see it ('2025-03-01 08:00 Asia/Tokyo'), or null. */
  since: string | null;
  /** Reads the quotes of lean evidence (see Evidence.text). */
  textOf?: SentenceText;
  /** The subscription's language ('en', 'vi', 'ja'; others read English). Default English. */
  language?: string;
}

/** Lines for the first MAX_LINES_PER_SECTION items (so only shown lines take citation numbers), then "… and N more". */
function capped<T>(items: readonly T[], line: (item: T) => string, lang: Lang): string[] {
  const lines = items.slice(0, MAX_LINES_PER_SECTION).map(line);
  if (items.length > MAX_LINES_PER_SECTION) lines.push(say(lang, 'digest.more', { n: items.length - MAX_LINES_PER_SECTION }));
  return lines;
}

/** "Title (de, Báo Nhân dân, 2025-11-30) [1]": the title stays in its own language (it is the article's). */
function articleLine(doc: DocumentInfo, cite: CitationList, lang: Lang): string {
  const meta = [doc.lang, doc.outlet ?? say(lang, 'digest.outletUnknown'), doc.published ?? say(lang, 'digest.undated')].join(', ');
  const title = doc.title ?? doc.file;
  const marker = doc.title ? ` ${cite.cite({ document: doc.id, sentence: 1, text: doc.title, lang: doc.lang })}` : '';
  return `${say(lang, 'digest.article', { title, meta })}${marker}`;
}

/** The knowledge's facts by the documents they cite, built once per knowledge (a digest looks at a few documents). */
interface DocumentIndex {
  documents: Map<string, DocumentInfo>;
  meetings: Map<string, Meeting[]>;
  plans: Map<string, Plan[]>;
  figures: Map<string, Figure[]>;
  /** Each area mention by the document it cites, with its area and its position in the area's list. */
  mentions: Map<string, AreaMention[]>;
  /** Position of each meeting, plan and figure in its knowledge list. */
  rank: Map<object, number>;
}
/**
 * A mention as its area lists it. Not keyed by its evidence: equal evidence may be one object, in several areas' lists
 * (a knowledge image shares equal values).
 */
interface AreaMention {
  area: AreaFacts;
  evidence: Evidence;
  rank: number;
}
const indexes = new WeakMap<Knowledge, DocumentIndex>();

function indexOf(knowledge: Knowledge): DocumentIndex {
  let index = indexes.get(knowledge);
  if (index) return index;
  const file = <T>(by: Map<string, T[]>, id: string, item: T) => {
    const list = by.get(id);
    if (!list) by.set(id, [item]);
    else if (list.at(-1) !== item) list.push(item);
  };
  index = {
    documents: new Map(knowledge.documents.map((d) => [d.id, d])),
    meetings: new Map(), plans: new Map(), figures: new Map(), mentions: new Map(), rank: new Map(),
  };
  const { meetings, plans, figures, mentions, rank } = index;
  knowledge.meetings.forEach((m, i) => {
    rank.set(m, i);
    for (const e of m.sources) file(meetings, e.document, m);
  });
  knowledge.plans.forEach((p, i) => {
    rank.set(p, i);
    for (const e of p.sources) file(plans, e.document, p);
  });
  knowledge.figures.forEach((f, i) => {
    rank.set(f, i);
    file(figures, f.evidence.document, f);
  });
  for (const area of knowledge.areas) {
    area.mentions.forEach((evidence, rank) => file(mentions, evidence.document, { area, evidence, rank }));
  }
  indexes.set(knowledge, index);
  return index;
}

/**
 * The digest view of the documents `newIds`: new articles, meetings they report, areas with new activity,
 * key figures and upcoming plans, each line with `[n]` citations. An empty `newIds` gives an empty view
 * (`empty` set). Deterministic, in the subscription's language; the original-language evidence is in the citations.
 */
export function composeDigest(knowledge: Knowledge, newIds: readonly string[], options: DigestOptions): View {
  const lang = langOf(options.language);
  const fresh = new Set(newIds);
  const index = indexOf(knowledge);
  const documents = index.documents;
  const cite = new CitationList(documents, options.textOf);
  const isFresh = (e: Evidence): boolean => fresh.has(e.document);
  /** What the fresh documents have in `by`, once each, in knowledge order (what a filter of the whole list gives). */
  const gather = <T extends object>(by: Map<string, T[]>): T[] =>
    [...new Set([...fresh].flatMap((id) => by.get(id) ?? []))].sort((a, b) => index.rank.get(a)! - index.rank.get(b)!);

  const articleDocs = newIds.flatMap((id) => documents.get(id) ?? []);
  const articles = capped(articleDocs, (doc) => articleLine(doc, cite, lang), lang);

  const meetingList = gather(index.meetings)
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const meetings = capped(meetingList, (m) => `${meetingSummary(m, 4, lang)} ${cite.citeAll(m.sources.filter(isFresh), MAX_CITATIONS_PER_LINE)}`, lang);

  const mentionsOf = new Map<AreaFacts, Evidence[]>();
  // Each area's fresh mentions in its own order.
  const freshMentions = [...fresh].flatMap((id) => index.mentions.get(id) ?? []).sort((a, b) => a.rank - b.rank);
  for (const { area, evidence } of freshMentions) {
    const list = mentionsOf.get(area);
    if (list) list.push(evidence);
    else mentionsOf.set(area, [evidence]);
  }
  const areaList = knowledge.areas
    .map((a) => ({ area: a, mentions: mentionsOf.get(a) ?? [] }))
    .filter((a) => a.mentions.length > 0)
    .sort((a, b) => b.mentions.length - a.mentions.length || a.area.label.localeCompare(b.area.label));
  const areas = capped(areaList, ({ area, mentions }) => `${say(lang, 'digest.area', { area: areaLabelIn(area.label, lang), articles: count(lang, 'newArticle', mentions.length) })} ${cite.cite(mentions[0]!)}`, lang);

  const figures = capped(gather(index.figures).filter((f) => f.measure), (f) => `${figureSummary(f, lang)} ${cite.cite(f.evidence)}`, lang);

  const planList = gather(index.plans)
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const plans = capped(planList, (p) => `${planSummary(p, lang)} ${cite.citeAll(p.sources.filter(isFresh), MAX_CITATIONS_PER_LINE)}`, lang);

  const heading = (key: string) => say(lang, `heading.${key}`);
  const sections: ViewSection[] = [
    { heading: heading('newArticles'), lines: articles },
    { heading: heading('newMeetings'), lines: meetings },
    { heading: heading('areasNewActivity'), lines: areas },
    { heading: heading('keyFigures'), lines: figures },
    { heading: heading('upcoming'), lines: plans },
  ].filter((s) => s.lines.length > 0);

  const since = options.since ? say(lang, 'digest.since', { since: options.since }) : '';
  const nothing = articleDocs.length === 0;
  return {
    kind: 'digest',
    title: options.title ?? say(lang, 'digest.title', { relationship: relationshipIn(RELATIONSHIP.label, lang) }),
    intro: nothing ? null : say(lang, 'digest.intro', { articles: count(lang, 'newArticle', articleDocs.length), meetings: count(lang, 'meeting', meetingList.length), since }),
    sections: nothing ? [] : sections,
    items: [],
    citations: nothing ? [] : cite.list(),
    empty: nothing ? say(lang, 'digest.nothing', { since }) : null,
    footer: nothing ? null : say(lang, 'digest.footer'),
  };
}
