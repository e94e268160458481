import { SlashCommandBuilder } from 'discord.js';
import { descriptionLocalizations, descriptionOf, nameLocalizations } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import type { SlashCommand } from './types.js';

export const help = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setNameLocalizations(nameLocalizations('help'))
    .setDescription(descriptionOf('help'))
    .setDescriptionLocalizations(descriptionLocalizations('help')),
  defer: 'never',
  async execute(interaction, ctx) {
    await replyWithView(interaction, await ctx.engine.help(interaction.locale), ctx.views, { ephemeral: true });
  },
} satisfies SlashCommand;
