/**
 * The knowledge image (src/knowledge-cache/knowledge-image.ts): decoding what was encoded gives the same knowledge,
 * JSON for JSON (key order, optional fields, nulls, unicode), with the same objects shared, and bytes it did not
 * write are refused with a clear message.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadApp } from '../../src/app.js';
import { decodeKnowledge, encodeKnowledge, encodeKnowledgeInSteps, imageBytes, type ImageSpill } from '../../src/knowledge-cache/knowledge-image.js';
import { fileSpill } from '../../src/knowledge-cache/files.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Evidence, Knowledge, Participant, StatementActor } from '../../src/knowledge/types.js';

const SEEDS = join(import.meta.dirname, '../../seeds');
const CORPUS_DEV = join(import.meta.dirname, '../../../shared/corpus-dev');

const roundTrip = (k: Knowledge): Knowledge => decodeKnowledge(encodeKnowledge(k));

/** A knowledge using every field: optional ones present and absent, nulls, unicode, empty lists, shared objects. */
function handBuilt() {
  const shared: Evidence = { document: 'doc-vi', sentence: 3, text: 'Thủ tướng Phạm Minh Chính hội đàm với 石破茂 👋🏽', lang: 'vi' };
  const lean: Evidence = { document: 'doc-vi', sentence: 4, text: '', lang: 'vi' };
  const twin: Evidence = { document: 'doc-vi', sentence: 4, text: '', lang: 'vi' };
  const chinh: Participant = { name: 'Pham Minh Chinh', role: 'Prime Minister', country: 'VN', personId: 'pham-minh-chinh' };
  const unknown: Participant = { name: '山田太郎', role: null, country: null, personId: null };
  const actor: StatementActor = { name: null, country: 'VN+JP', personId: null, role: null, members: ['Pham Minh Chinh', 'Ishiba Shigeru'] };
  const knowledge: Knowledge = {
    documents: [
      { id: 'doc-vi', file: 'a/ví-dụ.txt', lang: 'vi', title: 'Hội đàm Việt – Nhật', outlet: null, published: '2024-11-16', source: null, sentences: 12, warnings: ['mojibake?', ''], areas: ['investment', 'energy'] },
      { id: 'doc-ja', file: 'b.txt', lang: 'ja', title: null, outlet: '日経', published: null, source: 'https://例え.jp/記事', sentences: 0, warnings: [], areas: [] },
    ],
    meetings: [
      {
        id: 'm1', date: '2024-11-16', place: 'Lima', country: 'Peru', occasion: 'APEC 2024', kind: 'sidelines', participants: [chinh, unknown],
        areas: ['investment'], sources: [shared, lean],
        reports: [
          { document: 'doc-vi', lang: 'vi', outlet: null, published: '2024-11-16', date: '2024-11-16', place: 'Lima' },
          { document: 'doc-ja', lang: 'ja', outlet: '日経', published: null, date: null, place: null, merged: 'same participants on 2024-11-16' },
        ],
        conflicts: ['date: 2024-11-16 (doc-vi) vs 2024-11-17 (doc-ja)'],
      },
      { id: 'm2', date: null, place: null, country: null, occasion: null, kind: 'call', participants: [chinh], areas: [], sources: [twin], reports: [], conflicts: [] },
    ],
    plans: [{ id: 'p1', date: '2025', place: null, country: 'Japan', kind: 'invitation', participants: [unknown], summary: '', sources: [shared] }],
    areas: [
      { id: 'investment', label: 'Investment', mentions: [shared, lean] },
      { id: 'energy', label: 'Energy', mentions: [] },
    ],
    figures: [
      { value: 20_000_000_000, unit: 'USD', measure: 'bilateral trade', period: '2025-01/2025-10', text: '20 tỷ USD', evidence: shared, areas: ['economy-trade'] },
      { value: 0.1 + 0.2, unit: '%', measure: null, period: null, text: '0,3 %', evidence: lean },
      { value: 2 ** 60 + 0.5, unit: null, measure: null, period: null, text: '', evidence: lean, areas: [] },
      { value: -1.5e-300, unit: null, measure: null, period: null, text: 'ε', evidence: twin },
    ],
    statements: [
      { actor, act: 'agreed', addressee: null, areas: ['investment'], object: 'to deepen ties', meeting: 'm1', evidence: shared, text: 'Both sides agreed.', at: 17 },
      { actor, act: 'signed', addressee: { name: null, country: 'JP' }, areas: [], object: null, meeting: null, evidence: lean, text: '' },
      {
        actor: { name: 'Ishiba Shigeru', country: 'JP', personId: 'ishiba-shigeru', role: 'Prime Minister' }, act: 'thanked',
        addressee: { name: 'Pham Minh Chinh', country: null }, areas: [], object: null, meeting: 'm1', evidence: twin, text: 'He thanked 🇻🇳.', at: 0,
      },
    ],
  };
  return { knowledge, shared, lean, twin, chinh, unknown, actor };
}

