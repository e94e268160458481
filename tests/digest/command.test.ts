import { describe, it, expect } from 'vitest';
import { PermissionsBitField, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { digest } from '../../commands/digest.js';
import { timeZoneChoices } from '../../src/digest/time-zones.js';
import type { CommandContext } from '../../src/discord/slash-command.js';
import { createDigestService } from '../../src/digest/service.js';
import { openStore, type Log } from '../../src/store/store.js';
import { doc, snapshot } from './fixtures.js';
import type { View } from '../../src/briefing/views.js';

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
  /** Views posted to channels (the opening briefing of a new subscription). */
  const posted: Array<{ channelId: string; view: View }> = [];
  const briefing: View = {
    kind: 'briefing', title: 'Vietnam–Japan briefing', intro: null, items: [], empty: null, footer: null,
    sections: [{ heading: 'Latest meetings', lines: ['One. [1]', 'Two. [2]', 'Three. [1]', 'Four. [3]'] }],
    citations: [1, 2, 3].map((n) => ({ n, document: `d${n}`, sentence: n, quote: 'q', lang: 'vi', title: null, outlet: 'VnExpress', published: null, link: null })),
  };
  async function context(): Promise<CommandContext> {
    const store = await openStore('memory://', quiet);
    const corpus = snapshot([doc('a', 'vi', 'Tin cũ', 'VnExpress', '2025-01-01')]);
    const poster = { post: async (channelId: string, view: View) => (posted.push({ channelId, view }), 'ok' as const) };
    const service = createDigestService({ store, poster, corpus: () => corpus, log: quiet });
    return { digest: service, engine: { briefing: async () => briefing }, log: quiet } as unknown as CommandContext;
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
    expect(field.name).toBe('Subscription');
    expect(field.value.split('\n').slice(0, 2)).toEqual(['Channel: <#222222222222222222>', 'Schedule: every day at 08:00, Asia/Tokyo · language en']);
    expect(replies[0]!.embeds[0]!.description).toBe(
      'Subscribed. An opening briefing on where the relationship stands follows in <#222222222222222222>; after it, only what is new.',
    );
    // The new channel opens with the state of the relationship (three lines a section), not an empty first digest.
    expect(posted.map((p) => [p.channelId, p.view.title, p.view.intro, p.view.sections[0]!.lines, p.view.citations.map((c) => c.n)])).toEqual([[
      '222222222222222222', 'Vietnam–Japan: where the relationship stands',
      'This channel now gets a digest every day at 08:00, Asia/Tokyo. To start, the state of the relationship; from the next digest on, only what is new.',
      ['One. [1]', 'Two. [2]', 'Three. [1]'], [1, 2],
    ]]);
    // Subscribing again changes the schedule and posts nothing more.
    await digest.execute(fakeInteraction('subscribe', { channel: '222222222222222222', schedule: 'weekly mon 08:00' }, PermissionFlagsBits.ManageGuild).interaction, ctx);
    expect(posted).toHaveLength(1);

    const bad = fakeInteraction('subscribe', { channel: '222222222222222222', schedule: 'every morning' }, PermissionFlagsBits.ManageGuild);
    await expect(digest.execute(bad.interaction, ctx)).rejects.toMatchObject({ name: 'UserFacingError', code: 'INVALID_INPUT', message: expect.stringContaining('Schedule "every morning"') });
  });
});
