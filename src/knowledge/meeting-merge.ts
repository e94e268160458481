/**
 * When two reports are one meeting, and what the merged meeting keeps: the same participants (one of each side when
 * both are two-sided), compatible kinds, places, summits and dates field by field; across articles an undated report
 * needs the same summit or city. Used within an article (documentMeetings) and across articles (the assembler).
 */
import type { DateParts, MeetingKind, Participant } from './types.js';
import type { DocumentMeeting } from './meetings.js';
import { formatDate } from './dates.js';
import { normalizeName } from './people.js';

/** When one sentence carries several cues, the most specific kind wins (a reception during a visit is a reception). */
export const KIND_PRIORITY: MeetingKind[] = ['call', 'sidelines', 'reception', 'dialogue', 'forum', 'talks', 'visit', 'other'];

/** The most specific kind among several (a reception during a visit is a reception). */
export function pickKind(kinds: MeetingKind[]): MeetingKind {
  for (const kind of KIND_PRIORITY) if (kinds.includes(kind)) return kind;
  return 'other';
}

/** Keys of names outside the registry, by name: assembling compares each report with several meetings, and
 * normalizing a name costs more than the rest of a comparison. Bounded; clearing it changes no key. */
const nameKeys = new Map<string, string>();

/** Identity of a participant: registry id, or the name as written. */
export function keyOf(p: { personId: string | null; name: string }): string {
  if (p.personId !== null && p.personId !== undefined) return p.personId;
  let key = nameKeys.get(p.name);
  if (key === undefined) {
    // A name outside the registry in either order ('Tomikazu Fukuda', 'Fukuda Tomikazu') is one person.
    key = normalizeName(p.name).split(' ').sort().join(' ');
    if (nameKeys.size >= 50_000) nameKeys.clear();
    nameKeys.set(p.name, key);
  }
  return key;
}

/** How many different countries `participants` have (a meeting has a handful: no Set needed). */
function sideCount(participants: readonly { country: string | null }[]): number {
  let count = 0;
  for (let i = 0; i < participants.length; i++) {
    const c = participants[i]!.country;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = participants[j]!.country === c;
    if (!seen) count++;
  }
  return count;
}

/** True when two dates can be the same day, field by field: '9 March' (no year) never fits 27 April of any year. */
export function compatibleParts(a: DateParts | null, b: DateParts | null): boolean {
  if (!a || !b) return true;
  if (a.year !== null && b.year !== null && a.year !== b.year) return false;
  if (a.month !== null && b.month !== null && a.month !== b.month) return false;
  return a.day === null || b.day === null || a.day === b.day || a.month === null || b.month === null;
}

/** A phone or video call is never the same encounter as an in-person meeting. */
function compatibleKinds(a: MeetingKind, b: MeetingKind): boolean {
  return (a === 'call') === (b === 'call');
}

/** Keys of the first report's participants, reused by every comparison (assembling makes millions of them). */
const keysScratch: string[] = [];

/**
 * True when the reports share a participant, or one of each side when both are two-sided. Without lists of their own:
 * a much-reported pair's every new report is compared with hundreds of meetings.
 */
function shareParticipants(a: readonly Participant[], b: readonly Participant[]): boolean {
  keysScratch.length = 0;
  for (const p of a) keysScratch.push(keyOf(p));
  const twoSided = sideCount(a) === 2 && sideCount(b) === 2;
  // The first shared participant's side; two-sided reports need a second one from another side.
  let side: string | null | undefined;
  let found = false;
  for (const p of b) {
    if (!keysScratch.includes(keyOf(p))) continue;
    if (!twoSided) return true;
    if (!found) {
      found = true;
      side = p.country;
    } else if (p.country !== side) return true;
  }
  return false;
}

/**
 * False when a report can join no meeting of another article that has no year, or, being undated itself, any such
 * meeting (mergeBasis): without a year on one side, reports of different articles join only at a summit (an occasion
 * on both) or in the same city. The assembler skips those candidates (a much-reported pair has thousands).
 */
export function mayJoinUndated(report: DocumentMeeting): boolean {
  return !!(report.occasion || report.place);
}

/** What makes two reports one meeting (mergeReason words it). */
type MergeBasis = 'occasion and year' | 'dates' | 'one article' | 'occasion' | 'place';

/**
 * What makes two reports one meeting, or null when they are not: the same participants (one of each side when both
 * are two-sided), a compatible kind, no contradicting place or occasion, and compatible dates (or the same summit).
 */
