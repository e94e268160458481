/**
 * RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 feeds → items. The XML is made safe and well-formed first
 * (recover.ts: no DOCTYPE entities, stray `<`/`&` escaped, broken parts dropped and reported), then read with
 * @rowanmanning/feed-parser (chosen by the feedparser suite: docs/feeds.md). Dates are read by dates.ts, titles are
 * plain text, bodies keep their HTML (also unescaped HTML and Atom xhtml). Pure: text in, plain data out.
 */
import { createHash } from 'node:crypto';
import { decodeXML } from 'entities';
import { lazyPackage } from '../corpus/lazy-package.js';
import { decodeFeed } from './decode.js';
import { feedDate } from './dates.js';
import { limitItems, prepareXml } from './recover.js';
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

/** Loaded when a feed is first read: a bot without feeds does not pay for the parser at its start. */
const feedParser = lazyPackage<typeof import('@rowanmanning/feed-parser')>('@rowanmanning/feed-parser');

type Feed = ReturnType<typeof import('@rowanmanning/feed-parser').parseFeed>;
type Element = Feed['items'][number]['element'];

const CHAR_REF = /&#(?:\d{1,7}|x[0-9a-fA-F]{1,6});/g;

/** Elements that hold an item's date, most telling first (names as the reader gives them: lower case, no prefix). */
const DATE_ELEMENTS = ['pubdate', 'published', 'issued', 'date', 'created', 'updated', 'modified'];
/** Elements that hold an item's text. */
const TEXT_ELEMENTS = ['encoded', 'content', 'description', 'summary', 'body', 'fullitem'];

/**
 * An element's HTML: its markup when it holds elements (unescaped HTML, xhtml), else its text as the XML gives it
 * (CDATA as is, character references resolved; Atom 0.3 base64 decoded). The reader leaves `&#38;` for us, and its
 * own normalized text would decode HTML entities a second time (`&amp;lt;` in escaped HTML would become a tag).
 */
function markupOf(element: Element): string | null {
  const hasElements = element.children.some((child) => typeof child !== 'string');
  let value = hasElements ? element.innerHtml : element.textContent.replace(CHAR_REF, (ref) => decodeXML(ref));
  if (!hasElements && isBase64(element, value)) value = Buffer.from(value, 'base64').toString('utf8');
  return value.trim() || null;
}

/** Atom 0.3 `mode="base64"`, or Atom 1.0 content of a type that is neither text nor XML (RFC 4287 §4.1.3.3). */
function isBase64(element: Element, value: string): boolean {
  const type = element.getAttribute('type')?.toLowerCase();
  const binary = element.getAttribute('mode') === 'base64' || (type !== undefined && type !== null && !/^(text|html|xhtml)$|^text\/|xml$/.test(type));
  return binary && /^[A-Za-z0-9+/=\s]+$/.test(value);
}

/** Namespaces whose description/summary/content elements are an item's text (unprefixed elements always are). */
const TEXT_NAMESPACES = new Set([
  'http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#', 'http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/',
  'http://purl.org/rss/1.0/modules/content/', 'http://purl.org/dc/elements/1.1/', 'http://www.w3.org/1999/xhtml',
]);
const isTextElement = (element: Element): boolean =>
  typeof element.namespace === 'symbol' || TEXT_NAMESPACES.has(element.namespaceUri ?? '') || element.name === 'encoded';

const contentHash = (...parts: Array<string | null>): string =>
  `sha256:${createHash('sha256').update(parts.map((p) => p ?? '').join('\n')).digest('hex').slice(0, 32)}`;

/** The item; one without guid, link or title is kept under a hash of its title, date and texts. */
/** An element's URL attribute or text resolved against its xml:base, then the feed's own link. */
function resolved(element: Element, url: string | null | undefined, base: string | null): string | null {
  const value = url?.trim();
  if (!value) return null;
  try {
    return new URL(element.resolveUrl(value), base ?? undefined).href;
  } catch {
    return value;
  }
}

/**
 * The item's link: Atom's rel="alternate" (or rel-less) href, RSS's first non-empty <link>. Read here rather than
 * through the reader's item.url, which looks up the feed's own link again for every item (quadratic on big feeds).
 */
