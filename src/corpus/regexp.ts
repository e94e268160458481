/** `text` as a literal inside a regular expression ('U.S.' → 'U\.S\.'): lexicon words are compiled into patterns. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
