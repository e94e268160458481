import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { View } from '../src/briefing/views.js';
import { handleDigestRequest, type DigestRequest } from '../src/digest/admin.js';
import { timeZoneChoices } from '../src/digest/time-zones.js';
import { localize } from '../src/discord/i18n.js';
import { renderView } from '../src/discord/render.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

const POSTABLE = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** The request the options describe; the channel defaults to the one the command was used in. */
function requestOf(interaction: ChatInputCommandInteraction): DigestRequest {
  const { options } = interaction;
  const group = options.getSubcommandGroup(false);
  const sub = options.getSubcommand(true);
  const channelId = () => options.getChannel('channel')?.id ?? interaction.channelId;
  if (group === 'feeds') {
    if (sub === 'list') return { kind: 'feeds-list' };
    return { kind: sub === 'add' ? 'feeds-add' : 'feeds-remove', url: options.getString('url', true) };
  }
  switch (sub) {
    case 'subscribe': {
      const timezone = options.getString('timezone');
      const language = options.getString('language');
      return {
        kind: 'subscribe',
        channelId: options.getChannel('channel', true).id,
        schedule: options.getString('schedule', true),
        ...(timezone !== null ? { timezone } : {}),
        ...(language !== null ? { language } : {}),
      };
    }
    case 'unsubscribe':
      return { kind: 'unsubscribe', channelId: channelId() };
    case 'preview':
      return { kind: 'preview', channelId: channelId() };
    default:
      return { kind: 'status', guildChannelIds: new Set(interaction.guild?.channels.cache.keys() ?? []) };
  }
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
    const caller = {
      guildId: interaction.inGuild() ? interaction.guildId : null,
      canManage: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true,
      locale: interaction.locale,
    };
    const { view, followUp } = await handleDigestRequest(
      {
        digest: ctx.digest,
        feeds: ctx.feeds,
        clock: ctx.clock,
        openingBriefing: (language) => ctx.engine.briefing(undefined, language),
        log: ctx.log,
      },
      caller,
      requestOf(interaction),
    );
    await reply(interaction, view);
    await followUp();
  },
  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? timeZoneChoices(String(focused.value)) : []);
  },
} satisfies SlashCommand;
