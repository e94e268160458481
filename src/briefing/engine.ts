/**
 * The deterministic engine: answers every command from extracted knowledge, in English, with citations.
 * Pure: it holds the knowledge in memory and never does I/O.
 */
import type { CorpusDocument } from '../corpus/types.js';
import { RELATIONSHIP, sideNames, type Relationship } from '../knowledge/relationship.js';
import { sentenceTextOf } from '../corpus/documents.js';
import { evidenceText, type AreaFacts, type AreaId, type DocumentInfo, type Evidence, type Figure, type Knowledge, type Meeting, type Person, type Plan, type SentenceText } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import { allPeople, matchPeople, normalizeName } from '../knowledge/people.js';
import { findCountries } from '../knowledge/places.js';
import { CitationList } from './citations.js';
import {
  areaLabel, figureSummary, formatHumanDate, meetingAction, meetingHeader, meetingSummary, personLabel, planSummary,
} from './compose.js';
import type { Engine, MeetingQuery, Suggestion, SuggestKind, TimelineQuery, View, ViewItem, ViewSection } from './views.js';

/** A passage found for a question. */
export interface Hit {
  document: string;
  sentence: number;
  score: number;
}

export interface EngineOptions {
  /** Finds sentences relevant to a question (the search index). Without it, /ask matches facts only. */
  retrieve?: (question: string, limit: number) => Hit[];
  /** Extra line under answers, e.g. which corpus snapshot answered. */
  footer?: string;
  /** Sentence text by document and index (default: read from `documents`); the app shares its own. */
  sentenceText?: SentenceText;
  /** The relationship briefed on (default: knowledge/data/relationship.json). */
  relationship?: Relationship;
}

const LATEST = 5;
const TOP_AREAS = 6;
const MAX_QUOTES = 8;
const PLAN_FRESH_DAYS = 60;
/** Lines of a list section; the full list is in the view's items. */
const LIST_LINES = 25;
const KEY_FIGURES = 5;

function view(kind: View['kind'], title: string, partial: Partial<View> = {}): View {
  return { kind, title, intro: null, sections: [], items: [], citations: [], empty: null, footer: null, ...partial };
}

const fold = (s: string) => normalizeName(s);

function clip(text: string, max = 100): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** Finds the taxonomy area a user means: id, English label, or a prefix of either. */
export function resolveArea(input: string): AreaId | null {
  const q = fold(input).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (!q) return null;
  const exact = AREAS.find((a) => a.id === input.trim() || fold(a.label) === q || a.id.replace(/-/g, ' ') === q);
  if (exact) return exact.id;
  const partial = AREAS.find((a) => fold(a.label).includes(q) || a.id.includes(q.replace(/ /g, '-')) || q.includes(fold(a.label).split(' ')[0]!));
  return partial?.id ?? null;
}

/** Scripts written without spaces between names, where a leading part of a variant is a whole name (石破). */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/**
 * True when `input` names the person with whole words of their name or of a variant, in any order (`Ishiba`,
 * `Shigeru Ishiba`, `石破茂`), not a part of a word (`ishi` is not Kishida, nor Ishiba).
 */
export function namesWholly(person: Pick<Person, 'name' | 'variants'>, input: string): boolean {
  const words = fold(input).split(' ').filter(Boolean);
  if (words.length === 0) return false;
  return [person.name, ...person.variants].some((variant) => {
    const v = fold(variant);
    if (UNSPACED.test(v)) return words.length === 1 && v.startsWith(words[0]!) && words[0]!.length >= 2;
    const tokens = new Set(v.split(' '));
    return v.replace(/ /g, '') === words.join('') || words.every((w) => tokens.has(w));
  });
}

