/**
 * Persisted knowledge: each article's parsed Document and extracted facts, cached by the file's content hash, so a
 * restart re-extracts only the articles that changed; plus the search index image, for a warm start.
 *
 * Files (under CACHE_DIR, one set per corpus folder, named by a hash of the folder's absolute path):
 *   knowledge-<dir>.bin  'ATKC' | u32 format | u32 header length | header JSON | payload (v8.serialize)
 *   search-<dir>.bin     'ATKC' | u32 format | u32 header length | header JSON | payload (SearchIndex.toBinary)
 * The header holds the cache version, the payload length and its MD5. A file of another version, with a wrong length
 * or checksum, or that does not deserialize is reported once and ignored (then rebuilt): it is never trusted. Writes go
 * to a temporary file renamed into place, so a crash mid-write leaves the previous file intact.
 *
 * The cache version combines EXTRACTOR_VERSION and a hash of every source and data file of the extractor (src/corpus
 * and src/knowledge, .ts and .json): a code or lexicon change rebuilds the cache once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { ARTICLE_EXTENSIONS, extensionOf } from '../corpus/documents.js';
import type { Document, LoadResult, LoadWarning } from '../corpus/types.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import type { Evidence } from '../knowledge/types.js';
import { corpusFolderNames, loadCorpusFile } from './corpus-dir.js';
import { rememberConcepts } from '../knowledge/concepts.js';
import { extractDocument } from '../knowledge/extract.js';
import { createExtractPool, workersFor, type ExtractPool } from './extract-workers.js';

/** Bump to force a rebuild (the extractor's code and data files are hashed automatically). */
export const EXTRACTOR_VERSION = 1;
const MAGIC = 0x434b5441; // 'ATKC' little-endian
const FORMAT = 1;
const PREFIX = 12;

/** Folders whose code and data files are part of the cache version: what produces a document's facts. */
export const DATA_DIRS: readonly string[] = [
  fileURLToPath(new URL('../knowledge/', import.meta.url)),
  fileURLToPath(new URL('../corpus/', import.meta.url)),
];

const VERSIONED = /\.(json|ts)$/;

