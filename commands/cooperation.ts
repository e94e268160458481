import { SlashCommandBuilder } from 'discord.js';
import { localize } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { suggestChoices } from './shared.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

export const cooperation = {
  data: localize(new SlashCommandBuilder(), 'cooperation')
    .addStringOption((o) =>
      localize(o, 'cooperation', 'area')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  defer: 'when-model',
  async execute(interaction, ctx) {
    const area = interaction.options.getString('area', true);
    await replyWithView(interaction, await ctx.engine.cooperation(area, interaction.locale), ctx.views);
  },
  autocomplete: (interaction, ctx) => suggestChoices(interaction, ctx, { area: 'area' }),
} satisfies SlashCommand;
