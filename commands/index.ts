/** The explicit registry: the router, deploy-commands and the tests import this one array. `/digest` joins it. */
import { ask } from './ask.js';
import { briefing } from './briefing.js';
import { cooperation } from './cooperation.js';
import { digest } from './digest.js';
import { help } from './help.js';
import { meetings } from './meetings.js';
import { sources } from './sources.js';
import { timeline } from './timeline.js';
import type { SlashCommand } from '../src/discord/slash-command.js';

export const commands: readonly SlashCommand[] = [briefing, meetings, cooperation, timeline, ask, sources, digest, help];

export type { SlashCommand, CommandContext } from '../src/discord/slash-command.js';
