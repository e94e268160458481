/**
 * The live corpus: the corpus folder is watched (fs.watch, debounced), each article file is re-stat'ed on a change
 * and re-read only when its size or mtime moved and its content hash really changed. `createLiveCorpus` keeps the
 * loaded documents and the extracted knowledge up to date, re-extracting only the files that changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ARTICLE_EXTENSIONS, extensionOf, sentenceTextOf, withSentences } from '../corpus/documents.js';
import type { CorpusDocument, Document, LoadWarning, SentenceSource } from '../corpus/types.js';
import type { CorpusSnapshot } from '../digest/compose.js';
import type { Knowledge } from '../knowledge/types.js';
import type { Log, Store } from '../store/store.js';
import type { SearchIndex } from '../search/search-index.js';
import type { EngineRankings } from '../briefing/rankings.js';
import { loadCorpusFile, type LoadOptions, DEFAULT_MAX_BYTES } from './load.js';
import { leanFacts } from '../knowledge-cache/codec.js';
import { loadCorpusCached } from '../knowledge-cache/load.js';
import { continueFromSnapshot, loadKnowledge, saveSnapshot, type Assembled, type PlanAssembler } from '../knowledge-cache/knowledge-load.js';
import { type KnowledgeCache } from '../knowledge-cache/entries.js';
import { extractDocument } from '../knowledge/extract.js';
import { partitionPoint } from '../knowledge/partition-point.js';
import { extractAll, workersFor } from './extract-workers.js';
import { pathIn, scanFolder, type FolderScan } from './folder-scan.js';
import { cachedSentences, isLean, leanDocument } from '../knowledge-cache/lean-documents.js';

/** Quiet time after the last file event before the folder is re-scanned. */
export const WATCH_DEBOUNCE_MS = 300;
/** Quiet time after the last corpus change before the knowledge cache is written. */
const CACHE_WRITE_DELAY_MS = 2_000;
/**
 * The knowledge snapshot is written again at most this often while running (at 100,000 articles a write takes a few
 * seconds of work): a restart before then reads only the articles changed since the last one.
 */
const SNAPSHOT_EVERY_MS = 10 * 60_000;
/** Paths a change may have for the documents' list to be mended rather than sorted again (mendSorted). */
const MEND_MAX = 256;
/** Restored meetings filed per idle step (a few milliseconds each). */
const PREPARE_STEP = 2_000;

interface FileState {
  size: number;
  mtimeMs: number;
  /**
   * Undefined in a baseline taken with `knownHash`: asked of it only once the file's stat moves (the cache then still
   * holds the stamp of the content the load took), so a start hashes nothing.
   */
  hash: string | undefined;
}

export interface WatchOptions {
  /** Called with the full paths of article files added or changed, and of those removed. */
  onChange(changed: string[], removed: string[]): void | Promise<void>;
  debounceMs?: number;
  log?: Log;
  /** Default true; false: no fs.watch, changes are found by `rescan()` only. */
  listen?: boolean;
  /** The content hash of a file known by its size and mtime (e.g. from the knowledge cache): the baseline scan then skips reading it. */
  knownHash?: (path: string, size: number, mtimeMs: number) => string | undefined;
  /** Files larger than this are identified by size and mtime, never read (the loader skips them). Default 5 MB. */
  maxBytes?: number;
  /**
   * With `knownHash`: the baseline's listing and stats, being taken already (a start shares one scan with its load):
   * not taken again, and no file is hashed.
   */
  baseline?: Promise<FolderScan>;
}

export interface CorpusWatcher {
  /** Re-scans now and reports what changed since the last scan (also what a file event triggers). */
  /** `names`: only these file names (what a file event named), else the whole folder. */
  rescan(names?: readonly string[]): Promise<{ changed: string[]; removed: string[] }>;
  /** Makes its table of files now, from a shared baseline scan (else made when first looked at). */
  prepare(): void;
  close(): void;
}

function isArticle(name: string): boolean {
  return ARTICLE_EXTENSIONS[extensionOf(name)] !== undefined && !name.startsWith('.');
}

async function hashFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/**
 * Watches `dir` (not its subfolders). The first scan is the baseline and is not reported. Events are debounced
 * by `debounceMs`; a file whose size and mtime did not move is not read, and one whose bytes hash the same is not
 * reported. Errors are logged, never thrown from the watcher.
 */
