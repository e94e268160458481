/**
 * The engine's rankings of a whole knowledge: every statement in the order worth showing (statement-lines.ts) and
 * the meetings by what is known of their dates (meeting-dates.ts). Computing them is most of a first briefing at
 * 100,000 articles (about a second), so a knowledge snapshot keeps them, as positions, beside the knowledge they rank,
 * and an engine built over that very knowledge takes them instead of ranking again.
 */
import type { Knowledge, Meeting } from '../knowledge/types.js';
import { knownDateRanking, type dateBounds } from './meeting-dates.js';
import { statementRanking } from './statement-lines.js';

export interface Rankings {
  /** Positions in knowledge.statements, most worth showing first. */
  statements: Uint32Array;
  /** Positions in knowledge.meetings: the dated ones newest first by what is known, and the undated. */
  dated: Uint32Array;
  undated: Uint32Array;
}

/** Rankings together with the knowledge they rank: an engine uses them only over that very object. */
export interface EngineRankings extends Rankings {
  knowledge: Knowledge;
}

/**
 * The rankings made (or kept) for each knowledge object, each part once: the engine's first use and the snapshot
 * written of the same knowledge rank it once between them (a second of the event loop at 100,000 articles). A
 * knowledge handed out never changes (the assembler copies what it changes), so its rankings stay right.
 */
const made = new WeakMap<Knowledge, { statements?: Uint32Array; meetings?: Pick<Rankings, 'dated' | 'undated'> }>();
const partsOf = (knowledge: Knowledge) => {
  let parts = made.get(knowledge);
  if (!parts) made.set(knowledge, (parts = {}));
  return parts;
};

/** Positions in knowledge.statements, most worth showing first (statement-lines.ts statementOrder). */
export function statementRankingOf(knowledge: Knowledge): Uint32Array {
  const parts = partsOf(knowledge);
  if (!parts.statements) {
    const published = new Map(knowledge.documents.map((d) => [d.id, d.published ?? null]));
    parts.statements = statementRanking(knowledge.statements ?? [], (id) => published.get(id) ?? null);
  }
  return parts.statements;
}

/** Positions in knowledge.meetings by known date (meeting-dates.ts byKnownDate); `boundsOf`: the caller's memo of dateBounds. */
export function meetingRankingOf(knowledge: Knowledge, boundsOf?: (m: Meeting) => ReturnType<typeof dateBounds>): Pick<Rankings, 'dated' | 'undated'> {
  const parts = partsOf(knowledge);
  return (parts.meetings ??= knownDateRanking(knowledge.meetings, boundsOf));
}

/** The rankings of `knowledge` (as the engine computes them on first use, and shared with it). */
export function rankingsOf(knowledge: Knowledge): Rankings {
  return { statements: statementRankingOf(knowledge), ...meetingRankingOf(knowledge) };
}

/**
 * `rankings` if they fit `knowledge` (one position per statement and per meeting), else undefined: rankings read
 * from a file are checked before an engine trusts them.
 */
export function rankingsFor(knowledge: Knowledge, rankings: Rankings): EngineRankings | undefined {
  const statements = knowledge.statements?.length ?? 0;
  const meetings = knowledge.meetings.length;
  if (rankings.statements.length !== statements || rankings.dated.length + rankings.undated.length !== meetings) return undefined;
  if (!coversOnce([rankings.statements], statements) || !coversOnce([rankings.dated, rankings.undated], meetings)) return undefined;
  const fitting = { knowledge, statements: rankings.statements, dated: rankings.dated, undated: rankings.undated };
  keepRankings(fitting);
  return fitting;
}

/** Takes `rankings` as those of their knowledge (checked by rankingsFor, or given to an engine as such). */
export function keepRankings(rankings: EngineRankings): void {
  const parts = partsOf(rankings.knowledge);
  parts.statements ??= rankings.statements;
  parts.meetings ??= { dated: rankings.dated, undated: rankings.undated };
}

/** True when `lists` together hold each of 0 … n − 1 exactly once (their lengths add up to n). */
function coversOnce(lists: readonly Uint32Array[], n: number): boolean {
  const seen = new Uint8Array(n);
  for (const list of lists) {
    for (const i of list) {
      if (i >= n || seen[i]) return false;
      seen[i] = 1;
    }
  }
  return true;
}
