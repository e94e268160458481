/**
 * Language-independent concept terms (`area:semiconductors`, `person:ishiba-shigeru`, `place:lima`) for retrieval, so
 * a question in one language finds passages in another through what they are about, not the words they share.
 */
import type { Document } from '../corpus/types.js';
import type { SentenceAnnotation } from './annotate.js';
import { scanAreas, type SentenceAreaScan } from './areas.js';
import { findPeople, matchPeople } from './people.js';
import { findPlaces } from './places.js';
import type { PersonMention, PlaceMention } from './types.js';

function placeTerm(name: string): string {
  return `place:${name.toLowerCase().replace(/\s+/g, '-')}`;
}

function conceptsOf(
  text: string, lang: string, people: readonly PersonMention[], places: readonly PlaceMention[], areas?: SentenceAreaScan,
): string[] {
  const terms = new Set<string>();
  // Any mention of a field counts for retrieval (the stricter "named as cooperation" rule is for briefings).
  for (const a of (areas ?? scanAreas(text, lang)).mentions) terms.add(`area:${a.area}`);
  for (const p of people) if (p.personId) terms.add(`person:${p.personId}`);
  for (const p of places) {
    if (p.place) terms.add(placeTerm(p.place));
    else if (p.country) terms.add(placeTerm(p.country));
  }
  return [...terms];
}

/** Concepts named in one sentence of a document written in `lang`. */
export function conceptsOfText(text: string, lang: string): string[] {
  return conceptsOf(text, lang, findPeople(text, lang), findPlaces(text, lang));
}

/**
 * The same, from a sentence already annotated by extraction (no second pass over its names and places); `areas`, when
 * given, is scanAreas(a.sentence.text, lang), already computed by the caller.
 */
export function conceptsOfAnnotation(a: SentenceAnnotation, lang: string, areas?: SentenceAreaScan): string[] {
  return conceptsOf(a.sentence.text, lang, a.people, a.places, areas);
}

/**
 * Concepts of one sentence computed from its text (for a document indexed without the concepts its extraction found,
 * which `DocumentFacts.concepts` carries).
 */
export function sentenceConcepts(document: Document, sentence: number): string[] {
  return conceptsOfText(document.sentences.find((s) => s.index === sentence)?.text ?? '', document.lang);
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
