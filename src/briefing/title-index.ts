/**
 * Every document's title folded (normalizeName), in one string, for the /sources autocomplete. One flat string rather
 * than a string per document: each of those, built a character at a time, was a rope of its characters until first
 * searched (52 MB at 100,000 articles, made again by every engine); and a title is found by one search of the whole
 * string rather than one per document. Folded in steps while idle (foldSome), or all at once by the first search.
 */
import { normalizeName } from '../knowledge/people.js';

/** Ends each title: normalizeName never leaves a control character (it is dropped or read as a space). */
const END = '\u0000';

export interface TitleIndex {
  /** Positions (in the titles' order) of the first `max` titles that contain `folded` (every title contains ''). */
  matching(folded: string, max: number): Set<number>;
  /** Folds up to `limit` more titles; true when every title is. */
  foldSome(limit: number): boolean;
}

export function titleIndex(titles: readonly (string | null)[]): TitleIndex {
  const starts = new Int32Array(titles.length + 1);
  /** Titles folded so far, a string per step (joined by the step: one copy of its titles, not one per title). */
  const chunks: string[] = [];
  let done = 0;
  let length = 0;
  let text: string | null = null;
  const foldSome = (limit: number): boolean => {
    const end = Math.min(titles.length, done + limit);
    const folded: string[] = [];
    for (; done < end; done++) {
      const f = normalizeName(titles[done] ?? '').replaceAll(END, ' ');
      starts[done] = length;
      length += f.length + 1;
      folded.push(f, END);
    }
    if (folded.length) chunks.push(folded.join(''));
    if (done < titles.length) return false;
    starts[titles.length] = length;
    text ??= chunks.join('');
    chunks.length = 0;
    return true;
  };
  return {
    foldSome,
    matching(q, max) {
      foldSome(Infinity);
      const all = text!;
      const found = new Set<number>();
      if (q.includes(END)) return found;
      if (!q) {
        for (let i = 0; i < Math.min(max, titles.length); i++) found.add(i);
        return found;
      }
      let at = all.indexOf(q);
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
        at = all.indexOf(q, starts[lo + 1]!);
      }
      return found;
    },
  };
}
