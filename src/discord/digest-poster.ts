/**
 * Posts a digest view to a Discord channel through discord.js: every page of the rendered view as its own message,
 * in order (a long digest becomes several messages), never pinging anyone.
 *
 * Sharded, a client only knows the guilds of its own shards: discord.js cannot even build a channel of another
 * shard's guild (fetch returns null, which would read as "deleted"). `owns` tells the digest service, before it
 * claims a slot, whether this client serves the channel: guild_id >> 22 % shard count, DMs on shard 0.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, ShardClientUtil, type Client } from 'discord.js';
import type { View } from '../briefing/views.js';
import { pageCount, renderView } from './render.js';
import type { Poster, PostResult } from '../digest/service.js';

const GONE = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownGuild]);
const FORBIDDEN = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);

function classify(error: unknown): PostResult | null {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') {
    if (GONE.has(error.code)) return 'gone';
    if (FORBIDDEN.has(error.code)) return 'forbidden';
  }
  return null;
}

/** The guild of a channel nobody here has seen (a subscription without a guild id): one REST read, remembered. */
async function guildOfChannel(client: Client, channelId: string, known: Map<string, string | null>): Promise<string | null | undefined> {
  if (known.has(channelId)) return known.get(channelId);
  try {
    const data = (await client.rest.get(Routes.channel(channelId))) as { guild_id?: string };
    const guildId = data.guild_id ?? null;
    known.set(channelId, guildId);
    return guildId;
  } catch {
    // Deleted, forbidden or unreachable: unknown. The caller lets the claim decide; the post then reports why.
    return undefined;
  }
}

export function createDiscordPoster(client: Client, locale = 'en'): Poster {
  const channelGuilds = new Map<string, string | null>();
  return {
    async owns(channelId: string, guildId: string | null): Promise<boolean> {
      const { shards } = client.options;
      const shardCount = client.options.shardCount ?? 1;
      if (!Array.isArray(shards) || shardCount <= 1) return true; // one client, every guild
      if (client.channels.cache.has(channelId)) return true; // a channel of one of our guilds (or a DM we saw)
      const guild = guildId ?? (await guildOfChannel(client, channelId, channelGuilds));
      if (guild === undefined) return true;
      const shard = guild === null ? 0 : ShardClientUtil.shardIdForGuildId(guild, shardCount);
      return shards.includes(shard);
    },

    async post(channelId: string, view: View, language?: string): Promise<PostResult> {
      // The subscription's language, else the bot's default digest language.
      const lang = language ?? locale;
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel) return 'gone';
        if (!channel.isSendable()) return 'forbidden';
        const pages = Math.max(1, pageCount(view, lang));
        for (let page = 0; page < pages; page++) {
          const message = renderView(view, page, lang);
          await channel.send({ content: message.content, embeds: message.embeds, allowedMentions: message.allowedMentions });
        }
        return 'ok';
      } catch (error) {
        const result = classify(error);
        if (result) return result;
        throw error;
      }
    },
  };
}
