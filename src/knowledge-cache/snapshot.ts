/**
 * The knowledge snapshot: the assembled knowledge as it was written (a knowledge image, knowledge-image.ts), the lean
 * documents it was assembled from, how their reports were merged into meetings (the assembler's MergePlan), and which
 * file and content each planned document came from.
 *
 * A warm start whose files all match the snapshot answers from the image at once, reading no article's facts; the
 * assembler is rebuilt from the facts and the plan only when the corpus changes, or while idle. When some files
 * changed, every article's facts are read, the meetings placed by the plan, and only the changed articles merged.
 *
 * File (CACHE_DIR/snapshot-<dir>.bin):
 *   'ATKS' | u32 format | chunk … chunk | trailer JSON | u32 trailer length | 'ATKS'
 * The trailer holds the cache version and every chunk's kind, length and CRC-32. 'plan' and 'rankings' chunks are
 * v8-serialized, 'documents' are JSON, 'knowledge' is the image's own bytes. 'names' (format 6) are the files' name,
 * content hash and document id, as UTF-8 text separated by NUL (which no file name holds): one split makes their
 * 300,000 strings at 100,000 articles, where v8.deserialize of the same rows ('files', before) made an array per row.
 * 'sizes' (format 6) stand for the lean documents when the image's documents hold the rest of them: only what they
 * lack (byte length and page month; the content hash is the file's) is written, as NUL-separated text too, and the
 * lean documents are made from the decoded image (a start parses no 35 MB of JSON, and each title is held once);
 * 'stamps' (format 5) were the same as JSON rows with the hash. 'rankings' (format 4) are the engine's
 * rankings of the image's knowledge (briefing/rankings.ts), with the version of the code that ranked them. A file of
 * another version is ignored; one truncated, or with a chunk that fails its CRC or does not decode, is reported and
 * ignored (the load then merges every article, as without a snapshot). The image's chunk is read, and its CRC
 * checked, only as it is decoded (ImageChunk): the load reports a damaged image then and reads the facts instead.
 * Written to a temporary file renamed into place: a crash mid-write leaves the previous snapshot intact.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { imageBytes, type ImagePieces, type ImageReader, type ImageSpill } from './knowledge-image.js';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { MergePlan } from '../knowledge/assembler.js';
import type { LeanDocument } from '../corpus/types.js';
import type { Rankings } from '../briefing/rankings.js';
import { writeAtomic } from './files.js';

const MAGIC = Buffer.from('ATKS', 'latin1');
const FORMAT = 6;
/** Formats read: 3 is 4 without rankings; 4 is 5 without stamps; 5 is 6 with 'files' and 'stamps' chunks. */
const READABLE = new Set([3, 4, 5, 6]);
/** Separates the fields of 'names' and 'sizes' chunks. */
const NUL = '\0';
/** Files per chunk. */
const FILES_PER_CHUNK = 16_384;

export interface KnowledgeSnapshot {
  /** The file (name) and content (hash) of each planned document, in the plan's order. */
  files: { name: string; hash: string }[];
  plan: MergePlan;
  /** The planned documents, lean, in the plan's order (absent: the snapshot has no image, or has stamps). */
  documents?: LeanDocument[];
  /** Instead of `documents`: what each lean document has beyond the image's document (knowledge-load.ts). */
  stamps?: DocumentStamp[];
  /**
   * The knowledge image (knowledge-image.ts) of exactly these documents, as the assembler gave it when written, left
   * on disk until it is decoded.
   */
  knowledge?: ImageChunk;
  /** The engine's rankings of the image's knowledge, and the version of the code that made them (only with an image). */
  rankings?: Rankings & { version: string };
}

/** What a lean document has beyond the DocumentInfo of its knowledge. */
export interface DocumentStamp {
  hash: string;
  bytes: number;
  month?: string;
}

