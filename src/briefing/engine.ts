/**
 * The deterministic engine: answers every command from extracted knowledge, with citations, in the reader's language
 * (`locale`: English, Vietnamese or Japanese).
 * Pure: it holds the knowledge in memory and never does I/O. Each view lives in its own module; this file wires them
 * and keeps the small ones (timeline, sources, help, autocomplete).
 */
import type { CorpusDocument } from '../corpus/types.js';
import { sideNames } from '../knowledge/relationship.js';
import type { Knowledge, Meeting, Plan } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import { allPeople, matchPeople } from '../knowledge/people.js';
import { partitionPoint } from '../knowledge/partition-point.js';
import { createContext, fold, type EngineContext, type EngineOptions } from './context.js';
import { meetingSummary, planSummary, dateLabel } from './compose.js';
import { areaIn, relationshipIn } from './names.js';
import { createMeetingViews, type MeetingViews } from './meetings-view.js';
import { count, joined, langOf, say, type Lang } from './lang.js';
import { briefingView, cooperationView } from './briefing-view.js';
import { answerFromKnowledge } from './answers/answer.js';
import { fallbackAnswer, RETRIEVED } from './answers/fallback.js';
import { clip, compareIso, view } from './text.js';
import type { Engine, Suggestion, SuggestKind, TimelineQuery, View } from './views.js';

export type { EngineOptions, Hit } from './context.js';
export { namesWholly } from './context.js';
import { resolveArea } from './area-lookup.js';
import { warmupQuestions } from './retrieval-warmup.js';
export { resolveArea };

export function createEngine(knowledge: Knowledge, documents: readonly CorpusDocument[], options: EngineOptions = {}): Engine {
  /** The English context; suggestions and the language-free parts of the views read it. */
  const ctx = createContext(knowledge, documents, options);
  /** The context and the meeting views (which keep their summaries) of each language asked in. */
  const contexts = new Map<Lang, { ctx: EngineContext; meetings: MeetingViews }>();
  const forLocale = (locale: string | undefined) => {
    const lang = langOf(locale);
    let found = contexts.get(lang);
    if (!found) {
      const inLang = ctx.inLang(lang);
      contexts.set(lang, (found = { ctx: inLang, meetings: createMeetingViews(inLang) }));
    }
    return found;
  };
  const timelines = new Map<string, View>();
  let sorted: TimelineEvent[] | undefined;
  /** Warm-up questions not yet put to the search (made once the search is prepared). */
  let warmups: string[] | undefined;

  const engine: Engine = {
    async briefing(topic, locale) {
      const { ctx } = forLocale(locale);
      return topic && cooperationTopic(topic) ? cooperationView(ctx, topic) : briefingView(ctx, topic);
    },
    async meetings(query, locale) {
      return forLocale(locale).meetings.list(query);
    },
    async cooperation(area, locale) {
      return cooperationView(forLocale(locale).ctx, area);
    },
    async timeline(query, locale) {
      const { ctx, meetings } = forLocale(locale);
      const key = `${ctx.lang}|${query.from ?? ''}|${query.to ?? ''}`;
      const known = timelines.get(key);
      if (known) return known;
      const made = timelineView(ctx, meetings.item, (sorted ??= timelineEvents(knowledge)), query);
      if (timelines.size >= 64) timelines.delete(timelines.keys().next().value!);
      timelines.set(key, made);
      return made;
    },
    async ask(question, locale) {
      const { ctx } = forLocale(locale);
      return answerFromKnowledge(ctx, question) ?? fallbackAnswer(ctx, question, null);
    },
    async sources(id, locale) {
      return sourcesView(forLocale(locale).ctx, id);
    },
    async help(locale) {
      const { lang } = forLocale(locale).ctx;
      return view('help', say(lang, 'help.title', { relationship: relationshipIn(ctx.relationship.label, lang) }), {
        intro: say(lang, 'help.intro'),
        sections: [{
          heading: say(lang, 'heading.commands'),
          lines: HELP_COMMANDS.map((command) => say(lang, `help.${command}`)),
        }],
        footer: ctx.footer,
      });
    },
    suggest(kind, prefix, limit = 25) {
      return suggestions(ctx, kind, prefix, Math.min(limit, 25));
    },
    prepare() {
      if (!ctx.prepare()) return false;
      sorted ??= timelineEvents(knowledge);
      if (!(options.prepareRetrieval?.() ?? true)) return false;
      // Then one warm-up question per step (see retrieval-warmup.ts).
      if (!options.retrieve || !options.warmRetrieval) return true;
      warmups ??= warmupQuestions(documents, ctx.sentenceText);
      const question = warmups.shift();
      if (question !== undefined) options.retrieve(question, RETRIEVED);
      return warmups.length === 0;
    },
  };
  return engine;
}

