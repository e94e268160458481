/**
 * interactionCreate → the command, its autocomplete, or a list's buttons; the one error boundary.
 * "Nothing found" is a normal view; a UserFacingError is shown ephemerally (localized by its code); anything else
 * is logged with the interaction id and answered with a generic ephemeral line. Handlers have no try/catch.
 */
import {
  DiscordjsErrorCodes,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { CommandContext, SlashCommand } from './slash-command.js';
import { UserFacingError, isUserFacingError } from '../errors.js';
import type { RateLimiter } from '../ratelimit.js';
import { hasTranslation, t } from './i18n.js';
import { handleViewComponent, parseCustomId } from './pagination.js';
import { NO_MENTIONS, cutText, LIMITS } from './render.js';

export interface RouterDeps {
  commands: readonly SlashCommand[];
  ctx: CommandContext;
  limiter?: RateLimiter;
}

export interface Router {
  handle(interaction: Interaction): Promise<void>;
}

/** discord.js's errors for options the running code does not expect: the registration Discord holds is older or newer. */
const STALE_OPTION_ERRORS: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
]);

/**
 * A STALE_COMMANDS error for an unknown command or an option of the wrong shape (the slash commands registered on
 * Discord no longer match this bot's), else the error as it is.
 */
export function staleRegistration(error: unknown, command: string | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !STALE_OPTION_ERRORS.has(code)) return error;
  const detail = `/${command ?? '?'}: ${(error as Error).message}`;
  return new UserFacingError('STALE_COMMANDS', `The slash commands registered on Discord do not match this bot (${detail}).`, { detail });
}

/** The localized text shown for an error: UserFacingError by code (or its own message), anything else generic. */
export function errorText(error: unknown, locale: string | null | undefined): string {
  if (!isUserFacingError(error)) return t(locale, 'error.INTERNAL');
  const key = `error.${error.code}`;
  return hasTranslation(locale, key) || hasTranslation('en', key) ? t(locale, key as 'error.INTERNAL', error.params) : error.message;
}

function shouldDefer(command: SlashCommand, ctx: CommandContext): boolean {
  const policy = command.defer ?? 'when-model';
  return policy === 'always' || (policy === 'when-model' && ctx.modelBacked);
}

export function createRouter({ commands, ctx, limiter }: RouterDeps): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const { log } = ctx;

  async function runCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    if (!command) {
      const detail = `/${interaction.commandName} is not one of its commands`;
      throw new UserFacingError('STALE_COMMANDS', `The slash commands registered on Discord do not match this bot (${detail}).`, { detail });
    }
    const decision = limiter?.command(interaction.user.id, interaction.guildId);
    if (decision && !decision.ok) {
      throw new UserFacingError('RATE_LIMITED', 'Too many commands, slow down.', {
        seconds: Math.ceil(decision.retryAfterMs / 1000),
      });
    }
    command.validate?.(interaction, ctx);
    if (shouldDefer(command, ctx)) await interaction.deferReply();
    await command.execute(interaction, ctx);
  }

  async function runAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    if (command?.autocomplete) await command.autocomplete(interaction, ctx);
    else await interaction.respond([]);
  }

  async function runComponent(interaction: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const parsed = parseCustomId(interaction.customId);
    if (!parsed) throw new UserFacingError('EXPIRED', 'This list has expired. Run the command again.');
    const command = byName.get(parsed.command);
    if (command?.buttons) await command.buttons(interaction, ctx, parsed);
    else await handleViewComponent(interaction, parsed, ctx.views);
  }

  async function answerError(interaction: Interaction, error: unknown): Promise<void> {
    const where = {
      interactionId: interaction.id,
      command: 'commandName' in interaction ? interaction.commandName : undefined,
      customId: 'customId' in interaction ? interaction.customId : undefined,
      user: interaction.user.id,
      guild: interaction.guildId,
    };
    if (isUserFacingError(error)) log.info({ ...where, code: error.code }, 'user-facing error');
    else log.error({ ...where, err: error }, 'interaction failed');

    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    const content = cutText(errorText(error, interaction.locale), LIMITS.content);
    if (interaction.deferred && !interaction.replied) {
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    } else if (interaction.replied) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  }

  return {
    async handle(interaction) {
      try {
        if (interaction.isChatInputCommand()) await runCommand(interaction);
        else if (interaction.isAutocomplete()) await runAutocomplete(interaction);
        else if (interaction.isButton() || interaction.isStringSelectMenu()) await runComponent(interaction);
      } catch (error) {
        try {
          await answerError(interaction, staleRegistration(error, 'commandName' in interaction ? interaction.commandName : undefined));
        } catch (replyError) {
          log.error({ interactionId: interaction.id, err: replyError }, 'could not answer the error');
        }
      }
    },
  };
}
