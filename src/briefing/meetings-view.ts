/** /meetings: the list (paginated items) and each meeting's detail, with what its participants said. */
import type { Meeting } from '../knowledge/types.js';
import type { EngineContext } from './context.js';
import { areaLabel, formatHumanDate, meetingAction, meetingHeader, meetingSummary, personLabel } from './compose.js';
import { sourceName } from './citations.js';
import { notableStatements, statementLine } from './statement-lines.js';
import { clip, plural, view } from './text.js';
import type { MeetingQuery, View, ViewItem, ViewSection } from './views.js';

/** Statements shown in one meeting's detail. */
const MEETING_STATEMENTS = 8;

export interface MeetingViews {
  item(m: Meeting): ViewItem;
  list(query: MeetingQuery): View;
}

export function createMeetingViews(ctx: EngineContext): MeetingViews {
  const published = (id: string) => ctx.docInfo().get(id)?.published ?? null;

  const detail = (m: Meeting): View => {
    const list = ctx.citations();
    const sections: ViewSection[] = [{ heading: 'Summary', lines: [`${meetingSummary(m)} ${list.citeAll(m.sources, 3)}`] }];
    sections.push({
      heading: 'Participants',
      lines: m.participants.map((p) => `${personLabel(p)}${p.country ? ` (${p.country})` : ''}`),
    });
    const said = notableStatements(ctx.statementsOfMeeting(m.id), MEETING_STATEMENTS, published);
    if (said.length) sections.push({ heading: 'What was said', lines: said.map((s) => statementLine(s, list)) });
    if (m.areas.length) sections.push({ heading: 'Areas discussed', lines: [m.areas.map(areaLabel).join(', ')] });
    sections.push({
      heading: 'Reported by',
      lines: m.reports.map((r) => `${sourceName(ctx.docInfo().get(r.document), r.document)} · ${r.lang} · ${formatHumanDate(r.published)}`),
    });
    if (m.conflicts.length) sections.push({ heading: 'Sources disagree', lines: m.conflicts });
    return view('meeting', clip(meetingAction(m), 256), { intro: meetingHeader(m), sections, citations: list.list(), footer: ctx.footer });
  };

  // Lists can hold thousands of entries: summaries are computed once, details only when a user opens one.
  const summaries = new Map<Meeting, string>();
  const summaryOf = (m: Meeting): string => {
    let line = summaries.get(m);
    if (line === undefined) summaries.set(m, (line = meetingSummary(m)));
    return line;
  };
  const items = new Map<Meeting, ViewItem>();
  const item = (m: Meeting): ViewItem => {
    let found = items.get(m);
    if (found) return found;
    let shown: View | undefined;
    let label: string | undefined;
    found = {
      id: m.id,
      get label() { return (label ??= clip(`${formatHumanDate(m.date)} · ${m.participants.map((p) => p.name).join(' – ')}`, 100)); },
      get summary() { return summaryOf(m); },
      get detail() { return (shown ??= detail(m)); },
    };
    items.set(m, found);
    return found;
  };

  let allItems: ViewItem[] | undefined;
  const listView = (query: MeetingQuery): View => {
    const found = ctx.matchingMeetings(query);
    const filters = [query.with && `with ${query.with}`, query.year && `in ${query.year}`, query.place && `at ${query.place}`]
      .filter(Boolean).join(', ');
    const list = ctx.citations();
    const all = found === ctx.knowledge.meetings ? (allItems ??= found.map(item)) : found.map(item);
    return view('meetings', `Meetings${filters ? ` ${clip(filters, 200)}` : ''}`, {
      intro: found.length ? `${plural(found.length, 'meeting')}, newest first.` : null,
      sections: found.length
        ? [{ heading: 'Meetings', lines: ctx.listLines(found, (m) => `${meetingSummary(m, 4)} ${list.citeAll(m.sources, 2)}`) }]
        : [],
      items: all, citations: list.list(), footer: ctx.footer,
      empty: found.length ? null : `No meeting found${filters ? ` ${filters}` : ''}.`,
    });
  };

  return { item, list: listView };
}
