import { SlashCommandBuilder } from 'discord.js';
import { descriptionLocalizations, descriptionOf, nameLocalizations } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { suggestChoices } from './shared.js';
import type { SlashCommand } from './types.js';

export const briefing = {
  data: new SlashCommandBuilder()
    .setName('briefing')
    .setNameLocalizations(nameLocalizations('briefing'))
    .setDescription(descriptionOf('briefing'))
    .setDescriptionLocalizations(descriptionLocalizations('briefing'))
    .addStringOption((o) =>
      o
        .setName('topic')
        .setNameLocalizations(nameLocalizations('briefing', 'topic'))
        .setDescription(descriptionOf('briefing', 'topic'))
        .setDescriptionLocalizations(descriptionLocalizations('briefing', 'topic'))
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  defer: 'always',
  async execute(interaction, ctx) {
    const topic = interaction.options.getString('topic') ?? undefined;
    await replyWithView(interaction, await ctx.engine.briefing(topic, interaction.locale), ctx.views);
  },
  autocomplete: (interaction, ctx) => suggestChoices(interaction, ctx, { topic: 'area' }),
} satisfies SlashCommand;
