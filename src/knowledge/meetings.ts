/**
 * Meetings and plans of one document, from its sentence annotations.
 *
 * A meeting needs a cue that reports something that happened (talks, a visit, a call …) and either one identifiable
 * participant from each side, or a visitor travelling to the other side. A cue governed by a plan marker ("will visit",
 * "invited … to visit") makes a plan instead. Every fact keeps the sentences it came from.
 */
import type { AnnotatedDocument, SentenceAnnotation } from './annotate.js';
import type {
  DateMention, DateParts, Evidence, MeetingKind, OccasionMention, Participant, PersonMention, PlaceMention,
} from './types.js';
import { formatDate, compatibleDates, weekdaysIn } from './dates.js';
import { absorb, keyOf, pickKind, sameMeeting } from './meeting-merge.js';

export { absorb, compatibleParts, foldReports, keyOf, mayJoinUndated, mergeReason, sameMeeting } from './meeting-merge.js';
import { resolveYear } from './meeting-years.js';
import { escapeRegExp } from '../corpus/regexp.js';
import { anniversaryYears } from './anniversaries.js';
import { hostYears } from './places.js';
import type { MeetingCue } from './cues.js';
import { allPeople, officeAt, personById, sideTitles } from './people.js';
import relationship from './data/relationship.json' with { type: 'json' };
import invitations from './data/invitations.json' with { type: 'json' };
import counterparts from './data/counterparts.json' with { type: 'json' };
import clauses from './data/clauses.json' with { type: 'json' };

export const SIDES: readonly string[] = relationship.sides;
const SIDE_NAMES: Record<string, string> = relationship.names;
const INVITATIONS: Record<string, unknown> = invitations;
const COUNTERPARTS: Record<string, unknown> = counterparts;

const words = (byLang: Record<string, string[]>) => [...new Set(Object.values(byLang).flat())].map(escapeRegExp).join('|');
/** A "since" word (any language) before a date makes it a bound. */
const SINCE = new RegExp(`(${words(clauses.since)})`, 'u');
/** "and" between two listed names (any language), as a whole word. */
const AND = new RegExp(`(?<!\\p{L})(${words(clauses.and)})(?!\\p{L})`, 'u');

/** Words that make a date a bound ("since October") rather than the date of the event. */
const SINCE_WINDOW = 40;

export interface Occasion {
  series: string;
  label: string;
  year: number | null;
}

/** A meeting as one document reports it, before merging across documents. */
export interface DocumentMeeting {
  document: string;
  kind: MeetingKind;
  participants: Participant[];
  date: DateParts | null;
  place: string | null;
  country: string | null;
  occasion: Occasion | null;
  /** Sentence indexes that report it; the first is the main evidence. */
  sentences: number[];
}

export interface DocumentPlan {
  document: string;
  kind: 'visit' | 'invitation' | 'meeting';
  participants: Participant[];
  date: DateParts | null;
  place: string | null;
  country: string | null;
  sentence: number;
}

const sideOf = (p: PersonMention): string | null => (p.country && SIDES.includes(p.country) ? p.country : null);

/** A participant; the office comes from the text, else from the registry's terms at the meeting's date. */
function toParticipant(p: PersonMention, when: DateParts | null): Participant {
  let role = p.role;
  if (!role && p.personId && when?.year) {
    const person = personById(p.personId);
    const stamp = [when.year, when.month, when.day].filter((x) => x !== null).map((x, i) => (i ? String(x).padStart(2, '0') : String(x))).join('-');
    role = person ? officeAt(person, stamp)?.role ?? null : null;
  }
  return { name: p.name, role, country: p.country, personId: p.personId };
}

