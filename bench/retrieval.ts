/**
 * Retrieval benchmark: synthetic articles recombined from the seed sentences (3% of words replaced by pseudo-words
 * from a Zipf-like 2M vocabulary, for a realistic long tail), indexed with per-language analysis and two concepts
 * per sentence. Prints build time, retained heap, query p50/p90/p99 (random seed words, and worst-case queries of
 * the most common words), that pruned search equals exhaustive scoring, add/remove cost, the binary image size and
 * its restore time.
 *
 *   node --expose-gc --import tsx bench/retrieval.ts [articles=10000] [queries=1000]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Document, Sentence } from '../src/corpus/types.js';
import { buildSearchIndex, searchIndexFromBinary, searchWithoutPruning } from '../src/search/search-index.js';

const ARTICLES = Number(process.argv[2] ?? 10_000);
const QUERIES = Number(process.argv[3] ?? 1000);
const SEEDS = fileURLToPath(new URL('../seeds/', import.meta.url));
const LANG: Record<string, string> = { '000': 'de', '001': 'de', '002': 'ru', '003': 'fr', '004': 'id' };
const CONCEPTS = ['area:semiconductors', 'area:energy', 'area:labor', 'area:oda-finance', 'country:jp', 'country:vn',
  'person:pham-minh-chinh', 'person:ishiba-shigeru', 'place:lima', 'year:2024', 'year:2025'];

let seed = 42;
/** mulberry32: a seeded PRNG, so every run indexes the same corpus. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pool = new Map<string, string[]>();
for (const f of readdirSync(SEEDS).filter((x) => x.endsWith('.txt'))) {
  const lang = LANG[f.slice(0, 3)] ?? 'und';
  const sentences = readFileSync(SEEDS + f, 'utf8').split(/\n|(?<=[.!?])\s+(?=\p{Lu})/u).map((s) => s.trim()).filter((s) => s.length > 20);
  pool.set(lang, [...(pool.get(lang) ?? []), ...sentences]);
}
const langs = ['de', 'de', 'ru', 'fr', 'id'];
const pseudo = (): string => {
  const rank = Math.floor(Math.pow(2_000_000, rand()));
  return 'x' + rank.toString(36) + 'q';
};

function article(i: number): Document {
  const lang = langs[i % langs.length]!;
  const src = pool.get(lang)!;
  const n = 25 + Math.floor(rand() * 20);
  const sentences: Sentence[] = [];
  for (let k = 0; k < n; k++) {
    const words = src[Math.floor(rand() * src.length)]!.split(' ').map((w) => (rand() < 0.03 ? pseudo() : w));
    sentences.push({ index: k + 1, text: words.join(' '), paragraph: Math.floor(k / 4) });
  }
  return { id: `syn-${i}`, file: `syn-${i}.txt`, lang, title: null, outlet: null, published: null, source: null,
    sentences, warnings: [], hash: String(i), bytes: 0 };
}

const conceptsOf = (doc: Document, s: number) => {
  const h = (Number(doc.id.slice(4)) * 31 + s * 7) % 97;
  return h < 20 ? [CONCEPTS[h % CONCEPTS.length]!, CONCEPTS[(h + 3) % CONCEPTS.length]!] : [];
};
const queryConcepts = (q: string) => (q.includes('chip') ? ['area:semiconductors'] : q.includes('Lima') ? ['place:lima'] : []);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const heap0 = mem();
const load0 = loadavg()[0]!;
const t0 = performance.now();
const index = buildSearchIndex([], conceptsOf, { queryConcepts });
// The index's own share of the build (the synthetic articles are made in between).
let addAllMs = 0;
let addCpuMs = 0;
for (let i = 0; i < ARTICLES; i++) {
  const doc = article(i);
  const ta = performance.now();
  const ca = process.cpuUsage();
  index.add(doc);
  const cb = process.cpuUsage(ca);
  addAllMs += performance.now() - ta;
  addCpuMs += (cb.user + cb.system) / 1000;
}
const buildMs = performance.now() - t0;
gc?.();
const heapMb = (mem() - heap0) / 2 ** 20;

const allWords = [...pool.values()].flat().flatMap((s) => s.split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 3);
const queries: string[] = [];
for (let i = 0; i < QUERIES; i++) {
  const k = 1 + Math.floor(rand() * 3);
  const words = Array.from({ length: k }, () => allWords[Math.floor(rand() * allWords.length)]!);
  if (i % 10 === 0) words.push('chips');
  if (i % 10 === 5) words.push('Lima');
  queries.push(words.join(' '));
}
// Worst case: several of the most frequent words (long postings, no rare term to prune with).
const freq = new Map<string, number>();
for (const w of allWords) freq.set(w, (freq.get(w) ?? 0) + 1);
const common = [...freq].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([w]) => w);
const worst: string[] = [];
for (let i = 0; i < Math.max(20, QUERIES / 10); i++) {
  const k = 3 + Math.floor(rand() * 4);
  worst.push(Array.from({ length: k }, () => common[Math.floor(rand() * common.length)]!).join(' '));
}
for (const q of queries.slice(0, 50)) index.search(q);
// Wall time per query, and CPU time (this thread's share of a contended machine: other processes do not inflate it).
const cpuTimes: number[][] = [];
const timeAll = (qs: string[]) => {
  const cpu: number[] = [];
  const ts = qs.map((q) => {
    const t = performance.now();
    const c = process.cpuUsage();
    index.search(q, { limit: 8 });
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    return performance.now() - t;
  });
  cpuTimes.push(cpu.sort((a, b) => a - b));
  return ts.sort((a, b) => a - b);
};
const times = timeAll(queries);
const worstTimes = timeAll(worst);
const [cpuRandom, cpuWorst] = cpuTimes as [number[], number[]];
const pctOf = (ts: number[], p: number) => ts[Math.min(ts.length - 1, Math.floor(p * ts.length))]!.toFixed(2);
const pct = (p: number) => pctOf(times, p);
const key = (hits: { document: string; sentence: number; score: number }[]) => JSON.stringify(hits);
const checked = [...queries.slice(0, 100), ...worst.slice(0, 20)];
const exact = checked.filter((q) => key(index.search(q)) === key(searchWithoutPruning(index, q))).length;

const extra = article(ARTICLES + 1);
let t = performance.now();
index.add(extra);
const addMs = performance.now() - t;
t = performance.now();
index.remove(extra.id);
const removeMs = performance.now() - t;
t = performance.now();
const image = index.toBinary();
const saveMs = performance.now() - t;
t = performance.now();
const loaded = searchIndexFromBinary(image, conceptsOf, { queryConcepts });
const loadMs = performance.now() - t;
const same = queries.slice(0, 100).every((q) => key(loaded.search(q)) === key(index.search(q)));
// Warm start: drop 1% of the documents from the restored image and add changed versions.
t = performance.now();
for (let i = 0; i < ARTICLES; i += 100) loaded.remove(`syn-${i}`);
for (let i = 0; i < ARTICLES; i += 100) loaded.add(article(i));
const warmMs = performance.now() - t;

const st = index.stats();
const retained = mem() - heap0;
console.log(`articles ${ARTICLES}, sentences ${st.sentences}, terms ${st.terms}, postings ${st.postings}`);
console.log(`build ${(buildMs / 1000).toFixed(2)} s (index.add alone ${(addAllMs / 1000).toFixed(2)} s, ${((addAllMs / ARTICLES) * 1000).toFixed(0)} ms per 1,000 articles; CPU ${((addCpuMs / ARTICLES) * 1000).toFixed(0)} ms per 1,000), retained heap + array buffers ${heapMb.toFixed(0)} MB (${((heapMb * 2 ** 20) / st.sentences).toFixed(0)} B/sentence)${gc ? '' : ' (run with --expose-gc for an exact figure)'}, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
console.log(`query (${QUERIES}, limit 8): p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`);
console.log(`common-word query (${worst.length}, 3-6 of the 40 most frequent words): p50 ${pctOf(worstTimes, 0.5)} ms, p99 ${pctOf(worstTimes, 0.99)} ms, max ${pctOf(worstTimes, 1)} ms`);
console.log(`CPU time per query: random p50 ${pctOf(cpuRandom, 0.5)} ms, p99 ${pctOf(cpuRandom, 0.99)} ms; common-word p50 ${pctOf(cpuWorst, 0.5)} ms, p99 ${pctOf(cpuWorst, 0.99)} ms`);
console.log(`pruned = exhaustive top 8 on ${exact}/${checked.length} queries`);
console.log(`add one article ${addMs.toFixed(2)} ms, remove ${removeMs.toFixed(2)} ms`);
console.log(`binary image ${(image.byteLength / 2 ** 20).toFixed(1)} MB, save ${saveMs.toFixed(0)} ms, restore ${loadMs.toFixed(0)} ms, identical results after restore: ${same}`);
console.log(`1-minute load average ${load0.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end (2 cores)`);
console.log(`warm start: remove + re-add ${Math.ceil(ARTICLES / 100)} articles on the restored index ${warmMs.toFixed(0)} ms (heap now ${(retained / 2 ** 20).toFixed(0)} MB incl. image)`);
