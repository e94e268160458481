/**
 * Scores extracted statements against labels (rules: shared/STATEMENTS.md), as `score-statements.mjs` does: same
 * document, same act, matching actor (a person by name token set; a side by the predicted actor's country; 'VN+JP'
 * by a joint actor or either side's) and matching sentence (the labeled text occurs in the quote, or covers ≥ 60 %
 * of it). Greedy and one-to-one; repeated predictions count once.
 */
import type { Statement } from './types.js';
import { normalizeName } from './people.js';
import { score, type Score } from './evaluate.js';

export interface LabeledStatement {
  sentence_text: string;
  /** A person 'Family Given', or 'VN', 'JP', 'VN+JP'. */
  actor: string;
  act: string;
  addressee?: string | null;
  areas?: string[];
}

/** Precision, recall and F1 (the shape of the meeting scores). */
export type StatementScore = Score;

export interface StatementEvaluation {
  overall: StatementScore;
  /** By act, for the acts that occur in labels or predictions. */
  acts: Record<string, StatementScore>;
  misses: string[];
  falseFinds: string[];
}

/** Sentence overlap needed when the labeled text does not occur whole in the quote. */
const MIN_COVER = 0.6;

const tokens = (name: string): string => normalizeName(name).split(/[\s-]+/).filter(Boolean).sort().join(' ');
const squash = (text: string): string => text.normalize('NFKC').replace(/\s+/g, ' ').trim();
const isSide = (actor: string): boolean => /^(VN|JP|VN\+JP|JP\+VN)$/.test(actor);

function sameSentence(label: string, quote: string): boolean {
  const l = squash(label);
  const q = squash(quote);
  if (!l || !q) return false;
  return q.includes(l) || (l.includes(q.slice(0, Math.ceil(q.length * MIN_COVER))));
}

function sameActor(label: string, s: Statement): boolean {
  if (!isSide(label)) return s.actor.name !== null && tokens(s.actor.name) === tokens(label);
  if (label.includes('+')) return s.actor.country === 'VN+JP' || s.actor.country === 'VN' || s.actor.country === 'JP';
  return s.actor.country === label;
}

/**
 * Scores `statements` (with their quotes' text resolved by `quoteOf`) against labeled statements per document.
 */
export function evaluateStatements(
  statements: readonly Statement[],
  labels: ReadonlyMap<string, readonly LabeledStatement[]>,
  quoteOf: (s: Statement) => string,
): StatementEvaluation {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (act: string) => counts.get(act) ?? (counts.set(act, { tp: 0, fp: 0, fn: 0 }), counts.get(act)!);
  const misses: string[] = [];
  const falseFinds: string[] = [];
  for (const [document, labeled] of labels) {
    const seen = new Set<string>();
    const predicted = statements.filter((s) => {
      if (s.evidence.document !== document) return false;
      const key = `${s.act}|${s.actor.name ?? ''}|${s.actor.country ?? ''}|${s.evidence.sentence}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const used = new Set<number>();
    for (const g of labeled) {
      const at = predicted.findIndex((s, i) => !used.has(i) && s.act === g.act && sameActor(g.actor, s) && sameSentence(g.sentence_text, quoteOf(s)));
      if (at >= 0) {
        used.add(at);
        count(g.act).tp++;
      } else {
        count(g.act).fn++;
        misses.push(`${document}: ${g.act} ${g.actor} — "${g.sentence_text.slice(0, 80)}"`);
      }
    }
    for (const [i, s] of predicted.entries()) {
      if (used.has(i)) continue;
      count(s.act).fp++;
      falseFinds.push(`${document}: ${s.act} ${s.actor.name ?? s.actor.country} — "${quoteOf(s).slice(0, 80)}"`);
    }
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const acts: Record<string, StatementScore> = {};
  for (const [act, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    acts[act] = score(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { overall: score(tp, fp, fn), acts, misses, falseFinds };
}
