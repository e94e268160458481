/**
 * release() lets go of what an assembler keeps for later changes (a cold start does it before writing its snapshot):
 * the knowledge it handed out before stays whole, and the assembler refuses to be used again rather than answer from
 * state it no longer has.
 */
import { describe, expect, it } from 'vitest';
import { createAssembler } from '../../src/knowledge/assembler.js';
import type { DocumentFacts } from '../../src/knowledge/extract.js';
import type { Participant } from '../../src/knowledge/types.js';

const VN: Participant = { name: 'Lan Tran', role: 'minister', country: 'Vietnam', personId: null };
const JP: Participant = { name: 'Ken Sato', role: 'minister', country: 'Japan', personId: null };

/** An article reporting talks between the two ministers on `day` May 2024, with one plan. */
function article(id: string, day = 10): DocumentFacts {
  return {
    info: { id, file: `${id}.txt`, lang: 'en', title: null, outlet: null, published: null, source: null, sentences: 2, warnings: [], areas: [] },
    meetings: [{
      document: id, kind: 'talks', participants: [VN, JP], date: { year: 2024, month: 5, day }, place: null, country: null, occasion: null,
      sentences: [0], areas: [], evidence: [{ document: id, sentence: 1, text: '', lang: 'en' }],
    }],
    plans: [{
      id: `${id}-plan`, date: '2025', place: null, country: 'Japan', kind: 'visit', participants: [VN], summary: 'Lan Tran plans to visit Japan.',
      sources: [{ document: id, sentence: 2, text: '', lang: 'en' }],
    }],
    areaMentions: [], figures: [], concepts: {},
  };
}

describe('assembler release()', () => {
  it('leaves the knowledge handed out before as it was', () => {
    const assembler = createAssembler([article('a'), article('b')]);
    const knowledge = assembler.knowledge();
    const before = JSON.stringify(knowledge);
    expect(knowledge.meetings).toHaveLength(1);
    expect(knowledge.plans).toHaveLength(2);
    assembler.release();
    expect(JSON.stringify(knowledge)).toBe(before);
  });

  it('refuses every later call', () => {
    const assembler = createAssembler([article('a')]);
    assembler.release();
    expect(() => assembler.knowledge()).toThrow(/release/);
    expect(() => assembler.add(article('b'))).toThrow(/release/);
    expect(() => assembler.remove('a')).toThrow(/release/);
    expect(() => assembler.plan()).toThrow(/release/);
    expect(() => assembler.prepare()).toThrow(/release/);
  });
});

describe('assembler releaseLookups()', () => {
  it('gives the same meetings after later changes as an assembler that kept its lookups', () => {
    const first = [article('a', 10), article('b', 11), article('c', 10)];
    const kept = createAssembler(first);
    const released = createAssembler(first);
    released.releaseLookups();
    expect(JSON.stringify(released.knowledge())).toBe(JSON.stringify(kept.knowledge()));
    for (const assembler of [kept, released]) {
      assembler.add(article('d', 11));
      assembler.add(article('e', 12));
      assembler.remove('a');
    }
    const meetings = released.knowledge().meetings;
    // b and d (11 May) merged, c alone on the 10th now that a is gone, e on the 12th.
    expect(meetings.map((m) => m.sources.map((e) => e.document).join('+')).sort()).toEqual(['b+d', 'c', 'e']);
    expect(JSON.stringify(released.knowledge())).toBe(JSON.stringify(kept.knowledge()));
  });
});