export async function watchCorpus(dir: string, options: WatchOptions): Promise<CorpusWatcher> {
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  const files = new Map<string, FileState>();
  /** A shared scan not yet made into the table (made when first looked at: a start does not wait for it). */
  let baselineScan: FolderScan | undefined;
  /** Each file's state, by name. */
  const table = (): Map<string, FileState> => {
    const scan = baselineScan;
    if (scan) {
      baselineScan = undefined;
      scan.names.forEach((name, k) => {
        if (isArticle(name) && !Number.isNaN(scan.size[k]!)) files.set(name, { size: scan.size[k]!, mtimeMs: scan.mtimeMs[k]!, hash: undefined });
      });
    }
    return files;
  };
  let timer: NodeJS.Timeout | null = null;
  let scanning: Promise<{ changed: string[]; removed: string[] }> | null = null;
  let again = false;
  let closed = false;

  /** `only`: the file names to look at (an event named them), else the whole folder. */
  async function scanOnce(baseline = false, only?: ReadonlySet<string>): Promise<{ changed: string[]; removed: string[] }> {
    const known = table();
    const names = only ? [...only].filter((n) => isArticle(n) && existsSync(join(dir, n))) : (await readdir(dir)).filter(isArticle);
    const present = new Set(names);
    const changed: string[] = [];
    // statSync: an awaited stat per file costs ~20× the call itself; a scan of 100,000 files stays ~0.3 s.
    const stats = new Map<string, import('node:fs').Stats | null>();
    for (const name of names) {
      try {
        stats.set(name, statSync(join(dir, name)));
      } catch {
        stats.set(name, null);
      }
    }
    for (const name of names) {
      try {
        const info = stats.get(name);
        if (!info) throw new Error('vanished');
        if (!info.isFile()) continue;
        if (baseline && options.knownHash) {
          known.set(name, { size: info.size, mtimeMs: info.mtimeMs, hash: undefined });
          continue;
        }
        const before = known.get(name);
        if (before && before.size === info.size && before.mtimeMs === info.mtimeMs) continue;
        const path = join(dir, name);
        // A file too large to be an article is identified by its stat, never read (the loader skips it with a warning).
        const hash = info.size > (options.maxBytes ?? DEFAULT_MAX_BYTES) ? `stat:${info.size}:${info.mtimeMs}` : await hashFile(path);
        known.set(name, { size: info.size, mtimeMs: info.mtimeMs, hash });
        // Unknown to the cache as well (a file the load skipped): reported, and the loader looks at it again.
        const hashBefore = before && (before.hash ?? options.knownHash?.(path, before.size, before.mtimeMs));
        if (!before || hashBefore !== hash) changed.push(path);
      } catch {
        present.delete(name); // vanished between readdir and stat
      }
    }
    const removed: string[] = [];
    for (const name of only ? [...only].filter((n) => known.has(n)) : [...known.keys()]) {
      if (!present.has(name)) {
        known.delete(name);
        removed.push(join(dir, name));
      }
    }
    return { changed, removed };
  }

  /** Names an event gave since the last scan; null: an event without a name (or none yet): scan everything. */
  let named: Set<string> | null = null;
  async function rescan(only?: readonly string[]): Promise<{ changed: string[]; removed: string[] }> {
    if (scanning) {
      again = true;
      return scanning;
    }
    let subset = only ? new Set(only) : undefined;
    scanning = (async () => {
      const total = { changed: new Set<string>(), removed: new Set<string>() };
      do {
        again = false;
        const { changed, removed } = await scanOnce(false, subset);
        subset = undefined; // a scan asked for while this one ran: the whole folder
        for (const p of changed) {
          total.changed.add(p);
          total.removed.delete(p);
        }
        for (const p of removed) {
          total.removed.add(p);
          total.changed.delete(p);
        }
      } while (again && !closed);
      return { changed: [...total.changed], removed: [...total.removed] };
    })();
    try {
      const result = await scanning;
      if (result.changed.length > 0 || result.removed.length > 0) await options.onChange(result.changed, result.removed);
      return result;
    } finally {
      scanning = null;
    }
  }

  if (options.baseline && options.knownHash) {
    // A shared scan, and a cache that knows each file's content by its stat: each file's stat is the baseline, its
    // hash asked of the cache once the stat moves (NaN: not a file, or gone when statted).
    baselineScan = await options.baseline;
  } else await scanOnce(true);
  let watcher: FSWatcher | null = null;
  if (options.listen ?? true) {
    let whole = false;
    watcher = watch(dir, { persistent: false }, (_event, filename) => {
      if (closed) return;
      // An event names its file (on Linux and macOS): only those files are looked at, not all 100,000.
      if (typeof filename === 'string' && filename) (named ??= new Set()).add(filename);
      else whole = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const names = whole || !named ? undefined : [...named];
        named = null;
        whole = false;
        rescan(names).catch((error: unknown) => options.log?.error({ dir, err: String(error) }, 'corpus re-scan failed'));
      }, debounceMs);
    });
    watcher.on('error', (error) => options.log?.error({ dir, err: String(error) }, 'corpus watcher failed'));
  }

  return {
    rescan,
    prepare: () => void table(),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      watcher = null;
    },
  };
}

