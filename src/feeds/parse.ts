/**
 * RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 feeds → items. The XML is made safe and well-formed first
 * (recover.ts: no DOCTYPE entities, stray `<`/`&` escaped, broken parts dropped and reported), then read with
 * @rowanmanning/feed-parser (chosen by the feedparser suite: docs/feeds.md). Dates are read by dates.ts, titles are
 * plain text, bodies keep their HTML (also unescaped HTML and Atom xhtml). Pure: text in, plain data out.
 */
import { createHash } from 'node:crypto';
import { parseFeed as readFeed } from '@rowanmanning/feed-parser';
import { decodeFeed } from './decode.js';
import { feedDate } from './dates.js';
import { prepareXml } from './recover.js';
import { titleText } from './text.js';

export { feedDate } from './dates.js';

export interface FeedItem {
  /** guid / Atom id, else the link, else `sha256:` + a hash of the title, date and text: what "already seen" is keyed on. */
  id: string;
  link: string | null;
  /** Plain text (markup removed, entities decoded), or null. */
  title: string | null;
  /** 'YYYY-MM-DD' as the feed states it, or null (also when the stated date is impossible). */
  published: string | null;
  /** The item's fullest text (content:encoded, content, description or summary; HTML allowed). */
  content: string | null;
  /** The item's other, shorter text (a description or summary beside a fuller content), or null. */
  summary: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  items: FeedItem[];
  /** What was repaired, dropped or doubtful, in words (empty for a clean feed). */
  problems: string[];
}

export interface DecodedParsedFeed extends ParsedFeed {
  /** The encoding the bytes were decoded with. */
  encoding: string;
}

export class FeedParseError extends Error {
  readonly code = 'FEED_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

type Feed = ReturnType<typeof readFeed>;
type Element = Feed['items'][number]['element'];

/** Elements that hold an item's date, most telling first (dc:date is `date`). */
const DATE_ELEMENTS = ['pubDate', 'published', 'issued', 'date', 'created', 'updated', 'modified'];
/** Elements that hold an item's text. */
const TEXT_ELEMENTS = ['encoded', 'content', 'description', 'summary', 'body', 'fullitem'];

/** An element's HTML: its markup when it holds elements (unescaped HTML, xhtml), else its decoded text. */
function markupOf(element: Element): string | null {
  const hasElements = element.children.some((child) => typeof child !== 'string');
  const value = hasElements ? element.innerHtml : element.textContentNormalized;
  return value.trim() || null;
}

function itemOf(element: Element, id: string | null, link: string | null, rawTitle: string | null): FeedItem | null {
  const texts = TEXT_ELEMENTS.flatMap((name) => element.findElementsWithName(name).map(markupOf)).filter((t): t is string => t !== null);
  const [content = null, summary = null] = [...new Set(texts)].sort((a, b) => b.length - a.length);
  const title = titleText(rawTitle);
  const published = DATE_ELEMENTS.map((name) => feedDate(element.findElementWithName(name)?.textContent)).find((d) => d !== null) ?? null;
  if (!id && !link && !title && !content) return null;
  const stableId = id ?? link ?? `sha256:${createHash('sha256').update(`${title ?? ''}\n${published ?? ''}\n${content ?? ''}`).digest('hex').slice(0, 32)}`;
  return { id: stableId, link, title, published, content, summary: summary !== content ? summary : null };
}

function formatOf(feed: Feed): ParsedFeed['format'] {
  if (feed.meta.type === 'atom') return 'atom';
  return feed.element.name.toLowerCase() === 'rdf' ? 'rdf' : 'rss';
}

/**
 * Parses a feed document (already decoded text). Throws FeedParseError when it is not RSS or Atom, or nothing of
 * it can be read; a partly broken feed gives its well-formed items and `problems`.
 * @example parseFeed('<rss><channel><item><guid>1</guid><title>T</title></item></channel></rss>').items[0].id // '1'
 */
export function parseFeed(xml: string): ParsedFeed {
  const prepared = prepareXml(xml);
  let feed: Feed;
  try {
    feed = readFeed(prepared.xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if ((error as { code?: string }).code === 'INVALID_FEED') {
      throw new FeedParseError('neither an RSS nor an Atom feed');
    }
    throw new FeedParseError(`not well-formed XML (${message})`);
  }
  const problems = [...prepared.problems];
  const items: FeedItem[] = [];
  let empty = 0;
  for (const item of feed.items) {
    const parsed = itemOf(item.element, item.id?.trim() || null, item.url?.trim() || null, item.title);
    if (parsed) items.push(parsed);
    else empty++;
  }
  if (empty > 0) problems.push(`${empty} empty item${empty === 1 ? '' : 's'} skipped`);
  return { format: formatOf(feed), title: titleText(feed.title), items, problems };
}

/**
 * Decodes a feed's bytes (BOM, then HTTP charset, then XML declaration: decode.ts) and parses it; the decoder's
 * warnings come first in `problems`.
 */
export function parseFeedBytes(bytes: Uint8Array, contentType?: string | null): DecodedParsedFeed {
  const decoded = decodeFeed(bytes, contentType);
  const feed = parseFeed(decoded.text);
  return { ...feed, encoding: decoded.encoding, problems: [...decoded.warnings, ...feed.problems] };
}
