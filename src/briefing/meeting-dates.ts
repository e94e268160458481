/**
 * Dates shown honestly: a meeting dated only "2025" or "Nov 2025" is never placed as if it were on the 1st. Its
 * possible days are narrowed by what is known (the participants' terms in the office the text gives them, the
 * publication of its reports), ordered by that range, and an undated meeting is kept apart.
 */
import type { Meeting } from '../knowledge/types.js';
import { personById } from '../knowledge/people.js';
import { compareIso } from './text.js';
import { dateLabel } from './compose.js';
import { say, type Lang } from './lang.js';
import { formatDate } from './local-dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** First and last day a date string can mean: '2025' → ['2025-01-01', '2025-12-31']. */
function span(date: string): [string, string] {
  const [y, m, d] = date.split('-');
  if (d) return [date, date];
  if (m) return [`${y}-${m}-01`, `${y}-${m}-${String(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()).padStart(2, '0')}`];
  return [`${y}-01-01`, `${y}-12-31`];
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
  // A report cannot precede what it reports.
  const firstReport = m.reports.map((r) => r.published).filter((d): d is string => !!d).sort()[0];
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
  const bounds = new Map(meetings.map((m) => [m, boundsOf(m)]));
  const dated = meetings.filter((m) => bounds.get(m));
  dated.sort((a, b) => {
    const x = bounds.get(a)!;
    const y = bounds.get(b)!;
    return compareIso(y.from, x.from) || compareIso(y.to, x.to);
  });
  return { dated, undated: meetings.filter((m) => !bounds.get(m)) };
}
