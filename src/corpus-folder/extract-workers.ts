/**
 * Parallel extraction: a small worker_threads pool that runs `extractDocument` on other cores, used when many
 * documents miss the knowledge cache at start-up (loadCorpusCached, the first load of createLiveCorpus).
 *
 * - This file is also the workers' entry: a worker registers tsx's loader, then imports it, so it runs the same
 *   TypeScript sources as the main thread; it answers `{ id, docs }` with `{ id, json }` (or `{ id, facts }`, below).
 * - Documents go to the workers by structured clone; facts come back as JSON text when JSON carries them exactly
 *   (json-exact.ts), else by structured clone. Parsed JSON takes less of the main thread's heap, which holds every
 *   article's facts during a cold start: objects v8 deserializes get their fields one by one, most of them in a
 *   separate property array (a cold start's heap at 10,000 articles: 171 → 154 MB). The main thread keeps reading and
 *   splitting files meanwhile (reading in the workers measured slower: the loader's modules take long to start).
 * - Any worker failure (cannot start, crashes, exits, a message that does not clone) stops the pool: what it had not
 *   answered yet, and everything asked afterwards, is extracted in this thread. Results are the same either way.
 * - Small batches stay in this thread (starting workers costs about as much as extracting several hundred articles),
 *   and so do tests (VITEST set) unless they ask for a pool explicitly. ATTACHE_EXTRACT_WORKERS=N overrides the
 *   worker count (0 = never).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../corpus/types.js';
import { extractDocument, type DocumentFacts } from '../knowledge/extract.js';
import { jsonExact } from '../knowledge-cache/json-exact.js';

/**
 * Fewer documents to extract than this: extract in this thread. Measured on 2 cores (cold start, synthetic corpus):
 * workers lose at 300 documents (their start-up, about 0.3 s each and slower when both start at once), break even
 * near 600 and win from 1,000 (3.2 s instead of 4.0 s) to 10,000.
 */
export const PARALLEL_MIN_DOCUMENTS = 800;
/** Workers replaced after running out of memory, at most, before the pool gives up on workers. */
const MAX_REPLACED = 4;

/**
 * The heap limit of a worker that extracts articles of at most `largestBytes`: a worker keeps about 110 MB (the
 * lexicons and registries), and extracting a 5 MB article took under 100 MB more in a 200 MB heap. Articles are
 * usually a few KB: their workers get 288 MB, where V8 alone let each grow to 450 MB at 100,000 articles.
 */
export function workerHeapMb(largestBytes: number): number {
  return 256 + 32 * Math.max(1, Math.ceil(largestBytes / 2 ** 20));
}

/** Documents sent to a worker at once (at most): small enough to balance, large enough to amortize messages. */
const CHUNK = 24;
/**
 * Chunks a worker holds at once: the one it extracts and the next ones, queued in the worker, so that it goes on while
 * this thread is busy (reading, indexing, writing the cache) instead of waiting for it to read the reply and send more.
 * With one chunk at a time, the workers of a cold start at 10,000 articles waited about a fifth of the time.
 */
const IN_FLIGHT = 3;
const WORKER_MARK = 'attache-extract-worker';

interface Request {
  id: number;
  docs: Document[];
}

/** `json`: the facts as JSON text (`facts` when JSON would not give them back exactly). */
type Reply = { id: number; facts: DocumentFacts[] } | { id: number; json: string } | { id: number; error: string };

