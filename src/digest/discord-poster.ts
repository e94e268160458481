/**
 * Posts a digest view to a Discord channel through discord.js: every page of the rendered view as its own message,
 * in order (a long digest becomes several messages), never pinging anyone.
 */
import { DiscordAPIError, RESTJSONErrorCodes, type Client } from 'discord.js';
import type { View } from '../briefing/views.js';
import { pageCount, renderView } from '../discord/render.js';
import type { Poster, PostResult } from './service.js';

const GONE = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownGuild]);
const FORBIDDEN = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);

function classify(error: unknown): PostResult | null {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') {
    if (GONE.has(error.code)) return 'gone';
    if (FORBIDDEN.has(error.code)) return 'forbidden';
  }
  return null;
}

export function createDiscordPoster(client: Client, locale = 'en'): Poster {
  return {
    async post(channelId: string, view: View): Promise<PostResult> {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel) return 'gone';
        if (!channel.isSendable()) return 'forbidden';
        const pages = Math.max(1, pageCount(view, locale));
        for (let page = 0; page < pages; page++) {
          const message = renderView(view, page, locale);
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
