/**
 * Meetings of many reports changed live: synthetic articles (bench/synth.ts, made from the seeds) report the same few
 * leaders again and again, so their meetings gather dozens of reports. Removing and adding articles out of file order
 * inserts reports into the middle of such meetings; the knowledge and the merge plan (with why each report joined)
 * must be those a full assembly of the same articles gives.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentFacts } from '../../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler, type MergePlan } from '../../src/knowledge/assembler.js';
import { syntheticFacts } from '../../bench/synth.js';

/**
 * A plan's meetings, each as its reports (document, meeting in it, why it joined), in the order of the knowledge's
 * meetings: a plan lists meetings in the order they were created, which a live change may make later.
 */
function planned(plan: MergePlan): string[][] {
  const meetings: string[][] = [];
  for (let m = 0; m + 1 < plan.starts.length; m++) {
    const reports: string[] = [];
    for (let k = plan.starts[m]!; k < plan.starts[m + 1]!; k++) {
      const reason = plan.parts[3 * k + 2]!;
      reports.push(`${plan.documents[plan.parts[3 * k]!]}#${plan.parts[3 * k + 1]} ${reason < 0 ? '' : plan.reasons[reason]}`);
    }
    meetings.push(reports);
  }
  return [...plan.listed!].map((m) => meetings[m]!);
}

describe('an assembler whose meetings gather many reports', { timeout: 30_000 }, () => {
  it('gives the knowledge and plan of a full assembly after reports join large meetings out of file order', () => {
    const facts = syntheticFacts(240);
    const full = (held: readonly DocumentFacts[]) => createAssembler(held.map((f) => ({ ...f })));
    const largest = assembleKnowledge(facts.map((f) => ({ ...f }))).meetings.reduce((a, b) => (b.reports.length > a.reports.length ? b : a));
    // Enough reports for insertions in the middle to matter.
    expect(largest.reports.length).toBeGreaterThanOrEqual(10);
    const reporters = new Set(largest.reports.map((r) => r.document));
    const live = createAssembler(facts.map((f) => ({ ...f })));
    const held = new Set(facts.map((f) => f.info.id));
    const check = (step: string) => {
      const same = facts.filter((f) => held.has(f.info.id));
      const expected = full(same);
      expect(JSON.stringify(live.knowledge()), step).toBe(JSON.stringify(expected.knowledge()));
      expect(planned(live.plan()), step).toEqual(planned(expected.plan()));
    };
    // Every other reporter of the largest meeting out, then back in reverse file order (each joins before the last).
    const moved = facts.filter((f) => reporters.has(f.info.id)).filter((_, i) => i % 2 === 1);
    for (const f of moved) {
      expect(live.remove(f.info.id)).toBe(true);
      held.delete(f.info.id);
    }
    check('removed');
    for (const f of [...moved].reverse()) {
      live.add({ ...f });
      held.add(f.info.id);
    }
    check('added back');
  });
});

describe('an article added after every other one, then removed (a new article of a live corpus, taken back)', { timeout: 30_000 }, () => {
  it('gives the knowledge and plan of a full assembly without it, its meetings as they were before it joined them', () => {
    const facts = syntheticFacts(240);
    const base = facts.slice(0, 200);
    const full = (held: readonly DocumentFacts[]) => createAssembler(held.map((f) => ({ ...f })));
    const expected = full(base);
    const expectedJson = JSON.stringify(expected.knowledge());
    let joined = 0;
    for (const f of facts.slice(200, 230)) {
      // Its file sorts after every other one: its reports are the last of the meetings they join.
      const late = { ...f, info: { ...f.info, file: `zz_${f.info.file}` } };
      const live = full(base);
      const before = live.knowledge();
      live.add({ ...late });
      const added = live.knowledge();
      expect(JSON.stringify(added)).toBe(JSON.stringify(full([...base, late]).knowledge()));
      if (added.meetings.some((m) => m.reports.length >= 2 && m.reports.at(-1)!.document === late.info.id)) joined++;
      expect(live.remove(late.info.id)).toBe(true);
      expect(JSON.stringify(live.knowledge())).toBe(expectedJson);
      expect(planned(live.plan())).toEqual(planned(expected.plan()));
      // What it handed out before is left as it was.
      expect(JSON.stringify(before)).toBe(expectedJson);
    }
    // The case that matters: the last report of a meeting of others taken off.
    expect(joined).toBeGreaterThan(5);
  });

  it('takes a meeting apart as before when a report was placed among its parts (out of file order)', () => {
    const facts = syntheticFacts(240);
    const full = (held: readonly DocumentFacts[]) => createAssembler(held.map((f) => ({ ...f })));
    const largest = full(facts).knowledge().meetings.reduce((a, b) => (b.reports.length > a.reports.length ? b : a));
    const middle = facts.find((f) => f.info.id === largest.reports[Math.floor(largest.reports.length / 2)]!.document)!;
    const last = facts.find((f) => f.info.id === largest.reports.at(-1)!.document)!;
    // The middle reporter out and back in (spliced among the parts), then the last reporter out.
    const live = full(facts);
    live.remove(middle.info.id);
    live.add({ ...middle });
    expect(live.remove(last.info.id)).toBe(true);
    const expected = full(facts.filter((f) => f !== last));
    expect(JSON.stringify(live.knowledge())).toBe(JSON.stringify(expected.knowledge()));
    expect(planned(live.plan())).toEqual(planned(expected.plan()));
  });
});
