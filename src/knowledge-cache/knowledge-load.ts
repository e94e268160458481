/**
 * A corpus folder loaded into an incremental assembler through the cache, the way the bot and the CLI start.
 * - No knowledge snapshot: every article's facts come from its cache entry (or extraction), and are merged, read
 *   back from the cache, when the assembler is first used (mergingAssembler).
 * - A snapshot whose files all match the folder: the knowledge is its image, and no article's facts are read. The
 *   assembler is filled from the facts and the plan only when first needed (a change) or while idle (`prepare`).
 * - A snapshot some files differ from: the articles it planned are adopted and their meetings placed by its plan;
 *   only the others (new or changed since) are merged.
 */
import { join } from 'node:path';
import type { CorpusDocument, Document, LeanDocument, LoadWarning } from '../corpus/types.js';
import type { DocumentStamp, ImageChunk, KnowledgeSnapshot, SnapshotToWrite } from './snapshot.js';
import { loadCorpusFileSync } from '../corpus-folder/load.js';
import type { DocumentInfo, Knowledge } from '../knowledge/types.js';
import { leanFacts } from './codec.js';
import { decodeKnowledge, encodeKnowledgeInSteps, type ImageSpill } from './knowledge-image.js';
import { isLean } from './lean-documents.js';
import type { MergePlan } from '../knowledge/assembler.js';
import type { IndexStream } from '../corpus-folder/live.js';
import type { KnowledgeCache } from './entries.js';
import { loadCorpusCached, type CachedLoadResult } from './load.js';
import { scanFolder, type FolderScan } from '../corpus-folder/folder-scan.js';
import { rankingsFor, rankingsOf, type EngineRankings } from '../briefing/rankings.js';
import { rankingsVersion } from './version.js';
import { collectGarbage } from '../collect-garbage.js';

/** An incremental assembler that can give and restore its merge plan (knowledge/assembler.ts `createAssembler`). */
export interface PlanAssembler<F> {
  add(facts: F): void;
  remove(documentId: string): boolean;
  knowledge(): Knowledge;
  plan(): MergePlan;
  /** `listed`: the knowledge of the plan restore() will get, whose documents come in its order (knowledge/assembler.ts). */
  adopt(facts: F, listed?: Knowledge): void;
  restore(plan: MergePlan, listed?: Knowledge): void;
  /** Work done while idle, in steps of about `limit` items; true when none is left (knowledge/assembler.ts). */
  prepare?(limit?: number): boolean;
  /** Lets go of what the assembler keeps for later changes; unusable after (knowledge/assembler.ts). */
  release?(): void;
  /** Lets go of the meeting lookups until a change needs them again (knowledge/assembler.ts). */
  releaseLookups?(): void;
  /** restore() in steps of `limit` meetings, true once restored (knowledge/assembler.ts); else restore() at once. */
  restoreSome?(plan: MergePlan, listed: Knowledge | undefined, limit: number): boolean;
}

export interface KnowledgeLoadOptions<F> {
  cache: KnowledgeCache<F>;
  /** Facts of a document the cache lacks (knowledge/extract.ts `extractDocument`, run in worker threads). */
  extract: (document: Document) => F;
  assembler: PlanAssembler<F>;
  /**
   * The search index fed as documents stream by; while it is being restored (its image read from disk), the snapshot's
   * image is decoded meanwhile.
   */
  index?: IndexStream<F> | Promise<IndexStream<F>>;
  maxBytes?: number;
  /** Each skipped file, once. */
  log?: (warning: LoadWarning) => void;
  /** A problem of the cache's own that the load worked around (an image that does not decode). */
  warn?: (message: string) => void;
  /**
   * The folder's listing and stats, being taken (corpus-folder/folder-scan.ts; e.g. a watcher's baseline): default, a
   * scan started here. Either way the snapshot's image is decoded while the folder is statted.
   */
  scan?: Promise<FolderScan>;
}