/** People of the two sides in a text span, first mention of each person only. */
function sidedPeople(people: PersonMention[], from = 0, to = Number.POSITIVE_INFINITY): PersonMention[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    if (p.start < from || p.start >= to || !sideOf(p)) return false;
    const key = keyOf(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The principal of each side: the first person of that side named in the span. */
function principals(people: PersonMention[]): PersonMention[] {
  const bySide = new Map<string, PersonMention>();
  for (const p of people) {
    const side = sideOf(p)!;
    if (!bySide.has(side)) bySide.set(side, p);
  }
  return [...bySide.values()];
}

/** The event date in a span: the first date mention that is not a "since …" bound. */
function eventDate(a: SentenceAnnotation, from = 0, to = Number.POSITIVE_INFINITY): DateParts | null {
  return eventMention(a, from, to)?.parts ?? null;
}

/** The date of an announced event: the first date that is not a "since …" bound, plan or not. */
function planDate(a: SentenceAnnotation): DateParts | null {
  return eventMention(a, 0, Number.POSITIVE_INFINITY, true)?.parts ?? null;
}

/** The cue closest to a date mention, by characters between them. */
function nearestCue(cues: readonly MeetingCue[], d: DateMention): MeetingCue | undefined {
  let best: MeetingCue | undefined;
  let gap = Number.POSITIVE_INFINITY;
  for (const c of cues) {
    const g = c.end <= d.start ? d.start - c.end : d.end <= c.start ? c.start - d.end : 0;
    if (g < gap) [best, gap] = [c, g];
  }
  return best;
}

function eventMention(a: SentenceAnnotation, from = 0, to = Number.POSITIVE_INFINITY, plans = false): DateMention | null {
  const text = a.sentence.text.toLowerCase();
  for (const d of a.dates) {
    if (d.start < from || d.start >= to) continue;
    // The bound word must be in the same clause as the date.
    const before = text.slice(Math.max(0, d.start - SINCE_WINDOW), d.start).split(/[,;:]/).pop()!;
    if (SINCE.test(before)) continue;
    if (d.parts.year === null && d.parts.month === null) continue;
    // A date next to an announced event ('will visit in December', '10月に開催される首脳会議') is that event's date.
    if (!plans && nearestCue(a.cues, d)?.plan) continue;
    return d;
  }
  return null;
}

function firstPlace(places: PlaceMention[], from = 0, to = Number.POSITIVE_INFINITY): PlaceMention | null {
  const inSpan = places.filter((p) => p.start >= from && p.start < to);
  return inSpan.find((p) => p.place !== null) ?? inSpan.find((p) => p.country !== null) ?? null;
}

function toOccasion(o: OccasionMention, date: DateParts | null): Occasion {
  return { series: o.series, label: o.label, year: o.year ?? date?.year ?? null };
}

/** Where the meeting took place, from the span's places, the occasion's host, or a visit's destination. */
/** Characters around a visit cue within which the destination country is named. */
const DESTINATION_WINDOW = 80;

/**
 * Where a visit in this span went: the country of either side named closest to a visit cue, not the visitor's own
 * ("… visite officielle au Vietnam", "Vietnam im April besucht", "kunjungan … ke Jepang").
 */
function visitDestination(a: SentenceAnnotation, who: PersonMention[], from: number, to: number): string | null {
  const cues = a.cues.filter((c) => c.kind === 'visit' && !c.plan);
  if (cues.length === 0) return null;
  const home = who.length === 1 ? sideOf(who[0]!) : null;
  let best: { code: string; gap: number } | null = null;
  for (const c of a.countries) {
    if (c.form !== 'name' || !SIDES.includes(c.code) || c.code === home || c.start < from || c.start >= to) continue;
    for (const cue of cues) {
      const gap = c.start >= cue.end ? c.start - cue.end : cue.start >= c.end ? cue.start - c.end : 0;
      if (gap <= DESTINATION_WINDOW && (!best || gap < best.gap)) best = { code: c.code, gap };
    }
  }
  return best?.code ?? null;
}

/** Where the meeting took place, from the span's places, the occasion's host, or a visit's destination. */
function locate(
  a: SentenceAnnotation, kind: MeetingKind, who: PersonMention[], occasion: OccasionMention | null, from: number, to: number,
): { place: string | null; country: string | null } {
  const place = firstPlace(a.places, from, to);
  // Talks name other visits in passing ("ships visiting Vietnam"); a visit or a reception is where the visit went.
  const destination = who.length === 1 || kind === 'visit' || kind === 'reception' ? visitDestination(a, who, from, to) : null;
  const destinationName = destination ? SIDE_NAMES[destination]! : null;
  // A city in another country than the visit's destination is where someone came home to, not the venue.
  if (place?.place && (!destinationName || place.country === destinationName)) return { place: place.place, country: place.country };
  if (occasion?.place) return { place: occasion.place, country: occasion.country };
  if (place?.country && !SIDES.some((s) => SIDE_NAMES[s] === place.country)) return { place: null, country: place.country };
  if (occasion?.country) return { place: null, country: occasion.country };
  if (destinationName) return { place: null, country: destinationName };
  if (kind === 'reception' && who[0]) return { place: null, country: SIDE_NAMES[sideOf(who[0])!] ?? null };
  return { place: null, country: null };
}

/** The single year a summit named without one was held in a city the same sentence names ('G20 in Osaka' → 2019). */
function hostedHere(o: OccasionMention, a: SentenceAnnotation): number[] {
  const years = [...new Set(a.places.flatMap((p) => (p.place ? hostYears(o.series, p.place) : [])))];
  return years.length === 1 ? years : [];
}

/** The office the document names a person with elsewhere (first titled mention), for a mention without a title. */
function roleInDocument(doc: AnnotatedDocument, p: PersonMention): string | null {
  const key = keyOf(p);
  for (const s of doc.sentences) for (const q of s.people) if (q.role && keyOf(q) === key) return q.role;
  return null;
}

/** Two sides meeting at a summit of many meet on its sidelines, whatever verb the report uses ('met at the ASEAN summit'). */
function kindAt(kind: MeetingKind, occasion: OccasionMention | null, who: PersonMention[]): MeetingKind {
  const twoSided = new Set(who.map(sideOf)).size === 2;
  return occasion && twoSided && (kind === 'talks' || kind === 'other') ? 'sidelines' : kind;
}

/** Years the document writes out (explicit years of its date mentions), in text order. */
function writtenYears(doc: AnnotatedDocument): number[] {
  // A summit named with its host city ('the G20 summit in Osaka') states its year as plainly as a written one.
  return doc.sentences.flatMap((s) => [
    ...s.dates.filter((d) => !d.hinted && !d.relative && d.parts.year !== null).map((d) => d.parts.year!),
    ...s.occasions.flatMap((o) => (o.year === null ? hostedHere(o, s) : [])),
  ]);
}

function meetingFrom(
  doc: AnnotatedDocument, a: SentenceAnnotation, who: PersonMention[], kind: MeetingKind,
  occasion: OccasionMention | null, from = 0, to = Number.POSITIVE_INFINITY, yearPeople?: PersonMention[],
): DocumentMeeting {
  const mention = eventMention(a, from, to) ?? (from > 0 || to !== Number.POSITIVE_INFINITY ? eventMention(a) : null);
  let date = mention?.parts ?? null;
  const published = doc.document.published;
  const where = locate(a, kind, who, occasion, from, to);
  if ((date && (date.year === null || mention?.hinted)) || (!date && !published && occasion?.year == null)) {
    // No year written and no publication date: what the people, the summit and the document pin decides, or nothing.
    const year = resolveYear({
      date: date && { ...date, year: null },
      participants: (yearPeople ?? who).map((p) => toParticipant({ ...p, role: p.role ?? roleInDocument(doc, p) }, null)),
      weekdays: weekdaysIn(a.sentence.text, doc.document.lang),
      hints: [...(mention?.hinted && date?.year ? [date.year] : []), ...doc.anchor.yearHints],
      writtenYears: writtenYears(doc),
      sentenceHints: [...anniversaryYears(a.sentence.text, doc.document.lang), ...a.occasions.flatMap((o) => o.year ?? hostedHere(o, a))],
      occasion: occasion && occasion.year === null ? { series: occasion.series, place: where.place } : null,
    });
    date = date ? { ...date, year } : year !== null ? { year, month: null, day: null } : null;
    if (date && date.year === null && date.month === null) date = null;
  }
  // Reported without a date: it happened by the publication date, in its year at the latest known precision.
  if (!date && published && occasion?.year == null) date = { year: Number(published.slice(0, 4)), month: null, day: null };
  if (!date && occasion?.year) date = { year: occasion.year, month: null, day: null };
  const participants = who.map((p) => toParticipant(p, date ?? (published ? { year: Number(published.slice(0, 4)), month: Number(published.slice(5, 7)), day: null } : null)));
  return {
    document: doc.document.id,
    kind: kindAt(kind === 'visit' && who.length > 1 && new Set(who.map(sideOf)).size === 2 ? 'talks' : kind, occasion, who),
    participants,
    date,
    place: where.place,
    country: where.country,
    occasion: occasion ? toOccasion(occasion, date) : null,
    sentences: [a.sentence.index],
  };
}

/** Several occasions in one sentence ("… at the ASEAN summit, with X at APEC and with Y at the G20") are several meetings. */
function enumeratedMeetings(doc: AnnotatedDocument, a: SentenceAnnotation, kind: MeetingKind): DocumentMeeting[] {
  const occasions = [...a.occasions].sort((x, y) => x.start - y.start);
  const people = a.people.filter((p) => sideOf(p));
  const host = people[0];
  if (!host) return [];
  const out: DocumentMeeting[] = [];
  let segmentStart = 0;
  occasions.forEach((o, i) => {
    const next = occasions[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const counterpart = [...people]
      .filter((p) => p.start >= segmentStart && p.start < o.start && sideOf(p) !== sideOf(host))
      .pop();
    if (counterpart) out.push(meetingFrom(doc, a, [host, counterpart], kind, o, o.start, next));
    segmentStart = o.end;
  });
  return out;
}

function isOneSidedVisit(m: DocumentMeeting): boolean {
  return m.kind === 'visit' && new Set(m.participants.map((p) => p.country)).size < 2;
}

/** Days a visit may last around the talks it frames. */
const TRIP_DAYS = 10;

function dayNumber(d: DateParts): number | null {
  return d.year !== null && d.month !== null && d.day !== null ? Date.UTC(d.year, d.month - 1, d.day) / 86_400_000 : null;
}

/** Two dates that may belong to one trip: compatible, or full days at most TRIP_DAYS apart. */
function sameTrip(a: DateParts | null, b: DateParts | null): boolean {
  if (compatibleDates(a ? formatDate(a) : null, b ? formatDate(b) : null)) return true;
  const [da, db] = [a && dayNumber(a), b && dayNumber(b)];
  return da != null && db != null && Math.abs(da - db) <= TRIP_DAYS;
}

/** "During the visit" phrases per language (lower case): a meeting they introduce lies within the trip's dates. */
const DURING: Readonly<Record<string, string[]>> = clauses.during;

/** "and" written against the names it joins (Japanese, Chinese, Korean). */
const AND_ATTACHED = new RegExp(`(${words(clauses.andAttached)})`, 'u');
/** Characters after a listed name (its title written after it) within which the list mark stands. */
const LIST_MARK_WITHIN = 16;
/** Characters between two names beyond which they are never one list, whatever stands between them. */
const LIST_BOUND = 240;

/**
 * Several people of one side met one by one: right after each name (and the title written after it) stands a list
 * mark (comma, 、, semicolon) or an "and" — the next item may bring a meeting cue of its own ('met A, held talks with
 * B') — within one sentence.
 */
function isEnumeration(people: PersonMention[], text: string): boolean {
  if (people.length < 2) return false;
  const sorted = [...people].sort((x, y) => x.start - y.start);
  return sorted.slice(1).every((p, i) => {
    const from = sorted[i]!.end;
    const gap = text.slice(from, p.start);
    if (gap.length > LIST_BOUND || /[.!?。！？]\s/u.test(gap)) return false;
    // The list mark follows the name, or the title written after it ('安倍首相や', 'Abe (Prime Minister),'); a name
    // followed by other words ('X conveyed the greetings of Y') is not an item of a list.
    const lead = gap.slice(0, LIST_MARK_WITHIN);
    if (!/[,、;，；]/u.test(lead) && !AND.test(lead) && !AND_ATTACHED.test(lead)) return false;
    // 'met A, held talks with B and met C': a cue between two names opens another encounter of the same visitor.
    return true;
  });
}

/**
 * Who met whom in one sentence: the principal of each side; when one side has a single person and the other names
 * several, each of them is a separate meeting with that person (separate institutions, as the labels count them).
 */
function pairings(people: PersonMention[], text: string): PersonMention[][] {
  const bySide = new Map<string, PersonMention[]>();
  for (const p of people) bySide.set(sideOf(p)!, [...(bySide.get(sideOf(p)!) ?? []), p]);
  const [a = [], b = []] = [...bySide.values()];
  if (a.length === 1 && isEnumeration(b, text)) return b.map((other) => [a[0]!, other]);
  if (b.length === 1 && isEnumeration(a, text)) return a.map((other) => [other, b[0]!]);
  return [principals(people)];
}

/** A one-sided visit by someone who also has a two-sided meeting on that trip is that meeting's context, not another meeting. */
function foldVisits(meetings: DocumentMeeting[]): DocumentMeeting[] {
  const twoSided = meetings.filter((m) => new Set(m.participants.map((p) => p.country)).size === 2);
  return meetings.filter((m) => {
    if (m.participants.length !== 1 || m.kind !== 'visit') return true;
    const visitor = keyOf(m.participants[0]!);
    const host = twoSided.find((t) =>
      t.participants.some((p) => keyOf(p) === visitor) &&
      sameTrip(m.date, t.date) &&
      (!m.country || !t.country || m.country === t.country));
    if (host) {
      host.sentences.push(...m.sentences.filter((s) => !host.sentences.includes(s)));
      // Talks reported without a place or day happened during the trip: where it went, and its month.
      host.country ??= m.country;
      host.place ??= m.place;
      if (m.date?.month && (!host.date || (host.date.month === null && host.date.year === m.date.year))) {
        host.date = { year: m.date.year, month: m.date.month, day: null };
      }
    }
    return !host;
  });
}

/** Characters between a person mention and a cue. */
function distance(p: PersonMention, cue: MeetingCue): number {
  return p.end <= cue.start ? cue.start - p.end : p.start >= cue.end ? p.start - cue.end : 0;
}

/**
 * Cues that report something that happened. "On the sidelines" alone (no named occasion, no other cue) is too weak:
 * its words also mean "on the occasion of" an anniversary or a death.
 */
function reportedCues(a: SentenceAnnotation): MeetingCue[] {
  const happened = a.cues.filter((c) => !c.plan);
  const strong = happened.filter((c) => c.kind !== 'sidelines');
  return strong.length > 0 || a.occasions.length > 0 ? happened : [];
}

/**
 * A forum or dialogue held on a stated date or at a stated place, whose participants are named in the same sentence or
 * the next one of the paragraph ("The Vietnam–Japan forum took place on 24 November in Quang Ninh. Prime Minister X
 * and Foreign Minister Y attended."). Participants may all come from one side: a forum has no counterpart.
 */
function forumEvent(
  doc: AnnotatedDocument, a: SentenceAnnotation, next: SentenceAnnotation | undefined, cues: MeetingCue[], sides: number,
): DocumentMeeting | null {
  if (sides === 2 || !cues.some((c) => c.kind === 'forum' || c.kind === 'dialogue')) return null;
  if (!eventDate(a) && !firstPlace(a.places)?.place) return null;
  const own = sidedPeople(a.people);
  const following = next && next.sentence.paragraph === a.sentence.paragraph && next.cues.every((c) => !c.plan) ? sidedPeople(next.people) : [];
  const who = own.length > 0 ? own : following;
  if (who.length === 0) return null;
  const m = meetingFrom(doc, a, who.slice(0, FORUM_PRINCIPALS), cues.some((c) => c.kind === 'forum') ? 'forum' : 'dialogue', a.occasions[0] ?? null);
  if (own.length === 0 && next) m.sentences.push(next.sentence.index);
  return m;
}

/** Participants named for a forum: its principals, not every attendee. */
const FORUM_PRINCIPALS = 2;

/**
 * "Prime Minister X held talks with his Japanese counterpart": the other side's holder of X's office at that date —
 * the one such person the article names elsewhere, else the one the registry knows held it then. Null when the
 * sentence names no counterpart of the other side, or when more than one person fits.
 */
function counterpartOf(doc: AnnotatedDocument, a: SentenceAnnotation, p: PersonMention): PersonMention | null {
  const lower = a.sentence.text.toLowerCase();
  const word = ((COUNTERPARTS[doc.document.lang] ?? []) as string[]).find((w) => lower.includes(w));
  const other = SIDES.find((side) => side !== sideOf(p));
  if (!word || !other || !a.countries.some((c) => c.code === other)) return null;
  const date = eventDate(a);
  const when = date?.year ? formatDate({ ...date, day: date.day ?? (date.month ? 15 : null), month: date.month }) : doc.document.published;
  if (!when || when.length < 7) return null;
  const self = p.personId ? personById(p.personId) : undefined;
  const role = p.role ?? (self ? officeAt(self, when)?.role ?? null : null);
  if (!role) return null;
  const holds = (id: string | null) => {
    const person = id ? personById(id) : undefined;
    return person?.country === other && person.offices.some((o) => o.role === role && o.from <= when && (o.to === null || o.to >= when.slice(0, o.to.length)));
  };
  const named = new Set(doc.sentences.flatMap((s) => s.people).filter((x) => holds(x.personId)).map((x) => x.personId!));
  const registry = named.size ? [] : allPeople().filter((x) => holds(x.id)).map((x) => x.id);
  const ids = named.size ? [...named] : registry;
  if (ids.length !== 1) return null;
  const person = personById(ids[0]!)!;
  const start = lower.indexOf(word);
  return { personId: person.id, name: person.name, written: a.sentence.text.slice(start, start + word.length), role, country: other, start, end: start + word.length };
}

/**
 * "… received the Japanese Prime Minister" / "le Premier ministre vietnamien a reçu X": an office of the other side
 * named without a name stands for the one person of that side the article names with that office. Null when the
 * article names none or several.
 */
function titledCounterpart(doc: AnnotatedDocument, a: SentenceAnnotation, people: PersonMention[]): PersonMention | null {
  const side = sideOf(people[0]!);
  for (const t of sideTitles(a.sentence.text, doc.document.lang, a.people)) {
    if (t.country === side || !SIDES.includes(t.country)) continue;
    const holders = new Map<string, PersonMention>();
    for (const s of doc.sentences) {
      for (const p of s.people) {
        if (sideOf(p) === t.country && p.role && (p.role === t.role || p.role.startsWith(`${t.role} `) || t.role.startsWith(`${p.role} `))) holders.set(keyOf(p), p);
      }
    }
    if (holders.size !== 1) continue;
    const [p] = [...holders.values()];
    return { ...p!, start: t.start, end: t.end, written: a.sentence.text.slice(t.start, t.end) };
  }
  return null;
}

/** Meetings reported by one document, merged within it. */
export function documentMeetings(doc: AnnotatedDocument): DocumentMeeting[] {
  const found: DocumentMeeting[] = [];
  const followers: SentenceAnnotation[] = [];
  doc.sentences.forEach((a, i) => {
    const happened = reportedCues(a);
    if (happened.length === 0) return;
    const kind = pickKind(happened.map((c) => c.kind));
    const people = sidedPeople(a.people);
    const sides = new Set(people.map(sideOf));
    const forum = forumEvent(doc, a, doc.sentences[i + 1], happened, sides.size);
    if (forum) {
      found.push(forum);
      return;
    }
    if (a.occasions.length >= 2 && sides.size === 2) {
      const listed = enumeratedMeetings(doc, a, kind);
      if (listed.length >= 2) {
        found.push(...listed);
        return;
      }
    }
    const counterpart = sides.size === 1 ? counterpartOf(doc, a, people[0]!) ?? titledCounterpart(doc, a, people) : null;
    if (counterpart) {
      found.push(meetingFrom(doc, a, [people[0]!, counterpart], kind, a.occasions[0] ?? null));
    } else if (sides.size === 2) {
      // Several counterparts met in one sentence share its date: the year is resolved with everyone it names.
      found.push(...pairings(people, a.sentence.text).map((pair) => meetingFrom(doc, a, pair, kind, a.occasions[0] ?? null, 0, Number.POSITIVE_INFINITY, people)));
    } else if (people.length >= 1 && happened.some((c) => c.kind === 'visit')) {
      const cue = happened.find((c) => c.kind === 'visit')!;
      const visitor = [...people].sort((x, y) => distance(x, cue) - distance(y, cue))[0]!;
      const m = meetingFrom(doc, a, [visitor], 'visit', a.occasions[0] ?? null);
      const home = SIDE_NAMES[sideOf(visitor)!];
      // Only a visit to the other side belongs to this relationship.
      if (m.country && m.country !== home && Object.values(SIDE_NAMES).includes(m.country)) found.push(m);
      else followers.push(a);
    } else if (people.length >= 1) {
      followers.push(a);
    }
  });
  // Merge repeated reports of one meeting within the document.
  const merged: DocumentMeeting[] = [];
  for (const m of found) {
    // A one-sided visit and a two-sided meeting are joined by foldVisits, which knows a trip spans several days.
    const i = merged.findIndex((x) => isOneSidedVisit(x) === isOneSidedVisit(m) && sameMeeting(x, m));
    if (i >= 0) merged[i] = absorb(merged[i]!, m);
    else merged.push(m);
  }
  const meetings = foldVisits(merged);
  datedByTrip(doc, meetings);
  // A sentence with a meeting cue that names only one side's participant supports that participant's meeting.
  for (const a of followers) {
    const keys = new Set(sidedPeople(a.people).map(keyOf));
    const owners = meetings.filter((m) => m.participants.some((p) => keys.has(keyOf(p))));
    if (owners.length === 1) owners[0]!.sentences.push(a.sentence.index);
  }
  return meetings;
}

/** `text` holds one of `phrases` (the text lowercased once by the caller, not once per phrase). */
function includesAny(text: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => text.includes(p));
}

/**
 * A meeting reported "during the visit" without a date of its own took place on the trip an earlier sentence dates:
 * it takes the trip's year and month (never its day: a trip lasts several days).
 */
function datedByTrip(doc: AnnotatedDocument, meetings: DocumentMeeting[]): void {
  const phrases = DURING[doc.document.lang] ?? [];
  if (phrases.length === 0) return;
  for (const m of meetings) {
    if (m.date?.month != null) continue;
    const first = Math.min(...m.sentences);
    const during = doc.sentences.some((a) => m.sentences.includes(a.sentence.index) && includesAny(a.sentence.text.toLowerCase(), phrases));
    if (!during) continue;
    const keys = new Set(m.participants.map(keyOf));
    const trip = meetings.find((t) => t !== m && t.date?.year != null && t.date.month !== null
      && Math.min(...t.sentences) < first && t.participants.some((p) => keys.has(keyOf(p))));
    if (trip && (m.date === null || m.date.year === trip.date!.year)) m.date = { year: trip.date!.year, month: trip.date!.month, day: null };
  }
}

/** Announced visits, invitations and scheduled meetings: kept apart from meetings. */
export function documentPlans(doc: AnnotatedDocument): DocumentPlan[] {
  const plans: DocumentPlan[] = [];
  for (const a of doc.sentences) {
    const planned = a.cues.filter((c) => c.plan);
    if (planned.length === 0 || a.cues.some((c) => !c.plan && c.start < (planned[0]?.start ?? 0) && sidedPeople(a.people).length > 1)) continue;
    const people = sidedPeople(a.people);
    const date = planDate(a);
    const place = firstPlace(a.places);
    if (people.length === 0 && !date && !place) continue;
    const words = (INVITATIONS[doc.document.lang] ?? []) as string[];
    const lower = a.sentence.text.toLowerCase();
    const invitation = words.some((w) => lower.includes(w));
    plans.push({
      document: doc.document.id,
      kind: invitation ? 'invitation' : planned[0]!.kind === 'visit' ? 'visit' : 'meeting',
      participants: people.map((p) => toParticipant(p, null)),
      date: date ? forward(date, doc.document.published) : null,
      place: place?.place ?? null,
      country: place?.country ?? null,
      sentence: a.sentence.index,
    });
  }
  return plans;
}

/** A plan's month named without a year lies ahead of the publication date, not behind it. */
function forward(date: DateParts, published: string | null): DateParts {
  if (!published || date.day !== null || date.month === null || date.year === null) return date;
  const [py, pm] = published.split('-').map(Number) as [number, number];
  if (date.year < py || (date.year === py && date.month < pm)) return { ...date, year: py + (date.month < pm ? 1 : 0) };
  return date;
}

export function evidenceOf(doc: AnnotatedDocument, sentences: number[]): Evidence[] {
  return sentences
    .map((i) => doc.document.sentences.find((s) => s.index === i))
    .filter((s) => s !== undefined)
    .map((s) => ({ document: doc.document.id, sentence: s.index, text: s.text, lang: doc.document.lang }));
}

