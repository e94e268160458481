/** Framed cache files (src/knowledge-cache/files.ts): checked by CRC-32, and files framed with MD5 before still read. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT, MAGIC, PREFIX, frame, readFileAhead, unframe } from '../../src/knowledge-cache/files.js';

const payload = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff));

/** A file as the previous code framed it: the header's checksum is the payload's MD5. */
function md5Framed(bytes: Buffer): Buffer {
  const head = Buffer.from(JSON.stringify({ version: 'v1', bytes: bytes.length, md5: createHash('md5').update(bytes).digest('hex') }));
  const prefix = Buffer.alloc(PREFIX);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(head.length, 8);
  return Buffer.concat([prefix, head, bytes]);
}

describe('framed cache files', () => {
  it('gives the payload back, with its header checked, and a CRC-32 in the header', () => {
    const bytes = Buffer.concat(frame({ version: 'v1' }, payload));
    expect(unframe(bytes, { version: 'v1' })).toEqual({ payload });
    expect(bytes.toString('utf8', PREFIX, PREFIX + bytes.readUInt32LE(8))).toMatch(/"crc32":\d+/);
    expect(unframe(bytes, { version: 'v2' })).toEqual({ problem: 'stale (version changed)' });
  });

  it('reads a file framed with an MD5 (written before the CRC) and refuses either kind once a byte changed', () => {
    const old = md5Framed(payload);
    expect(unframe(old, { version: 'v1' })).toEqual({ payload });
    for (const bytes of [old, Buffer.concat(frame({ version: 'v1' }, payload))]) {
      bytes[bytes.length - 100]! ^= 1;
      expect(unframe(bytes, { version: 'v1' })).toEqual({ problem: 'checksum mismatch' });
    }
  });
});

describe('readFileAhead', () => {
  it('reads a whole file, an empty one, and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'attache-ahead-'));
    try {
      const big = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
      await writeFile(join(dir, 'big.bin'), big);
      await writeFile(join(dir, 'empty.bin'), '');
      expect((await readFileAhead(join(dir, 'big.bin'))).equals(big)).toBe(true);
      expect((await readFileAhead(join(dir, 'empty.bin'))).length).toBe(0);
      await expect(readFileAhead(join(dir, 'missing.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(readFileAhead(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
