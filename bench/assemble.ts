/**
 * Assembling alone: every article's facts read from a filled cache (not timed), then merged into one knowledge by a
 * fresh assembler, ROUNDS times (the main thread's share of a cold start, which it does while the workers extract).
 * Prints each round's merge and knowledge() times, the meetings, and a hash of them (equal hashes: the same meetings,
 * byte for byte as JSON, e.g. before and after a change to merging that must not change its result).
 *
 *   node --max-old-space-size=6000 --import tsx bench/assemble.ts CORPUS_DIR CACHE_DIR [ROUNDS] [CACHE_VERSION]
 *
 * CACHE_VERSION: the version the cache was filled with, when the extractor's code changed since (the facts must be
 * the same: `extract --json` unchanged).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openKnowledgeCache } from '../src/knowledge-cache/open.js';
import { createAssembler } from '../src/knowledge/assembler.js';
import type { DocumentFacts } from '../src/knowledge/extract.js';

const [dir, cacheDir, roundsArg, version] = process.argv.slice(2);
if (!dir || !cacheDir) {
  console.error('usage: node --import tsx bench/assemble.ts CORPUS_DIR CACHE_DIR [ROUNDS] [CACHE_VERSION]');
  process.exit(2);
}
const cache = await openKnowledgeCache(cacheDir, dir, version ? { version } : {});
const files = readdirSync(dir).sort();
const facts: DocumentFacts[] = [];
for (const name of files) {
  const path = join(dir, name);
  const stat = statSync(path);
  const hash = stat.isFile() ? cache.hashOfFile(path, stat.size, stat.mtimeMs) : undefined;
  const entry = hash === undefined ? undefined : cache.get(hash, 'lean');
  if (entry) facts.push(entry.facts as DocumentFacts);
}
console.log(`facts of ${facts.length} of ${files.length} files read from the cache`);
if (!facts.length) process.exit(1);
for (let round = 0; round < Number(roundsArg ?? 1); round++) {
  // Each round its own copies: an assembler drops the statements it has built from the facts it holds.
  const copies = facts.map((f) => ({ ...f }));
  const start = performance.now();
  const assembler = createAssembler();
  for (const f of copies) assembler.add(f);
  const merged = performance.now();
  const { meetings } = assembler.knowledge();
  const listed = performance.now();
  const hash = createHash('sha256').update(JSON.stringify(meetings)).digest('hex').slice(0, 16);
  console.log(`round ${round + 1}: merge ${(merged - start).toFixed(0)} ms, knowledge() ${(listed - merged).toFixed(0)} ms; ${meetings.length} meetings, hash ${hash}`);
}
