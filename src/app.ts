/**
 * Composition of the core for one corpus folder: load → extract → index → engine. Used by the CLI and the bot.
 * With a cache folder, each article's extraction and the search index image are persisted (io/knowledge-cache.ts):
 * a restart re-extracts only the articles that changed.
 */
import type { Config } from './config.js';
import type { Document, LoadWarning } from './corpus/types.js';
import type { Knowledge } from './knowledge/types.js';
import type { Engine } from './briefing/views.js';
import { loadCorpusDir } from './io/corpus-dir.js';
import { indexKey, loadCorpusCached, openKnowledgeCache, type KnowledgeCache } from './io/knowledge-cache.js';
import { assembleKnowledge, extractDocument, extractKnowledge, type DocumentFacts } from './knowledge/extract.js';
import { createEngine, type Hit } from './briefing/engine.js';
import { buildSearchIndex, searchIndexFromBinary, type SearchIndex } from './search/search-index.js';
// Sentence concepts come from extraction's annotations (knowledge/concepts.ts remembers them per document).
import { conceptsOfQuery, sentenceConcepts } from './knowledge/concepts.js';

export interface App {
  documents: Document[];
  warnings: LoadWarning[];
  knowledge: Knowledge;
  engine: Engine;
  retrieve: (question: string, limit: number) => Hit[];
  index: SearchIndex;
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
  const engine = createEngine(knowledge, documents, { retrieve });
  return { documents, warnings, knowledge, engine, retrieve, index };
}

/**
 * The search index of `documents`: restored from the cache's image when it holds exactly these documents, else built
 * and its image written back (a broken image is reported and rebuilt; a cache that cannot be written only warns).
 */
export async function cachedSearchIndex(documents: Document[], cache: KnowledgeCache<DocumentFacts>, log?: Logger): Promise<SearchIndex> {
  const key = indexKey(documents);
  const image = await cache.loadIndex(key);
  if (image) {
    try {
      return searchIndexFromImage(image);
    } catch (error) {
      log?.warn(`cache: search index image ignored and rebuilt: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const index = createSearchIndex(documents);
  await cache.saveIndex(key, index.toBinary()).catch((error: unknown) => {
    log?.warn(`cache: search index image not written: ${error instanceof Error ? error.message : String(error)}`);
  });
  return index;
}

/**
 * Loads the configured corpus folder; every skipped file is reported through `log.warn`, once.
 * With `cacheDir`, extraction results and the search index are cached there (a broken cache is reported and rebuilt;
 * a cache that cannot be written is reported and the app still loads).
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
  const loaded = await loadCorpusCached(config.corpusDir, { cache, extract: extractDocument, maxBytes: config.corpusMaxBytes });
  for (const w of loaded.warnings) log?.warn(`${w.file}: ${w.reason}`);
  const knowledge = assembleKnowledge(loaded.facts);
  const index = await cachedSearchIndex(loaded.documents, cache, log);
  try {
    const stats = cache.stats();
    if (loaded.counts.unread !== loaded.documents.length || stats.loadedFrom !== 'file' || stats.entries !== loaded.documents.length) {
      await cache.save(loaded.documents.map((d) => d.hash));
    }
  } catch (error) {
    log?.warn(`cache ${config.cacheDir} not written: ${error instanceof Error ? error.message : String(error)}`);
  }
  return buildApp(loaded.documents, loaded.warnings, knowledge, { index });
}
