import { SlashCommandBuilder } from 'discord.js';
import { localize } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { suggestChoices } from './shared.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

export const sources = {
  data: localize(new SlashCommandBuilder(), 'sources')
    .addStringOption((o) =>
      localize(o, 'sources', 'id')
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
