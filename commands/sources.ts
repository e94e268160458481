import { SlashCommandBuilder } from 'discord.js';
import { descriptionLocalizations, descriptionOf, nameLocalizations } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { suggestChoices } from './shared.js';
import type { SlashCommand } from './types.js';

export const sources = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setNameLocalizations(nameLocalizations('sources'))
    .setDescription(descriptionOf('sources'))
    .setDescriptionLocalizations(descriptionLocalizations('sources'))
    .addStringOption((o) =>
      o
        .setName('id')
        .setNameLocalizations(nameLocalizations('sources', 'id'))
        .setDescription(descriptionOf('sources', 'id'))
        .setDescriptionLocalizations(descriptionLocalizations('sources', 'id'))
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  defer: 'when-model',
  async execute(interaction, ctx) {
    const id = interaction.options.getString('id') ?? undefined;
    await replyWithView(interaction, await ctx.engine.sources(id, interaction.locale), ctx.views);
  },
  autocomplete: (interaction, ctx) => suggestChoices(interaction, ctx, { id: 'source' }),
} satisfies SlashCommand;
