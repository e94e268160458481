/**
 * The extracted facts of each evidence sentence, as short English lines: what the extractor resolved for the
 * meetings and plans that sentence reports (a year from the article's context, the canonical names, the place).
 * A model sentence citing that sentence may state them (grounding.ts reads these lines like a passage). Pure.
 */
import type { Knowledge, Meeting, Plan } from '../knowledge/types.js';

/** Facts of a sentence: document id and 1-based sentence index → lines (none: []). */
export type FactsOf = (document: string, sentence: number) => readonly string[];

function lineOf(fact: Meeting | Plan): string {
  const where = [fact.place, fact.country].filter(Boolean).join(', ');
  const who = fact.participants.map((p) => p.name).join(', ');
  const occasion = 'occasion' in fact && fact.occasion ? ` (${fact.occasion})` : '';
  return `${fact.date ?? ''} ${where}: ${who}${occasion}`.trim();
}

/**
 * An index of the facts of every evidence sentence of `knowledge`'s meetings and plans.
 * @example sentenceFacts(k)('002_460abb11f1e7dc2e', 2) // → ['2024-11-16 Lima, Peru: Luong Cuong, Ishiba Shigeru (APEC 2024)']
 */
export function sentenceFacts(knowledge: Pick<Knowledge, 'meetings' | 'plans'>): FactsOf {
  const index = new Map<string, string[]>();
  for (const fact of [...knowledge.meetings, ...knowledge.plans]) {
    const line = lineOf(fact);
    for (const e of fact.sources) {
      const key = `${e.document}#${e.sentence}`;
      const lines = index.get(key) ?? [];
      if (!lines.includes(line)) lines.push(line);
      index.set(key, lines);
    }
  }
  return (document, sentence) => index.get(`${document}#${sentence}`) ?? [];
}
