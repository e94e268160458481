import { SlashCommandBuilder } from 'discord.js';
import { descriptionLocalizations, descriptionOf, nameLocalizations } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { resolveArea } from '../src/briefing/engine.js';
import { chartOrNull, suggestChoices } from './shared.js';
import type { SlashCommand } from './types.js';

export const cooperation = {
  data: new SlashCommandBuilder()
    .setName('cooperation')
    .setNameLocalizations(nameLocalizations('cooperation'))
    .setDescription(descriptionOf('cooperation'))
    .setDescriptionLocalizations(descriptionLocalizations('cooperation'))
    .addStringOption((o) =>
      o
        .setName('area')
        .setNameLocalizations(nameLocalizations('cooperation', 'area'))
        .setDescription(descriptionOf('cooperation', 'area'))
        .setDescriptionLocalizations(descriptionLocalizations('cooperation', 'area'))
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  defer: 'when-model',
  async execute(interaction, ctx) {
    const area = interaction.options.getString('area', true);
    const [view, chart] = await Promise.all([
      ctx.engine.cooperation(area, interaction.locale),
      chartOrNull(ctx, (c) => c.cooperation(resolveArea(area))),
    ]);
    await replyWithView(interaction, view, ctx.views, { chart });
  },
  autocomplete: (interaction, ctx) => suggestChoices(interaction, ctx, { area: 'area' }),
} satisfies SlashCommand;