/** The file of the first document of each language, in the order the languages first come. */
function firstOfEachLanguage(documents: readonly CorpusDocument[]): string[] {
  const files = new Map<string, string>();
  for (const d of documents) if (!files.has(d.lang)) files.set(d.lang, d.file);
  return [...files.values()];
}

/** The knowledge pipeline, split so each document's facts can be cached by content hash. */
export interface KnowledgePipeline<F> {
  /** Facts of one document (e.g. knowledge/extract.ts `extractDocument`). */
  extract(document: Document): F;
  /** Knowledge of the whole corpus from its documents' facts (e.g. `assembleKnowledge`). */
  assemble(facts: F[]): Knowledge;
  /**
   * Optional incremental assembly (e.g. `createAssembler`): when an update only adds documents, their facts are
   * added to the knowledge already built instead of re-assembling the whole corpus.
   */
  assembler?(facts: F[]): IncrementalAssembler<F>;
}

/** What createAssembler gives: add (and, when it can, remove) one document's facts at a time. */
/**
 * With PlanAssembler's plan, adopt and restore (knowledge-cache/knowledge-load.ts) and a cache, a restart places the
 * meetings by the snapshot's plan instead of merging every article again.
 */
export interface IncrementalAssembler<F> extends Partial<Pick<PlanAssembler<F>, 'plan' | 'adopt' | 'restore'>> {
  add(facts: F): void;
  /** Takes a document's facts out again (a changed or deleted file); without it, such a change re-assembles all. */
  remove?(documentId: string): boolean;
  knowledge(): Knowledge;
  /** Prepares up to `limit` restored meetings for lookups; true when all are (see knowledge/assembler.ts). */
  prepare?(limit?: number): boolean;
}

export interface LiveCorpusOptions<F> {
  pipeline: KnowledgePipeline<F>;
  log: Log;
  /** Records the first-seen time of each document added or changed while running (`corpus:first-seen:<hash>`). */
  store?: Store;
  clock?: () => Date;
  maxBytes?: number;
  debounceMs?: number;
  /** Default true; false loads once (terminal use). */
  watch?: boolean;
  /** Called after every update, e.g. to rebuild the search engine. */
  onUpdate?: (corpus: LiveCorpus) => void | Promise<void>;
  onWarning?: (warning: LoadWarning) => void;
  /**
   * Persisted facts (src/knowledge-cache): the first load re-extracts only what changed since the last run, and
   * every update is written back (in the background, coalesced).
   */
  cache?: KnowledgeCache<F>;
  /**
   * Builds the search index of the first load (e.g. from a cached image); from then on the live corpus keeps it up
   * to date by adding and removing the documents that changed, so an update costs one document, not the corpus.
   */
  searchIndex?: (documents: Document[]) => SearchIndex | Promise<SearchIndex>;
  /**
   * With a cache: a search index fed document by document while the first load streams (e.g. app.ts
   * `streamingSearchIndex`, which starts from the cached image), used instead of `searchIndex`. `finish` removes
   * the documents no longer present and says whether the index changed; `save` persists it then.
   */
  indexStream?: () => Promise<IndexStream<F>>;
}

export interface IndexStream<F> {
  index: SearchIndex;
  /**
   * Indexes a document as it streams by, with its facts (which carry the concepts extraction found; undefined: not
   * read, e.g. a document taken from a knowledge snapshot, and read back if needed). A lean document (taken from the
   * cache) the index does not hold yet has its sentences read back.
   */
  add(document: CorpusDocument, facts: F | undefined): void;
  finish(documents: readonly CorpusDocument[]): boolean;
  /**
   * Writes the index image (it records each document it holds); `index` is then the index restored from that image
   * (compact, and faster to search than one built document by document), even if the image could not be written.
   */
  save(): Promise<void>;
  /**
   * Lets the index go while a start merges and writes its snapshot (the index is 260 MB at 100,000 articles), when
   * the cache's image is exactly it (restored unchanged, or just saved); true if it did. `index` throws until `reopen`.
   */
  setAside?(): boolean;
  /**
   * Reads a set-aside index back from the cache's image (rebuilt if it is gone), brought up to date with `documents`;
   * false when it was not set aside.
   */
  reopen?(documents: readonly CorpusDocument[]): Promise<boolean>;
}

