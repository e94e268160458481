/**
 * Corpus folder adapter: reads article files from disk and hands their bytes to the pure parser.
 * Skips (with one LoadWarning naming the file and why) oversized, unreadable, looping or changing files.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ARTICLE_EXTENSIONS, extensionOf, parseDocument } from '../corpus/documents.js';
import type { Document, LoadResult, LoadWarning } from '../corpus/types.js';

/** Files larger than this are skipped before reading. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface LoadOptions {
  maxBytes?: number;
  /**
   * Called once per warning: `loadCorpusDir` calls it for skipped and degraded files; `loadCorpusFile` calls it for
   * the warnings of a file it loaded (encoding guessed …) and returns the reason of a skipped one instead.
   */
  log?: (warning: LoadWarning) => void;
}

/** Opened without blocking: a FIFO or device swapped in after the stat check must not hang the load. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type LoadFileResult = { document: Document } | { warning: LoadWarning };

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describe(error: unknown, file = ''): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // readdir turns bytes that are not UTF-8 into U+FFFD, and that name then names no file.
  if (code === 'ENOENT' && file.includes('\ufffd')) return 'file name is not valid UTF-8 (rename the file)';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'unreadable (permission denied)';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOENT':
      return 'disappeared while loading (or a broken link)';
    case 'EISDIR':
      return 'is a folder';
    default:
      return `unreadable (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

/**
 * Reads and parses one article file. Never throws: a file that cannot be used yields a warning.
 * @param path the file's path; the document's `file` is its base name
 */
export async function loadCorpusFile(path: string, options: LoadOptions = {}): Promise<LoadFileResult> {
  return loadCorpusFileSync(path, options);
}

/** loadCorpusFile, synchronously (where an answer must not wait for the event loop: a cache entry read back). */
export function loadCorpusFileSync(path: string, options: LoadOptions = {}): LoadFileResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const file = basename(path);
  try {
    // Synchronous calls on purpose: six awaited calls per file cost more than the reading itself in a large folder.
    const before = statSync(path);
    if (!before.isFile()) return { warning: { file, reason: 'not a regular file' } };
    if (before.size > maxBytes) return { warning: { file, reason: `too large (${before.size} bytes > ${maxBytes})` } };
    const fd = openSync(path, OPEN_FLAGS);
    let bytes: Uint8Array;
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile()) return { warning: { file, reason: 'not a regular file' } };
      if (opened.size > maxBytes) return { warning: { file, reason: `too large (${opened.size} bytes > ${maxBytes})` } };
      // Read one byte more than expected: a file still growing shows up as a size mismatch.
      const buffer = new Uint8Array(opened.size + 1);
      let read = 0;
      for (;;) {
        const bytesRead = readSync(fd, buffer, read, buffer.length - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
        if (read === buffer.length) break;
      }
      const after = fstatSync(fd);
      if (read !== opened.size || after.size !== opened.size || after.mtimeMs !== opened.mtimeMs) {
        return { warning: { file, reason: 'changed while being read' } };
      }
      bytes = buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
    const parsed = parseDocument(file, bytes, { hash: sha256 });
    if ('document' in parsed) for (const reason of parsed.document.warnings) options.log?.({ file, reason });
    return parsed;
  } catch (error) {
    return { warning: { file, reason: describe(error, file) } };
  }
}

/**
 * The names in a corpus folder.
 * @throws Error with a clear message when the folder does not exist, is not a folder or cannot be read
 */
export async function corpusFolderNames(dir: string): Promise<string[]> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return await readdir(dir);
  } catch (error) {
    throw folderProblem(dir, error);
  }
}

/** The error to throw when listing the corpus folder `dir` failed with `error` (an errno error, or its code). */
export function folderProblem(dir: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new Error(`Corpus folder not found: ${dir} (set CORPUS_DIR)`);
  return new Error(`Corpus folder unreadable: ${dir} (${describe(error)})`);
}

/**
 * Loads every .txt, .md, .html and .htm file of a folder (not its subfolders), sorted by name.
 * @throws Error when the folder does not exist or is not a folder
 */
export async function loadCorpusDir(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const names = await corpusFolderNames(dir);
  const documents: Document[] = [];
  const warnings: LoadWarning[] = [];
  const warn = (w: LoadWarning) => {
    warnings.push(w);
    options.log?.(w);
  };
  const articles = names.filter((n) => ARTICLE_EXTENSIONS[extensionOf(n)] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of articles) {
    const path = join(dir, name);
    try {
      const link = await lstat(path);
      if (link.isSymbolicLink()) await realpath(path);
    } catch (error) {
      warn({ file: name, reason: describe(error, name) });
      continue;
    }
    // Without `log`: this loop reports every warning itself, once.
    const result = await loadCorpusFile(path, { maxBytes: options.maxBytes });
    if ('warning' in result) {
      warn(result.warning);
      continue;
    }
    documents.push(result.document);
    for (const reason of result.document.warnings) warn({ file: name, reason });
  }
  return { documents, warnings };
}
