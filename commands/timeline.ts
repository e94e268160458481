import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { TimelineQuery } from '../src/briefing/views.js';
import { UserFacingError } from '../src/errors.js';
import { localize } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { chartLang } from '../src/charts/strings.js';
import { chartOrNull } from './shared.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function partialDate(option: 'from' | 'to', value: string | null): string | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (!PARTIAL_DATE.test(trimmed)) {
    throw new UserFacingError('INVALID_INPUT', `\`${option}\` must look like 2024, 2024-11 or 2024-11-16.`);
  }
  return trimmed;
}

/** The range the options ask for; throws INVALID_INPUT for a malformed date or a range that runs backwards. */
function queryOf(interaction: ChatInputCommandInteraction): TimelineQuery {
  const query: TimelineQuery = {};
  const from = partialDate('from', interaction.options.getString('from'));
  const to = partialDate('to', interaction.options.getString('to'));
  if (from) query.from = from;
  if (to) query.to = to;
  if (from && to && from.localeCompare(to) > 0) {
    throw new UserFacingError('INVALID_INPUT', '`from` must not be after `to`.');
  }
  return query;
}

export const timeline = {
  data: localize(new SlashCommandBuilder(), 'timeline')
    .addStringOption((o) =>
      localize(o, 'timeline', 'from')
        .setMaxLength(10),
    )
    .addStringOption((o) =>
      localize(o, 'timeline', 'to')
        .setMaxLength(10),
    ),
  defer: 'when-model',
  validate: (interaction) => void queryOf(interaction),
  async execute(interaction, ctx) {
    const query = queryOf(interaction);
    const [view, chart] = await Promise.all([ctx.engine.timeline(query, interaction.locale), chartOrNull(ctx, (c) => c.timeline(query, chartLang(interaction.locale)))]);
    await replyWithView(interaction, view, ctx.views, { chart });
  },
} satisfies SlashCommand;