export interface LiveCorpus {
  /** Lean with a cache (sentences read through `sentences`). */
  documents(): CorpusDocument[];
  /** Reads a lean document's sentences back (from the cache; none without one). */
  sentences: SentenceSource;
  knowledge(): Knowledge;
  /** Knowledge and id → hash, what the digest compares with its cursors. */
  snapshot(): CorpusSnapshot;
  /** When a content hash was first seen by this bot (ISO), if recorded. */
  firstSeen(hash: string): Promise<string | undefined>;
  /** The search index of the current documents, when `searchIndex` was given. */
  index(): SearchIndex | undefined;
  /** The engine's rankings of the current knowledge, while it is the one a knowledge snapshot gave with them. */
  rankings(): EngineRankings | undefined;
  /** Waits until the cache holds the latest update (no-op without a cache). */
  flush(): Promise<void>;
  /**
   * Resolves when the work done while idle after a start from a knowledge snapshot is (the assembler filled from the
   * cached facts, restored meetings filed for lookups, one article of each language extracted): until then, the first
   * change waits for what is left of it. After a change, also when that change's idle work is (the copies the next
   * change will take, made ahead: a change that comes sooner makes what it needs itself, and does not wait).
   */
  prepared(): Promise<void>;
  /** Re-scans the folder now. */
  /** `files`: only these paths or names (e.g. the file just written), else the whole folder. */
  refresh(files?: readonly string[]): Promise<void>;
  /** Re-assembles the knowledge from the current facts (e.g. after model-assisted facts arrived) and reports it. */
  reassemble(): Promise<void>;
  close(): void;
}

/** True when the assembler can give and restore a merge plan (the knowledge snapshot). */
function canPlan<F>(assembler: IncrementalAssembler<F>): assembler is IncrementalAssembler<F> & PlanAssembler<F> {
  return !!(assembler.plan && assembler.adopt && assembler.restore && assembler.remove);
}

