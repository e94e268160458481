/** A corpus folder loaded through the cache: only the articles it does not hold are extracted. */
import { statSync } from 'node:fs';
import { ARTICLE_EXTENSIONS, extensionOf } from '../corpus/documents.js';
import type { CorpusDocument, Document, LoadResult, LoadWarning } from '../corpus/types.js';
import { extractDocument } from '../knowledge/extract.js';
import { corpusFolderNames, loadCorpusFile } from '../corpus-folder/load.js';
import { pathIn, type FolderScan } from '../corpus-folder/folder-scan.js';
import { createExtractPool, workerHeapMb, workersFor, type ExtractPool } from '../corpus-folder/extract-workers.js';
import { leanFacts } from './codec.js';
import type { KnowledgeCache } from './entries.js';
import { isLean, leanDocument } from './lean-documents.js';

export interface CachedLoadOptions<F> {
  cache: KnowledgeCache<F>;
  extract: (document: Document) => F;
  maxBytes?: number;
  log?: (warning: LoadWarning) => void;
  /**
   * 'stat' (default): a file whose size and mtime match the cache is taken from it without being read, like git's
   * index; 'content': every file is read and hashed, and only its extraction is reused.
   */
  verify?: 'stat' | 'content';
  /**
   * Worker threads for the documents to extract (src/corpus-folder/extract-workers.ts): default `workersFor(files not in the
   * cache)`, i.e. one per core when at least PARALLEL_MIN_DOCUMENTS may need extracting, else 0 (this thread).
   * Only used when `extract` is knowledge/extract.ts `extractDocument`, the function the workers run.
   */
  workers?: number;
  /**
   * Streaming: each document (lean when `lean` and taken from the cache) and its facts are handed here in file order, and the facts are not kept (the result's
   * `facts` is empty), so a large corpus is never whole in memory as facts.
   */
  consume?: (document: CorpusDocument, facts: F) => void;
  /**
   * A lean document already known for this file name and content hash (a knowledge snapshot's): a file whose size and
   * mtime match the cache, or that is read and has that content, is taken as that document, its cache entry not even
   * read, and handed to `consumeKnown`.
   */
  known?: (name: string, hash: string) => CorpusDocument | undefined;
  consumeKnown?: (document: CorpusDocument) => void;
  /**
   * Documents keep their sentences on disk, in the cache, and read them back when asked (after `consume` saw them).
   * For large corpora: sentences are most of a document's memory and only a few are read after loading.
   */
  lean?: boolean;
  /**
   * With `lean`: a file the cache holds (by its stat) is taken as its lean document alone, its facts neither decoded
   * nor leaned, and handed to `consumeKnown` as a known document is (a load that reads the facts back later).
   */
  hitsWithoutFacts?: boolean;
  /** New cache entries held in memory before they are written to a segment (default SPILL_EVERY). */
  spillEvery?: number;
  /** The folder listed and statted already (corpus-folder/folder-scan.ts): it is then neither listed nor statted here. */
  scan?: FolderScan;
}

export interface CachedLoadResult<F> extends Omit<LoadResult, 'documents'> {
  /** Lean (sentences left in the cache) with the `lean` option. */
  documents: CorpusDocument[];
  facts: F[];
  /** Files taken from the cache without reading / read but not re-extracted / extracted. */
  counts: { unread: number; reused: number; extracted: number };
}

/** Documents read ahead of the one being taken, at most (bounds memory while workers extract). */
const READ_AHEAD = 1024;
/** New cache entries held in memory before they are spilled to a segment. */
const SPILL_EVERY = 1024;

/**
 * Loads every article of `dir` (like loadCorpusDir: sorted by name, the same warnings) with the facts of each,
 * extracting only the documents the cache does not hold.
 */
