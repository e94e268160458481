/**
 * A corpus folder loaded into an incremental assembler through the cache, the way the bot and the CLI start: from the
 * knowledge snapshot when there is one (only the files changed since it was written are read; the rest are neither
 * read nor merged again), else article by article from the cache entries (extracting what they lack).
 */
import { join } from 'node:path';
import type { CorpusDocument, Document, LoadWarning } from '../corpus/types.js';
import type { Knowledge } from '../knowledge/types.js';
import type { AssemblerImage } from '../knowledge/assembler.js';
import type { IndexStream } from '../corpus-folder/live.js';
import type { KnowledgeCache } from './entries.js';
import { isLean } from './lean-documents.js';
import { loadCorpusCached, type CachedLoadResult } from './load.js';
import type { SnapshotDocument } from './snapshot.js';

/** An incremental assembler that gives its state as an image (knowledge/assembler.ts `createAssembler`). */
export interface ImageAssembler<F> {
  add(facts: F): void;
  remove(documentId: string): boolean;
  knowledge(): Knowledge;
  image(): AssemblerImage;
}

export interface KnowledgeLoadOptions<F> {
  cache: KnowledgeCache<F>;
  /** Facts of a document the cache lacks (knowledge/extract.ts `extractDocument`, run in worker threads). */
  extract: (document: Document) => F;
  /** A new assembler, or one restored from a snapshot's image (e.g. `(image) => createAssembler([], image)`). */
  assembler: (image?: AssemblerImage) => ImageAssembler<F>;
  /** The search index fed as documents stream by. The snapshot is used only when the index holds each of its documents. */
  index?: IndexStream<F>;
  maxBytes?: number;
  /** Each skipped file, once. */
  log?: (warning: LoadWarning) => void;
}

export interface KnowledgeLoad<F> extends Omit<CachedLoadResult<F>, 'facts'> {
  assembler: ImageAssembler<F>;
  /** The knowledge came from the snapshot (and the files changed since). */
  fromSnapshot: boolean;
  /** Something differs from the snapshot (or there was none): write it again. */
  changed: boolean;
}

/** Loads `dir` (lean documents, in file order) into an assembler: see the module comment. */
export async function loadKnowledge<F>(dir: string, options: KnowledgeLoadOptions<F>): Promise<KnowledgeLoad<F>> {
  const { cache, index } = options;
  const make = options.assembler;
  let snapshot = cache.readSnapshot();
  // A snapshot whose documents the search index does not hold (its image lost or older) would leave them unsearchable.
  if (snapshot && index && snapshot.documents.some(({ document }) => index.index.hashOf(document.id) !== document.hash)) snapshot = undefined;
  const assembler = make(snapshot?.assembler);
  let released = 0;
  const held = snapshot && {
    documents: new Map(snapshot.documents.map((d) => [d.document.file, d])),
    release(document: CorpusDocument) {
      released++;
      // The search index takes the new version when it streams by, and drops a removed file at the end (finish).
      assembler.remove(document.id);
    },
  };
  const loaded = await loadCorpusCached(dir, {
    cache, extract: options.extract, maxBytes: options.maxBytes, lean: true,
    ...(options.log ? { log: options.log } : {}),
    ...(held ? { held } : {}),
    consume: (document, facts) => {
      assembler.add(facts);
      index?.add(document, facts);
    },
  });
  const fresh = loaded.counts.reused + loaded.counts.extracted;
  return {
    documents: loaded.documents, warnings: loaded.warnings, counts: loaded.counts, assembler,
    fromSnapshot: !!snapshot, changed: !snapshot || released > 0 || fresh > 0,
  };
}

/**
 * Writes the knowledge snapshot of `documents` (lean, in file order, every one read through `cache`) and the
 * assembler holding exactly them. False when one of them has no recorded file stat (nothing is written then).
 */
export async function saveSnapshot<F>(cache: KnowledgeCache<F>, dir: string, documents: readonly CorpusDocument[], assembler: ImageAssembler<F>): Promise<boolean> {
  const rows: SnapshotDocument[] = [];
  for (const document of documents) {
    const stamp = cache.fileStamp(join(dir, document.file));
    if (!stamp || stamp.hash !== document.hash || !isLean(document)) return false;
    rows.push({ document, size: stamp.size, mtimeMs: stamp.mtimeMs });
  }
  await cache.writeSnapshot({ documents: rows, assembler: assembler.image() });
  return true;
}
