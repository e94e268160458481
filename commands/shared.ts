import type { AutocompleteInteraction } from 'discord.js';
import type { SuggestKind } from '../src/briefing/views.js';
import { ownValue } from '../src/own.js';
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
