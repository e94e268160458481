/**
 * An assembler changed article by article (a live corpus) holds exactly the knowledge a full assembly of the same
 * articles gives, byte for byte as JSON (meetings of the same date included), and never changes a knowledge it handed out before.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { extractDocument } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler } from '../../src/knowledge/assembler.js';
import { decodeKnowledge, encodeKnowledge } from '../../src/knowledge-cache/knowledge-image.js';
import type { Knowledge } from '../../src/knowledge/types.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

describe('an assembler updated in place', () => {
  it.each([
    ['copied by each change', false],
    ['taking the copies made ahead while idle', true],
  ])('adds, removes and re-adds articles (in the middle and at the ends) with the knowledge a full assembly gives: lists %s', async (_, ahead) => {
    const { documents } = await loadCorpusDir(SEEDS);
    const facts = documents.map(extractDocument);
    expect(facts.filter((f) => (f.statements?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(3);
    // Every list gets its copy when made ahead (the seeds' lists are far shorter than the real threshold).
    const assembler = createAssembler(facts, ahead ? { copyAheadMin: 1 } : {});
    const held = new Set(facts.map((f) => f.info.id));
    /** Every knowledge handed out, as JSON when it was: none may change with a later step (lists are shared until then). */
    const handedOut: [Knowledge, string][] = [];
    const expectFull = () => {
      const same = facts.filter((f) => held.has(f.info.id));
      const now = assembler.knowledge();
      const json = JSON.stringify(now);
      expect(json).toBe(JSON.stringify(assembleKnowledge(same)));
      handedOut.push([now, json]);
      if (ahead) {
        // Idle work: one copy a step, until each list handed out has one.
        let steps = 0;
        while (!assembler.prepare()) steps++;
        expect(steps).toBeGreaterThan(0);
        expect(assembler.prepare()).toBe(true);
      }
    };
    expectFull();
    const first = assembler.knowledge();
    const firstJson = JSON.stringify(first);
    const steps: [op: 'remove' | 'add', at: number][] = [['remove', 2], ['add', 2], ['remove', 0], ['remove', 4], ['add', 4], ['add', 0], ['remove', 3], ['remove', 1], ['add', 3], ['add', 1]];
    for (const [op, at] of steps) {
      const f = facts[at]!;
      if (op === 'remove') {
        expect(assembler.remove(f.info.id)).toBe(true);
        held.delete(f.info.id);
      } else {
        assembler.add(f);
        held.add(f.info.id);
      }
      expectFull();
    }
    // What was handed out before any change, and after each, is as it was.
    expect(JSON.stringify(first)).toBe(firstJson);
    expect(handedOut.length).toBe(steps.length + 1);
    for (const [knowledge, json] of handedOut) expect(JSON.stringify(knowledge)).toBe(json);
    expect(assembler.remove('no-such-document')).toBe(false);
  });

  it.each([
    ['each adopted alone', false],
    ['each adopted beside it, so shared as it comes', true],
  ])('restored from a plan with the knowledge listed with it (a warm start from an image) changes as one built article by article: articles %s', async (_, beside) => {
    const { documents } = await loadCorpusDir(SEEDS);
    // Each assembler gets facts of its own: an assembler drops the statements it has built from the facts it holds.
    const fresh = () => documents.map(extractDocument);
    const built = createAssembler(fresh());
    const plan = built.plan();
    expect(plan.listed?.length).toBe(built.knowledge().meetings.length);
    // Decoded from an image: the same knowledge, none of the objects the first assembler holds.
    const listed = decodeKnowledge(encodeKnowledge(built.knowledge()));
    const restored = createAssembler();
    for (const f of fresh()) restored.adopt(f, beside ? listed : undefined);
    restored.restore(plan, listed);
    // Taken as built: the very meetings and statements of the image.
    const first = restored.knowledge();
    expect(first.meetings.every((m, i) => m === listed.meetings[i])).toBe(true);
    expect(first.statements!.every((x, i) => x === listed.statements![i])).toBe(true);
    expect(JSON.stringify(first)).toBe(JSON.stringify(built.knowledge()));
    const firstJson = JSON.stringify(first);
    const facts = fresh();
    const held = new Set(facts.map((f) => f.info.id));
    for (const [op, at] of [['remove', 2], ['add', 2], ['remove', 0], ['add', 0], ['remove', 1], ['remove', 3], ['add', 1]] as const) {
      const f = facts[at]!;
      if (op === 'remove') {
        expect(restored.remove(f.info.id)).toBe(true);
        held.delete(f.info.id);
      } else {
        restored.add(fresh()[at]!);
        held.add(f.info.id);
      }
      expect(JSON.stringify(restored.knowledge())).toBe(JSON.stringify(assembleKnowledge(fresh().filter((x) => held.has(x.info.id)))));
      if (op === 'remove' && at === 2) {
        // The facts read to fill it hold the listed knowledge's objects: what an article it kept says is not copied.
        const now = restored.knowledge();
        const listedObjects = new Set<object>([...listed.plans, ...listed.figures, ...listed.areas.flatMap((a) => a.mentions), ...listed.meetings.flatMap((m) => m.sources)]);
        const kept = [...now.plans, ...now.figures, ...now.areas.flatMap((a) => a.mentions), ...now.meetings.flatMap((m) => m.sources)];
        expect(kept.length).toBeGreaterThan(20);
        expect(kept.filter((x) => !listedObjects.has(x))).toEqual([]);
      }
    }
    expect(JSON.stringify(first)).toBe(firstJson);
    // A listed knowledge that is not this plan's (another corpus) is not taken: everything is built again, right.
    const other = createAssembler();
    const otherListed = decodeKnowledge(encodeKnowledge(assembleKnowledge(fresh().slice(1))));
    for (const f of fresh()) other.adopt(f, beside ? otherListed : undefined);
    other.restore(plan, otherListed);
    expect(JSON.stringify(other.knowledge())).toBe(JSON.stringify(built.knowledge()));
  });

  it('adopting beside a listed knowledge in another order than its own shares nothing more and still restores it right', async () => {
    const { documents } = await loadCorpusDir(SEEDS);
    const fresh = () => documents.map(extractDocument);
    const built = createAssembler(fresh());
    const plan = built.plan();
    const listed = decodeKnowledge(encodeKnowledge(built.knowledge()));
    const expected = JSON.stringify(built.knowledge());
    // The first two swapped (the assembler keeps file order; the listed order is broken at once), then the last one
    // left out (the others in step, one fewer document than listed).
    const facts = fresh();
    const swapped = createAssembler();
    for (const f of [facts[1]!, facts[0]!, ...facts.slice(2)]) swapped.adopt(f, listed);
    swapped.restore(plan, listed);
    expect(JSON.stringify(swapped.knowledge())).toBe(expected);
    const fewer = createAssembler();
    for (const f of fresh().slice(0, -1)) fewer.adopt(f, listed);
    fewer.restore(plan, listed);
    expect(JSON.stringify(fewer.knowledge())).toBe(JSON.stringify(assembleKnowledge(fresh().slice(0, -1))));
    // Changed afterwards, each is still what a full assembly gives.
    swapped.remove(facts[2]!.info.id);
    expect(JSON.stringify(swapped.knowledge())).toBe(JSON.stringify(assembleKnowledge(fresh().filter((_, i) => i !== 2))));
  });
});
