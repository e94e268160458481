/**
 * A direct message written like a slash command ("/meetings with:Ishiba year:2024") is run as that command: people
 * paste or type commands in DMs, where the same commands also work through Discord's own picker.
 */
import type { Engine, View } from '../briefing/views.js';
import { UserFacingError } from '../errors.js';

export interface DmCommand {
  name: string;
  /** `name:value` options; text before the first option goes to `''`. */
  options: ReadonlyMap<string, string>;
}

/** How each command reads its options from a DM and asks the engine; the free text is its main option. */
const RUNNERS: ReadonlyMap<string, (engine: Engine, get: (name: string) => string | undefined, locale: string) => Promise<View>> = new Map([
  ['briefing', (e, get, l) => e.briefing(get('topic'), l)],
  ['meetings', (e, get, l) => e.meetings({ ...optional('with', get('with')), ...optional('place', get('place')), ...yearOf(get('year')) }, l)],
  ['cooperation', (e, get, l) => e.cooperation(get('area') ?? '', l)],
  ['timeline', (e, get, l) => e.timeline({ ...optional('from', get('from')), ...optional('to', get('to')) }, l)],
  ['sources', (e, get, l) => e.sources(get('id'), l)],
  ['help', (e, _get, l) => e.help(l)],
]);
/** The option free text fills, per command. */
const MAIN_OPTION: ReadonlyMap<string, string> = new Map([['briefing', 'topic'], ['meetings', 'with'], ['cooperation', 'area'], ['sources', 'id']]);

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function yearOf(value: string | undefined): { year?: number } {
  if (value === undefined) return {};
  if (!/^\d{4}$/.test(value)) throw new UserFacingError('INVALID_INPUT', `year must be a year such as 2024, not “${value.slice(0, 20)}”.`);
  return { year: Number(value) };
}

/** The command a DM spells out, or null when it is a question (or names no command of ours). */
export function parseDmCommand(text: string): DmCommand | null {
  const m = /^\/([a-z]+)(?:\s+([\s\S]*))?$/iu.exec(text.trim());
  const name = m?.[1]?.toLowerCase();
  if (!name || !RUNNERS.has(name)) return null;
  const options = new Map<string, string>();
  let current = '';
  for (const word of (m?.[2] ?? '').split(/\s+/).filter(Boolean)) {
    const option = /^(\w+):(.*)$/u.exec(word);
    if (option) {
      current = option[1]!.toLowerCase();
      options.set(current, option[2]!);
    } else options.set(current, `${options.get(current) ?? ''} ${word}`.trim());
  }
  return { name, options };
}

/** The view the command answers with. */
export async function runDmCommand(engine: Engine, command: DmCommand, locale: string): Promise<View> {
  const get = (option: string): string | undefined => {
    const value = command.options.get(option) ?? (MAIN_OPTION.get(command.name) === option ? command.options.get('') : undefined);
    return value?.trim() || undefined;
  };
  return RUNNERS.get(command.name)!(engine, get, locale);
}

/** The question of a DM: its text, without a leading "/ask" or "/ask question:" (an /ask typed as a DM). */
export function dmQuestion(text: string): string {
  return text.trim().replace(/^\/ask(?:\s+question:|\s+|$)/iu, '').trim();
}
