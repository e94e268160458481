/**
 * Model-assisted extraction checked by the same grounding as answers: a participant, date, place or occasion the
 * model reports for a meeting must be stated by the sentences it cites (through the registry's name variants, the
 * date resolver and the place lexicon). An unsupported participant is dropped; an unsupported date, place or
 * occasion becomes null (the rules' value then stands); a meeting left without participants is dropped. Pure.
 */
import type { Document } from '../corpus/types.js';
import { findPeople } from '../knowledge/people.js';
import { findOccasions } from '../knowledge/places.js';
import type { ModelExtraction } from './extract-schema.js';
import { supportedClaims, type Claim, type GroundingSource } from './grounding.js';

type ModelMeeting = ModelExtraction['meetings'][number];

function dateClaim(date: string): Claim {
  const [y, m, d] = date.split('-').map(Number);
  return { kind: 'date', text: date, parts: { year: y ?? null, month: m ?? null, day: d ?? null } };
}

function occasionClaim(occasion: string): Claim {
  const series = findOccasions(occasion, 'en')[0]?.series;
  if (series) return { kind: 'occasion', text: occasion, series };
  return { kind: 'organisation', text: occasion, words: occasion.split(/\s+/).filter((w) => w.length >= 3) };
}

function groundedMeeting(meeting: ModelMeeting, sources: GroundingSource[]): ModelMeeting {
  const people: Claim[] = meeting.participants.map((p) => ({
    kind: 'person', text: p.name, id: findPeople(p.name, 'en')[0]?.personId ?? null, name: p.name,
  }));
  const others: (Claim | null)[] = [
    meeting.date ? dateClaim(meeting.date) : null,
    meeting.place ? { kind: 'place', text: meeting.place, name: meeting.place } : null,
    meeting.occasion ? occasionClaim(meeting.occasion) : null,
  ];
  const ok = supportedClaims([...people, ...others.filter((c): c is Claim => c !== null)], sources);
  const peopleOk = ok.slice(0, people.length);
  let k = people.length;
  const keep = (claim: Claim | null): boolean => (claim === null ? true : ok[k++] === true);
  const [dateOk, placeOk, occasionOk] = others.map(keep);
  return {
    ...meeting,
    participants: meeting.participants.filter((_, i) => peopleOk[i]),
    date: dateOk ? meeting.date : null,
    place: placeOk ? meeting.place : null,
    country: placeOk ? meeting.country : null,
    occasion: occasionOk ? meeting.occasion : null,
  };
}

/**
 * `data` with every meeting's facts checked against the sentences it cites (sentence numbers already known to exist).
 * @example groundedExtraction({ meetings: [m], areas: [] }, doc) // m's invented 'Tokyo' becomes place: null
 */
export function groundedExtraction(data: ModelExtraction, document: Document): ModelExtraction {
  const byIndex = new Map(document.sentences.map((s) => [s.index, s.text]));
  const meetings = data.meetings
    .map((m) => {
      const sources = m.sentences.flatMap((n) => {
        const text = byIndex.get(n);
        return text === undefined ? [] : [{ text, lang: document.lang, published: document.published }];
      });
      return groundedMeeting(m, sources);
    })
    .filter((m) => m.participants.length > 0);
  return { meetings, areas: data.areas };
}
