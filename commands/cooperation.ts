import { SlashCommandBuilder } from 'discord.js';
import { localize } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { resolveArea } from '../src/briefing/engine.js';
import { joined, langOf } from '../src/briefing/lang.js';
import { areaLabelIn } from '../src/briefing/names.js';
import { UserFacingError } from '../src/errors.js';
import { nearestAreas } from '../src/discord/nearest-areas.js';
import { cutText } from '../src/discord/render.js';
import { chartLang } from '../src/charts/strings.js';
import { chartOrNull, suggestChoices } from './shared.js';
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
  validate(interaction) {
    const area = interaction.options.getString('area', true);
    if (resolveArea(area)) return;
    const shown = cutText(area.trim(), 60);
    const labels = nearestAreas(area);
    // The suggestions in the reader's language: 'Bán dẫn, Năng lượng', '半導体、エネルギー'.
    const lang = langOf(interaction.locale);
    const nearest = joined(lang, labels.map((label) => areaLabelIn(label, lang)));
    throw new UserFacingError('UNKNOWN_AREA', `There is no cooperation area “${shown}”. Nearest: ${labels.join(', ')}.`, { area: shown, nearest });
  },
  async execute(interaction, ctx) {
    const area = interaction.options.getString('area', true);
    const [view, chart] = await Promise.all([
      ctx.engine.cooperation(area, interaction.locale),
      chartOrNull(ctx, (c) => c.cooperation(resolveArea(area), chartLang(interaction.locale))),
    ]);
    await replyWithView(interaction, view, ctx.views, { chart });
  },
  autocomplete: (interaction, ctx) => suggestChoices(interaction, ctx, { area: 'area' }),
} satisfies SlashCommand;
