import { describe, expect, it } from 'vitest';
import { withSentences } from '../../src/corpus/documents.js';
import { copyFile, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiveCorpus } from '../../src/corpus-folder/live.js';
import { extractDocument, type DocumentFacts } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler } from '../../src/knowledge/assembler.js';
import type { Log } from '../../src/store/store.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const SEEDS = join(import.meta.dirname, '../../seeds');

describe('a live corpus with incremental assembly', () => {
  it('adds and removes an article by merging or taking out only its facts, with the knowledge a full assembly gives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-live-asm-'));
    try {
      for (const f of ['000_6c8d8428f9bc3ae4.txt', '002_460abb11f1e7dc2e.txt']) await copyFile(join(SEEDS, f), join(dir, f));
      let built = 0;
      const live = await createLiveCorpus<DocumentFacts>(dir, {
        pipeline: {
          extract: extractDocument,
          assemble: assembleKnowledge,
          assembler: (facts) => (built++, createAssembler(facts)),
        },
        log: quiet,
        watch: false,
      });
      expect(built).toBe(1);
      // 001 reports the same ASEAN meeting as 000: it must merge into the meeting already assembled.
      await copyFile(join(SEEDS, '001_597852ecc2bc7647.txt'), join(dir, '001_597852ecc2bc7647.txt'));
      await live.refresh();
      expect(built).toBe(1);
      const asean = live.knowledge().meetings.filter((m) => m.occasion?.startsWith('ASEAN'));
      expect(asean).toHaveLength(1);
      expect(asean[0]!.reports.map((r) => r.document).sort()).toEqual(['000_6c8d8428f9bc3ae4', '001_597852ecc2bc7647']);
      const full = assembleKnowledge(live.documents().map((d) => extractDocument(withSentences(d, live.sentences))));
      expect(live.knowledge().meetings.map((m) => m.id).sort()).toEqual(full.meetings.map((m) => m.id).sort());
      expect(live.knowledge().documents.map((d) => d.id).sort()).toEqual(full.documents.map((d) => d.id).sort());

      // A removal takes the article's facts out (no second assembly): the ASEAN meeting keeps 001's report only, and
      // the knowledge is what a full assembly of the remaining articles gives.
      await unlink(join(dir, '000_6c8d8428f9bc3ae4.txt'));
      await live.refresh();
      expect(built).toBe(1);
      expect(live.knowledge().documents.map((d) => d.id)).toEqual(['001_597852ecc2bc7647', '002_460abb11f1e7dc2e']);
      const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
      const rest = assembleKnowledge(live.documents().map((d) => extractDocument(withSentences(d, live.sentences))));
      expect(byId(live.knowledge().meetings)).toEqual(byId(rest.meetings));
      expect(live.knowledge().areas).toEqual(rest.areas);
      expect(live.knowledge().figures).toEqual(rest.figures);
      expect(live.knowledge().plans).toEqual(rest.plans);
      const aseanAfter = live.knowledge().meetings.filter((m) => m.occasion?.startsWith('ASEAN'));
      expect(aseanAfter.map((m) => m.reports.map((r) => r.document))).toEqual([['001_597852ecc2bc7647']]);
      // A changed article: taken out and added again, the same as a full assembly.
      await copyFile(join(SEEDS, '000_6c8d8428f9bc3ae4.txt'), join(dir, '000_6c8d8428f9bc3ae4.txt'));
      await live.refresh();
      expect(built).toBe(1);
      const all = assembleKnowledge(live.documents().map((d) => extractDocument(withSentences(d, live.sentences))));
      expect(byId(live.knowledge().meetings)).toEqual(byId(all.meetings));
      expect(live.knowledge().meetings.map((m) => m.date)).toEqual(all.meetings.map((m) => m.date));
      // The documents stay in file order, an article put back first and one added between two.
      const held = live.documents();
      expect(held.map((d) => d.id)).toEqual(['000_6c8d8428f9bc3ae4', '001_597852ecc2bc7647', '002_460abb11f1e7dc2e']);
      await copyFile(join(SEEDS, '003_86fea495d9a89ce1.txt'), join(dir, '001a_between.txt'));
      await live.refresh();
      expect(live.documents().map((d) => d.file)).toEqual(['000_6c8d8428f9bc3ae4.txt', '001_597852ecc2bc7647.txt', '001a_between.txt', '002_460abb11f1e7dc2e.txt']);
      // The list handed out before is as it was.
      expect(held.map((d) => d.id)).toEqual(['000_6c8d8428f9bc3ae4', '001_597852ecc2bc7647', '002_460abb11f1e7dc2e']);
      live.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes the copies the next change takes while idle after a change; a change that comes before them is applied as usual', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-live-ahead-'));
    try {
      await copyFile(join(SEEDS, '000_6c8d8428f9bc3ae4.txt'), join(dir, '000_6c8d8428f9bc3ae4.txt'));
      /** What each idle step returned (true: nothing left). */
      const steps: boolean[] = [];
      const live = await createLiveCorpus<DocumentFacts>(dir, {
        pipeline: {
          extract: extractDocument,
          assemble: assembleKnowledge,
          // Every list gets a copy made ahead (the seeds' lists are far shorter than the real threshold).
          assembler: (facts) => {
            const assembler = createAssembler(facts, { copyAheadMin: 1 });
            return { ...assembler, prepare: (limit?: number) => { const done = assembler.prepare(limit); steps.push(done); return done; } };
          },
        },
        log: quiet,
        watch: false,
      });
      const handed = live.knowledge();
      const handedJson = JSON.stringify(handed);
      await copyFile(join(SEEDS, '001_597852ecc2bc7647.txt'), join(dir, '001_597852ecc2bc7647.txt'));
      await live.refresh();
      await live.prepared();
      // Several steps (a list each), the last with nothing left.
      expect(steps.length).toBeGreaterThan(1);
      expect(steps.at(-1)).toBe(true);
      expect(steps.slice(0, -1).every((done) => !done)).toBe(true);
      // The next change takes them: the knowledge is what a full assembly gives, and what was handed out is as it was.
      const before = live.knowledge();
      const beforeJson = JSON.stringify(before);
      await unlink(join(dir, '000_6c8d8428f9bc3ae4.txt'));
      steps.length = 0;
      // A second change started before the first one's idle work could run.
      const removal = live.refresh();
      await copyFile(join(SEEDS, '002_460abb11f1e7dc2e.txt'), join(dir, '002_460abb11f1e7dc2e.txt'));
      await removal;
      await live.refresh();
      await live.prepared();
      const all = assembleKnowledge(live.documents().map((d) => extractDocument(withSentences(d, live.sentences))));
      expect(JSON.stringify(live.knowledge())).toBe(JSON.stringify(all));
      expect(live.knowledge().documents.map((d) => d.id)).toEqual(['001_597852ecc2bc7647', '002_460abb11f1e7dc2e']);
      expect(JSON.stringify(before)).toBe(beforeJson);
      expect(JSON.stringify(handed)).toBe(handedJson);
      expect(steps.at(-1)).toBe(true);
      live.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