function linkOf(element: Element, base: string | null): string | null {
  const links = element.findElementsWithName('link');
  const href = links.find((l) => l.getAttribute('rel') === 'alternate' && l.getAttribute('href')) ?? links.find((l) => l.getAttribute('rel') === null && l.getAttribute('href'));
  if (href) return resolved(href, href.getAttribute('href'), base);
  const text = links.find((l) => l.textContent.trim() !== '');
  return text ? resolved(text, text.textContent, base) : null;
}

/** The item's guid (RSS) or id (Atom), or null. */
function guidOf(element: Element): string | null {
  return (element.findElementWithName('guid') ?? element.findElementWithName('id'))?.textContentNormalized.trim() || null;
}

function itemOf(element: Element, base: string | null): FeedItem {
  const guid = guidOf(element);
  const url = linkOf(element, base);
  const texts = TEXT_ELEMENTS.flatMap((name) => element.findElementsWithName(name).filter(isTextElement).map(markupOf)).filter((t): t is string => t !== null);
  const [content = null, summary = null] = [...new Set(texts)].sort((a, b) => b.length - a.length);
  const titleElement = element.findElementWithName('title');
  const title = titleElement ? titleText(markupOf(titleElement)) : null;
  const published = DATE_ELEMENTS.map((name) => feedDate(element.findElementWithName(name)?.textContent)).find((d) => d !== null) ?? null;
  const id = guid ?? element.getAttribute('rdf:about')?.trim() ?? null;
  // Without a link, a guid that is a URL is the permalink, unless it says isPermaLink="false".
  const permalink = element.findElementWithName('guid')?.getAttribute('ispermalink') !== 'false';
  const link = url ?? (id && permalink && /^https?:\/\//i.test(id) ? id : null);
  return { id: id || link || contentHash(title, published, content, summary), link, title, published, content, summary };
}

function formatOf(feed: Feed): ParsedFeed['format'] {
  return feed.meta.type === 'atom' || feed.meta.type === 'rdf' ? feed.meta.type : 'rss';
}

/**
 * Parses a feed document (already decoded text). Throws FeedParseError when it is not RSS or Atom, or nothing of
 * it can be read; a partly broken feed gives its well-formed items and `problems`. `maxItems` reads only the first
 * items (in document order) and says how many there were.
 * @example parseFeed('<rss><channel><item><guid>1</guid><title>T</title></item></channel></rss>').items[0].id // '1'
 */
export function parseFeed(xml: string, options: { maxItems?: number } = {}): ParsedFeed {
  const limited = options.maxItems !== undefined ? limitItems(xml, options.maxItems) : { xml, total: null };
  const prepared = prepareXml(limited.xml);
  if (limited.total !== null) prepared.problems.push(`${limited.total} items in the feed; only the first ${options.maxItems} are read`);
  let feed: Feed;
  try {
    feed = feedParser().parseFeed(prepared.xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if ((error as { code?: string }).code === 'INVALID_FEED') {
      // `<rss></rss>`, an empty `<feed>` or `<rdf:RDF>`: a feed with nothing in it yet.
      const root = /^(?:\s*<(?:\?[\s\S]*?\?|!--[\s\S]*?--)>)*\s*<((?:[\w.-]+:)?(rss|feed|RDF))[\s/>]/i.exec(prepared.xml);
      if (root) return { format: root[2]!.toLowerCase() === 'feed' ? 'atom' : root[2]!.toLowerCase() === 'rdf' ? 'rdf' : 'rss', title: null, items: [], problems: prepared.problems };
      throw new FeedParseError('neither an RSS nor an Atom feed');
    }
    throw new FeedParseError(`not well-formed XML (${message})`);
  }
  const base = feed.url;
  const items = feed.items.map((item) => itemOf(item.element, base));
  const titleElement = (feed.meta.type === 'atom' ? feed.element : feed.element.findElementWithName('channel') ?? feed.element).findElementWithName('title');
  return { format: formatOf(feed), title: titleElement ? titleText(markupOf(titleElement)) : null, items, problems: prepared.problems };
}

/**
 * Decodes a feed's bytes (BOM, then HTTP charset, then XML declaration: decode.ts) and parses it; the decoder's
 * warnings come first in `problems`.
 */
export function parseFeedBytes(bytes: Uint8Array, contentType?: string | null, options: { maxItems?: number } = {}): DecodedParsedFeed {
  const decoded = decodeFeed(bytes, contentType);
  const feed = parseFeed(decoded.text, options);
  return { ...feed, encoding: decoded.encoding, problems: [...decoded.warnings, ...feed.problems] };
}
