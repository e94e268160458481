/**
 * `npm run deploy-commands`: PUTs the registry's command definitions to one guild (instant, for testing) or
 * globally. The payload is validated against Discord's rules first, so a bad name fails here with a clear message
 * rather than as a 400 from Discord.
 */
import { ApplicationCommandOptionType, DiscordAPIError, Locale, REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commands as defaultCommands } from '../../commands/index.js';
import type { SlashCommand } from './slash-command.js';
import type { Config } from '../config.js';
import { UserFacingError } from '../errors.js';
import { restApiBase } from './client.js';

export const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_COMMANDS = 100;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_DESCRIPTION = 100;
const MAX_COMMAND_CHARS = 4000;
const LOCALES = new Set<string>(Object.values(Locale));

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkName(where: string, name: unknown, problems: string[]): void {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name)) problems.push(`${where}: name ${JSON.stringify(name)} must be 1–32 letters, digits, - or _`);
  else if (name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be lowercase`);
}

function checkDescription(where: string, description: unknown, problems: string[]): void {
  if (typeof description !== 'string' || description.length < 1 || description.length > MAX_DESCRIPTION) {
    problems.push(`${where}: description must be 1–${MAX_DESCRIPTION} characters (got ${typeof description === 'string' ? description.length : typeof description})`);
  }
}

function checkLocalizations(where: string, node: Json, problems: string[]): void {
  for (const [field, check] of [['name_localizations', checkName], ['description_localizations', checkDescription]] as const) {
    const map = node[field];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      problems.push(`${where}: ${field} must be an object`);
      continue;
    }
    for (const [locale, value] of Object.entries(map)) {
      if (!LOCALES.has(locale)) problems.push(`${where}: ${field} has unknown locale "${locale}"`);
      check(`${where} [${locale}]`, value, problems);
    }
  }
}

function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => allStrings(n, out));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (['name', 'description', 'value', 'name_localizations', 'description_localizations', 'choices', 'options'].includes(key)) allStrings(value, out);
    }
  }
  return out;
}

function checkOptions(where: string, options: unknown, problems: string[]): void {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    problems.push(`${where}: options must be an array`);
    return;
  }
  if (options.length > MAX_OPTIONS) problems.push(`${where}: ${options.length} options (at most ${MAX_OPTIONS})`);
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((option: unknown, i) => {
    const at = `${where} option ${i + 1}`;
    if (!isObject(option)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    checkName(at, option.name, problems);
    checkDescription(at, option.description, problems);
    checkLocalizations(at, option, problems);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) problems.push(`${at}: duplicate option name "${option.name}"`);
      names.add(option.name);
    }
    const isGroup = option.type === 1 || option.type === 2;
    if (!isGroup) {
      if (option.required === true && sawOptional) problems.push(`${at}: required options must come before optional ones`);
      if (option.required !== true) sawOptional = true;
    }
    const choices = option.choices;
    if (choices !== undefined) {
      if (!Array.isArray(choices) || choices.length > MAX_CHOICES) problems.push(`${at}: at most ${MAX_CHOICES} choices`);
      if (option.autocomplete === true) problems.push(`${at}: autocomplete and choices cannot be combined`);
      if (Array.isArray(choices)) {
        choices.forEach((choice: unknown, j) => {
          const c = isObject(choice) ? choice : {};
          if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) problems.push(`${at} choice ${j + 1}: name must be 1–100 characters`);
          if (typeof c.value === 'string' && c.value.length > 100) problems.push(`${at} choice ${j + 1}: value must be ≤ 100 characters`);
        });
      }
    }
    if (isGroup) checkOptions(at, option.options, problems);
  });
}

/** Every reason Discord would refuse this list of chat-input commands; empty when it would accept it. */
export function validateCommandPayload(payload: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(payload)) return ['payload must be an array of commands'];
  if (payload.length > MAX_COMMANDS) problems.push(`${payload.length} commands (at most ${MAX_COMMANDS})`);
  const names = new Set<string>();
  payload.forEach((command: unknown, i) => {
    if (!isObject(command)) {
      problems.push(`command ${i + 1}: must be an object`);
      return;
    }
    const where = `/${String(command.name)}`;
    checkName(where, command.name, problems);
    checkDescription(where, command.description, problems);
    checkLocalizations(where, command, problems);
    if (typeof command.name === 'string') {
      if (names.has(command.name)) problems.push(`${where}: duplicate command name`);
      names.add(command.name);
    }
    checkOptions(where, command.options, problems);
    const chars = allStrings({ name: command.name, description: command.description, options: command.options }).join('').length;
    if (chars > MAX_COMMAND_CHARS) problems.push(`${where}: ${chars} characters of names and descriptions (at most ${MAX_COMMAND_CHARS})`);
  });
  return problems;
}

export function commandPayloads(
  list: readonly SlashCommand[] = defaultCommands,
  limits: { questionMaxChars?: number } = {},
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const payloads = list.map((c) => c.data.toJSON());
  const max = limits.questionMaxChars;
  if (max === undefined) return payloads;
  // The one option whose registered limit follows the configuration.
  return payloads.map((c) =>
    c.name !== 'ask'
      ? c
      : { ...c, options: c.options?.map((o) => (o.name === 'question' && o.type === ApplicationCommandOptionType.String ? { ...o, max_length: max } : o)) },
  );
}

export interface DeployOptions {
  token: string | null | undefined;
  clientId: string | null | undefined;
  guildId?: string | null;
  restUrl?: string | null;
  commands?: readonly SlashCommand[];
  /** QUESTION_MAX_CHARS: registered as /ask's max_length, so Discord stops a longer question before it is sent. */
  questionMaxChars?: number;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

/** Network failures a person can fix (no connection, a wrong DISCORD_REST_URL), as their system error code. */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

function networkCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; isObject(e) && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  }
  return null;
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  if (!options.token) throw new UserFacingError('DEPLOY_CONFIG_MISSING', 'DISCORD_TOKEN is not set: copy the bot token from the Developer Portal → Bot → Reset Token.');
  if (!options.clientId) throw new UserFacingError('DEPLOY_CONFIG_MISSING', 'DISCORD_CLIENT_ID is not set: copy the Application ID from the Developer Portal → General Information.');
  const body = commandPayloads(options.commands, options.questionMaxChars === undefined ? {} : { questionMaxChars: options.questionMaxChars });
  const problems = validateCommandPayload(body);
  if (problems.length > 0) throw new UserFacingError('INVALID_INPUT', `Discord would refuse these commands:\n  - ${problems.join('\n  - ')}`);
  const api = restApiBase(options.restUrl ?? null);
  const rest = new REST({ version: '10', ...(api ? { api } : {}) }).setToken(options.token);
  const route = options.guildId ? Routes.applicationGuildCommands(options.clientId, options.guildId) : Routes.applicationCommands(options.clientId);
  try {
    await rest.put(route, { body });
  } catch (error) {
    if (error instanceof DiscordAPIError || (isObject(error) && typeof error.status === 'number')) {
      const status = (error as { status: number }).status;
      if (status === 401) throw new UserFacingError('DISCORD_UNAUTHORIZED', 'Discord rejected DISCORD_TOKEN (401 Unauthorized): reset the token in the Developer Portal → Bot and update it.');
      if (status === 403) throw new UserFacingError('FORBIDDEN', `Discord refused access (403): is the bot invited to guild ${options.guildId ?? '(global)'} with the applications.commands scope, and does DISCORD_CLIENT_ID belong to this token?`);
      if (status === 404) throw new UserFacingError('NOT_FOUND', 'Discord answered 404: check DISCORD_CLIENT_ID (the Application ID) and DISCORD_GUILD_ID.');
      if (status === 400) throw new UserFacingError('INVALID_INPUT', `Discord refused the request (400): check DISCORD_CLIENT_ID (the Application ID of this bot's application) and DISCORD_GUILD_ID. Discord said: ${error instanceof Error ? error.message : 'bad request'}`);
    }
    const code = networkCode(error);
    if (code) {
      const where = options.restUrl ? `DISCORD_REST_URL (${api})` : 'discord.com';
      throw new UserFacingError('INVALID_INPUT', `Could not reach ${where} (${code}): check the network connection${options.restUrl ? ' and DISCORD_REST_URL' : ', a proxy or firewall'}, then run deploy-commands again.`);
    }
    throw error;
  }
  return { scope: options.guildId ? 'guild' : 'global', names: body.map((c) => c.name) };
}

