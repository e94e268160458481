/** Restores a BM25 index from the binary image toBinary() wrote (see image-format.ts for the layout). */
import { Bm25Index } from './bm25-index.js';
import { HEADER_WORDS, MAGIC, VERSION, pad4, type ImageMeta } from './image-format.js';
import { TermDict } from './term-dict.js';
import type { BuildOptions, SearchIndex, SentenceConcepts } from './types.js';

/**
 * Restores an index written by toBinary(). Concept functions are passed again (they are code, not data).
 * The index keeps typed-array views over `bytes` (copied first only when it is not 4-byte aligned), so the
 * caller must not modify `bytes` afterwards. Throws on a foreign, older or corrupt image.
 */
export function searchIndexFromBinary(
  bytes: Uint8Array,
  concepts?: SentenceConcepts,
  options: BuildOptions = {},
): SearchIndex {
  if (bytes.byteLength < HEADER_WORDS * 4) throw new Error('search index image: unknown format (too short)');
  let buf = bytes.buffer as ArrayBuffer;
  let base = bytes.byteOffset;
  if (base % 4 !== 0) {
    // A real copy: Buffer#slice (a Node Buffer is a Uint8Array) would be a view over the same unaligned memory.
    buf = Uint8Array.prototype.slice.call(bytes).buffer as ArrayBuffer;
    base = 0;
  }
  const [magic, version, nDocs, nUnits, nTerms, nPost, metaLen, textLen, tableCap] = Array.from(
    new Uint32Array(buf, base, HEADER_WORDS),
  ) as number[];
  if (magic !== MAGIC || version !== VERSION) throw new Error('search index image: unknown format');
  const sizes = [
    HEADER_WORDS * 4, pad4(metaLen!), pad4(textLen!), (nTerms! + 1) * 4, tableCap! * 4,
    (nTerms! + 1) * 4, nPost! * 4, nTerms! * 4, (nDocs! + 1) * 4, pad4(nUnits! * 2), pad4(nDocs!),
  ];
  if (sizes.reduce((a, b) => a + b, 0) !== bytes.byteLength || (tableCap! & (tableCap! - 1)) !== 0 || tableCap! < nTerms! * 2) {
    throw new Error('search index image: corrupt');
  }
  let off = base;
  let s = 0;
  const next = () => (off += sizes[s++]!);
  next();
  const dec = new TextDecoder();
  const meta = JSON.parse(dec.decode(new Uint8Array(buf, off, metaLen!))) as ImageMeta;
  next();
  const text = dec.decode(new Uint8Array(buf, off, textLen!));
  next();
  const ix = new Bm25Index(concepts, options.queryConcepts);
  const dict = new TermDict();
  dict.text = text;
  dict.off = new Uint32Array(buf, off, nTerms! + 1);
  dict.frozen = nTerms!;
  next();
  dict.table = new Int32Array(buf, off, tableCap!);
  dict.owned = false;
  next();
  if (dict.off[nTerms!] !== text.length) throw new Error('search index image: corrupt term table');
  ix.dict = dict;
  ix.flatOff = new Uint32Array(buf, off, nTerms! + 1);
  next();
  ix.flat = new Uint32Array(buf, off, nPost!);
  next();
  ix.termNorm = new Float32Array(buf, off, nTerms!).slice();
  next();
  ix.delta = new Array<Uint32Array | null>(nTerms!).fill(null);
  ix.deltaLen = new Uint32Array(nTerms!);
  ix.docFirst = new Uint32Array(buf, off, nDocs! + 1);
  next();
  ix.unitLen = new Uint16Array(buf, off, nUnits!);
  next();
  ix.docAlive = new Uint8Array(buf, off, nDocs!).slice();
  if (meta.docIds.length !== nDocs || ix.docFirst[nDocs!] !== nUnits || ix.flatOff[nTerms!] !== nPost) {
    throw new Error('search index image: corrupt');
  }
  ix.unitCount = nUnits!;
  ix.docIds = meta.docIds;
  ix.docLang = meta.docLang;
  ix.docHash = meta.docHash;
  ix.irregular = new Map(meta.irregular.map(([d, idx]) => [d, Uint32Array.from(idx)]));
  ix.totalLen = meta.totalLen;
  ix.deadUnits = meta.deadUnits;
  ix.refAvg = meta.refAvg;
  for (let d = 0; d < nDocs!; d++) {
    if (!ix.docAlive[d]) continue;
    ix.docIndex.set(ix.docIds[d]!, d);
    ix.langCounts.set(ix.docLang[d]!, (ix.langCounts.get(ix.docLang[d]!) ?? 0) + 1);
  }
  return ix;
}
