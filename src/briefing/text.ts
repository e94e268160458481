/** Small text helpers every view uses: the view shell, clipping, plurals and quotes trimmed around a clause. */
import type { View } from './views.js';

/** A quote is at most this long (Discord shows 200 characters of a quote): longer sentences are trimmed by clause. */
export const QUOTE_CHARS = 200;

export function view(kind: View['kind'], title: string, partial: Partial<View> = {}): View {
  return { kind, title, intro: null, sections: [], items: [], citations: [], empty: null, footer: null, ...partial };
}

/**
 * ISO dates ('2025', '2025-11-28') in ascending order. Plain string comparison gives the same order as
 * localeCompare for these strings at a small part of its cost (sorting a large corpus's meetings or statements).
 */
export function compareIso(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * An ISO date as a number in the same order: '2025-11-28' → 20251128, '2025-11' → 20251100, '2025' → 20250000,
 * none → 0. Large lists sort by these far faster than by the strings.
 */
export function dayNumber(iso: string | null): number {
  if (!iso) return 0;
  return Number(iso.slice(0, 4)) * 10_000 + (Number(iso.slice(5, 7)) || 0) * 100 + (Number(iso.slice(8, 10)) || 0);
}

/**
 * The first `max` of `items` in `order`, as a stable sort and slice would give them, with one pass over the items
 * (a large corpus's figures or meetings are not sorted to show five).
 */
export function firstInOrder<T>(items: Iterable<T>, max: number, order: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  if (max <= 0) return best;
  for (const item of items) {
    if (best.length === max && order(best[max - 1]!, item) <= 0) continue;
    let at = best.length;
    while (at > 0 && order(best[at - 1]!, item) > 0) at--;
    best.splice(at, 0, item);
    if (best.length > max) best.pop();
  }
  return best;
}

export function clip(text: string, max = 100): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

const PLURAL = new Intl.PluralRules('en');
const IRREGULAR: ReadonlyMap<string, string> = new Map([['country', 'countries'], ['person', 'people'], ['is', 'are']]);

/** "1 meeting", "3 meetings", "0 articles" (English plural rules from Intl.PluralRules). */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${PLURAL.select(n) === 'one' ? noun : IRREGULAR.get(noun) ?? `${noun}s`}`;
}

/** Clause ends a quote may be cut after (Latin, Cyrillic, CJK punctuation). */
const CLAUSE = /[,;:，、；：]\s*|\s[–—-]\s/gu;

/**
 * The sentence, or when longer than `max` the clauses around `focus` (a character offset: the verb or word that
 * answers), cut only at clause marks, with "…" where text was left out. A single clause longer than `max` is cut at
 * word boundaries around the focus.
 */
export function trimQuote(text: string, focus = 0, max = QUOTE_CHARS): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const bounds = [0, ...[...t.matchAll(CLAUSE)].map((m) => m.index + m[0].length), t.length];
  const clauses = bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1]! }));
  let at = clauses.findIndex((c) => focus >= c.start && focus < c.end);
  if (at < 0) at = 0;
  let from = at;
  let to = at;
  const len = () => clauses[to]!.end - clauses[from]!.start;
  if (len() > max) return windowAround(t, focus, max);
  for (;;) {
    const next = to + 1 < clauses.length && clauses[to + 1]!.end - clauses[from]!.start <= max;
    const prev = from > 0 && clauses[to]!.end - clauses[from - 1]!.start <= max;
    if (next) to++;
    else if (prev) from--;
    else break;
  }
  const body = t.slice(clauses[from]!.start, clauses[to]!.end).trim().replace(/[,;:，、；：]$/u, '');
  return `${from > 0 ? '…' : ''}${body}${to < clauses.length - 1 ? '…' : ''}`;
}

function windowAround(t: string, focus: number, max: number): string {
  let start = Math.max(0, Math.min(focus - Math.floor(max / 3), t.length - max));
  let end = Math.min(t.length, start + max);
  if (start > 0) start = t.indexOf(' ', start) + 1 || start;
  if (end < t.length) end = t.lastIndexOf(' ', end) > start ? t.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${t.slice(start, end).trim()}${end < t.length ? '…' : ''}`;
}
