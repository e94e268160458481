/**
 * Discord's limits and the two text tools every message goes through: `cutText` (shorten at a boundary, with an
 * ellipsis) and `plain` (corpus or model text made inert for Discord markdown).
 */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
  customId: 100,
  selectOptions: 25,
  selectLabel: 100,
  selectValue: 100,
  selectDescription: 100,
  buttonLabel: 80,
} as const;

const SENTENCE_END = /[.!?。！？…](?=[\s"'»”)]|$)|[。！？]/gu;

/**
 * `text` shortened to at most `max` characters, ending at a line, sentence or word boundary followed by an
 * ellipsis. Texts without spaces (Japanese, Chinese, one huge token) are cut between characters, never inside a
 * surrogate pair. `cutText(t, n) === t` whenever `t.length <= n`.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  const window = text.slice(0, max - 2);
  const floor = Math.floor(window.length / 2);

  const newline = window.lastIndexOf('\n');
  let sentence = -1;
  for (const match of window.matchAll(SENTENCE_END)) sentence = (match.index ?? 0) + match[0].length;
  const boundary = Math.max(newline, sentence);
  if (boundary >= floor && boundary > 0) return `${window.slice(0, boundary).trimEnd()} …`;

  const next = text.charAt(window.length);
  let word = -1;
  if (/\s/u.test(next)) word = window.length;
  else {
    for (let i = window.length - 1; i > 0; i--) {
      if (/\s/u.test(window.charAt(i))) {
        word = i;
        break;
      }
    }
  }
  if (word > 0) return `${window.slice(0, word).trimEnd().replace(/[,;:\\]+$/u, '')}…`;

  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.replace(/\\+$/u, '')}…`;
}

const URL_TOKEN = /(https?:\/\/[^\s<>]+)/u;

/**
 * Plain text made inert for Discord markdown: emphasis, code, spoiler and masked-link syntax and line-leading
 * quote/heading/list markers are escaped; URLs are left intact so they stay links. Linear time (discord.js's
 * escapeMarkdown is quadratic on long underscored text).
 */
export function plain(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(URL_TOKEN)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/[\\*_~`|]/g, '\\$&')
            .replace(/\]\(/g, ']\\(')
            .replace(/^([ \t]*)([>#]|-#)/gm, '$1\\$2'),
    )
    .join('');
}
