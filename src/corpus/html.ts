/**
 * HTML → readable plain text (title on the first line, one block per line). Uses a real HTML parser (linkedom) and
 * @mozilla/readability when it finds an article; otherwise a block-level text extraction. Every tree walk is
 * iterative, so deeply nested markup (10,000 levels) cannot overflow the stack.
 */
import { Readability } from '@mozilla/readability';
import { lazyPackage } from './lazy-package.js';

const linkedom = lazyPackage<typeof import('linkedom')>('linkedom');

/** Readability recurses over the tree; beyond this depth it is skipped for the iterative extraction. */
export const MAX_READABILITY_DEPTH = 400;
/** Readability's own cap on elements, so a huge page falls back quickly. */
export const MAX_READABILITY_ELEMENTS = 20000;
/** Readability's article must hold at least this many characters to be preferred. */
export const MIN_ARTICLE_CHARS = 200;

const DROP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'CANVAS', 'NAV', 'FOOTER', 'ASIDE', 'FORM',
  'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'MENU', 'DIALOG', 'HEAD',
]);
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'BODY', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'H1',
  'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY',
  'THEAD', 'TFOOT', 'TR', 'TD', 'TH', 'UL', 'BR', 'CAPTION', 'SUMMARY', 'DETAILS', 'HTML',
]);
const NOISE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alert']);

/** Minimal structural view of the DOM nodes linkedom returns (the project compiles without the DOM lib). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  getAttribute?(name: string): string | null;
}
interface DomDocument extends DomNode {
  body: DomNode | null;
  title: string;
  documentElement: DomNode;
  querySelector(selector: string): DomNode | null;
}

/** A page's heading (its h1, else its <title>; null when neither) and its readable body text. */
export interface HtmlArticle {
  title: string | null;
  text: string;
}

/**
 * Extracts an HTML page's title and readable text: the article Readability finds, or the page's block text.
 * @example htmlToArticle('<title>T</title><nav>Home</nav><p>Hello.</p>') // { title: 'T', text: 'Hello.' }
 */
export function htmlToArticle(source: string): HtmlArticle {
  const html = completePage(source);
  const { document } = linkedom().parseHTML(html) as unknown as { document: DomDocument };
  const h1 = document.querySelector('h1');
  const title = oneLine(h1?.textContent ?? '') || oneLine(document.title ?? '');
  let body: string | null = null;
  if (maxDepth(document.documentElement) <= MAX_READABILITY_DEPTH) body = readabilityText(html);
  if (body === null) body = blockText(document.body ?? document.documentElement);
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (title && first !== -1 && oneLine(lines[first]!) === title) lines.splice(first, 1);
  return { title: title || null, text: lines.join('\n') };
}

/** The page as plain text: its title line, a blank line, then its readable text. */
export function htmlToText(html: string): string {
  const { title, text } = htmlToArticle(html);
  return title ? `${title}\n\n${text}` : text;
}

/** The part of `text` from the first `<tag` (case-insensitive, followed by '>' or a space) to its `</tag>`, or null. */
function element(text: string, lower: string, tag: string): { start: number; end: number; inner: string } | null {
  let at = lower.indexOf(`<${tag}`);
  while (at !== -1 && !/[\s>/]/.test(lower.charAt(at + tag.length + 1))) at = lower.indexOf(`<${tag}`, at + 1);
  if (at === -1) return null;
  const open = lower.indexOf('>', at);
  const close = open === -1 ? -1 : lower.indexOf(`</${tag}>`, open);
  if (close === -1) return null;
  return { start: at, end: close + tag.length + 3, inner: text.slice(open + 1, close) };
}

/**
 * The page with an <html>, <head> and <body>. linkedom builds no HTML5 tree: without <body> it reports an empty
 * one (a fragment such as `<p>…</p>` lost all its text), and without any element it has no document element at all
 * (plain text saved as .html threw). Scans with indexOf only: linear whatever the input.
 */
export function completePage(source: string): string {
  const lower = source.toLowerCase();
  if (/<body[\s>]/.test(lower) && lower.includes('<html')) return source;
  let rest = source;
  let head = '';
  const found = element(source, lower, 'head') ?? element(source, lower, 'title');
  if (found) {
    head = lower.startsWith('<head', found.start) ? found.inner : source.slice(found.start, found.end);
    rest = source.slice(0, found.start) + source.slice(found.end);
  }
  // [^<>]* stops at the next tag: linear even on '<body <body <body …'
  rest = rest.replace(/<!doctype[^<>]*>|<\/?(?:html|body)(?:\s[^<>]*)?>/gi, '');
  return `<!DOCTYPE html><html><head>${head}</head><body>${rest}</body></html>`;
}

function readabilityText(html: string): string | null {
  // Readability mutates its document: give it its own parse.
  const { document } = linkedom().parseHTML(html) as unknown as { document: DomDocument };
  try {
    const reader = new Readability<DomNode>(document as never, {
      maxElemsToParse: MAX_READABILITY_ELEMENTS,
      serializer: (node) => node as unknown as DomNode,
    });
    const article = reader.parse();
    if (!article?.content || (article.length ?? 0) < MIN_ARTICLE_CHARS) return null;
    return blockText(article.content);
  } catch {
    return null;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isNoise(node: DomNode): boolean {
  if (DROP_TAGS.has(node.nodeName)) return true;
  const role = node.getAttribute?.('role');
  if (role && NOISE_ROLES.has(role.toLowerCase())) return true;
  return node.getAttribute?.('hidden') !== null && node.getAttribute?.('hidden') !== undefined;
}

/** Depth of the element tree, computed without recursion. */
function maxDepth(root: DomNode): number {
  let deepest = 0;
  const stack: Array<[DomNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_READABILITY_DEPTH) return deepest;
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) if (kids[i]!.nodeType === 1) stack.push([kids[i]!, depth + 1]);
  }
  return deepest;
}

/** Text of a subtree, one line per block element, walked iteratively (pre-order with explicit exit markers). */
function blockText(root: DomNode): string {
  const out: string[] = [];
  let line = '';
  const flush = () => {
    const text = oneLine(line);
    if (text) out.push(text);
    line = '';
  };
  const stack: Array<DomNode | { exit: DomNode }> = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('exit' in item) {
      if (BLOCK_TAGS.has(item.exit.nodeName)) flush();
      continue;
    }
    if (item.nodeType === 3) {
      line += item.textContent ?? '';
      continue;
    }
    if (item.nodeType !== 1 && item.nodeType !== 9 && item.nodeType !== 11) continue;
    if (item.nodeType === 1 && isNoise(item)) continue;
    if (BLOCK_TAGS.has(item.nodeName)) flush();
    stack.push({ exit: item });
    const kids = item.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  flush();
  return out.join('\n');
}