export interface KnowledgeLoad<F> extends Omit<CachedLoadResult<F>, 'facts'> {
  /** The merge came from the snapshot's plan (and the files new or changed since were merged into it). */
  fromSnapshot: boolean;
  /** Milliseconds spent reading the snapshot file (checksums included), and reading and decoding its image. */
  spent: { readSnapshotMs: number; decodeImageMs: number };
  /** The knowledge came from the snapshot's image: no article's facts were read. */
  fromImage: boolean;
  /** The engine's rankings of the image's knowledge, kept with it (briefing/rankings.ts), when they fit it. */
  rankings?: EngineRankings;
  /** Something differs from the snapshot (or there was none): write it again. */
  changed: boolean;
  /**
   * The assembler holding the loaded corpus: `options.assembler`, or, from an image, one that answers with the
   * image's knowledge and fills `options.assembler` when first changed (or step by step through `prepare`).
   */
  assembler: PlanAssembler<F>;
}

/** Loads `dir` (lean documents, in file order) into `options.assembler`: see the module comment. */
export async function loadKnowledge<F>(dir: string, options: KnowledgeLoadOptions<F>): Promise<KnowledgeLoad<F>> {
  const { cache, assembler } = options;
  // Awaited once the image is decoded; a failure meanwhile is not an unhandled rejection.
  Promise.resolve(options.index).catch(() => undefined);
  // The folder is statted (in a worker when large) while the image is decoded on this thread: most starts find every
  // file as the snapshot has it.
  const scanning = options.scan ?? scanFolder(dir, { expectedEntries: cache.stats().entries });
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  scanning.catch(() => undefined);
  let t = performance.now();
  const snapshot = cache.readSnapshot();
  const spent = { readSnapshotMs: performance.now() - t, decodeImageMs: 0 };
  /** The image decoded ahead, or why it could not be (reported only if it was to be used). */
  let decoded: { image: Knowledge } | { problem: string } | undefined;
  if (snapshot?.knowledge) {
    t = performance.now();
    decoded = decodeChunk(snapshot.knowledge);
    if ('image' in decoded) spent.decodeImageMs = performance.now() - t;
    // The image's bytes (its chunk) are not kept by the closures that outlive the load.
    delete snapshot.knowledge;
  }
  const scan = await scanning;
  const index = await options.index;
  /** The planned content hash of each file name: only for files not taken from the image (made when first asked). */
  let planned: Map<string, string> | undefined;
  const plannedHash = (file: string) => (planned ??= new Map(snapshot?.files.map((f) => [f.name, f.hash]))).get(file);
  // With an image, a file unchanged since the snapshot is its lean document, and its facts are left in the cache.
  const leanDocuments = snapshot?.documents ?? (snapshot?.stamps && decoded && 'image' in decoded ? leanDocumentsOf(decoded.image, snapshot.plan.documents, snapshot.stamps) : undefined);
  // A file's lean document: files come in the plan's order (both sorted by name), so each is first looked for after
  // the previous one found, and in a map by name (made when first needed) only when the folder differs there.
  let imaged: Map<string, LeanDocument> | undefined;
  let nextImaged = 0;
  const imagedDocument = (name: string): LeanDocument | undefined => {
    // Past the planned files gone from the folder.
    while (nextImaged < leanDocuments!.length && leanDocuments![nextImaged]!.file < name) nextImaged++;
    const next = leanDocuments![nextImaged];
    if (next?.file === name) {
      nextImaged++;
      return next;
    }
    return (imaged ??= new Map(leanDocuments!.map((d) => [d.file, d]))).get(name);
  };
  const known: CorpusDocument[] = [];
  /** Facts of articles the plan does not have (new, or changed since): merged once the plan is restored. */
  const later: F[] = [];
  let adopted = 0;
  const loaded = await loadCorpusCached(dir, {
    cache, extract: options.extract, maxBytes: options.maxBytes, lean: true,
    // Without a snapshot every article's facts are read back to be merged (mergingAssembler): not read twice.
    ...(snapshot ? {} : { hitsWithoutFacts: true }),
    ...(options.log ? { log: options.log } : {}),
    scan,
    ...(leanDocuments ? {
      known: (name: string, hash: string) => {
        const document = imagedDocument(name);
        return document?.hash === hash && cache.has(hash) ? document : undefined;
      },
    } : {}),
    // An article taken without its facts (the snapshot's, or without a snapshot one the cache holds): the index reads
    // its concepts if it lacks the article.
    consumeKnown: (document) => {
      known.push(document);
      index?.add(document, undefined);
    },
    consume: (document, facts) => {
      // No snapshot: merged after the load (mergingAssembler), not held while the workers extract.
      if (!snapshot) return void index?.add(document, facts);
      if (plannedHash(document.file) === document.hash) {
        assembler.adopt(facts);
        adopted++;
      } else later.push(facts);
      index?.add(document, facts);
    },
  });
  const base = { documents: loaded.documents, warnings: loaded.warnings, counts: loaded.counts, fromSnapshot: !!snapshot, spent };
  /** The snapshot's image did not decode: it is written again though the corpus did not change. */
  let imageFailed = false;
  // Every file as the snapshot planned it (taken as its lean document, or its facts read when its image failed).
  const asPlanned = !!snapshot && known.length + adopted === snapshot.files.length && !later.length;
  if (decoded && asPlanned && (!adopted || 'problem' in decoded)) {
    if ('problem' in decoded) {
      imageFailed = true;
      options.warn?.(`cache: knowledge image not used (${decoded.problem}); the articles' facts are read instead`);
    } else {
      const image = decoded.image;
      const fill = fillingAssembler(assembler, known, (document) => factsOfKnown(dir, document, options), snapshot.plan, image);
      const rankings = rankingsKept(image, snapshot.rankings);
      return { ...base, fromImage: true, changed: false, assembler: fill, ...(rankings ? { rankings } : {}) };
    }
  }
  if (!snapshot) {
    // Only what reading facts back needs is held (not `options.index`, which may be a search index set aside later).
    const source = { cache, extract: options.extract, maxBytes: options.maxBytes };
    const merging = mergingAssembler(assembler, loaded.documents, (document) => factsOfKnown(dir, document, source));
    return { ...base, fromImage: false, changed: true, assembler: merging };
  }
  // Files changed since the snapshot: its knowledge is let go before every article's facts are read.
  decoded = undefined;
  // The documents taken from the image are adopted too, their facts read now.
  for (const document of known) {
    assembler.adopt(factsOfKnown(dir, document, options));
    adopted++;
  }
  assembler.restore(snapshot.plan);
  for (const facts of later) assembler.add(facts);
  return { ...base, fromImage: false, changed: imageFailed || later.length > 0 || adopted !== snapshot.files.length, assembler };
}

