/**
 * Synthetic corpora for the benchmarks: articles recombined from the real sentences of seeds/ and
 * ../shared/corpus-dev/*.txt, with registry names swapped for other people of the same country (in the same script),
 * years and page-store dates varied, so extraction does real work on every article. Deterministic (seeded PRNG).
 *
 * The sentences are third-party text kept only on this machine: the generated files live in a temp folder and are
 * never committed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../src/corpus/documents.js';
import { allPeople } from '../src/knowledge/people.js';
import { extractDocument, type DocumentFacts } from '../src/knowledge/extract.js';

/** Bump when the generator changes: a cached folder of another version is regenerated. */
const GENERATOR_VERSION = 2;
export const SEEDS_DIR = fileURLToPath(new URL('../seeds/', import.meta.url));
export const DEV_DIR = fileURLToPath(new URL('../../shared/corpus-dev/', import.meta.url));

interface Pool {
  lang: string;
  title: string;
  sentences: string[];
}

/** mulberry32 */
export function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scriptOf(s: string): string {
  if (/\p{Script=Cyrillic}/u.test(s)) return 'cyrl';
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s)) return 'cjk';
  if (/\p{Script=Hangul}/u.test(s)) return 'hang';
  if (/\p{Script=Thai}/u.test(s)) return 'thai';
  if (/\p{Script=Arabic}/u.test(s)) return 'arab';
  return 'latn';
}

/** Per-source-file sentence pools (one per article of seeds/ and corpus-dev/ found). */
export function loadPools(dirs: string[] = [SEEDS_DIR, DEV_DIR]): Pool[] {
  const pools: Pool[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const r = parseDocument(file, readFileSync(join(dir, file)));
      if ('warning' in r) continue;
      const doc = r.document;
      const sentences = doc.sentences.slice(doc.title ? 1 : 0).map((s) => s.text).filter((t) => t.length >= 20);
      if (sentences.length) pools.push({ lang: doc.lang, title: doc.title ?? sentences[0]!, sentences });
    }
  }
  return pools;
}

/** Variants of registry people, grouped by country and script, for swapping names. */
function nameTable(): { find: RegExp; swap: Map<string, string[][]>; personOf: Map<string, { country: string; script: string }> } {
  const swap = new Map<string, string[][]>();
  const personOf = new Map<string, { country: string; script: string }>();
  const escaped: string[] = [];
  for (const p of allPeople()) {
    const byScript = new Map<string, string[]>();
    for (const v of p.variants) {
      if (v.length < 5 || !/\s|\p{Script=Han}|\p{Script=Katakana}/u.test(v)) continue;
      const script = scriptOf(v);
      byScript.set(script, [...(byScript.get(script) ?? []), v]);
      personOf.set(v, { country: p.country, script });
      escaped.push(v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    for (const [script, variants] of byScript) {
      const key = `${p.country}:${script}`;
      swap.set(key, [...(swap.get(key) ?? []), variants]);
    }
  }
  escaped.sort((a, b) => b.length - a.length);
  return { find: new RegExp(escaped.join('|'), 'gu'), swap, personOf };
}

export interface SynthArticle {
  file: string;
  text: string;
}

/** The i-th article of the synthetic corpus (deterministic for a given pool set). */
export function makeArticleFactory(pools: Pool[]): (i: number) => SynthArticle {
  const names = nameTable();
  return (i: number) => {
    const rand = prng(0x5eed + i * 7919);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const home = pools[i % pools.length]!;
    const year = 2015 + Math.floor(rand() * 11);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const sameLang = pools.filter((p) => p.lang === home.lang);
    const vary = (s: string): string =>
      s
        .replace(names.find, (v) => {
          const who = names.personOf.get(v);
          if (!who || rand() < 0.4) return v;
          const people = names.swap.get(`${who.country}:${who.script}`);
          return people ? pick(pick(people)) : v;
        })
        .replace(/\b20(1[5-9]|2[0-6])\b/g, () => String(year - Math.floor(rand() * 2)));
    const n = 10 + Math.floor(rand() * 20);
    const lines: string[] = [];
    if (rand() < 0.8) lines.push(` date ${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    lines.push(vary(rand() < 0.5 ? home.title : pick(home.sentences)), '');
    let paragraph: string[] = [];
    for (let k = 0; k < n; k++) {
      const pool = rand() < 0.8 ? home : pick(sameLang);
      paragraph.push(vary(pick(pool.sentences)));
      if (paragraph.length >= 2 + Math.floor(rand() * 3)) {
        lines.push(paragraph.join(' '), '');
        paragraph = [];
      }
    }
    if (paragraph.length) lines.push(paragraph.join(' '));
    return { file: `syn_${String(i).padStart(6, '0')}_${home.lang}.txt`, text: `${lines.join('\n')}\n` };
  };
}

/**
 * What a synthetic corpus is made from, as 8 hex digits: the sentence pools (seeds/, corpus-dev/, as the splitter cuts
 * them) and the registry's people the names are swapped among. A change to either makes other articles: the same
 * version and count made before such a change are another corpus, whose figures do not compare.
 */
export function corpusFingerprint(pools: readonly Pool[]): string {
  const people = allPeople().map((p) => [p.country, p.variants]);
  return createHash('sha256').update(JSON.stringify([pools, people])).digest('hex').slice(0, 8);
}

/**
 * A folder holding `count` synthetic articles, generated once and reused (tmpdir/attache-bench-COUNT-vN-FINGERPRINT).
 * @returns the folder, its total size in bytes and the fingerprint of what it was made from (corpusFingerprint)
 */
export function syntheticCorpus(count: number, root = tmpdir()): { dir: string; bytes: number; generatedMs: number; fingerprint: string; madeFrom: string } {
  const pools = loadPools();
  const fingerprint = corpusFingerprint(pools);
  // corpus-dev/ is read only where it lies beside the repository (not beside a worktree elsewhere): say which it was.
  const madeFrom = `${pools.length} source articles in ${new Set(pools.map((p) => p.lang)).size} languages`;
  const dir = join(root, `attache-bench-${count}-v${GENERATOR_VERSION}-${fingerprint}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return { dir, bytes: Number(readFileSync(marker, 'utf8')), generatedMs: 0, fingerprint, madeFrom };
  const t = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const make = makeArticleFactory(pools);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const a = make(i);
    const b = Buffer.from(a.text, 'utf8');
    bytes += b.length;
    writeFileSync(join(dir, a.file), b);
  }
  writeFileSync(marker, String(bytes));
  return { dir, bytes, generatedMs: performance.now() - t, fingerprint, madeFrom };
}

/**
 * The facts of `count` synthetic articles made from the seeds alone (the same on every machine), extracted here and
 * sorted by file: what the assembler's tests and bench/live-vs-full.ts merge.
 */
export function syntheticFacts(count: number): DocumentFacts[] {
  const make = makeArticleFactory(loadPools([SEEDS_DIR]));
  const facts: DocumentFacts[] = [];
  for (let i = 0; i < count; i++) {
    const article = make(i);
    const parsed = parseDocument(article.file, Buffer.from(article.text));
    if ('document' in parsed) facts.push(extractDocument(parsed.document));
  }
  return facts.sort((a, b) => (a.info.file < b.info.file ? -1 : a.info.file > b.info.file ? 1 : 0));
}
