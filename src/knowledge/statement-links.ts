/** Statements of assembled knowledge: each document's statements with the id of the merged meeting they belong to. */
import type { Statement } from './types.js';
import type { DocumentStatement } from './statements.js';
import { statementText } from './statement-text.js';

/** One document's statements and the meetings their `meetingIndex` refers to. */
export interface StatementSource<M> {
  statements?: readonly DocumentStatement[] | undefined;
  meetings: readonly M[];
}

/**
 * One string per English sentence: many articles report the same act in the same words once composed ("Vietnam and
 * Japan agreed to cooperate on energy."), and a large corpus holds hundreds of thousands of statements. Bounded;
 * clearing it changes no value.
 */
const texts = new Map<string, string>();
function shared(text: string): string {
  const known = texts.get(text);
  if (known !== undefined) return known;
  if (texts.size >= 100_000) texts.clear();
  texts.set(text, text);
  return text;
}

/**
 * Statements in document order. `meetingIdOf` gives the merged meeting id of a document meeting (null when it is no
 * longer part of one).
 */
export function statementsOfDocuments<M>(sources: Iterable<StatementSource<M>>, meetingIdOf: (meeting: M) => string | null): Statement[] {
  const out: Statement[] = [];
  for (const { statements, meetings } of sources) {
    for (const s of statements ?? []) {
      const m = s.meetingIndex === null ? undefined : meetings[s.meetingIndex];
      out.push({
        actor: s.actor, act: s.act, addressee: s.addressee, areas: s.areas, object: s.object,
        meeting: m === undefined ? null : meetingIdOf(m),
        evidence: s.evidence,
        text: shared(statementText(s)),
        at: s.at,
      });
    }
  }
  return out;
}
