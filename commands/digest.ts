import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { View } from '../src/briefing/views.js';
import { isTimeZone } from '../src/config.js';
import { DigestError, type DigestService } from '../src/digest/service.js';
import { renderView } from '../src/discord/render.js';
import { UserFacingError } from '../src/errors.js';
import { FeedError, type FeedPoller } from '../src/feeds/poller.js';
import { StoreError } from '../src/store/store.js';
import type { CommandContext, SlashCommand } from './types.js';

/** What /digest needs beyond the common context (the lead adds these as optional fields of CommandContext). */
export type DigestCommandContext = CommandContext & { digest?: DigestService; feeds?: FeedPoller };

const AUTOCOMPLETE_MAX = 25;
/** ICU (Node 20) still lists some zones under their old IANA names; users type the current ones. */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  'Asia/Saigon': 'Asia/Ho_Chi_Minh', 'Asia/Calcutta': 'Asia/Kolkata', 'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Rangoon': 'Asia/Yangon', 'Asia/Katmandu': 'Asia/Kathmandu', 'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe', 'Pacific/Enderbury': 'Pacific/Kanton',
};
const TIME_ZONES: readonly string[] = (() => {
  const zones = Intl.supportedValuesOf('timeZone').map((z) => (CURRENT_NAMES[z] && isTimeZone(CURRENT_NAMES[z]) ? CURRENT_NAMES[z] : z));
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
})();

/** Time zones matching what the user typed: prefix matches first, then anywhere (case-insensitive, '_' = ' '). */
export function timeZoneChoices(typed: string): Array<{ name: string; value: string }> {
  const q = typed.trim().toLowerCase().replace(/[\s_]+/g, '_');
  const starts = TIME_ZONES.filter((z) => z.toLowerCase().startsWith(q) || z.toLowerCase().split('/').some((part) => part.startsWith(q)));
  const contains = TIME_ZONES.filter((z) => !starts.includes(z) && z.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, AUTOCOMPLETE_MAX).map((z) => ({ name: z, value: z }));
}

function services(ctx: CommandContext): { digest: DigestService; feeds: FeedPoller | undefined } {
  const { digest, feeds } = ctx as DigestCommandContext;
  if (!digest) throw new UserFacingError('ENGINE_UNAVAILABLE', 'Digests are not available on this bot (no store configured).');
  return { digest, feeds };
}

function requireManageGuild(interaction: ChatInputCommandInteraction): string {
  if (!interaction.inGuild() || !interaction.guildId) throw new UserFacingError('FORBIDDEN', 'Digests are set up inside a server.');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError('FORBIDDEN', 'Only members with the Manage Server permission can manage digests.');
  }
  return interaction.guildId;
}

async function plainErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DigestError || error instanceof FeedError) throw new UserFacingError('INVALID_INPUT', error.message);
    if (error instanceof StoreError) {
      throw new UserFacingError('ENGINE_UNAVAILABLE', 'The digest state store is unreachable right now; nothing was changed. Try again in a moment.');
    }
    throw error;
  }
}

function notice(title: string, lines: string[]): View {
  return { kind: 'notice', title, intro: null, sections: [{ heading: title, lines }], items: [], citations: [], empty: null, footer: null };
}

