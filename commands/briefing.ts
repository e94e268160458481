import { SlashCommandBuilder } from 'discord.js';
import { localize } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { suggestChoices } from './shared.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

export const briefing = {
  data: localize(new SlashCommandBuilder(), 'briefing')
    .addStringOption((o) =>
      localize(o, 'briefing', 'topic')
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
