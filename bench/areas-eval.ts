/**
 * Measures documentAreas against the hand labels of the seeds and corpus-dev (micro P/R/F1 of area sets).
 * Usage: npx tsx bench/areas-eval.ts [DIR …]   (default: ../shared/seeds ../shared/corpus-dev)
 * Sentences are split crudely (lines, then '. ', '。', '? ', '! '): the real splitter lives in src/corpus.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { documentAreas, scanAreas } from '../src/knowledge/areas.js';
import { findMeetingCues } from '../src/knowledge/cues.js';
import { findFigures } from '../src/knowledge/figures.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push('/work/shared/seeds', '/work/shared/corpus-dev');

function crudeSentences(text: string): { text: string }[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?。！？])\s+|(?<=[。！？])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => ({ text: s }));
}

let tp = 0;
let fp = 0;
let fn = 0;
const started = performance.now();
let sentenceCount = 0;
const all: { text: string; lang: string }[] = [];
for (const dir of dirs) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const txt = join(dir, f.replace(/\.json$/, '.txt'));
    if (!existsSync(txt)) continue;
    const label = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { lang: string; areas: string[] };
    const sentences = crudeSentences(readFileSync(txt, 'utf8'));
    sentenceCount += sentences.length;
    for (const s of sentences) all.push({ text: s.text, lang: label.lang });
    const found = documentAreas(sentences, label.lang);
    const gold = new Set(label.areas);
    const got = new Set<string>(found.keys());
    const misses = [...gold].filter((a) => !got.has(a));
    const falses = [...got].filter((a) => !gold.has(a));
    const hit = [...got].filter((a) => gold.has(a)).length;
    tp += hit;
    fp += falses.length;
    fn += misses.length;
    const why = falses.map((a) => {
      const idx = found.get(a as never)?.[0] ?? 0;
      return `${a} ← «${(sentences[idx]?.text ?? '').slice(0, 90)}»`;
    });
    console.log(`${dir.split('/').pop()}/${f} [${label.lang}] ${hit}/${gold.size} found, ${falses.length} false`);
    if (misses.length) console.log(`   missed: ${misses.join(', ')}`);
    for (const w of why) console.log(`   false:  ${w}`);
  }
}
const ms = performance.now() - started;
const p = tp / (tp + fp || 1);
const r = tp / (tp + fn || 1);
const f1 = (2 * p * r) / (p + r || 1);
console.log(`\nmicro  P ${p.toFixed(3)}  R ${r.toFixed(3)}  F1 ${f1.toFixed(3)}  (tp ${tp}, fp ${fp}, fn ${fn})`);
console.log(`${sentenceCount} sentences in ${ms.toFixed(1)} ms (incl. index build)`);

// Per-sentence cost once indexes are built (warm): areas, cues, figures.
for (const [name, fn] of [
  ['areas', (s: { text: string; lang: string }) => scanAreas(s.text, s.lang)],
  ['cues', (s: { text: string; lang: string }) => findMeetingCues(s.text, s.lang)],
  ['figures', (s: { text: string; lang: string }) => findFigures(s.text, s.lang, { published: null })],
] as const) {
  for (const s of all) fn(s);
  const rounds = 20;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const s of all) fn(s);
  const per = (performance.now() - t0) / (rounds * all.length);
  console.log(`${name}: ${(per * 1000).toFixed(1)} µs per sentence (mean of ${rounds * all.length})`);
}