/**
 * The facts of a document taken from a snapshot's image (or merged after a load without one), from its cache entry;
 * if that can no longer be read (a damaged segment), extracted again from its file (from nothing if the file is gone:
 * the watcher then removes it).
 */
function factsOfKnown<F>(dir: string, document: CorpusDocument, options: Pick<KnowledgeLoadOptions<F>, 'cache' | 'extract' | 'maxBytes'>): F {
  const hit = options.cache.get(document.hash, 'lean');
  if (hit) {
    leanFacts(hit.facts, document, false);
    return hit.facts;
  }
  const read = loadCorpusFileSync(join(dir, document.file), { maxBytes: options.maxBytes });
  const full: Document = 'document' in read ? read.document : { ...document, sentences: [] };
  const facts = options.extract(full);
  if ('document' in read) options.cache.set(full, facts);
  leanFacts(facts, document, true);
  return facts;
}

/** Documents adopted per idle step while an assembler is filled behind an image. */
const FILL_STEP = 500;
/**
 * Meetings of the plan placed per idle step once they are (about 40 ms at 100,000 articles, where placing all 195,000
 * at once held the event loop for 1.8 s).
 */
const RESTORE_STEP = 4_000;
/** Documents from which a filled assembler is collected after (below, its garbage is a few MB: not worth a pause). */
const FILL_COLLECT_MIN = 10_000;
/**
 * Heap growth while an assembler is filled (the facts kept, and garbage) after which a full collection is asked for,
 * in a step of its own. V8 lets the heap grow far past the last collection before its next full one: the bot at
 * 100,000 articles, filling the assembler while its engine prepares its views, grew from 856 to 1,340 MB before one
 * (peak RSS 1,820–1,846 MB); with a collection past each 256 MB (two, of about 0.7 s), 1,681–1,684 MB (128 and 192 MB:
 * the same).
 */
