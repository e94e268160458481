/**
 * UI strings and command localizations, from data/strings.json. A Discord locale ('vi', 'ja', 'en-US', 'pt-BR'…)
 * resolves to the nearest language we have a translation for, English otherwise.
 */
import strings from './data/strings.json' with { type: 'json' };

export type UiLocale = keyof typeof strings.ui;
export type UiKey = keyof typeof strings.ui.en;
/** Discord locales we localize command names and descriptions for. */
export const COMMAND_LOCALES = ['vi', 'ja'] as const;
export type CommandLocale = (typeof COMMAND_LOCALES)[number];

type Localized = Partial<Record<CommandLocale, string>>;
interface OptionStrings { name: Localized; description: Localized & { en: string } }
interface CommandStrings extends OptionStrings { options: Record<string, OptionStrings> }

const ui: Record<string, Partial<Record<UiKey, string>>> = strings.ui;
const commandStrings: Record<string, CommandStrings> = strings.commands;

export function resolveLocale(locale: string | null | undefined): UiLocale {
  if (!locale) return 'en';
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return base in strings.ui ? (base as UiLocale) : 'en';
}

/** The UI string `key` in `locale` (English fallback) with `{param}` placeholders filled. */
export function t(locale: string | null | undefined, key: UiKey, params: Readonly<Record<string, string | number>> = {}): string {
  const template = ui[resolveLocale(locale)]?.[key] ?? strings.ui.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when a UI translation exists for this key and locale (not the English fallback). */
export function hasTranslation(locale: string | null | undefined, key: string): key is UiKey {
  return key in (ui[resolveLocale(locale)] ?? {});
}

function lookup(command: string, option?: string): OptionStrings {
  const entry = commandStrings[command];
  if (!entry) throw new Error(`i18n: no strings for command "${command}"`);
  if (option === undefined) return entry;
  const opt = entry.options[option];
  if (!opt) throw new Error(`i18n: no strings for option "${command}.${option}"`);
  return opt;
}

/** English description of a command or of one of its options. */
export function descriptionOf(command: string, option?: string): string {
  return lookup(command, option).description.en;
}

export function nameLocalizations(command: string, option?: string): Record<CommandLocale, string> {
  const { name } = lookup(command, option);
  return { vi: name.vi ?? command, ja: name.ja ?? command };
}

export function descriptionLocalizations(command: string, option?: string): Record<CommandLocale, string> {
  const { description } = lookup(command, option);
  return { vi: description.vi ?? description.en, ja: description.ja ?? description.en };
}
