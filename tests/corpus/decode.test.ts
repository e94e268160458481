import { describe, it, expect } from 'vitest';
import { decodeText } from '../../src/corpus/decode.js';
import { sha256Hex } from '../../src/corpus/sha256.js';
import { createHash } from 'node:crypto';

describe('decodeText', () => {
  it('strips a UTF-8 BOM and keeps Vietnamese diacritics', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Việt Nam')]))).toEqual({ ok: true, text: 'Việt Nam', encoding: 'utf-8', warnings: [] });
  });

  it('decodes UTF-16BE without BOM from its NUL pattern, with a warning', () => {
    const bytes = new Uint8Array([0, 0x48, 0, 0x61, 0, 0x6e, 0, 0x6f, 0, 0x69]);
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'Hanoi', encoding: 'utf-16be', warnings: ['no byte-order mark: decoded as UTF-16BE from its NUL-byte pattern'] });
  });

  it('falls back to windows-1252 on invalid UTF-8 (curly quotes and euro)', () => {
    expect(decodeText(new Uint8Array([0x93, 0x80, 0x35, 0x94]))).toEqual({ ok: true, text: '“€5”', encoding: 'windows-1252', warnings: ['invalid UTF-8: decoded as windows-1252'] });
  });

  it('refuses control-character soup and empty input', () => {
    expect(decodeText(new Uint8Array([1, 2, 3, 4, 5, 65, 66]))).toEqual({ ok: false, reason: 'not text (binary content)' });
    expect(decodeText(new Uint8Array([]))).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto on several lengths', () => {
    for (const n of [0, 3, 55, 56, 63, 64, 65, 1000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
