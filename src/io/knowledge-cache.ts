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
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { ARTICLE_EXTENSIONS, extensionOf } from '../corpus/documents.js';
import type { CorpusDocument, Document, LoadResult, LoadWarning } from '../corpus/types.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import type { Evidence } from '../knowledge/types.js';
import { corpusFolderNames, loadCorpusFile } from './corpus-dir.js';
import { extractDocument } from '../knowledge/extract.js';
import { createExtractPool, workersFor, type ExtractPool } from './extract-workers.js';
import { leanDocument } from './lean-documents.js';

/** Bump to force a rebuild (the extractor's code and data files are hashed automatically). */
export const EXTRACTOR_VERSION = 1;
const MAGIC = 0x434b5441; // 'ATKC' little-endian
const FORMAT = 3;
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
 * A copy of `s` that keeps no larger string alive: V8 represents a slice of a long string as a view of it, so a
 * title or a figure sliced from an article would keep the whole article text in memory for as long as it lives.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Participant names, roles and countries repeat across thousands of documents: one string each in memory.
 * Bounded memoization (at most 50,000 strings, then cleared): interning changes which copy is held, never a value.
 */
const names = new Map<string, string>();
const intern = (s: string | null): string | null => {
  if (s === null) return s;
  const known = names.get(s);
  if (known !== undefined) return known;
  if (names.size >= 50_000) names.clear();
  const copy = detached(s);
  names.set(copy, copy);
  return copy;
};
function internParticipant(p: { name: string; role: string | null; country: string | null; personId?: string | null }): void {
  // Only fields the object has (adding one would change its shape and cost memory).
  p.name = intern(p.name)!;
  if (typeof p.role === 'string') p.role = intern(p.role);
  if (typeof p.country === 'string') p.country = intern(p.country);
  if (typeof p.personId === 'string') p.personId = intern(p.personId);
}

/**
 * Lean facts: drops the sentence text of every evidence of `facts` that cites `document` (it is read back from the
 * document's sentences when shown: Evidence.text), so knowledge assembled from them holds no sentence text; shares
 * the strings the document and its facts repeat, and (`parsedNow`: the document was parsed in this process) detaches
 * the strings kept from the article's text. Facts of another shape are left alone.
 */
export function leanFacts(facts: unknown, document: CorpusDocument, parsedNow: boolean): void {
  const f = facts as Partial<DocumentFacts>;
  if (!Array.isArray(f.meetings) || !Array.isArray(f.plans) || !Array.isArray(f.areaMentions) || !Array.isArray(f.figures)) return;
  for (const list of evidenceLists(f as DocumentFacts)) for (const e of list) if (e.document === document.id) e.text = '';
  // Strings of a document parsed now may be slices of its text (see detached); read from the cache, they are not.
  const own = parsedNow ? detached : (s: string) => s;
  const doc = document as unknown as Record<string, unknown>;
  for (const key of ['id', 'file', 'lang', 'title', 'outlet', 'published', 'source', 'hash'] as const) {
    if (typeof doc[key] === 'string') doc[key] = own(doc[key] as string);
  }
  if (parsedNow) document.warnings = document.warnings.map(detached);
  // One string for what the document and its info both say.
  const info = f.info as unknown as Record<string, unknown> | undefined;
  if (info) {
    for (const key of ['id', 'file', 'lang', 'title', 'outlet', 'published', 'source'] as const) {
      if (info[key] === doc[key]) info[key] = doc[key];
      else if (typeof info[key] === 'string') info[key] = own(info[key] as string);
    }
    if (Array.isArray(info.warnings)) info.warnings = document.warnings;
  }
  for (const m of f.meetings) {
    m.document = document.id;
    for (const p of m.participants) internParticipant(p);
  }
  for (const p of f.plans) {
    p.summary = own(p.summary);
    for (const x of p.participants) internParticipant(x);
  }
  if (!parsedNow) return;
  for (const x of f.figures) {
    x.text = detached(x.text);
    if (x.measure) x.measure = detached(x.measure);
    if (x.period) x.period = detached(x.period);
  }
}

