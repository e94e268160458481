/**
 * Persisted knowledge: each article's parsed Document and extracted facts, cached by the file's content hash, so a
 * restart re-extracts only the articles that changed; plus the search index image, for a warm start.
 *
 * Files (under CACHE_DIR, one set per corpus folder, named by a hash of the folder's absolute path):
 *   knowledge-<dir>.bin  'ATKC' | u32 format | u32 header length | header JSON | payload (manifest.ts)
 *   search-<dir>.bin     'ATKC' | u32 format | u32 header length | header JSON | payload (SearchIndex.toBinary)
 * The header holds the cache version, the payload length and its MD5. A file of another version, with a wrong length
 * or checksum, or that does not deserialize is reported once and ignored (then rebuilt): it is never trusted. Writes go
 * to a temporary file renamed into place, so a crash mid-write leaves the previous file intact.
 *
 * The cache version combines EXTRACTOR_VERSION and a hash of every source and data file of the extractor (src/corpus
 * and src/knowledge, .ts and .json): a code or lexicon change rebuilds the cache once.
 */
import { mkdirSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CorpusDocument, Document } from '../corpus/types.js';
import type { DocumentFacts } from '../knowledge/extract.js';
import { documentFactsCodec, type FactsCodec } from './codec.js';
import { documentOfEntry, encodeEntry, factsOfEntry, leanDocumentOfEntry, type Entry, type FileStamp, type KnowledgeCache, type KnowledgeCacheOptions, type Location } from './entries.js';
import { ColumnMap, decodeManifest, encodeManifest } from './manifest.js';
import { cacheFiles, fileSpill, frame, readFileAhead, unframe, writeAtomic } from './files.js';
import { openSegments } from './segments.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';
import { cacheVersion } from './version.js';

