/**
 * Dates shown honestly: a meeting dated only "2025" or "Nov 2025" is never placed as if it were on the 1st. Its
 * possible days are narrowed by what is known (the participants' terms in the office the text gives them, the
 * publication of its reports), ordered by that range, and an undated meeting is kept apart.
 */
import type { Meeting } from '../knowledge/types.js';
import { personById } from '../knowledge/people.js';
import { dateLabel } from './compose.js';
import { say, type Lang } from './lang.js';
import { formatDate } from './local-dates.js';
import { dayNumber } from './text.js';
import { orderBy } from './order.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Spans of partial dates already computed: a corpus has few distinct years and months, and many meetings. */
const spans = new Map<string, readonly [string, string]>();

/** First and last day a date string can mean: '2025' → ['2025-01-01', '2025-12-31']. */
function span(date: string): readonly [string, string] {
  if (date.length === 10) return [date, date];
  let found = spans.get(date);
  if (!found) {
    const [y, m] = date.split('-');
    found = m ? [`${y}-${m}-01`, `${y}-${m}-${String(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()).padStart(2, '0')}`] : [`${y}-01-01`, `${y}-12-31`];
    if (spans.size >= 10_000) spans.clear();
    spans.set(date, found);
  }
  return found;
}

const pad = (d: string, end: boolean): string => (d.length === 10 ? d : span(d)[end ? 1 : 0]);

/** The earliest and latest day the meeting can have taken place, or null when it is undated. */
export function dateBounds(m: Meeting): { from: string; to: string } | null {
  if (!m.date) return null;
  let [from, to] = span(m.date);
  for (const p of m.participants) {
    const person = p.personId ? personById(p.personId) : undefined;
    // The term of the office the text gives, overlapping the date: the meeting lies within it.
    const terms = person?.offices.filter((o) => o.role === p.role && pad(o.from, false) <= to && (!o.to || pad(o.to, true) >= from)) ?? [];
    if (terms.length !== 1) continue;
    const term = terms[0]!;
    if (pad(term.from, false) > from) from = pad(term.from, false);
    if (term.to && pad(term.to, true) < to) to = pad(term.to, true);
  }
  // A report cannot precede what it reports (a loop: a much-reported meeting has thousands of reports to sort).
  let firstReport: string | undefined;
  for (const r of m.reports) if (r.published && (firstReport === undefined || r.published < firstReport)) firstReport = r.published;
  if (firstReport && firstReport < to && firstReport >= from) to = firstReport;
  return { from, to };
}

/** "16 Nov 2024", "Nov 2024", a year narrowed to what is known: "Oct–Nov 2025", "date unknown" (in `lang`). */
export function meetingWhen(m: Meeting, lang: Lang = 'en'): string {
  const base = dateLabel(m.date, lang);
  const b = dateBounds(m);
  if (!b || !m.date || m.date.length !== 4) return base;
  const [from, to] = [Number(b.from.slice(5, 7)), Number(b.to.slice(5, 7))];
  if (from === 1 && to === 12) return base;
  if (lang !== 'en') {
    return from === to ? formatDate(`${m.date}-${String(from).padStart(2, '0')}`, lang) : say(lang, 'date.monthRange', { from, to, year: m.date });
  }
  return from === to ? `${MONTHS[from - 1]} ${m.date}` : say(lang, 'date.monthRange', { from: MONTHS[from - 1]!, to: MONTHS[to - 1]!, year: m.date });
}

/**
 * Dated meetings newest first by what is known: by the earliest day each can have been (a day known exactly comes
 * before a range that merely could reach past it), then the latest; the undated apart.
 */
export function byKnownDate(
  meetings: readonly Meeting[],
  boundsOf: (m: Meeting) => ReturnType<typeof dateBounds> = dateBounds,
): { dated: Meeting[]; undated: Meeting[] } {
  return meetingsAt(meetings, knownDateRanking(meetings, boundsOf));
}

/** The meetings of a ranking by known date (knownDateRanking's positions in `meetings`). */
export function meetingsAt(meetings: readonly Meeting[], ranking: { dated: ArrayLike<number>; undated: ArrayLike<number> }): { dated: Meeting[]; undated: Meeting[] } {
  return { dated: Array.from(ranking.dated, (i) => meetings[i]!), undated: Array.from(ranking.undated, (i) => meetings[i]!) };
}

/** byKnownDate as positions in `meetings` (what a knowledge snapshot keeps: briefing/rankings.ts). */
export function knownDateRanking(
  meetings: readonly Meeting[],
  boundsOf: (m: Meeting) => ReturnType<typeof dateBounds> = dateBounds,
): { dated: Uint32Array; undated: Uint32Array } {
  // Numeric keys (yyyymmdd, the order of the ISO days; negated: newest first) sorted natively (order.ts): a whole
  // corpus's meetings sort in a fraction of what comparing strings found in a map costs. Ties keep the list's order.
  const dated: number[] = [];
  const undated: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < meetings.length; i++) {
    const b = boundsOf(meetings[i]!);
    if (!b) {
      undated.push(i);
      continue;
    }
    dated.push(i);
    from.push(-dayNumber(b.from));
    to.push(-dayNumber(b.to));
  }
  const order = orderBy(dated.length, [from, to]);
  for (let k = 0; k < order.length; k++) order[k] = dated[order[k]!]!;
  return { dated: order, undated: Uint32Array.from(undated) };
}