async function reply(interaction: ChatInputCommandInteraction, view: View): Promise<void> {
  const message = renderView(view, 0, interaction.locale);
  const payload = { embeds: message.embeds, content: message.content, allowedMentions: message.allowedMentions };
  if (interaction.deferred) await interaction.editReply(payload);
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

export const digest = {
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('Scheduled digests of what is new, posted in a channel (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('subscribe')
        .setDescription('Post a digest in a channel on a schedule')
        .addChannelOption((o) =>
          o.setName('channel').setDescription('Where to post').setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        )
        .addStringOption((o) =>
          o.setName('schedule').setDescription('"daily 08:00", "weekly mon 08:00" or a cron expression').setRequired(true).setMaxLength(100),
        )
        .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone, e.g. Asia/Ho_Chi_Minh (default UTC)').setAutocomplete(true).setMaxLength(64))
        .addStringOption((o) =>
          o.setName('language').setDescription('Digest language (two letters, default en)').setMinLength(2).setMaxLength(2),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('unsubscribe')
        .setDescription('Stop a channel’s digest')
        .addChannelOption((o) => o.setName('channel').setDescription('Default: this channel').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)),
    )
    .addSubcommand((s) => s.setName('status').setDescription('Next and last runs, paused or lost digests, feed health'))
    .addSubcommand((s) =>
      s
        .setName('preview')
        .setDescription('What the next digest would hold now (only you see it)')
        .addChannelOption((o) => o.setName('channel').setDescription('Default: this channel').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('feeds')
        .setDescription('RSS and Atom feeds that add articles to the corpus')
        .addSubcommand((s) =>
          s.setName('add').setDescription('Add a feed').addStringOption((o) => o.setName('url').setDescription('RSS or Atom URL').setRequired(true).setMaxLength(500)),
        )
        .addSubcommand((s) =>
          s.setName('remove').setDescription('Remove a feed').addStringOption((o) => o.setName('url').setDescription('The feed URL').setRequired(true).setMaxLength(500)),
        )
        .addSubcommand((s) => s.setName('list').setDescription('Feeds and their health')),
    ),
  defer: 'never',
  async execute(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    const { digest: service, feeds } = services(ctx);
    const group = interaction.options.getSubcommandGroup(false);
    const sub = interaction.options.getSubcommand(true);
    const now = new Date();
    const channelOption = () => interaction.options.getChannel('channel')?.id ?? interaction.channelId;

    const view = await plainErrors(async (): Promise<View> => {
      if (group === 'feeds') {
        if (!feeds) throw new UserFacingError('ENGINE_UNAVAILABLE', 'Feeds are not enabled on this bot.');
        if (sub === 'list') {
          const lines = (await feeds.statusLines()).map((f) => `${f.ok ? 'OK' : 'FAILING'} ${f.url} — ${f.text}`);
          return notice('Feeds', lines.length > 0 ? lines : ['No feeds. Add one with /digest feeds add.']);
        }
        const url = interaction.options.getString('url', true);
        if (sub === 'add') return notice('Feeds', [(await feeds.add(url)) ? `Added ${url}; it is polled within a minute.` : `${url} is already in the list.`]);
        return notice('Feeds', [(await feeds.remove(url)) ? `Removed ${url}.` : `${url} was not in the list.`]);
      }
      switch (sub) {
        case 'subscribe': {
          const s = await service.subscribe(
            {
              channelId: interaction.options.getChannel('channel', true).id,
              guildId,
              schedule: interaction.options.getString('schedule', true),
              timezone: interaction.options.getString('timezone') ?? undefined,
              language: interaction.options.getString('language') ?? undefined,
            },
            now,
          );
          return service.status({ channelId: s.channelId }, now);
        }
        case 'unsubscribe': {
          const channelId = channelOption();
          const owned = (await service.subscriptions()).find((s) => s.channelId === channelId);
          if (owned && owned.guildId !== null && owned.guildId !== guildId) throw new UserFacingError('FORBIDDEN', 'That channel belongs to another server.');
          return notice('Digest', [(await service.unsubscribe(channelId)) ? 'Unsubscribed: no more digests in that channel.' : 'That channel had no digest subscription.']);
        }
        case 'preview':
          return service.preview(channelOption(), now);
        default: {
          const guildChannelIds = new Set(interaction.guild?.channels.cache.keys() ?? []);
          return service.status({ guildId, guildChannelIds }, now);
        }
      }
    });
    await reply(interaction, view);
  },
  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? timeZoneChoices(String(focused.value)) : []);
  },
} satisfies SlashCommand;