const FILL_COLLECT_GROWTH = 256 * 2 ** 20;
const usedHeap = (): number => process.memoryUsage().heapUsed;

/**
 * An assembler that answers with the knowledge of a snapshot's image until the corpus changes: `assembler` is
 * filled from the documents' facts and the plan the first time it is needed (add, remove), or step by step while
 * idle (`prepare`), so a warm start reads no article's facts before its first answer.
 */
function fillingAssembler<F>(
  assembler: PlanAssembler<F>, documents: readonly CorpusDocument[], factsOf: (document: CorpusDocument) => F,
  plan: MergePlan, image: Knowledge,
): PlanAssembler<F> {
  let adopted = 0;
  let filled = false;
  /**
   * Adopts up to `limit` more documents, then places the meetings (RESTORE_STEP a call while idle, all at once for a
   * change); true when the assembler is filled.
   */
  const fill = (limit = Infinity): boolean => {
    if (filled) return true;
    const end = Math.min(documents.length, adopted + limit);
    // Beside the image: what the facts hold twice (plans, figures, statements) is dropped as each document comes.
    for (; adopted < end; adopted++) assembler.adopt(factsOf(documents[adopted]!), image);
    if (adopted < documents.length) return false;
    // The image's meetings and statements are taken as built: the first change builds only what it touches.
    if (!assembler.restoreSome) assembler.restore(plan, image);
    else if (!assembler.restoreSome(plan, image, limit === Infinity ? Infinity : RESTORE_STEP)) return false;
    filled = true;
    return true;
  };
  /** The filled assembler was collected after, once (below), or is too small to be. */
  let collected = documents.length < FILL_COLLECT_MIN;
  /** The heap after the last collection asked for here (while filling, another is asked for past a growth). */
  let collectedAt = collected ? Infinity : usedHeap();
  /** True once the assembler holds something the image does not: it gives the knowledge from then on. */
  let changed = false;
  /** The filled assembler's lists were made once while idle. */
  let listsMade = false;
  return {
    add(facts) {
      fill();
      changed = true;
      assembler.add(facts);
    },
    remove(id) {
      fill();
      changed = true;
      return assembler.remove(id);
    },
    knowledge: () => (changed ? assembler.knowledge() : image),
    plan: () => (filled ? assembler.plan() : plan),
    adopt: (facts, listed) => assembler.adopt(facts, listed),
    restore: (p, listed) => assembler.restore(p, listed),
    prepare(limit) {
      // Documents are adopted FILL_STEP at a time (a cache read each), whatever unit `limit` counts after that; the
      // step that ends the filling is a step of its own, as is each below.
      if (!filled) {
        if (usedHeap() - collectedAt > FILL_COLLECT_GROWTH) {
          collectGarbage();
          collectedAt = usedHeap();
          return false;
        }
        fill(FILL_STEP);
        return false;
      }
      // Once filled, a full collection in a step of its own: what the facts were read with and restore()'s own work
      // are garbage by then (about 140 MB at 100,000 articles), and V8 would let the heap grow by as much again before
      // collecting. There, the live corpus filled peaked at 1,663 MB RSS without it and 1,512–1,525 MB with it; the
      // collection takes about 0.75 s.
      if (!collected) {
        collected = true;
        collectGarbage();
        return false;
      }
      if (!(assembler.prepare?.(limit) ?? true)) return false;
      // Last, the assembler's own lists (plans, figures, mentions: 1 million items at 100,000 articles) are made
      // once, so the first change after a start costs what the next ones do.
      if (!listsMade) {
        assembler.knowledge();
        listsMade = true;
      }
      // Then, a list a call, the copies the first change will take instead of copying those lists itself.
      return assembler.prepare?.(limit) ?? true;
    },
  };
}

/**
 * An assembler into which every article of a load without a snapshot is merged, in file order, its facts read back
 * from the cache, the first time it is used (or step by step while idle: `prepare`). Merged while the extraction's
 * workers ran, the facts and the workers' heaps were a cold start's peak (2.1 GB at 100,000 articles); merged after,
 * once the search index image is written, the workers are gone.
 */