export function createEngine(knowledge: Knowledge, documents: readonly CorpusDocument[], options: EngineOptions = {}): Engine {
  // Built on first use: an engine is rebuilt on every corpus change, and most changes are followed by few questions.
  let infoById: Map<string, DocumentInfo> | undefined;
  const docInfo = () => (infoById ??= new Map<string, DocumentInfo>(knowledge.documents.map((d) => [d.id, d])));
  const sentenceText: SentenceText = options.sentenceText ?? sentenceTextOf(documents);
  const relationship = options.relationship ?? RELATIONSHIP;
  const textOf = (e: Evidence): string => evidenceText(e, sentenceText);
  const citations = () => new CitationList(docInfo(), sentenceText);
  const footer = options.footer ?? null;

  const sentenceOf = (document: string, sentence: number): Evidence | null => {
    const text = sentenceText(document, sentence);
    const info = docInfo().get(document);
    return text !== undefined && info ? { document, sentence, text, lang: info.lang } : null;
  };

  /** Person ids and country codes a "with" filter means. */
  const resolveWith = (input: string): { people: Set<string>; names: Set<string>; countries: Set<string> } => {
    const countries = new Set(findCountries(input, 'en').map((c) => c.code));
    if (/^[A-Za-z]{2}$/.test(input.trim())) countries.add(input.trim().toUpperCase());
    const people = new Set(matchPeople(input).filter((p) => namesWholly(p, input)).slice(0, 5).map((p) => p.id));
    const names = new Set([fold(input)]);
    return { people, names, countries };
  };

  // One filter is applied to every meeting: resolve its "with" once, not once per meeting.
  let lastWith: { input: string; value: ReturnType<typeof resolveWith> } | null = null;
  const resolveWithOnce = (input: string) => (lastWith?.input === input ? lastWith : (lastWith = { input, value: resolveWith(input) })).value;

  /** Meetings each document reports, in knowledge order, built on first use. */
  let byDocument: Map<string, Meeting[]> | undefined;
  const meetingsOfDocument = (): Map<string, Meeting[]> => {
    if (byDocument) return byDocument;
    byDocument = new Map();
    for (const m of knowledge.meetings) {
      for (const id of new Set(m.reports.map((r) => r.document))) {
        const list = byDocument.get(id);
        if (list) list.push(m);
        else byDocument.set(id, [m]);
      }
    }
    return byDocument;
  };

  /** Meetings by participant (person id, folded name, country), built on first use. */
  let byParticipant: Map<string, Set<Meeting>> | undefined;
  const participantIndex = (): Map<string, Set<Meeting>> => {
    if (byParticipant) return byParticipant;
    byParticipant = new Map();
    const file = (key: string, m: Meeting) => {
      const set = byParticipant!.get(key);
      if (set) set.add(m);
      else byParticipant!.set(key, new Set([m]));
    };
    for (const m of knowledge.meetings) {
      for (const p of m.participants) {
        if (p.personId) file(`id:${p.personId}`, m);
        file(`name:${fold(p.name)}`, m);
        if (p.country) file(`country:${p.country}`, m);
      }
    }
    return byParticipant;
  };

  /** The meetings a "with" filter means, as a set (or null when there is no such filter). */
  const withSet = (input: string | undefined): Set<Meeting> | null => {
    if (!input) return null;
    const w = resolveWithOnce(input);
    const index = participantIndex();
    const keys = [...[...w.people].map((id) => `id:${id}`), ...[...w.names].map((n) => `name:${n}`), ...[...w.countries].map((c) => `country:${c}`)];
    return new Set(keys.flatMap((k) => [...(index.get(k) ?? [])]));
  };

  /** The year and place filters of a query ("with" is answered by the participant index). */
  const inYearAndPlace = (m: Meeting, q: MeetingQuery): boolean => {
    if (q.year && !(m.date ?? '').startsWith(String(q.year))) return false;
    if (!q.place) return true;
    const p = fold(q.place);
    return [m.place, m.country, m.occasion].some((v) => v && fold(v).includes(p));
  };

  /** Meetings matching a query, newest first, without testing every meeting when a "with" filter narrows them. */
  /** Each meeting's position in knowledge.meetings (newest first), to order a subset without scanning them all. */
  let rank: Map<Meeting, number> | undefined;
  const rankOf = () => (rank ??= new Map(knowledge.meetings.map((m, i) => [m, i])));
  const matchingMeetings = (q: MeetingQuery): Meeting[] => {
    const withMeetings = withSet(q.with);
    let pool = knowledge.meetings;
    if (withMeetings) {
      const r = rankOf();
      pool = [...withMeetings].sort((a, b) => r.get(a)! - r.get(b)!);
    }
    return q.year || q.place ? pool.filter((m) => inYearAndPlace(m, q)) : pool;
  };
  /** The pagination items of every meeting (the unfiltered /meetings), built once. */
  let allItems: ViewItem[] | undefined;

  const meetingDetail = (m: Meeting): View => {
    const list = citations();
    const lines: string[] = [`${meetingSummary(m)} ${list.citeAll(m.sources, 3)}`];
    const sections: ViewSection[] = [{ heading: 'Summary', lines }];
    sections.push({
      heading: 'Participants',
      lines: m.participants.map((p) => `${personLabel(p)}${p.country ? ` (${p.country})` : ''}`),
    });
    if (m.areas.length) sections.push({ heading: 'Areas discussed', lines: [m.areas.map(areaLabel).join(', ')] });
    sections.push({
      heading: 'Reported by',
      lines: m.reports.map((r) => `${r.outlet ?? r.document} · ${r.lang} · ${formatHumanDate(r.published)}`),
    });
    if (m.conflicts.length) sections.push({ heading: 'Sources disagree', lines: m.conflicts });
    sections.push({
      heading: 'Evidence',
      lines: m.sources.slice(0, MAX_QUOTES).map((e) => `[${e.lang}] “${clip(textOf(e), 300)}” ${list.cite(e)}`),
    });
    return view('meeting', clip(meetingAction(m), 256), {
      intro: meetingHeader(m), sections, citations: list.list(), footer,
    });
  };

  // Lists can hold thousands of entries: summaries are computed once, details only when a user opens one.
  const summaries = new Map<Meeting, string>();
  const summaryOf = (m: Meeting): string => {
    let line = summaries.get(m);
    if (line === undefined) summaries.set(m, (line = meetingSummary(m)));
    return line;
  };
  const items = new Map<Meeting, ViewItem>();
  const meetingItem = (m: Meeting): ViewItem => {
    let item = items.get(m);
    if (item) return item;
    let detail: View | undefined;
    let label: string | undefined;
    item = {
      id: m.id,
      get label() { return (label ??= clip(`${formatHumanDate(m.date)} · ${m.participants.map((p) => p.name).join(' – ')}`, 100)); },
      get summary() { return summaryOf(m); },
      get detail() { return (detail ??= meetingDetail(m)); },
    };
    items.set(m, item);
    return item;
  };

  /** A section's lines for a long list: the first LIST_LINES, then how many more the pages hold. */
  const listLines = <T>(items: readonly T[], line: (item: T) => string): string[] => {
    const lines = items.slice(0, LIST_LINES).map(line);
    if (items.length > LIST_LINES) lines.push(`… and ${items.length - LIST_LINES} more (page through the list, or narrow it with filters)`);
    return lines;
  };

  /** What /cooperation shows of one area, gathered once per area (an engine lives until the corpus changes). */
  const byArea = new Map<AreaId, { facts: AreaFacts | undefined; meetings: Meeting[]; figures: Figure[]; documents: number }>();
  const areaFacts = (id: AreaId) => {
    let found = byArea.get(id);
    if (!found) {
      const facts = knowledge.areas.find((a) => a.id === id);
      found = {
        facts,
        meetings: knowledge.meetings.filter((m) => m.areas.includes(id)),
        // A figure belongs to the area when its own sentence names it.
        figures: knowledge.figures.filter((f) => f.areas?.includes(id)),
        documents: new Set((facts?.mentions ?? []).map((e) => e.document)).size,
      };
      byArea.set(id, found);
    }
    return found;
  };

  // Corpus-wide rankings are computed once per engine (an engine lives until the corpus changes).
  let activity: { id: AreaId; count: number; evidence: Evidence[] }[] | undefined;
  const areaActivity = () => (activity ??= knowledge.areas
    .map((a) => ({ id: a.id, count: new Set(a.mentions.map((m) => m.document)).size, evidence: a.mentions }))
    .sort((a, b) => b.count - a.count || b.evidence.length - a.evidence.length));

  /** Measured figures for the briefing: from the newest articles first, money before counts. */
  let keyFigureList: Figure[] | undefined;
  const keyFigures = (): Figure[] => (keyFigureList ??= (() => {
    const published = new Map(knowledge.documents.map((d) => [d.id, d.published ?? '']));
    const money = (f: Figure) => (f.unit && /^[A-Z]{3}$/.test(f.unit) ? 1 : 0);
    return knowledge.figures
      .filter((f) => f.measure)
      .sort((a, b) =>
        (published.get(b.evidence.document) ?? '').localeCompare(published.get(a.evidence.document) ?? '') ||
        money(b) - money(a) || (money(a) ? b.value - a.value : 0))
      .slice(0, KEY_FIGURES);
  })());

  /**
   * Plans still ahead as of the corpus's newest article (the core has no clock): dated on or after its month, or
   * undated but announced within the last PLAN_FRESH_DAYS of it.
   */
  const newestOf = () => knowledge.documents.reduce<string | null>((max, d) => (d.published && (!max || d.published > max) ? d.published : max), null);
  /** Dated meetings and plans, oldest first, sorted once. */
  type TimelineEvent = { date: string | null; line: () => string; evidence: Evidence[]; meeting?: Meeting };
  let sortedEvents: TimelineEvent[] | undefined;
  let undatedCount: number | undefined;
  const timelineEvents = (): TimelineEvent[] => (sortedEvents ??= [
    ...knowledge.meetings.filter((m) => m.date !== null).map((m) => ({ date: m.date, line: () => meetingSummary(m, 3), evidence: m.sources, meeting: m })),
    ...knowledge.plans.filter((p) => p.date !== null).map((p) => ({ date: p.date, line: () => `${planSummary(p)}.`, evidence: p.sources })),
  ].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '')));

  let upcomingPlans: Plan[] | undefined;
  const upcoming = (): Plan[] => (upcomingPlans ??= (() => {
    const published = new Map(knowledge.documents.map((d) => [d.id, d.published]));
    const newest = newestOf();
    const fresh = (p: Plan) => {
      if (!newest) return true;
      if (p.date) return p.date >= newest.slice(0, p.date.length);
      const announced = published.get(p.sources[0]?.document ?? '');
      return !!announced && Date.parse(newest) - Date.parse(announced) <= PLAN_FRESH_DAYS * 86_400_000;
    };
    return knowledge.plans.filter(fresh).sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  })());
  let languages: number | undefined;
  const languageCount = () => (languages ??= new Set(knowledge.documents.map((d) => d.lang)).size);

  /** Timeline views by range, kept for the engine's life (a range is asked again and again). */
  const timelines = new Map<string, View>();
  const timelineView = async (query: TimelineQuery): Promise<View> => {
    const inRange = (date: string | null) =>
      date !== null && (!query.from || date >= query.from.slice(0, date.length)) && (!query.to || date.slice(0, query.to.length) <= query.to);
    const all = timelineEvents();
    // Sorted by date: the range is a slice found by binary search, not a scan of every event.
    const firstAtOrAfter = (key: string) => {
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((all[mid]!.date ?? '') < key) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const from = query.from ? firstAtOrAfter(query.from.slice(0, 4)) : 0;
    const events = all.slice(from).filter((e) => inRange(e.date));
    const list = citations();
    const range = [query.from && `from ${query.from}`, query.to && `to ${query.to}`].filter(Boolean).join(' ');
    const undated = (undatedCount ??= knowledge.meetings.filter((m) => m.date === null).length);
    return view('timeline', `Timeline${range ? ` ${range}` : ''}`, {
      intro: events.length ? `${events.length} dated event${events.length === 1 ? '' : 's'}, oldest first.${undated && !range ? ` ${undated} undated meeting${undated === 1 ? '' : 's'} not shown.` : ''}` : null,
      sections: events.length ? [{ heading: 'Events', lines: listLines(events, (e) => `${e.line()} ${list.citeAll(e.evidence, 2)}`) }] : [],
      items: events.flatMap((e) => (e.meeting ? [meetingItem(e.meeting)] : [])),
      citations: list.list(), footer,
      empty: events.length ? null : 'No dated event in that range.',
    });
  };

  const engine: Engine = {
    async briefing(topic) {
      if (topic && resolveArea(topic)) return engine.cooperation(topic);
      const meetings = topic ? matchingMeetings({ with: topic }) : knowledge.meetings;
      const list = citations();
      const sections: ViewSection[] = [];
      if (meetings.length) {
        sections.push({
          heading: 'Latest meetings',
          lines: meetings.slice(0, LATEST).map((m) => `${meetingSummary(m, 4)} ${list.citeAll(m.sources, 2)}`),
        });
      }
      const areas = areaActivity().slice(0, TOP_AREAS);
      if (areas.length && !topic) {
        sections.push({
          heading: 'Most active cooperation areas',
          lines: areas.map((a) => `${areaLabel(a.id)} — named in ${a.count} article${a.count === 1 ? '' : 's'} ${list.cite(a.evidence[0]!)}`),
        });
      }
      const figures = keyFigures();
      if (figures.length && !topic) {
        sections.push({ heading: 'Key figures', lines: figures.map((f) => `${figureSummary(f)} ${list.cite(f.evidence)}`) });
      }
      const plans = upcoming().slice(0, 3);
      if (plans.length && !topic) {
        sections.push({ heading: 'Scheduled next', lines: plans.map((p) => `${planSummary(p)} ${list.citeAll(p.sources, 1)}`) });
      }
      const docs = knowledge.documents;
      return view('briefing', topic ? `Briefing: ${clip(topic, 200)}` : `${relationship.label} briefing`, {
        intro: `${knowledge.meetings.length} meetings from ${docs.length} articles in ${languageCount()} languages.`,
        sections, citations: list.list(), footer,
        empty: sections.length ? null : topic ? `Nothing in the corpus about “${clip(topic, 80)}” yet.` : 'The corpus is empty: add articles to the corpus folder.',
      });
    },

    async meetings(query) {
      const found = matchingMeetings(query);
      const filters = [query.with && `with ${query.with}`, query.year && `in ${query.year}`, query.place && `at ${query.place}`]
        .filter(Boolean).join(', ');
      const list = citations();
      const items = found === knowledge.meetings ? (allItems ??= found.map(meetingItem)) : found.map(meetingItem);
      return view('meetings', `Meetings${filters ? ` ${clip(filters, 200)}` : ''}`, {
        intro: found.length ? `${found.length} meeting${found.length === 1 ? '' : 's'}, newest first.` : null,
        sections: found.length
          ? [{ heading: 'Meetings', lines: listLines(found, (m) => `${meetingSummary(m, 4)} ${list.citeAll(m.sources, 2)}`) }]
          : [],
        items, citations: list.list(), footer,
        empty: found.length ? null : `No meeting found${filters ? ` ${filters}` : ''}.`,
      });
    },

    async cooperation(area) {
      const id = resolveArea(area);
      if (!id) {
        return view('cooperation', 'Cooperation', {
          empty: `Unknown area “${clip(area, 80)}”. Known areas: ${AREAS.map((a) => a.id).join(', ')}.`, footer,
        });
      }
      const list = citations();
      const { facts, meetings, figures, documents: articleCount } = areaFacts(id);
      const sections: ViewSection[] = [];
      if (meetings.length) {
        sections.push({ heading: 'Meetings that discussed it', lines: meetings.slice(0, 8).map((m) => `${meetingSummary(m, 3)} ${list.citeAll(m.sources, 2)}`) });
      }
      const mentions = facts?.mentions ?? [];
      if (mentions.length) {
        sections.push({
          heading: 'What the sources say',
          lines: mentions.slice(0, MAX_QUOTES).map((e) => `[${e.lang}] “${clip(textOf(e), 280)}” ${list.cite(e)}`),
        });
      }
      if (figures.length) sections.push({ heading: 'Key figures', lines: figures.slice(0, 6).map((f) => `${figureSummary(f)} ${list.cite(f.evidence)}`) });
      return view('cooperation', `Cooperation: ${areaLabel(id)}`, {
        intro: mentions.length ? `Named as a field of cooperation in ${articleCount} article${articleCount === 1 ? '' : 's'}, ${meetings.length} meeting${meetings.length === 1 ? '' : 's'}.` : null,
        sections, citations: list.list(), footer,
        empty: mentions.length ? null : `No article names ${areaLabel(id).toLowerCase()} as a field of cooperation yet.`,
      });
    },

    async timeline(query) {
      const key = `${query.from ?? ''}|${query.to ?? ''}`;
      const known = timelines.get(key);
      if (known) return known;
      const made = await timelineView(query);
      if (timelines.size >= 64) timelines.delete(timelines.keys().next().value!);
      timelines.set(key, made);
      return made;
    },

    async ask(question) {
      const list = citations();
      const sections: ViewSection[] = [];
      const people = matchPeopleIn(question);
      const area = areasIn(question);
      // From the participant and area indexes, in knowledge order (newest first), not a scan of every meeting.
      const pool = new Set<Meeting>();
      if (people.size > 0) for (const id of people) for (const m of participantIndex().get(`id:${id}`) ?? []) pool.add(m);
      else for (const a of area) for (const m of areaFacts(a).meetings) pool.add(m);
      const r = rankOf();
      const related = [...pool].sort((a, b) => r.get(a)! - r.get(b)!);
      if (related.length) {
        sections.push({ heading: 'Related meetings', lines: related.slice(0, 4).map((m) => `${meetingSummary(m, 4)} ${list.citeAll(m.sources, 2)}`) });
      }
      const hits = options.retrieve?.(question, MAX_QUOTES) ?? [];
      const quotes = hits.map((h) => sentenceOf(h.document, h.sentence)).filter((e): e is Evidence => e !== null);
      if (quotes.length) {
        sections.push({ heading: 'From the sources', lines: quotes.map((e) => `[${e.lang}] “${clip(textOf(e), 300)}” ${list.cite(e)}`) });
      }
      return view('answer', clip(question, 256), {
        intro: sections.length ? 'Answered from the corpus; every line cites its source sentence.' : null,
        sections, citations: list.list(), footer,
        empty: sections.length ? null : 'The corpus has nothing on that yet. Try a person, a place or a cooperation area.',
      });
    },

    async sources(id) {
      if (id) {
        const doc = docInfo().get(id) ?? knowledge.documents.find((d) => d.id.startsWith(id));
        if (!doc) return view('source', 'Source', { empty: `No document “${clip(id, 80)}”. Run /sources for the list.`, footer });
        const meetings = meetingsOfDocument().get(doc.id) ?? [];
        return view('source', clip(doc.title ?? doc.id, 256), {
          intro: `${doc.id} · ${doc.lang} · ${doc.outlet ?? 'outlet unknown'} · ${formatHumanDate(doc.published)}`,
          sections: [
            { heading: 'Link', lines: [doc.source ?? 'not given in the text'] },
            { heading: 'Meetings reported', lines: meetings.length ? meetings.map((m) => meetingSummary(m, 3)) : ['none'] },
            { heading: 'Areas named', lines: [doc.areas.length ? doc.areas.map(areaLabel).join(', ') : 'none'] },
            ...(doc.warnings.length ? [{ heading: 'Warnings', lines: doc.warnings }] : []),
          ],
          footer,
        });
      }
      // In file order (ids), as the corpus folder lists them.
      const docs = [...knowledge.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return view('sources', 'Sources', {
        intro: `${docs.length} article${docs.length === 1 ? '' : 's'} in ${new Set(docs.map((d) => d.lang)).size} languages.`,
        sections: [{
          heading: 'Documents',
          lines: docs.map((d) => [d.id, d.lang, d.outlet ?? '—', formatHumanDate(d.published), clip(d.title ?? '(untitled)', 90), d.source ?? 'no link', `${d.sentences} sentences`, ...d.warnings.map((w) => `warning: ${w}`)].join(' · ')),
        }],
        footer,
        empty: docs.length ? null : 'The corpus is empty: add articles to the corpus folder.',
      });
    },

    async help() {
      return view('help', `attache — ${relationship.label} briefings`, {
        intro: 'Every answer is composed from the news corpus and cites the sentences it stands on.',
        sections: [{
          heading: 'Commands',
          lines: [
            '/briefing [topic] — latest meetings, active areas, key figures, what is next',
            '/meetings [with] [year] [place] — who met whom, when, where, on what',
            '/cooperation area — one field of cooperation: meetings, sources, figures',
            '/timeline [from] [to] — the relationship in order',
            '/ask question — a free question, answered with citations (also by direct message)',
            '/sources [id] — the articles behind the answers',
            '/digest — scheduled digests for a channel (Manage Server)',
          ],
        }],
        footer,
      });
    },

    suggest(kind, prefix, limit = 25) {
      return suggestions(kind, prefix, Math.min(limit, 25));
    },
  };

  let places: string[] | undefined;
  const placeNames = () => (places ??= [...new Set(knowledge.meetings.flatMap((m) => [m.place, m.country]).filter((p): p is string => !!p))]);
  const countryNames = sideNames(relationship);
  let knownIds: Set<string | null> | undefined;
  const knownPeople = () => (knownIds ??= new Set(knowledge.meetings.flatMap((m) => m.participants.map((p) => p.personId)).filter(Boolean)));

  function matchPeopleIn(question: string): Set<string> {
    const ids = new Set<string>();
    for (const word of question.split(/[\s,;:?!.]+/).filter((w) => w.length >= 4)) {
      for (const p of matchPeople(word).slice(0, 2)) if (knownPeople().has(p.id)) ids.add(p.id);
    }
    return ids;
  }

  function areasIn(question: string): Set<AreaId> {
    const ids = new Set<AreaId>();
    for (const word of question.split(/[\s,;:?!.]+/).filter((w) => w.length >= 4)) {
      const a = resolveArea(word);
      if (a) ids.add(a);
    }
    return ids;
  }

  function suggestions(kind: SuggestKind, prefix: string, limit: number): Suggestion[] {
    const q = fold(prefix);
    const out: Suggestion[] = [];
    const push = (name: string, value = name) => {
      if (out.length < limit && !out.some((s) => s.value === value)) out.push({ name: clip(name, 100), value: clip(value, 100) });
    };
    if (kind === 'person' || kind === 'with') {
      const known = knownPeople();
      const people = q ? matchPeople(prefix) : allPeople().filter((p) => known.has(p.id));
      // People who appear in the corpus first.
      [...people].sort((a, b) => Number(known.has(b.id)) - Number(known.has(a.id))).forEach((p) => push(p.name));
    }
    if (kind === 'country' || kind === 'with') countryNames.filter((c) => fold(c).startsWith(q)).forEach((c) => push(c));
    if (kind === 'place') placeNames().filter((p) => fold(p).includes(q)).forEach((p) => push(p));
    if (kind === 'area') {
      AREAS.filter((a) => !q || fold(a.label).includes(q) || a.id.includes(q)).forEach((a) => push(a.label, a.id));
    }
    if (kind === 'source') knowledge.documents.filter((d) => d.id.startsWith(prefix) || fold(d.title ?? '').includes(q)).forEach((d) => push(`${d.id} · ${d.title ?? ''}`, d.id));
    return out;
  }

  return engine;
}
