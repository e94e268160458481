/**
 * A corpus folder loaded into an incremental assembler through the cache, the way the bot and the CLI start. Every
 * article's facts come from its cache entry (or extraction); with a knowledge snapshot, the articles it planned are
 * adopted and their meetings placed by its plan, and only the others (new or changed since) are merged.
 */
import type { CorpusDocument, Document, LoadWarning } from '../corpus/types.js';
import type { Knowledge } from '../knowledge/types.js';
import type { MergePlan } from '../knowledge/assembler.js';
import type { IndexStream } from '../corpus-folder/live.js';
import type { KnowledgeCache } from './entries.js';
import { loadCorpusCached, type CachedLoadResult } from './load.js';

/** An incremental assembler that can give and restore its merge plan (knowledge/assembler.ts `createAssembler`). */
export interface PlanAssembler<F> {
  add(facts: F): void;
  remove(documentId: string): boolean;
  knowledge(): Knowledge;
  plan(): MergePlan;
  adopt(facts: F): void;
  restore(plan: MergePlan): void;
}

export interface KnowledgeLoadOptions<F> {
  cache: KnowledgeCache<F>;
  /** Facts of a document the cache lacks (knowledge/extract.ts `extractDocument`, run in worker threads). */
  extract: (document: Document) => F;
  assembler: PlanAssembler<F>;
  /** The search index fed as documents stream by. */
  index?: IndexStream<F>;
  maxBytes?: number;
  /** Each skipped file, once. */
  log?: (warning: LoadWarning) => void;
}

export interface KnowledgeLoad<F> extends Omit<CachedLoadResult<F>, 'facts'> {
  /** The merge came from the snapshot's plan (and the files new or changed since were merged into it). */
  fromSnapshot: boolean;
  /** Something differs from the snapshot (or there was none): write it again. */
  changed: boolean;
}

/** Loads `dir` (lean documents, in file order) into `options.assembler`: see the module comment. */
export async function loadKnowledge<F>(dir: string, options: KnowledgeLoadOptions<F>): Promise<KnowledgeLoad<F>> {
  const { cache, index, assembler } = options;
  const snapshot = cache.readSnapshot();
  const planned = new Map(snapshot?.files.map((f) => [f.name, f.hash]));
  /** Facts of articles the plan does not have (new, or changed since): merged once the plan is restored. */
  const later: F[] = [];
  let adopted = 0;
  const loaded = await loadCorpusCached(dir, {
    cache, extract: options.extract, maxBytes: options.maxBytes, lean: true,
    ...(options.log ? { log: options.log } : {}),
    consume: (document, facts) => {
      if (!snapshot) assembler.add(facts);
      else if (planned.get(document.file) === document.hash) {
        assembler.adopt(facts);
        adopted++;
      } else later.push(facts);
      index?.add(document, facts);
    },
  });
  if (snapshot) {
    assembler.restore(snapshot.plan);
    for (const facts of later) assembler.add(facts);
  }
  return {
    documents: loaded.documents, warnings: loaded.warnings, counts: loaded.counts,
    fromSnapshot: !!snapshot, changed: !snapshot || later.length > 0 || adopted !== snapshot.files.length,
  };
}

/** Writes the knowledge snapshot of `documents` (in file order) and the assembler holding exactly them. */
export async function saveSnapshot<F>(cache: KnowledgeCache<F>, documents: readonly CorpusDocument[], assembler: PlanAssembler<F>): Promise<void> {
  const plan = assembler.plan();
  const byId = new Map(documents.map((d) => [d.id, d]));
  const files = plan.documents.map((id) => {
    const document = byId.get(id);
    if (!document) throw new Error(`snapshot: the assembler holds ${id}, which is not loaded`);
    return { name: document.file, hash: document.hash };
  });
  await cache.writeSnapshot({ files, plan });
}