function mergingAssembler<F>(assembler: PlanAssembler<F>, documents: readonly CorpusDocument[], factsOf: (document: CorpusDocument) => F): PlanAssembler<F> {
  let merged = 0;
  /** Merges up to `limit` more documents; true when every one is. */
  const merge = (limit = Infinity): boolean => {
    // First, what the load left (the search index built during it, set aside by then), so the heap grows from less.
    if (merged === 0 && documents.length) collectGarbage();
    const end = Math.min(documents.length, merged + limit);
    for (; merged < end; merged++) assembler.add(factsOf(documents[merged]!));
    return merged === documents.length;
  };
  return {
    add(facts) {
      merge();
      assembler.add(facts);
    },
    remove(id) {
      merge();
      return assembler.remove(id);
    },
    knowledge() {
      merge();
      return assembler.knowledge();
    },
    plan() {
      merge();
      return assembler.plan();
    },
    adopt(facts, listed) {
      merge();
      assembler.adopt(facts, listed);
    },
    restore(plan, listed) {
      merge();
      assembler.restore(plan, listed);
    },
    prepare: (limit) => merge(FILL_STEP) && (assembler.prepare?.(limit) ?? true),
    release: () => assembler.release?.(),
    releaseLookups() {
      merge();
      assembler.releaseLookups?.();
      // The lookups and the merge's garbage go before the knowledge is listed beside the assembler (at 100,000
      // articles the merge's end then held 1,507 MB against 1,615, one cold start each).
      collectGarbage();
    },
  };
}

/** Writes the knowledge snapshot of `documents` (in file order) and the assembler holding exactly them. */
export async function saveSnapshot<F>(cache: KnowledgeCache<F>, documents: readonly CorpusDocument[], assembler: PlanAssembler<F>): Promise<void> {
  const plan = assembler.plan();
  await writeSnapshotOf(cache, plannedDocuments(documents, plan), { plan, knowledge: assembler.knowledge() });
}

/** The knowledge of an assembler and its merge plan, of the same state (plan() and knowledge() with no change between). */
export interface Assembled {
  plan: MergePlan;
  /** Let go (deleted) by continueFromSnapshot once written: the image read back replaces it. */
  knowledge?: Knowledge;
}

/** The documents of `plan`, in its order, from `documents`. */
function plannedDocuments(documents: readonly CorpusDocument[], plan: MergePlan): CorpusDocument[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  return plan.documents.map((id) => {
    const document = byId.get(id);
    if (!document) throw new Error(`snapshot: the assembler holds ${id}, which is not loaded`);
    return document;
  });
}

/**
 * Writes the knowledge snapshot of the `planned` documents (plannedDocuments), assembled as `assembled` gives them;
 * true when it holds the knowledge's image. `collecting`: garbage is collected while the image is encoded
 * (collectingPause), for a start that holds nothing else; a running bot does not stop for it.
 */
async function writeSnapshotOf<F>(cache: KnowledgeCache<F>, planned: CorpusDocument[], assembled: Assembled, collecting = false): Promise<boolean> {
  const { plan, knowledge } = assembled;
  const files = planned.map((d) => ({ name: d.file, hash: d.hash }));
  // The image only when every document is lean (its sentences in the cache): a warm start takes them as they are.
  // Encoded in steps (seconds at 100,000 articles): a running bot answers in between.
  const imaged = !!knowledge && planned.every(isLean);
  // The image's records go to a file as they are encoded (140 MB at 100,000 articles), not held with the knowledge.
  const spill = imaged ? cache.imageSpill?.() : undefined;
  try {
    const image = imaged ? await imageOf(planned, knowledge, spill, collecting) : {};
    await cache.writeSnapshot({ files, plan, ...image });
  } finally {
    spill?.close();
  }
  return imaged;
}

