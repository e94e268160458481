import { describe, expect, it } from 'vitest';
import { serialize } from 'node:v8';
import { decodeManifest, encodeManifest } from '../../src/knowledge-cache/manifest.js';
import type { FileStamp, Location } from '../../src/knowledge-cache/entries.js';

const entries: [string, Location][] = [
  ['a'.repeat(64), ['seg-1', 0, 120, 0xdeadbeef]],
  ['b'.repeat(64), ['seg-2', 4096, 77, 1]],
  ['c'.repeat(64), ['seg-1', 120, 300, 0xffffffff]],
];
const files: [string, FileStamp][] = [
  ['/corpus/ä-artikel.txt', { size: 1796, mtimeMs: 1796544349031.477, hash: 'b'.repeat(64) }],
  ['/corpus/статья.txt', { size: 0, mtimeMs: 0, hash: 'a'.repeat(64) }],
];

function decoded(payload: Uint8Array) {
  const { entries: e, files: f } = decodeManifest(payload);
  return { entries: [...e], files: [...f] };
}

describe('manifest payload', () => {
  it('gives back every entry and file stamp as written, in order', () => {
    expect(decoded(encodeManifest(entries, files))).toEqual({ entries, files });
  });

  it('is read wherever it lies in a buffer (its columns copied when not aligned)', () => {
    const payload = encodeManifest(entries, files);
    for (const shift of [1, 2, 4]) {
      const moved = new Uint8Array(payload.length + shift);
      moved.set(payload, shift);
      expect(decoded(moved.subarray(shift))).toEqual({ entries, files });
    }
  });

  it('holds an empty manifest', () => {
    expect(decoded(encodeManifest([], []))).toEqual({ entries: [], files: [] });
  });

  it('still reads a manifest written before (v8-serialized pairs)', () => {
    expect(decoded(serialize({ entries, files }))).toEqual({ entries, files });
  });

  it('names the segments its entries lie in, and keeps values in columns until asked for', () => {
    const { entries: e, files: f, segments } = decodeManifest(encodeManifest(entries, files));
    expect(segments).toEqual(['seg-1', 'seg-2']);
    expect([e.size, f.size]).toEqual([3, 2]);
    expect(e.get('c'.repeat(64))).toEqual(['seg-1', 120, 300, 0xffffffff]);
    expect(f.get('/corpus/статья.txt')).toEqual({ size: 0, mtimeMs: 0, hash: 'a'.repeat(64) });
    expect([e.get('d'.repeat(64)), e.has('d'.repeat(64)), e.has('a'.repeat(64))]).toEqual([undefined, false, true]);
  });

  it('changes as a Map does: set replaces, delete removes, clear empties (iterated: decoded keys, then those set)', () => {
    const { entries: e } = decodeManifest(encodeManifest(entries, files));
    const moved: Location = ['seg-3', 0, 1, 2];
    expect(e.set('a'.repeat(64), moved)).toBe(e);
    e.set('d'.repeat(64), ['seg-3', 1, 1, 3]);
    expect(e.get('a'.repeat(64))).toBe(moved);
    expect(e.size).toBe(4);
    expect(e.delete('b'.repeat(64))).toBe(true);
    expect(e.delete('b'.repeat(64))).toBe(false);
    expect(e.delete('d'.repeat(64))).toBe(true);
    expect([...e]).toEqual([['c'.repeat(64), ['seg-1', 120, 300, 0xffffffff]], ['a'.repeat(64), moved]]);
    e.clear();
    expect([e.size, [...e]]).toEqual([0, []]);
  });

  it('refuses a file stamp whose content is not an entry', () => {
    expect(() => encodeManifest(entries, [['/corpus/x.txt', { size: 1, mtimeMs: 2, hash: 'd'.repeat(64) }]])).toThrow(/names no entry/);
  });

  it('throws on a payload cut short or with an index out of range, rather than giving wrong locations', () => {
    const payload = encodeManifest(entries, files);
    expect(() => decoded(payload.subarray(0, payload.length - 4))).toThrow(/do not fit/);
    const bad = Uint8Array.from(payload);
    // The last int is the second file's entry index.
    new DataView(bad.buffer).setUint32(bad.length - 4, 99, true);
    expect(() => decoded(bad)).toThrow(/out of range/);
  });
});
