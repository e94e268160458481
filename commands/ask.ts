import { SlashCommandBuilder } from 'discord.js';
import { localize, t } from '../src/discord/i18n.js';
import { replyWithView } from '../src/discord/pagination.js';
import { renderView } from '../src/discord/render.js';
import { askStreaming, canStream } from '../src/discord/stream.js';
import { checkQuestion } from '../src/discord/question.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

/** Discord's own cap on the option; deploy-commands registers the configured QUESTION_MAX_CHARS (≤ 4000) instead, and validate checks it. */
const OPTION_MAX = 4000;

export const ask = {
  data: localize(new SlashCommandBuilder(), 'ask')
    .addStringOption((o) =>
      localize(o, 'ask', 'question')
        .setRequired(true)
        .setMinLength(2)
        .setMaxLength(OPTION_MAX),
    ),
  defer: 'always',
  validate(interaction, ctx) {
    checkQuestion(interaction.options.getString('question', true), ctx.config.limits.questionMaxChars);
  },
  async execute(interaction, ctx) {
    const question = checkQuestion(interaction.options.getString('question', true), ctx.config.limits.questionMaxChars);
    const { engine } = ctx;
    const locale = interaction.locale;
    if (!canStream(engine)) {
      await replyWithView(interaction, await engine.ask(question, locale), ctx.views);
      return;
    }
    // Deferred by the router ('always'): the reply is edited as verified text streams in, then once with the full view.
    await askStreaming(
      engine,
      question,
      locale,
      (partial) => interaction.editReply(renderView({ ...partial, footer: t(locale, 'stream.writing') }, 0, locale)),
      (view) => replyWithView(interaction, view, ctx.views),
      { onError: (err) => ctx.log.warn({ interactionId: interaction.id, err: String(err) }, 'partial edit failed') },
    );
  },
} satisfies SlashCommand;
