/**
 * Makes a feed document safe and well-formed before it is parsed, keeping what can be kept:
 * - the DOCTYPE (and any entity it declares) is removed, so no entity is expanded and nothing external is read;
 * - a stray `<` or `&` in text (`a < b`, `R&D`) is escaped, outside CDATA sections and comments;
 * - when the document is still not well-formed (a broken tag, a cut-off end) or nests deeper than MAX_XML_DEPTH,
 *   its header and every item or entry that is well-formed on its own are kept, the rest is dropped and reported.
 * Pure: text in, text and problems out. Every step is linear in the size of the document.
 */
import { lazyPackage } from '../corpus/lazy-package.js';

/** Loaded when a feed is first read (see parse.ts). */
const xmlParser = lazyPackage<typeof import('fast-xml-parser')>('fast-xml-parser');

/** Deeper element nesting than this is not a news feed; such items are dropped (the parser recurses on depth). */
export const MAX_XML_DEPTH = 200;

export interface PreparedXml {
  xml: string;
  /** What was changed or dropped, in words, e.g. "2 of 5 items are not well-formed and were skipped". */
  problems: string[];
}

const DOCTYPE = /<!DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>/i;
const VERBATIM = /(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/;
const STRAY_AMP = /&(?!(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)/g;
const STRAY_LT = /<(?![A-Za-z_:/!?])/g;
const ITEM_OPEN = /<((?:[\w.-]+:)?(?:item|entry))[\s/>]/;
const ITEM_BLOCK = /<((?:[\w.-]+:)?(?:item|entry))(?:\s[^>]*)?>[\s\S]*?<\/\1\s*>/g;
const TAG = /<(\/?)([A-Za-z_:][\w.:-]*)[^>]*?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;

/**
 * The elements left open at the end of `xml` (outermost first) and the deepest nesting met. It stops counting past
 * MAX_XML_DEPTH + 1 (the caller rejects such a document anyway), which keeps it linear on hostile input.
 */
export function openElements(xml: string): { open: string[]; depth: number } {
  const open: string[] = [];
  let depth = 0;
  for (const m of xml.matchAll(TAG)) {
    const [, closing, name, selfClosing] = m;
    if (!name || selfClosing) continue;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else {
      open.push(name);
      if (open.length > depth) depth = open.length;
      if (depth > MAX_XML_DEPTH) break;
    }
  }
  return { open, depth };
}

function wellFormed(xml: string): string | null {
  const result = xmlParser().XMLValidator.validate(xml);
  if (result === true) return openElements(xml).depth > MAX_XML_DEPTH ? `elements nest deeper than ${MAX_XML_DEPTH}` : null;
  return `${result.err.msg} (line ${result.err.line})`;
}

const closing = (open: readonly string[]): string => [...open].reverse().map((name) => `</${name}>`).join('');

/** The header (everything before the first item), closed, or only its feed and channel tags when it is broken. */
function headerOf(text: string): { head: string; open: string[]; broken: boolean } {
  // A cut-off end (`</rs`, `<item><tit`) goes; what is left is closed.
  const head = text.replace(/<[^>]*$/, '');
  const { open } = openElements(head);
  if (wellFormed(head + closing(open)) === null) return { head, open, broken: false };
  const kept = [...head.matchAll(/<((?:[\w.-]+:)?(?:rss|channel|feed|RDF))(?:\s[^>]*)?>/g)].map((m) => m[0]);
  const names = kept.map((tag) => /<([^\s>]+)/.exec(tag)![1]!);
  return { head: kept.join(''), open: names, broken: true };
}

/**
 * The document made well-formed, with what was changed or dropped.
 * @example prepareXml('<rss><channel><item><title>a < b</title></item></channel></rss>').xml
 *   // '<rss><channel><item><title>a &lt; b</title></item></channel></rss>'
 */
export function prepareXml(source: string): PreparedXml {
  const problems: string[] = [];
  let xml = source;
  const doctype = DOCTYPE.exec(xml);
  if (doctype) {
    xml = xml.slice(0, doctype.index) + xml.slice(doctype.index + doctype[0].length);
    if (/<!ENTITY/i.test(doctype[0])) problems.push('the entity declarations of the DOCTYPE were ignored');
  }
  let escaped = 0;
  xml = xml
    .split(VERBATIM)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(STRAY_AMP, () => (escaped++, '&amp;'))
        .replace(STRAY_LT, () => (escaped++, '&lt;'));
    })
    .join('');
  if (escaped > 0) problems.push(`${escaped} stray "<" or "&" escaped`);

  const error = wellFormed(xml);
  if (error === null) return { xml, problems };

  const first = ITEM_OPEN.exec(xml);
  const total = xml.match(new RegExp(ITEM_OPEN.source, 'g'))?.length ?? 0;
  const header = headerOf(first ? xml.slice(0, first.index) : xml);
  const items = first ? [...xml.slice(first.index).matchAll(ITEM_BLOCK)].map((m) => m[0]).filter((item) => wellFormed(item) === null) : [];
  problems.push(`not well-formed: ${error}`);
  if (header.broken) problems.push('the feed header is not well-formed; only its items were kept');
  if (items.length < total) problems.push(`${total - items.length} of ${total} items are not well-formed and were skipped`);
  return { xml: header.head + items.join('') + closing(header.open), problems };
}

/**
 * The document cut after its `max`-th item or entry and closed again, so a feed of 100,000 items costs what one of
 * `max` items does; `total` counts the items it had. Unchanged (and `total` null) when it has no more than `max`.
 */
export function limitItems(xml: string, max: number): { xml: string; total: number | null } {
  const ends = /<\/(?:[\w.-]+:)?(?:item|entry)\s*>/g;
  let seen = 0;
  let cut = -1;
  for (let m = ends.exec(xml); m; m = ends.exec(xml)) {
    if (++seen === max) {
      cut = m.index + m[0].length;
      break;
    }
  }
  if (cut < 0) return { xml, total: null };
  const rest = xml.slice(cut).match(new RegExp(ITEM_OPEN.source, 'g'))?.length ?? 0;
  if (rest === 0) return { xml, total: null };
  const head = xml.slice(0, cut);
  return { xml: head + closing(openElements(head).open), total: max + rest };
}
