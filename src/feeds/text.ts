/**
 * Linear-time markup → text, for titles and for item bodies too large or too deeply nested for the HTML reader:
 * scripts, styles and comments dropped, block tags and <br> become line breaks, other tags vanish, every HTML
 * entity (the full HTML5 list) decoded. Never builds a tree, so its worst case is a few passes over the text. Pure.
 */
import { decodeHTML } from 'entities';

const BLOCK = /^(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer|dd|dt|hr|figure|figcaption)$/i;

/**
 * The text of an HTML fragment, one block a line.
 * @example markupText('Two<br>lines &eacute;') // 'Two\nlines é'
 */
export function markupText(markup: string): string {
  return decodeHTML(
    markup
      .replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/<\/?([A-Za-z][\w:-]*)(?:\s[^<>]*)?\/?>/g, (_, name: string) => (BLOCK.test(name) ? '\n' : '')),
  )
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0\r]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** A title as one line of plain text (markup and entities resolved), or null when nothing is left. */
export function titleText(title: string | null | undefined): string | null {
  if (!title) return null;
  return markupText(title).replace(/\s+/g, ' ').trim() || null;
}

/** Item bodies and pages nested deeper than this, or longer than MAX_TREE_HTML_CHARS, skip the HTML reader. */
export const MAX_TREE_HTML_DEPTH = 100;
export const MAX_TREE_HTML_CHARS = 512 * 1024;
const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)$/i;

/** The deepest element nesting of an HTML text (void elements not counted; a tag left open counts). Linear. */
export function htmlDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^<>]*?(\/?)>/g)) {
    if (VOID.test(m[2]!) || m[3]) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max) max = depth;
  }
  return max;
}

/**
 * Readable text of an HTML body with a bounded worst case: the tree-based `reader` (Readability and friends) for
 * ordinary markup, the linear markupText for markup too deep or too long for it.
 */
export function boundedHtmlText(html: string, reader: (page: string) => string): string {
  if (html.length > MAX_TREE_HTML_CHARS || htmlDepth(html) > MAX_TREE_HTML_DEPTH) return markupText(html);
  // Feed content is usually a fragment; the HTML reader wants a whole document.
  return reader(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`);
}
