/**
 * Where a start's memory goes: one loadApp (cold with an empty cache folder, warm with a filled one) with its stages
 * and a timeline of RSS, heap (used / committed) and array buffers sampled every 0.5 s (the workers' heaps are in RSS,
 * not in the heap).
 *
 *   node --import tsx bench/memory-timeline.ts CORPUS_DIR CACHE_DIR [VERSION]
 *
 * VERSION: the cache's version to use (knowledge-cache/version.ts), to measure a cache written by other code.
 */
import { readFileSync } from 'node:fs';
import { loadApp } from '../src/app.js';

/**
 * Resident memory by kind of mapping (/proc/self/smaps, Linux only): the C heap ([heap]), anonymous mappings (V8's
 * pages, thread arenas, array buffers) by size, files (code). What RSS holds beyond the V8 heap and array buffers.
 */
function residentByMapping(): string {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return '';
  }
  const sums = new Map<string, number>();
  let kind = '';
  for (const line of text.split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1]!.trim();
      kind = name === '' ? 'anonymous' : name.startsWith('[') ? name : 'files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) sums.set(kind, (sums.get(kind) ?? 0) + Number(rss[1]));
  }
  return [...sums].filter(([, kb]) => kb > 1024).sort((a, b) => b[1] - a[1]).map(([k, kb]) => `${k} ${(kb / 1024).toFixed(0)}`).join(', ');
}

const [corpusDir, cacheDir, version] = process.argv.slice(2);
if (!corpusDir || !cacheDir) {
  console.error('usage: node --import tsx bench/memory-timeline.ts CORPUS_DIR CACHE_DIR [VERSION]');
  process.exit(2);
}
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const t0 = performance.now();
const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
let peak = { rss: 0, at: '0', heap: 0 };
const samples: string[] = [];
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak.rss) peak = { rss: m.rss, at: seconds(), heap: m.heapUsed };
  samples.push(`${seconds().padStart(7)} s  rss ${mb(m.rss).padStart(5)}  heap ${mb(m.heapUsed).padStart(5)} / ${mb(m.heapTotal).padStart(5)}  array buffers ${mb(m.arrayBuffers).padStart(4)} MB`);
}, 500);
sampler.unref();
const app = await loadApp({ corpusDir, cacheDir, corpusMaxBytes: 5 * 1024 * 1024 }, undefined, {
  ...(version ? { cacheVersion: version } : {}),
  onStage: (s) => console.log(`${seconds().padStart(7)} s  ${s.name} (${(s.ms / 1000).toFixed(2)} s), heap ${s.heapMb.toFixed(0)} / ${mb(process.memoryUsage().heapTotal)} MB, array buffers ${mb(process.memoryUsage().arrayBuffers)} MB, rss ${mb(process.memoryUsage().rss)} MB, peak so far ${mb(process.resourceUsage().maxRSS * 1024)} MB; resident MB: ${residentByMapping()}`),
});
clearInterval(sampler);
console.log(`${app.documents.length} articles in ${seconds()} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB (sampled: ${mb(peak.rss)} MB at ${peak.at} s, heap ${mb(peak.heap)} MB)`);
// About 40 lines, evenly spread.
const every = Math.max(1, Math.ceil(samples.length / 40));
console.log(samples.filter((_, i) => i % every === 0).join('\n'));