/** The commands /help lists, in order (their lines: `help.<command>` of the templates). */
const HELP_COMMANDS = ['briefing', 'meetings', 'cooperation', 'timeline', 'ask', 'sources', 'digest'] as const;

/** A briefing topic that names an area (not a person) is answered by /cooperation. */
function cooperationTopic(topic: string): boolean {
  return resolveArea(topic) !== null && matchPeople(topic).length === 0;
}

/** What the timeline lists: a dated meeting or plan (a meeting has reports, a plan none). */
type TimelineEvent = Meeting | Plan;
const isMeeting = (event: TimelineEvent): event is Meeting => 'reports' in event;

/**
 * Dated meetings and plans, oldest first: sorted once per engine, each written in the language asked when shown. The
 * events themselves, not an object and a closure for each (73 MB at 100,000 articles, made again after every change).
 */
function timelineEvents(knowledge: Knowledge): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const m of knowledge.meetings) if (m.date !== null) events.push(m);
  for (const p of knowledge.plans) if (p.date !== null) events.push(p);
  return events.sort((a, b) => compareIso(a.date ?? '', b.date ?? ''));
}

function eventLine(event: TimelineEvent, lang: Lang): string {
  return isMeeting(event) ? meetingSummary(event, 3, lang) : say(lang, 'timeline.plan', { plan: planSummary(event, lang) });
}

function timelineView(ctx: EngineContext, item: ReturnType<typeof createMeetingViews>['item'], all: readonly TimelineEvent[], query: TimelineQuery): View {
  const { knowledge } = ctx;
  const inRange = (date: string | null) =>
    date !== null && (!query.from || date >= query.from.slice(0, date.length)) && (!query.to || date.slice(0, query.to.length) <= query.to);
  // Sorted by date: the range starts where binary search finds its first year, not after a scan of every event.
  const key = query.from?.slice(0, 4) ?? '';
  const events = all.slice(partitionPoint(all, (e) => (e.date ?? '') < key)).filter((e) => inRange(e.date));
  const { lang } = ctx;
  const list = ctx.citations();
  // English shows the range as typed (2024-11); other languages as dates of their own.
  const shown = (date: string) => (lang === 'en' ? date : dateLabel(date, lang));
  const range = [query.from && say(lang, 'timeline.from', { date: shown(query.from) }), query.to && say(lang, 'timeline.to', { date: shown(query.to) })].filter(Boolean).join(' ');
  const undated = knowledge.meetings.filter((m) => m.date === null).length;
  return view('timeline', say(lang, 'timeline.title', { range: range ? say(lang, 'timeline.range', { range }) : '' }), {
    intro: events.length
      ? say(lang, 'timeline.intro', { events: count(lang, 'datedEvent', events.length), undated: undated && !range ? say(lang, 'timeline.undated', { meetings: count(lang, 'meeting', undated) }) : '' })
      : null,
    sections: events.length ? [{ heading: say(lang, 'heading.events'), lines: ctx.listLines(events, (e) => `${eventLine(e, lang)} ${list.citeAll(e.sources, 2)}`) }] : [],
    items: events.flatMap((e) => (isMeeting(e) ? [item(e)] : [])),
    citations: list.list(), footer: ctx.footer,
    empty: events.length ? null : say(lang, 'timeline.none'),
  });
}

