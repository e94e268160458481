/**
 * One look at a corpus folder: its entries' names and each one's size and mtime. A large folder is statted in a worker
 * thread, so a start can decode its knowledge snapshot meanwhile (100,000 stats take 0.3–0.5 s of a thread).
 */
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { corpusFolderNames, folderProblem } from './load.js';

export interface FolderScan {
  /** Every entry of the folder, as readdir gives them. */
  names: string[];
  /** Per name: its size, NaN when it is not a file or could not be statted (gone meanwhile, unreadable). */
  size: Float64Array;
  mtimeMs: Float64Array;
}

/** Below this many entries the folder is statted on this thread (a worker costs more to start). */
const WORKER_MIN_ENTRIES = 5_000;

export interface ScanOptions {
  /** Default 5,000. */
  workerMinEntries?: number;
  /**
   * How many entries the folder is expected to hold (e.g. a cache's entry count). When that is enough for a worker,
   * the worker lists the folder too: a listing awaited on this thread would wait for its event loop, which a start
   * keeps busy decoding its snapshot, and the stats would only begin after that.
   */
  expectedEntries?: number;
}

/**
 * Lists and stats `dir` (not its subfolders).
 * @throws Error naming the folder when it does not exist, is not a folder or cannot be read (as corpusFolderNames)
 */
export async function scanFolder(dir: string, options: ScanOptions = {}): Promise<FolderScan> {
  const min = options.workerMinEntries ?? WORKER_MIN_ENTRIES;
  if ((options.expectedEntries ?? 0) >= min) {
    const scanned = await scanInWorker(dir).catch(() => undefined);
    if (scanned && 'problem' in scanned) throw folderProblem(dir, scanned.problem);
    if (scanned) return scanned;
    // A worker that cannot start (a resource limit): the folder is scanned here.
  }
  const names = await corpusFolderNames(dir);
  if (names.length < min) return statAll(dir, names);
  const scanned = await scanInWorker(dir, names).catch(() => undefined);
  return scanned && !('problem' in scanned) ? scanned : statAll(dir, names);
}

function statAll(dir: string, names: string[]): FolderScan {
  const size = new Float64Array(names.length).fill(NaN);
  const mtimeMs = new Float64Array(names.length).fill(NaN);
  names.forEach((name, k) => {
    try {
      const info = statSync(join(dir, name));
      if (!info.isFile()) return;
      size[k] = info.size;
      mtimeMs[k] = info.mtimeMs;
    } catch {
      // gone or unreadable: left NaN, the loader names the problem
    }
  });
  return { names, size, mtimeMs };
}

/**
 * The worker's code: plain CommonJS, so it needs no loader (the same loop as statAll). Given no names, it lists the
 * folder first, and posts the listing's error code if that fails.
 */
const WORKER_CODE = `
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const { dir } = workerData;
function list() {
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  return readdirSync(dir);
}
function scan(names) {
  const size = new Float64Array(names.length).fill(NaN);
  const mtimeMs = new Float64Array(names.length).fill(NaN);
  for (let k = 0; k < names.length; k++) {
    try {
      const info = statSync(join(dir, names[k]));
      if (!info.isFile()) continue;
      size[k] = info.size;
      mtimeMs[k] = info.mtimeMs;
    } catch {}
  }
  parentPort.postMessage({ listed: workerData.names ? undefined : names, size, mtimeMs }, [size.buffer, mtimeMs.buffer]);
}
let names = workerData.names;
if (!names) {
  try {
    names = list();
  } catch (error) {
    parentPort.postMessage({ problem: { code: error.code, message: error.message } });
  }
}
if (names) scan(names);
`;

type WorkerReply = { listed?: string[]; size: Float64Array; mtimeMs: Float64Array } | { problem: { code?: string; message: string } };

/** The folder scanned in a worker: `names` statted, or the folder listed first; or the listing's problem. */
function scanInWorker(dir: string, names?: string[]): Promise<FolderScan | { problem: NodeJS.ErrnoException }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { dir, names } });
    worker.once('message', (reply: WorkerReply) => {
      if ('problem' in reply) resolve({ problem: Object.assign(new Error(reply.problem.message), { code: reply.problem.code }) });
      else resolve({ names: names ?? reply.listed!, size: reply.size, mtimeMs: reply.mtimeMs });
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`folder scan worker exited (${code})`)));
  });
}

/**
 * `join(dir, name)` for the names a folder lists (no separator in them), without normalizing every path: at 100,000
 * files, join's normalization took 0.1–0.2 s of a start. Falls back to join where a prefix would differ from it.
 */
export function pathIn(dir: string): (name: string) => string {
  const base = join(dir, '.');
  const prefix = base.endsWith(sep) ? base : `${base}${sep}`;
  const probe = 'a.txt';
  return prefix + probe === join(dir, probe) ? (name) => prefix + name : (name) => join(dir, name);
}