function mergeBasis(a: DocumentMeeting, b: DocumentMeeting, acrossDocuments: boolean): MergeBasis | null {
  // The field checks first: they reject most candidates of a much-reported pair without comparing names.
  if (!compatibleKinds(a.kind, b.kind)) return null;
  if (a.country && b.country && a.country !== b.country) return null;
  if (acrossDocuments && a.place && b.place && a.place !== b.place && a.country === b.country) return null;
  if (a.occasion && b.occasion && a.occasion.series !== b.occasion.series) return null;
  // The same pair at the same summit of the same year is one meeting, even when sources disagree on the day.
  const sameSummit = !!(a.occasion && b.occasion && a.occasion.year !== null && a.occasion.year === b.occasion.year);
  if (!sameSummit && !compatibleParts(a.date, b.date)) return null;
  const dated = !!(a.date && a.date.year !== null && b.date && b.date.year !== null);
  // Without a year on one side, only a shared occasion or city makes two reports of different articles one meeting:
  // the same leaders meet often, and a report merged into the wrong meeting takes that meeting's date.
  const undatedBasis: MergeBasis | null = !acrossDocuments ? 'one article'
    : !mayJoinUndated(b) ? null : a.occasion && b.occasion ? 'occasion' : a.place && a.place === b.place ? 'place' : null;
  // Decided before the names are compared: a much-reported pair has hundreds of undated meetings to look at.
  if (!sameSummit && !dated && undatedBasis === null) return null;
  if (!shareParticipants(a.participants, b.participants)) return null;
  return sameSummit ? 'occasion and year' : dated ? 'dates' : undatedBasis;
}

/** Why two reports are one meeting, in words (shown with a meeting's reports), or null when they are not. */
export function mergeReason(a: DocumentMeeting, b: DocumentMeeting, acrossDocuments = false): string | null {
  switch (mergeBasis(a, b, acrossDocuments)) {
    case null:
      return null;
    case 'occasion and year':
      return `same participants at ${a.occasion!.label} ${a.occasion!.year}`;
    case 'dates': {
      const fa = formatDate(a.date!)!;
      const fb = formatDate(b.date!)!;
      return fa === fb && fa.length === 10 ? `same participants on ${fa}` : `same participants, compatible dates (${fa}, ${fb})`;
    }
    case 'one article':
      return 'same participants in one article';
    case 'occasion':
      return `same participants at ${a.occasion!.label}`;
    case 'place':
      return `same participants in ${a.place}`;
  }
}

/** Within one article (`acrossDocuments` false) undated reports of the same participants are one meeting. */
export function sameMeeting(a: DocumentMeeting, b: DocumentMeeting, acrossDocuments = false): boolean {
  return mergeBasis(a, b, acrossDocuments) !== null;
}

/** Folds `b` into `a`: union of evidence, most specific date, first known place. */
export function absorb(a: DocumentMeeting, b: DocumentMeeting): DocumentMeeting {
  return foldReports([a, b]);
}

/** How specific a date is: the length of its formatted form (0: none). */
const dateLengthOf = (date: DateParts | null): number => (date ? formatDate(date)?.length ?? 0 : 0);

/**
 * The merged meeting of `reports` in order: each absorbed into the merge of those before it (the most specific kind,
 * participants and sentences in order of first report, the most specific date, the first known place, country and
 * occasion). `joined(i, reason)` is told why report i (from 1) joined the merge of reports 0..i-1, as reports of
 * different articles (the assembler's reasons).
 *
 * One pass with running sets, so a meeting of thousands of reports folds in linear time: absorbing them one by one
 * copied the merged lists at every step. A single report is its own merge.
 */
export function foldReports<M extends DocumentMeeting>(reports: readonly M[], joined?: (i: number, reason: string | null) => void): M {
  const first = reports[0]!;
  if (reports.length === 1) return first;
  // What the reports before report i merge to, as mergeReason reads it.
  const sofar: DocumentMeeting = { ...first };
  let dateLength = dateLengthOf(first.date);
  // The first report's list until someone is added (lists are never changed), then one owned by the fold.
  let ownsParticipants = false;
  let keys: Set<string> | null = null;
  const sentences = new Set(first.sentences);
  for (let i = 1; i < reports.length; i++) {
    const b = reports[i]!;
    if (joined) joined(i, mergeReason(sofar, b, true));
    const kind = pickKind([sofar.kind, b.kind]);
    sofar.kind = kind === 'visit' && sofar.participants.length > 1 ? sofar.kind : kind;
    keys ??= new Set(sofar.participants.map(keyOf));
    // Checked against those before `b` only, as absorbing `b` alone does.
    const added = b.participants.filter((p) => !keys!.has(keyOf(p)));
    if (added.length) {
      if (!ownsParticipants) sofar.participants = sofar.participants.slice();
      ownsParticipants = true;
      for (const p of added) {
        sofar.participants.push(p);
        keys.add(keyOf(p));
      }
    }
    const dateB = dateLengthOf(b.date);
    if (dateB > dateLength) {
      sofar.date = b.date;
      dateLength = dateB;
    }
    sofar.place ??= b.place;
    sofar.country ??= b.country;
    sofar.occasion ??= b.occasion;
    for (const s of b.sentences) sentences.add(s);
  }
  return {
    ...first,
    kind: sofar.kind,
    // At their exact size (a pushed list keeps spare slots): a large corpus merges hundreds of thousands of reports.
    participants: ownsParticipants ? sofar.participants.slice() : first.participants,
    date: sofar.date,
    place: sofar.place,
    country: sofar.country,
    occasion: sofar.occasion,
    sentences: [...sentences],
  };
}
