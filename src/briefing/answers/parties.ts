/**
 * Who a question names: a person ("Ishiba", "Lương Cường", "石破茂"), an office of a side ("Vietnam's president",
 * "the Japanese ambassador", "thủ tướng Nhật Bản") or a side alone ("Japan"). A party matches a meeting's
 * participant when it is that person, or a holder of that office at the meeting's date, or of that side.
 */
import type { Meeting, Participant, Person } from '../../knowledge/types.js';
import { allPeople, findPeople, matchPeople, normalizeName, officeAt, personById } from '../../knowledge/people.js';
import { countryName, findCountries } from '../../knowledge/places.js';
import { ROLE_WORDS } from './intents.js';
import type { Lang } from '../lang.js';
import { nameIn, withRole, withSideRole } from '../names.js';

export interface Party {
  /** English words for the party: 'Ishiba Shigeru', "Vietnam's President", 'Japan'. */
  label: string;
  /** Registry ids of the people it can be (a person, or the holders of an office). */
  people: Set<string>;
  /** The office asked about, or null. */
  role: string | null;
  /** ISO alpha-2 of its side, or null. */
  country: string | null;
}

const fold = (s: string): string => normalizeName(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Role words longest first, so "deputy prime minister" wins over "prime minister". */
const ROLES: readonly [string, string][] = Object.entries(ROLE_WORDS)
  .flatMap(([role, words]) => words.map((w) => [role, fold(w)] as [string, string]))
  .sort((a, b) => b[1].length - a[1].length);

/** The office a phrase names, or null. */
export function roleIn(text: string): string | null {
  const t = ` ${fold(text)} `;
  for (const [role, word] of ROLES) if (CJK.test(word) ? t.includes(word) : t.includes(` ${word} `)) return role;
  return null;
}

/** Registry people who ever held `role` (for a side, when given). */
export function holdersOf(role: string, country: string | null): Person[] {
  return allPeople().filter((p) => (!country || p.country === country) && p.offices.some((o) => o.role === role));
}

/** The party a phrase names, or null. `known`: ids of people the corpus mentions (short names resolve among them). */
export function partyOf(text: string, lang: string, known: ReadonlySet<string>): Party | null {
  const named = findPeople(text, lang).filter((p) => p.personId);
  let people = named.map((p) => personById(p.personId!)).filter((p): p is Person => !!p);
  if (!people.length) {
    for (const word of text.split(/[\s,;:?!.'’]+/).filter((w) => w.length >= 4)) {
      for (const p of matchPeople(word).slice(0, 2)) if (known.has(p.id)) people.push(p);
    }
  }
  if (people.length) {
    people = [...new Map(people.map((p) => [p.id, p])).values()];
    return { label: people.map((p) => p.name).join(' or '), people: new Set(people.map((p) => p.id)), role: null, country: people[0]!.country };
  }
  const role = roleIn(text);
  const countries = findCountries(text, lang).map((c) => c.code).filter((c) => c === 'VN' || c === 'JP');
  const country = countries[0] ?? (role?.startsWith('Ambassador to ') ? (role.endsWith('Vietnam') ? 'JP' : 'VN') : null);
  if (role) {
    const holders = holdersOf(role, country);
    const side = country ?? holders[0]?.country ?? null;
    return { label: `${side ? `${countryName(side) ?? side}'s ` : ''}${role}`, people: new Set(holders.map((p) => p.id)), role, country: side };
  }
  if (country) return { label: countryName(country) ?? country, people: new Set(), role: null, country };
  return null;
}

/** Whether a meeting participant is the party (an office holder: holding it at the meeting's date, when known). */
export function isParty(party: Party, p: Participant, m: Meeting): boolean {
  if (party.people.size) {
    if (!p.personId || !party.people.has(p.personId)) return false;
    if (!party.role || p.role === party.role) return true;
    const person = personById(p.personId);
    return !m.date || !person || officeAt(person, m.date)?.role === party.role
      || person.offices.some((o) => o.role === party.role && o.from.slice(0, m.date!.length) <= m.date! && (!o.to || o.to >= m.date!));
  }
  return !!party.country && p.country === party.country && !party.role;
}

/** "Japan's Prime Minister Ishiba Shigeru": a participant with the office and side the text or registry gives (in `lang`). */
export function participantLabel(p: Participant, date: string | null, lang: Lang = 'en'): string {
  const person = p.personId ? personById(p.personId) : undefined;
  const role = p.role ?? (person && date ? officeAt(person, date)?.role ?? null : null);
  const name = nameIn(p.name, lang, p.personId);
  if (!role) return name;
  if (lang === 'en') {
    const side = p.country ? countryName(p.country) : null;
    return `${side ? `${side}'s ` : ''}${role} ${name}`;
  }
  return p.country ? withSideRole(name, role, p.country, lang) : withRole(name, role, null, lang);
}
