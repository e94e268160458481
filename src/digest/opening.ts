/**
 * The first post of a new subscription: a short state-of-the-relationship briefing (the briefing's sections, a few
 * lines each), with the schedule in words. A new subscription counts every current article as sent, so without it
 * the first scheduled digest could only say "nothing new".
 */
import type { View } from '../briefing/views.js';
import { scheduleInWords } from '../scheduler/words.js';
import { langOf, say } from '../briefing/lang.js';
import { relationshipIn } from '../briefing/names.js';
import { RELATIONSHIP } from '../knowledge/relationship.js';

/** Lines kept per section of the briefing. */
export const OPENING_LINES = 3;

/**
 * The opening post for a subscription on `cron` in `timezone`, from the current briefing (already in the
 * subscription's `language`), with the schedule in words in that language (scheduler/words.ts).
 */
export function openingView(briefing: View, schedule: { cron: string; timezone: string; language?: string }): View {
  const lang = langOf(schedule.language);
  const sections = briefing.sections.map((s) => ({ ...s, lines: s.lines.slice(0, OPENING_LINES) })).filter((s) => s.lines.length > 0);
  const cited = new Set(sections.flatMap((s) => s.lines.flatMap((l) => [...l.matchAll(/\[(\d{1,4})\]/g)].map((m) => Number(m[1])))));
  return {
    ...briefing,
    kind: 'digest',
    title: say(lang, 'digest.openingTitle', { relationship: relationshipIn(RELATIONSHIP.label, lang) }),
    intro: say(lang, 'digest.openingIntro', { schedule: scheduleInWords(schedule.cron, schedule.timezone, lang) }),
    sections,
    items: [],
    citations: briefing.citations.filter((c) => cited.has(c.n)),
  };
}
