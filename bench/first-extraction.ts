/**
 * What the first extraction of a language costs in a fresh process (its lexicons built, the code its text takes
 * compiled), with and without one article of each language extracted first, as a live corpus does while idle after a
 * start from its snapshot (src/corpus-folder/live.ts): the time of a second article of each language, extracted first.
 * Run it a few times: one process measures one of the two.
 *
 *   node --import tsx bench/first-extraction.ts CORPUS_DIR [--warm]
 */
import type { Document } from '../src/corpus/types.js';
import { loadCorpusDir } from '../src/corpus-folder/load.js';
import { extractDocument } from '../src/knowledge/extract.js';

const [dir, flag] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node --import tsx bench/first-extraction.ts CORPUS_DIR [--warm]');
  process.exit(2);
}
const byLang = new Map<string, Document[]>();
for (const document of (await loadCorpusDir(dir)).documents) {
  const list = byLang.get(document.lang) ?? [];
  list.push(document);
  byLang.set(document.lang, list);
}
const warm = flag === '--warm';
let t = performance.now();
if (warm) for (const list of byLang.values()) extractDocument(list[0]!);
const warmMs = performance.now() - t;
let sum = 0;
const times: string[] = [];
for (const [lang, list] of byLang) {
  if (!list[1]) continue;
  t = performance.now();
  extractDocument(list[1]);
  const ms = performance.now() - t;
  sum += ms;
  times.push(`${lang} ${ms.toFixed(0)}`);
}
console.log(`${warm ? `one article of each language first (${warmMs.toFixed(0)} ms)` : 'nothing extracted before'}; a second article of each language: ${times.join(', ')} ms; sum ${sum.toFixed(0)} ms`);
