/**
 * What every view of one engine shares: the knowledge, its indexes (built on first use: an engine lives until the
 * corpus changes, and most changes are followed by few questions), citations and the clock.
 */
import type { CorpusDocument } from '../corpus/types.js';
import { RELATIONSHIP, type Relationship } from '../knowledge/relationship.js';
import { sentenceTextOf } from '../corpus/documents.js';
import {
  evidenceText, type AreaFacts, type AreaId, type DocumentInfo, type Evidence, type Figure, type Knowledge, type Meeting,
  type Plan, type SentenceText, type Statement,
} from '../knowledge/types.js';
import { personById } from '../knowledge/people.js';
import { AREAS } from '../knowledge/areas.js';
import { titleIndex, type TitleIndex } from './title-index.js';
import { fold, inYearAndPlace, resolveWith } from './meeting-with.js';
import { CitationList } from './citations.js';
import { dateLabel } from './compose.js';
import { say, type Lang } from './lang.js';
import { compareIso } from './text.js';
import { byKnownDate, dateBounds, meetingsAt } from './meeting-dates.js';
import { firstDistinct, firstDistinctAt } from './statement-lines.js';
import { areaArticleCountsOf, keepRankings, keyFigureRankingOf, meetingRankingOf, statementRankingOf, type EngineRankings } from './rankings.js';
import { mergeAscending } from './order.js';
import type { MeetingQuery } from './views.js';

/** A passage found for a question. */
export interface Hit {
  document: string;
  sentence: number;
  score: number;
}

export interface EngineOptions {
  /** Finds sentences relevant to a question (the search index). Without it, /ask matches facts only. */
  retrieve?: (question: string, limit: number) => Hit[];
  /** What `retrieve` would otherwise do on first use, a slice per call (the search index's prepare); true when done. */
  prepareRetrieval?: () => boolean;
  /**
   * Whether prepare() ends with a few questions to `retrieve` taken from the corpus (retrieval-warmup.ts): once per
   * process and search index is enough, so the app asks it of its first engine over an index.
   */
  warmRetrieval?: boolean;
  /** Extra line under answers, e.g. which corpus snapshot answered. */
  footer?: string;
  /** Sentence text by document and index (default: read from `documents`); the app shares its own. */
  sentenceText?: SentenceText;
  /** The clock ("as of", what is still ahead). Without it, the newest article's date stands for now. */
  now?: () => Date;
  /** The relationship briefed on (default: knowledge/data/relationship.json). */
  relationship?: Relationship;
  /** Rankings already made (a knowledge snapshot's: rankings.ts), used only over the knowledge they were made for. */
  rankings?: EngineRankings;
}

/** Meeting queries whose results are kept (per corpus state). */
const MATCHED_QUERIES = 64;
/** Undated plans count as ahead this long after the article that announced them. */
const PLAN_FRESH_DAYS = 60;
/** Above this many people, areas or meetings, a statement pick reads the whole ranking instead of their lists. */
const MANY_KEYS = 64;
/** Lines of a list section; the full list is in the view's items. */
export const LIST_LINES = 25;

export { fold, namesWholly } from './meeting-with.js';

