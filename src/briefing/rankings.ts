/**
 * The engine's rankings of a whole knowledge: every statement in the order worth showing (statement-lines.ts) and
 * the meetings by what is known of their dates (meeting-dates.ts). Computing them is most of a first briefing at
 * 100,000 articles (about a second), so a knowledge snapshot keeps them, as positions, beside the knowledge they rank,
 * and an engine built over that very knowledge takes them instead of ranking again.
 */
import type { Knowledge } from '../knowledge/types.js';
import { knownDateRanking } from './meeting-dates.js';
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

/** The rankings of `knowledge` (as the engine computes them on first use). */
export function rankingsOf(knowledge: Knowledge): Rankings {
  const published = new Map(knowledge.documents.map((d) => [d.id, d.published ?? null]));
  const statements = statementRanking(knowledge.statements ?? [], (id) => published.get(id) ?? null);
  return { statements, ...knownDateRanking(knowledge.meetings) };
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
  return { knowledge, statements: rankings.statements, dated: rankings.dated, undated: rankings.undated };
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
