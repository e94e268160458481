/**
 * Feed bytes → text. The encoding comes from the byte order mark, else the HTTP `charset`, else the XML
 * declaration, else UTF-8 (the order the XML and RSS specifications give), and is decoded with TextDecoder (every
 * WHATWG encoding) or iconv-lite (UTF-32 and the rest). Pure: bytes in, text and warnings out.
 */
import iconv from 'iconv-lite';
import jschardet from 'jschardet';

export interface DecodedFeed {
  text: string;
  /** The encoding the bytes were decoded with, as declared (lower case), e.g. 'shift_jis', 'utf-16le'. */
  encoding: string;
  /** Where it came from. */
  source: 'bom' | 'http' | 'xml' | 'sniffed' | 'detected' | 'default';
  /** Each problem met: an unknown declared encoding, a declaration the bytes contradict, undecodable bytes. */
  warnings: string[];
}

const BOMS: Array<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/** `<?xml` in a BOM-less UTF-16/32 document: its first bytes name the encoding family (XML 1.0, appendix F). */
const SNIFFS: Array<[number[], string]> = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

/** Labels decoded as a superset: GB2312 feeds often hold GBK/GB18030 characters (feedparser does the same). */
const ALIASES = new Map([
  ['utf-16', 'utf-16le'],
  ['gb2312', 'gb18030'],
  ['gbk', 'gb18030'],
  ['x-gbk', 'gb18030'],
  ['tis-620', 'windows-874'],
]);

const startsWith = (bytes: Uint8Array, prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** The `charset` parameter of a Content-Type header, unquoted and lower case, or null. */
export function httpCharset(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*("([^"]*)"|'([^']*)'|[^\s;]+)/i.exec(contentType ?? '');
  if (!match) return null;
  return (match[2] ?? match[3] ?? match[1] ?? '').trim().toLowerCase() || null;
}

