/**
 * Cache files on disk: each is 'ATKC' | u32 format | u32 header length | header JSON | payload, checked by length
 * and CRC-32 (MD5 in files written before: still read), and written to a temporary file renamed into place (a crash
 * mid-write leaves the previous file intact).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { closeSync, fstatSync, openSync, read, readSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ImageSpill } from './knowledge-image.js';

export const MAGIC = 0x434b5441; // 'ATKC' little-endian
export const FORMAT = 3;
export const PREFIX = 12;

export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A framed file: magic, format, header JSON (version, key, length, checksum), payload. */
export function frame(header: Record<string, unknown>, payload: Uint8Array): Uint8Array[] {
  // Padded with spaces so the payload starts 4-byte aligned (a search index image is then restored without a copy).
  // CRC-32, as the segments and the snapshot: MD5 took 0.4 s of a restart on a 250 MB index image, for damage
  // that a CRC detects as well (the cache guards against accidents, not against someone forging it).
  let json = JSON.stringify({ ...header, bytes: payload.byteLength, crc32: crc32(payload) });
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
export function unframe(bytes: Buffer, expect: Record<string, string>): { payload: Buffer } | { problem: string } {
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
  const intact = typeof header.crc32 === 'number' ? crc32(payload) === header.crc32 : typeof header.md5 === 'string' && md5(payload) === header.md5;
  if (!intact) return { problem: 'checksum mismatch' };
  return { payload };
}

/** Writes all of `bytes` at the handle's position (a write may take fewer bytes than it was given). */
export async function writeAll(handle: import('node:fs/promises').FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

export async function writeAtomic(path: string, pieces: Iterable<Uint8Array>): Promise<void> {
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

/** Bytes a spill is read back in at a time. */
const SPILL_PIECE = 4 << 20;

/**
 * A spill file at `path` (knowledge-image.ts ImageSpill): written as the encoder goes, read back a piece at a time
 * into one buffer. Removed as soon as it is open where the system allows (nothing is left behind by a crash), else
 * by close().
 */
export function fileSpill(path: string): ImageSpill & { close(): void } {
  const fd = openSync(path, 'w+');
  let removed = false;
  try {
    unlinkSync(path);
    removed = true;
  } catch {
    // Removed by close().
  }
  let size = 0;
  return {
    write(bytes) {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at, size + at);
      size += bytes.length;
    },
    *read() {
      const buffer = Buffer.allocUnsafe(Math.min(SPILL_PIECE, size));
      for (let at = 0; at < size;) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at);
        if (n === 0) throw new Error(`spill ${path}: truncated`);
        at += n;
        yield buffer.subarray(0, n);
      }
    },
    close() {
      closeSync(fd);
      if (!removed) {
        try {
          unlinkSync(path);
        } catch {
          // Already gone.
        }
      }
    },
  };
}

/** The cache file names of a corpus folder (segments are `knowledge-<dir>-<id>.seg` beside the manifest). */
export function cacheFiles(cacheDir: string, corpusDir: string): { knowledge: string; index: string; snapshot: string; segmentPrefix: string } {
  const key = createHash('sha256').update(resolve(corpusDir)).digest('hex').slice(0, 12);
  return {
    knowledge: join(cacheDir, `knowledge-${key}.bin`), index: join(cacheDir, `search-${key}.bin`), snapshot: join(cacheDir, `snapshot-${key}.bin`),
    segmentPrefix: `knowledge-${key}-`,
  };
}

/** Bytes asked of the thread pool per read (a read of 2 GiB or more is refused). */
const READ_AHEAD_BYTES = 1 << 30;

/**
 * A whole file, read by the thread pool with no turn of this thread's event loop between its pieces: fs/promises
 * readFile reads 512 KB a turn, so a 260 MB search index image read ahead while this thread decoded a snapshot for
 * two seconds was barely begun when it was wanted. Opened here, synchronously, for the same reason.
 */
export function readFileAhead(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let fd: number;
    let bytes: Buffer;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      reject(error);
      return;
    }
    const done = (error: unknown, length = 0): void => {
      closeSync(fd);
      if (error) reject(error);
      else resolve(length === bytes.length ? bytes : bytes.subarray(0, length));
    };
    try {
      bytes = Buffer.allocUnsafe(fstatSync(fd).size);
    } catch (error) {
      done(error);
      return;
    }
    const from = (at: number): void => {
      if (at === bytes.length) return done(undefined, at);
      read(fd, bytes, at, Math.min(bytes.length - at, READ_AHEAD_BYTES), at, (error, n) => {
        // A file cut short meanwhile gives what was there: its frame's length and CRC then refuse it.
        if (error || n === 0) done(error, at);
        else from(at + n);
      });
    };
    from(0);
  });
}
