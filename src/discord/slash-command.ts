import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Engine } from '../briefing/views.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ParsedCustomId, ViewStore } from './pagination.js';
import type { DigestService } from '../digest/service.js';
import type { FeedPoller } from '../feeds/poller.js';
import type { Charts } from '../charts/charts.js';

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
  /** Digest subscriptions; absent when the store is unavailable. */
  digest?: DigestService;
  /** Feed subscriptions; absent when the store is unavailable. */
  feeds?: FeedPoller;
  /** Milliseconds since the epoch (the bot's clock). Default Date.now. */
  clock?: () => number;
  /** Charts attached to /timeline and /cooperation; absent when the bot has no knowledge of its own (tests, custom engines). */
  charts?: Charts;
  /** Tokens left in the model's daily budget (null: no budget set); absent without a model. Shown in /help to admins. */
  budgetLeft?: () => Promise<number | null>;
}

/** 'always': the router defers before execute; 'when-model': only when ctx.modelBacked; 'never': reply directly. */
export type DeferPolicy = 'always' | 'when-model' | 'never';

export interface SlashCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  defer?: DeferPolicy;
  /**
   * Checks the options before anything is sent: a UserFacingError thrown here is answered ephemerally, before the
   * router's public defer (a too-long question, an unknown area).
   */
  validate?(interaction: ChatInputCommandInteraction, ctx: CommandContext): void;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Handles this command's own buttons/selects; without it, the router pages stored views. */
  buttons?(interaction: ButtonInteraction | StringSelectMenuInteraction, ctx: CommandContext, parsed: ParsedCustomId): Promise<void>;
}
