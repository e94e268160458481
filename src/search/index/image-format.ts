// ---- binary image -------------------------------------------------------------------------------------------
//
// Little-endian, every section 4-byte aligned, so a restored index keeps typed-array views over the image:
//   header u32[10]: MAGIC, VERSION, nDocs, nUnits, nTerms, nPost, metaLen, textLen, tableCap, 0
//   meta (JSON: docIds, docLang, docHash, irregular, totalLen, deadUnits, refAvg) · term text (UTF-8) ·
//   termOff u32[nTerms+1] (code units) · hash table i32[tableCap] · flatOff u32[nTerms+1] · postings u32[nPost] ·
//   termNorm f32[nTerms] · docFirst u32[nDocs+1] · unitLen u16[nUnits] · docAlive u8[nDocs]

export const MAGIC = 0x49534541; // 'AESI'
/** 2: flat postings, hashed term dictionary, document hashes. Version 1 images are rejected (the caller rebuilds). */
export const VERSION = 2;
export const HEADER_WORDS = 10;

export interface ImageMeta {
  docIds: string[];
  docLang: string[];
  docHash: string[];
  irregular: [number, number[]][];
  totalLen: number;
  deadUnits: number;
  refAvg: number;
}

export const pad4 = (n: number) => (n + 3) & ~3;

/** What the image is written from: the index's arrays (Bm25Index has them). */
export interface IndexImageSource {
  dict: { size: number; text: string; table: Int32Array; off: Uint32Array };
  flat: Uint32Array;
  flatOff: Uint32Array;
  termNorm: Float32Array;
  unitCount: number;
  unitLen: Uint16Array;
  totalLen: number;
  deadUnits: number;
  refAvg: number;
  docIds: string[];
  docLang: string[];
  docHash: string[];
  docAlive: Uint8Array;
  docFirst: Uint32Array;
  irregular: Map<number, Uint32Array>;
}

export function encodeIndex(ix: IndexImageSource): Uint8Array {
  const nDocs = ix.docIds.length;
  const nUnits = ix.unitCount;
  const nTerms = ix.dict.size;
  const nPost = ix.flatOff[nTerms]!;
  const meta: ImageMeta = {
    docIds: ix.docIds,
    docLang: ix.docLang,
    docHash: ix.docHash,
    irregular: [...ix.irregular].map(([d, idx]) => [d, Array.from(idx)]),
    totalLen: ix.totalLen,
    deadUnits: ix.deadUnits,
    refAvg: ix.refAvg,
  };
  const enc = new TextEncoder();
  const metaBytes = enc.encode(JSON.stringify(meta));
  const textBytes = enc.encode(ix.dict.text);
  const table = ix.dict.table;
  const sizes = [
    HEADER_WORDS * 4, pad4(metaBytes.length), pad4(textBytes.length), (nTerms + 1) * 4, table.length * 4,
    (nTerms + 1) * 4, nPost * 4, nTerms * 4, (nDocs + 1) * 4, pad4(nUnits * 2), pad4(nDocs),
  ];
  const buf = new ArrayBuffer(sizes.reduce((a, b) => a + b, 0));
  new Uint32Array(buf, 0, HEADER_WORDS).set([MAGIC, VERSION, nDocs, nUnits, nTerms, nPost, metaBytes.length, textBytes.length, table.length, 0]);
  let off = 0;
  let s = 0;
  const next = () => (off += sizes[s++]!);
  next();
  new Uint8Array(buf, off, metaBytes.length).set(metaBytes);
  next();
  new Uint8Array(buf, off, textBytes.length).set(textBytes);
  next();
  new Uint32Array(buf, off, nTerms + 1).set(ix.dict.off.subarray(0, nTerms + 1));
  next();
  new Int32Array(buf, off, table.length).set(table);
  next();
  new Uint32Array(buf, off, nTerms + 1).set(ix.flatOff.subarray(0, nTerms + 1));
  next();
  new Uint32Array(buf, off, nPost).set(ix.flat.subarray(0, nPost));
  next();
  new Float32Array(buf, off, nTerms).set(ix.termNorm.subarray(0, nTerms));
  next();
  new Uint32Array(buf, off, nDocs + 1).set(ix.docFirst.subarray(0, nDocs + 1));
  next();
  new Uint16Array(buf, off, nUnits).set(ix.unitLen.subarray(0, nUnits));
  next();
  new Uint8Array(buf, off, nDocs).set(ix.docAlive.subarray(0, nDocs));
  return new Uint8Array(buf);
}
