/**
 * Composition of the core for one corpus folder: load → extract → index → engine, and the model-backed engine over
 * it (`engineFor`) when a key is configured. Used by every surface: the CLI and the bot.
 * With a cache folder, each article's extraction and the search index image are persisted (io/knowledge-cache.ts):
 * a restart re-extracts only the articles that changed.
 */
import type { Config } from './config.js';
import type { Logger as PinoLogger } from './log.js';
import type { Store } from './store/store.js';
import { createWriter, type Writer } from './llm/writer.js';
import { createModelEngine } from './llm/model-engine.js';
import { rerankPassages } from './llm/hybrid.js';
import { passagesOf, type Passage } from './search/passages.js';
import type { Document, LoadWarning } from './corpus/types.js';
import type { Knowledge, SentenceText } from './knowledge/types.js';
import type { Engine } from './briefing/views.js';
import { loadCorpusDir } from './io/corpus-dir.js';
import { sentenceTextOf } from './corpus/documents.js';
import type { IndexStream } from './io/watch.js';
import { loadCorpusCached, openKnowledgeCache, type KnowledgeCache } from './io/knowledge-cache.js';
import { createAssembler, extractDocument, extractKnowledge, type DocumentFacts } from './knowledge/extract.js';
import { createEngine, type Hit } from './briefing/engine.js';
import { buildSearchIndex, searchIndexFromBinary, type SearchIndex } from './search/search-index.js';
// Sentence concepts come from extraction's annotations (knowledge/concepts.ts remembers them per document).
import { conceptsOfQuery, forgetConcepts, sentenceConcepts } from './knowledge/concepts.js';

export interface App {
  documents: Document[];
  warnings: LoadWarning[];
  knowledge: Knowledge;
  engine: Engine;
  retrieve: (question: string, limit: number) => Hit[];
  index: SearchIndex;
  /** Sentence text by document and index (lean evidence has none of its own: see Evidence.text). */
  textOf: SentenceText;
}

export interface Logger {
  warn(message: string): void;
}

export interface BuildAppOptions {
  /** A search index already holding exactly `documents` (from the cache or kept up to date by the live corpus). */
  index?: SearchIndex;
}


/** An empty search index with the app's concept functions (documents are added to it). */
export function createSearchIndex(documents: Document[] = []): SearchIndex {
  return buildSearchIndex(documents, sentenceConcepts, { queryConcepts: (q) => conceptsOfQuery(q) });
}

/** Restores a search index image written by toBinary() with the app's concept functions. */
export function searchIndexFromImage(image: Uint8Array): SearchIndex {
  return searchIndexFromBinary(image, sentenceConcepts, { queryConcepts: (q) => conceptsOfQuery(q) });
}

/** Builds everything the surfaces need from the documents (and their knowledge, when already extracted). */
export function buildApp(documents: Document[], warnings: LoadWarning[], extracted?: Knowledge, options: BuildAppOptions = {}): App {
  const knowledge = extracted ?? extractKnowledge(documents);
  const index = options.index ?? createSearchIndex(documents);
  const retrieve = (question: string, limit: number): Hit[] => index.search(question, { limit });
  // One sentence lookup for the engine and the surfaces that quote (extract --json).
  const textOf = sentenceTextOf(documents);
  const engine = createEngine(knowledge, documents, { retrieve, sentenceText: textOf });
  return { documents, warnings, knowledge, engine, retrieve, index, textOf };
}

/**
 * A search index brought up to date document by document during a streaming load: the cached image (whatever it
 * held) is kept for every document whose content hash it already has; changed and new documents are (re)added as
 * they stream by, and documents gone from the folder are removed at the end. No image: the index is built as the
 * documents stream by.
 */
export async function streamingSearchIndex(cache: KnowledgeCache<DocumentFacts>, log?: Logger): Promise<IndexStream> {
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
  const ix = index ?? createSearchIndex();
  return {
    index: ix,
    add(document) {
      if (ix.hashOf(document.id) !== document.hash) {
        ix.add(document);
        changed = true;
      }
      // Indexed: its concepts live in the index now (a large corpus would otherwise keep them twice).
      forgetConcepts(document);
    },
    /** Removes what the folder no longer has; true when the index differs from the image it started from. */
    finish(documents) {
      const present = new Set(documents.map((d) => d.id));
      for (const id of ix.documentIds()) {
        if (!present.has(id)) {
          ix.remove(id);
          changed = true;
        }
      }
      return changed;
    },
    save: () => cache.saveIndex(ix.toBinary()),
  };
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
  options: { cacheVersion?: string } = {},
): Promise<App> {
  if (!config.cacheDir) {
    const { documents, warnings } = await loadCorpusDir(config.corpusDir, { maxBytes: config.corpusMaxBytes });
    for (const w of warnings) log?.warn(`${w.file}: ${w.reason}`);
    return buildApp(documents, warnings);
  }
  const cache = await openKnowledgeCache(config.cacheDir, config.corpusDir, {
    ...(log ? { log } : {}),
    ...(options.cacheVersion ? { version: options.cacheVersion } : {}),
  });
  const assembler = createAssembler();
  const search = await streamingSearchIndex(cache, log);
  const loaded = await loadCorpusCached(config.corpusDir, {
    cache, extract: extractDocument, maxBytes: config.corpusMaxBytes, lean: true,
    consume: (document, facts) => {
      assembler.add(facts);
      search.add(document);
    },
  });
  for (const w of loaded.warnings) log?.warn(`${w.file}: ${w.reason}`);
  const indexChanged = search.finish(loaded.documents);
  try {
    const stats = cache.stats();
    if (loaded.counts.unread !== loaded.documents.length || stats.loadedFrom !== 'file' || stats.entries !== loaded.documents.length) {
      await cache.save(loaded.documents.map((d) => d.hash));
    }
    if (indexChanged) await search.save();
  } catch (error) {
    log?.warn(`cache ${config.cacheDir} not written: ${error instanceof Error ? error.message : String(error)}`);
  }
  return buildApp(loaded.documents, loaded.warnings, assembler.knowledge(), { index: search.index });
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
    if (!config.openai.embeddingModel) return passagesOf(app.index.search(question), lookup);
    // Hybrid: BM25 finds candidates, embeddings (cached per passage) re-rank them.
    const hits = app.index.search(question, { limit: HYBRID_CANDIDATES });
    const score = new Map(hits.map((h) => [`${h.document}#${h.sentence}`, h.score]));
    const candidates = passagesOf(hits, lookup).map((passage) => ({ passage, score: score.get(`${passage.document}#${passage.sentence}`) ?? 0 }));
    return (await rerankPassages(question, candidates, writer)).slice(0, EVIDENCE_PASSAGES);
  };
  return createModelEngine(app.engine, writer, retrieve, { lookup, log });
}

/** BM25 candidates re-ranked by embeddings, and how many of them the model sees. */
const HYBRID_CANDIDATES = 24;
const EVIDENCE_PASSAGES = 8;
