/**
 * Composition of the core for one corpus folder: load → extract → index → engine. Used by the CLI and the bot.
 */
import type { Config } from './config.js';
import type { Document, LoadWarning } from './corpus/types.js';
import type { Knowledge } from './knowledge/types.js';
import type { Engine } from './briefing/views.js';
import { loadCorpusDir } from './io/corpus-dir.js';
import { extractKnowledge } from './knowledge/extract.js';
import { createEngine, type Hit } from './briefing/engine.js';
import { buildSearchIndex, type SearchIndex } from './search/search-index.js';
import { conceptsOfQuery, conceptsOfText } from './knowledge/concepts.js';

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

/** Builds everything the surfaces need from the documents (and their knowledge, when already extracted). */
export function buildApp(documents: Document[], warnings: LoadWarning[], extracted?: Knowledge): App {
  const knowledge = extracted ?? extractKnowledge(documents);
  const index = buildSearchIndex(
    documents,
    (doc, i) => conceptsOfText(doc.sentences.find((s) => s.index === i)?.text ?? '', doc.lang),
    { queryConcepts: (q) => conceptsOfQuery(q) },
  );
  const retrieve = (question: string, limit: number): Hit[] => index.search(question, { limit });
  const engine = createEngine(knowledge, documents, { retrieve });
  return { documents, warnings, knowledge, engine, retrieve, index };
}

/** Loads the configured corpus folder; every skipped file is reported through `log.warn`, once. */
export async function loadApp(config: Pick<Config, 'corpusDir' | 'corpusMaxBytes'>, log?: Logger): Promise<App> {
  const { documents, warnings } = await loadCorpusDir(config.corpusDir, { maxBytes: config.corpusMaxBytes });
  for (const w of warnings) log?.warn(`${w.file}: ${w.reason}`);
  return buildApp(documents, warnings);
}