/** A snapshot to write: its image as bytes, in pieces (as the encoder gives it), or a chunk of a snapshot read. */
export type SnapshotToWrite = Omit<KnowledgeSnapshot, 'knowledge'> & { knowledge?: Uint8Array | ImagePieces | ImageChunk };

/**
 * A snapshot's knowledge image left in its file (most of it: 160 MB at 100,000 articles), read front to back by the
 * decoder a window at a time; its CRC is checked as it is read, so it is known intact only once all of it was.
 */
export interface ImageChunk extends ImageReader {
  /** True once every byte was read and they match the chunk's CRC-32. */
  intact(): boolean;
  /** Stops reading (the file is closed; it also is once the last byte is read). */
  close(): void;
  /** All of it, checked (to write it into another snapshot). */
  bytes(): Uint8Array;
}

interface Trailer {
  version: string;
  files: number;
  /** [kind, length, crc] per chunk, in file order. */
  chunks: ['files' | 'names' | 'plan' | 'documents' | 'stamps' | 'sizes' | 'knowledge' | 'rankings', number, number][];
}

/** Writes `snapshot` for cache version `version` at `path` (atomically: files.ts writeAtomic). */
export async function writeSnapshot(path: string, version: string, snapshot: SnapshotToWrite): Promise<void> {
  const { files, plan, documents, stamps, knowledge, rankings } = snapshot;
  if (files.length !== plan.documents.length) throw new Error('snapshot: files and plan differ');
  if (documents && documents.length !== files.length) throw new Error('snapshot: files and documents differ');
  if (stamps && stamps.length !== files.length) throw new Error('snapshot: files and stamps differ');
  const trailer: Trailer = { version, files: files.length, chunks: [] };
  const head = Buffer.alloc(8);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(FORMAT, 4);
  const pieces: (Uint8Array | ImageSpill)[] = [head];
  const raw = (kind: Trailer['chunks'][number][0], bytes: Uint8Array) => {
    trailer.chunks.push([kind, bytes.length, crc32(bytes)]);
    pieces.push(bytes);
  };
  const chunk = (kind: Trailer['chunks'][number][0], value: unknown) => raw(kind, serialize(value));
  for (let i = 0; i < files.length; i += FILES_PER_CHUNK) {
    const fields = files.slice(i, i + FILES_PER_CHUNK).flatMap((f, k) => [f.name, f.hash, plan.documents[i + k]!]);
    if (fields.some((field) => field.includes(NUL))) throw new Error('snapshot: a file name, hash or id holds a NUL');
    raw('names', Buffer.from(fields.join(NUL), 'utf8'));
  }
  chunk('plan', { starts: plan.starts, parts: plan.parts, reasons: plan.reasons, ...(plan.listed ? { listed: plan.listed } : {}) });
  if ((documents || stamps) && knowledge) {
    if (documents) {
      for (let i = 0; i < documents.length; i += FILES_PER_CHUNK) {
        raw('documents', Buffer.from(JSON.stringify(documents.slice(i, i + FILES_PER_CHUNK))));
      }
    } else {
      stamps!.forEach((d, k) => {
        if (d.hash !== files[k]!.hash) throw new Error('snapshot: a stamp is not of its file');
        if (d.month === '' || d.month?.includes(NUL) || !Number.isSafeInteger(d.bytes)) throw new Error('snapshot: a stamp cannot be written');
      });
      for (let i = 0; i < stamps!.length; i += FILES_PER_CHUNK) {
        // A page month absent is an empty field.
        raw('sizes', Buffer.from(stamps!.slice(i, i + FILES_PER_CHUNK).flatMap((d) => [String(d.bytes), d.month ?? '']).join(NUL), 'utf8'));
      }
    }
    // In pieces as the encoder gives them (its spill read back in its place): written one after the other, never
    // copied into one buffer.
    const image: ImagePieces = knowledge instanceof Uint8Array ? [knowledge] : Array.isArray(knowledge) ? knowledge as ImagePieces : [(knowledge as ImageChunk).bytes()];
    let crc = 0;
    let length = 0;
    for (const piece of imageBytes(image)) {
      crc = crcOn(piece, crc);
      length += piece.length;
    }
    trailer.chunks.push(['knowledge', length, crc]);
    pieces.push(...image);
    if (rankings) {
      const { version, statements, dated, undated, keyFigures, areaArticles } = rankings;
      chunk('rankings', { version, statements, dated, undated, ...(keyFigures ? { keyFigures } : {}), ...(areaArticles ? { areaArticles } : {}) });
    }
  }
  const json = Buffer.from(JSON.stringify(trailer), 'utf8');
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(json.length, 0);
  MAGIC.copy(tail, 4);
  await writeAtomic(path, imageBytes([...pieces, json, tail]));
}

