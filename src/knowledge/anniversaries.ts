/**
 * Years pinned by anniversaries: "the 50th anniversary of diplomatic relations" is 2023 in Vietnam–Japan news.
 * Language knowledge (ordinal patterns, event words, founding years) is data: data/anniversaries.json.
 */
import data from './data/anniversaries.json' with { type: 'json' };

interface AnniversaryData {
  window: number;
  events: { year: number; label: string; words: string[] }[];
  patterns: Record<string, string[]>;
}

const DATA = data as AnniversaryData;
const PATTERNS = new Map(Object.entries(DATA.patterns).map(([lang, list]) => [lang, list.map((p) => new RegExp(p, 'giu'))]));
/** Anniversaries worth a year hint; larger ordinals are more likely something else (a count, a street number). */
const MAX_ORDINAL = 150;

/** Years that anniversaries named in `text` (written in `lang`) fall in, in text order. */
export function anniversaryYears(text: string, lang: string): number[] {
  const patterns = PATTERNS.get(lang);
  if (!patterns) return [];
  const lower = text.toLowerCase();
  const years: number[] = [];
  for (const pattern of patterns) {
    for (const match of lower.matchAll(pattern)) {
      const n = Number(match[1]);
      if (!Number.isInteger(n) || n < 1 || n > MAX_ORDINAL) continue;
      const start = match.index;
      const around = lower.slice(Math.max(0, start - DATA.window), start + match[0].length + DATA.window);
      const event = DATA.events.find((e) => e.words.some((w) => around.includes(w)));
      if (event) years.push(event.year + n);
    }
  }
  return years;
}
