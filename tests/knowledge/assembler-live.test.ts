/**
 * An assembler changed article by article (a live corpus) holds exactly the knowledge a full assembly of the same
 * articles gives, byte for byte as JSON (meetings of the same date included), and never changes a knowledge it handed out before.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { extractDocument } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler } from '../../src/knowledge/assembler.js';

const SEEDS = join(import.meta.dirname, '../../seeds');

describe('an assembler updated in place', () => {
  it('adds, removes and re-adds articles (in the middle and at the ends) with the knowledge a full assembly gives', async () => {
    const { documents } = await loadCorpusDir(SEEDS);
    const facts = documents.map(extractDocument);
    expect(facts.filter((f) => (f.statements?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(3);
    const assembler = createAssembler(facts);
    const held = new Set(facts.map((f) => f.info.id));
    const expectFull = () => {
      const same = facts.filter((f) => held.has(f.info.id));
      expect(JSON.stringify(assembler.knowledge())).toBe(JSON.stringify(assembleKnowledge(same)));
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