/** /sources: the articles, or one of them; titles, outlets and the extraction's warnings as they are written. */
function sourcesView(ctx: EngineContext, id: string | undefined): View {
  const { knowledge, footer, lang } = ctx;
  const heading = (key: string) => say(lang, `heading.${key}`);
  if (id) {
    const doc = ctx.docInfo().get(id) ?? knowledge.documents.find((d) => d.id.startsWith(id));
    if (!doc) return view('source', say(lang, 'sources.one'), { empty: say(lang, 'sources.unknown', { id: clip(id, 80) }), footer });
    const meetings = ctx.meetingsOf(doc.id);
    const none = say(lang, 'sources.none');
    return view('source', clip(doc.title ?? doc.id, 256), {
      intro: say(lang, 'sources.document', { id: doc.id, lang: doc.lang, outlet: doc.outlet ?? say(lang, 'sources.outletUnknown'), date: dateLabel(doc.published, lang) }),
      sections: [
        { heading: heading('link'), lines: [doc.source ?? say(lang, 'sources.noLink')] },
        { heading: heading('meetingsReported'), lines: meetings.length ? meetings.map((m) => meetingSummary(m, 3, lang)) : [none] },
        { heading: heading('areasNamed'), lines: [doc.areas.length ? joined(lang, doc.areas.map((a) => areaIn(a, lang))) : none] },
        ...(doc.warnings.length ? [{ heading: heading('warnings'), lines: doc.warnings }] : []),
      ],
      footer,
    });
  }
  // In file order (ids), as the corpus folder lists them.
  const docs = [...knowledge.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return view('sources', say(lang, 'sources.title'), {
    intro: say(lang, 'sources.intro', { articles: count(lang, 'article', docs.length), languages: count(lang, 'language', new Set(docs.map((d) => d.lang)).size) }),
    sections: [{
      heading: heading('documents'),
      lines: docs.map((d) => [
        d.id, d.lang, d.outlet ?? '—', dateLabel(d.published, lang), clip(d.title ?? say(lang, 'sources.untitled'), 90), d.source ?? say(lang, 'sources.linkMissing'),
        say(lang, 'sources.sentences', { n: d.sentences }), ...d.warnings.map((warning) => say(lang, 'sources.warning', { warning })),
      ].join(' · ')),
    }],
    footer,
    empty: docs.length ? null : say(lang, 'corpus.empty'),
  });
}

function suggestions(ctx: EngineContext, kind: SuggestKind, prefix: string, limit: number): Suggestion[] {
  const q = fold(prefix);
  const out: Suggestion[] = [];
  const push = (name: string, value = name) => {
    if (out.length < limit && !out.some((s) => s.value === value)) out.push({ name: clip(name, 100), value: clip(value, 100) });
  };
  if (kind === 'person' || kind === 'with') {
    const known = ctx.knownPeople();
    const people = q ? matchPeople(prefix) : allPeople().filter((p) => known.has(p.id));
    // People who appear in the corpus first.
    [...people].sort((a, b) => Number(known.has(b.id)) - Number(known.has(a.id))).forEach((p) => push(p.name));
  }
  if (kind === 'country' || kind === 'with') sideNames(ctx.relationship).filter((c) => fold(c).startsWith(q)).forEach((c) => push(c));
  if (kind === 'place') {
    for (const [place, folded] of ctx.places()) if (folded.includes(q)) push(place);
  }
  if (kind === 'area') AREAS.filter((a) => !q || fold(a.label).includes(q) || a.id.includes(q)).forEach((a) => push(a.label, a.id));
  if (kind === 'source') {
    // The first titles holding `q` are enough: each pushes one suggestion, so the list is full before any later one.
    const titled = ctx.sourceTitles().matching(q, limit);
    const docs = ctx.knowledge.documents;
    for (let i = 0; i < docs.length && out.length < limit; i++) {
      const d = docs[i]!;
      if (d.id.startsWith(prefix) || titled.has(i)) push(`${d.id} · ${d.title ?? ''}`, d.id);
    }
  }
  return out;
}
