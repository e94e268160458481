import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Engine } from '../src/briefing/views.js';
import type { Config } from '../src/config.js';
import type { Logger } from '../src/log.js';
import type { ParsedCustomId, ViewStore } from '../src/discord/pagination.js';

/** The slice of a key-value store (keyv) the commands may use. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

/** What every handler receives: its dependencies, explicitly. */
export interface CommandContext {
  engine: Engine;
  log: Logger;
  config: Readonly<Config>;
  store?: KeyValueStore;
  /** Recent views, for pagination. */
  views: ViewStore;
  /** True when the engine calls a model (answers may take seconds): commands with defer 'when-model' defer then. */
  modelBacked: boolean;
}

/** 'always': the router defers before execute; 'when-model': only when ctx.modelBacked; 'never': reply directly. */
export type DeferPolicy = 'always' | 'when-model' | 'never';

export interface SlashCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  defer?: DeferPolicy;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Handles this command's own buttons/selects; without it, the router pages stored views. */
  buttons?(interaction: ButtonInteraction | StringSelectMenuInteraction, ctx: CommandContext, parsed: ParsedCustomId): Promise<void>;
}
