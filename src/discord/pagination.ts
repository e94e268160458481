/**
 * Recent views kept in memory (LRU with a TTL) so buttons can page through them, and the button/select handling
 * shared by every list command. Custom ids are `command:page:userId:viewKey` (`s` instead of the page for the
 * select menu). After a restart the store is empty: old buttons answer "expired" instead of failing.
 */
import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { View } from '../briefing/views.js';
import { UserFacingError } from '../errors.js';
import type { ChartImage } from '../charts/charts.js';
import { withChart, type MessageWithFiles } from './chart-message.js';
import { pageCount, renderView, type PageRef } from './render.js';

export const VIEW_STORE_MAX = 500;
/** Interaction tokens live 15 minutes; a view older than that can no longer be edited anyway. */
export const VIEW_TTL_MS = 15 * 60_000;

export interface StoredView {
  view: View;
  command: string;
  userId: string;
  locale: string;
  createdAt: number;
}

export interface ViewStore {
  /** Stores the entry and returns its key (short, url-safe, unguessable across restarts). */
  put(entry: Omit<StoredView, 'createdAt'>): string;
  get(key: string): StoredView | undefined;
  readonly size: number;
}

export interface ViewStoreOptions {
  max?: number;
  ttlMs?: number;
  clock?: () => number;
  newKey?: () => string;
}

export function createViewStore(options: ViewStoreOptions = {}): ViewStore {
  const max = options.max ?? VIEW_STORE_MAX;
  const ttl = options.ttlMs ?? VIEW_TTL_MS;
  const clock = options.clock ?? Date.now;
  const newKey = options.newKey ?? (() => randomBytes(6).toString('base64url'));
  const entries = new Map<string, StoredView>();
  return {
    put(entry) {
      const key = newKey();
      entries.set(key, { ...entry, createdAt: clock() });
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return key;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (clock() - entry.createdAt > ttl) {
        entries.delete(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    get size() {
      return entries.size;
    },
  };
}

export interface ParsedCustomId {
  command: string;
  /** A page number, or 'select' for the entry menu. */
  target: number | 'select';
  userId: string;
  viewKey: string;
}

export function parseCustomId(customId: string): ParsedCustomId | null {
  const parts = customId.split(':');
  if (parts.length !== 4) return null;
  const [command, target, userId, viewKey] = parts as [string, string, string, string];
  if (!command || !userId || !viewKey) return null;
  if (target === 's') return { command, target: 'select', userId, viewKey };
  if (!/^\d{1,4}$/.test(target)) return null;
  return { command, target: Number(target), userId, viewKey };
}

function withRef(view: View, command: string, userId: string, locale: string, views: ViewStore): PageRef | undefined {
  if (view.items.length === 0 && pageCount(view, locale) <= 1) return undefined;
  return { command, userId, viewKey: views.put({ view, command, userId, locale }) };
}

/**
 * Renders page 0 of `view` and answers the command (editing the deferred reply when there is one), with `chart`
 * attached under it when given.
 */
export async function replyWithView(
  interaction: ChatInputCommandInteraction,
  view: View,
  views: ViewStore,
  options: { ephemeral?: boolean; chart?: ChartImage | null } = {},
): Promise<MessageWithFiles> {
  const locale = interaction.locale;
  const ref = withRef(view, interaction.commandName, interaction.user.id, locale, views);
  const message = withChart(renderView(view, 0, locale, ref), options.chart);
  if (interaction.deferred) await interaction.editReply(message);
  else await interaction.reply({ ...message, ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  return message;
}

/** Default handling of a list's buttons and select menu; throws UserFacingError EXPIRED / NOT_OWNER. */
export async function handleViewComponent(
  interaction: ButtonInteraction | StringSelectMenuInteraction,
  parsed: ParsedCustomId,
  views: ViewStore,
): Promise<void> {
  const entry = views.get(parsed.viewKey);
  if (!entry) throw new UserFacingError('EXPIRED', 'This list has expired. Run the command again.');
  if (interaction.user.id !== parsed.userId || entry.userId !== parsed.userId) {
    throw new UserFacingError('NOT_OWNER', 'Only the person who asked can page through this list.');
  }
  const locale = interaction.locale;
  if (parsed.target === 'select') {
    const index = interaction.isStringSelectMenu() ? Number(interaction.values[0]) : Number.NaN;
    const item = entry.view.items[index];
    if (!item) throw new UserFacingError('EXPIRED', 'This entry is no longer available. Run the command again.');
    const ref = withRef(item.detail, parsed.command, parsed.userId, locale, views);
    await interaction.reply({ ...renderView(item.detail, 0, locale, ref), flags: MessageFlags.Ephemeral });
    return;
  }
  const ref: PageRef = { command: parsed.command, userId: parsed.userId, viewKey: parsed.viewKey };
  await interaction.update(renderView(entry.view, parsed.target, locale, ref));
}
