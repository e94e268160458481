import type { AutocompleteInteraction } from 'discord.js';
import type { SuggestKind } from '../src/briefing/views.js';
import { ownValue } from '../src/own.js';
import type { ChartImage, Charts } from '../src/charts/charts.js';
import { cutText } from '../src/discord/render.js';
import type { CommandContext } from '../src/discord/slash-command.js';

export const AUTOCOMPLETE_MAX = 25;

/** Answers an autocomplete from the engine's in-memory suggestions, for the option being typed. */
export async function suggestChoices(
  interaction: AutocompleteInteraction,
  ctx: CommandContext,
  kinds: Readonly<Record<string, SuggestKind>>,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const kind = ownValue(kinds, focused.name);
  const suggestions = kind ? ctx.engine.suggest(kind, String(focused.value), AUTOCOMPLETE_MAX) : [];
  await interaction.respond(
    suggestions
      .filter((s) => s.name.trim() && s.value.trim() && s.value.length <= 100)
      .slice(0, AUTOCOMPLETE_MAX)
      .map((s) => ({ name: cutText(s.name, 100), value: s.value })),
  );
}

/** The chart `make` draws, or null without charts or when drawing fails (logged: the answer goes out without it). */
export async function chartOrNull(ctx: CommandContext, make: (charts: Charts) => Promise<ChartImage | null>): Promise<ChartImage | null> {
  if (!ctx.charts) return null;
  try {
    return await make(ctx.charts);
  } catch (error) {
    ctx.log.warn({ err: String(error) }, 'chart not drawn');
    return null;
  }
}