export interface EngineContext {
  /** The reader's language: every sentence of the views is written in it (English by default). */
  lang: Lang;
  /** This context for a reader of `lang`, sharing every index. */
  inLang(lang: Lang): EngineContext;
  knowledge: Knowledge;
  options: EngineOptions;
  /** The relationship briefed on (options.relationship or the default). */
  relationship: Relationship;
  footer: string | null;
  sentenceText: SentenceText;
  textOf(e: Evidence): string;
  docInfo(): Map<string, DocumentInfo>;
  citations(): CitationList;
  sentenceOf(document: string, sentence: number): Evidence | null;
  /** The meetings filed under a participant key ('id:…', 'name:…' folded, 'country:…'), newest first. */
  participantIndex(): {
    get(key: string): readonly Meeting[] | undefined;
    /** The first `max` meetings (newest first) filed under any of `keys`, each once, without listing them all. */
    newest(keys: readonly string[], max: number): Meeting[];
  };
  matchingMeetings(q: MeetingQuery): Meeting[];
  rankOf(): Map<Meeting, number>;
  /**
   * The meetings a document reports, in the knowledge's order: from an index of every document once it is built (idle
   * preparation), else by one pass over the meetings, so a command on a new engine does not wait for the index (at
   * 100,000 articles, 120–160 ms for the index against a few ms for the pass).
   */
  meetingsOf(document: string): Meeting[];
  areaFacts(id: AreaId): { facts: AreaFacts | undefined; meetings: Meeting[]; figures: Figure[]; documents: number };
  areaActivity(): { id: AreaId; count: number; evidence: Evidence[] }[];
  keyFigures(): Figure[];
  /** Plans still ahead of now; and those whose date has passed with no report since. */
  plans(): { upcoming: Plan[]; past: Plan[] };
  /** 'YYYY-MM-DD' of the newest article, or null. */
  newest(): string | null;
  /** 'YYYY-MM-DD' now: the clock's day, else the newest article's. */
  today(): string | null;
  /** "As of 6 Dec 2026 · newest article 30 Nov 2025", in the context's language */
  asOf(): string;
  languageCount(): number;
  statements(): Statement[];
  statementsOfMeeting(id: string): Statement[];
  /**
   * At most `max` statements worth showing that `keep` accepts (statement-lines.ts order, sorted once per corpus
   * state). `among`: only statements of these people, areas or meetings can pass `keep` (they are then the only ones
   * looked at: a rarely quoted person's few among 700,000).
   */
  notableStatements(max: number, keep?: (s: Statement) => boolean, among?: StatementKeys): Statement[];
  /** Person ids of every meeting participant (what an answer's parties are resolved against). */
  knownPeople(): Set<string>;
  /** Whether a document's sentence carries a meeting or a statement (ranked above plain mentions). */
  factSentences(): { has(document: string, sentence: number): boolean };
  /**
   * Builds one more of the lists and indexes the views otherwise build on first use (each up to a few hundred
   * milliseconds at 100,000 articles); true once all are built. Called while idle, so no reader waits for them.
   */
  prepare(): boolean;
  /** Places and countries of the meetings, each once, with their folded form (autocomplete). */
  places(): [place: string, folded: string][];
  /** The documents' titles folded, in the knowledge's order (autocomplete of sources). */
  sourceTitles(): TitleIndex;
  /** Meetings dated by what is known, newest first, and the undated (meeting-dates.ts; bounds computed once each). */
  byKnownDate(meetings: readonly Meeting[]): { dated: Meeting[]; undated: Meeting[] };
  listLines<T>(items: readonly T[], line: (item: T) => string): string[];
}

/** Which statements can pass a filter: by the actor's person id, an area they name, or their meeting's id. */
export interface StatementKeys {
  people?: Iterable<string>;
  areas?: Iterable<AreaId>;
  meetings?: Iterable<string>;
}

/**
 * `index` with each list copied to its exact size: a list pushed to keeps room for 16 more, and these indexes hold a
 * list per document, meeting or person (at 100,000 articles, a few hundred thousand of them, made again by every
 * engine). Returns `index`.
 */
function exactLists<K, T>(index: Map<K, T[]>): Map<K, T[]> {
  for (const [key, list] of index) if (list.length > 1) index.set(key, list.slice());
  return index;
}

/** Titles the /sources index folds per idle step (70–200 ms of work at 100,000 articles; all at once, half a second). */
const TITLES_STEP = 20_000;

/** Appends position `at` to `key`'s ascending list, once (one item can name a key twice). */
function filePosition(index: Map<string, number[]>, key: string, at: number): void {
  const list = index.get(key);
  if (!list) index.set(key, [at]);
  else if (list[list.length - 1] !== at) list.push(at);
}

