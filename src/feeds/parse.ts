/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds → items, with fast-xml-parser. Pure: text in, plain data out.
 */
import { XMLParser } from 'fast-xml-parser';

export interface FeedItem {
  /** guid / Atom id, else the link, else the title: what "already seen" is keyed on. */
  id: string;
  link: string | null;
  title: string | null;
  /** 'YYYY-MM-DD' as the feed states it, or null. */
  published: string | null;
  /** The item's own text (content:encoded, content, description or summary; HTML allowed), longest first. */
  content: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  items: FeedItem[];
}

export class FeedParseError extends Error {
  readonly code = 'FEED_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
});

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

type Node = unknown;

function text(node: Node): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string' || typeof node === 'number') return String(node).trim() || null;
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object') return text((node as Record<string, unknown>)['#text']);
  return null;
}

function field(obj: Record<string, unknown>, ...names: string[]): Node {
  for (const name of names) if (obj[name] !== undefined) return obj[name];
  return undefined;
}

/** The date as written: ISO 8601 prefix, or RFC 822 "Tue, 10 Jun 2025 04:00:00 GMT" day-month-year. */
export function feedDate(value: string | null): string | null {
  if (!value) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const rfc = /(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})/i.exec(value);
  const month = rfc ? MONTHS[rfc[2]!.toLowerCase()] : undefined;
  if (rfc && month) return `${rfc[3]}-${month}-${rfc[1]!.padStart(2, '0')}`;
  return null;
}

function longest(...values: Array<string | null>): string | null {
  return values.filter((v): v is string => !!v).sort((a, b) => b.length - a.length)[0] ?? null;
}

function atomLink(links: Node): string | null {
  if (!Array.isArray(links)) return text(links);
  const objects = links as Array<Record<string, unknown> | string>;
  const alternate = objects.find((l) => typeof l === 'object' && (l['@_rel'] === undefined || l['@_rel'] === 'alternate'));
  const chosen = alternate ?? objects[0];
  if (chosen === undefined) return null;
  return typeof chosen === 'string' ? chosen.trim() || null : (chosen['@_href'] as string | undefined)?.trim() || text(chosen);
}

function rssItem(item: Record<string, unknown>): FeedItem | null {
  const link = text(field(item, 'link')) ?? null;
  const title = text(item.title);
  const id = text(field(item, 'guid', 'dc:identifier')) ?? link ?? title;
  if (!id) return null;
  return {
    id,
    link: link ?? (/^https?:\/\//.test(id) ? id : null),
    title,
    published: feedDate(text(field(item, 'pubDate', 'dc:date', 'published', 'updated'))),
    content: longest(text(item['content:encoded']), text(item.description)),
  };
}

function atomEntry(entry: Record<string, unknown>): FeedItem | null {
  const link = atomLink(entry.link);
  const title = text(entry.title);
  const id = text(entry.id) ?? link ?? title;
  if (!id) return null;
  return {
    id,
    link,
    title,
    published: feedDate(text(field(entry, 'published', 'updated', 'dc:date'))),
    content: longest(text(entry.content), text(entry.summary)),
  };
}

/**
 * Parses a feed document. Throws FeedParseError when the text is not RSS or Atom.
 * @example parseFeed('<rss><channel><item><guid>1</guid><title>T</title></item></channel></rss>').items[0].id // '1'
 */
export function parseFeed(xml: string): ParsedFeed {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new FeedParseError(`not well-formed XML (${error instanceof Error ? error.message : String(error)})`);
  }
  const rss = doc.rss as Record<string, unknown> | undefined;
  if (rss && typeof rss === 'object') {
    const channel = (rss.channel ?? {}) as Record<string, unknown>;
    const items = (channel.item ?? []) as Array<Record<string, unknown>>;
    return { format: 'rss', title: text(channel.title), items: items.map(rssItem).filter((i): i is FeedItem => i !== null) };
  }
  const feed = doc.feed as Record<string, unknown> | undefined;
  if (feed && typeof feed === 'object') {
    const entries = (feed.entry ?? []) as Array<Record<string, unknown>>;
    return { format: 'atom', title: text(feed.title), items: entries.map(atomEntry).filter((i): i is FeedItem => i !== null) };
  }
  const rdf = doc['rdf:RDF'] as Record<string, unknown> | undefined;
  if (rdf && typeof rdf === 'object') {
    const items = (rdf.item ?? []) as Array<Record<string, unknown>>;
    const channel = (rdf.channel ?? {}) as Record<string, unknown>;
    return { format: 'rdf', title: text(channel.title), items: items.map(rssItem).filter((i): i is FeedItem => i !== null) };
  }
  throw new FeedParseError('neither an RSS nor an Atom feed');
}
