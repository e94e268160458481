/**
 * The sources block under an answer: one line per article (not per cited sentence), carrying the `[n]` markers it
 * supports, with the outlet's name linked to the article instead of a printed URL, and one short quote of the
 * evidence in its own language. The block is kept within SOURCES_MAX characters so the answer stays the first
 * thing seen: past it, quotes go first, then whole lines (counted in a closing "+ N more" line).
 */
import type { Citation } from '../briefing/views.js';
import { formatDate } from './format.js';
import { t } from './i18n.js';
import { cutText, plain } from './text.js';

/** Characters of one sources block (one embed field). */
export const SOURCES_MAX = 1024;
/** Characters of the quote shown per article. */
export const SOURCE_QUOTE_MAX = 120;
/** Characters of an outlet or title used as link text. */
const NAME_MAX = 80;

interface ArticleGroup {
  first: Citation;
  numbers: number[];
}

/** Citations grouped by article, in the order of their first marker. */
export function groupByArticle(citations: readonly Citation[]): ArticleGroup[] {
  const groups = new Map<string, ArticleGroup>();
  for (const c of [...citations].sort((a, b) => a.n - b.n)) {
    const group = groups.get(c.document);
    if (group) group.numbers.push(c.n);
    else groups.set(c.document, { first: c, numbers: [c.n] });
  }
  return [...groups.values()];
}

/** `[1–3, 7]`: the markers an article supports, consecutive runs collapsed. */
export function markerList(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j > i + 1 ? `${numbers[i]}–${numbers[j]}` : j === i + 1 ? `${numbers[i]}, ${numbers[j]}` : String(numbers[i]));
    i = j;
  }
  return `[${runs.join(', ')}]`;
}

/** An http(s) URL safe inside a markdown link target, or null. */
function linkTarget(url: string | null): string | null {
  if (!url || !/^https?:\/\/[^\s]+$/u.test(url)) return null;
  return url.replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "[1–3] [VNA](https://…) · 16 Nov 2024": the article's outlet (or title) linked, its date in the reader's locale. */
export function sourceLine(group: ArticleGroup, locale: string): string {
  const c = group.first;
  const name = cutText(plain((c.outlet ?? c.title ?? c.document).replace(/\s+/g, ' ').trim()), NAME_MAX).replace(/[[\]]/g, '\\$&');
  const target = linkTarget(c.link);
  const parts = [`${markerList(group.numbers)} ${target ? `[${name}](${target})` : name}`];
  if (c.published) parts.push(formatDate(c.published, locale));
  return parts.join(' · ');
}

function quoteLine(c: Citation): string {
  const quote = c.quote.replace(/\s+/g, ' ').trim();
  return quote ? `> [${c.lang}] “${cutText(plain(quote), SOURCE_QUOTE_MAX)}”` : '';
}

/** The lines of the sources block for `citations`, within SOURCES_MAX characters (joined by newlines). */
export function sourceLines(citations: readonly Citation[], locale: string): string[] {
  const entries = groupByArticle(citations).map((g) => ({ line: sourceLine(g, locale), quote: quoteLine(g.first) }));
  const size = (list: typeof entries, extra = 0) => list.reduce((n, e) => n + e.line.length + 1 + (e.quote ? e.quote.length + 1 : 0), extra);
  // Quotes go first, from the last article up, until the block fits.
  for (let i = entries.length - 1; i >= 0 && size(entries) > SOURCES_MAX; i--) entries[i]!.quote = '';
  if (size(entries) <= SOURCES_MAX) return entries.flatMap((e) => (e.quote ? [e.line, e.quote] : [e.line]));
  const more = (count: number) => t(locale, 'sourcesOmitted', { count });
  const kept: typeof entries = [];
  for (const e of entries) {
    if (size([...kept, e], more(entries.length).length) > SOURCES_MAX) break;
    kept.push(e);
  }
  return [...kept.map((e) => cutText(e.line, SOURCES_MAX)), more(entries.length - kept.length)];
}
