/**
 * The terminal's commands and their options: one table read by the argument parser, the usage texts, the session's
 * Tab completion and `attache help`.
 */
import type { SuggestKind } from '../briefing/views.js';

/** What an option's (or a positional's) value is: checked by the parser, completed by the session. */
export type ValueKind = 'text' | 'year' | 'date' | 'dir' | 'file' | 'lang' | SuggestKind;

export interface OptionSpec {
  name: string;
  /** A one-letter alias (`-h`). */
  short?: string;
  /** Options without a value are flags (`--json`). */
  value?: ValueKind;
  /** The placeholder in the usage line (`NAME`, `YEAR`). */
  placeholder?: string;
  /** The command refuses to run without it. */
  required?: boolean;
  help: string;
}

export interface PositionalSpec {
  name: string;
  value: ValueKind;
  required: boolean;
  /** Takes every remaining word (a question, a topic). */
  rest?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  positional?: PositionalSpec;
  options: OptionSpec[];
  /** False for commands that only make sense once per process (the bot, deploying). */
  inSession: boolean;
}

const JSON_FLAG: OptionSpec = { name: 'json', help: 'print the data as JSON (shapes: docs/terminal.md)' };
const CORPUS: OptionSpec = { name: 'corpus', value: 'dir', placeholder: 'DIR', help: 'the corpus folder (default: CORPUS_DIR, else seeds/)' };
const HELP: OptionSpec = { name: 'help', short: 'h', help: 'show this help' };
const LANG: OptionSpec = { name: 'lang', value: 'lang', placeholder: 'LANG', help: 'write the answer in en (default), vi or ja' };

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'start', summary: 'the bot when DISCORD_TOKEN is set, else an interactive terminal session', options: [CORPUS, HELP], inSession: false },
  { name: 'briefing', summary: 'the one-screen overview: latest meetings, active areas, key figures, what is next', positional: { name: 'TOPIC', value: 'with', required: false, rest: true }, options: [LANG, JSON_FLAG, CORPUS, HELP], inSession: true },
  {
    name: 'meetings',
    summary: 'who met whom, when, where, on what occasion',
    options: [
      { name: 'with', value: 'with', placeholder: 'NAME', help: 'a person (whole name or a variant: Ishiba, 石破茂) or a country' },
      { name: 'year', value: 'year', placeholder: 'YEAR', help: 'a year, e.g. 2024' },
      { name: 'place', value: 'place', placeholder: 'PLACE', help: 'a city, country or occasion, e.g. Lima' },
      { name: 'chart', value: 'file', placeholder: 'FILE.png', help: 'with --with, also write who they met as a bar chart (PNG); with --json its numbers come as "chart"' },
      LANG, JSON_FLAG, CORPUS, HELP,
    ],
    inSession: true,
  },
  { name: 'cooperation', summary: 'one field of cooperation: meetings, sources, figures', positional: { name: 'AREA', value: 'area', required: true, rest: true }, options: [LANG, JSON_FLAG, CORPUS, HELP], inSession: true },
  {
    name: 'timeline',
    summary: 'the relationship in chronological order',
    options: [
      { name: 'from', value: 'date', placeholder: 'DATE', help: 'first date: YYYY, YYYY-MM or YYYY-MM-DD' },
      { name: 'to', value: 'date', placeholder: 'DATE', help: 'last date: YYYY, YYYY-MM or YYYY-MM-DD' },
      { name: 'chart', value: 'file', placeholder: 'FILE.png', help: 'also write the meetings chart (PNG); with --json its numbers come as "chart"' },
      LANG, JSON_FLAG, CORPUS, HELP,
    ],
    inSession: true,
  },
  { name: 'ask', summary: 'a free question, answered from the corpus with citations', positional: { name: 'QUESTION', value: 'text', required: true, rest: true }, options: [LANG, JSON_FLAG, CORPUS, HELP], inSession: true },
  { name: 'sources', summary: 'the articles of the corpus, or one of them', positional: { name: 'ID', value: 'source', required: false }, options: [LANG, JSON_FLAG, CORPUS, HELP], inSession: true },
  {
    name: 'digest',
    summary: 'the next digest, as it would be posted',
    options: [{ name: 'preview', required: true, help: 'show the next digest' }, LANG, JSON_FLAG, CORPUS, HELP],
    inSession: true,
  },
  { name: 'extract', summary: 'everything extracted from a folder of articles, as JSON', positional: { name: 'DIR', value: 'dir', required: false }, options: [JSON_FLAG, CORPUS, HELP], inSession: true },
  { name: 'eval', summary: 'precision, recall and F1 against labeled NNN.txt + NNN.json files', positional: { name: 'DIR', value: 'dir', required: true }, options: [JSON_FLAG, HELP], inSession: true },
  { name: 'deploy-commands', summary: 'register the slash commands with Discord', options: [HELP], inSession: false },
  { name: 'help', summary: 'this list, or one command’s options', positional: { name: 'COMMAND', value: 'text', required: false }, options: [HELP], inSession: true },
];

const BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function commandSpec(name: string): CommandSpec | undefined {
  return BY_NAME.get(name);
}

function optionUsage(o: OptionSpec): string {
  const flag = `--${o.name}${o.value ? ` ${o.placeholder ?? 'VALUE'}` : ''}`;
  if (o.name === 'help' || o.name === 'corpus') return '';
  return o.required ? flag : `[${flag}]`;
}

function positionalUsage(p: PositionalSpec | undefined): string {
  if (!p) return '';
  const name = p.rest ? `${p.name}…` : p.name;
  return p.required ? name : `[${name}]`;
}

/** `attache meetings [--with NAME] [--year YEAR] …`: the synopsis line of one command. */
export function synopsis(spec: CommandSpec): string {
  return ['attache', spec.name, positionalUsage(spec.positional), ...spec.options.map(optionUsage)].filter(Boolean).join(' ');
}

/** The usage of one command: synopsis, what it does, every option. */
export function commandUsage(spec: CommandSpec): string {
  const lines = [`Usage: ${synopsis(spec)}`, '', spec.summary];
  if (spec.options.length) {
    lines.push('', 'Options:');
    for (const o of spec.options) {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.placeholder ?? 'VALUE'}` : ''}`;
      lines.push(`  ${flag.padEnd(22)} ${o.help}`);
    }
  }
  return lines.join('\n');
}

/** The usage of every command (`attache --help`). */
export function overallUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'attache — Vietnam–Japan briefings from a multilingual news corpus',
    '',
    'Usage: attache <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    'Every command takes -h/--help; the data commands take --json and --corpus DIR.',
    'attache --version prints the version. attache start without DISCORD_TOKEN opens the interactive session.',
  ].join('\n');
}
