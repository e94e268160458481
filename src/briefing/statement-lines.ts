/** Statements as view lines: the sentence in the reader's language with its citation, the quote left to the citation list (once). */
import type { Statement, StatementAct } from '../knowledge/types.js';
import type { CitationList } from './citations.js';
import type { Lang } from './lang.js';
import { statementSentence } from './statement-sentences.js';
import { dayNumber } from './text.js';
import { orderBy } from './order.js';

/** Acts that say what the sides will do or want done first; courtesy last. */
const WEIGHT: Readonly<Record<StatementAct, number>> = {
  agreed: 0, signed: 0, pledged: 1, announced: 1, proposed: 2, 'called-for': 2, affirmed: 3, welcomed: 4,
  invited: 4, thanked: 5, congratulated: 6, condoled: 6,
};

/**
 * "Pham Minh Chinh called on Japan to cooperate on semiconductors [3]." — the marker before the sentence's final
 * stop in every language ("… hợp tác về bán dẫn [3].", "…協力するよう呼びかけた [3]。").
 */
export function statementLine(s: Statement, list: CitationList, lang: Lang = 'en'): string {
  const marker = list.cite(s.evidence, s.at ?? 0);
  const text = lang === 'en' ? s.text : statementSentence(s, lang);
  const stop = /[.。]$/u.exec(text)?.[0];
  return stop ? `${text.slice(0, -1)} ${marker}${stop}` : `${text} ${marker}`;
}

/**
 * Statements most worth showing first: the most substantive (agreements and pledges before courtesy), then newest
 * article first. Sorting every statement of a large corpus costs tens of milliseconds: the engine sorts them once
 * per corpus state (context.ts) and picks from that order.
 */
export function statementOrder(statements: readonly Statement[], published: (document: string) => string | null): Statement[] {
  return Array.from(statementRanking(statements, published), (i) => statements[i]!);
}

/** The positions in `statements` in statementOrder's order (what a knowledge snapshot keeps: briefing/rankings.ts). */
export function statementRanking(statements: readonly Statement[], published: (document: string) => string | null): Uint32Array {
  // Numeric keys computed once per statement (the day as yyyymmdd, missing: 0; newest first), sorted natively
  // (order.ts); a document's day is looked up once for its run of statements.
  const n = statements.length;
  const weight = new Uint8Array(n);
  const day = new Float64Array(n);
  const sentence = new Uint32Array(n);
  let document: string | null = null;
  let documentDay = 0;
  for (let i = 0; i < n; i++) {
    const s = statements[i]!;
    weight[i] = WEIGHT[s.act];
    if (s.evidence.document !== document) {
      document = s.evidence.document;
      documentDay = -dayNumber(published(document));
    }
    day[i] = documentDay;
    sentence[i] = s.evidence.sentence;
  }
  return orderBy(n, [weight, day, sentence]);
}

/** The first `max` statements of `ordered` that `keep` accepts, one English sentence once (several articles often report the same act). */
export function firstDistinct(ordered: Iterable<Statement>, max: number, keep: (s: Statement) => boolean = () => true): Statement[] {
  const pick = distinctPick(max, keep);
  for (const s of ordered) if (pick.take(s)) break;
  return pick.out;
}

/**
 * firstDistinct over statements[positions[0]], statements[positions[1]], …: a plain loop, as a pick with a filter
 * can read most of a ranking of 700,000 statements, and a generator's garbage per statement then costs more than
 * the pick (a heap of a few GB collects it slowly).
 */
export function firstDistinctAt(statements: readonly Statement[], positions: ArrayLike<number>, max: number, keep: (s: Statement) => boolean = () => true): Statement[] {
  const pick = distinctPick(max, keep);
  for (let at = 0; at < positions.length; at++) if (pick.take(statements[positions[at]!]!)) break;
  return pick.out;
}

/** The statements kept, one sentence once, until `max`; take() says when it has them all. */
function distinctPick(max: number, keep: (s: Statement) => boolean): { out: Statement[]; take(s: Statement): boolean } {
  const seen = new Set<string>();
  const out: Statement[] = [];
  return {
    out,
    take(s) {
      if (out.length >= max) return true;
      if (keep(s) && !seen.has(s.text)) {
        seen.add(s.text);
        out.push(s);
      }
      return out.length >= max;
    },
  };
}

/** At most `max` statements worth showing (statementOrder), one sentence once. */
export function notableStatements(statements: readonly Statement[], max: number, published: (document: string) => string | null): Statement[] {
  return firstDistinct(statementOrder(statements, published), max);
}