/**
 * The default codec for DocumentFacts: an evidence whose text is its document sentence's text is stored without
 * it (`t: 1`) and gets the sentence's own string back when loaded, so the cache is smaller and a warm start holds
 * each sentence once in memory.
 */
export const documentFactsCodec: FactsCodec<DocumentFacts> = {
  pack(facts, document) {
    const texts = new Map(document.sentences.map((s) => [s.index, s.text]));
    // '' is lean evidence (its text dropped from memory, see leanFacts): the sentence's text too.
    const strip = (e: Evidence): Packed<Evidence> =>
      e.document === document.id && (e.text === '' || texts.get(e.sentence) === e.text) ? { ...e, text: '', t: 1 } : e;
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
    const texts = new Map(document.sentences.map((s) => [s.index, s.text]));
    for (const list of evidenceLists(facts)) {
      for (const e of list as Packed<Evidence>[]) {
        // The document's own strings, not one deserialized copy per evidence.
        if (e.document === document.id) e.document = document.id;
        if (e.lang === document.lang) e.lang = document.lang;
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

/** An entry's bytes: u32 length of the document part | document (v8) | packed facts (v8), so either reads alone. */
function encodeEntry(document: Document, packedFacts: unknown): Buffer {
  const doc = serialize(document);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(doc.length, 0);
  return Buffer.concat([head, doc, serialize(packedFacts)]);
}

function documentOfEntry(bytes: Buffer): Document {
  return deserialize(bytes.subarray(4, 4 + bytes.readUInt32LE(0))) as Document;
}

/** Where an entry's bytes are: a segment file (its name), offset, length and CRC-32. */
type Location = [segment: string, offset: number, length: number, crc: number];

/** The manifest: what `knowledge-<dir>.bin` holds (framed, checksummed). Entries live in segment files beside it. */
interface Manifest {
  entries: [hash: string, location: Location][];
  files: [path: string, stamp: FileStamp][];
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
  /**
   * The cached document and facts of a content hash (counted as a hit), or undefined (a miss). Read from disk on
   * each call (the cache does not keep what it has written): callers keep what they need.
   */
  get(hash: string): { document: Document; facts: F } | undefined;
  /** True when the cache holds this content hash (no read, not counted). */
  has(hash: string): boolean;
  /** Only the cached document of a content hash (its facts are not decoded; not counted), or undefined. */
  document(hash: string): Document | undefined;
  /** Remembers the facts of a document (and the stat of the file it came from, when given). */
  set(document: Document, facts: F, file?: { path: string; size: number; mtimeMs: number }): void;
  /** The content hash last seen for a file of this size and mtime, if any. */
  hashOfFile(path: string, size: number, mtimeMs: number): string | undefined;
  /** Forgets a file's stat (the file was removed). */
  forgetFile(path: string): void;
  /**
   * Writes what was set since the last save to a new segment and the manifest atomically; keeps only the hashes
   * `keep` names (default: every entry used or set this session). Segments mostly dead are compacted.
   */
  save(keep?: Iterable<string>): Promise<void>;
  /**
   * The search index image of this cache version, or undefined (absent, corrupt, stale). It records each document's
   * content hash, so the caller brings it up to date with the folder (add/remove) rather than trusting it whole.
   */
  loadIndex(): Promise<Uint8Array | undefined>;
  saveIndex(image: Uint8Array): Promise<void>;
  stats(): { entries: number; hits: number; misses: number; loadedFrom: 'file' | 'empty' | 'rebuilt' };
  /**
   * Writes the entries set since the last write to a new segment without rewriting the manifest (save() does), so a
   * large first load does not hold every new entry in memory until its end.
   */
  spill(): Promise<void>;
  /** Entries set and not yet written. */
  readonly unwritten: number;
  /** Closes the segment files it reads from. */
  close(): void;
}

/** Segments are compacted into one when there are more than this many, or when most of their bytes are dead. */
const MAX_SEGMENTS = 48;
const COMPACT_DEAD_SHARE = 0.5;

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A framed file: magic, format, header JSON (version, key, length, checksum), payload. */
function frame(header: Record<string, unknown>, payload: Uint8Array): Uint8Array[] {
  // Padded with spaces so the payload starts 4-byte aligned (a search index image is then restored without a copy).
  let json = JSON.stringify({ ...header, bytes: payload.byteLength, md5: md5(payload) });
  while ((PREFIX + Buffer.byteLength(json)) % 4 !== 0) json += ' ';
  const head = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(PREFIX);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(head.length, 8);
  // Pieces, written one after the other: a 250 MB index image is not copied once more to be framed.
  return [prefix, head, payload];
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

/** Writes all of `bytes` at the handle's position (a write may take fewer bytes than it was given). */
async function writeAll(handle: import('node:fs/promises').FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

async function writeAtomic(path: string, pieces: Uint8Array[]): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      for (const piece of pieces) await writeAll(handle, piece);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** The cache file names of a corpus folder (segments are `knowledge-<dir>-<id>.seg` beside the manifest). */
export function cacheFiles(cacheDir: string, corpusDir: string): { knowledge: string; index: string; segmentPrefix: string } {
  const key = createHash('sha256').update(resolve(corpusDir)).digest('hex').slice(0, 12);
  return { knowledge: join(cacheDir, `knowledge-${key}.bin`), index: join(cacheDir, `search-${key}.bin`), segmentPrefix: `knowledge-${key}-` };
}

/**
 * Opens (or starts) the cache of one corpus folder. Never throws on a bad cache file: it is reported through
 * `log.warn` and the cache starts empty. Only the manifest is read here; an entry is read from its segment when
 * asked for, and one whose bytes fail their CRC is reported and treated as absent (re-extracted), never trusted.
 */
export async function openKnowledgeCache<F = DocumentFacts>(
  cacheDir: string,
  corpusDir: string,
  options: KnowledgeCacheOptions<F> = {},
): Promise<KnowledgeCache<F>> {
  const version = options.version ?? cacheVersion();
  const codec = (options.codec ?? documentFactsCodec) as FactsCodec<F>;
  const paths = cacheFiles(cacheDir, corpusDir);
  /** Entries on disk, by content hash. */
  const stored = new Map<string, Location>();
  /** Entries set this session and not yet written (kept in memory until save). */
  const fresh = new Map<string, Entry>();
  const files = new Map<string, FileStamp>();
  const used = new Set<string>();
  const fds = new Map<string, number>();
  let hits = 0;
  let misses = 0;
  let loadedFrom: 'file' | 'empty' | 'rebuilt' = 'empty';

  /** A spill failed (the folder cannot be written): later spills are skipped. */
  let spillFailed = false;
  /** The manifest was of another version: its segments can never be used again. */
  let staleSegments = false;
  const ignore = (path: string, problem: string) => {
    loadedFrom = 'rebuilt';
    staleSegments = true;
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
        const manifest = deserialize(r.payload) as Manifest;
        for (const [hash, location] of manifest.entries) stored.set(hash, location);
        for (const [path, stamp] of manifest.files) files.set(path, stamp);
        loadedFrom = 'file';
      } catch (error) {
        stored.clear();
        files.clear();
        ignore(paths.knowledge, `does not deserialize (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    raw = undefined;
  }

  const fdOf = (segment: string): number => {
    let fd = fds.get(segment);
    if (fd === undefined) {
      fd = openSync(join(cacheDir, segment), 'r');
      fds.set(segment, fd);
    }
    return fd;
  };

  // Every segment the manifest names is opened now: another process sharing the folder (a shard) may compact and
  // remove segments, and an open descriptor still reads a removed file. A segment already gone: its entries are
  // forgotten (re-extracted when needed), never read from something else.
  const missing = new Set<string>();
  for (const [, [segment]] of stored) {
    if (fds.has(segment) || missing.has(segment)) continue;
    try {
      fdOf(segment);
    } catch {
      missing.add(segment);
    }
  }
  if (missing.size) {
    for (const [hash, [segment]] of [...stored]) if (missing.has(segment)) stored.delete(hash);
    options.log?.warn(`cache ${paths.knowledge}: ${missing.size} segment file(s) missing; their articles will be extracted again`);
  }

  /** The bytes of a stored entry, or undefined (segment gone, short read, CRC mismatch: reported, then forgotten). */
  const bytesOf = (hash: string, [segment, offset, length, crc]: Location): Buffer | undefined => {
    try {
      const buf = Buffer.allocUnsafe(length);
      if (readSync(fdOf(segment), buf, 0, length, offset) === length && crc32(buf) === crc) return buf;
      options.log?.warn(`cache entry ${hash.slice(0, 12)} in ${segment} is damaged: re-extracted`);
    } catch (error) {
      options.log?.warn(`cache entry ${hash.slice(0, 12)} unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)}): re-extracted`);
    }
    stored.delete(hash);
    return undefined;
  };

  /** Only the document of an entry (no facts decoded): what a lean document's sentences are read back from. */
  const readDocument = (hash: string): Document | undefined => {
    const mem = fresh.get(hash);
    if (mem) return mem.document;
    const location = stored.get(hash);
    const bytes = location && bytesOf(hash, location);
    if (!bytes) return undefined;
    try {
      return documentOfEntry(bytes);
    } catch {
      stored.delete(hash);
      return undefined;
    }
  };

  const read = (hash: string): Entry | undefined => {
    const location = stored.get(hash);
    if (!location) return undefined;
    const bytes = bytesOf(hash, location);
    if (!bytes) return undefined;
    try {
      const document = documentOfEntry(bytes);
      return { document, facts: codec.unpack(deserialize(bytes.subarray(4 + bytes.readUInt32LE(0))), document) };
    } catch {
      options.log?.warn(`cache entry ${hash.slice(0, 12)} does not deserialize: re-extracted`);
      stored.delete(hash);
      return undefined;
    }
  };

  const closeAll = () => {
    for (const fd of fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    fds.clear();
  };

  /** Writes `blobs` (hash → serialized entry) as one new segment; their locations are returned. */
  const writeSegment = async (blobs: [string, Buffer][]): Promise<[string, Location][]> => {
    const segment = `${paths.segmentPrefix}${Date.now().toString(36)}${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}.seg`;
    const out: [string, Location][] = [];
    let offset = 0;
    for (const [hash, bytes] of blobs) {
      out.push([hash, [segment, offset, bytes.length, crc32(bytes)]]);
      offset += bytes.length;
    }
    const path = join(cacheDir, segment);
    const handle = await open(`${path}.tmp`, 'w');
    try {
      // Written in batches: one write per entry would cost a syscall each for 100,000 small entries.
      for (let i = 0; i < blobs.length; i += 512) await writeAll(handle, Buffer.concat(blobs.slice(i, i + 512).map(([, b]) => b)));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${path}.tmp`, path);
    fdOf(segment); // held open from now on (see above)
    return out;
  };

  return {
    version,
    get(hash) {
      const mem = fresh.get(hash);
      const entry = mem ? { document: mem.document, facts: mem.facts } : read(hash);
      if (!entry) {
        misses++;
        return undefined;
      }
      hits++;
      used.add(hash);
      return { document: entry.document, facts: entry.facts as F };
    },
    has: (hash) => fresh.has(hash) || stored.has(hash),
    document: readDocument,
    set(document, facts, file) {
      // A shallow copy with its own sentences: the caller may make its document lean (reading back from here).
      if (!stored.has(document.hash)) fresh.set(document.hash, { document: { ...document }, facts });
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
      // Entries set while this save awaits stay for the next one.
      const taken = [...fresh.keys()];
      await mkdir(cacheDir, { recursive: true });
      const blobs: [string, Buffer][] = [];
      for (const [hash, entry] of fresh) {
        if (wanted.has(hash)) blobs.push([hash, encodeEntry(entry.document, codec.pack(entry.facts as F, entry.document))]);
      }
      const live = [...stored].filter(([hash]) => wanted.has(hash));
      // Compaction: live bytes against every byte of the segments they sit in.
      const segments = new Map<string, number>();
      for (const [, [segment, offset, length]] of stored) segments.set(segment, Math.max(segments.get(segment) ?? 0, offset + length));
      const total = [...segments.values()].reduce((a, b) => a + b, 0);
      const liveBytes = live.reduce((n, [, l]) => n + l[2], 0);
      const compact = segments.size + 1 > MAX_SEGMENTS || (total > 1 << 20 && total - liveBytes > total * COMPACT_DEAD_SHARE);
      if (compact) {
        for (const [hash, location] of live) {
          const bytes = bytesOf(hash, location);
          if (bytes) blobs.push([hash, bytes]);
        }
      }
      const written = blobs.length ? await writeSegment(blobs) : [];
      const next = new Map<string, Location>(compact ? [] : live);
      for (const [hash, location] of written) next.set(hash, location);
      const stamps = [...files].filter(([, s]) => next.has(s.hash));
      await writeAtomic(paths.knowledge, frame({ version }, serialize({ entries: [...next], files: stamps } satisfies Manifest)));
      // The new locations first: a read while old segments are being removed must not look there.
      stored.clear();
      for (const [hash, location] of next) stored.set(hash, location);
      for (const hash of taken) fresh.delete(hash);
      const created = new Set(written.map(([, [segment]]) => segment));
      // Segments no longer referenced are removed (an open descriptor still reads a removed file), and so are
      // segments and temporary files of this folder that no manifest took within an hour (a process that stopped
      // between spill and save).
      const cutoff = staleSegments ? Infinity : Date.now() - 3600_000;
      for (const name of await readdir(cacheDir).catch((): string[] => [])) {
        if (!name.startsWith(paths.segmentPrefix) || segments.has(name) || created.has(name)) continue;
        const info = await stat(join(cacheDir, name)).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) await unlink(join(cacheDir, name)).catch(() => undefined);
      }
      const referenced = new Set([...next.values()].map(([segment]) => segment));
      for (const segment of segments.keys()) {
        if (referenced.has(segment)) continue;
        await unlink(join(cacheDir, segment)).catch(() => undefined);
        const fd = fds.get(segment);
        if (fd !== undefined) {
          fds.delete(segment);
          try {
            closeSync(fd);
          } catch {
            // already closed
          }
        }
      }
      staleSegments = false;
    },
    async loadIndex() {
      let bytes: Buffer;
      try {
        bytes = await readFile(paths.index);
      } catch {
        return undefined;
      }
      const r = unframe(bytes, { version });
      if ('problem' in r) {
        if (!r.problem.startsWith('stale')) options.log?.warn(`cache ${paths.index} ignored and rebuilt: ${r.problem}`);
        return undefined;
      }
      return r.payload;
    },
    async saveIndex(image) {
      await mkdir(cacheDir, { recursive: true });
      await writeAtomic(paths.index, frame({ version }, image));
    },
    stats: () => ({ entries: stored.size + fresh.size, hits, misses, loadedFrom }),
    async spill() {
      if (fresh.size === 0 || spillFailed) return;
      try {
        await mkdir(cacheDir, { recursive: true });
        const blobs: [string, Buffer][] = [];
        for (const [hash, entry] of fresh) blobs.push([hash, encodeEntry(entry.document, codec.pack(entry.facts as F, entry.document))]);
        for (const [hash, location] of await writeSegment(blobs)) {
          stored.set(hash, location);
          fresh.delete(hash);
        }
      } catch (error) {
        // An unwritable cache folder costs memory, not the load: the entries stay here, and save() reports again.
        spillFailed = true;
        options.log?.warn(`cache ${cacheDir} not written (entries kept in memory): ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    get unwritten() {
      return fresh.size;
    },
    close: closeAll,
  };
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
  /**
   * Streaming: each document and its facts are handed here in file order, and the facts are not kept (the result's
   * `facts` is empty), so a large corpus is never whole in memory as facts.
   */
  consume?: (document: Document, facts: F) => void;
  /**
   * Documents keep their sentences on disk, in the cache, and read them back when asked (after `consume` saw them).
   * For large corpora: sentences are most of a document's memory and only a few are read after loading.
   */
  lean?: boolean;
  /** New cache entries held in memory before they are written to a segment (default SPILL_EVERY). */
  spillEvery?: number;
}

export interface CachedLoadResult<F> extends Omit<LoadResult, 'documents'> {
  /** Lean (sentences left in the cache) with the `lean` option. */
  documents: CorpusDocument[];
  facts: F[];
  /** Files taken from the cache without reading / read but not re-extracted / extracted. */
  counts: { unread: number; reused: number; extracted: number };
}

/** Documents read ahead of the one being taken, at most (bounds memory while workers extract). */
const READ_AHEAD = 1024;
/** New cache entries held in memory before they are spilled to a segment. */
const SPILL_EVERY = 1024;

/**
 * Loads every article of `dir` (like loadCorpusDir: sorted by name, the same warnings) with the facts of each,
 * extracting only the documents the cache does not hold.
 */
export async function loadCorpusCached<F>(dir: string, options: CachedLoadOptions<F>): Promise<CachedLoadResult<F>> {
  const { cache, extract } = options;
  const names = await corpusFolderNames(dir);
  const documents: CorpusDocument[] = [];
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
  // statSync: one awaited stat per file costs ~20× the call itself in a large folder.
  const infos = articles.map((name) => {
    try {
      return statSync(join(dir, name));
    } catch {
      return undefined; // loadCorpusFile names the problem
    }
  });
  let pool: ExtractPool | null = null;
  if ((extract as unknown) === extractDocument) {
    const unknown = verify === 'stat'
      ? infos.filter((info, k) => !(info?.isFile() && cache.hashOfFile(join(dir, articles[k]!), info.size, info.mtimeMs) !== undefined)).length
      : articles.length;
    const size = options.workers ?? workersFor(unknown);
    if (size > 0) pool = createExtractPool({ size });
  }
  // Each article in file order: a stat hit, a skipped file, or a document with its facts (reused from the cache,
  // extracted here, or on their way from a worker). With a pool, files are read ahead (at most READ_AHEAD) while
  // the workers extract, and taken in order, with the same effects (warnings, cache entries, counts).
  type Article =
    | { hit: { document: Document; facts: F } }
    | { warning: LoadWarning }
    | { document: Document; facts: F | Promise<F>; reused: boolean };
  const pending: { k: number; article: Article }[] = [];
  const takeOldest = async () => {
    const { k, article } = pending.shift()!;
    await take(articles[k]!, infos[k], article, 'facts' in article ? await article.facts : undefined);
  };
  try {
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
      pending.push({ k, article });
      if (!pool || pending.length > READ_AHEAD) await takeOldest();
    }
    while (pending.length) await takeOldest();
  } finally {
    await pool?.close();
  }

  /** One article's effects on the result and the cache (`f`: the facts of a document article). */
  async function take(name: string, info: import('node:fs').Stats | undefined, article: Article, f: F | undefined): Promise<void> {
    const path = join(dir, name);
    if ('warning' in article) {
      cache.forgetFile(path);
      warn(article.warning);
      return;
    }
    let document: Document;
    if ('hit' in article) {
      document = article.hit.document;
      f = article.hit.facts;
      counts.unread++;
    } else {
      document = article.document;
      if (article.reused) counts.reused++;
      else counts.extracted++;
      if (info) cache.set(document, f as F, { path, size: info.size, mtimeMs: info.mtimeMs });
      else cache.set(document, f as F);
    }
    documents.push(document);
    for (const reason of document.warnings) warn({ file: name, reason });
    if (options.lean) leanFacts(f, document, !('hit' in article));
    if (options.consume) options.consume(document, f as F);
    else facts.push(f as F);
    if (options.lean) leanDocument(document);
    if (cache.unwritten >= (options.spillEvery ?? SPILL_EVERY)) await cache.spill();
  }
  return { documents, facts, warnings, counts };
}
