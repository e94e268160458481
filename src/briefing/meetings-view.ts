/** /meetings: the list (paginated items) and each meeting's detail, with what its participants said. */
import type { Meeting } from '../knowledge/types.js';
import type { EngineContext } from './context.js';
import { dateLabel, meetingAction, meetingHeader, meetingSummary, personLabel } from './compose.js';
import { count, joined, say } from './lang.js';
import { areaIn, countryIn, nameIn } from './names.js';
import { sourceName } from './citations.js';
import { conflictLines } from './conflict-lines.js';
import { notableStatements, statementLine } from './statement-lines.js';
import { clip, view } from './text.js';
import type { MeetingQuery, View, ViewItem, ViewSection } from './views.js';

/** Statements shown in one meeting's detail. */
const MEETING_STATEMENTS = 8;

export interface MeetingViews {
  item(m: Meeting): ViewItem;
  list(query: MeetingQuery): View;
}

/** The meeting views of one reader's language (`ctx.lang`); the engine keeps one per language it was asked in. */
export function createMeetingViews(ctx: EngineContext): MeetingViews {
  const { lang } = ctx;
  const published = (id: string) => ctx.docInfo().get(id)?.published ?? null;
  const heading = (key: string) => say(lang, `heading.${key}`);

  const detail = (m: Meeting): View => {
    const list = ctx.citations();
    const sections: ViewSection[] = [{ heading: heading('summary'), lines: [`${meetingSummary(m, 6, lang)} ${list.citeAll(m.sources, 3)}`] }];
    sections.push({
      heading: heading('participants'),
      // The country code is the English view's; a reader of another language reads the country's name.
      lines: m.participants.map((p) => (p.country
        ? say(lang, 'meeting.participant.country', { person: personLabel(p, lang), country: lang === 'en' ? p.country : countryIn(p.country, lang) })
        : personLabel(p, lang))),
    });
    const said = notableStatements(ctx.statementsOfMeeting(m.id), MEETING_STATEMENTS, published);
    if (said.length) sections.push({ heading: heading('whatWasSaid'), lines: said.map((s) => statementLine(s, list, lang)) });
    if (m.areas.length) sections.push({ heading: heading('areasDiscussed'), lines: [joined(lang, m.areas.map((a) => areaIn(a, lang)))] });
    sections.push({
      heading: heading('reportedBy'),
      lines: m.reports.map((r) => say(lang, 'meeting.report', { source: sourceName(ctx.docInfo().get(r.document), r.document), lang: r.lang, date: dateLabel(r.published, lang) })),
    });
    // What the sources disagree on: the extraction's English lines, read back and written in the reader's language.
    if (m.conflicts.length) sections.push({ heading: heading('sourcesDisagree'), lines: conflictLines(m.conflicts, lang) });
    return view('meeting', clip(meetingAction(m, lang), 256), { intro: meetingHeader(m, lang), sections, citations: list.list(), footer: ctx.footer });
  };

  // Lists can hold thousands of entries: summaries are computed once, details only when a user opens one.
  const summaries = new Map<Meeting, string>();
  const summaryOf = (m: Meeting): string => {
    let line = summaries.get(m);
    if (line === undefined) summaries.set(m, (line = meetingSummary(m, 6, lang)));
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
      get label() { return (label ??= clip(`${dateLabel(m.date, lang)} · ${m.participants.map((p) => nameIn(p.name, lang, p.personId)).join(say(lang, 'list.names'))}`, 100)); },
      get summary() { return summaryOf(m); },
      get detail() { return (shown ??= detail(m)); },
    };
    items.set(m, found);
    return found;
  };

  // Per list (the context keeps each query's list per corpus state): a person's thousands of meetings become items once.
  const itemsOf = new WeakMap<readonly Meeting[], ViewItem[]>();
  const listView = (query: MeetingQuery): View => {
    const found = ctx.matchingMeetings(query);
    const filters = joined(lang, [
      query.with && say(lang, 'meetings.with', { who: query.with }),
      query.year && say(lang, 'meetings.in', { year: query.year }),
      query.place && say(lang, 'meetings.at', { place: query.place }),
    ].filter((f): f is string => !!f));
    const list = ctx.citations();
    let all = itemsOf.get(found);
    if (!all) itemsOf.set(found, (all = found.map(item)));
    return view('meetings', say(lang, 'meetings.title', { filters: filters ? say(lang, 'meetings.filters', { filters: clip(filters, 200) }) : '' }), {
      intro: found.length ? say(lang, 'meetings.intro', { meetings: count(lang, 'meeting', found.length) }) : null,
      sections: found.length
        ? [{ heading: heading('meetings'), lines: ctx.listLines(found, (m) => `${meetingSummary(m, 4, lang)} ${list.citeAll(m.sources, 2)}`) }]
        : [],
      items: all, citations: list.list(), footer: ctx.footer,
      empty: found.length ? null : say(lang, 'meetings.none', { filters: filters ? say(lang, 'meetings.filters', { filters }) : '' }),
    });
  };

  return { item, list: listView };
}
