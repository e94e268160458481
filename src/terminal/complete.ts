/**
 * Tab completion for the terminal session: command names, option names (`--with` and the Discord spelling `with:`),
 * and option values from the same autocomplete the bot's slash commands use (`engine.suggest`).
 */
import type { Engine } from '../briefing/views.js';
import { COMMANDS, commandSpec, type ValueKind } from './commands.js';
import { LANGS } from '../briefing/lang.js';

/** Words the session understands besides the commands. */
export const SESSION_WORDS = ['help', 'quit', 'exit'] as const;

const SUGGESTED = new Set<ValueKind>(['person', 'country', 'place', 'area', 'with', 'source']);

/** The words of a line so far; the last one keeps its opening quote and may be empty (a trailing space). */
function wordsOf(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (/\s/.test(ch)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      if (ch === '"' || ch === "'") quote = ch;
      current += ch;
      started = true;
    }
  }
  words.push(current);
  return words;
}

/** A value as the line should hold it: quoted when it has spaces. */
const quoted = (value: string) => (/\s/.test(value) ? `"${value}"` : value);

export interface CompletionSource {
  engine: Pick<Engine, 'suggest'>;
  /** Years that have meetings, for `--year`. */
  years: () => string[];
}

function valuesFor(kind: ValueKind | undefined, typed: string, source: CompletionSource): string[] {
  if (!kind) return [];
  const prefix = typed.replace(/^["']/, '');
  if (kind === 'year') return source.years().filter((y) => y.startsWith(prefix)).map((y) => `${y} `);
  if (kind === 'lang') return LANGS.filter((l) => l.startsWith(prefix)).map((l) => `${l} `);
  if (!SUGGESTED.has(kind)) return [];
  return source.engine.suggest(kind as Parameters<Engine['suggest']>[0], prefix, 25).map((s) => `${quoted(s.value)} `);
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Readline replaces the typed word with the candidates' common prefix when that prefix does not extend it (so `ishi`
 * becomes `"Ishiba Shigeru"`). Several candidates that only share a quote or an unrelated start would erase what was
 * typed: the typed word then joins them, so readline lists them instead.
 */
function keepTyped(candidates: string[], typed: string): [string[], string] {
  if (candidates.length < 2) return [candidates, typed];
  const fold = (s: string) => s.replace(/^["']/, '').toLowerCase();
  return fold(commonPrefix(candidates)).startsWith(fold(typed)) ? [candidates, typed] : [[typed, ...candidates], typed];
}

/**
 * Completions of `line` (the text up to the cursor) as readline wants them: the candidates and the part of the line
 * they replace.
 */
export function completeLine(line: string, source: CompletionSource): [string[], string] {
  const [candidates, typed] = candidatesOf(line, source);
  return keepTyped(candidates, typed);
}

function candidatesOf(line: string, source: CompletionSource): [string[], string] {
  const words = wordsOf(line);
  const last = words[words.length - 1] ?? '';
  if (words.length === 1) {
    const slash = last.startsWith('/') ? '/' : '';
    const names = [...COMMANDS.filter((c) => c.inSession).map((c) => c.name), ...SESSION_WORDS].map((n) => `${slash}${n}`);
    return [names.filter((n) => n.startsWith(last)).sort().map((n) => `${n} `), last];
  }
  const spec = commandSpec(words[0]!.replace(/^\//, ''));
  if (!spec) return [[], last];
  const options = spec.options.filter((o) => o.name !== 'corpus');
  if (last.startsWith('-')) {
    return [options.map((o) => `--${o.name} `).filter((n) => n.startsWith(last)), last];
  }
  const colon = /^([a-z-]+):(.*)$/.exec(last);
  if (colon) {
    const option = options.find((o) => o.name === colon[1]);
    const values = valuesFor(option?.value, colon[2]!, source).map((v) => `${colon[1]}:${v}`);
    return [values, last];
  }
  const previous = words[words.length - 2] ?? '';
  const pending = previous.startsWith('--') ? options.find((o) => `--${o.name}` === previous && o.value) : undefined;
  if (pending) return [valuesFor(pending.value, last, source), last];
  const positional = spec.positional ? valuesFor(spec.positional.value, last, source) : [];
  const named = last ? options.filter((o) => o.value && o.name.startsWith(last)).map((o) => `${o.name}:`) : [];
  return [[...positional, ...named], last];
}