/** Loads `dir` and keeps it loaded: documents, knowledge and first-seen times follow the folder's files. */
export async function createLiveCorpus<F>(dir: string, options: LiveCorpusOptions<F>): Promise<LiveCorpus> {
  const clock = options.clock ?? (() => new Date());
  const { extract, assemble } = options.pipeline;
  const { cache } = options;
  const loadOptions: LoadOptions = { maxBytes: options.maxBytes, log: options.onWarning };
  /**
   * Reads and extracts an article, its facts dropped: the first extraction of a language in a process builds that
   * language's lexicons and compiles the code its text takes (30–70 ms more than the next one), which a start from the
   * cache never extracts. Done while idle for the first article of each language, the first change does not pay it.
   */
  const extractOnce = (path: string): Promise<void> =>
    loadCorpusFile(path, { maxBytes: options.maxBytes })
      .then((result) => {
        if (!closed && 'document' in result) extract(result.document);
      })
      // Only a head start: a file gone since, or one that fails, is met again by the change that touches it.
      .catch(() => undefined);
  const byPathMap = new Map<string, CorpusDocument>();
  /** Documents a load gave, not yet in the map by path (put there when it is first looked at: a start does not wait). */
  let loadedDocuments: { documents: readonly CorpusDocument[]; path: (file: string) => string } | undefined;
  /** The documents by path. */
  const byPathOf = (): Map<string, CorpusDocument> => {
    if (loadedDocuments) {
      const { documents, path } = loadedDocuments;
      loadedDocuments = undefined;
      for (const doc of documents) byPathMap.set(path(doc.file), doc);
    }
    return byPathMap;
  };
  const sentences: SentenceSource = cache ? cachedSentences((hash) => cache.document(hash)?.sentences) : () => undefined;
  const facts = new Map<string, F>();
  let knowledge: Knowledge = assemble([]);
  let index: SearchIndex | undefined;
  /**
   * The stream the first load indexed through, when it had one: a document that comes later is indexed through it
   * too, with the concepts its extraction found (as a restart indexes it), instead of the index finding them again in
   * its text (most of what indexing one article cost).
   */
  let indexStream: IndexStream<F> | null = null;
  let live: LiveCorpus | undefined;
  let current: CorpusDocument[] | null = null;
  let saving: Promise<void> = Promise.resolve();

  /** The paths of `current`, in its order. */
  let currentPaths: string[] = [];

  /** The documents in path order (made once, then mended by each change: mendSorted). */
  const sorted = (): CorpusDocument[] => {
    if (current) return current;
    const entries = [...byPathOf().entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    currentPaths = entries.map(([path]) => path);
    return (current = entries.map(([, d]) => d));
  };

  /**
   * `current` brought up to date for `paths` (changed, added or gone), each placed by halving, instead of sorted
   * again (100,000 articles: about 40 ms, for each change). A copy: the list handed out stays as it was.
   */
  function mendSorted(paths: readonly string[]): void {
    if (!current || paths.length > MEND_MAX) {
      current = null;
      return;
    }
    const docs = current.slice();
    const keys = currentPaths.slice();
    const byPath = byPathOf();
    for (const path of new Set(paths)) {
      const at = partitionPoint(keys, (key) => key < path);
      const doc = byPath.get(path);
      const here = keys[at] === path;
      if (doc && here) docs[at] = doc;
      else if (doc) {
        keys.splice(at, 0, path);
        docs.splice(at, 0, doc);
      } else if (here) {
        keys.splice(at, 1);
        docs.splice(at, 1);
      }
    }
    current = docs;
    currentPaths = keys;
  }

  /** A document's facts: kept in memory without a cache; with one, read back from it (large corpora stay lean). */
  /**
   * The stat of each file read since the last cache write, taken before it was read (a change after that gives a
   * newer mtime, so the next start reads the file again), recorded with its entry: a restart then takes it unread.
   */
  const stats = new Map<string, { path: string; size: number; mtimeMs: number }>();
  function factsOf(doc: CorpusDocument): F {
    let f = facts.get(doc.hash);
    if (!f) {
      const hit = cache?.get(doc.hash);
      const full = hit && hit.document.id === doc.id ? null : withSentences(doc, sentences);
      f = full ? extract(full) : hit!.facts;
      if (!cache) facts.set(doc.hash, f);
      const file = stats.get(doc.hash);
      cache?.set(full ?? withSentences(doc, sentences), f, file);
      if (cache) leanFacts(f, doc, !hit || !isLean(doc));
    }
    return f;
  }

  /** Done when the idle work after a start from a snapshot is (see LiveCorpus.prepared). */
  let prepared: Promise<void> = Promise.resolve();
  /** Done when the idle work after the last change is (see prepareAfterChange). */
  let settled: Promise<void> = Promise.resolve();
  /** Counts the changes' idle runs: a run stops when a later change starts its own. */
  let idleRuns = 0;
  /** The knowledge differs from the snapshot on disk: written with the next cache write (at most every SNAPSHOT_EVERY_MS). */
  let snapshotDue = false;
  let closed = false;
  /** The incremental assembler and the documents (id + content hash) it holds, when the pipeline has one. */
  let incremental: { assembler: IncrementalAssembler<F>; hashes: Set<string> } | null = null;

  function rebuild(full = false): void {
    current = null;
    const docs = sorted();
    const wanted = new Set(docs.map((d) => d.hash));
    for (const hash of [...facts.keys()]) if (!wanted.has(hash)) facts.delete(hash);
    const make = options.pipeline.assembler;
    if (!make) {
      knowledge = assemble(docs.map(factsOf));
      return;
    }
    // Only additions since the last build: add them; anything removed or changed: build again from all facts
    // (update() takes a removal out instead, when the assembler can).
    const keys = new Set(docs.map((d) => `${d.id}\0${d.hash}`));
    const onlyAdded = !full && incremental !== null && [...incremental.hashes].every((k) => keys.has(k));
    if (onlyAdded) {
      for (const doc of docs) {
        const key = `${doc.id}\0${doc.hash}`;
        if (incremental!.hashes.has(key)) continue;
        incremental!.assembler.add(factsOf(doc));
        incremental!.hashes.add(key);
      }
    } else {
      incremental = { assembler: make(docs.map(factsOf)), hashes: keys };
    }
    knowledge = incremental!.assembler.knowledge();
  }

  /**
   * Writes the cache a moment after the last update (CACHE_WRITE_DELAY_MS), so the new article is answerable at once
   * and a burst of changes costs one write; flush() writes a pending cache now.
   */
  let pending: NodeJS.Timeout | null = null;
  let snapshotAt = 0;
  let snapshotTimer: NodeJS.Timeout | null = null;
  const write = (force = false): void => {
    pending = null;
    saving = saving.then(async () => {
      await cache!.save(sorted().map((d) => d.hash)).catch((error: unknown) => {
        options.log.warn({ err: String(error) }, 'knowledge cache not written');
      });
      const assembler = incremental?.assembler;
      if (!snapshotDue || !assembler || !canPlan(assembler)) return;
      const wait = snapshotAt + SNAPSHOT_EVERY_MS - clock().getTime();
      if (!force && snapshotAt && wait > 0) {
        snapshotTimer ??= setTimeout(() => {
          snapshotTimer = null;
          write(true);
        }, wait).unref();
        return;
      }
      snapshotDue = false;
      snapshotAt = clock().getTime();
      await saveSnapshot(cache!, sorted(), assembler).catch((error: unknown) => {
        options.log.warn({ err: String(error) }, 'knowledge snapshot not written');
      });
    });
  };
  function persist(): void {
    if (!cache) return;
    if (pending) clearTimeout(pending);
    pending = setTimeout(write, CACHE_WRITE_DELAY_MS);
    pending.unref();
  }

  /**
   * Applies one update to the knowledge: with an assembler that can remove, only the documents that went or came are
   * taken out and added (no pass over the corpus); otherwise rebuild().
   */
  function update(gone: CorpusDocument[], added: Document[], paths: readonly string[]): void {
    if (!incremental?.assembler.remove) return rebuild();
    mendSorted(paths);
    for (const doc of gone) {
      const key = `${doc.id}\0${doc.hash}`;
      if (!incremental.hashes.delete(key)) continue;
      incremental.assembler.remove(doc.id);
      facts.delete(doc.hash);
    }
    for (const doc of added) {
      const key = `${doc.id}\0${doc.hash}`;
      if (incremental.hashes.has(key)) continue;
      incremental.assembler.add(factsOf(doc));
      incremental.hashes.add(key);
    }
    knowledge = incremental.assembler.knowledge();
    idleWanted = true;
  }

  /**
   * The assembler's idle work after a change, a step per turn of the event loop: the copies of the lists just handed
   * out, which the next change takes instead of copying them itself (at 100,000 articles, over half of a change's time).
   * It stops while a change is applied (a step would lengthen that change by a copy it may not need), and starts
   * again after it.
   */
  function prepareAfterChange(): void {
    const assembler = incremental?.assembler;
    if (!assembler?.prepare) return;
    const run = ++idleRuns;
    settled = new Promise((resolve) => {
      const step = (): void => {
        if (!closed && !applying && run === idleRuns && incremental?.assembler === assembler && !assembler.prepare!(PREPARE_STEP)) setImmediate(step);
        else resolve();
      };
      setImmediate(step);
    });
  }

  /** Changes being applied (the watcher and refresh() may each start one). */
  let applying = 0;
  /** A change was applied since the last idle run started. */
  let idleWanted = false;
  async function apply(changed: string[], removed: string[]): Promise<void> {
    applying++;
    try {
      await applyNow(changed, removed);
    } finally {
      if (--applying === 0 && idleWanted) {
        idleWanted = false;
        prepareAfterChange();
      }
    }
  }

  async function applyNow(changed: string[], removed: string[]): Promise<void> {
    // A change that comes while the assembler is still being filled after a start from a snapshot waits for it here,
    // the event loop free (the bot answers meanwhile), rather than filling it all at once in update(). One that comes
    // while the first load runs waits for it.
    await firstLoaded;
    await prepared;
    const byPath = byPathOf();
    const gone: CorpusDocument[] = [];
    const added: Document[] = [];
    /** Indexed once their facts are known (update() extracts them). */
    const toIndex: Document[] = [];
    for (const path of removed) {
      const doc = byPath.get(path);
      byPath.delete(path);
      cache?.forgetFile(path);
      if (doc) {
        index?.remove(doc.id);
        gone.push(doc);
      }
    }
    for (const path of changed) {
      const before = byPath.get(path);
      let info: { size: number; mtimeMs: number } | undefined;
      try {
        info = statSync(path);
      } catch {
        // gone or unreadable: loadCorpusFile says why
      }
      const result = await loadCorpusFile(path, loadOptions);
      if (info && 'document' in result) stats.set(result.document.hash, { path, size: info.size, mtimeMs: info.mtimeMs });
      if (before && before.hash !== (('document' in result) ? result.document.hash : '')) gone.push(before);
      if ('warning' in result) {
        byPath.delete(path);
        if (before) index?.remove(before.id);
        options.onWarning?.(result.warning);
        continue;
      }
      if (!before || before.hash !== result.document.hash) added.push(result.document);
      byPath.set(path, result.document);
      if (index && (!before || before.hash !== result.document.hash || !index.has(result.document.id))) toIndex.push(result.document);
      const at = clock().toISOString();
      await options.store?.setIfAbsent(`corpus:first-seen:${result.document.hash}`, at).catch((error: unknown) => {
        options.log.warn({ err: String(error) }, 'could not record when a document was first seen');
      });
    }
    update(gone, added, [...removed, ...changed]);
    for (const doc of toIndex) {
      if (indexStream) indexStream.add(doc, factsOf(doc));
      else index?.add(doc);
    }
    stats.clear();
    snapshotDue = true;
    if (cache) {
      // Indexed and assembled: the new documents' sentences now live in the cache, like the others'.
      for (const path of changed) {
        const doc = byPath.get(path);
        if (doc && !isLean(doc)) leanDocument(doc);
      }
    }
    persist();
    options.log.info({ changed: changed.length, removed: removed.length, documents: byPath.size }, 'corpus updated');
    if (live) await options.onUpdate?.(live);
  }

  // With a cache, one look at the folder (in a worker when large) serves the watcher's baseline and the load, which
  // decodes a knowledge snapshot meanwhile. The watcher listens from its baseline on: a file changing while the corpus
  // loads is reported, not missed.
  const scan = cache ? scanFolder(dir, { expectedEntries: cache.stats().entries }) : undefined;
  // Awaited by both; a failure is thrown by the load.
  scan?.catch(() => undefined);
  const watching = watchCorpus(dir, {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    onChange: apply, debounceMs: options.debounceMs, log: options.log, listen: options.watch ?? true,
    ...(cache ? { knownHash: (path: string, size: number, mtimeMs: number) => cache.hashOfFile(path, size, mtimeMs) } : {}),
    ...(scan ? { baseline: scan } : {}),
  });
  watching.catch(() => undefined);
  /** Resolves once the first load is done (a change reported meanwhile waits for it). */
  let firstLoaded: Promise<unknown> = Promise.resolve();
  let unchanged = false;
  let loadedKnowledge = false;
  /** The rankings a knowledge snapshot kept for the knowledge it gave (let go once the knowledge changes). */
  let rankings: EngineRankings | undefined;
  /** What a load through the cache leaves: the documents by path, the knowledge, the search index (saved if changed). */
  const loadedFromCache = async (
    loaded: { documents: CorpusDocument[]; counts: { unread: number } },
    assembler: IncrementalAssembler<F> | null,
    stream: IndexStream<F> | null,
    assembled: () => Knowledge,
    /** A first start that goes on from its snapshot: the index is let go until it is written (see `reopen` below). */
    goesOn = false,
  ): Promise<void> => {
    // What the first answer does not need is made when first needed: the map by path, the assembler's keys. The
    // documents come sorted by name, as sorted() gives them.
    loadedDocuments = { documents: loaded.documents, path: pathIn(dir) };
    current = loaded.documents;
    if (assembler) {
      let held: Set<string> | undefined;
      const documents = loaded.documents;
      incremental = {
        assembler,
        get hashes() {
          return (held ??= new Set(documents.map((d) => `${d.id}\0${d.hash}`)));
        },
      };
    }
    if (stream) {
      index = stream.index;
      indexStream = stream;
      if (stream.finish(loaded.documents)) {
        await stream.save().catch((error: unknown) => options.log.warn({ err: String(error) }, 'search index image not written'));
        index = stream.index;
      }
      if (goesOn && stream.setAside?.()) index = undefined;
    }
    // After the index image is written: a first start merges every article's facts here (mergingAssembler).
    knowledge = assembled();
    loadedKnowledge = true;
    const stats = cache!.stats();
    unchanged = stats.loadedFrom === 'file' && loaded.counts.unread === loaded.documents.length && stats.entries === loaded.documents.length;
  };
  /** The first load: from the knowledge snapshot, through the cache article by article, or reading every file. */
  async function firstLoad(): Promise<void> {
    const make = options.pipeline.assembler;
    // Let go once the load has it: a first start goes on without the assembler that merged every article (below).
    let probe = cache && make ? make([]) : null;
    if (cache && probe && canPlan(probe)) {
      // From the knowledge snapshot when there is one (only files changed since are read), else article by article.
      // The search index is restored while the snapshot's image is decoded.
      const restoring = options.indexStream?.();
      // `assembler` is held here only (not in `loaded`): it can be let go below.
      let { assembler, ...loaded } = await loadKnowledge(dir, {
        cache, extract, maxBytes: options.maxBytes, ...(options.onWarning ? { log: options.onWarning } : {}), ...(restoring ? { index: restoring } : {}),
        assembler: probe, warn: (message) => options.log.warn({}, message), scan: scan!,
      });
      probe = null;
      const stream = (await restoring) ?? null;
      // A first start (no snapshot): the snapshot is written now, and the corpus goes on from its image as a restart
      // would, the assembler that holds every article's facts let go; `fresh` is filled from the cache while idle
      // (below), or when the corpus first changes. A restart that found files changed answers first and writes the
      // snapshot later (seconds of encoding at 100,000 articles, after a start of about 30 s).
      const fresh = loaded.changed && !loaded.fromSnapshot ? make!([]) : null;
      const wentOn = !!fresh && canPlan(fresh);
      try {
        // Going on from the snapshot, the merged assembler is released once the knowledge is listed: its lookups first.
        await loadedFromCache(loaded, assembler, stream, () => {
          if (wentOn) assembler.releaseLookups?.();
          return assembler.knowledge();
        }, wentOn);
        rankings = loaded.rankings;
        if (wentOn) {
          // Saved here, so the write after the start has nothing left to do.
          unchanged = await cache.save(loaded.documents.map((d) => d.hash)).then(() => true, (error: unknown) => {
            options.log.warn({ err: String(error) }, 'knowledge cache not written');
            return false;
          });
          const assembled: Assembled = { plan: assembler.plan(), knowledge };
          assembler.release?.();
          assembler = fresh;
          incremental!.assembler = fresh;
          const continued = await continueFromSnapshot(dir, loaded.documents, assembled, {
            cache, extract, maxBytes: options.maxBytes, fresh, warn: (message) => options.log.warn({}, message),
          });
          assembler = continued.assembler;
          incremental!.assembler = assembler;
          knowledge = assembler.knowledge();
          rankings = continued.rankings;
          snapshotDue = !continued.written;
        } else if (loaded.changed) snapshotDue = true;
      } finally {
        // Set aside while the articles were merged and the snapshot written: read back.
        if (stream?.reopen && !index) {
          await stream.reopen(loaded.documents);
          index = stream.index;
        }
      }
      // Restored meetings are filed for lookups in small steps while idle (and, from a knowledge image, the assembler
      // filled first), so the first article to arrive later does not wait for all of them (seconds at 100,000 articles).
      if ((loaded.fromSnapshot || wentOn) && assembler.prepare) {
        // Then, a step each, what the start left to be made when first needed, so the first change does not wait for
        // it either: the documents by path, the assembler's keys, the watcher's table of files, the first extraction
        // of each language (a step that reads a file is waited for).
        const rest: (() => void | Promise<void>)[] = [
          () => void byPathOf(), () => void incremental?.hashes, () => void watching.then((w) => w.prepare(), () => undefined),
          ...firstOfEachLanguage(loaded.documents).map((file) => () => extractOnce(join(dir, file))),
        ];
        prepared = new Promise((resolve) => {
          const step = (): void => {
            if (!closed && !assembler.prepare!(PREPARE_STEP)) setImmediate(step);
            else if (!closed && rest.length) {
              const done = rest.shift()!();
              if (done) void done.then(() => setImmediate(step));
              else setImmediate(step);
            } else resolve();
          };
          setImmediate(step);
        });
      }
    } else if (cache) {
      // Streaming: each article is assembled and indexed as it is read; its facts are not kept, its sentences stay on disk.
      const assembler = probe;
      const all: F[] = [];
      const stream = options.indexStream ? await options.indexStream() : null;
      const loaded = await loadCorpusCached(dir, {
        cache, extract, maxBytes: options.maxBytes, lean: true, ...(options.onWarning ? { log: options.onWarning } : {}),
        scan: await scan!,
        consume: (doc, f) => {
          if (assembler) assembler.add(f);
          else all.push(f);
          stream?.add(doc, f);
        },
      });
      await loadedFromCache(loaded, assembler, stream, () => (assembler ? assembler.knowledge() : assemble(all)));
    } else {
      // The watcher's baseline first (it is not shared here): a file changing while the corpus loads is then reported.
      await watching;
      const names = (await readdir(dir)).filter(isArticle).map((n) => join(dir, n));
      for (const path of names) {
        const result = await loadCorpusFile(path, loadOptions);
        if ('warning' in result) options.onWarning?.(result.warning);
        else byPathOf().set(path, result.document);
      }
      // Many documents and the standard extractor: extract them in worker threads (rebuild then finds their facts).
      if ((extract as unknown) === extractDocument && workersFor(byPathOf().size) > 0) {
        const docs = sorted();
        // No cache: every document has its sentences in memory.
        const all = (await extractAll(docs.map((d) => withSentences(d)))) as F[];
        docs.forEach((doc, i) => {
          if (!facts.has(doc.hash)) facts.set(doc.hash, all[i]!);
        });
      }
    }
    if (!loadedKnowledge) rebuild();
    if (cache && (!unchanged || snapshotDue)) persist();
    if (!index && options.searchIndex) index = await options.searchIndex(sorted().map((d) => withSentences(d, sentences)));
  }
  const loading = firstLoad();
  firstLoaded = loading.catch(() => undefined);
  let watcher: CorpusWatcher;
  try {
    await loading;
    watcher = await watching;
  } catch (error) {
    // The watcher of a load that failed is not kept.
    void watching.then((w) => w.close(), () => undefined);
    throw error;
  }

  live = {
    documents: sorted,
    knowledge: () => knowledge,
    snapshot: () => ({ knowledge, hashes: Object.fromEntries(sorted().map((d) => [d.id, d.hash])), textOf: sentenceTextOf(sorted(), sentences) }),
    sentences,
    firstSeen: async (hash) => options.store?.get<string>(`corpus:first-seen:${hash}`),
    index: () => index,
    rankings: () => {
      if (rankings?.knowledge !== knowledge) rankings = undefined;
      return rankings;
    },
    prepared: () => prepared.then(() => settled),
    flush: async () => {
      if (pending || snapshotDue) {
        if (pending) clearTimeout(pending);
        write(true);
      }
      await saving;
    },
    refresh: async (files) => {
      await watcher.rescan(files?.map((f) => basename(f)));
    },
    reassemble: async () => {
      rebuild(true);
      await options.onUpdate?.(live!);
    },
    close: () => {
      closed = true;
      if (snapshotTimer) clearTimeout(snapshotTimer);
      watcher.close();
      cache?.close();
    },
  };
  return live;
}