/** Where `runDeploy` writes its sentences (the terminal; the JSON log is for the bot's log stream). */
export interface DeployOutput {
  out(line: string): void;
  err(line: string): void;
}

const STDIO: DeployOutput = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/**
 * `npm run deploy-commands`: to DISCORD_GUILD_ID when set (instant), globally otherwise (up to an hour to show).
 * Returns the process exit code; a refusal is printed as a sentence with a hint, never with the token.
 */
export async function runDeploy(config: Readonly<Config>, output: DeployOutput = STDIO): Promise<number> {
  try {
    const result = await deployCommands({
      token: config.discord.token,
      clientId: config.discord.clientId,
      guildId: config.discord.guildId,
      restUrl: config.discord.restUrl,
      questionMaxChars: config.limits.questionMaxChars,
    });
    const where = result.scope === 'guild' ? `to server ${config.discord.guildId} (they show at once)` : 'globally (they can take up to an hour to show)';
    output.out(`Deployed ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(', ')}.`);
    return 0;
  } catch (error) {
    if (error instanceof UserFacingError) {
      output.err(`deploy-commands: ${error.message}`);
      if (error.code === 'DEPLOY_CONFIG_MISSING') output.err('Hint: put it in .env (see .env.example) or the environment; docs/discord.md walks through the set-up.');
      return 1;
    }
    throw error;
  }
}