/**
 * The snapshot at `path` if it is one of cache version `version` and every check passes; undefined when there is
 * none or it is of another format or version (a new version simply rebuilds), `{ problem }` when it cannot be
 * trusted (truncated, damaged).
 */
export function readSnapshot(path: string, version: string): KnowledgeSnapshot | { problem: string } | undefined {
  let fd: number;
  /** The descriptor is kept open by the knowledge image's chunk (see imageChunk). */
  let owned = false;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const read = (offset: number, length: number): Buffer => {
      const buf = Buffer.allocUnsafe(length);
      if (readSync(fd, buf, 0, length, offset) !== length) throw new Error('short read');
      return buf;
    };
    if (size < 16) return { problem: 'truncated' };
    const head = read(0, 8);
    const tail = read(size - 8, 8);
    if (!head.subarray(0, 4).equals(MAGIC) || !tail.subarray(4).equals(MAGIC)) return { problem: 'not a snapshot, or truncated' };
    if (!READABLE.has(head.readUInt32LE(4))) return undefined;
    const trailerLength = tail.readUInt32LE(0);
    if (trailerLength > size - 16) return { problem: 'truncated' };
    const trailer = JSON.parse(read(size - 8 - trailerLength, trailerLength).toString('utf8')) as Trailer;
    if (trailer.version !== version) return undefined;
    if (8 + trailer.chunks.reduce((n, [, length]) => n + length, 0) !== size - 8 - trailerLength) return { problem: 'truncated' };
    const files: KnowledgeSnapshot['files'] = [];
    const documents: string[] = [];
    let plan: Omit<MergePlan, 'documents'> | undefined;
    const leanDocuments: LeanDocument[] = [];
    const stamps: DocumentStamp[] = [];
    /** Where the image's chunk lies: it is handed out as an ImageChunk only if everything else checks out. */
    let image: { offset: number; length: number; crc: number } | undefined;
    let rankings: KnowledgeSnapshot['rankings'];
    let offset = 8;
    for (const [kind, length, crc] of trailer.chunks) {
      if (kind === 'knowledge') {
        // Not read now: the decoder reads it (and checks its CRC) as it goes, through this very descriptor (a
        // snapshot written since, renamed over this one, does not change what it reads).
        image = { offset, length, crc };
        offset += length;
        continue;
      }
      const bytes = read(offset, length);
      offset += length;
      if (crc32(bytes) !== crc) return { problem: `a ${kind} chunk is damaged (CRC mismatch)` };
      if (kind === 'documents') {
        for (const d of JSON.parse(bytes.toString('utf8')) as LeanDocument[]) leanDocuments.push(d);
        continue;
      }
      if (kind === 'stamps') {
        for (const [hash, length, month] of JSON.parse(bytes.toString('utf8')) as [string, number, string?][]) {
          stamps.push(month === undefined ? { hash, bytes: length } : { hash, bytes: length, month });
        }
        continue;
      }
      if (kind === 'names' || kind === 'sizes') {
        const fields = length ? bytes.toString('utf8').split(NUL) : [];
        if (fields.length % (kind === 'names' ? 3 : 2) !== 0) return { problem: `a ${kind} chunk is damaged` };
        if (kind === 'names') {
          for (let i = 0; i < fields.length; i += 3) {
            files.push({ name: fields[i]!, hash: fields[i + 1]! });
            documents.push(fields[i + 2]!);
          }
        } else {
          for (let i = 0; i < fields.length; i += 2) {
            // The content hash is the file's: the files are read before (they are written first).
            const hash = files[stamps.length]?.hash;
            const length = Number(fields[i]);
            if (hash === undefined || !Number.isSafeInteger(length)) return { problem: 'a sizes chunk is damaged' };
            const month = fields[i + 1]!;
            stamps.push(month === '' ? { hash, bytes: length } : { hash, bytes: length, month });
          }
        }
        continue;
      }
      const value = deserialize(bytes) as unknown;
      if (kind === 'rankings') {
        rankings = value as KnowledgeSnapshot['rankings'];
        continue;
      }
      if (kind === 'files') {
        for (const [name, hash, id] of value as [string, string, string][]) {
          files.push({ name, hash });
          documents.push(id);
        }
      } else plan = value as Omit<MergePlan, 'documents'>;
    }
    if (!plan || files.length !== trailer.files || plan.starts.length < 1 || plan.starts.at(-1)! * 3 !== plan.parts.length) return { problem: 'incomplete' };
    if (image && leanDocuments.length !== files.length && stamps.length !== files.length) return { problem: 'incomplete' };
    if (!image) return { files, plan: { documents, ...plan } };
    const described = leanDocuments.length ? { documents: leanDocuments } : { stamps };
    // The image's chunk owns the descriptor from here (closed when it is read, closed or collected).
    owned = true;
    const knowledge = imageChunk(fd, image.offset, image.length, image.crc);
    return { files, plan: { documents, ...plan }, ...described, knowledge, ...(rankings ? { rankings } : {}) };
  } catch (error) {
    return { problem: `unreadable (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    if (!owned) closeSync(fd);
  }
}

/** Descriptors of image chunks dropped unread and unclosed: closed once the chunk is collected. */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
});

/**
 * The CRC-32 of `bytes` continued from `crc`. Node 20's crc32 gives 0 for an empty view of an empty typed array's
 * buffer, whatever `crc` is: an image with an empty section (no figures) read back as damaged.
 */
function crcOn(bytes: Uint8Array, crc: number): number {
  return bytes.length ? crc32(bytes, crc) : crc;
}

/**
 * The chunk of `length` bytes at `offset` of the open file `fd`, read front to back on demand. It owns `fd`: closed
 * once the last byte is read, on close(), or when the chunk is dropped unread.
 */
function imageChunk(fd: number, offset: number, length: number, crc: number): ImageChunk {
  let open = true;
  let at = 0;
  let sum = 0;
  const readAt = (into: Uint8Array, position: number): void => {
    if (!open) throw new Error('snapshot: the knowledge image was closed');
    for (let done = 0; done < into.length;) {
      const n = readSync(fd, into, done, into.length - done, position + done);
      if (n === 0) throw new Error('snapshot: the knowledge image is truncated');
      done += n;
    }
  };
  const chunk: ImageChunk = {
    length,
    read(into) {
      if (at + into.length > length) throw new Error('snapshot: read past the knowledge image');
      readAt(into, offset + at);
      sum = crcOn(into, sum);
      at += into.length;
      if (at === length) chunk.close();
    },
    intact: () => at === length && sum === crc,
    close() {
      if (!open) return;
      open = false;
      unclosed.unregister(chunk);
      closeSync(fd);
    },
    bytes() {
      // Read apart from the decoder's reading, from the start: a snapshot read can be written again, more than once.
      if (!open) throw new Error('snapshot: the knowledge image was closed');
      const all = new Uint8Array(length);
      readAt(all, offset);
      if (crc32(all) !== crc) throw new Error('snapshot: the knowledge image is damaged (CRC mismatch)');
      return all;
    },
  };
  unclosed.register(chunk, fd, chunk);
  return chunk;
}