// ---------------------------------------------------------------------------------------------------------------
// Worker side

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === WORKER_MARK) {
  const port = parentPort;
  port.on('message', (req: Request) => {
    let reply: Reply;
    try {
      const facts = req.docs.map((d) => extractDocument(d));
      reply = jsonExact(facts) ? { id: req.id, json: JSON.stringify(facts) } : { id: req.id, facts };
    } catch (error) {
      reply = { id: req.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Main side

/** How many workers to use for `pending` documents to extract: 0 = extract in this thread. */
export function workersFor(pending: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.ATTACHE_EXTRACT_WORKERS;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    return Number.isInteger(n) && n > 0 && pending > 0 ? n : 0;
  }
  if (pending < PARALLEL_MIN_DOCUMENTS || env.VITEST) return 0;
  const cores = availableParallelism();
  return cores >= 2 ? Math.min(cores, 8) : 0;
}

/**
 * A worker's bootstrap: registers tsx's ESM loader in the worker (hooks given by `--import` in a worker's execArgv
 * do not reach its entry module on Node 20), then imports `entry`.
 */
function bootstrap(entry: URL): string {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

export interface ExtractPool {
  /**
   * The facts of `document`, as extractDocument gives them (from a worker, or from this thread after a failure).
   */
  extract(document: Document): Promise<DocumentFacts>;
  /** Why the pool stopped using workers, or null while they run. */
  readonly failure: string | null;
  /** Stops the workers (pending items are still answered, in this thread). */
  close(): Promise<void>;
}

export interface ExtractPoolOptions {
  /** Worker count (default: workersFor of a large batch, at least 1). */
  size?: number;
  /** Told once when the pool falls back to this thread. */
  onFailure?: (reason: string) => void;
  /**
   * Each worker's heap limit in MB (old generation; default: V8's, which lets a worker's garbage grow to about four
   * times what it keeps: 450 MB each at 100,000 articles). See workerHeapMb.
   */
  heapMb?: number;
  /** Test hook: the worker entry (default: this file). */
  workerUrl?: URL;
}

interface Job {
  document: Document;
  resolve(facts: DocumentFacts): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  /** The chunks sent and not answered yet, oldest first (a worker answers in order): empty when idle. */
  inFlight: { id: number; jobs: Job[] }[];
}

/** Answers a job in this thread (extractDocument also records the concepts). */
function inThread(job: Job): void {
  try {
    job.resolve(extractDocument(job.document));
  } catch (error) {
    job.reject(error);
  }
}

/** A worker's facts as the job's result (missing facts: extracted here). */
function settle(job: Job, facts: DocumentFacts | undefined): void {
  if (!facts) return inThread(job);
  job.resolve(facts);
}

/**
 * V8's flags are the process's: started with --max-old-space-size (on the command line, or in NODE_OPTIONS as the
 * README advises for large corpora), every isolate made afterwards gets that heap, worker threads included, whatever
 * their resourceLimits say. This thread's heap is sized already, so the flag is cleared for the isolates to come: at
 * 10,000 articles a cold start under --max-old-space-size=4096 peaked at 1,173 MB with the flag left, 861 MB cleared.
 */
function letWorkerHeapLimitsHold(): void {
  setFlagsFromString('--max-old-space-size=0');
}

/** Starts a pool of workers that run extractDocument. */
export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const size = Math.max(1, options.size ?? (workersFor(Number.MAX_SAFE_INTEGER) || 1));
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let failure: string | null = null;
  let closed = false;
  let nextId = 1;
  let scheduled = false;

  const fail = (reason: string): void => {
    if (failure !== null) return;
    failure = reason;
    options.onFailure?.(reason);
    const orphans: Job[] = [];
    for (const s of slots) {
      for (const chunk of s.inFlight.splice(0)) orphans.push(...chunk.jobs);
      void s.worker.terminate().catch(() => undefined);
    }
    orphans.push(...queue.splice(0));
    for (const job of orphans) inThread(job);
  };

  const dispatch = (): void => {
    scheduled = false;
    if (failure !== null) return;
    // A chunk to each worker in turn, then a second to each, so that the work spreads evenly when it is short.
    for (let depth = 0; depth < IN_FLIGHT; depth++) {
      for (const s of slots) {
        if (queue.length === 0) return;
        if (s.inFlight.length > depth) continue;
        const jobs = queue.splice(0, CHUNK);
        const id = nextId++;
        s.inFlight.push({ id, jobs });
        s.worker.ref();
        try {
          s.worker.postMessage({ id, docs: jobs.map((j) => j.document) } satisfies Request);
        } catch (error) {
          fail(`could not send documents to a worker: ${String(error)}`);
          return;
        }
      }
    }
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    // Documents asked for in the same turn travel together.
    queueMicrotask(dispatch);
  };

  const code = (() => {
    try {
      return bootstrap(options.workerUrl ?? new URL(import.meta.url));
    } catch (error) {
      fail(`extraction workers could not start: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  })();
  if (options.heapMb) letWorkerHeapLimitsHold();
  let replaced = 0;
  /** Starts a worker: in a new slot, or in `slot` again after its worker ran out of memory. */
  const start = (again?: Slot): Slot => {
    const worker = new Worker(code!, {
      eval: true,
      workerData: { role: WORKER_MARK },
      ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
    });
    const slot = again ?? { worker, inFlight: [] };
    slot.worker = worker;
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const busy = slot.inFlight[0];
      if (slot.worker !== worker || !busy || busy.id !== reply.id) return;
      slot.inFlight.shift();
      if (slot.inFlight.length === 0) worker.unref();
      if ('error' in reply) {
        // The same document would fail here too; extracting in this thread reports it as the caller expects.
        for (const job of busy.jobs) inThread(job);
      } else {
        let facts: DocumentFacts[] | undefined;
        try {
          facts = 'json' in reply ? (JSON.parse(reply.json) as DocumentFacts[]) : reply.facts;
        } catch {
          // Never expected; the documents are then extracted here.
        }
        busy.jobs.forEach((job, i) => settle(job, facts?.[i]));
      }
      dispatch();
    });
    worker.on('error', (error) => {
      if (slot.worker !== worker) return;
      // A document too large for the worker's heap: it is extracted here (no such limit), and a fresh worker goes on.
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' && !closed && failure === null && replaced < MAX_REPLACED) {
        replaced++;
        const orphans = slot.inFlight.splice(0).flatMap((chunk) => chunk.jobs);
        try {
          start(slot);
        } catch (cause) {
          fail(`extraction worker could not be replaced: ${cause instanceof Error ? cause.message : String(cause)}`);
        }
        for (const job of orphans) inThread(job);
        schedule();
        return;
      }
      fail(`extraction worker failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    worker.on('messageerror', (error) => {
      if (slot.worker === worker) fail(`extraction worker message failed: ${String(error)}`);
    });
    worker.on('exit', (exitCode) => {
      if (!closed && slot.worker === worker) fail(`extraction worker exited (code ${exitCode})`);
    });
    return slot;
  };
  if (code !== null) {
    try {
      for (let k = 0; k < size; k++) slots.push(start());
    } catch (error) {
      fail(`extraction workers could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    extract(document) {
      return new Promise<DocumentFacts>((resolve, reject) => {
        const job: Job = { document, resolve, reject };
        if (failure !== null || closed) return inThread(job);
        queue.push(job);
        schedule();
      });
    },
    get failure() {
      return failure;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Whatever is still waiting is answered here rather than lost.
      const orphans = [...queue.splice(0), ...slots.flatMap((s) => s.inFlight.splice(0).flatMap((chunk) => chunk.jobs))];
      await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
      for (const job of orphans) inThread(job);
    },
  };
}

/**
 * The facts of every document, in order: in worker threads when there are enough of them (see workersFor), else in
 * this thread. Never fails because of a worker: a failing pool falls back to this thread.
 */
export async function extractAll(documents: readonly Document[], options: ExtractPoolOptions = {}): Promise<DocumentFacts[]> {
  const size = options.size ?? workersFor(documents.length);
  if (size <= 0) return documents.map((d) => extractDocument(d));
  const pool = createExtractPool({ ...options, size });
  try {
    return await Promise.all(documents.map((d) => pool.extract(d)));
  } finally {
    await pool.close();
  }
}
