/**
 * Composition of the core for one corpus folder: load → extract → index → engine, and the model-backed engine over
 * it (`engineFor`) when a key is configured. Used by every surface: the CLI and the bot.
 * With a cache folder, each article's extraction and the search index image are persisted (src/knowledge-cache):
 * a restart re-extracts only the articles that changed.
 */
import type { Config } from './config.js';
import type { Logger as PinoLogger } from './log.js';
import type { Store } from './store/store.js';
import { createWriter, type Writer } from './llm/writer.js';
import { createModelEngine } from './llm/model-engine.js';
import { sentenceFacts } from './llm/facts.js';
import { rerankPassages } from './llm/hybrid.js';
import { passagesOf, type Passage } from './search/passages.js';
import type { CorpusDocument, Document, LoadWarning, SentenceSource } from './corpus/types.js';
import type { Knowledge, SentenceText } from './knowledge/types.js';
import type { Engine } from './briefing/views.js';
import { loadCorpusDir } from './corpus-folder/load.js';
import { sentenceTextOf, withSentences } from './corpus/documents.js';
import type { IndexStream } from './corpus-folder/live.js';
import { continueFromSnapshot, loadKnowledge, type Assembled } from './knowledge-cache/knowledge-load.js';
import { openKnowledgeCache } from './knowledge-cache/open.js';
import { type KnowledgeCache } from './knowledge-cache/entries.js';
import { cachedSentences, isLean } from './knowledge-cache/lean-documents.js';
import { extractDocument, type DocumentFacts } from './knowledge/extract.js';
import { assembleKnowledge, createAssembler, type KnowledgeAssembler } from './knowledge/assembler.js';
import { createEngine, type Hit } from './briefing/engine.js';
import type { EngineRankings } from './briefing/rankings.js';
import { buildSearchIndex, searchIndexFromBinary, type SearchIndex } from './search/search-index.js';
// Sentence concepts come with each document's facts (DocumentFacts.concepts); computed from the text otherwise.
import { conceptsOfQuery, sentenceConcepts } from './knowledge/concepts.js';

export interface App {
  /** Lean when loaded through the cache: their sentences are read with `textOf` (or the `sentences` source). */
  documents: CorpusDocument[];
  warnings: LoadWarning[];
  knowledge: Knowledge;
  engine: Engine;
  retrieve: (question: string, limit: number) => Hit[];
  index: SearchIndex;
  /** Sentence text by document and index (lean evidence has none of its own: see Evidence.text). */
  textOf: SentenceText;
  /** Reads a lean document's sentences back (none when no document is lean). */
  sentences: SentenceSource;
}

export interface Logger {
  warn(message: string): void;
}

export interface BuildAppOptions {
  /** A search index already holding exactly `documents` (from the cache or kept up to date by the live corpus). */
  index?: SearchIndex;
  /** Reads the sentences of lean documents back (the knowledge cache's); without it they have none. */
  sentences?: SentenceSource;
  /** The clock the engine says "as of" and tells plans ahead from; without it, the newest article's date. */
  now?: () => Date;
  /** The engine's rankings kept with the knowledge (a knowledge snapshot's), used if made for `extracted`. */
  rankings?: EngineRankings;
}


/**
 * A search index with the app's concept functions over `documents` (none: documents are added to it later).
 * `facts[i]`, when given, carries the concepts extraction found in `documents[i]`.
 */
export function createSearchIndex(documents: Document[] = [], facts?: readonly DocumentFacts[]): SearchIndex {
  const conceptTables = facts?.map((f) => f.concepts);
  return buildSearchIndex(documents, sentenceConcepts, { queryConcepts: (q) => conceptsOfQuery(q), ...(conceptTables ? { conceptTables } : {}) });
}

/** Restores a search index image written by toBinary() with the app's concept functions. */
export function searchIndexFromImage(image: Uint8Array): SearchIndex {
  return searchIndexFromBinary(image, sentenceConcepts, { queryConcepts: (q) => conceptsOfQuery(q) });
}

/** Search indexes an engine was already told to warm up (a live corpus keeps one index across its engines). */
const warmedIndexes = new WeakSet<SearchIndex>();

