/**
 * What `--json` prints: the data behind each command, in shapes documented in docs/terminal.md and kept stable
 * (fields are added, never renamed or removed). Meetings, documents and figures have the same shape everywhere,
 * the one of `attache extract --json`.
 */
import type { App } from '../app.js';
import type { View } from '../briefing/views.js';
import { resolveArea } from '../briefing/engine.js';
import { AREAS } from '../knowledge/areas.js';
import { evidenceText, type DocumentInfo, type Evidence, type Figure, type Meeting, type Plan } from '../knowledge/types.js';

type TextOf = (e: Evidence) => string;

const textOfApp = (app: App): TextOf => (e) => evidenceText(e, app.textOf);

export function evidenceJson(e: Evidence, text: TextOf) {
  return { document: e.document, sentence: e.sentence, text: text(e) };
}

export function documentJson(d: DocumentInfo) {
  return {
    id: d.id, file: d.file, lang: d.lang, title: d.title, outlet: d.outlet, published: d.published, source: d.source,
    sentences: d.sentences, warnings: d.warnings, areas: d.areas,
  };
}

export function meetingJson(m: Meeting, text: TextOf) {
  return {
    id: m.id, date: m.date, place: m.place, country: m.country, occasion: m.occasion, kind: m.kind,
    participants: m.participants.map((p) => ({ name: p.name, role: p.role, country: p.country })),
    areas: m.areas,
    sources: m.sources.map((s) => evidenceJson(s, text)),
    reports: m.reports, conflicts: m.conflicts,
  };
}

export function planJson(p: Plan, text: TextOf) {
  return {
    id: p.id, date: p.date, place: p.place, country: p.country, kind: p.kind,
    participants: p.participants.map((x) => ({ name: x.name, role: x.role, country: x.country })),
    sources: p.sources.map((s) => evidenceJson(s, text)),
  };
}

export function figureJson(f: Figure, text: TextOf) {
  return { value: f.value, unit: f.unit, measure: f.measure, period: f.period, text: f.text, source: evidenceJson(f.evidence, text) };
}

/** The JSON contract of `attache extract --json` (docs/extraction.md). */
export function extractJson(app: App): unknown {
  const { knowledge } = app;
  const text = textOfApp(app);
  return {
    documents: knowledge.documents.map(documentJson),
    meetings: knowledge.meetings.map((m) => meetingJson(m, text)),
    plans: knowledge.plans.map((p) => planJson(p, text)),
    areas: knowledge.areas.map((a) => ({ id: a.id, label: a.label, mentions: a.mentions.map((m) => evidenceJson(m, text)) })),
    figures: knowledge.figures.map((f) => figureJson(f, text)),
    statements: (knowledge.statements ?? []).map((s) => ({
      document: s.evidence.document, sentence: s.evidence.sentence,
      actor: { name: s.actor.name, country: s.actor.country }, act: s.act, addressee: s.addressee, areas: s.areas,
      object: s.object, meeting: s.meeting, quote: text(s.evidence), text: s.text,
    })),
  };
}

/** The meetings a list view pages through (its items carry the meeting ids), in the view's order. */
function meetingsOfView(app: App, view: View): Meeting[] {
  const byId = new Map(app.knowledge.meetings.map((m) => [m.id, m]));
  return view.items.flatMap((item) => byId.get(item.id) ?? []);
}

const BRIEFING_MEETINGS = 5;
const BRIEFING_AREAS = 6;
const BRIEFING_FIGURES = 5;
const BRIEFING_PLANS = 3;

/** Areas by the number of articles naming them, most active first. */
function areaActivity(app: App) {
  return app.knowledge.areas
    .map((a) => ({ id: a.id, label: a.label, articles: new Set(a.mentions.map((m) => m.document)).size, mentions: a.mentions.length }))
    .sort((a, b) => b.articles - a.articles || b.mentions - a.mentions);
}

/** Measured figures from the newest articles first, sums of money before counts. */
function newestFigures(app: App): Figure[] {
  const published = new Map(app.knowledge.documents.map((d) => [d.id, d.published ?? '']));
  const money = (f: Figure) => (f.unit && /^[A-Z]{3}$/.test(f.unit) ? 1 : 0);
  return app.knowledge.figures
    .filter((f) => f.measure)
    .sort((a, b) => (published.get(b.evidence.document) ?? '').localeCompare(published.get(a.evidence.document) ?? '') || money(b) - money(a));
}

