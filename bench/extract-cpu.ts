// Extraction per article in this thread and in two worker threads, in wall and CPU time, for a machine shared with
// other jobs: CPU time (process.cpuUsage, every thread of the process) moves far less with the load than wall time.
// Usage: npx tsx bench/extract-cpu.ts [N] [ROOT]   ROOT: another checkout to measure (its src/), e.g. the code before
// a change exported with `git archive`; run both side by side (at the same time) so they share the same load.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { syntheticCorpus } from './synth.js';

const n = Number(process.argv[2] ?? 1000);
const root = pathToFileURL(resolve(process.argv[3] ?? '.')).href;
const { loadCorpusDir } = (await import(`${root}/src/corpus-folder/load.ts`)) as typeof import('../src/corpus-folder/load.js');
const { extractDocument } = (await import(`${root}/src/knowledge/extract.ts`)) as typeof import('../src/knowledge/extract.js');
const { extractAll } = (await import(`${root}/src/corpus-folder/extract-workers.ts`)) as typeof import('../src/corpus-folder/extract-workers.js');
const { dir } = syntheticCorpus(n);
const { documents } = await loadCorpusDir(dir);
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
// In this thread: the fastest of three passes (the first also warms the JIT).
let wall = Infinity;
let cpu = Infinity;
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const c = process.cpuUsage();
  for (const d of documents) extractDocument(d);
  cpu = Math.min(cpu, cpuMs(process.cpuUsage(c)));
  wall = Math.min(wall, performance.now() - t);
}
const t = performance.now();
const c = process.cpuUsage();
await extractAll(documents, { size: 2 });
const workersCpu = cpuMs(process.cpuUsage(c));
const workersWall = performance.now() - t;
const per = (ms: number): string => (ms / documents.length).toFixed(2);
console.log(`${documents.length} articles (${root}); load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);
console.log(`in this thread  ${per(wall)} ms/article wall, ${per(cpu)} ms CPU`);
console.log(`2 workers       ${per(workersWall)} ms/article wall, ${per(workersCpu)} ms CPU (all threads, worker start-up included)`);
