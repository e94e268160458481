import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { TimelineQuery } from '../src/briefing/views.js';
import { UserFacingError } from '../src/errors.js';
import { localize, nameLocalizations, resolveLocale, t } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { chartLang } from '../src/charts/strings.js';
import { chartOrNull } from './shared.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** An option's name as the reader's Discord shows it ('from', 'từ', '開始'). */
function optionName(option: 'from' | 'to', locale: string): string {
  const lang = resolveLocale(locale);
  return lang === 'en' ? option : nameLocalizations('timeline', option)[lang];
}

function partialDate(option: 'from' | 'to', value: string | null, locale: string): string | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (!PARTIAL_DATE.test(trimmed)) {
    throw new UserFacingError('INVALID_INPUT', t(locale, 'timeline.dateFormat', { option: optionName(option, locale) }));
  }
  return trimmed;
}

/** The range the options ask for; throws INVALID_INPUT for a malformed date or a range that runs backwards. */
function queryOf(interaction: ChatInputCommandInteraction): TimelineQuery {
  const query: TimelineQuery = {};
  const { locale } = interaction;
  const from = partialDate('from', interaction.options.getString('from'), locale);
  const to = partialDate('to', interaction.options.getString('to'), locale);
  if (from) query.from = from;
  if (to) query.to = to;
  if (from && to && from.localeCompare(to) > 0) {
    throw new UserFacingError('INVALID_INPUT', t(locale, 'timeline.dateOrder', { from: optionName('from', locale), to: optionName('to', locale) }));
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
