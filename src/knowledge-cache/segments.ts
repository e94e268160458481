/**
 * Segment files: the cache's entries, appended in batches to files named `<prefix><unique>.seg`, each entry located by
 * (segment, offset, length, CRC-32). Segments are held open once known: another process sharing the folder (a shard)
 * may compact and remove them, and an open descriptor still reads a removed file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Location } from './entries.js';
import { writeAll } from './files.js';

export interface Segments {
  /** Opens (and keeps open) a segment; throws when it cannot be opened. */
  hold(segment: string): void;
  /** True when the segment is held open. */
  holds(segment: string): boolean;
  /** The bytes at `location`, or why they cannot be trusted (short read, CRC mismatch, unreadable). */
  read(location: Location): { bytes: Buffer } | { problem: 'damaged' } | { problem: 'unreadable'; code: string };
  /** Writes `blobs` (hash → bytes) as one new segment, held open from then on; their locations are returned. */
  write(blobs: [string, Buffer][]): Promise<[string, Location][]>;
  /** Closes a segment (removed or no longer referenced). */
  release(segment: string): void;
  closeAll(): void;
}

function close(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

export function openSegments(cacheDir: string, segmentPrefix: string): Segments {
  const fds = new Map<string, number>();
  const fdOf = (segment: string): number => {
    let fd = fds.get(segment);
    if (fd === undefined) {
      fd = openSync(join(cacheDir, segment), 'r');
      fds.set(segment, fd);
    }
    return fd;
  };
  return {
    hold: (segment) => void fdOf(segment),
    holds: (segment) => fds.has(segment),
    read([segment, offset, length, crc]) {
      try {
        const buf = Buffer.allocUnsafe(length);
        if (readSync(fdOf(segment), buf, 0, length, offset) === length && crc32(buf) === crc) return { bytes: buf };
        return { problem: 'damaged' };
      } catch (error) {
        return { problem: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
    },
    async write(blobs) {
      const segment = `${segmentPrefix}${Date.now().toString(36)}${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}.seg`;
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
      fdOf(segment);
      return out;
    },
    release(segment) {
      const fd = fds.get(segment);
      if (fd === undefined) return;
      fds.delete(segment);
      close(fd);
    },
    closeAll() {
      for (const fd of fds.values()) close(fd);
      fds.clear();
    },
  };
}