/** At 100,000 articles a first load spills about 100 segments; compacting them all at its end cost 80 s. */
const MAX_SEGMENTS = 128;
const COMPACT_DEAD_SHARE = 0.5;

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
  let stored = new ColumnMap<Location>();
  /** Entries set this session and not yet written (kept in memory until save). */
  const fresh = new Map<string, Entry>();
  let files = new ColumnMap<FileStamp>();
  /** The segments the manifest's entries lie in. */
  let segmentsNamed: string[] = [];
  const used = new Set<string>();
  const segmentFiles = openSegments(cacheDir, paths.segmentPrefix);
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

  /** The index image's bytes, read in the background from now on (readIndexAhead), for the first loadIndex(). */
  let indexAhead: Promise<Buffer | undefined> | undefined = options.readIndexAhead ? readFileAhead(paths.index).catch(() => undefined) : undefined;
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
        ({ entries: stored, files, segments: segmentsNamed } = decodeManifest(r.payload));
        loadedFrom = 'file';
      } catch (error) {
        ignore(paths.knowledge, `does not deserialize (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    raw = undefined;
  }

  // Every segment the manifest names is opened now: another process sharing the folder (a shard) may compact and
  // remove segments, and an open descriptor still reads a removed file. A segment already gone: its entries are
  // forgotten (re-extracted when needed), never read from something else.
  const missing = new Set<string>();
  for (const segment of segmentsNamed) {
    if (segmentFiles.holds(segment) || missing.has(segment)) continue;
    try {
      segmentFiles.hold(segment);
    } catch {
      missing.add(segment);
    }
  }
  if (missing.size) {
    for (const [hash, [segment]] of [...stored]) if (missing.has(segment)) stored.delete(hash);
    options.log?.warn(`cache ${paths.knowledge}: ${missing.size} segment file(s) missing; their articles will be extracted again`);
  }

  /** The bytes of a stored entry, or undefined (segment gone, short read, CRC mismatch: reported, then forgotten). */
  const bytesOf = (hash: string, location: Location): Buffer | undefined => {
    const r = segmentFiles.read(location);
    if ('bytes' in r) return r.bytes;
    if (r.problem === 'damaged') options.log?.warn(`cache entry ${hash.slice(0, 12)} in ${location[0]} is damaged: re-extracted`);
    else options.log?.warn(`cache entry ${hash.slice(0, 12)} unreadable (${r.code}): re-extracted`);
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

  /** A stored entry decoded: 'lean' without its sentences (and concepts), 'document' its lean document alone. */
  const read = (hash: string, what: 'full' | 'lean' | 'document'): { document: CorpusDocument; facts: unknown } | undefined => {
    const location = stored.get(hash);
    if (!location) return undefined;
    const bytes = bytesOf(hash, location);
    if (!bytes) return undefined;
    try {
      const document = what === 'full' ? documentOfEntry(bytes) : leanDocumentOfEntry(bytes);
      return { document, facts: what === 'document' ? undefined : codec.unpack(factsOfEntry(bytes, what === 'lean'), document) };
    } catch {
      options.log?.warn(`cache entry ${hash.slice(0, 12)} does not deserialize: re-extracted`);
      stored.delete(hash);
      return undefined;
    }
  };

  /** An entry as `read` gives it (or as set this session), counted as a hit or a miss; a hit is kept (`used`). */
  const counted = (hash: string, what: 'full' | 'lean' | 'document'): { document: CorpusDocument; facts: unknown } | undefined => {
    const mem = fresh.get(hash);
    const entry = mem ? { document: mem.document, facts: mem.facts } : read(hash, what);
    if (!entry) {
      misses++;
      return undefined;
    }
    hits++;
    used.add(hash);
    return entry;
  };

  const closeAll = segmentFiles.closeAll;
  const writeSegment = segmentFiles.write;

  return {
    version,
    get(hash: string, lean?: 'lean') {
      const entry = counted(hash, lean === 'lean' ? 'lean' : 'full');
      return entry && { document: entry.document as Document, facts: entry.facts as F };
    },
    getLeanDocument: (hash) => counted(hash, 'document')?.document,
    has: (hash) => fresh.has(hash) || stored.has(hash),
    document: readDocument,
    set(document, facts, file) {
      // A shallow copy with its own sentences: the caller may make its document lean (reading back from here).
      if (!stored.has(document.hash)) fresh.set(document.hash, { document: { ...document }, facts });
      used.add(document.hash);
      if (file) files.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, hash: document.hash });
    },
    noteFile(path, size, mtimeMs, hash) {
      if (!fresh.has(hash) && !stored.has(hash)) return;
      used.add(hash);
      files.set(path, { size, mtimeMs, hash });
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
      // One pass over the stored entries (each location is made as it is read: ColumnMap): the live ones, and for the
      // compaction, live bytes against every byte of the segments they sit in.
      const live: [string, Location][] = [];
      const segments = new Map<string, number>();
      for (const entry of stored) {
        const [hash, [segment, offset, length]] = entry;
        if (wanted.has(hash)) live.push(entry);
        segments.set(segment, Math.max(segments.get(segment) ?? 0, offset + length));
      }
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
      await writeAtomic(paths.knowledge, frame({ version }, encodeManifest([...next], stamps)));
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
        // Temporary files of a write cut short (a killed process) are this folder's too.
        const temporary = name.endsWith('.tmp') && [paths.knowledge, paths.index, paths.snapshot].some((p) => name.startsWith(`${basename(p)}.`));
        if (!temporary && (!name.startsWith(paths.segmentPrefix) || segments.has(name) || created.has(name))) continue;
        const info = await stat(join(cacheDir, name)).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) await unlink(join(cacheDir, name)).catch(() => undefined);
      }
      const referenced = new Set([...next.values()].map(([segment]) => segment));
      for (const segment of segments.keys()) {
        if (referenced.has(segment)) continue;
        await unlink(join(cacheDir, segment)).catch(() => undefined);
        segmentFiles.release(segment);
      }
      staleSegments = false;
    },
    async loadIndex() {
      const ahead = indexAhead;
      // Read ahead once: a later call reads the file as it is then.
      indexAhead = undefined;
      let bytes: Buffer | undefined;
      try {
        bytes = (await ahead) ?? await readFile(paths.index);
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
    readSnapshot() {
      const r = readSnapshot(paths.snapshot, version);
      if (r && 'problem' in r) {
        options.log?.warn(`cache ${paths.snapshot} ignored: ${r.problem}`);
        return undefined;
      }
      return r;
    },
    async writeSnapshot(snapshot) {
      await mkdir(cacheDir, { recursive: true });
      await writeSnapshot(paths.snapshot, version, snapshot);
    },
    imageSpill() {
      try {
        mkdirSync(cacheDir, { recursive: true });
        return fileSpill(`${paths.snapshot}.${process.pid}.spill`);
      } catch {
        return undefined;
      }
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
