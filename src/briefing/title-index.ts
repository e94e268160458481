/**
 * Every document's title folded (normalizeName), in one string, for the /sources autocomplete. One flat string rather
 * than a string per document: each of those, built a character at a time, was a rope of its characters until first
 * searched (52 MB at 100,000 articles, made again by every engine); and a title is found by one search of the whole
 * string rather than one per document.
 */
import { normalizeName } from '../knowledge/people.js';

/** Ends each title: normalizeName never leaves a control character (it is dropped or read as a space). */
const END = '\u0000';

export interface TitleIndex {
  /** Positions (in the titles' order) of the first `max` titles that contain `folded` (every title contains ''). */
  matching(folded: string, max: number): Set<number>;
}

export function titleIndex(titles: readonly (string | null)[]): TitleIndex {
  const starts = new Int32Array(titles.length + 1);
  let length = 0;
  const folded = titles.map((title, i) => {
    const f = normalizeName(title ?? '').replaceAll(END, ' ');
    starts[i] = length;
    length += f.length + 1;
    return f;
  });
  starts[titles.length] = length;
  const text = folded.join(END) + (titles.length ? END : '');
  return {
    matching(q, max) {
      const found = new Set<number>();
      if (q.includes(END)) return found;
      if (!q) {
        for (let i = 0; i < Math.min(max, titles.length); i++) found.add(i);
        return found;
      }
      let at = text.indexOf(q);
      while (at >= 0 && found.size < max) {
        // The title holding `at`: the last one starting at or before it (a match never spans END).
        let lo = 0;
        let hi = titles.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (starts[mid]! <= at) lo = mid;
          else hi = mid - 1;
        }
        found.add(lo);
        at = text.indexOf(q, starts[lo + 1]!);
      }
      return found;
    },
  };
}
