/**
 * Who a person (or country) met: the counterparts in the meetings `/meetings with:X` lists, by number of meetings,
 * split by the meeting's level as the timeline is. Pure: the same knowledge and query give the same series.
 */
import type { Knowledge, Meeting, Participant } from '../knowledge/types.js';
import { personById } from '../knowledge/people.js';
import { countryName } from '../knowledge/places.js';
import { fold, inYearAndPlace, participantIsWith, resolveWith, type WithMatch } from '../briefing/meeting-with.js';
import type { MeetingQuery } from '../briefing/views.js';
import { LEVELS, meetingLevel, type Level } from './levels.js';

/** Counterparts drawn as bars of their own; the rest are summed in one "others" bar. */
export const COUNTERPART_ROWS = 8;
/**
 * A chart is attached only when it says more than the list: at least this many meetings with at least
 * MIN_COUNTERPARTS different people (one meeting, or always the same person, reads as well as a list).
 */
export const MIN_MEETINGS = 3;
export const MIN_COUNTERPARTS = 2;

export interface CounterpartRow {
  /** 'id:<registry id>' or 'name:<folded name>'; 'others' for the summed rest. */
  key: string;
  /** The registry name when the person is known, else the name as first reported. */
  name: string;
  /** The participant's country (ISO code) when reported. */
  country: string | null;
  /** Meetings with this counterpart, by the meeting's level. */
  meetings: Record<Level, number>;
  total: number;
}

export interface CounterpartSeries {
  kind: 'counterparts';
  /** Who was asked about, as shown: the registry name when `with` names one person, else the text as typed. */
  subject: string;
  /** The most frequent counterparts, most meetings first. */
  rows: CounterpartRow[];
  /** The rest summed: how many counterparts, and the distinct meetings with any of them by level. */
  others: { counterparts: number; meetings: Record<Level, number>; total: number } | null;
  /** Meetings of the subject (as the list counts them) and how many different counterparts they had. */
  totals: { meetings: number; counterparts: number; byLevel: Record<Level, number> };
}

const zeroLevels = (): Record<Level, number> => ({ leaders: 0, ministers: 0, parliament: 0, other: 0 });
const sum = (levels: Record<Level, number>) => LEVELS.reduce((s, l) => s + levels[l], 0);
const keyOf = (p: Participant) => (p.personId ? `id:${p.personId}` : `name:${fold(p.name)}`);

/**
 * The other side of a meeting: participants who are not the subject and not on the subject's side. A subject's own
 * delegation (a minister beside the prime minister asked about) shares the subject's country, and is no counterpart.
 */
function counterpartsIn(m: Meeting, w: WithMatch): Participant[] {
  const own = m.participants.filter((p) => participantIsWith(p, w));
  const sides = new Set(own.map((p) => p.country).filter((c): c is string => c !== null));
  return m.participants.filter((p) => !own.includes(p) && !(p.country !== null && sides.has(p.country)) && fold(p.name) !== '');
}

function subjectName(input: string, w: WithMatch): string {
  const person = w.people.size === 1 ? personById([...w.people][0]!) : undefined;
  const country = w.people.size === 0 && w.countries.size === 1 ? countryName([...w.countries][0]!) : null;
  return person?.name ?? country ?? input.trim();
}

/** Who `query.with` met, or null without a `with` or when the meetings are too few for a chart to add anything. */
export function counterpartSeries(knowledge: Pick<Knowledge, 'meetings'>, query: MeetingQuery): CounterpartSeries | null {
  if (!query.with?.trim()) return null;
  const w = resolveWith(query.with);
  const meetings = knowledge.meetings.filter((m) => m.participants.some((p) => participantIsWith(p, w)) && inYearAndPlace(m, query));
  const rows = new Map<string, CounterpartRow & { seen: Set<Meeting> }>();
  const byLevel = zeroLevels();
  for (const m of meetings) {
    const level = meetingLevel(m);
    byLevel[level]++;
    for (const p of counterpartsIn(m, w)) {
      const key = keyOf(p);
      let row = rows.get(key);
      if (!row) {
        const name = (p.personId ? personById(p.personId)?.name : undefined) ?? p.name;
        rows.set(key, (row = { key, name, country: p.country, meetings: zeroLevels(), total: 0, seen: new Set() }));
      }
      // One person named twice in a meeting (two reports merged) is still one meeting with them.
      if (row.seen.has(m)) continue;
      row.seen.add(m);
      row.meetings[level]++;
      row.total++;
    }
  }
  if (meetings.length < MIN_MEETINGS || rows.size < MIN_COUNTERPARTS) return null;
  const ranked = [...rows.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const shown = ranked.length > COUNTERPART_ROWS ? ranked.slice(0, COUNTERPART_ROWS - 1) : ranked;
  const rest = ranked.slice(shown.length);
  let others: CounterpartSeries['others'] = null;
  if (rest.length) {
    // Distinct meetings: one meeting with two of the rest is one meeting in the "others" bar.
    const seen = new Set(rest.flatMap((r) => [...r.seen]));
    const levels = zeroLevels();
    for (const m of seen) levels[meetingLevel(m)]++;
    others = { counterparts: rest.length, meetings: levels, total: sum(levels) };
  }
  return {
    kind: 'counterparts',
    subject: subjectName(query.with, w),
    rows: shown.map(({ seen: _seen, ...row }) => row),
    others,
    totals: { meetings: meetings.length, counterparts: rows.size, byLevel },
  };
}