/** Builds everything the surfaces need from the documents (and their knowledge, when already extracted). */
export function buildApp(documents: CorpusDocument[], warnings: LoadWarning[], extracted?: Knowledge, options: BuildAppOptions = {}): App {
  const inMemory = (): Document[] => documents.map((d) => withSentences(d, options.sentences));
  // Extracted here: the index takes the concepts extraction found; given knowledge: the text's own concepts.
  const facts = extracted ? undefined : inMemory().map(extractDocument);
  const knowledge = extracted ?? assembleKnowledge(facts!);
  const index = options.index ?? createSearchIndex(inMemory(), facts);
  const retrieve = (question: string, limit: number): Hit[] => index.search(question, { limit });
  // One sentence lookup for the engine and the surfaces that quote (extract --json).
  const textOf = sentenceTextOf(documents, options.sentences);
  const warmRetrieval = !warmedIndexes.has(index);
  warmedIndexes.add(index);
  const engine = createEngine(knowledge, documents, {
    retrieve, sentenceText: textOf, warmRetrieval, ...(index.prepare ? { prepareRetrieval: () => index.prepare!() } : {}), ...(options.now ? { now: options.now } : {}), ...(options.rankings ? { rankings: options.rankings } : {}),
  });
  return { documents, warnings, knowledge, engine, retrieve, index, textOf, sentences: options.sentences ?? (() => undefined) };
}

/**
 * A search index brought up to date document by document during a streaming load: the cached image (whatever it
 * held) is kept for every document whose content hash it already has; changed and new documents are (re)added as
 * they stream by, and documents gone from the folder are removed at the end. No image: the index is built as the
 * documents stream by.
 */
