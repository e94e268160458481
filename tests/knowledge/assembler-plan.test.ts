/**
 * An assembler restored from its merge plan (what a warm start reads from the knowledge snapshot) is the assembler it
 * was: the same knowledge, and the same merges, additions and removals afterwards.
 */
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { extractDocument, type DocumentFacts } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler, type MergePlan } from '../../src/knowledge/assembler.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

/** Through bytes, as on disk. */
const roundTrip = <T>(x: T): T => deserialize(serialize(x)) as T;
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

async function seedFacts(): Promise<DocumentFacts[]> {
  const { documents } = await loadCorpusDir(SEEDS);
  return documents.map(extractDocument);
}

/** A new assembler given `facts` by adoption and `plan`. */
function restored(facts: readonly DocumentFacts[], plan: MergePlan) {
  const assembler = createAssembler();
  for (const f of facts) assembler.adopt(roundTrip(f));
  assembler.restore(roundTrip(plan));
  return assembler;
}

describe('the merge plan', () => {
  it('restores the same knowledge, byte for byte as JSON, and keeps merging as the original does', async () => {
    const facts = await seedFacts();
    const [first, later] = [facts.filter((_, i) => i % 3 !== 1), facts.filter((_, i) => i % 3 === 1)];
    const original = createAssembler(first);
    const copy = restored(first, original.plan());
    expect(JSON.stringify(copy.knowledge())).toBe(JSON.stringify(original.knowledge()));

    // Filed for lookups in steps (as a live corpus does while idle), then articles added.
    expect(copy.prepare(1)).toBe(copy.knowledge().meetings.length <= 1);
    while (!copy.prepare(2)) { /* next step */ }
    for (const f of later) {
      original.add(f);
      copy.add(roundTrip(f));
    }
    expect(plain(copy.knowledge())).toEqual(plain(original.knowledge()));
    expect(copy.knowledge().meetings.map((m) => m.id).sort()).toEqual(assembleKnowledge(facts).meetings.map((m) => m.id).sort());

    const gone = first[0]!.info.id;
    expect(original.remove(gone)).toBe(true);
    expect(copy.remove(gone)).toBe(true);
    expect(plain(copy.knowledge())).toEqual(plain(original.knowledge()));
  });

  it('takes apart a planned meeting whose report is missing and merges its other reports, as a removal does', async () => {
    const facts = await seedFacts();
    const original = createAssembler(facts);
    const plan = original.plan();
    // A meeting reported by two articles: restore without one of them.
    const shared = original.knowledge().meetings.find((m) => new Set(m.reports.map((r) => r.document)).size > 1)!;
    const gone = shared.reports[0]!.document;
    const copy = restored(facts.filter((f) => f.info.id !== gone), plan);
    expect(original.remove(gone)).toBe(true);
    expect(plain(copy.knowledge())).toEqual(plain(original.knowledge()));
    expect(copy.knowledge().meetings.some((m) => m.reports.some((r) => r.document === gone))).toBe(false);
  });

  it('restores in steps (idle time) to what a restore at once gives, and any other call first finishes what is left', async () => {
    const facts = await seedFacts();
    const original = createAssembler(facts);
    const plan = original.plan();
    const expected = JSON.stringify(original.knowledge());
    const meetings = plan.starts.length - 1;
    expect(meetings).toBeGreaterThan(3);
    const adopted = () => {
      const assembler = createAssembler();
      for (const f of facts) assembler.adopt(roundTrip(f));
      return assembler;
    };
    // A step a meeting, then one more for what follows the last (the reports merged again, the listed knowledge taken).
    const stepped = adopted();
    let steps = 1;
    while (!stepped.restoreSome(plan, undefined, 1)) steps++;
    expect(steps).toBe(meetings + 1);
    expect(stepped.restoreSome(plan, undefined, 1)).toBe(true);
    expect(JSON.stringify(stepped.knowledge())).toBe(expected);
    // Begun, then continued by the idle work.
    const continued = adopted();
    expect(continued.restoreSome(plan, undefined, 2)).toBe(false);
    while (!continued.prepare(2)) { /* next step */ }
    expect(JSON.stringify(continued.knowledge())).toBe(expected);
    // Begun, then a change: the restore is finished first, and the change lands on the whole plan.
    const interrupted = adopted();
    expect(interrupted.restoreSome(plan, undefined, 2)).toBe(false);
    const gone = facts[0]!.info.id;
    expect(interrupted.remove(gone)).toBe(true);
    expect(original.remove(gone)).toBe(true);
    expect(JSON.stringify(interrupted.knowledge())).toBe(JSON.stringify(original.knowledge()));
  });

  it('is numbers and a table of reasons: three per report', async () => {
    const facts = await seedFacts();
    const assembler = createAssembler(facts);
    const plan = assembler.plan();
    const reports = assembler.knowledge().meetings.reduce((n, m) => n + m.reports.length, 0);
    expect(plan.documents).toEqual(facts.map((f) => f.info.id).sort());
    expect(plan.starts.length).toBe(assembler.knowledge().meetings.length + 1);
    expect(plan.parts.length).toBe(3 * reports);
    expect(new Set(plan.reasons).size).toBe(plan.reasons.length);
  });
});