/**
 * After a load that merged every article (no snapshot image used): writes the snapshot of what was assembled and goes
 * on as a restart would, from its image read back, with an assembler filled from the cache only when the corpus
 * first changes (or step by step while idle: `prepare`). The caller releases the assembler that made `assembled` and
 * lets go of it before calling, and it is collected here (collect-garbage.ts): its facts and merge structures were
 * most of a cold start's heap at the snapshot's writing (434 of 990 MB at 100,000 articles), and a restart does
 * without them. The built knowledge goes too once its image is written, before the image is read back (both at once
 * were the rest of that stage's heap).
 * The knowledge given is the image's; `assembled`'s when no image was written (a full disk: `warn` is told, `written`
 * is false); assembled again from the cached facts by the plan when the image cannot be read back (`warn` is told).
 * `fresh` is the assembler to fill.
 */
export async function continueFromSnapshot<F>(
  dir: string, documents: readonly CorpusDocument[], assembled: Assembled,
  options: Pick<KnowledgeLoadOptions<F>, 'cache' | 'extract' | 'maxBytes' | 'warn'> & { fresh: PlanAssembler<F> },
): Promise<{ assembler: PlanAssembler<F>; rankings?: EngineRankings; written: boolean }> {
  const { cache } = options;
  // What the caller let go (the assembler and the facts only it held) is collected before the image is encoded.
  collectGarbage();
  const plan = assembled.plan;
  const planned = plannedDocuments(documents, plan);
  let knowledge = assembled.knowledge;
  let rankings: EngineRankings | undefined;
  let written = false;
  let imaged = false;
  try {
    imaged = await writeSnapshotOf(cache, planned, assembled, true);
    written = true;
  } catch (error) {
    options.warn?.(`cache: knowledge snapshot not written (${error instanceof Error ? error.message : String(error)})`);
  }
  if (imaged) {
    delete assembled.knowledge;
    knowledge = undefined;
    collectGarbage();
    const back = readImage(cache);
    if (back && 'image' in back) {
      knowledge = back.image;
      rankings = back.rankings;
    } else options.warn?.(`cache: knowledge image not read back (${back?.problem ?? 'none in the snapshot'}); the knowledge is assembled again from the cached facts`);
  }
  const factsOf = (document: CorpusDocument) => factsOfKnown(dir, document, options);
  if (!knowledge) {
    // Rare (a snapshot written and then unreadable): every article's facts read back and placed by the plan now.
    for (const document of planned) options.fresh.adopt(factsOf(document));
    options.fresh.restore(plan);
    return { assembler: options.fresh, written };
  }
  const fill = fillingAssembler(options.fresh, planned, factsOf, plan, knowledge);
  return { assembler: fill, ...(rankings ? { rankings } : {}), written };
}

/** A snapshot's knowledge image decoded, or why it could not be; the chunk is closed either way. */
function decodeChunk(chunk: ImageChunk): { image: Knowledge } | { problem: string } {
  try {
    const image = decodeKnowledge(chunk);
    // Read from the file as it was decoded: only now is all of it known to match its CRC.
    if (!chunk.intact()) throw new Error('knowledge image: damaged (CRC mismatch)');
    return { image };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  } finally {
    chunk.close();
  }
}

/** The snapshot's knowledge image decoded, with its rankings when they fit it; undefined when it has none. */
function readImage<F>(cache: KnowledgeCache<F>): { image: Knowledge; rankings?: EngineRankings } | { problem: string } | undefined {
  const snapshot = cache.readSnapshot();
  if (!snapshot?.knowledge) return undefined;
  const decoded = decodeChunk(snapshot.knowledge);
  if (!('image' in decoded)) return decoded;
  const rankings = rankingsKept(decoded.image, snapshot.rankings);
  return { image: decoded.image, ...(rankings ? { rankings } : {}) };
}

/**
 * A snapshot's rankings of `image`; undefined when ranked by another version of the code or not fitting it (the
 * engine then ranks on first use, as without them).
 */
function rankingsKept(image: Knowledge, kept: KnowledgeSnapshot['rankings']): EngineRankings | undefined {
  return kept?.version === rankingsVersion() ? rankingsFor(image, kept) : undefined;
}

/**
 * The image of `knowledge` and what goes with it: the lean documents as stamps when the image's documents hold the
 * rest of them (snapshot.ts), else whole; and the engine's rankings (about a second at 100,000 articles), which a
 * start then does not make again.
 */
