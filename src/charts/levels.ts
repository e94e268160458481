/**
 * The level of a meeting (leaders, ministers, parliament, other), from its participants' roles: the role the text
 * gives, else the office the registry says the person held on the meeting's date. Patterns are data: data/levels.json.
 */
import data from './data/levels.json' with { type: 'json' };
import type { Meeting, Participant } from '../knowledge/types.js';
import { officeAt, personById } from '../knowledge/people.js';
import { ct, type ChartLang } from './strings.js';

export type Level = 'leaders' | 'ministers' | 'parliament' | 'other';

/** The order the legend shows levels in. */
export const LEVELS: readonly Level[] = data.legend as Level[];
const RANK: readonly Level[] = data.rank as Level[];
const TESTS: ReadonlyArray<{ level: Level; patterns: RegExp[] }> = (data.test as Level[]).map((level) => ({
  level,
  patterns: (Object.hasOwn(data.patterns, level) ? data.patterns[level as keyof typeof data.patterns] : []).map((p) => new RegExp(p, 'u')),
}));
export const LEVEL_COLORS: Readonly<Record<Level, string>> = data.colors;

/** A level's legend label in `lang` ('Leaders', 'Lãnh đạo', '首脳'). */
export function levelLabel(level: Level, lang: ChartLang = 'en'): string {
  return ct(lang, `level.${level}`);
}

/** The level a role belongs to: levelOfRole('Chairman of the National Assembly') === 'parliament'. */
export function levelOfRole(role: string | null): Level {
  if (!role) return 'other';
  const lower = role.toLowerCase().trim();
  return TESTS.find((t) => t.patterns.some((p) => p.test(lower)))?.level ?? 'other';
}

function roleOf(p: Participant, date: string | null): string | null {
  if (p.role) return p.role;
  const person = p.personId ? personById(p.personId) : undefined;
  return person && date ? officeAt(person, date)?.role ?? null : null;
}

/** The level of a meeting: that of its highest participant (leaders, then parliament, then ministers). */
export function meetingLevel(meeting: Pick<Meeting, 'participants' | 'date'>): Level {
  let best = RANK.length - 1;
  for (const p of meeting.participants) best = Math.min(best, RANK.indexOf(levelOfRole(roleOf(p, meeting.date))));
  return RANK[best] ?? 'other';
}