function versionedFilesUnder(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((e) => (e.isDirectory() ? versionedFilesUnder(join(dir, e.name)) : VERSIONED.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/**
 * The cache version: EXTRACTOR_VERSION plus a hash of the names and bytes of every .ts and .json file under
 * `dataDirs` (about 1 MB, read once at start-up).
 */
export function cacheVersion(dataDirs: readonly string[] = DATA_DIRS, extractorVersion: number | string = EXTRACTOR_VERSION): string {
  const h = createHash('sha256');
  for (const dir of dataDirs) {
    for (const file of versionedFilesUnder(dir)) {
      h.update(file.slice(dir.length)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return `x${extractorVersion}-${h.digest('hex').slice(0, 16)}`;
}

/** Turns facts into what is stored and back; the default drops evidence text that repeats the document's sentence. */
export interface FactsCodec<F> {
  pack(facts: F, document: Document): unknown;
  unpack(packed: unknown, document: Document): F;
}

type Packed<T> = T & { t?: number };

function evidenceLists(f: DocumentFacts): Evidence[][] {
  return [
    ...f.meetings.map((m) => m.evidence),
    ...f.plans.map((p) => p.sources),
    f.areaMentions.map((m) => m.evidence),
    f.figures.map((x) => x.evidence),
  ];
}

/**
 * The default codec for DocumentFacts: an evidence whose text is its document sentence's text is stored without
 * it (`t: 1`) and gets the sentence's own string back when loaded, so the cache is smaller and a warm start holds
 * each sentence once in memory.
 */
export const documentFactsCodec: FactsCodec<DocumentFacts> = {
  pack(facts, document) {
    const texts = new Map(document.sentences.map((s) => [s.index, s.text]));
    const strip = (e: Evidence): Packed<Evidence> =>
      e.document === document.id && texts.get(e.sentence) === e.text ? { ...e, text: '', t: 1 } : e;
    return {
      ...facts,
      meetings: facts.meetings.map((m) => ({ ...m, evidence: m.evidence.map(strip) })),
      plans: facts.plans.map((p) => ({ ...p, sources: p.sources.map(strip) })),
      areaMentions: facts.areaMentions.map((m) => ({ ...m, evidence: strip(m.evidence) })),
      figures: facts.figures.map((x) => ({ ...x, evidence: strip(x.evidence) })),
    };
  },
  unpack(packed, document) {
    const facts = packed as DocumentFacts;
    rememberConcepts(document, facts.concepts ?? {});
    const texts = new Map(document.sentences.map((s) => [s.index, s.text]));
    for (const list of evidenceLists(facts)) {
      for (const e of list as Packed<Evidence>[]) {
        if (e.t === 1) {
          e.text = texts.get(e.sentence) ?? '';
          delete e.t;
        }
      }
    }
    return facts;
  },
};

interface Entry {
  document: Document;
  facts: unknown;
}

interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

interface Payload {
  entries: [string, Entry][];
  files: [string, FileStamp][];
}

export interface CacheLog {
  warn(message: string): void;
}

export interface KnowledgeCacheOptions<F> {
  /** Default: cacheVersion(). */
  version?: string;
  codec?: FactsCodec<F>;
  /** Told once about a cache file that was ignored (corrupt, truncated, of another version). */
  log?: CacheLog;
}

export interface KnowledgeCache<F = DocumentFacts> {
  readonly version: string;
  /** The cached document and facts of a content hash (counted as a hit), or undefined (a miss). */
  get(hash: string): { document: Document; facts: F } | undefined;
  /** Remembers the facts of a document (and the stat of the file it came from, when given). */
  set(document: Document, facts: F, file?: { path: string; size: number; mtimeMs: number }): void;
  /** The content hash last seen for a file of this size and mtime, if any. */
  hashOfFile(path: string, size: number, mtimeMs: number): string | undefined;
  /** Forgets a file's stat (the file was removed). */
  forgetFile(path: string): void;
  /** Writes the cache atomically; keeps only the hashes `keep` names (default: every entry used or set this session). */
  save(keep?: Iterable<string>): Promise<void>;
  /** A search index image stored under `key`, or undefined (absent, corrupt or another key). */
  loadIndex(key: string): Promise<Uint8Array | undefined>;
  saveIndex(key: string, image: Uint8Array): Promise<void>;
  stats(): { entries: number; hits: number; misses: number; loadedFrom: 'file' | 'empty' | 'rebuilt' };
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A framed file: magic, format, header JSON (version, key, length, checksum), payload. */
function frame(header: Record<string, unknown>, payload: Uint8Array): Buffer {
  const head = Buffer.from(JSON.stringify({ ...header, bytes: payload.byteLength, md5: md5(payload) }), 'utf8');
  const prefix = Buffer.alloc(PREFIX);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(head.length, 8);
  return Buffer.concat([prefix, head, payload]);
}

/** The payload of a framed file, or the reason it cannot be trusted. */
function unframe(bytes: Buffer, expect: Record<string, string>): { payload: Buffer } | { problem: string } {
  if (bytes.length < PREFIX || bytes.readUInt32LE(0) !== MAGIC) return { problem: 'not a cache file' };
  if (bytes.readUInt32LE(4) !== FORMAT) return { problem: `format ${bytes.readUInt32LE(4)} (expected ${FORMAT})` };
  const headLen = bytes.readUInt32LE(8);
  if (PREFIX + headLen > bytes.length) return { problem: 'truncated header' };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.toString('utf8', PREFIX, PREFIX + headLen)) as Record<string, unknown>;
  } catch {
    return { problem: 'unreadable header' };
  }
  for (const [k, v] of Object.entries(expect)) if (header[k] !== v) return { problem: `stale (${k} changed)` };
  const payload = bytes.subarray(PREFIX + headLen);
  if (payload.length !== header.bytes) return { problem: `truncated (${payload.length} of ${String(header.bytes)} bytes)` };
  if (md5(payload) !== header.md5) return { problem: 'checksum mismatch' };
  return { payload };
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** The cache file names of a corpus folder. */
export function cacheFiles(cacheDir: string, corpusDir: string): { knowledge: string; index: string } {
  const key = createHash('sha256').update(resolve(corpusDir)).digest('hex').slice(0, 12);
  return { knowledge: join(cacheDir, `knowledge-${key}.bin`), index: join(cacheDir, `search-${key}.bin`) };
}

/**
 * Opens (or starts) the cache of one corpus folder. Never throws on a bad cache file: it is reported through
 * `log.warn` and the cache starts empty.
 */
export async function openKnowledgeCache<F = DocumentFacts>(
  cacheDir: string,
  corpusDir: string,
  options: KnowledgeCacheOptions<F> = {},
): Promise<KnowledgeCache<F>> {
  const version = options.version ?? cacheVersion();
  const codec = (options.codec ?? documentFactsCodec) as FactsCodec<F>;
  const paths = cacheFiles(cacheDir, corpusDir);
  const entries = new Map<string, Entry>();
  const files = new Map<string, FileStamp>();
  const used = new Set<string>();
  let hits = 0;
  let misses = 0;
  let loadedFrom: 'file' | 'empty' | 'rebuilt' = 'empty';

  const ignore = (path: string, problem: string) => {
    loadedFrom = 'rebuilt';
    options.log?.warn(`cache ${path} ignored and rebuilt: ${problem}`);
  };

  let raw: Buffer | undefined;
  try {
    raw = await readFile(paths.knowledge);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') ignore(paths.knowledge, String(error));
  }
  if (raw) {
    const r = unframe(raw, { version });
    if ('problem' in r) ignore(paths.knowledge, r.problem);
    else {
      try {
        const payload = deserialize(r.payload) as Payload;
        for (const [hash, entry] of payload.entries) entries.set(hash, entry);
        for (const [path, stamp] of payload.files) files.set(path, stamp);
        loadedFrom = 'file';
      } catch (error) {
        entries.clear();
        files.clear();
        ignore(paths.knowledge, `does not deserialize (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    raw = undefined;
  }

  return {
    version,
    get(hash) {
      const entry = entries.get(hash);
      if (!entry) {
        misses++;
        return undefined;
      }
      hits++;
      used.add(hash);
      // Unpack once; the unpacked value is what is stored from now on (pack is applied again on save).
      if (!('unpacked' in (entry as object))) {
        Object.assign(entry, { facts: codec.unpack(entry.facts, entry.document), unpacked: true });
      }
      return { document: entry.document, facts: entry.facts as F };
    },
    set(document, facts, file) {
      entries.set(document.hash, Object.assign({ document, facts }, { unpacked: true }));
      used.add(document.hash);
      if (file) files.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, hash: document.hash });
    },
    hashOfFile(path, size, mtimeMs) {
      const s = files.get(path);
      return s && s.size === size && s.mtimeMs === mtimeMs ? s.hash : undefined;
    },
    forgetFile(path) {
      files.delete(path);
    },
    async save(keep) {
      const wanted = new Set(keep ?? used);
      const out: [string, Entry][] = [];
      for (const [hash, entry] of entries) {
        if (!wanted.has(hash)) continue;
        const unpacked = 'unpacked' in (entry as object);
        out.push([hash, { document: entry.document, facts: unpacked ? codec.pack(entry.facts as F, entry.document) : entry.facts }]);
      }
      const stamps = [...files].filter(([, s]) => wanted.has(s.hash));
      const payload = serialize({ entries: out, files: stamps } satisfies Payload);
      await mkdir(cacheDir, { recursive: true });
      await writeAtomic(paths.knowledge, frame({ version }, payload));
    },
    async loadIndex(key) {
      let bytes: Buffer;
      try {
        bytes = await readFile(paths.index);
      } catch {
        return undefined;
      }
      const r = unframe(bytes, { version, key });
      if ('problem' in r) {
        if (!r.problem.startsWith('stale')) options.log?.warn(`cache ${paths.index} ignored and rebuilt: ${r.problem}`);
        return undefined;
      }
      return r.payload;
    },
    async saveIndex(key, image) {
      await mkdir(cacheDir, { recursive: true });
      await writeAtomic(paths.index, frame({ version, key }, image));
    },
    stats: () => ({ entries: entries.size, hits, misses, loadedFrom }),
  };
}

/** The key of a search index image: the set of document hashes (order-independent) and ids. */
export function indexKey(documents: readonly Document[]): string {
  const h = createHash('sha256');
  for (const d of [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) h.update(`${d.id}\0${d.hash}\n`);
  return h.digest('hex');
}

export interface CachedLoadOptions<F> {
  cache: KnowledgeCache<F>;
  extract: (document: Document) => F;
  maxBytes?: number;
  log?: (warning: LoadWarning) => void;
  /**
   * 'stat' (default): a file whose size and mtime match the cache is taken from it without being read, like git's
   * index; 'content': every file is read and hashed, and only its extraction is reused.
   */
  verify?: 'stat' | 'content';
  /**
   * Worker threads for the documents to extract (io/extract-workers.ts): default `workersFor(files not in the
   * cache)`, i.e. one per core when at least PARALLEL_MIN_DOCUMENTS may need extracting, else 0 (this thread).
   * Only used when `extract` is knowledge/extract.ts `extractDocument`, the function the workers run.
   */
  workers?: number;
}

export interface CachedLoadResult<F> extends LoadResult {
  facts: F[];
  /** Files taken from the cache without reading / read but not re-extracted / extracted. */
  counts: { unread: number; reused: number; extracted: number };
}

/**
 * Loads every article of `dir` (like loadCorpusDir: sorted by name, the same warnings) with the facts of each,
 * extracting only the documents the cache does not hold.
 */
export async function loadCorpusCached<F>(dir: string, options: CachedLoadOptions<F>): Promise<CachedLoadResult<F>> {
  const { cache, extract } = options;
  const names = await corpusFolderNames(dir);
  const documents: Document[] = [];
  const facts: F[] = [];
  const warnings: LoadWarning[] = [];
  const counts = { unread: 0, reused: 0, extracted: 0 };
  const warn = (w: LoadWarning) => {
    warnings.push(w);
    options.log?.(w);
  };
  const articles = names.filter((n) => ARTICLE_EXTENSIONS[extensionOf(n)] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const verify = options.verify ?? 'stat';
  // Stat every file first: how many may need extracting decides whether worker threads are worth starting (they
  // then warm up while the files are read).
  const infos = await Promise.all(articles.map(async (name) => {
    try {
      return await stat(join(dir, name));
    } catch {
      return undefined; // loadCorpusFile names the problem
    }
  }));
  let pool: ExtractPool | null = null;
  if ((extract as unknown) === extractDocument) {
    const unknown = verify === 'stat'
      ? infos.filter((info, k) => !(info?.isFile() && cache.hashOfFile(join(dir, articles[k]!), info.size, info.mtimeMs) !== undefined)).length
      : articles.length;
    const size = options.workers ?? workersFor(unknown);
    if (size > 0) pool = createExtractPool({ size });
  }
  // Each article in file order: a stat hit, a skipped file, or a document with its facts (reused from the cache,
  // extracted here, or on their way from a worker). Without a pool each is taken as soon as it is known; with one,
  // the files are read here while the workers extract, and the articles are taken in order at the end, with the same
  // effects (warnings, cache entries, counts).
  type Article =
    | { hit: { document: Document; facts: F } }
    | { warning: LoadWarning }
    | { document: Document; facts: F | Promise<F>; reused: boolean };
  const pending: Article[] = [];
  for (const [k, name] of articles.entries()) {
    const path = join(dir, name);
    const info = infos[k];
    let article: Article | null = null;
    if (verify === 'stat' && info?.isFile()) {
      const hash = cache.hashOfFile(path, info.size, info.mtimeMs);
      const hit = hash === undefined ? undefined : cache.get(hash);
      if (hit && hit.document.file === name) article = { hit };
    }
    if (!article) {
      const result = await loadCorpusFile(path, { maxBytes: options.maxBytes });
      if ('warning' in result) article = result;
      else {
        const document = result.document;
        const hit = cache.get(document.hash);
        if (hit && hit.document.file === name) article = { document, facts: hit.facts, reused: true };
        else article = { document, facts: pool ? (pool.extract(document) as Promise<F>) : extract(document), reused: false };
      }
    }
    if (pool) pending.push(article);
    else take(name, info, article, article && 'facts' in article ? (article.facts as F) : undefined);
  }
  if (pool) {
    try {
      for (const [k, article] of pending.entries()) {
        take(articles[k]!, infos[k], article, 'facts' in article ? await article.facts : undefined);
      }
    } finally {
      await pool.close();
    }
  }

  /** One article's effects on the result and the cache (`f`: the facts of a document article). */
  function take(name: string, info: import('node:fs').Stats | undefined, article: Article, f: F | undefined): void {
    const path = join(dir, name);
    if ('hit' in article) {
      documents.push(article.hit.document);
      facts.push(article.hit.facts);
      for (const reason of article.hit.document.warnings) warn({ file: name, reason });
      counts.unread++;
      return;
    }
    if ('warning' in article) {
      cache.forgetFile(path);
      warn(article.warning);
      return;
    }
    const { document } = article;
    if (article.reused) counts.reused++;
    else counts.extracted++;
    if (info) cache.set(document, f as F, { path, size: info.size, mtimeMs: info.mtimeMs });
    else cache.set(document, f as F);
    documents.push(document);
    facts.push(f as F);
    for (const reason of document.warnings) warn({ file: name, reason });
  }
  return { documents, facts, warnings, counts };
}