async function imageOf(
  planned: LeanDocument[], knowledge: Knowledge, spill?: ImageSpill, collecting = false,
): Promise<Pick<SnapshotToWrite, 'documents' | 'stamps' | 'knowledge' | 'rankings'>> {
  const stamps = stampsOf(planned, knowledge);
  return {
    ...(stamps ? { stamps } : { documents: planned }),
    knowledge: await encodeKnowledgeInSteps(knowledge, collecting ? collectingPause() : undefined, spill),
    rankings: { ...rankingsOf(knowledge), version: rankingsVersion() },
  };
}

/** Encoding steps (of 8,192 records) between two collections in a collectingPause: three at 100,000 articles. */
const COLLECT_EVERY_STEPS = 50;

/**
 * The pause between the image's encoding steps, with a full collection every COLLECT_EVERY_STEPS. After a cold start's
 * merge the heap may grow back to the merge's size before the collector runs, so the encoder's garbage piled up on
 * top of the knowledge: at 100,000 articles, a start from a cache without a snapshot (its merge and snapshot are a cold
 * start's) peaked at 1,358–1,392 MB without these collections and 1,325–1,361 MB with them, for about 3 s more.
 */
function collectingPause(): () => Promise<void> {
  let steps = 0;
  return () => new Promise((resolve) => {
    if (++steps % COLLECT_EVERY_STEPS === 0) collectGarbage();
    setImmediate(resolve);
  });
}

/** The fields a lean document shares with its knowledge's DocumentInfo: written once, in the image. */
const SHARED = ['id', 'file', 'lang', 'title', 'outlet', 'published', 'source'] as const;
/** The fields a stamp holds. */
const STAMPED = new Set(['hash', 'bytes', 'month', 'sentences', 'warnings', ...SHARED]);

/**
 * What `documents` have beyond their DocumentInfo in `knowledge` (stamps), or undefined when a document has anything
 * else, or differs from its DocumentInfo: the snapshot then keeps the documents whole.
 */
export function stampsOf(documents: readonly CorpusDocument[], knowledge: Knowledge): DocumentStamp[] | undefined {
  const infos = new Map(knowledge.documents.map((d) => [d.id, d]));
  const stamps: DocumentStamp[] = [];
  for (const d of documents) {
    const info = infos.get(d.id);
    if (!info || SHARED.some((k) => d[k] !== info[k]) || d.warnings.length !== info.warnings.length || d.warnings.some((w, i) => w !== info.warnings[i])) return undefined;
    if (Object.keys(d).some((k) => !STAMPED.has(k)) || d.month === '') return undefined;
    stamps.push(d.month === undefined ? { hash: d.hash, bytes: d.bytes } : { hash: d.hash, bytes: d.bytes, month: d.month });
  }
  return stamps;
}

/** The lean documents `ids` (in that order) made from `knowledge`'s documents and their stamps; undefined if one is missing. */
export function leanDocumentsOf(knowledge: Knowledge, ids: readonly string[], stamps: readonly DocumentStamp[]): LeanDocument[] | undefined {
  // The image's documents are in the plan's order (file order) as the assembler gives them: the map is for another.
  let infos: Map<string, DocumentInfo> | undefined;
  const documents: LeanDocument[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    let info: DocumentInfo | undefined = knowledge.documents[i];
    if (info?.id !== id) info = (infos ??= new Map(knowledge.documents.map((d) => [d.id, d]))).get(id);
    const stamp = stamps[i];
    if (!info || !stamp) return undefined;
    // Two literals, not a spread: the page month's key keeps its place, and 100,000 documents take no spread each.
    documents[i] = stamp.month !== undefined
      ? {
        id, file: info.file, lang: info.lang, title: info.title, outlet: info.outlet, published: info.published, month: stamp.month,
        source: info.source, sentences: null, warnings: info.warnings, hash: stamp.hash, bytes: stamp.bytes,
      }
      : {
        id, file: info.file, lang: info.lang, title: info.title, outlet: info.outlet, published: info.published,
        source: info.source, sentences: null, warnings: info.warnings, hash: stamp.hash, bytes: stamp.bytes,
      };
  }
  return documents;
}
