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

describe('an assembler whose meetings gather many reports', () => {
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