export async function streamingSearchIndex(cache: KnowledgeCache<DocumentFacts>, log?: Logger): Promise<IndexStream<DocumentFacts>> {
  let index: SearchIndex | undefined;
  const image = await cache.loadIndex();
  if (image) {
    try {
      index = searchIndexFromImage(image);
    } catch (error) {
      log?.warn(`cache: search index image ignored and rebuilt: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let changed = !index;
  let ix: SearchIndex | undefined = index ?? createSearchIndex();
  /** The index is the cache's image as written or read (nothing added or removed since): it can be read back. */
  let asImaged = !!index;
  const stream: IndexStream<DocumentFacts> = {
    get index() {
      if (!ix) throw new Error('search index: asked for while set aside');
      return ix;
    },
    add(document, facts) {
      if (!ix) throw new Error('search index: added to while set aside');
      if (ix.hashOf(document.id) !== document.hash) {
        // A lean document (from the cache) the image lacks: its sentences are read back to be indexed.
        const full = isLean(document) ? { ...document, sentences: cache.document(document.hash)?.sentences ?? [] } : document;
        // Lean facts from the cache come without their concepts (null), and a snapshot's documents without facts:
        // read with the whole entry.
        ix.add(full, facts?.concepts ?? cache.get(document.hash)?.facts.concepts ?? {});
        changed = true;
        asImaged = false;
      }
    },
    /** Removes what the folder no longer has; true when the index differs from the image it started from. */
    finish(documents) {
      const held = ix;
      if (!held) throw new Error('search index: finished while set aside');
      // As many held as there are documents, each of them held: nothing to remove (ids are unique: one per file).
      // Checked without a Set of every id and a list of the index's (60 ms of a start at 100,000 articles).
      if (held.stats().documents === documents.length && documents.every((d) => held.has(d.id))) return changed;
      const present = new Set(documents.map((d) => d.id));
      for (const id of held.documentIds()) {
        if (!present.has(id)) {
          held.remove(id);
          changed = true;
          asImaged = false;
        }
      }
      return changed;
    },
    async save() {
      if (!ix) throw new Error('search index: saved while set aside');
      const image = ix.toBinary();
      // From now on the index is the one restored from its image: built document by document, an index searched 2.7
      // times slower (the most common words at 10,000 articles: 6.7 ms against 2.5, the median of 30).
      ix = searchIndexFromImage(image);
      asImaged = false;
      await cache.saveIndex(image);
      asImaged = true;
    },
    setAside() {
      if (!asImaged) return false;
      ix = undefined;
      return true;
    },
    async reopen(documents) {
      if (ix) return false;
      const image = await cache.loadIndex();
      try {
        ix = image ? searchIndexFromImage(image) : undefined;
      } catch (error) {
        log?.warn(`cache: search index image not read back, rebuilt: ${error instanceof Error ? error.message : String(error)}`);
      }
      ix ??= createSearchIndex();
      // The image read back is brought up to date as at a start (another process may have written it meanwhile).
      for (const document of documents) stream.add(document, undefined);
      stream.finish(documents);
      return true;
    },
  };
  return stream;
}

/**
 * Loads the configured corpus folder; every skipped file is reported through `log.warn`, once.
 * With `cacheDir`, extraction results and the search index are cached there (a broken cache is reported and rebuilt;
 * a cache that cannot be written is reported and the app still loads). The load streams: each article is assembled
 * and indexed as it is read, and its sentences stay on disk (lean documents), so memory grows with the knowledge,
 * not with the corpus text.
 */
export async function loadApp(
  config: Pick<Config, 'corpusDir' | 'corpusMaxBytes'> & Partial<Pick<Config, 'cacheDir'>>,
  log?: Logger,
  options: { cacheVersion?: string; now?: () => Date; onStage?: StageListener } = {},
): Promise<App> {
  const clock = options.now ? { now: options.now } : {};
  const stage = stageTimer(options.onStage);
  if (!config.cacheDir) {
    const { documents, warnings } = await loadCorpusDir(config.corpusDir, { maxBytes: config.corpusMaxBytes });
    for (const w of warnings) log?.warn(`${w.file}: ${w.reason}`);
    return buildApp(documents, warnings, undefined, clock);
  }
  const cache = await openKnowledgeCache(config.cacheDir, config.corpusDir, {
    readIndexAhead: true,
    ...(log ? { log } : {}),
    ...(options.cacheVersion ? { version: options.cacheVersion } : {}),
  });
  stage('open the cache manifest');
  // Restored while the load decodes the knowledge snapshot (the image's bytes are being read already: readIndexAhead).
  const restoring = streamingSearchIndex(cache, log);
  // The main thread's share of the streaming stage, by step (extraction runs in worker threads meanwhile).
  let assembleMs = 0;
  let indexMs = 0;
  const timed = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
    const t = performance.now();
    f(...a);
    assembleMs += performance.now() - t;
  };
  const timedAssembler = (a: KnowledgeAssembler): KnowledgeAssembler => ({ ...a, add: timed(a.add), adopt: timed(a.adopt), restore: timed(a.restore) });
  // `assembler` is held here only (not in `loaded`): a cold start lets it go before writing its snapshot (below).
  let { assembler, ...loaded } = await loadKnowledge(config.corpusDir, {
    cache, extract: extractDocument, maxBytes: config.corpusMaxBytes, ...(log ? { warn: (m: string) => log.warn(m) } : {}),
    index: options.onStage ? restoring.then((search) => timedIndex(search, (ms) => (indexMs += ms))) : restoring,
    assembler: options.onStage ? timedAssembler(createAssembler()) : createAssembler(),
  });
  const search = await restoring;
  stage(
    loaded.fromImage ? 'restore the search index image; read the snapshot, stat the files (all as in it: no facts read), decode its knowledge image'
      : loaded.fromSnapshot ? 'restore the search index image; read, index and place by the snapshot\'s merge plan (merge what changed)' : 'restore the search index image; read, extract and index (no snapshot)',
    { ...(loaded.fromSnapshot ? loaded.spent : {}), assembleMs, indexMs },
  );
  for (const w of loaded.warnings) log?.warn(`${w.file}: ${w.reason}`);
  const indexChanged = search.finish(loaded.documents);
  let rankings = loaded.rankings;
  try {
    const stats = cache.stats();
    if (loaded.counts.unread !== loaded.documents.length || stats.loadedFrom !== 'file' || stats.entries !== loaded.documents.length) {
      await cache.save(loaded.documents.map((d) => d.hash));
      stage('write the cache manifest and entries');
    }
    if (indexChanged) {
      await search.save();
      stage('write the search index image');
    }
    if (loaded.changed) {
      // Written, then read back as a restart would: the assembler that merged every article (and the facts it holds)
      // is let go first, and the app goes on with the image's knowledge, as after a warm start. The search index is
      // let go meanwhile (when its image on disk is it), and read back after.
      search.setAside?.();
      // Merged (when not yet), then the lookups go before the knowledge is listed beside the assembler.
      assembler.releaseLookups?.();
      const plan = assembler.plan();
      if (!loaded.fromSnapshot) stage('merge every article\'s facts, read back from the cache');
      const assembled: Assembled = { plan, knowledge: assembler.knowledge() };
      assembler.release?.();
      assembler = createAssembler();
      const continued = await continueFromSnapshot(config.corpusDir, loaded.documents, assembled, {
        cache, extract: extractDocument, maxBytes: config.corpusMaxBytes, fresh: assembler, ...(log ? { warn: (m: string) => log.warn(m) } : {}),
      });
      assembler = continued.assembler;
      rankings = continued.rankings;
      stage('write the knowledge snapshot, read its image back');
    }
  } catch (error) {
    log?.warn(`cache ${config.cacheDir} not written: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (await search.reopen?.(loaded.documents)) stage('read the search index image back');
  const sentences = cachedSentences((hash) => cache.document(hash)?.sentences);
  const knowledge = assembler.knowledge();
  stage(loaded.fromImage ? 'the knowledge (decoded with the snapshot)' : 'assemble the knowledge lists');
  const app = buildApp(loaded.documents, loaded.warnings, knowledge, {
    index: search.index, sentences, ...clock, ...(rankings ? { rankings } : {}),
  });
  stage('build the engine');
  return app;
}

/** Told of each stage of a load as it ends: its name, how long it took, the heap then, and figures of its own. */
export type StageListener = (stage: { name: string; ms: number; heapMb: number; detail?: Record<string, number> }) => void;

/** Calls `listener` with the time since the previous call (no-op without a listener). */
function stageTimer(listener: StageListener | undefined): (name: string, detail?: Record<string, number>) => void {
  let last = performance.now();
  return (name, detail) => {
    if (!listener) return;
    const now = performance.now();
    listener({ name, ms: now - last, heapMb: process.memoryUsage().heapUsed / 2 ** 20, ...(detail ? { detail } : {}) });
    last = now;
  };
}

/** The index stream with the time its `add` takes reported (the main thread's indexing share of a load). */
function timedIndex<F>(stream: IndexStream<F>, spent: (ms: number) => void): IndexStream<F> {
  return {
    ...stream,
    // Read through, not copied: the stream's index changes (saved, set aside).
    get index() {
      return stream.index;
    },
    add(document, facts) {
      const t = performance.now();
      stream.add(document, facts);
      spent(performance.now() - t);
    },
  };
}

/** The model writer when OPENAI_API_KEY is set (one per process: its budget and caches live in the store). */
export function writerFor(config: Readonly<Config>, store: Store | undefined, log: PinoLogger): Writer | undefined {
  if (!config.openai.apiKey) return undefined;
  return createWriter({
    ...config.openai,
    budget: config.openai.dailyTokenBudget,
    ...(store ? { store } : {}),
    log,
  });
}

/** The engine for one corpus state: deterministic, wrapped by the model writer when a key is configured. */
export function engineFor(
  app: App,
  config: Readonly<Config>,
  store: Store | undefined,
  log: PinoLogger,
  writer: Writer | undefined = writerFor(config, store, log),
): Engine {
  if (!writer) return app.engine;
  const byId = new Map(app.documents.map((d) => [d.id, d]));
  const lookup = (id: string) => byId.get(id);
  const retrieve = async (question: string): Promise<Passage[]> => {
    if (!config.openai.embeddingModel) return passagesOf(app.index.search(question), lookup, app.textOf);
    // Hybrid: BM25 finds candidates, embeddings (cached per passage) re-rank them.
    const hits = app.index.search(question, { limit: HYBRID_CANDIDATES });
    const score = new Map(hits.map((h) => [`${h.document}#${h.sentence}`, h.score]));
    const candidates = passagesOf(hits, lookup, app.textOf).map((passage) => ({ passage, score: score.get(`${passage.document}#${passage.sentence}`) ?? 0 }));
    return (await rerankPassages(question, candidates, writer)).slice(0, EVIDENCE_PASSAGES);
  };
  return createModelEngine(app.engine, writer, retrieve, { lookup, log, factsOf: sentenceFacts(app.knowledge) });
}

/** BM25 candidates re-ranked by embeddings, and how many of them the model sees. */
const HYBRID_CANDIDATES = 24;
const EVIDENCE_PASSAGES = 8;
