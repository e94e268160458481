/**
 * The year of a meeting whose text gives none, as a careful analyst finds it: from what the registry knows of the
 * people named (the years in which all of them held office on that day, narrowed by a named weekday), the edition of a
 * recurring summit known by its host city, the years the document itself pins (named events, anniversaries) and the
 * years it writes out. A year is returned only when the evidence leaves exactly one; otherwise null — never a guess.
 */
import type { DateParts, Participant } from './types.js';
import { personById, registryHorizon, termYears } from './people.js';
import { hostYears } from './places.js';

/** A term still running may reach any later year: it never pins one on its own. */
const OPEN_END_YEAR = 2100;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Years in which every registry participant named with an office held it on `date`'s month and day (any day of the
 * year when the month is unknown), or null when no participant is. A named weekday keeps only the years in which the
 * day fell on it.
 */
export function yearsInOffice(date: DateParts | null, participants: readonly Participant[], weekdays: readonly number[] = []): Set<number> | null {
  const month = date?.month ?? null;
  const day = date?.day ?? null;
  let common = null as Set<number> | null;
  for (const p of participants) {
    const person = p.personId ? personById(p.personId) : undefined;
    if (!person) continue;
    // Only an office the text gives them constrains the year: a person named without one (or as 'former') may meet
    // anyone at any time.
    const role = p.role && person.offices.some((o) => o.role === p.role || o.role.startsWith(`${p.role} `)) ? p.role : null;
    if (!role) continue;
    const years = new Set<number>();
    for (const term of termYears(person, role ?? undefined, OPEN_END_YEAR)) {
      for (let y = term.from; y <= term.to; y++) {
        const [from, to] = month === null ? [`${y}-01-01`, `${y}-12-31`] : [`${y}-${pad(month)}-${pad(day ?? 1)}`, `${y}-${pad(month)}-${pad(day ?? 28)}`];
        if (person.offices.some((o) => (o.role === role || o.role.startsWith(`${role} `)) && o.from <= to && (o.to === null || o.to >= from))) years.add(y);
      }
    }
    common = common === null ? years : new Set([...common].filter((y) => years.has(y)));
  }
  if (common && weekdays.length > 0 && month !== null && day !== null) {
    common = new Set([...common].filter((y) => weekdays.includes(new Date(Date.UTC(y, month - 1, day)).getUTCDay())));
  }
  return common;
}

/** The only year in which all participants held office on that month (and day), or null. */
export function yearFromTerms(date: DateParts, participants: readonly Participant[], weekdays: readonly number[] = []): number | null {
  if (date.year !== null || date.month === null) return date.year;
  const years = yearsInOffice(date, participants, weekdays);
  return years && years.size === 1 ? [...years][0]! : null;
}

export interface YearEvidence {
  /** The date as written (year null), or null when the text gives no date at all. */
  date: DateParts | null;
  participants: readonly Participant[];
  /** Weekdays named next to the date (0 = Sunday). */
  weekdays?: readonly number[];
  /** Years the document pins (named events, anniversaries), most specific first. */
  hints?: readonly number[];
  /** Years written out anywhere in the document. */
  writtenYears?: readonly number[];
  /** Years the meeting's own sentence pins (an anniversary being celebrated, a summit known by its host city). */
  sentenceHints?: readonly number[];
  /** A recurring summit named without its year, and the city the meeting took place in. */
  occasion?: { series: string; place: string | null } | null;
}

/** The years a meeting may be dated to: known to the registry and, with people in office, within their terms. */
function allowed(years: readonly number[], inOffice: ReadonlySet<number> | null): number[] {
  // A year past what the registry knows (an anniversary still ahead) never dates a reported meeting.
  return years.filter((y) => y <= registryHorizon() && (!inOffice || inOffice.has(y)));
}

/**
 * The year of a meeting written without one, or null when the evidence does not leave exactly one. With people of the
 * registry, their terms decide; a hint, a summit's host city or a written year only chooses among the years their terms
 * allow. Without any, a summit's single host year or the document's first hint is taken (the old anchor rule).
 */
export function resolveYear(e: YearEvidence): number | null {
  if (e.date?.year != null) return e.date.year;
  const inOffice = yearsInOffice(e.date, e.participants, e.weekdays ?? []);
  const hosted = e.occasion?.place ? hostYears(e.occasion.series, e.occasion.place) : [];
  if (hosted.length > 0) {
    const fit = allowed(hosted, inOffice);
    if (fit.length === 1) return fit[0]!;
    if (fit.length === 0 && inOffice) return null;
  }
  if (inOffice?.size === 1) return [...inOffice][0]!;
  const own = [...new Set(allowed(e.sentenceHints ?? [], inOffice))];
  if (own.length === 1) return own[0]!;
  const written = [...new Set(e.writtenYears ?? [])];
  if (!e.date) {
    // A meeting the text gives no date for is not dated by a year named elsewhere for something else (a caption,
    // another event): only when the page names a single year, and the people's terms allow it.
    return inOffice && written.length === 1 && inOffice.has(written[0]!) ? written[0]! : null;
  }
  const hinted = allowed(e.hints ?? [], inOffice);
  if (hinted.length > 0) return hinted[0]!;
  if (inOffice) {
    const fit = allowed(written, inOffice);
    return fit.length === 1 ? fit[0]! : null;
  }
  return null;
}