export async function loadCorpusCached<F>(dir: string, options: CachedLoadOptions<F>): Promise<CachedLoadResult<F>> {
  const { cache, extract } = options;
  const scan = options.scan;
  const names = scan ? scan.names : await corpusFolderNames(dir);
  const documents: CorpusDocument[] = [];
  const facts: F[] = [];
  const warnings: LoadWarning[] = [];
  const counts = { unread: 0, reused: 0, extracted: 0 };
  const warn = (w: LoadWarning) => {
    warnings.push(w);
    options.log?.(w);
  };
  // The articles' positions among the names, by name: a scan's stats are at those positions.
  const positions = names.flatMap((n, k) => (ARTICLE_EXTENSIONS[extensionOf(n)] !== undefined ? [k] : []))
    .sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const articles = positions.map((k) => names[k]!);
  const verify = options.verify ?? 'stat';
  // Stat every file first: how many may need extracting decides whether worker threads are worth starting (they
  // then warm up while the files are read).
  // statSync: one awaited stat per file costs ~20× the call itself in a large folder.
  // One path per file, without normalizing each (join's normalization: 0.1–0.2 s at 100,000 files).
  const paths = articles.map(pathIn(dir));
  // Each article's size and mtime, NaN when it is not a file or could not be statted (loadCorpusFile names the
  // problem): columns, not an object per file.
  const sizes = new Float64Array(articles.length).fill(NaN);
  const mtimes = new Float64Array(articles.length).fill(NaN);
  for (let k = 0; k < articles.length; k++) {
    if (scan) {
      sizes[k] = scan.size[positions[k]!]!;
      mtimes[k] = scan.mtimeMs[positions[k]!]!;
      continue;
    }
    try {
      const info = statSync(paths[k]!);
      if (!info.isFile()) continue;
      sizes[k] = info.size;
      mtimes[k] = info.mtimeMs;
    } catch {
      // left NaN
    }
  }
  // The content hash the cache knows for each file's size and mtime (undefined: the file must be read).
  const statHashes = paths.map((path, k) => (verify === 'stat' && !Number.isNaN(sizes[k]) ? cache.hashOfFile(path, sizes[k]!, mtimes[k]!) : undefined));
  let pool: ExtractPool | null = null;
  if ((extract as unknown) === extractDocument) {
    let unknown = 0;
    let largest = 0;
    for (let k = 0; k < articles.length; k++) {
      if (verify === 'stat' && statHashes[k] !== undefined) continue;
      unknown++;
      if (sizes[k]! > largest) largest = sizes[k]!;
    }
    const size = options.workers ?? workersFor(unknown);
    // Each worker's heap bounded by what the largest article to extract needs (a larger file than statted: see
    // createExtractPool, which extracts it here when a worker runs out of memory).
    if (size > 0) pool = createExtractPool({ size, heapMb: workerHeapMb(Math.min(largest, options.maxBytes ?? largest)) });
  }
  // Each article in file order: a stat hit, a skipped file, or a document with its facts (reused from the cache,
  // extracted here, or on their way from a worker). With a pool, files are read ahead (at most READ_AHEAD) while
  // the workers extract, and taken in order, with the same effects (warnings, cache entries, counts).
  type Article =
    | { hit: { document: CorpusDocument; facts: F } }
    | { known: CorpusDocument; read?: boolean }
    | { warning: LoadWarning }
    | { document: Document; facts: F | Promise<F>; reused: boolean };
  const pending: { k: number; article: Article }[] = [];
  const takeOldest = async () => {
    const { k, article } = pending.shift()!;
    if (take(k, article, 'facts' in article ? await article.facts : undefined)) await cache.spill();
  };
  try {
    for (const [k, name] of articles.entries()) {
      const path = paths[k]!;
      let article: Article | null = null;
      const hash = statHashes[k];
      if (hash !== undefined) {
        const known = options.known?.(name, hash);
        if (known) article = { known };
        else {
          if (options.lean && options.hitsWithoutFacts) {
            const document = cache.getLeanDocument(hash);
            if (document?.file === name) article = { known: document };
          } else {
            // Lean: the sentences are not even decoded (they are read back when shown).
            const hit = options.lean ? cache.get(hash, 'lean') : cache.get(hash);
            if (hit && hit.document.file === name) article = { hit };
          }
        }
      }
      if (!article) {
        const result = await loadCorpusFile(path, { maxBytes: options.maxBytes });
        if ('warning' in result) article = result;
        else {
          const document = result.document;
          // Read again (touched, or its stat unknown) and the same content as a known document: taken as that one.
          const known = options.known?.(name, document.hash);
          const hit = known ? undefined : options.lean ? cache.get(document.hash, 'lean') : cache.get(document.hash);
          if (known) article = { known, read: true };
          else if (hit && hit.document.file === name) article = { document, facts: hit.facts, reused: true };
          else article = { document, facts: pool ? (pool.extract(document) as Promise<F>) : extract(document), reused: false };
        }
      }
      // Without workers, taken at once; awaited only to spill (a start from a snapshot takes 100,000 articles).
      if (!pool) {
        if (take(k, article, 'facts' in article ? await article.facts : undefined)) await cache.spill();
        continue;
      }
      pending.push({ k, article });
      if (pending.length > READ_AHEAD) await takeOldest();
    }
    while (pending.length) await takeOldest();
  } finally {
    await pool?.close();
  }

  /**
   * The `k`th article's effects on the result and the cache (`f`: the facts of a document article); true when the
   * cache holds enough new entries to be spilled.
   */
  function take(k: number, article: Article, f: F | undefined): boolean {
    const name = articles[k]!;
    const path = paths[k]!;
    const statted = !Number.isNaN(sizes[k]);
    if ('warning' in article) {
      cache.forgetFile(path);
      warn(article.warning);
      return false;
    }
    if ('known' in article) {
      if (!article.read) counts.unread++;
      else {
        counts.reused++;
        // Its new stat recorded: the next start takes it unread.
        if (statted) cache.noteFile(path, sizes[k]!, mtimes[k]!, article.known.hash);
      }
      documents.push(article.known);
      for (const reason of article.known.warnings) warn({ file: name, reason });
      options.consumeKnown?.(article.known);
      return false;
    }
    let document: CorpusDocument;
    if ('hit' in article) {
      document = article.hit.document;
      f = article.hit.facts;
      counts.unread++;
    } else {
      document = article.document;
      if (article.reused) counts.reused++;
      else counts.extracted++;
      if (statted) cache.set(document, f as F, { path, size: sizes[k]!, mtimeMs: mtimes[k]! });
      else cache.set(document, f as F);
    }
    documents.push(document);
    for (const reason of document.warnings) warn({ file: name, reason });
    if (options.lean && f !== undefined) leanFacts(f, document, !('hit' in article));
    if (options.consume) options.consume(document, f as F);
    else facts.push(f as F);
    if (options.lean && !isLean(document)) leanDocument(document);
    return cache.unwritten >= (options.spillEvery ?? SPILL_EVERY);
  }
  return { documents, facts, warnings, counts };
}