/** An HTML page's `<meta charset>` or `<meta http-equiv="content-type" content="…; charset=…">`, or null. */
function metaDeclared(head: string): string | null {
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

/** The encoding named by the XML declaration in the first bytes, read as ASCII, or null. */
function xmlDeclared(head: string): string | null {
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function validUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Below this confidence a detected encoding is not trusted, and windows-1252 (which decodes any byte) is used. */
const MIN_DETECTION_CONFIDENCE = 0.5;

/** Multi-byte encodings whose strict decoding of a sample is itself strong evidence. */
const MULTIBYTE = new Set(['shift_jis', 'euc-jp', 'euc-kr', 'big5', 'gb2312', 'gb18030', 'iso-2022-jp']);

function decodesStrictly(label: string, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(ALIASES.get(label) ?? label, { fatal: true }).decode(bytes, { stream: true }); // a cut last character is no error
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding of undeclared, non-UTF-8 bytes, as jschardet (a port of Python's chardet) finds it: its first
 * guess that is confident enough, or a multi-byte guess the bytes decode in without a single error (a short feed
 * gives chardet little to go on); windows-1252 otherwise.
 */
function detected(bytes: Uint8Array): string {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024));
  for (const { encoding, confidence } of jschardet.detectAll(sample)) {
    const label = (encoding ?? '').toLowerCase();
    if (!label || /^(ascii|utf-8)$/.test(label) || !decoderFor(label)) continue;
    if (confidence >= MIN_DETECTION_CONFIDENCE) return label;
    if (MULTIBYTE.has(label) && decodesStrictly(label, sample)) return label;
  }
  return 'windows-1252';
}

/** A decoder for a label, or null when neither TextDecoder nor iconv-lite knows it. */
function decoderFor(label: string): ((bytes: Uint8Array) => string) | null {
  const name = ALIASES.get(label) ?? label;
  if (!/^utf-?32/.test(name)) {
    try {
      const decoder = new TextDecoder(name, { ignoreBOM: false });
      return (bytes) => decoder.decode(bytes);
    } catch {
      // not a WHATWG label; iconv-lite may know it
    }
  }
  if (iconv.encodingExists(name)) return (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
  return null;
}

/** Same family: a declaration of "utf-16" in a UTF-16LE document (found by its BOM) is not wrong. */
function sameFamily(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[^a-z0-9]/g, '').replace(/^(utf(?:16|32))(le|be)$/, '$1');
  return norm(a) === norm(b);
}

/**
 * Decodes a feed's bytes. `contentType` is the HTTP Content-Type header, when there was one.
 * @example decodeFeed(bytesOf('<?xml version="1.0" encoding="shift_jis"?>…')).encoding // 'shift_jis'
 */
export function decodeFeed(bytes: Uint8Array, contentType?: string | null): DecodedFeed {
  return decodeWith(bytes, contentType, xmlDeclared, 'XML declaration');
}

/** Decodes an HTML page the same way, with its `<meta charset>` in place of the XML declaration. */
export function decodePage(bytes: Uint8Array, contentType?: string | null): DecodedFeed {
  return decodeWith(bytes, contentType, metaDeclared, 'meta charset');
}

function decodeWith(bytes: Uint8Array, contentType: string | null | undefined, declaration: (head: string) => string | null, what: string): DecodedFeed {
  const warnings: string[] = [];
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).replace(/\0/g, '');
  const declared = declaration(head);
  const http = httpCharset(contentType);
  const bom = BOMS.find(([prefix]) => startsWith(bytes, prefix));
  const sniffed = bom ? undefined : SNIFFS.find(([prefix]) => startsWith(bytes, prefix));

  const candidates: Array<[string, DecodedFeed['source']]> = [];
  if (bom) candidates.push([bom[1], 'bom']);
  if (http) candidates.push([http, 'http']);
  if (sniffed) candidates.push([sniffed[1], 'sniffed']);
  if (declared) candidates.push([declared, 'xml']);
  candidates.push(['utf-8', 'default']);

  for (const [label, source] of candidates) {
    const decode = decoderFor(label);
    if (!decode) {
      warnings.push(`unknown encoding "${label}" (${source === 'http' ? 'HTTP charset' : what}) ignored`);
      continue;
    }
    if (source === 'bom' || source === 'http' || source === 'sniffed') {
      if (declared && !sameFamily(declared, label) && decoderFor(declared) && (source !== 'http' || !/^(us-)?ascii$/.test(label))) {
        warnings.push(`the ${what} says "${declared}" but the ${source === 'http' ? 'HTTP charset' : 'byte order mark'} says "${label}"; used "${label}"`);
      }
    }
    const body = bom && source === 'bom' ? bytes.subarray(bom[0].length) : bytes;
    if ((source === 'xml' || source === 'default') && /^utf-?8$/.test(label) && !validUtf8(body)) {
      // Declared (or assumed) UTF-8, but it is not: guess from the bytes, as feedparser does with chardet.
      const guess = detected(body);
      if (source === 'xml') warnings.push(`the ${what} says "${declared}" but the bytes are not; decoded as "${guess}"`);
      return { text: stripBom(decoderFor(guess)!(body)), encoding: guess, source: 'detected', warnings };
    }
    // windows-1258 writes Vietnamese tones as combining marks; the corpus reads composed (NFC) text.
    const text = stripBom(label === 'windows-1258' ? decode(body).normalize('NFC') : decode(body));
    if (text.includes('\ufffd')) {
      const bad = text.split('\ufffd').length - 1;
      warnings.push(`${bad} byte sequence${bad === 1 ? '' : 's'} not valid in "${label}" replaced by U+FFFD`);
    }
    return { text, encoding: /^gb/.test(label) ? ALIASES.get(label) ?? label : label, source, warnings };
  }
  /* c8 ignore next */
  return { text: new TextDecoder().decode(bytes), encoding: 'utf-8', source: 'default', warnings };
}
