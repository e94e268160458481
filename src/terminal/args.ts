/**
 * One argument parser for the command line and the terminal session: node's `util.parseArgs` in strict mode over
 * the command table, then the values checked (years, dates, ranges). Every refusal is a `UsageError` whose message
 * is one line; the caller prints it with the command's usage and exits 2.
 */
import { parseArgs } from 'node:util';
import { COMMANDS, commandSpec, type CommandSpec, type ValueKind } from './commands.js';
import { LANGS } from '../briefing/lang.js';

export class UsageError extends Error {
  readonly code = 'USAGE';
  /** The command whose usage explains the mistake (null: the overall usage). */
  constructor(message: string, readonly command: CommandSpec | null) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedCommand {
  spec: CommandSpec;
  /** The positional words, joined with spaces for a `rest` positional; null when absent. */
  positional: string | null;
  /** Option values by name: a string for valued options, true for flags. */
  values: ReadonlyMap<string, string | true>;
  help: boolean;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` naming a real calendar day. */
export function isPartialDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const month = m[2] === undefined ? 1 : Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const last = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
  return day >= 1 && day <= last;
}

function checkValue(kind: ValueKind | undefined, flag: string, value: string, spec: CommandSpec): void {
  if (kind === 'year' && !/^\d{4}$/.test(value)) throw new UsageError(`${flag} expects a year like 2024, not “${value}”`, spec);
  if (kind === 'lang' && !(LANGS as readonly string[]).includes(value)) throw new UsageError(`${flag} expects one of ${LANGS.join(', ')}, not “${value}”`, spec);
  if (kind === 'date' && !isPartialDate(value)) throw new UsageError(`${flag} expects a date as YYYY, YYYY-MM or YYYY-MM-DD, not “${value}”`, spec);
  if (value.trim() === '') throw new UsageError(`${flag} needs a value`, spec);
}

/** Levenshtein distance, for "did you mean" (names are short). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest of `names` to `word`, when it is close enough to be a typo. */
export function closest(word: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(word, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== null && bestDistance <= (best.length >= 4 ? 2 : 1) ? best : null;
}

/** One line for what node's parser refused, naming the option as the user typed it. */
function parseFailure(error: unknown, spec: CommandSpec): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = /'([^']+)'/.exec(message)?.[1] ?? '';
    const guess = closest(typed.replace(/^-+/, ''), spec.options.map((o) => o.name));
    return new UsageError(`unknown option ${typed} for ${spec.name}${guess ? ` (did you mean --${guess}?)` : ''}`, spec);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const typed = /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option';
    const option = spec.options.find((o) => `--${o.name}` === typed || `-${o.short}` === typed);
    if (option && !option.value) return new UsageError(`${typed} takes no value`, spec);
    return new UsageError(`${typed} needs a value${option?.placeholder ? ` (${option.placeholder})` : ''}`, spec);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const word = /'([^']*)'/.exec(message)?.[1] ?? '';
    return new UsageError(`${spec.name} takes no argument “${word}”`, spec);
  }
  return new UsageError(message.split('\n')[0]!, spec);
}

/**
 * Parses `argv` (without the program name) into a command and its checked values.
 * @throws UsageError for an unknown command or option, a missing or malformed value, or an inverted date range.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [name, ...rest] = argv;
  const spec = name === undefined ? undefined : commandSpec(name);
  if (!spec) {
    const guess = name && !name.startsWith('-') ? closest(name, COMMANDS.map((c) => c.name)) : null;
    throw new UsageError(name ? `unknown command “${name}”${guess ? ` (did you mean ${guess}?)` : ''}` : 'no command given', null);
  }
  const options = Object.fromEntries(spec.options.map((o) => [o.name, { type: o.value ? 'string' as const : 'boolean' as const, ...(o.short ? { short: o.short } : {}) }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options, strict: true, allowPositionals: spec.positional !== undefined });
  } catch (error) {
    throw parseFailure(error, spec);
  }
  const values = new Map<string, string | true>();
  for (const [key, value] of Object.entries(parsed.values)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'string') checkValue(spec.options.find((o) => o.name === key)?.value, `--${key}`, value, spec);
    values.set(key, value === true ? true : String(value));
  }
  const help = values.has('help');
  const words = parsed.positionals;
  const p = spec.positional;
  if (p && !p.rest && words.length > 1) throw new UsageError(`${spec.name} takes one ${p.name}, got ${words.length} words (quote a value with spaces)`, spec);
  const positional = words.length ? words.join(' ') : null;
  if (!help && p?.required && (positional === null || positional.trim() === '')) throw new UsageError(`${spec.name} needs ${p.name}`, spec);
  const missing = help ? undefined : spec.options.find((o) => o.required && !values.has(o.name));
  if (missing) throw new UsageError(`${spec.name} needs --${missing.name}`, spec);
  const from = values.get('from');
  const to = values.get('to');
  if (typeof from === 'string' && typeof to === 'string') {
    const n = Math.min(from.length, to.length);
    if (from.slice(0, n) > to.slice(0, n)) throw new UsageError(`--from ${from} is after --to ${to}`, spec);
  }
  return { spec, positional, values, help };
}

/** A string option's value, or undefined. */
export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const v = parsed.values.get(name);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Splits a session line into words like a shell does for quotes (`"Pham Minh Chinh"`), and turns the Discord
 * spelling `name:value words…` into `--name "value words…"` when `name` is an option of the command.
 */
export function sessionArgv(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"?|'([^']*)'?|(\S+)/g;
  for (const m of line.trim().matchAll(re)) words.push(m[1] ?? m[2] ?? m[3]!);
  if (words.length === 0) return [];
  const name = words[0]!.replace(/^\//, '');
  const spec = commandSpec(name);
  if (!spec) return [name, ...words.slice(1)];
  const out = [name];
  let current: number | null = null;
  for (const word of words.slice(1)) {
    const m = /^([a-z-]+):(.*)$/.exec(word);
    const option = m ? spec.options.find((o) => o.name === m[1]) : undefined;
    if (m && option) {
      out.push(`--${option.name}`);
      if (option.value) {
        out.push(m[2]!);
        current = out.length - 1;
      } else current = null;
    } else if (current !== null && !word.startsWith('-')) out[current] = `${out[current]} ${word}`.trim();
    else {
      current = null;
      out.push(word);
    }
  }
  return out;
}
