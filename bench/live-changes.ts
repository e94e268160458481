/**
 * What one file event costs a live corpus, repeated: a warm start from the cache (its idle preparation awaited), then
 * ROUNDS times a new article added, the same file rewritten longer, then deleted, each until the knowledge and the
 * search index hold the change. Each line gives the three times and the assembler's share of each (add, remove,
 * knowledge). `npm run bench` measures one round; a removal's cost depends on how many reports the meetings of the
 * article hold, so one round says little.
 *
 *   node --import tsx bench/live-changes.ts CORPUS_DIR CACHE_DIR [ROUNDS] [CACHE_VERSION]
 *
 * Each change waits for the idle work of the one before (the copies it takes, made ahead), as the watcher's debounce
 * (300 ms of quiet) leaves time for; BACK_TO_BACK=1 runs them without waiting, as a burst would.
 *
 * CACHE_DIR is filled by a load of CORPUS_DIR first (bench/memory-timeline.ts, or the CLI with CACHE_DIR set).
 * CACHE_VERSION: the version it was filled with, when only the assembler changed since (its facts are the same).
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamingSearchIndex } from '../src/app.js';
import { createLiveCorpus } from '../src/corpus-folder/live.js';
import { openKnowledgeCache } from '../src/knowledge-cache/open.js';
import { extractDocument, type DocumentFacts } from '../src/knowledge/extract.js';
import { assembleKnowledge, createAssembler, type KnowledgeAssembler } from '../src/knowledge/assembler.js';
import { loadPools, makeArticleFactory } from './synth.js';

const [dir, cacheDir, roundsArg, version] = process.argv.slice(2);
if (!dir || !cacheDir) {
  console.error('usage: node --import tsx bench/live-changes.ts CORPUS_DIR CACHE_DIR [ROUNDS] [CACHE_VERSION]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 10);
/** BACK_TO_BACK=1: each change right after the last, without waiting for its idle work (a burst of changes). */
const back = process.env.BACK_TO_BACK === '1';

/** Milliseconds spent in each assembler method since the last take(). */
const spent: Record<string, number> = {};
const take = (): string => {
  const text = Object.entries(spent).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ');
  for (const name of Object.keys(spent)) delete spent[name];
  return text;
};
function timedAssembler(initial?: readonly DocumentFacts[]): KnowledgeAssembler {
  const assembler = createAssembler(initial);
  const timed = <A extends unknown[], R>(name: string, f: (...args: A) => R) => (...args: A): R => {
    const t = performance.now();
    try {
      return f(...args);
    } finally {
      spent[name] = (spent[name] ?? 0) + performance.now() - t;
    }
  };
  return { ...assembler, add: timed('add', assembler.add), remove: timed('remove', assembler.remove), knowledge: timed('knowledge', assembler.knowledge) };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cache = await openKnowledgeCache(cacheDir, dir, { readIndexAhead: true, ...(version ? { version } : {}) });
let t = performance.now();
const live = await createLiveCorpus(dir, {
  pipeline: { extract: extractDocument, assemble: assembleKnowledge, assembler: timedAssembler },
  log: quiet, cache, watch: false, indexStream: () => streamingSearchIndex(cache),
});
console.log(`warm start ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
await live.prepared();
console.log(`idle preparation ${(performance.now() - t).toFixed(0)} ms; then RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
take();
const make = makeArticleFactory(loadPools());
/** Idle work after each change (its copies made ahead), in ms; the watcher's debounce leaves it that time. */
const idle: number[] = [];
const timeOf = async (path: string): Promise<string> => {
  let start = performance.now();
  if (!back) {
    await live.prepared();
    idle.push(performance.now() - start);
    take();
    start = performance.now();
  }
  await live.refresh([path]);
  return `${(performance.now() - start).toFixed(1)} ms (${take()})`;
};
for (let round = 0; round < rounds; round++) {
  const article = make(900_000 + round);
  const path = join(dir, `zz_live_${article.file}`);
  writeFileSync(path, article.text);
  try {
    const add = await timeOf(path);
    writeFileSync(path, `${article.text}\n\n${make(800_000 + round).text}`);
    const change = await timeOf(path);
    unlinkSync(path);
    const remove = await timeOf(path);
    console.log(`add ${add}; change ${change}; remove ${remove}`);
  } finally {
    try {
      unlinkSync(path);
    } catch {
      // removed above
    }
  }
}
if (idle.length) {
  const sorted = [...idle].sort((a, b) => a - b);
  console.log(`idle work after a change: median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, slowest ${sorted.at(-1)!.toFixed(1)} ms`);
}
await live.flush();
live.close();
