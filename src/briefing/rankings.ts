/**
 * The engine's rankings of a whole knowledge: every statement in the order worth showing (statement-lines.ts), the
 * meetings by what is known of their dates (meeting-dates.ts), the key figures and each area's article count.
 * Computing them is most of a first briefing at 100,000 articles (about a second), so a knowledge snapshot keeps
 * them, as positions and counts, beside the knowledge they rank, and an engine built over that very knowledge takes
 * them instead of ranking again.
 */
import type { Evidence, Figure, Knowledge, Meeting } from '../knowledge/types.js';
import { knownDateRanking, type dateBounds } from './meeting-dates.js';
import { statementRanking } from './statement-lines.js';
import { compareIso, firstInOrder } from './text.js';

/** Figures a briefing shows. */
export const KEY_FIGURES = 5;

export interface Rankings {
  /** Positions in knowledge.statements, most worth showing first. */
  statements: Uint32Array;
  /** Positions in knowledge.meetings: the dated ones newest first by what is known, and the undated. */
  dated: Uint32Array;
  undated: Uint32Array;
  /** Positions in knowledge.figures of the key figures, first first (absent in snapshots written before them). */
  keyFigures?: Uint32Array;
  /** Per area of knowledge.areas, how many articles name it (absent in snapshots written before them). */
  areaArticles?: Uint32Array;
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
const made = new WeakMap<Knowledge, {
  statements?: Uint32Array; meetings?: Pick<Rankings, 'dated' | 'undated'>; keyFigures?: Uint32Array; areaArticles?: Uint32Array;
  published?: (document: string) => string | null;
}>();
const partsOf = (knowledge: Knowledge) => {
  let parts = made.get(knowledge);
  if (!parts) made.set(knowledge, (parts = {}));
  return parts;
};

/** Each document's publication date, by id. */
function publishedOf(knowledge: Knowledge): (document: string) => string | null {
  const parts = partsOf(knowledge);
  if (!parts.published) {
    const published = new Map(knowledge.documents.map((d) => [d.id, d.published ?? null]));
    parts.published = (id) => published.get(id) ?? null;
  }
  return parts.published;
}

/** Positions in knowledge.statements, most worth showing first (statement-lines.ts statementOrder). */
export function statementRankingOf(knowledge: Knowledge): Uint32Array {
  const parts = partsOf(knowledge);
  return (parts.statements ??= statementRanking(knowledge.statements ?? [], publishedOf(knowledge)));
}

/**
 * Positions in knowledge.figures of the KEY_FIGURES figures a briefing shows: those that say what they measure (a
 * percentage without what it is a share of is not shown: the extraction does not say), newest article first, money
 * before other units, larger sums first.
 */
export function keyFigureRankingOf(knowledge: Knowledge): Uint32Array {
  const parts = partsOf(knowledge);
  if (!parts.keyFigures) {
    const published = publishedOf(knowledge);
    const money = (f: Figure) => (f.unit && /^[A-Z]{3}$/.test(f.unit) ? 1 : 0);
    const order = (a: number, b: number) => {
      const fa = knowledge.figures[a]!;
      const fb = knowledge.figures[b]!;
      return compareIso(published(fb.evidence.document) ?? '', published(fa.evidence.document) ?? '') ||
        money(fb) - money(fa) || (money(fa) ? fb.value - fa.value : 0) || a - b;
    };
    const candidates: number[] = [];
    knowledge.figures.forEach((f, i) => {
      if (f.measure && f.unit !== '%') candidates.push(i);
    });
    // The first few in that order, picked without sorting every figure of the corpus.
    parts.keyFigures = Uint32Array.from(firstInOrder(candidates, KEY_FIGURES, order));
  }
  return parts.keyFigures;
}

/** Per area of knowledge.areas, how many articles name it (its mentions are in document order). */
export function areaArticleCountsOf(knowledge: Knowledge): Uint32Array {
  const parts = partsOf(knowledge);
  return (parts.areaArticles ??= Uint32Array.from(knowledge.areas, (a) => documentRuns(a.mentions)));
}

/**
 * How many documents an area's mentions cite: they are in document order, so each document is one run of the list,
 * counted where the document changes (no Set of 100,000 ids per area).
 */
function documentRuns(mentions: readonly Evidence[]): number {
  let count = 0;
  for (let i = 0; i < mentions.length; i++) if (i === 0 || mentions[i]!.document !== mentions[i - 1]!.document) count++;
  return count;
}

/** Positions in knowledge.meetings by known date (meeting-dates.ts byKnownDate); `boundsOf`: the caller's memo of dateBounds. */
export function meetingRankingOf(knowledge: Knowledge, boundsOf?: (m: Meeting) => ReturnType<typeof dateBounds>): Pick<Rankings, 'dated' | 'undated'> {
  const parts = partsOf(knowledge);
  return (parts.meetings ??= knownDateRanking(knowledge.meetings, boundsOf));
}

/** The rankings of `knowledge` (as the engine computes them on first use, and shared with it). */
export function rankingsOf(knowledge: Knowledge): Rankings {
  return {
    statements: statementRankingOf(knowledge), ...meetingRankingOf(knowledge), keyFigures: keyFigureRankingOf(knowledge),
    areaArticles: areaArticleCountsOf(knowledge),
  };
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
  const fitting: EngineRankings = { knowledge, statements: rankings.statements, dated: rankings.dated, undated: rankings.undated };
  // The parts added later are taken only when they fit too (else computed on first use).
  const { keyFigures, areaArticles } = rankings;
  if (keyFigures instanceof Uint32Array && keyFigures.length <= KEY_FIGURES && keyFigures.every((i) => i < knowledge.figures.length)) fitting.keyFigures = keyFigures;
  if (areaArticles instanceof Uint32Array && areaArticles.length === knowledge.areas.length) fitting.areaArticles = areaArticles;
  keepRankings(fitting);
  return fitting;
}

/** Takes `rankings` as those of their knowledge (checked by rankingsFor, or given to an engine as such). */
export function keepRankings(rankings: EngineRankings): void {
  const parts = partsOf(rankings.knowledge);
  parts.statements ??= rankings.statements;
  parts.meetings ??= { dated: rankings.dated, undated: rankings.undated };
  if (rankings.keyFigures) parts.keyFigures ??= rankings.keyFigures;
  if (rankings.areaArticles) parts.areaArticles ??= rankings.areaArticles;
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
