/**
 * A removal takes apart the meetings the article reported and merges their other reports again. Those reports come
 * before, in file order, meetings first reported later: a full assembly without the article never saw those meetings
 * when it merged them. The assembler merges them again in file order, keeps them out of meetings first reported in a
 * later file, and on a tie prefers the meeting first reported earliest (the one a full assembly creates first).
 */
import { describe, expect, it } from 'vitest';
import { createAssembler } from '../../src/knowledge/assembler.js';
import type { DocumentFacts } from '../../src/knowledge/extract.js';
import type { Participant } from '../../src/knowledge/types.js';

const VN: Participant = { name: 'Lan Tran', role: 'minister', country: 'Vietnam', personId: null };
const JP: Participant = { name: 'Ken Sato', role: 'minister', country: 'Japan', personId: null };

/** An article (its file named by `id`) reporting a talk between the two ministers on each given day of May 2024. */
function article(id: string, ...days: number[]): DocumentFacts {
  return {
    info: { id, file: `${id}.txt`, lang: 'en', title: null, outlet: null, published: null, source: null, sentences: days.length, warnings: [], areas: [] },
    meetings: days.map((day, i) => ({
      document: id, kind: 'talks', participants: [VN, JP], date: { year: 2024, month: 5, day }, place: null, country: null, occasion: null,
      sentences: [i], areas: [], evidence: [{ document: id, sentence: i + 1, text: '', lang: 'en' }],
    })),
    plans: [], areaMentions: [], figures: [], concepts: {},
  };
}

/** Each meeting as the sentences that report it ("c:2": article c's second sentence), in the order the knowledge lists them. */
const grouped = (facts: DocumentFacts[]) => {
  const assembler = createAssembler(facts);
  return { assembler, groups: () => assembler.knowledge().meetings.map((m) => m.sources.map((e) => `${e.document}:${e.sentence}`).join('+')) };
};

describe('reports merged again after a removal', () => {
  it('do not join a meeting first reported after them, which a full assembly had not made yet', () => {
    // c reports two talks of the same day (an article's own reports never merge): one joins a+b, the other starts its own.
    const facts = [article('a', 10), article('b', 10), article('c', 10, 10)];
    const live = grouped(facts.map((f) => ({ ...f })));
    expect(live.groups().sort()).toEqual(['a:1+b:1+c:1', 'c:2']);
    live.assembler.remove('a');
    // Without a, b comes first: c's first talk joins b's meeting, as in a full assembly; b did not join c's other talk.
    const full = grouped(facts.slice(1).map((f) => ({ ...f })));
    expect(live.groups()).toEqual(full.groups());
    expect(full.groups().sort()).toEqual(['b:1+c:1', 'c:2']);
  });

  it('join, of two meetings they fit equally, the one first reported earliest, as a full assembly does', () => {
    // d's first talk joins a+b, its second starts a meeting of its own. a's removal merges b, d's first talk and e
    // again: e then fits both b's new meeting and the older one of d's second talk, and joins b's, as without a.
    const facts = [article('a', 10), article('b', 10), article('d', 10, 10), article('e', 10)];
    const live = grouped(facts.map((f) => ({ ...f })));
    live.assembler.remove('a');
    const full = grouped(facts.filter((f) => f.info.id !== 'a').map((f) => ({ ...f })));
    expect(live.groups()).toEqual(full.groups());
  });
});
