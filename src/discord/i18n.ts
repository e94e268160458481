/**
 * UI strings and command localizations, from data/strings.json. A Discord locale ('vi', 'ja', 'en-US', 'pt-BR'…)
 * resolves to the nearest language we have a translation for, English otherwise.
 */
import strings from './data/strings.json' with { type: 'json' };
import { ownValue } from '../own.js';
import { headingIn, langOf } from '../briefing/lang.js';

export type UiLocale = keyof typeof strings.ui;
export type UiKey = keyof typeof strings.ui.en;
/** Discord locales we localize command names and descriptions for. */
export const COMMAND_LOCALES = ['vi', 'ja'] as const;
export type CommandLocale = (typeof COMMAND_LOCALES)[number];

type Localized = Partial<Record<CommandLocale, string>>;
interface OptionStrings { name: Localized; description: Localized & { en: string }; options?: Record<string, OptionStrings> }
type CommandStrings = OptionStrings;

const ui: Record<string, Partial<Record<UiKey, string>>> = strings.ui;
const commandStrings: Record<string, CommandStrings> = strings.commands;

export function resolveLocale(locale: string | null | undefined): UiLocale {
  if (!locale) return 'en';
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return Object.hasOwn(strings.ui, base) ? (base as UiLocale) : 'en';
}

/** The UI string `key` in `locale` (English fallback) with `{param}` placeholders filled. */
export function t(locale: string | null | undefined, key: UiKey, params: Readonly<Record<string, string | number>> = {}): string {
  const template = ownValue(ownValue(ui, resolveLocale(locale)), key) ?? strings.ui.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** True when a UI translation exists for this key and locale (not the English fallback). */
export function hasTranslation(locale: string | null | undefined, key: string): key is UiKey {
  return ownValue(ui, resolveLocale(locale)) !== undefined && Object.hasOwn(ownValue(ui, resolveLocale(locale))!, key);
}

/**
 * Strings of a command, or of a node under it: an option, a subcommand, a group, a subcommand's option
 * (`lookup('digest', 'feeds', 'add', 'url')`). Throws when a string is missing, so a command cannot ship unlocalized.
 */
function lookup(command: string, path: readonly string[]): OptionStrings {
  let node: CommandStrings | undefined = ownValue(commandStrings, command);
  if (!node) throw new Error(`i18n: no strings for command "${command}"`);
  const walked = [command];
  for (const part of path) {
    walked.push(part);
    node = ownValue(node.options, part);
    if (!node) throw new Error(`i18n: no strings for "${walked.join('.')}"`);
  }
  return node;
}

/** English description of a command or of a node under it (option, subcommand, group). */
export function descriptionOf(command: string, ...path: string[]): string {
  return lookup(command, path).description.en;
}

export function nameLocalizations(command: string, ...path: string[]): Record<CommandLocale, string> {
  const { name } = lookup(command, path);
  const fallback = path.at(-1) ?? command;
  return { vi: name.vi ?? fallback, ja: name.ja ?? fallback };
}

export function descriptionLocalizations(command: string, ...path: string[]): Record<CommandLocale, string> {
  const { description } = lookup(command, path);
  return { vi: description.vi ?? description.en, ja: description.ja ?? description.en };
}

interface Describable {
  setName(name: string): unknown;
  setNameLocalizations(localizations: Record<CommandLocale, string>): unknown;
  setDescription(description: string): unknown;
  setDescriptionLocalizations(localizations: Record<CommandLocale, string>): unknown;
}

/**
 * Sets a builder's name (the last part of the path), English description and vi/ja localizations from strings.json.
 * @example b.addSubcommand((s) => localize(s, 'digest', 'status'))
 */
export function localize<T extends Describable>(builder: T, command: string, ...path: string[]): T {
  builder.setName(path.at(-1) ?? command);
  builder.setNameLocalizations(nameLocalizations(command, ...path));
  builder.setDescription(descriptionOf(command, ...path));
  builder.setDescriptionLocalizations(descriptionLocalizations(command, ...path));
  return builder;
}

/**
 * A view section heading in the user's language when a translation exists ("Key figures" → "Số liệu chính"). The
 * engine writes its headings in the reader's language already; this translates those of views composed in English.
 */
export function heading(locale: string | null | undefined, english: string): string {
  return headingIn(langOf(locale), english);
}
