/** Statements as view lines: the sentence in the reader's language with its citation, the quote left to the citation list (once). */
import type { Statement, StatementAct } from '../knowledge/types.js';
import type { CitationList } from './citations.js';
import type { Lang } from './lang.js';
import { statementSentence } from './statement-sentences.js';

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
 * At most `max` statements worth showing, the most substantive first (agreements and pledges before courtesy), then
 * newest article first; one English sentence once (several articles often report the same act).
 */
export function notableStatements(statements: readonly Statement[], max: number, published: (document: string) => string | null): Statement[] {
  const seen = new Set<string>();
  return [...statements]
    .sort((a, b) => WEIGHT[a.act] - WEIGHT[b.act]
      || (published(b.evidence.document) ?? '').localeCompare(published(a.evidence.document) ?? '')
      || a.evidence.sentence - b.evidence.sentence)
    .filter((s) => {
      if (seen.has(s.text)) return false;
      seen.add(s.text);
      return true;
    })
    .slice(0, max);
}
