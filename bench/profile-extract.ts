// Where extraction time goes: parses N synthetic articles, then times each extractor over their sentences, the
// whole extraction in this thread and in worker threads, and a cold cached load against the read-and-split floor.
// Usage: npx tsx bench/profile-extract.ts [N] [R]   (add --cpu-prof to node for a flame graph)
// With R > 1 each extractor runs R times and the fastest run counts (a machine shared with other benchmarks is noisy).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpusDir } from '../src/corpus-folder/load.js';
import { loadCorpusCached } from '../src/knowledge-cache/load.js';
import { openKnowledgeCache } from '../src/knowledge-cache/open.js';
import { extractAll, workersFor } from '../src/corpus-folder/extract-workers.js';
import { syntheticCorpus } from './synth.js';
import { createPeopleContext, findPeople } from '../src/knowledge/people.js';
import { findDates } from '../src/knowledge/dates.js';
import { findCountries, findOccasions, findPlaces } from '../src/knowledge/places.js';
import { findMeetingCues } from '../src/knowledge/cues.js';
import { documentAreas } from '../src/knowledge/areas.js';
import { findFigures } from '../src/knowledge/figures.js';
import { extractDocument } from '../src/knowledge/extract.js';

const n = Number(process.argv[2] ?? 1000);
const { dir } = syntheticCorpus(n);
let t0 = performance.now();
const { documents } = await loadCorpusDir(dir);
const floorMs = performance.now() - t0;
const sentences = documents.flatMap((d) => d.sentences.map((s) => [s.text, d.lang] as const));
console.log(`${documents.length} articles, ${sentences.length} sentences`);
const repeats = Math.max(1, Number(process.argv[3] ?? 1));
const time = (name: string, f: () => void) => {
  let ms = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t);
  }
  console.log(`${name.padEnd(10)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / documents.length).toFixed(3)} ms/article`);
};
time('people', () => { for (const d of documents) { const c = createPeopleContext(); for (const s of d.sentences) findPeople(s.text, d.lang, c); } });
time('dates', () => { for (const [t, l] of sentences) findDates(t, l, { published: null, yearHints: [] }); });
time('places', () => { for (const [t, l] of sentences) findPlaces(t, l); });
time('occasions', () => { for (const [t, l] of sentences) findOccasions(t, l); });
time('countries', () => { for (const [t, l] of sentences) findCountries(t, l); });
time('cues', () => { for (const [t, l] of sentences) findMeetingCues(t, l); });
time('areas', () => { for (const d of documents) documentAreas(d.sentences, d.lang); });
time('figures', () => { for (const [t, l] of sentences) findFigures(t, l, { published: null }); });
time('extract', () => { for (const d of documents) extractDocument(d); });

const workers = workersFor(documents.length) || 2;
t0 = performance.now();
await extractAll(documents, { size: workers });
const parallelMs = performance.now() - t0;
console.log(`${`parallel×${workers}`.padEnd(10)} ${parallelMs.toFixed(0).padStart(6)} ms  ${(parallelMs / documents.length).toFixed(3)} ms/article (worker start-up included)`);
const cacheDir = mkdtempSync(join(tmpdir(), 'attache-profile-'));
try {
  const cache = await openKnowledgeCache(cacheDir, dir, { version: 'profile' });
  t0 = performance.now();
  await loadCorpusCached(dir, { cache, extract: extractDocument });
  const coldMs = performance.now() - t0;
  console.log(`read+split floor ${floorMs.toFixed(0)} ms; cold cached load (read, split, extract) ${coldMs.toFixed(0)} ms = ${(coldMs / floorMs).toFixed(1)}× the floor`);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
