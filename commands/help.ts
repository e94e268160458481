import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { View } from '../src/briefing/views.js';
import { localize, t } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import type { CommandContext, SlashCommand } from '../src/discord/slash-command.js';

/** For members who can manage the server: the model's daily token budget left, when a model is configured. */
async function withBudget(view: View, ctx: CommandContext, locale: string): Promise<View> {
  if (!ctx.budgetLeft) return view;
  const left = await ctx.budgetLeft().catch((err: unknown) => {
    ctx.log.warn({ err: String(err) }, 'budget unreadable');
    return undefined;
  });
  if (left === undefined) return view;
  const model = ctx.config.openai.model;
  const line = left === null ? t(locale, 'help.budgetUnlimited', { model }) : t(locale, 'help.budget', { tokens: left.toLocaleString('en-US'), model });
  return { ...view, sections: [...view.sections, { heading: t(locale, 'help.model'), lines: [line] }] };
}

export const help = {
  data: localize(new SlashCommandBuilder(), 'help'),
  defer: 'never',
  async execute(interaction, ctx) {
    const locale = interaction.locale;
    let view = await ctx.engine.help(locale);
    if (interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) view = await withBudget(view, ctx, locale);
    await replyWithView(interaction, view, ctx.views, { ephemeral: true });
  },
} satisfies SlashCommand;
