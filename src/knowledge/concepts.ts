/**
 * Language-independent concept terms (`area:semiconductors`, `person:ishiba-shigeru`, `place:lima`) for retrieval, so
 * a question in one language finds passages in another through what they are about, not the words they share.
 */
import { scanAreas } from './areas.js';
import { findPeople, matchPeople } from './people.js';
import { findPlaces } from './places.js';

function placeTerm(name: string): string {
  return `place:${name.toLowerCase().replace(/\s+/g, '-')}`;
}

/** Concepts named in one sentence of a document written in `lang`. */
export function conceptsOfText(text: string, lang: string): string[] {
  const terms = new Set<string>();
  // Any mention of a field counts for retrieval (the stricter "named as cooperation" rule is for briefings).
  for (const a of scanAreas(text, lang).mentions) terms.add(`area:${a.area}`);
  for (const p of findPeople(text, lang)) if (p.personId) terms.add(`person:${p.personId}`);
  for (const p of findPlaces(text, lang)) {
    if (p.place) terms.add(placeTerm(p.place));
    else if (p.country) terms.add(placeTerm(p.country));
  }
  return [...terms];
}

/** The query side: a question in any language (tried as English and as `lang` when known). */
export function conceptsOfQuery(question: string, lang = 'en'): string[] {
  const terms = new Set([...conceptsOfText(question, 'en'), ...(lang === 'en' ? [] : conceptsOfText(question, lang))]);
  // Bare family names ("Kihara") are not mentions in running text, but in a question they mean the person.
  for (const word of question.split(/[\s,;:?!.()"“”«»]+/u).filter((w) => w.length >= 4)) {
    const [best] = matchPeople(word);
    if (best) terms.add(`person:${best.id}`);
  }
  return [...terms];
}
