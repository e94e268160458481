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
import type { Subscription } from '../src/digest/due.js';
import { localize } from '../src/discord/i18n.js';
import { renderView } from '../src/discord/render.js';
import { UserFacingError } from '../src/errors.js';
import { FeedError, type FeedPoller } from '../src/feeds/poller.js';
import { StoreError } from '../src/store/store.js';
import type { CommandContext, SlashCommand } from './types.js';

/** What /digest needs beyond the common context (the lead adds these as optional fields of CommandContext). */
export type DigestCommandContext = CommandContext & { digest?: DigestService; feeds?: FeedPoller };

const AUTOCOMPLETE_MAX = 25;
const POSTABLE = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
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

/** The opening briefing of a new subscription, after the reply (a model-backed briefing may take seconds). */
async function postOpening(service: DigestService, sub: Subscription, ctx: CommandContext): Promise<void> {
  try {
    const result = await service.open(sub, await ctx.engine.briefing(undefined, sub.language));
    if (result !== 'ok') ctx.log.warn({ channel: sub.channelId, result }, 'opening briefing not posted');
  } catch (error) {
    ctx.log.warn({ channel: sub.channelId, err: String(error) }, 'opening briefing not posted');
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
  data: localize(new SlashCommandBuilder(), 'digest')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      localize(s, 'digest', 'subscribe')
        .addChannelOption((o) => localize(o, 'digest', 'subscribe', 'channel').setRequired(true).addChannelTypes(...POSTABLE))
        .addStringOption((o) => localize(o, 'digest', 'subscribe', 'schedule').setRequired(true).setMaxLength(100))
        .addStringOption((o) => localize(o, 'digest', 'subscribe', 'timezone').setAutocomplete(true).setMaxLength(64))
        .addStringOption((o) => localize(o, 'digest', 'subscribe', 'language').setMinLength(2).setMaxLength(2)),
    )
    .addSubcommand((s) =>
      localize(s, 'digest', 'unsubscribe').addChannelOption((o) => localize(o, 'digest', 'unsubscribe', 'channel').addChannelTypes(...POSTABLE)),
    )
    .addSubcommand((s) => localize(s, 'digest', 'status'))
    .addSubcommand((s) =>
      localize(s, 'digest', 'preview').addChannelOption((o) => localize(o, 'digest', 'preview', 'channel').addChannelTypes(...POSTABLE)),
    )
    .addSubcommandGroup((g) =>
      localize(g, 'digest', 'feeds')
        .addSubcommand((s) =>
          localize(s, 'digest', 'feeds', 'add').addStringOption((o) => localize(o, 'digest', 'feeds', 'add', 'url').setRequired(true).setMaxLength(500)),
        )
        .addSubcommand((s) =>
          localize(s, 'digest', 'feeds', 'remove').addStringOption((o) => localize(o, 'digest', 'feeds', 'remove', 'url').setRequired(true).setMaxLength(500)),
        )
        .addSubcommand((s) => localize(s, 'digest', 'feeds', 'list')),
    ),
  defer: 'never',
  async execute(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    const { digest: service, feeds } = services(ctx);
    const group = interaction.options.getSubcommandGroup(false);
    const sub = interaction.options.getSubcommand(true);
    const now = new Date();
    const channelOption = () => interaction.options.getChannel('channel')?.id ?? interaction.channelId;
    let opening: Subscription | null = null;

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
          const channelId = interaction.options.getChannel('channel', true).id;
          const isNew = !(await service.subscriptions()).some((sub) => sub.channelId === channelId);
          const s = await service.subscribe(
            {
              channelId,
              guildId,
              schedule: interaction.options.getString('schedule', true),
              timezone: interaction.options.getString('timezone') ?? undefined,
              language: interaction.options.getString('language') ?? undefined,
            },
            now,
          );
          if (!isNew) return service.status({ channelId: s.channelId }, now);
          opening = s;
          const status = await service.status({ channelId: s.channelId }, now);
          return { ...status, intro: `Subscribed. An opening briefing on where the relationship stands follows in <#${s.channelId}>; after it, only what is new.` };
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
    if (opening) await postOpening(service, opening, ctx);
  },
  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? timeZoneChoices(String(focused.value)) : []);
  },
} satisfies SlashCommand;
