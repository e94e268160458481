/**
 * Per-sentence annotation: everything the extractors find in one sentence, with character offsets.
 * Meetings, plans and briefings are built from these, so each fact keeps the sentence it came from.
 */
import type { Document, Sentence } from '../corpus/types.js';
import type {
  CountryMention, DateAnchor, DateMention, OccasionMention, PersonMention, PlaceMention,
} from './types.js';
import { createPeopleContext, findPeople } from './people.js';
import { findDates, yearHintsOf } from './dates.js';
import { anniversaryYears } from './anniversaries.js';
import { findCountries, findOccasions, findPlaces } from './places.js';
import { findMeetingCues, type MeetingCue } from './cues.js';

export interface SentenceAnnotation {
  sentence: Sentence;
  people: PersonMention[];
  dates: DateMention[];
  places: PlaceMention[];
  occasions: OccasionMention[];
  countries: CountryMention[];
  cues: MeetingCue[];
}

export interface AnnotatedDocument {
  document: Document;
  anchor: DateAnchor;
  sentences: SentenceAnnotation[];
}

/**
 * A day and month written without a year, on a page that only gives its month, lies on or before that month (news
 * reports what happened): "27 November" on a May 2022 page is 2021-11-27, not 2022.
 */
function pageMonthDates(dates: DateMention[], month: string | undefined): DateMention[] {
  if (!month) return dates;
  const [year, m] = month.split('-').map(Number) as [number, number];
  return dates.map((d) =>
    d.parts.year === year && d.parts.month !== null && d.parts.month > m && !d.text.includes(String(year))
      ? { ...d, parts: { ...d.parts, year: year - 1 } }
      : d);
}

/** Annotates every sentence of a document, resolving dates against its publication date and own year hints. */
export function annotateDocument(document: Document): AnnotatedDocument {
  const fullText = document.sentences.map((s) => s.text).join('\n');
  // Years the page pins: its month-only page date first, then named events ('APEC 2024'), then anniversaries.
  const hints = [
    ...(document.month ? [Number(document.month.slice(0, 4))] : []),
    ...yearHintsOf(fullText),
    ...anniversaryYears(fullText, document.lang),
  ];
  const anchor: DateAnchor = { published: document.published, yearHints: [...new Set(hints)] };
  const people = createPeopleContext();
  const lang = document.lang;
  const sentences = document.sentences.map((sentence) => {
    const found = findPeople(sentence.text, lang, people);
    return {
      sentence,
      people: found,
      dates: pageMonthDates(findDates(sentence.text, lang, anchor), document.month),
      // A place inside a person's name ("Hue" in "Vuong Dinh Hue", "Ho Chi Minh") is not a place.
      places: findPlaces(sentence.text, lang).filter((m) => !found.some((p) => m.start < p.end && p.start < m.end)),
      occasions: findOccasions(sentence.text, lang),
      countries: findCountries(sentence.text, lang),
      cues: findMeetingCues(sentence.text, lang),
    };
  });
  return { document, anchor, sentences };
}
