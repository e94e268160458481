/** An assembler restored from its image (what a warm start reads from the knowledge snapshot) is the assembler it was. */
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import { join } from 'node:path';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { extractDocument, type DocumentFacts } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler, type AssemblerImage } from '../../src/knowledge/assembler.js';

const SEEDS = join(import.meta.dirname, '../../seeds');
const DEV = join(import.meta.dirname, '../../../shared/corpus-dev');

/** Through bytes, as on disk. */
const roundTrip = (image: AssemblerImage): AssemblerImage => deserialize(serialize(image)) as AssemblerImage;
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

async function factsOf(dir: string): Promise<DocumentFacts[]> {
  const { documents } = await loadCorpusDir(dir);
  return documents.map(extractDocument);
}

describe('the assembler image', () => {
  it('restores the same knowledge, byte for byte as JSON, and keeps merging as the original does', async () => {
    const facts = [...await factsOf(SEEDS), ...await factsOf(DEV).catch(() => [])];
    const [first, later] = [facts.filter((_, i) => i % 3 !== 1), facts.filter((_, i) => i % 3 === 1)];
    const original = createAssembler(first);
    const restored = createAssembler([], roundTrip(original.image()));
    expect(JSON.stringify(restored.knowledge())).toBe(JSON.stringify(original.knowledge()));

    // Articles added after the restore merge into the restored meetings as into the original ones...
    for (const f of later) {
      original.add(f);
      restored.add(structuredClone(f));
    }
    expect(plain(restored.knowledge())).toEqual(plain(original.knowledge()));
    // ...and a full assembly of every article gives the same meetings.
    expect(plain(restored.knowledge().meetings.map((m) => m.id).sort())).toEqual(plain(assembleKnowledge(facts).meetings.map((m) => m.id).sort()));

    // A removal takes the article's reports out of restored groups too.
    const gone = first[0]!.info.id;
    expect(original.remove(gone)).toBe(true);
    expect(restored.remove(gone)).toBe(true);
    expect(plain(restored.knowledge())).toEqual(plain(original.knowledge()));
    expect(restored.knowledge().meetings.some((m) => m.reports.some((r) => r.document === gone))).toBe(false);
  });

  it('stores a merged meeting only when it differs from its first report, and no sources', async () => {
    const facts = await factsOf(SEEDS);
    const image = createAssembler(facts).image();
    expect(image.documents.map((d) => d.info.id)).toEqual(facts.map((f) => f.info.id).sort());
    for (const group of image.groups) {
      expect(group.meeting.sources).toBeNull();
      if (group.parts.length === 1) expect(group.merged).toBeNull();
    }
    expect([...image.sorted].sort((a, b) => a - b)).toEqual(image.groups.map((_, g) => g));
  });
});
