import { describe, it, expect } from 'vitest';
import { PermissionsBitField, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { digest } from '../../commands/digest.js';
import { timeZoneChoices } from '../../src/digest/time-zones.js';
import type { CommandContext } from '../../src/discord/slash-command.js';
import { createDigestService } from '../../src/digest/service.js';
import { openStore, type Log } from '../../src/store/store.js';
import { doc, snapshot } from './fixtures.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

describe('/digest definition', () => {
  it('is limited to Manage Server in guilds, with the subcommands of the spec', () => {
    const json = digest.data.toJSON();
    expect(json.name).toBe('digest');
    expect(json.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(json.contexts).toEqual([0]);
    expect(json.options?.map((o) => o.name)).toEqual(['subscribe', 'unsubscribe', 'status', 'preview', 'feeds']);
    const feeds = json.options?.find((o) => o.name === 'feeds') as { options?: Array<{ name: string }> };
    expect(feeds.options?.map((o) => o.name)).toEqual(['add', 'remove', 'list']);
  });
});

describe('timeZoneChoices', () => {
  it('matches city names, prefixes first, at most 25', () => {
    expect(timeZoneChoices('tokyo')).toEqual([{ name: 'Asia/Tokyo', value: 'Asia/Tokyo' }]);
    expect(timeZoneChoices('ho chi')[0]).toEqual({ name: 'Asia/Ho_Chi_Minh', value: 'Asia/Ho_Chi_Minh' });
    expect(timeZoneChoices('')).toHaveLength(25);
    expect(timeZoneChoices('Atlantis/Nowhere')).toEqual([]);
  });
});

interface Replied {
  flags?: number;
  embeds: Array<{ title?: string; fields?: Array<{ name: string; value: string }>; description?: string }>;
}

function fakeInteraction(sub: string, options: Record<string, string>, permissions: bigint): { interaction: ChatInputCommandInteraction; replies: Replied[] } {
  const replies: Replied[] = [];
  const interaction = {
    locale: 'en-US',
    guildId: '111111111111111111',
    channelId: '222222222222222222',
    guild: { channels: { cache: new Map([['222222222222222222', {}]]) } },
    deferred: false,
    inGuild: () => true,
    memberPermissions: new PermissionsBitField(permissions),
    options: {
      getSubcommandGroup: () => null,
      getSubcommand: () => sub,
      getString: (name: string, required?: boolean) => {
        if (required && options[name] === undefined) throw new Error(`missing ${name}`);
        return options[name] ?? null;
      },
      getChannel: (name: string) => (options[name] ? { id: options[name] } : null),
    },
    reply: async (payload: Replied) => void replies.push(payload),
    editReply: async (payload: Replied) => void replies.push(payload),
  } as unknown as ChatInputCommandInteraction;
  return { interaction, replies };
}

describe('/digest execute', () => {
  async function context(): Promise<CommandContext> {
    const store = await openStore('memory://', quiet);
    const corpus = snapshot([doc('a', 'vi', 'Tin cũ', 'VnExpress', '2025-01-01')]);
    const service = createDigestService({ store, poster: { post: async () => 'ok' }, corpus: () => corpus, log: quiet });
    return { digest: service } as unknown as CommandContext;
  }

  it('refuses members without Manage Server, server-side', async () => {
    const { interaction } = fakeInteraction('status', {}, PermissionFlagsBits.SendMessages);
    await expect(digest.execute(interaction, await context())).rejects.toMatchObject({ name: 'UserFacingError', code: 'FORBIDDEN' });
  });

  it('subscribes and answers ephemerally with the status; a bad schedule is a plain user error', async () => {
    const ctx = await context();
    const { interaction, replies } = fakeInteraction('subscribe', { channel: '222222222222222222', schedule: 'daily 08:00', timezone: 'Asia/Tokyo' }, PermissionFlagsBits.ManageGuild);
    await digest.execute(interaction, ctx);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.flags).toBe(64);
    expect(replies[0]!.embeds[0]!.title).toBe('Digest status');
    const field = replies[0]!.embeds[0]!.fields![0]!;
    expect(field.name).toBe('Channel 222222222222222222');
    expect(field.value.split('\n')[0]).toBe('Schedule: daily 08:00 (0 8 \\* \\* \\*) in Asia/Tokyo, language en'); // markdown-escaped by render

    const bad = fakeInteraction('subscribe', { channel: '222222222222222222', schedule: 'every morning' }, PermissionFlagsBits.ManageGuild);
    await expect(digest.execute(bad.interaction, ctx)).rejects.toMatchObject({ name: 'UserFacingError', code: 'INVALID_INPUT', message: expect.stringContaining('Schedule "every morning"') });
  });
});
