/**
 * Corpus layer benchmark: `npx tsx bench/corpus.ts [COUNT]` replicates the seeds into COUNT in-memory articles
 * (bytes varied a little so no two are identical), parses them all, and prints throughput and peak RSS next to the
 * "read + split" floor (decode + line split + naive sentence split, no cleaning).
 *
 * `npx tsx bench/corpus.ts --inspect DIR` prints, for every article of DIR, what the cleaner dropped (with its rule)
 * and the metadata found: the way to check that the rules generalize.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { parseDocument } from '../src/corpus/documents.js';

const SEEDS = fileURLToPath(new URL('../seeds/', import.meta.url));
const DEFAULT_COUNT = 10_000;

function loadSeeds(dir: string): Array<{ file: string; bytes: Uint8Array }> {
  return readdirSync(dir)
    .filter((f) => /\.(txt|md|html?)$/.test(f))
    .sort()
    .map((file) => ({ file, bytes: readFileSync(join(dir, file)) }));
}

function inspect(dir: string): void {
  for (const { file, bytes } of loadSeeds(dir)) {
    const result = parseDocument(file, bytes, {
      onDropped: (_f, dropped) => {
        for (const d of dropped) console.log(`   - [${d.rule}] ${d.line.slice(0, 100)}`);
      },
    });
    if ('warning' in result) {
      console.log(`${file}: SKIPPED ${result.warning.reason}\n`);
      continue;
    }
    const d = result.document;
    console.log(`${file}: lang=${d.lang} published=${d.published} outlet=${d.outlet} source=${d.source}`);
    console.log(`   title: ${d.title}`);
    console.log(`   ${d.sentences.length} sentences; first body: ${d.sentences[d.title ? 1 : 0]?.text.slice(0, 100)}`);
    console.log(`   last: ${d.sentences.at(-1)?.text.slice(-100)}\n`);
  }
}

function replicate(seeds: Array<{ file: string; bytes: Uint8Array }>, count: number): Array<{ file: string; bytes: Uint8Array }> {
  const out: Array<{ file: string; bytes: Uint8Array }> = [];
  const enc = new TextEncoder();
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length]!;
    // A varying line in the middle: every copy differs (hash, dedupe) without changing the article's shape.
    const text = new TextDecoder().decode(seed.bytes);
    const cut = text.indexOf('\n\n', text.length >> 1);
    const at = cut === -1 ? text.length : cut;
    const varied = `${text.slice(0, at)}\n\nCopy ${i} of the article, number ${i * 7919}.${text.slice(at)}`;
    out.push({ file: `${String(i).padStart(5, '0')}_${seed.file}`, bytes: enc.encode(varied) });
  }
  return out;
}

/** The io adapter's hash (node:crypto), so the figures match loadCorpusDir. */
const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function run(count: number): void {
  const seeds = loadSeeds(SEEDS);
  let t = performance.now();
  for (const s of seeds) parseDocument(s.file, s.bytes);
  const coldSeeds = performance.now() - t;
  t = performance.now();
  for (const s of seeds) parseDocument(s.file, s.bytes);
  console.log(`seeds: ${seeds.length} parsed in ${coldSeeds.toFixed(1)} ms cold, ${(performance.now() - t).toFixed(1)} ms warm`);

  const articles = replicate(seeds, count);
  const totalBytes = articles.reduce((n, a) => n + a.bytes.length, 0);

  // Floor: decode + line split + naive sentence split.
  t = performance.now();
  let pieces = 0;
  const dec = new TextDecoder();
  for (const a of articles) for (const line of dec.decode(a.bytes).split('\n')) pieces += line.split(/(?<=[.!?])\s+/).length;
  const floorMs = performance.now() - t;

  t = performance.now();
  let sentences = 0;
  let skipped = 0;
  for (const a of articles) {
    const r = parseDocument(a.file, a.bytes, { hash });
    if ('document' in r) sentences += r.document.sentences.length;
    else skipped++;
  }
  const parseMs = performance.now() - t;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const load = readLoad();

  console.log(`articles: ${count} (${mb(totalBytes)} MB), ${sentences} sentences, ${skipped} skipped`);
  console.log(`parse:            ${(parseMs / 1000).toFixed(2)} s  ${Math.round((count / parseMs) * 1000)} articles/s  ${((totalBytes / 1024 / 1024) / (parseMs / 1000)).toFixed(1)} MB/s`);
  console.log(`read+split floor: ${(floorMs / 1000).toFixed(2)} s  ${Math.round((count / floorMs) * 1000)} articles/s  (${pieces} naive pieces)`);
  console.log(`peak RSS: ${rssMb.toFixed(0)} MB${load ? `  (1-min load average during run: ${load}; figures scale with contention)` : ''}`);
}

function readLoad(): string | null {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
if (args[0] === '--inspect') inspect(args[1] ?? SEEDS);
else run(Number(args[0] ?? DEFAULT_COUNT));
