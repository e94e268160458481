/** /briefing and /cooperation: one-screen overviews of the relationship and of one area, in the reader's language. */
import type { AreaId, Meeting } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import type { EngineContext } from './context.js';
import { dateLabel, meetingSummary, planSummary } from './compose.js';
import { figureLine } from './figure-lines.js';
import { statementLine } from './statement-lines.js';
import { sourceName } from './citations.js';
import { resolveArea } from './area-lookup.js';
import { count, say } from './lang.js';
import { areaIn, relationshipIn } from './names.js';
import { clip, view } from './text.js';
import type { View, ViewSection } from './views.js';

const LATEST = 5;
const TOP_AREAS = 6;
const STATEMENTS = 6;
const AREA_STATEMENTS = 8;
const AREA_MEETINGS = 8;
const PLANS = 3;
const MORE_SOURCES = 8;

/** Latest meetings, dated by what is known, with the undated counted apart. */
function latestLines(ctx: EngineContext, meetings: readonly Meeting[], max: number, list: ReturnType<EngineContext['citations']>): string[] {
  const { lang } = ctx;
  const { dated, undated } = ctx.byKnownDate(meetings);
  const lines = dated.slice(0, max).map((m) => `${meetingSummary(m, 4, lang)} ${list.citeAll(m.sources, 2)}`);
  if (undated.length) lines.push(say(lang, 'meeting.undatedCount', { meetings: count(lang, 'meeting', undated.length) }));
  return lines;
}

/** " As of 6 Dec 2026 · newest article 30 Nov 2025." after an intro, or ''. */
function asOfSentence(ctx: EngineContext): string {
  const asOf = ctx.asOf();
  return asOf ? say(ctx.lang, 'briefing.asOf', { asOf }) : '';
}

export function briefingView(ctx: EngineContext, topic?: string): View {
  const { knowledge, lang } = ctx;
  const meetings = topic ? ctx.matchingMeetings({ with: topic }) : knowledge.meetings;
  const list = ctx.citations();
  const heading = (key: string) => say(lang, `heading.${key}`);
  const sections: ViewSection[] = [];
  if (meetings.length) sections.push({ heading: heading('latestMeetings'), lines: latestLines(ctx, meetings, LATEST, list) });
  if (!topic) {
    const areas = ctx.areaActivity().slice(0, TOP_AREAS);
    if (areas.length) {
      sections.push({
        heading: heading('activeAreas'),
        lines: areas.map((a) => `${say(lang, 'briefing.area', { area: areaIn(a.id, lang), articles: count(lang, 'article', a.count) })} ${list.cite(a.evidence[0]!)}`),
      });
    }
    const figures = ctx.keyFigures();
    if (figures.length) sections.push({ heading: heading('keyFigures'), lines: figures.map((f) => `${figureLine(f, ctx.textOf(f.evidence), lang)} ${list.cite(f.evidence)}`) });
    const { upcoming, past } = ctx.plans();
    if (upcoming.length) sections.push({ heading: heading('scheduledNext'), lines: upcoming.slice(0, PLANS).map((p) => `${planSummary(p, lang)} ${list.citeAll(p.sources, 1)}`) });
    const said = ctx.notableStatements(STATEMENTS);
    if (said.length) sections.push({ heading: heading('sidesSaid'), lines: said.map((s) => statementLine(s, list, lang)) });
    if (past.length) {
      sections.push({ heading: heading('plannedNoReport'), lines: past.slice(-PLANS).map((p) => `${planSummary(p, lang)} ${list.citeAll(p.sources, 1)}`) });
    }
  } else {
    const ids = new Set(meetings.map((m) => m.id));
    const said = ctx.notableStatements(STATEMENTS, (s) => !!s.meeting && ids.has(s.meeting), { meetings: ids });
    if (said.length) sections.push({ heading: heading('sidesSaid'), lines: said.map((s) => statementLine(s, list, lang)) });
  }
  const docs = knowledge.documents;
  const intro = say(lang, 'briefing.intro', {
    meetings: count(lang, 'meeting', knowledge.meetings.length),
    articles: count(lang, 'article', docs.length),
    languages: count(lang, 'language', ctx.languageCount()),
    asOf: asOfSentence(ctx),
  });
  return view('briefing', topic ? say(lang, 'briefing.topicTitle', { topic: clip(topic, 200) }) : say(lang, 'briefing.title', { relationship: relationshipIn(ctx.relationship.label, lang) }), {
    intro,
    sections, citations: list.list(), footer: ctx.footer,
    empty: sections.length ? null : topic ? say(lang, 'briefing.emptyTopic', { topic: clip(topic, 80) }) : say(lang, 'corpus.empty'),
  });
}

export function cooperationView(ctx: EngineContext, area: string): View {
  const { lang } = ctx;
  const id: AreaId | null = resolveArea(area);
  if (!id) {
    return view('cooperation', say(lang, 'cooperation.untitled'), {
      empty: say(lang, 'cooperation.unknown', { area: clip(area, 80), areas: AREAS.map((a) => a.id).join(', ') }), footer: ctx.footer,
    });
  }
  const list = ctx.citations();
  const published = (doc: string) => ctx.docInfo().get(doc)?.published ?? null;
  const { facts, meetings, figures, documents: articleCount } = ctx.areaFacts(id);
  const heading = (key: string) => say(lang, `heading.${key}`);
  const sections: ViewSection[] = [];
  const said = ctx.notableStatements(AREA_STATEMENTS, (s) => s.areas.includes(id), { areas: [id] });
  if (said.length) sections.push({ heading: heading('saidOrAgreed'), lines: said.map((s) => statementLine(s, list, lang)) });
  const mentions = facts?.mentions ?? [];
  // Sentences naming the area not cited above, named by outlet: each is quoted once, in the citation list.
  const cited = new Set(list.list().map((c) => `${c.document}#${c.sentence}`));
  // The first few only: an area can be named by every article of a large corpus.
  const more: typeof mentions = [];
  for (const e of mentions) {
    if (more.length >= MORE_SOURCES) break;
    if (!cited.has(`${e.document}#${e.sentence}`)) more.push(e);
  }
  if (more.length) {
    sections.push({
      heading: heading('alsoNamedIn'),
      lines: more.map((e) => `${say(lang, 'cooperation.mention', { source: sourceName(ctx.docInfo().get(e.document), e.document), date: dateLabel(published(e.document), lang) })} ${list.cite(e)}`),
    });
  }
  if (meetings.length) {
    sections.push({ heading: heading('meetingsDiscussed'), lines: latestLines(ctx, meetings, AREA_MEETINGS, list) });
  }
  if (figures.length) sections.push({ heading: heading('keyFigures'), lines: figures.slice(0, 6).map((f) => `${figureLine(f, ctx.textOf(f.evidence), lang)} ${list.cite(f.evidence)}`) });
  const label = areaIn(id, lang);
  return view('cooperation', say(lang, 'cooperation.title', { area: label }), {
    intro: mentions.length
      ? say(lang, 'cooperation.intro', { articles: count(lang, 'article', articleCount), meetings: count(lang, 'meeting', meetings.length), asOf: asOfSentence(ctx) })
      : null,
    sections, citations: list.list(), footer: ctx.footer,
    empty: mentions.length || said.length ? null : say(lang, 'cooperation.none', { area: lang === 'en' ? label.toLowerCase() : label }),
  });
}
