/**
 * Markdown → plain text, lightly: headings, emphasis, links, images, list markers, block quotes, code fences and
 * tables lose their syntax and keep their words. Line-based, linear, no nested regex quantifiers.
 */

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s+/;
const HEADING_TRAIL = /\s+#+\s*$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}(>\s?)+/;
const BULLET = /^\s*[-*+]\s+(\[[ xX]\]\s+)?/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const IMAGE = /!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/g;
const LINK = /\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/g;
const REF_LINK = /\[([^\]\n]{0,500})\]\[[^\]\n]{0,200}\]/g;
const REF_DEF = /^\s{0,3}\[[^\]\n]{1,200}\]:\s+\S+/;
const AUTOLINK = /<(https?:\/\/[^>\s]{1,2000})>/g;
const EMPHASIS = /(\*\*|__|\*|_|~~)(?=\S)([^*_~\n]{1,1000}?)(?<=\S)\1/g;
const CODE = /`([^`\n]{1,1000})`/g;

/**
 * Strips Markdown syntax from a document, keeping its text and line structure.
 * @example stripMarkdown('# Title\n\n**Bold** [link](https://x.y)') // 'Title\n\nBold link'
 */
export function stripMarkdown(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const raw of markdown.split('\n')) {
    if (FENCE.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(raw);
      continue;
    }
    if (REF_DEF.test(raw) || RULE.test(raw) || TABLE_RULE.test(raw)) {
      out.push('');
      continue;
    }
    if (SETEXT.test(raw) && out.length > 0 && out[out.length - 1]!.trim() !== '') {
      out.push('');
      continue;
    }
    let line = raw.replace(QUOTE, '');
    if (HEADING.test(line)) line = line.replace(HEADING, '').replace(HEADING_TRAIL, '');
    line = line.replace(BULLET, '');
    if (line.includes('|') && /^\s*\|/.test(line)) {
      line = line.split('|').map((c) => c.trim()).filter((c) => c !== '').join(' · ');
    }
    line = line
      .replace(IMAGE, '$1')
      .replace(LINK, '$1')
      .replace(REF_LINK, '$1')
      .replace(AUTOLINK, '$1')
      .replace(CODE, '$1')
      .replace(EMPHASIS, '$2');
    out.push(line);
  }
  return out.join('\n');
}
