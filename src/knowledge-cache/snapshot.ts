/**
 * The knowledge snapshot: what a warm start restores instead of reading every cache entry and merging every article
 * again — the lean documents with the stat of the file each was read from, and the assembler's image (its documents'
 * facts, merged meetings and their order).
 *
 * File (CACHE_DIR/snapshot-<dir>.bin):
 *   'ATKS' | u32 format | chunk … chunk | trailer JSON | u32 trailer length | 'ATKS'
 * The trailer holds the cache version and every chunk's length and CRC-32. A chunk is v8-serialized: a slice of the
 * documents, a slice of the groups, or the knowledge order. Chunks are read one at a time, so a load holds one
 * chunk's bytes beside what it restores; a file of another version, truncated, or with a chunk that fails its CRC
 * or does not deserialize is reported and ignored (the load then reads the cache entries, as without a snapshot).
 * Written to a temporary file renamed into place: a crash mid-write leaves the previous snapshot intact.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { LeanDocument } from '../corpus/types.js';
import type { AssemblerGroupImage, AssemblerImage, OwnFacts } from '../knowledge/assembler.js';
import type { DocumentInfo } from '../knowledge/types.js';
import { leanFacts } from './codec.js';
import { writeAll } from './files.js';

const MAGIC = Buffer.from('ATKS', 'latin1');
const FORMAT = 1;
/** Documents per chunk (about 4 MB of v8 data) and groups per chunk. */
const DOCUMENTS_PER_CHUNK = 1024;
const GROUPS_PER_CHUNK = 4096;

export interface SnapshotDocument {
  document: LeanDocument;
  /** The size and mtime of the file it was read from: a file that still has them is taken from the snapshot unread. */
  size: number;
  mtimeMs: number;
}

export interface KnowledgeSnapshot {
  /** In file order, aligned with `assembler.documents`. */
  documents: SnapshotDocument[];
  assembler: AssemblerImage;
}

interface Trailer {
  version: string;
  documents: number;
  groups: number;
  /** [kind, length, crc] per chunk, in file order. */
  chunks: ['documents' | 'groups' | 'order', number, number][];
}

type DocumentRow = [document: LeanDocument, size: number, mtimeMs: number, info: DocumentInfo, own: OwnFacts];

/** Writes `snapshot` for cache version `version` at `path` (atomically). */
export async function writeSnapshot(path: string, version: string, snapshot: KnowledgeSnapshot): Promise<void> {
  const { documents, assembler } = snapshot;
  if (documents.length !== assembler.documents.length) throw new Error('snapshot: documents and assembler image differ');
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const trailer: Trailer = { version, documents: documents.length, groups: assembler.groups.length, chunks: [] };
  try {
    const handle = await open(tmp, 'w');
    try {
      const head = Buffer.alloc(8);
      MAGIC.copy(head, 0);
      head.writeUInt32LE(FORMAT, 4);
      await writeAll(handle, head);
      const chunk = async (kind: Trailer['chunks'][number][0], value: unknown) => {
        const bytes = serialize(value);
        trailer.chunks.push([kind, bytes.length, crc32(bytes)]);
        await writeAll(handle, bytes);
      };
      for (let i = 0; i < documents.length; i += DOCUMENTS_PER_CHUNK) {
        await chunk('documents', documents.slice(i, i + DOCUMENTS_PER_CHUNK).map((d, k): DocumentRow => {
          const { info, own } = assembler.documents[i + k]!;
          return [d.document, d.size, d.mtimeMs, info, own];
        }));
      }
      for (let i = 0; i < assembler.groups.length; i += GROUPS_PER_CHUNK) await chunk('groups', assembler.groups.slice(i, i + GROUPS_PER_CHUNK));
      await chunk('order', Int32Array.from(assembler.sorted));
      const json = Buffer.from(JSON.stringify(trailer), 'utf8');
      const tail = Buffer.alloc(8);
      tail.writeUInt32LE(json.length, 0);
      MAGIC.copy(tail, 4);
      await writeAll(handle, Buffer.concat([json, tail]));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/**
 * The snapshot at `path` if it is one of cache version `version` and every check passes; undefined when there is
 * none or it is of another version (said nowhere: a new version simply rebuilds), `{ problem }` when it cannot be
 * trusted (truncated, damaged).
 */
export function readSnapshot(path: string, version: string): KnowledgeSnapshot | { problem: string } | undefined {
  let fd: number;
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
    if (head.readUInt32LE(4) !== FORMAT) return undefined;
    const trailerLength = tail.readUInt32LE(0);
    if (trailerLength > size - 16) return { problem: 'truncated' };
    const trailer = JSON.parse(read(size - 8 - trailerLength, trailerLength).toString('utf8')) as Trailer;
    if (trailer.version !== version) return undefined;
    if (8 + trailer.chunks.reduce((n, [, length]) => n + length, 0) !== size - 8 - trailerLength) return { problem: 'truncated' };
    const documents: SnapshotDocument[] = [];
    const image: AssemblerImage = { documents: [], groups: [], sorted: [] };
    let offset = 8;
    for (const [kind, length, crc] of trailer.chunks) {
      const bytes = read(offset, length);
      offset += length;
      if (crc32(bytes) !== crc) return { problem: `a ${kind} chunk is damaged (CRC mismatch)` };
      const value = deserialize(bytes) as unknown;
      if (kind === 'documents') {
        for (const [document, fileSize, mtimeMs, info, own] of value as DocumentRow[]) {
          documents.push({ document, size: fileSize, mtimeMs });
          // One string for what the document, its info and its evidence repeat; participants' strings shared.
          leanFacts({ info, ...own }, document, false);
          image.documents.push({ info, own });
        }
      } else if (kind === 'groups') {
        for (const group of value as AssemblerGroupImage[]) image.groups.push(group);
      } else image.sorted = Array.from(value as Int32Array);
    }
    if (documents.length !== trailer.documents || image.groups.length !== trailer.groups || image.sorted.length !== trailer.groups) {
      return { problem: 'incomplete' };
    }
    return { documents, assembler: image };
  } catch (error) {
    return { problem: `unreadable (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    closeSync(fd);
  }
}
