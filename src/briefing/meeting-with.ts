/**
 * Who a meeting is "with": the `with` of /meetings (a person in any variant or script, or a country) resolved once,
 * then tested against participants. Shared by the meetings list (context.ts, through its participant index) and the
 * chart of who a person met (charts/counterparts.ts), so the list and its chart always count the same meetings.
 */
import type { Meeting, Participant, Person } from '../knowledge/types.js';
import { matchPeople, normalizeName } from '../knowledge/people.js';
import { findCountries } from '../knowledge/places.js';
import type { MeetingQuery } from './views.js';

/** Folded strings already seen: a corpus's meetings repeat the same names and places thousands of times. */
const folded = new Map<string, string>();

/** normalizeName, memoized (bounded: clearing it changes no value). */
export const fold = (s: string): string => {
  let f = folded.get(s);
  if (f === undefined) {
    f = normalizeName(s);
    if (folded.size >= 50_000) folded.clear();
    folded.set(s, f);
  }
  return f;
};

/** Scripts written without spaces between names, where a leading part of a variant is a whole name (石破). */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/**
 * True when `input` names the person with whole words of their name or of a variant, in any order (`Ishiba`,
 * `Shigeru Ishiba`, `石破茂`), not a part of a word (`ishi` is not Kishida, nor Ishiba).
 */
export function namesWholly(person: Pick<Person, 'name' | 'variants'>, input: string): boolean {
  const words = fold(input).split(' ').filter(Boolean);
  if (words.length === 0) return false;
  return [person.name, ...person.variants].some((variant) => {
    const v = fold(variant);
    if (UNSPACED.test(v)) return words.length === 1 && v.startsWith(words[0]!) && words[0]!.length >= 2;
    const tokens = new Set(v.split(' '));
    return v.replace(/ /g, '') === words.join('') || words.every((w) => tokens.has(w));
  });
}

/** A `with` resolved: registry people it names (at most 5), its folded text as a name, countries it names. */
export interface WithMatch {
  people: Set<string>;
  names: Set<string>;
  countries: Set<string>;
}

export function resolveWith(input: string): WithMatch {
  const countries = new Set(findCountries(input, 'en').map((c) => c.code));
  if (/^[A-Za-z]{2}$/.test(input.trim())) countries.add(input.trim().toUpperCase());
  const people = new Set(matchPeople(input).filter((p) => namesWholly(p, input)).slice(0, 5).map((p) => p.id));
  return { people, names: new Set([fold(input)]), countries };
}

/** True when the participant is who `with` names (the same keys the participant index files meetings under). */
export function participantIsWith(p: Participant, w: WithMatch): boolean {
  return (p.personId !== null && w.people.has(p.personId)) || w.names.has(fold(p.name)) || (p.country !== null && w.countries.has(p.country));
}

/** The year and place filters of /meetings. */
export function inYearAndPlace(m: Meeting, q: MeetingQuery): boolean {
  if (q.year && !(m.date ?? '').startsWith(String(q.year))) return false;
  if (!q.place) return true;
  const p = fold(q.place);
  return [m.place, m.country, m.occasion].some((v) => v && fold(v).includes(p));
}