/** `briefing --json`: the counts, latest meetings, most active areas, key figures and plans behind the overview. */
export async function briefingJson(app: App, topic: string | null) {
  const text = textOfApp(app);
  const { knowledge } = app;
  const area = topic ? resolveArea(topic) : null;
  if (topic && area) return { topic, ...(await cooperationJson(app, area)) };
  const meetings = topic ? meetingsOfView(app, await app.engine.meetings({ with: topic })) : knowledge.meetings;
  const newest = knowledge.documents.reduce((max, d) => (d.published && d.published > max ? d.published : max), '');
  return {
    topic,
    counts: { meetings: knowledge.meetings.length, documents: knowledge.documents.length, languages: new Set(knowledge.documents.map((d) => d.lang)).size },
    meetings: meetings.slice(0, BRIEFING_MEETINGS).map((m) => meetingJson(m, text)),
    areas: topic ? [] : areaActivity(app).slice(0, BRIEFING_AREAS).map(({ id, label, articles }) => ({ id, label, articles })),
    figures: topic ? [] : newestFigures(app).slice(0, BRIEFING_FIGURES).map((f) => figureJson(f, text)),
    scheduled: topic ? [] : knowledge.plans
      .filter((p) => !p.date || !newest || p.date >= newest.slice(0, p.date.length))
      .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'))
      .slice(0, BRIEFING_PLANS)
      .map((p) => planJson(p, text)),
  };
}

/** `meetings --json`: the filters and every meeting they match, newest first. */
export async function meetingsJson(app: App, view: View, query: { with?: string; year?: number; place?: string }) {
  const text = textOfApp(app);
  const meetings = meetingsOfView(app, view);
  return { query: { with: query.with ?? null, year: query.year ?? null, place: query.place ?? null }, count: meetings.length, meetings: meetings.map((m) => meetingJson(m, text)) };
}

/** `cooperation --json`: one area's meetings, mentions and figures. */
export async function cooperationJson(app: App, area: string) {
  const text = textOfApp(app);
  const facts = app.knowledge.areas.find((a) => a.id === area);
  const label = AREAS.find((a) => a.id === area)?.label ?? area;
  return {
    area: { id: area, label },
    articles: new Set((facts?.mentions ?? []).map((e) => e.document)).size,
    meetings: app.knowledge.meetings.filter((m) => m.areas.includes(area as Meeting['areas'][number])).map((m) => meetingJson(m, text)),
    mentions: (facts?.mentions ?? []).map((e) => ({ ...evidenceJson(e, text), lang: e.lang })),
    figures: app.knowledge.figures.filter((f) => f.areas?.includes(area as Meeting['areas'][number])).map((f) => figureJson(f, text)),
  };
}

/** `timeline --json`: dated meetings and plans within the range, oldest first. */
export function timelineJson(app: App, range: { from?: string; to?: string }) {
  const text = textOfApp(app);
  const inRange = (date: string | null): date is string =>
    date !== null && (!range.from || date >= range.from.slice(0, date.length)) && (!range.to || date.slice(0, range.to.length) <= range.to);
  const events = [
    ...app.knowledge.meetings.filter((m) => inRange(m.date)).map((m) => ({ date: m.date!, type: 'meeting' as const, meeting: meetingJson(m, text) })),
    ...app.knowledge.plans.filter((p) => inRange(p.date)).map((p) => ({ date: p.date!, type: 'plan' as const, plan: planJson(p, text) })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return { from: range.from ?? null, to: range.to ?? null, count: events.length, events };
}

/** `sources --json`: every document; `sources ID --json`: one document and the meetings it reports. */
export function sourcesJson(app: App, id: string | null) {
  const docs = [...app.knowledge.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!id) return { count: docs.length, documents: docs.map(documentJson) };
  const doc = docs.find((d) => d.id === id) ?? docs.find((d) => d.id.startsWith(id));
  if (!doc) return null;
  const text = textOfApp(app);
  const meetings = app.knowledge.meetings.filter((m) => m.reports.some((r) => r.document === doc.id));
  return { document: documentJson(doc), meetings: meetings.map((m) => meetingJson(m, text)) };
}

/**
 * `ask --json` and `digest --preview --json`: these answers are composed text, so their data is the composition:
 * sections of sentences whose `[n]` markers point into `citations`, each citation a source sentence with its
 * document's fields.
 */
export function composedJson(view: View) {
  return {
    kind: view.kind, title: view.title, intro: view.intro,
    sections: view.sections.map((s) => ({ heading: s.heading, lines: s.lines })),
    citations: view.citations,
    empty: view.empty, footer: view.footer,
  };
}