/** The image of `format` the previous code wrote of handBuilt() (tests/fixtures), decoded: it gives that knowledge back. */
function decodedFixture(format: number): Knowledge {
  const bytes = readFileSync(join(import.meta.dirname, `../fixtures/knowledge-image/format-${format}.bin`));
  expect(new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 8))[1]).toBe(format);
  const back = decodeKnowledge(bytes);
  expect(JSON.stringify(back)).toBe(JSON.stringify(handBuilt().knowledge));
  return back;
}

describe('knowledge image', () => {
  it('gives back the seeds knowledge exactly, and the same bytes for the same knowledge', async () => {
    const app = await loadApp({ corpusDir: SEEDS, corpusMaxBytes: 5 << 20 });
    expect(app.knowledge.meetings.length).toBeGreaterThan(0);
    expect(app.knowledge.statements?.length).toBeGreaterThan(0);
    const bytes = encodeKnowledge(app.knowledge);
    expect(JSON.stringify(decodeKnowledge(bytes))).toBe(JSON.stringify(app.knowledge));
    expect(Buffer.from(encodeKnowledge(app.knowledge)).equals(Buffer.from(bytes))).toBe(true);
  }, 60_000);

  it('is encoded in steps to the same bytes, pausing between them (a running bot answers meanwhile)', async () => {
    const app = await loadApp({ corpusDir: SEEDS, corpusMaxBytes: 5 << 20 });
    // Large enough for several steps: the seeds' statements and meetings, repeated.
    const many = <T>(items: readonly T[]) => Array.from({ length: Math.ceil(20_000 / items.length) }, () => items).flat();
    const large: Knowledge = { ...app.knowledge, meetings: many(app.knowledge.meetings), statements: many(app.knowledge.statements!) };
    let pauses = 0;
    const pieces = await encodeKnowledgeInSteps(large, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThanOrEqual(4);
    // In pieces (the records are views of the encoder's chunks, not copied): together, the bytes encodeKnowledge gives.
    expect(pieces.length).toBeGreaterThan(1);
    const held = pieces.filter((p) => p instanceof Uint8Array);
    expect(held).toHaveLength(pieces.length);
    const bytes = Buffer.concat(held);
    expect(bytes.equals(Buffer.from(encodeKnowledge(large)))).toBe(true);
    expect(JSON.stringify(decodeKnowledge(bytes))).toBe(JSON.stringify(large));
    // The pieces hold about their bytes: no list's last chunk keeps its unused megabytes alive until the write.
    const buffers = [...new Set(held.map((p) => p.buffer))].reduce((sum, buffer) => sum + buffer.byteLength, 0);
    expect(buffers).toBeLessThan(2 * bytes.length);

    // With a spill, the records go there a chunk at a time as they are made, and come back in their place.
    const written: Uint8Array[] = [];
    const spill: ImageSpill = { chunkInts: 4096, write: (b) => void written.push(b.slice()), read: () => written };
    const spilled = await encodeKnowledgeInSteps(large, async () => undefined, spill);
    expect(written.length).toBeGreaterThan(10);
    expect(spilled).toContain(spill);
    // What stays in memory is a chunk's worth of the records, not all of them.
    const inMemory = spilled.reduce((n, p) => n + (p instanceof Uint8Array ? p.length : 0), 0);
    expect(inMemory).toBeLessThan(bytes.length / 2);
    expect(Buffer.concat([...imageBytes(spilled)]).equals(bytes)).toBe(true);
  }, 60_000);

  it('spills into a file that reads back what was written, in pieces, and leaves nothing behind', async () => {
    const dir = await tempDir('attache-spill-');
    const file = join(dir, 'image.spill');
    const spill = fileSpill(file);
    const parts = [Buffer.alloc(3_000_000, 1), Buffer.from('between'), Buffer.alloc(5_000_000, 2)];
    for (const part of parts) spill.write(part);
    expect(existsSync(file)).toBe(false);
    // Read twice (the snapshot's writer reads it once for its checksum, once to write it).
    for (let pass = 0; pass < 2; pass++) {
      const back: Buffer[] = [];
      for (const piece of spill.read()) back.push(Buffer.from(piece));
      expect(back.length).toBeGreaterThan(1);
      expect(Buffer.concat(back).equals(Buffer.concat(parts))).toBe(true);
    }
    spill.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!existsSync(CORPUS_DEV))('gives back the corpus-dev knowledge exactly', async () => {
    const app = await loadApp({ corpusDir: CORPUS_DEV, corpusMaxBytes: 5 << 20 });
    expect(app.knowledge.documents.length).toBeGreaterThan(0);
    expect(JSON.stringify(roundTrip(app.knowledge))).toBe(JSON.stringify(app.knowledge));
  }, 60_000);

  it('keeps every field: optional ones present and absent, nulls, numbers, unicode, empty lists', () => {
    const { knowledge } = handBuilt();
    const back = roundTrip(knowledge);
    expect(JSON.stringify(back)).toBe(JSON.stringify(knowledge));
    expect(back).toEqual(knowledge);
    // JSON cannot tell these apart from their neighbours: check them directly.
    expect(back.figures.map((f) => f.value)).toEqual([20_000_000_000, 0.1 + 0.2, 2 ** 60 + 0.5, -1.5e-300]);
    expect('areas' in back.figures[1]!).toBe(false);
    expect('at' in back.statements![1]!).toBe(false);
    expect('merged' in back.meetings[0]!.reports[0]!).toBe(false);
    expect(back.statements![1]!.addressee).toEqual({ name: null, country: 'JP' });
    expect(back.meetings[0]!.sources[0]!.text).toBe('Thủ tướng Phạm Minh Chính hội đàm với 石破茂 👋🏽');
  });

  it('keeps a knowledge without statements without them', () => {
    const { knowledge } = handBuilt();
    delete knowledge.statements;
    const back = roundTrip(knowledge);
    expect('statements' in back).toBe(false);
    expect(JSON.stringify(back)).toBe(JSON.stringify(knowledge));
  });

  it('keeps an empty knowledge empty', () => {
    const empty: Knowledge = { documents: [], meetings: [], plans: [], areas: [], figures: [], statements: [] };
    expect(roundTrip(empty)).toEqual(empty);
  });

  it('shares the evidence, participants and actors the knowledge shares, and equal ones (they are only read)', () => {
    const { knowledge, chinh, twin } = handBuilt();
    knowledge.meetings[1]!.participants.push({ ...chinh });
    knowledge.figures[3]!.evidence = { ...twin, lang: 'vi-VN' };
    const back = roundTrip(knowledge);
    const [m1, m2] = back.meetings as [Knowledge['meetings'][0], Knowledge['meetings'][0]];
    const shared = m1.sources[0]!;
    expect(back.plans[0]!.sources[0]).toBe(shared);
    expect(back.areas[0]!.mentions[0]).toBe(shared);
    expect(back.figures[0]!.evidence).toBe(shared);
    expect(back.statements![0]!.evidence).toBe(shared);
    expect(back.areas[0]!.mentions[1]).toBe(m1.sources[1]);
    // Equal evidence and participants, distinct objects in the knowledge, come back as one object.
    expect(m2.sources[0]).toBe(m1.sources[1]);
    expect(m2.participants[0]).toBe(m1.participants[0]);
    expect(m2.participants[1]).toBe(m1.participants[0]);
    // Equal but for one field: apart.
    expect(back.figures[1]!.evidence).not.toBe(back.figures[3]!.evidence);
    expect(back.plans[0]!.participants[0]).toBe(m1.participants[1]);
    expect(back.statements![1]!.actor).toBe(back.statements![0]!.actor);
    expect(back.statements![2]!.actor).not.toBe(back.statements![0]!.actor);
  });

  it('shares meeting reports by value (they are only read): equal reports come back as one object', () => {
    const { knowledge } = handBuilt();
    const m1 = knowledge.meetings[0]!;
    const [first, second] = m1.reports as [Knowledge['meetings'][0]['reports'][0], Knowledge['meetings'][0]['reports'][0]];
    // The second meeting reported by the same article, in the same words: an equal report of its own.
    knowledge.meetings[1]!.reports.push({ ...first }, { ...second, merged: 'another reason' });
    const back = roundTrip(knowledge);
    expect(JSON.stringify(back)).toBe(JSON.stringify(knowledge));
    const [b1, b2] = back.meetings as [Knowledge['meetings'][0], Knowledge['meetings'][0]];
    expect(b2.reports[0]).toBe(b1.reports[0]);
    expect(b2.reports[1]).not.toBe(b1.reports[1]);
    expect(b1.reports[0]!.merged).toBeUndefined();
    expect('merged' in b1.reports[0]!).toBe(false);
  });

  it('shares statement actors by value (they are only read): equal actors come back as one object', () => {
    const { knowledge, actor } = handBuilt();
    const equal = { ...actor, members: [...actor.members!] };
    const other = { ...actor, members: [...actor.members!, 'Nguyen Van A'] };
    const base = knowledge.statements![1]!;
    knowledge.statements!.push({ ...base, actor: equal }, { ...base, actor: other }, { ...base, actor: { ...actor, members: undefined } });
    const back = roundTrip(knowledge);
    expect(JSON.stringify(back)).toBe(JSON.stringify(knowledge));
    const actors = back.statements!.map((x) => x.actor);
    expect(actors[3]).toBe(actors[0]);
    expect(actors[4]).not.toBe(actors[0]);
    expect(actors[5]).not.toBe(actors[0]);
    expect(actors[5]!.members).toBeUndefined();
  });

  it('shares string lists by value (they are only read): equal lists come back as one frozen array', () => {
    const { knowledge } = handBuilt();
    const [vi, ja] = knowledge.documents as [Knowledge['documents'][0], Knowledge['documents'][0]];
    const back = roundTrip(knowledge);
    expect(JSON.stringify(back)).toBe(JSON.stringify(knowledge));
    const [m1, m2] = back.meetings as [Knowledge['meetings'][0], Knowledge['meetings'][0]];
    // ['investment'] in the first meeting, the area mentions' first statement; [] everywhere it is empty.
    expect(back.statements![0]!.areas).toBe(m1.areas);
    expect(back.documents[1]!.warnings).toBe(m2.areas);
    expect(back.statements![1]!.areas).toBe(m2.conflicts);
    expect(back.documents[0]!.areas).not.toBe(m1.areas);
    expect(Object.isFrozen(m1.areas)).toBe(true);
    expect(() => (m1.areas as string[]).push('energy')).toThrow(TypeError);
    // The knowledge encoded is left as it was.
    expect(Object.isFrozen(vi.areas) || Object.isFrozen(ja.warnings)).toBe(false);
  });

  it('shares participant lists and addressees by value (they are only read): equal ones come back as one object', () => {
    const { knowledge, chinh, unknown } = handBuilt();
    knowledge.plans.push({ ...knowledge.plans[0]!, id: 'p2', participants: [{ ...unknown }] });
    knowledge.meetings[1]!.participants = [chinh, unknown];
    knowledge.statements!.push({ ...knowledge.statements![1]!, addressee: { name: null, country: 'JP' } });
    const back = roundTrip(knowledge);
    expect(back.plans[1]!.participants).toBe(back.plans[0]!.participants);
    expect(Object.isFrozen(back.plans[0]!.participants)).toBe(true);
    expect(back.meetings[1]!.participants).toBe(back.meetings[0]!.participants);
    expect(back.statements![3]!.addressee).toBe(back.statements![1]!.addressee);
    expect(back.statements![2]!.addressee).toEqual({ name: 'Pham Minh Chinh', country: null });
    expect(back.statements![0]!.addressee).toBeNull();
  });

  it('reads an image of format 4 (participant lists and addressees written in place), as the previous version wrote it', () => {
    const back = decodedFixture(4);
    expect(back.meetings[1]!.participants[0]).toBe(back.meetings[0]!.participants[0]);
    expect(back.statements![1]!.addressee).toEqual({ name: null, country: 'JP' });
  });

  it('reads an image of format 3 (string lists written in place), as the previous version wrote it', () => {
    const back = decodedFixture(3);
    expect(back.meetings[0]!.sources[0]).toBe(back.plans[0]!.sources[0]);
  });

  it('refuses bytes it did not write with a clear message', () => {
    const bytes = encodeKnowledge(handBuilt().knowledge);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0x58;
    expect(() => decodeKnowledge(wrongMagic)).toThrow(/knowledge image: not a knowledge image \(bad magic\)/);
    const otherFormat = bytes.slice();
    otherFormat[4] = otherFormat[4]! ^ 0xff;
    expect(() => decodeKnowledge(otherFormat)).toThrow(/knowledge image: format \d+, this program reads formats 3 to 5/);
    expect(() => decodeKnowledge(bytes.subarray(0, 10))).toThrow(/knowledge image: truncated/);
    expect(() => decodeKnowledge(bytes.subarray(0, bytes.length - 1))).toThrow(/knowledge image: truncated/);
    expect(() => decodeKnowledge(new Uint8Array([...bytes, 0]))).toThrow(/knowledge image: trailing bytes/);
  });

  it('reads an image front to back, once, a window of ints at a time, whatever the window', () => {
    const { knowledge } = handBuilt();
    const bytes = encodeKnowledge(knowledge);
    const expected = JSON.stringify(decodeKnowledge(bytes));
    expect(expected).toBe(JSON.stringify(knowledge));
    for (const windowInts of [1, 2, 7, 64, 1 << 20]) {
      const reads: [number, number][] = [];
      let at = 0;
      const reader = {
        length: bytes.length,
        read(into: Uint8Array) {
          reads.push([at, into.length]);
          into.set(bytes.subarray(at, at + into.length));
          at += into.length;
        },
      };
      expect(JSON.stringify(decodeKnowledge(reader, windowInts)), `window ${windowInts}`).toBe(expected);
      // Each read starts where the last ended, and all of the image is read.
      expect(reads.every(([from], i) => from === (i ? reads[i - 1]![0] + reads[i - 1]![1] : 0))).toBe(true);
      expect(at).toBe(bytes.length);
      expect(Math.max(...reads.slice(4).map(([, n]) => n))).toBeLessThanOrEqual(4 * windowInts);
    }
  });

  it('refuses damaged records instead of decoding garbage', () => {
    const bytes = encodeKnowledge(handBuilt().knowledge);
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, 8);
    // After the floats, the string table and its two blobs.
    const intsAt = 32 + 8 * header[7]! + 4 * header[5]! + header[3]! + header[4]!;
    // The first int is the evidence count; a count larger than the image is refused.
    const hugeCount = bytes.slice();
    new DataView(hugeCount.buffer).setInt32(intsAt, 1e9, true);
    expect(() => decodeKnowledge(hugeCount)).toThrow(/knowledge image: damaged: a list length out of range/);
    // The second int is the first evidence's document: a string index past the table is refused.
    const badString = bytes.slice();
    new DataView(badString.buffer).setInt32(intsAt + 4, header[5]!, true);
    expect(() => decodeKnowledge(badString)).toThrow(/knowledge image: damaged: a string index out of range/);
    // Every single-byte flip of the records either decodes to some knowledge or throws a knowledge image Error.
    for (let at = intsAt; at < intsAt + 4 * header[6]!; at += 3) {
      const flipped = bytes.slice();
      flipped[at] = flipped[at]! ^ 0x80;
      try {
        decodeKnowledge(flipped);
      } catch (e) {
        expect((e as Error).message).toMatch(/^knowledge image: /);
      }
    }
  });

  it('refuses to encode an integer field it could not give back', () => {
    const { knowledge, shared } = handBuilt();
    shared.sentence = 1.5;
    expect(() => encodeKnowledge(knowledge)).toThrow(/knowledge image: evidence sentence 1.5 is not a 32-bit integer/);
    shared.sentence = 3;
    knowledge.statements![0]!.at = 2 ** 31;
    expect(() => encodeKnowledge(knowledge)).toThrow(/knowledge image: statement at 2147483648 is not a 32-bit integer/);
  });

  it('reads an image that starts at an unaligned offset of a larger buffer', () => {
    const { knowledge } = handBuilt();
    const bytes = encodeKnowledge(knowledge);
    const framed = new Uint8Array(bytes.length + 3);
    framed.set(bytes, 3);
    expect(JSON.stringify(decodeKnowledge(framed.subarray(3)))).toBe(JSON.stringify(knowledge));
  });
});
