/**
 * The cooperation areas nearest to what a user typed, by label: "semiconductor chips" → Semiconductors, … Used to
 * answer an unknown area with suggestions a person can read, not taxonomy slugs.
 */
import { AREAS, findAreas } from '../knowledge/areas.js';
import type { AreaId } from '../knowledge/types.js';
import { normalizeName } from '../knowledge/people.js';

/** Suggestions given for an unknown area. */
export const AREA_SUGGESTIONS = 3;

const fold = (s: string) => normalizeName(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** Dice similarity of two texts' letter trigrams, 0…1. */
function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return a.size + b.size === 0 ? 0 : (2 * shared) / (a.size + b.size);
}

/**
 * The areas the extractor's English lexicon reads in `input` ("workers" → labor, "metro" → infrastructure). The
 * lexicon wants a sentence that frames the words as cooperation, so the input is set in one.
 */
function areasMeant(input: string): Set<AreaId> {
  return new Set(findAreas(`The two sides agreed to strengthen cooperation in ${input.slice(0, 100)}.`, 'en').map((m) => m.area));
}

/** Labels of the `limit` areas nearest to `input`: those its words name first, then by label likeness, best first. */
export function nearestAreas(input: string, limit = AREA_SUGGESTIONS): string[] {
  const q = trigrams(fold(input));
  const meant = areasMeant(input);
  return AREAS.map((a) => {
    if (meant.has(a.id)) return { label: a.label, score: 2 };
    const words = fold(a.label).split(' ').concat(a.id.split('-'));
    const best = Math.max(similarity(q, trigrams(fold(a.label))), similarity(q, trigrams(a.id.replace(/-/g, ' '))), ...words.map((w) => similarity(q, trigrams(w))));
    return { label: a.label, score: best };
  })
    .sort((x, y) => y.score - x.score || x.label.localeCompare(y.label))
    .slice(0, limit)
    .map((a) => a.label);
}
