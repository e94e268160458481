import { SlashCommandBuilder } from 'discord.js';
import type { MeetingQuery } from '../src/briefing/views.js';
import { localize } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { chartLang } from '../src/charts/strings.js';
import { chartOrNull, suggestChoices } from './shared.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

export const meetings = {
  data: localize(new SlashCommandBuilder(), 'meetings')
    .addStringOption((o) =>
      localize(o, 'meetings', 'with')
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addIntegerOption((o) =>
      localize(o, 'meetings', 'year')
        .setMinValue(1945)
        .setMaxValue(2100),
    )
    .addStringOption((o) =>
      localize(o, 'meetings', 'place')
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  defer: 'when-model',
  async execute(interaction, ctx) {
    const query: MeetingQuery = {};
    const withWhom = interaction.options.getString('with');
    const year = interaction.options.getInteger('year');
    const place = interaction.options.getString('place');
    if (withWhom) query.with = withWhom;
    if (year !== null) query.year = year;
    if (place) query.place = place;
    // Who they met, drawn when `with` names someone with enough meetings (src/charts/counterparts.ts decides).
    const [view, chart] = await Promise.all([
      ctx.engine.meetings(query, interaction.locale),
      query.with ? chartOrNull(ctx, (c) => c.meetings(query, chartLang(interaction.locale))) : null,
    ]);
    await replyWithView(interaction, view, ctx.views, { chart });
  },
  autocomplete: (interaction, ctx) => suggestChoices(interaction, ctx, { with: 'with', place: 'place' }),
} satisfies SlashCommand;