export function createContext(knowledge: Knowledge, documents: readonly CorpusDocument[], options: EngineOptions): EngineContext {
  let infoById: Map<string, DocumentInfo> | undefined;
  const docInfo = () => (infoById ??= new Map<string, DocumentInfo>(knowledge.documents.map((d) => [d.id, d])));
  const sentenceText: SentenceText = options.sentenceText ?? sentenceTextOf(documents);

  // One filter is applied to every meeting: resolve its "with" once, not once per meeting.
  let lastWith: { input: string; value: ReturnType<typeof resolveWith> } | null = null;
  const resolveWithOnce = (input: string) => (lastWith?.input === input ? lastWith : (lastWith = { input, value: resolveWith(input) })).value;

  let byDocument: Map<string, Meeting[]> | undefined;
  const meetingsOfDocument = (): Map<string, Meeting[]> => {
    if (byDocument) return byDocument;
    byDocument = new Map();
    for (const m of knowledge.meetings) {
      for (const r of m.reports) {
        const list = byDocument.get(r.document);
        if (!list) byDocument.set(r.document, [m]);
        // Each meeting once per document (its reports are listed together): no set of documents made per meeting.
        else if (list[list.length - 1] !== m) list.push(m);
      }
    }
    return exactLists(byDocument);
  };
  const meetingsOf = (document: string): Meeting[] =>
    byDocument ? (byDocument.get(document) ?? []) : knowledge.meetings.filter((m) => m.reports.some((r) => r.document === document));

  /** Positions in knowledge.meetings (newest first) of each participant key's meetings, ascending. */
  let positionsByParticipant: Map<string, number[]> | undefined;
  const participantPositions = (): Map<string, number[]> => {
    if (positionsByParticipant) return positionsByParticipant;
    const index = new Map<string, number[]>();
    const file = (key: string, at: number) => filePosition(index, key, at);
    knowledge.meetings.forEach((m, at) => {
      for (const p of m.participants) {
        if (p.personId) file(`id:${p.personId}`, at);
        file(`name:${fold(p.name)}`, at);
        if (p.country) file(`country:${p.country}`, at);
      }
    });
    return (positionsByParticipant = exactLists(index));
  };
  const participantIndex = () => ({
    get: (key: string): readonly Meeting[] | undefined => participantPositions().get(key)?.map((i) => knowledge.meetings[i]!),
    newest(keys: readonly string[], max: number): Meeting[] {
      const index = participantPositions();
      const found: Meeting[] = [];
      if (max <= 0) return found;
      for (const i of mergeAscending(keys.map((k) => index.get(k) ?? []))) {
        found.push(knowledge.meetings[i]!);
        if (found.length >= max) break;
      }
      return found;
    },
  });

  /** The meetings `with` names, in the knowledge's order (newest first): positions merged, no sort of meetings. */
  const withMeetings = (input: string): Meeting[] => {
    const w = resolveWithOnce(input);
    const index = participantPositions();
    const keys = [...[...w.people].map((id) => `id:${id}`), ...[...w.names].map((n) => `name:${n}`), ...[...w.countries].map((c) => `country:${c}`)];
    const lists = keys.map((k) => index.get(k) ?? []).filter((list) => list.length > 0);
    return Array.from(lists.length === 1 ? lists[0]! : mergeAscending(lists), (i) => knowledge.meetings[i]!);
  };
  let rank: Map<Meeting, number> | undefined;
  const rankOf = () => (rank ??= new Map(knowledge.meetings.map((m, i) => [m, i])));
  /** The last queries' meetings (a person asked about is often asked about again, and autocomplete repeats them). */
  const matched = new Map<string, Meeting[]>();
  const matchingMeetings = (q: MeetingQuery): Meeting[] => {
    const key = JSON.stringify([q.with ?? null, q.year ?? null, q.place ?? null]);
    const known = matched.get(key);
    if (known) return known;
    const pool = q.with ? withMeetings(q.with) : knowledge.meetings;
    const found = q.year || q.place ? pool.filter((m) => inYearAndPlace(m, q)) : pool;
    if (matched.size >= MATCHED_QUERIES) matched.delete(matched.keys().next().value!);
    matched.set(key, found);
    return found;
  };

  let byArea: Map<AreaId, { meetings: Meeting[]; figures: Figure[] }> | undefined;
  /** Every area's meetings and figures, in one pass over each list (not one pass per area asked). */
  const areaLists = () => {
    if (byArea) return byArea;
    byArea = new Map();
    const of = (id: AreaId) => {
      let lists = byArea!.get(id);
      if (!lists) byArea!.set(id, (lists = { meetings: [], figures: [] }));
      return lists;
    };
    for (const m of knowledge.meetings) for (const id of m.areas) of(id).meetings.push(m);
    // A figure belongs to the area when its own sentence names it.
    for (const f of knowledge.figures) for (const id of new Set(f.areas ?? [])) of(id).figures.push(f);
    return byArea;
  };
  const areaFacts = (id: AreaId) => {
    const at = knowledge.areas.findIndex((a) => a.id === id);
    const facts = at < 0 ? undefined : knowledge.areas[at];
    const documents = at < 0 ? 0 : areaArticleCountsOf(knowledge)[at]!;
    const lists = areaLists().get(id);
    return { facts, meetings: lists?.meetings ?? [], figures: lists?.figures ?? [], documents };
  };

  let activity: ReturnType<EngineContext['areaActivity']> | undefined;
  const areaActivity = () => (activity ??= (() => {
    const articles = areaArticleCountsOf(knowledge);
    return knowledge.areas
      .map((a, i) => ({ id: a.id, count: articles[i]!, evidence: a.mentions }))
      .sort((a, b) => b.count - a.count || b.evidence.length - a.evidence.length);
  })());

  let keyFigureList: Figure[] | undefined;
  const keyFigures = (): Figure[] => (keyFigureList ??= Array.from(keyFigureRankingOf(knowledge), (i) => knowledge.figures[i]!));

  let newestDate: string | null | undefined;
  const newest = () => (newestDate ??= knowledge.documents.reduce<string | null>((max, d) => (d.published && (!max || d.published > max) ? d.published : max), null));
  const today = () => (options.now ? options.now().toISOString().slice(0, 10) : newest());

  let planLists: { upcoming: Plan[]; past: Plan[] } | undefined;
  const plans = () => (planLists ??= (() => {
    const now = today();
    const nowMs = now ? Date.parse(now) : NaN;
    const ahead = (p: Plan) => {
      if (!now) return true;
      if (p.date) return p.date >= now.slice(0, p.date.length);
      const announced = docInfo().get(p.sources[0]?.document ?? '')?.published;
      return !!announced && nowMs - Date.parse(announced) <= PLAN_FRESH_DAYS * 86_400_000;
    };
    // A plan whose participant no longer holds the office it names (a new prime minister since) is not upcoming.
    const stillInOffice = (p: Plan) => !now || p.participants.every((x) => {
      const person = x.personId && x.role ? personById(x.personId) : undefined;
      return !person || person.offices.some((o) => o.role === x.role && (!o.to || o.to >= now.slice(0, o.to.length)));
    });
    // One pass, each test once per plan (a large corpus has tens of thousands of plans).
    const upcoming: Plan[] = [];
    const past: Plan[] = [];
    for (const p of knowledge.plans) {
      const isAhead = ahead(p);
      const inOffice = stillInOffice(p);
      if (isAhead && inOffice) upcoming.push(p);
      else if ((p.date !== null && !isAhead) || (isAhead && !inOffice)) past.push(p);
    }
    const byDate = (a: Plan, b: Plan) => compareIso(a.date ?? '9999', b.date ?? '9999');
    return { upcoming: upcoming.sort(byDate), past: past.sort(byDate) };
  })());

  let languages: number | undefined;
  let statementsByMeeting: Map<string, Statement[]> | undefined;
  const statementsOfMeeting = (id: string) => {
    if (!statementsByMeeting) {
      statementsByMeeting = new Map();
      for (const s of knowledge.statements ?? []) {
        if (!s.meeting) continue;
        const list = statementsByMeeting.get(s.meeting);
        if (list) list.push(s);
        else statementsByMeeting.set(s.meeting, [s]);
      }
      exactLists(statementsByMeeting);
    }
    return statementsByMeeting.get(id) ?? [];
  };

  let people: Set<string> | undefined;
  const knownPeople = () => (people ??= new Set(knowledge.meetings.flatMap((m) => m.participants.map((p) => p.personId)).filter((id): id is string => !!id)));
  /** Per document, the sentences that carry a meeting or a statement (no key string per sentence: 1.3 million at 100,000 articles). */
  let factsByDocument: Map<string, number[]> | undefined;
  const factSentences = () => {
    if (!factsByDocument) {
      const index = new Map<string, number[]>();
      const file = (e: Evidence) => {
        const list = index.get(e.document);
        if (!list) index.set(e.document, [e.sentence]);
        else if (!list.includes(e.sentence)) list.push(e.sentence);
      };
      for (const x of knowledge.statements ?? []) file(x.evidence);
      for (const m of knowledge.meetings) for (const e of m.sources) file(e);
      factsByDocument = exactLists(index);
    }
    const index = factsByDocument;
    return { has: (document: string, sentence: number) => index.get(document)?.includes(sentence) ?? false };
  };

  let placeList: [string, string][] | undefined;
  const places = () => (placeList ??= [...new Set(knowledge.meetings.flatMap((m) => [m.place, m.country]).filter((p): p is string => !!p))]
    .map((p) => [p, fold(p)]));
  let titles: TitleIndex | undefined;
  const sourceTitles = () => (titles ??= titleIndex(knowledge.documents.map((d) => d.title)));

  // The rankings given for this very knowledge, if any: what the two orders below would compute (rankings.ts).
  if (options.rankings?.knowledge === knowledge) keepRankings(options.rankings);
  /**
   * The statements in the order worth showing, read in place through the ranking's positions: never all made into one
   * list (700,000 at 100,000 articles, a tenth of a first briefing).
   */
  const ranked = () => statementRankingOf(knowledge);
  /**
   * Positions in the ranked statements of each actor's person id, each area and each meeting id, ascending; each kind
   * built on its first use (one pass over the ranking, no key strings made).
   */
  const rankedBy = new Map<keyof StatementKeys, Map<string, number[]>>();
  const rankedPositions = (kind: keyof StatementKeys): Map<string, number[]> => {
    let index = rankedBy.get(kind);
    if (index) return index;
    index = new Map();
    const file = (key: string, at: number) => filePosition(index!, key, at);
    const positions = ranked();
    const statements = knowledge.statements!;
    for (let at = 0; at < positions.length; at++) {
      const x = statements[positions[at]!]!;
      if (kind === 'people') {
        if (x.actor.personId) file(x.actor.personId, at);
      } else if (kind === 'areas') for (const a of x.areas) file(a, at);
      else if (x.meeting) file(x.meeting, at);
    }
    rankedBy.set(kind, exactLists(index));
    return index;
  };
  const notableStatements = (max: number, keep?: (s: Statement) => boolean, among?: StatementKeys) => {
    const all = knowledge.statements ?? [];
    const positions = ranked();
    if (!among) return firstDistinctAt(all, positions, max, keep);
    const keyCount = [among.people, among.areas, among.meetings].reduce((n, keys) => n + (keys ? [...keys].length : 0), 0);
    // Many keys (a much-met person's meetings) match often: reading the ranking until `max` is found is then cheaper
    // than merging their lists.
    if (keyCount > MANY_KEYS) return firstDistinctAt(all, positions, max, keep);
    const lists: number[][] = [];
    for (const kind of ['people', 'areas', 'meetings'] as const) {
      for (const key of among[kind] ?? []) {
        const list = rankedPositions(kind).get(key);
        if (list) lists.push(list);
      }
    }
    // The same order as the whole ranking, so the same statements as looking through it all (read in place, and
    // only as far as the pick goes: an area can hold a third of every statement).
    return firstDistinct({ *[Symbol.iterator]() { for (const at of mergeAscending(lists)) yield all[positions[at]!]!; } }, max, keep);
  };

  const bounds = new Map<Meeting, ReturnType<typeof dateBounds>>();
  const boundsOf = (m: Meeting) => {
    let b = bounds.get(m);
    if (b === undefined) bounds.set(m, (b = dateBounds(m)));
    return b;
  };
  // By the list's identity: the whole list, an area's and a query's are kept per corpus state (see matchingMeetings).
  const knownDatesOf = new WeakMap<readonly Meeting[], ReturnType<typeof byKnownDate>>();
  const knownDates = (meetings: readonly Meeting[]) => {
    let found = knownDatesOf.get(meetings);
    if (!found) {
      // The whole list: ranked once per knowledge, for every engine over it and for its snapshot (rankings.ts).
      found = meetings === knowledge.meetings ? meetingsAt(meetings, meetingRankingOf(knowledge, boundsOf)) : byKnownDate(meetings, boundsOf);
      knownDatesOf.set(meetings, found);
    }
    return found;
  };

  const languageCount = () => (languages ??= new Set(knowledge.documents.map((d) => d.lang)).size);
  /**
   * What prepare() builds, one per call: every list and index of this corpus state a view builds when first asked. One
   * that returns false is called again at the next step, until it is done.
   */
  const preparations: (() => unknown)[] = [
    docInfo, ranked, () => knownDates(knowledge.meetings), rankOf, participantPositions, factSentences, knownPeople,
    () => rankedPositions('people'), () => rankedPositions('areas'), () => rankedPositions('meetings'),
    areaLists, areaActivity, () => AREAS.forEach((a) => areaFacts(a.id)), keyFigures, plans, () => statementsOfMeeting(''),
    meetingsOfDocument, places, () => sourceTitles().foldSome(TITLES_STEP), languageCount, newest,
  ];
  let prepared = 0;

  const ctx: EngineContext = {
    lang: 'en',
    inLang(lang) {
      return lang === this.lang ? this : { ...this, lang };
    },
    knowledge, options, sentenceText, notableStatements, knownPeople, factSentences, places, sourceTitles, byKnownDate: knownDates, docInfo, meetingsOf, participantIndex, matchingMeetings, rankOf,
    areaFacts, areaActivity, keyFigures, plans, newest, today, statementsOfMeeting,
    relationship: options.relationship ?? RELATIONSHIP,
    footer: options.footer ?? null,
    textOf: (e) => evidenceText(e, sentenceText),
    citations: () => new CitationList(docInfo(), sentenceText),
    sentenceOf(document, sentence) {
      const text = sentenceText(document, sentence);
      const info = docInfo().get(document);
      return text !== undefined && info ? { document, sentence, text, lang: info.lang } : null;
    },
    asOf() {
      const n = newest();
      const now = options.now ? dateLabel(options.now().toISOString().slice(0, 10), this.lang) : null;
      return [now && say(this.lang, 'date.asOf', { date: now }), n && say(this.lang, now ? 'date.newest' : 'date.newestFirst', { date: dateLabel(n, this.lang) })]
        .filter(Boolean).join(say(this.lang, 'list.dot'));
    },
    languageCount,
    prepare() {
      if (prepared < preparations.length && preparations[prepared]!() !== false) prepared++;
      return prepared >= preparations.length;
    },
    statements: () => knowledge.statements ?? [],
    listLines(items, line) {
      const lines = items.slice(0, LIST_LINES).map(line);
      if (items.length > LIST_LINES) lines.push(say(this.lang, 'list.more', { n: items.length - LIST_LINES }));
      return lines;
    },
  };
  return ctx;
}

