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
