/** /briefing and /cooperation: one-screen overviews of the relationship and of one area, in English. */
import type { AreaId, Meeting } from '../knowledge/types.js';
import { AREAS } from '../knowledge/areas.js';
import type { EngineContext } from './context.js';
import { areaLabel, meetingSummary, planSummary } from './compose.js';
import { figureLine } from './figure-lines.js';
import { statementLine } from './statement-lines.js';
import { sourceName } from './citations.js';
import { resolveArea } from './area-lookup.js';
import { formatHumanDate } from './compose.js';
import { clip, plural, view } from './text.js';
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
  const { dated, undated } = ctx.byKnownDate(meetings);
  const lines = dated.slice(0, max).map((m) => `${meetingSummary(m, 4)} ${list.citeAll(m.sources, 2)}`);
  if (undated.length) lines.push(`${plural(undated.length, 'meeting')} with date unknown (see /meetings).`);
  return lines;
}

export function briefingView(ctx: EngineContext, topic?: string): View {
  const { knowledge } = ctx;
  const meetings = topic ? ctx.matchingMeetings({ with: topic }) : knowledge.meetings;
  const list = ctx.citations();
  const sections: ViewSection[] = [];
  if (meetings.length) sections.push({ heading: 'Latest meetings', lines: latestLines(ctx, meetings, LATEST, list) });
  if (!topic) {
    const areas = ctx.areaActivity().slice(0, TOP_AREAS);
    if (areas.length) {
      sections.push({
        heading: 'Most active cooperation areas',
        lines: areas.map((a) => `${areaLabel(a.id)} — named in ${plural(a.count, 'article')} ${list.cite(a.evidence[0]!)}`),
      });
    }
    const figures = ctx.keyFigures();
    if (figures.length) sections.push({ heading: 'Key figures', lines: figures.map((f) => `${figureLine(f, ctx.textOf(f.evidence))} ${list.cite(f.evidence)}`) });
    const { upcoming, past } = ctx.plans();
    if (upcoming.length) sections.push({ heading: 'Scheduled next', lines: upcoming.slice(0, PLANS).map((p) => `${planSummary(p)} ${list.citeAll(p.sources, 1)}`) });
    const said = ctx.notableStatements(STATEMENTS);
    if (said.length) sections.push({ heading: 'What the sides said', lines: said.map((s) => statementLine(s, list)) });
    if (past.length) {
      sections.push({ heading: 'Planned, no report since', lines: past.slice(-PLANS).map((p) => `${planSummary(p)} ${list.citeAll(p.sources, 1)}`) });
    }
  } else {
    const ids = new Set(meetings.map((m) => m.id));
    const said = ctx.notableStatements(STATEMENTS, (s) => !!s.meeting && ids.has(s.meeting));
    if (said.length) sections.push({ heading: 'What the sides said', lines: said.map((s) => statementLine(s, list)) });
  }
  const docs = knowledge.documents;
  const asOf = ctx.asOf();
  return view('briefing', topic ? `Briefing: ${clip(topic, 200)}` : `${ctx.relationship.label} briefing`, {
    intro: `${plural(knowledge.meetings.length, 'meeting')} from ${plural(docs.length, 'article')} in ${plural(ctx.languageCount(), 'language')}.${asOf ? ` ${asOf}.` : ''}`,
    sections, citations: list.list(), footer: ctx.footer,
    empty: sections.length ? null : topic ? `Nothing in the corpus about “${clip(topic, 80)}” yet.` : 'The corpus is empty: add articles to the corpus folder.',
  });
}

export function cooperationView(ctx: EngineContext, area: string): View {
  const id: AreaId | null = resolveArea(area);
  if (!id) {
    return view('cooperation', 'Cooperation', {
      empty: `Unknown area “${clip(area, 80)}”. Known areas: ${AREAS.map((a) => a.id).join(', ')}.`, footer: ctx.footer,
    });
  }
  const list = ctx.citations();
  const published = (doc: string) => ctx.docInfo().get(doc)?.published ?? null;
  const { facts, meetings, figures, documents: articleCount } = ctx.areaFacts(id);
  const sections: ViewSection[] = [];
  const said = ctx.notableStatements(AREA_STATEMENTS, (s) => s.areas.includes(id));
  if (said.length) sections.push({ heading: 'What the sides said or agreed', lines: said.map((s) => statementLine(s, list)) });
  const mentions = facts?.mentions ?? [];
  // Sentences naming the area not cited above, named by outlet: each is quoted once, in the citation list.
  const cited = new Set(list.list().map((c) => `${c.document}#${c.sentence}`));
  const more = mentions.filter((e) => !cited.has(`${e.document}#${e.sentence}`)).slice(0, MORE_SOURCES);
  if (more.length) {
    sections.push({
      heading: 'Also named in',
      lines: more.map((e) => `${sourceName(ctx.docInfo().get(e.document), e.document)} · ${formatHumanDate(published(e.document))} ${list.cite(e)}`),
    });
  }
  if (meetings.length) {
    sections.push({ heading: 'Meetings that discussed it', lines: latestLines(ctx, meetings, AREA_MEETINGS, list) });
  }
  if (figures.length) sections.push({ heading: 'Key figures', lines: figures.slice(0, 6).map((f) => `${figureLine(f, ctx.textOf(f.evidence))} ${list.cite(f.evidence)}`) });
  const asOf = ctx.asOf();
  return view('cooperation', `Cooperation: ${areaLabel(id)}`, {
    intro: mentions.length
      ? `Named as a field of cooperation in ${plural(articleCount, 'article')}, ${plural(meetings.length, 'meeting')}.${asOf ? ` ${asOf}.` : ''}`
      : null,
    sections, citations: list.list(), footer: ctx.footer,
    empty: mentions.length || said.length ? null : `No article names ${areaLabel(id).toLowerCase()} as a field of cooperation yet.`,
  });
}
