/**
 * An assembler changed article by article (a live corpus) holds the knowledge a full assembly of the same articles
 * gives (byte for byte as JSON, up to the order of meetings of the same date), and never changes a knowledge it handed out before.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { extractDocument } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler } from '../../src/knowledge/assembler.js';
import type { Knowledge } from '../../src/knowledge/types.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

describe('an assembler updated in place', () => {
  it('adds, removes and re-adds articles (in the middle and at the ends) with the knowledge a full assembly gives', async () => {
    const { documents } = await loadCorpusDir(SEEDS);
    const facts = documents.map(extractDocument);
    expect(facts.filter((f) => (f.statements?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(3);
    const assembler = createAssembler(facts);
    const held = new Set(facts.map((f) => f.info.id));
    // Meetings of the same date may be listed in another order (a meeting merged again is a newer group); everything
    // else, statements included, is in the same order.
    const canonical = (k: Knowledge) => JSON.stringify({ ...k, meetings: [...k.meetings].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id)) });
    const expectFull = () => {
      const same = facts.filter((f) => held.has(f.info.id));
      expect(canonical(assembler.knowledge())).toBe(canonical(assembleKnowledge(same)));
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
    // What was handed out before any change is as it was.
    expect(JSON.stringify(first)).toBe(firstJson);
    expect(assembler.remove('no-such-document')).toBe(false);
  });
});
