/**
 * How often a live removal gives other meetings than a restart: N synthetic articles (bench/synth.ts, made from the
 * seeds) are assembled; each article that reports two meetings or more is removed in turn from a fresh assembler of
 * all of them, and the knowledge compared with a full assembly of the others. Prints how many differ, and in what.
 *
 *   node --import tsx bench/live-vs-full.ts [N=400]
 */
import { createAssembler } from '../src/knowledge/assembler.js';
import type { DocumentFacts } from '../src/knowledge/extract.js';
import { syntheticFacts } from './synth.js';

const facts = syntheticFacts(Number(process.argv[2] ?? 400));
// The assembler keeps and changes the facts it is given: each assembly gets its own shallow copies.
const copies = (list: readonly DocumentFacts[]) => list.map((f) => ({ ...f }));
let tried = 0;
let differ = 0;
const parts = new Map<string, number>();
for (const f of facts) {
  if (f.meetings.length < 2) continue;
  tried++;
  const live = createAssembler(copies(facts));
  live.knowledge();
  live.remove(f.info.id);
  const after = live.knowledge();
  const full = createAssembler(copies(facts.filter((x) => x !== f))).knowledge();
  if (JSON.stringify(after) === JSON.stringify(full)) continue;
  differ++;
  for (const key of ['meetings', 'statements'] as const) if (JSON.stringify(after[key]) !== JSON.stringify(full[key])) parts.set(key, (parts.get(key) ?? 0) + 1);
}
console.log(`${facts.length} articles: ${tried} removed one at a time (those reporting two meetings or more); ${differ} gave other knowledge than a full assembly (${[...parts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'})`);
