/**
 * Bytes → text. Pure: no I/O, only the WHATWG TextDecoder.
 *
 * Order of decisions: BOM (UTF-8, UTF-16LE, UTF-16BE) → UTF-16 without BOM by its NUL-byte pattern → binary
 * (NUL bytes or too many control characters) → strict UTF-8 → windows-1252 fallback (own table, see below). Every guess leaves a warning.
 */

/** Share of control characters (other than tab, CR, LF, FF) above which a file is taken for binary. */
export const MAX_CONTROL_RATIO = 0.02;
/** Bytes examined to detect UTF-16 without BOM and binary content. */
export const SNIFF_BYTES = 4096;

export type DecodeResult =
  | { ok: true; text: string; encoding: string; warnings: string[] }
  | { ok: false; reason: string };

/**
 * Decodes a file's bytes into a string.
 * @example decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x48, 0x69])) // { ok: true, text: 'Hi', encoding: 'utf-8', warnings: [] }
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), 'utf-8');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return finish(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le', []);
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return finish(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be', []);
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    return finish(new TextDecoder(utf16).decode(bytes), utf16, [`no byte-order mark: decoded as ${utf16.toUpperCase()} from its NUL-byte pattern`]);
  }
  if (looksBinary(bytes)) return { ok: false, reason: 'not text (binary content)' };
  return decodeUtf8(bytes, 'utf-8');
}

function decodeUtf8(bytes: Uint8Array, encoding: string): DecodeResult {
  try {
    return finish(new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding, []);
  } catch {
    const text = decodeWindows1252(bytes);
    return finish(text, 'windows-1252', ['invalid UTF-8: decoded as windows-1252']);
  }
}

/** windows-1252 code points for bytes 0x80–0x9F (undefined bytes keep their C1 value, as WHATWG does). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * windows-1252 → string. Written out because Node 20's TextDecoder('windows-1252') drops bytes 0x80–0x9F
 * (curly quotes, dashes, €) instead of mapping them.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

function finish(text: string, encoding: string, warnings: string[]): DecodeResult {
  if (controlRatio(text) > MAX_CONTROL_RATIO) return { ok: false, reason: 'not text (control characters)' };
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  return { ok: true, text, encoding, warnings };
}

/** UTF-16 text of mostly Latin/Cyrillic/… letters has a NUL in every other byte; the side tells the byte order. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul / pairs > 0.3 && evenNul / pairs < 0.05) return 'utf-16le';
  if (evenNul / pairs > 0.3 && oddNul / pairs < 0.05) return 'utf-16be';
  return null;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return n > 0 && control / n > MAX_CONTROL_RATIO;
}

function controlRatio(text: string): number {
  const n = Math.min(text.length, SNIFF_BYTES);
  if (n === 0) return 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) control++;
  }
  return control / n;
}
