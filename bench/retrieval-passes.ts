/**
 * The benchmark's 100 questions (bench/run.ts) searched three times over in one process warm from a cache, after the
 * engine's idle preparation: p50, p99, the maximum and the three slowest of each pass. The first pass shows what a
 * process pays once (first question per language and script, code compiled); the others, the search itself.
 *
 *   node --expose-gc --max-old-space-size=4096 --import tsx bench/retrieval-passes.ts CORPUS_DIR CACHE_DIR [cache version]
 */
import { loadApp } from '../src/app.js';
import { withSentences } from '../src/corpus/documents.js';

const [dir, cacheDir, version] = process.argv.slice(2);
const app = await loadApp({ corpusDir: dir!, corpusMaxBytes: 5 << 20, cacheDir }, { warn: () => {} }, version ? { cacheVersion: version } : {});
const runs = 100;
let t = performance.now();
let steps = 0;
while (!(app.engine.prepare?.() ?? true)) steps++;
console.log(`engine preparation ${Math.round(performance.now() - t)} ms in ${steps + 1} steps`);
// The questions bench/run.ts asks: words of real sentences, 1–3 per question, and every tenth the same four words.
const words = app.documents.slice(0, 200).flatMap((d) => withSentences(d, app.sentences).sentences.flatMap((s) => s.text.split(/[^\p{L}\p{N}]+/u))).filter((w) => w.length > 3);
const pick = (i: number, k: number) => Array.from({ length: k }, (_, j) => words[(i * 7919 + j * 104729) % words.length]!).join(' ');
const questions = Array.from({ length: runs }, (_, i) => (i % 10 === 0 ? 'Vietnam Japan cooperation agreement' : pick(i, 1 + (i % 3))));
for (const pass of [1, 2, 3]) {
  const ms = questions.map((q) => {
    t = performance.now();
    app.index.search(q, { limit: 8 });
    return performance.now() - t;
  });
  const sorted = [...ms].sort((a, b) => a - b);
  const slowest = ms.map((m, i) => [m, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([m, i]) => `${m.toFixed(1)} ms "${questions[i]!.slice(0, 30)}"`);
  console.log(`pass ${pass}: p50 ${sorted[49]!.toFixed(1)} ms, p99 ${sorted[98]!.toFixed(1)} ms, max ${sorted[99]!.toFixed(1)} ms; slowest ${slowest.join(', ')}`);
}
