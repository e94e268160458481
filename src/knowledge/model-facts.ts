/**
 * Facts a model read from one article (model-assisted extraction), merged into the deterministic facts so the model
 * can only add: it fills fields the rules left empty and adds meetings and areas the rules missed, each citing real
 * sentences of the article. Deterministic values always win; a participant the registry cannot identify is dropped.
 */
import type { Document } from '../corpus/types.js';
import type { AreaId, DateParts, Evidence, MeetingKind, Participant } from './types.js';
import type { DocumentFacts } from './extract.js';
import { AREAS } from './areas.js';
import { matchPeople } from './people.js';
import { sameMeeting, SIDES, type DocumentMeeting } from './meetings.js';

/** What a model returns for one article (validated by the caller against its JSON schema). */
export interface ModelFacts {
  meetings: {
    date: string | null;
    place: string | null;
    country: string | null;
    occasion: string | null;
    kind: MeetingKind;
    participants: { name: string; role: string | null; country: string | null }[];
    areas: AreaId[];
    /** 1-based sentence numbers of the article that report it. */
    sentences: number[];
  }[];
  areas: { id: AreaId; sentences: number[] }[];
}

function parts(date: string | null): DateParts | null {
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date) : null;
  return m ? { year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: m[3] ? Number(m[3]) : null } : null;
}

/** A participant the registry knows under the name the model wrote, on one of the two sides. */
function identify(p: ModelFacts['meetings'][number]['participants'][number]): Participant | null {
  const [person] = matchPeople(p.name);
  if (!person || !SIDES.includes(person.country)) return null;
  return { name: person.name, role: p.role, country: person.country, personId: person.id };
}

/** Deterministic facts of `document` with what the model adds. */
export function mergeModelFacts(facts: DocumentFacts, model: ModelFacts, document: Document): DocumentFacts {
  const sentences = new Map(document.sentences.map((s) => [s.index, s.text]));
  const evidence = (numbers: number[]): Evidence[] =>
    numbers.filter((n) => sentences.has(n)).map((n) => ({ document: document.id, sentence: n, text: sentences.get(n)!, lang: document.lang }));
  const meetings = facts.meetings.map((m) => ({ ...m }));
  for (const proposed of model.meetings) {
    const participants = proposed.participants.map(identify).filter((p): p is Participant => p !== null);
    const cited = evidence(proposed.sentences);
    if (participants.length === 0 || cited.length === 0) continue;
    const candidate: DocumentMeeting = {
      document: document.id,
      kind: proposed.kind,
      participants,
      date: parts(proposed.date),
      place: proposed.place,
      country: proposed.country,
      occasion: null,
      sentences: cited.map((e) => e.sentence),
    };
    const known = meetings.find((m) => sameMeeting(m, candidate));
    if (known) {
      // Fill only what the rules left empty.
      known.date ??= candidate.date;
      known.place ??= candidate.place;
      known.country ??= candidate.country;
      continue;
    }
    const sides = new Set(participants.map((p) => p.country));
    if (sides.size < 2 && proposed.kind !== 'visit') continue;
    meetings.push({ ...candidate, areas: proposed.areas.filter((a) => AREAS.some((x) => x.id === a)), evidence: cited });
  }
  const areaMentions = [...facts.areaMentions];
  // One mention per area (as extraction keeps): the model only adds areas the rules did not find.
  const seen = new Set(areaMentions.map((m) => m.area));
  for (const area of model.areas) {
    const [first] = evidence([...area.sentences].sort((a, b) => a - b));
    if (!first || seen.has(area.id)) continue;
    seen.add(area.id);
    areaMentions.push({ area: area.id, evidence: first });
  }
  const areas = AREAS.map((a) => a.id).filter((id) => facts.info.areas.includes(id) || areaMentions.some((m) => m.area === id));
  return { ...facts, info: { ...facts.info, areas }, meetings, areaMentions };
}
