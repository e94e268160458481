/**
 * Direct messages: any question is answered like /ask (same engine), in the language it is written in; a message written like a slash command
 * ("/meetings with:Ishiba") runs that command, with a hint that the picker works in DMs too. A per-user cooldown and the configured
 * question length cap. Only DM channels; bots (including ourselves) are ignored. Needs only the DirectMessages
 * intent and Partials.Channel: bots always see the content of DMs sent to them. With a model-backed engine the
 * answer is sent as soon as text arrives and edited as it streams (at most once a second).
 */
import { ChannelType, type Message } from 'discord.js';
import type { Engine } from '../briefing/views.js';
import { isUserFacingError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RateLimiter } from '../ratelimit.js';
import { t } from './i18n.js';
import { NO_MENTIONS, pageCount, renderNotice, renderView, type RenderedMessage } from './render.js';
import { checkQuestion } from './question.js';
import { errorText } from './router.js';
import { askStreaming, canStream } from './stream.js';
import { dmQuestion, parseDmCommand, runDmCommand } from './dm-command.js';
import { questionLanguage } from '../briefing/answers/intents.js';

/** A long answer is sent as at most this many messages in a DM (no buttons there). */
export const DM_MAX_PAGES = 3;
/** DMs carry no locale: an empty message is answered with the English UI strings; others in the message's language. */
const DM_LOCALE = 'en';

/** The reader's language of a DM: the language the question is written in (Vietnamese, Japanese, else English). */
export function dmLocale(content: string): string {
  return questionLanguage(content);
}

export interface DmDeps {
  /** The engine, or how to get the current one (the live corpus swaps it when articles change). */
  engine: Engine | (() => Engine);
  limiter: RateLimiter;
  questionMaxChars: number;
  log: Logger;
  clock?: () => number;
}

function quiet(message: RenderedMessage) {
  return { ...message, allowedMentions: { ...NO_MENTIONS, repliedUser: false } };
}

export function createDmHandler(deps: DmDeps): (message: Message) => Promise<void> {
  const clock = deps.clock ?? Date.now;
  /** Users told about their cooldown, until when (so a flood gets one notice, not one per message). */
  const notified = new Map<string, number>();
  return async (message) => {
    if (message.author.bot || message.inGuild() || message.channel.type !== ChannelType.DM) return;
    try {
      // The cooldown comes first, so no message — empty, too long or valid — gets more than one reply per window,
      // and a user in cooldown is told once, then ignored until it ends.
      const decision = deps.limiter.dm(message.author.id);
      if (!decision.ok) {
        const until = clock() + decision.retryAfterMs;
        if ((notified.get(message.author.id) ?? 0) > clock()) return;
        notified.set(message.author.id, until);
        const seconds = Math.ceil(decision.retryAfterMs / 1000);
        await message.reply(quiet(renderNotice(t(dmLocale(message.content), 'dm.cooldown', { seconds, at: Math.ceil(until / 1000) }))));
        return;
      }
      notified.delete(message.author.id);
      if (!message.content.trim()) {
        await message.reply(quiet(renderNotice(t(DM_LOCALE, 'dm.empty'))));
        return;
      }
      const engine = typeof deps.engine === 'function' ? deps.engine() : deps.engine;
      const locale = dmLocale(message.content);
      const command = parseDmCommand(message.content);
      if (command) {
        const view = await runDmCommand(engine, command, locale);
        await message.reply(quiet({ ...renderView(view, 0, locale), content: t(locale, 'dm.slashHint', { command: command.name }) }));
        return;
      }
      const question = checkQuestion(dmQuestion(message.content), deps.questionMaxChars);
      await message.channel.sendTyping().catch(() => undefined);
      let first: Message | null = null;
      const send = async (rendered: RenderedMessage): Promise<void> => {
        if (first) await first.edit(quiet(rendered));
        else first = await message.reply(quiet(rendered));
      };
      const view = canStream(engine)
        ? await askStreaming(
            engine,
            question,
            locale,
            (partial) => send(renderView({ ...partial, footer: t(locale, 'stream.writing') }, 0, locale)),
            (full) => send(renderView(full, 0, locale)),
            { onError: (err) => deps.log.warn({ messageId: message.id, err: String(err) }, 'partial dm edit failed') },
          )
        : await engine.ask(question, locale);
      if (!first) await send(renderView(view, 0, locale));
      const pages = Math.min(pageCount(view, locale), DM_MAX_PAGES);
      for (let page = 1; page < pages; page++) await message.channel.send(quiet(renderView(view, page, locale)));
    } catch (error) {
      if (isUserFacingError(error)) deps.log.info({ messageId: message.id, user: message.author.id, code: error.code }, 'dm refused');
      else deps.log.error({ messageId: message.id, user: message.author.id, err: error }, 'dm failed');
      // Refused in the language the message is written in, as its answer would have been.
      await message.reply(quiet(renderNotice(errorText(error, dmLocale(message.content))))).catch((err: unknown) => {
        deps.log.error({ messageId: message.id, err }, 'could not answer the dm');
      });
    }
  };
}
