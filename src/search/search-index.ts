/**
 * A compact BM25 index over sentences, with extracted concepts (area:…, person:…, country:…) indexed alongside.
 *
 * Unit of retrieval: one sentence. A sentence's score is its own BM25 plus a document boost: query terms that the
 * sentence lacks but its document contains add DOC_BOOST × their idf, so a sentence in an article about the query
 * outranks the same words in an unrelated article. Postings are packed typed arrays (unit << 4 | min(tf, 15)).
 * Removal tombstones a document; the index compacts itself when a quarter of its sentences are dead.
 * Pure: no I/O, no clock.
 */
import type { Document } from '../corpus/types.js';
import { analyze, analyzeQuery } from './analyze.js';

/** BM25 saturation. */
export const BM25_K1 = 1.2;
/** BM25 length normalisation. */
export const BM25_B = 0.75;
/** Weight of a query term found elsewhere in the sentence's document (× its idf). */
export const DOC_BOOST = 0.3;
/** Weight of a concept term relative to a word. */
export const CONCEPT_WEIGHT = 1.0;
/** A term whose postings exceed this share of all sentences is only scored on sentences other terms found. */
export const COMMON_TERM_SHARE = 0.05;
/** At most this many query groups count (bit masks are 32 bits). */
const MAX_GROUPS = 32;
const TF_BITS = 4;
const TF_MAX = (1 << TF_BITS) - 1;
const COMPACT_DEAD_SHARE = 0.25;

/** Concepts of one sentence, e.g. ['area:semiconductors', 'country:jp', 'year:2024']. */
export type SentenceConcepts = (document: Document, sentenceIndex: number) => string[];
/** Concepts a question refers to, in the same vocabulary as SentenceConcepts. */
export type QueryConcepts = (query: string) => string[];

export interface SearchHit {
  document: string;
  /** 1-based sentence index (Sentence.index). */
  sentence: number;
  score: number;
}

export interface SearchOptions {
  /** Results wanted (default 8). */
  limit?: number;
  /** The question's language (ISO 639-1) when known: its stopwords are dropped. Every stemmer present is tried anyway. */
  lang?: string;
  /** Keep only documents in these languages. */
  documentLangs?: string[];
  /** At most this many sentences from one document (default 3), so evidence spans sources. */
  perDocument?: number;
  /** Concepts to add to the query (in addition to the index's queryConcepts). */
  concepts?: string[];
}

export interface BuildOptions {
  /** Maps a question to concept terms; used by search() for every query. */
  queryConcepts?: QueryConcepts;
}

export interface SearchIndex {
  search(query: string, options?: SearchOptions): SearchHit[];
  /** Adds a document, replacing any document with the same id. */
  add(document: Document): void;
  /** Removes a document; false when it was not indexed. */
  remove(documentId: string): boolean;
  has(documentId: string): boolean;
  /** Live documents / sentences / distinct terms. */
  stats(): { documents: number; sentences: number; terms: number; postings: number };
  /** A compact binary image for a warm start (see fromBinary). The concept functions are not stored. */
  toBinary(): Uint8Array;
}

function normConcept(c: string): string {
  return c.trim().toLowerCase().replace(/\s+/g, '-');
}

function grow<T extends Uint32Array | Uint16Array | Float32Array | Uint8Array>(arr: T, need: number): T {
  if (need <= arr.length) return arr;
  let cap = Math.max(8, arr.length);
  while (cap < need) cap *= 2;
  const Ctor = arr.constructor as new (n: number) => T;
  const out = new Ctor(cap);
  out.set(arr);
  return out;
}

/**
 * Units of the `want` highest scores among touched[0..n), best first (ties: lower unit first).
 * A min-heap over indices: O(n log want).
 */
function topUnits(touched: Uint32Array, n: number, score: Float32Array, want: number): number[] {
  const k = Math.min(want, n);
  const heap = new Uint32Array(k);
  let size = 0;
  // "a ranks below b"
  const below = (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && below(heap[l]!, heap[m]!)) m = l;
      if (r < size && below(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const u = touched[i]!;
    if (size < k) {
      let j = size++;
      heap[j] = u;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!below(heap[j]!, heap[p]!)) break;
        const t = heap[j]!;
        heap[j] = heap[p]!;
        heap[p] = t;
        j = p;
      }
    } else if (k > 0 && below(heap[0]!, u)) {
      heap[0] = u;
      siftDown(0);
    }
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => (score[b]! - score[a]!) || a - b);
}

/** Upper bound of `value` in the sorted units of a packed posting list. */
function findUnit(list: Uint32Array, len: number, unit: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const u = list[mid]! >>> TF_BITS;
    if (u === unit) return list[mid]! & TF_MAX;
    if (u < unit) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

class Bm25Index implements SearchIndex {
  // terms
  termIds = new Map<string, number>();
  terms: string[] = [];
  posts: Uint32Array[] = [];
  postLen = new Uint32Array(1024);
  // units (sentences)
  unitCount = 0;
  unitDoc = new Uint32Array(1024);
  unitSentence = new Uint32Array(1024);
  unitLen = new Uint16Array(1024);
  totalLen = 0;
  deadUnits = 0;
  // documents
  docIds: string[] = [];
  docLang: string[] = [];
  docAlive = new Uint8Array(64);
  /** First unit and unit count of each document (a document's units are contiguous). */
  docFirst = new Uint32Array(64);
  docUnits = new Uint32Array(64);
  docIndex = new Map<string, number>();
  langCounts = new Map<string, number>();
  // scratch for queries
  score = new Float32Array(0);
  groupScore = new Float32Array(0);
  unitMask = new Uint32Array(0);
  touched = new Uint32Array(0);
  gTouched = new Uint32Array(0);
  docMask = new Uint32Array(0);

  constructor(
    readonly sentenceConcepts: SentenceConcepts | undefined,
    readonly queryConcepts: QueryConcepts | undefined,
  ) {}

  has(documentId: string): boolean {
    return this.docIndex.has(documentId);
  }

  stats() {
    let postings = 0;
    for (let t = 0; t < this.terms.length; t++) postings += this.postLen[t]!;
    return {
      documents: this.docIndex.size,
      sentences: this.unitCount - this.deadUnits,
      terms: this.terms.length,
      postings,
    };
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.posts.push(new Uint32Array(2));
      this.postLen = grow(this.postLen, id + 1);
    }
    return id;
  }

  private post(termId: number, unit: number, tf: number): void {
    const len = this.postLen[termId]!;
    let list = this.posts[termId]!;
    if (len === list.length) {
      const bigger = new Uint32Array(Math.max(2, list.length < 64 ? list.length * 2 : Math.ceil(list.length * 1.5)));
      bigger.set(list);
      list = bigger;
      this.posts[termId] = list;
    }
    list[len] = (unit << TF_BITS) | Math.min(tf, TF_MAX);
    this.postLen[termId] = len + 1;
  }

  add(document: Document): void {
    if (this.docIndex.has(document.id)) this.remove(document.id);
    const doc = this.docIds.length;
    this.docIds.push(document.id);
    this.docLang.push(document.lang);
    this.docAlive = grow(this.docAlive, doc + 1);
    this.docAlive[doc] = 1;
    this.docFirst = grow(this.docFirst, doc + 1);
    this.docUnits = grow(this.docUnits, doc + 1);
    this.docFirst[doc] = this.unitCount;
    this.docUnits[doc] = document.sentences.length;
    this.docIndex.set(document.id, doc);
    this.langCounts.set(document.lang, (this.langCounts.get(document.lang) ?? 0) + 1);
    const need = this.unitCount + document.sentences.length;
    this.unitDoc = grow(this.unitDoc, need);
    this.unitSentence = grow(this.unitSentence, need);
    this.unitLen = grow(this.unitLen, need);
    const tf = new Map<string, number>();
    for (const sentence of document.sentences) {
      const unit = this.unitCount++;
      const terms = analyze(sentence.text, document.lang);
      tf.clear();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      const concepts = this.sentenceConcepts?.(document, sentence.index) ?? [];
      for (const c of concepts) {
        const key = normConcept(c);
        if (key && !tf.has(key)) tf.set(key, 1);
      }
      for (const [t, n] of tf) this.post(this.termId(t), unit, n);
      this.unitDoc[unit] = doc;
      this.unitSentence[unit] = sentence.index;
      this.unitLen[unit] = Math.min(terms.length, 0xffff);
      this.totalLen += terms.length;
    }
  }

  remove(documentId: string): boolean {
    const doc = this.docIndex.get(documentId);
    if (doc === undefined) return false;
    this.docIndex.delete(documentId);
    this.docAlive[doc] = 0;
    const lang = this.docLang[doc]!;
    const n = (this.langCounts.get(lang) ?? 1) - 1;
    if (n > 0) this.langCounts.set(lang, n);
    else this.langCounts.delete(lang);
    const first = this.docFirst[doc]!;
    for (let u = first; u < first + this.docUnits[doc]!; u++) {
      this.deadUnits++;
      this.totalLen -= this.unitLen[u]!;
    }
    if (this.deadUnits > COMPACT_DEAD_SHARE * this.unitCount) this.compact();
    return true;
  }

  /** Drops dead documents and sentences, renumbering units and documents. */
  private compact(): void {
    const unitMap = new Int32Array(this.unitCount).fill(-1);
    const docMap = new Int32Array(this.docIds.length).fill(-1);
    const docIds: string[] = [];
    const docLang: string[] = [];
    for (let d = 0; d < this.docIds.length; d++) {
      if (!this.docAlive[d]) continue;
      docMap[d] = docIds.length;
      docIds.push(this.docIds[d]!);
      docLang.push(this.docLang[d]!);
    }
    let next = 0;
    const docFirst = new Uint32Array(Math.max(64, docIds.length));
    const docUnits = new Uint32Array(Math.max(64, docIds.length));
    for (let u = 0; u < this.unitCount; u++) {
      const nd = docMap[this.unitDoc[u]!]!;
      if (nd < 0) continue;
      if (docUnits[nd] === 0) docFirst[nd] = next;
      docUnits[nd]!++;
      unitMap[u] = next;
      this.unitDoc[next] = nd;
      this.unitSentence[next] = this.unitSentence[u]!;
      this.unitLen[next] = this.unitLen[u]!;
      next++;
    }
    this.unitCount = next;
    this.deadUnits = 0;
    const termIds = new Map<string, number>();
    const terms: string[] = [];
    const posts: Uint32Array[] = [];
    const postLen = new Uint32Array(Math.max(1024, this.terms.length));
    for (let t = 0; t < this.terms.length; t++) {
      const list = this.posts[t]!;
      const len = this.postLen[t]!;
      let k = 0;
      const out = new Uint32Array(Math.max(2, len));
      for (let i = 0; i < len; i++) {
        const p = list[i]!;
        const nu = unitMap[p >>> TF_BITS]!;
        if (nu >= 0) out[k++] = (nu << TF_BITS) | (p & TF_MAX);
      }
      if (k === 0) continue;
      const id = terms.length;
      termIds.set(this.terms[t]!, id);
      terms.push(this.terms[t]!);
      posts.push(k === out.length ? out : out.slice(0, Math.max(2, k)));
      postLen[id] = k;
    }
    this.termIds = termIds;
    this.terms = terms;
    this.posts = posts;
    this.postLen = postLen;
    this.docIds = docIds;
    this.docLang = docLang;
    this.docAlive = new Uint8Array(Math.max(64, docIds.length)).fill(1);
    this.docFirst = docFirst;
    this.docUnits = docUnits;
    this.docIndex = new Map(docIds.map((id, i) => [id, i]));
  }

  private ensureScratch(): void {
    if (this.score.length < this.unitCount) {
      const cap = Math.max(1024, this.unitDoc.length);
      this.score = new Float32Array(cap);
      this.groupScore = new Float32Array(cap);
      this.unitMask = new Uint32Array(cap);
      this.touched = new Uint32Array(cap);
      this.gTouched = new Uint32Array(cap);
    }
    if (this.docMask.length < this.docIds.length) this.docMask = new Uint32Array(Math.max(64, this.docAlive.length));
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 8;
    const perDocument = Math.max(1, options.perDocument ?? 3);
    if (limit <= 0 || this.docIndex.size === 0) return [];
    this.ensureScratch();

    const groups: { terms: number[]; weight: number; df: number }[] = [];
    for (const variants of analyzeQuery(query, this.langCounts.keys(), options.lang)) {
      const ids = variants.map((v) => this.termIds.get(v)).filter((id): id is number => id !== undefined);
      if (ids.length) groups.push({ terms: ids, weight: 1, df: ids.reduce((s, id) => s + this.postLen[id]!, 0) });
    }
    const concepts = new Set([...(this.queryConcepts?.(query) ?? []), ...(options.concepts ?? [])].map(normConcept));
    for (const c of concepts) {
      const id = this.termIds.get(c);
      if (id !== undefined) groups.push({ terms: [id], weight: CONCEPT_WEIGHT, df: this.postLen[id]! });
    }
    if (!groups.length) return [];
    groups.sort((a, b) => a.df - b.df);
    groups.length = Math.min(groups.length, MAX_GROUPS);

    // Live sentences; df still counts tombstoned sentences until the next compaction (idf slightly low meanwhile).
    const N = Math.max(1, this.unitCount - this.deadUnits);
    const avgLen = Math.max(1, this.totalLen / N);
    const langFilter = options.documentLangs ? new Set(options.documentLangs) : null;
    let allowed: Uint8Array | null = null;
    if (langFilter || this.deadUnits > 0) {
      allowed = new Uint8Array(this.docIds.length);
      for (let d = 0; d < this.docIds.length; d++) {
        allowed[d] = this.docAlive[d] && (!langFilter || langFilter.has(this.docLang[d]!)) ? 1 : 0;
      }
    }
    const { score, groupScore, unitMask, docMask, unitDoc, unitLen, touched, gTouched } = this;
    let nTouched = 0;
    const touchedDocs: number[] = [];
    const groupIdf: number[] = [];
    const commonLimit = Math.max(1000, COMMON_TERM_SHARE * N);
    const k1 = BM25_K1;
    const lenA = k1 * (1 - BM25_B);
    const lenB = (k1 * BM25_B) / avgLen;

    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      const bit = 1 << g;
      const w = group.weight;
      let maxIdf = 0;
      // A very common term only re-scores sentences rarer terms already found (MaxScore-like pruning).
      const sparse = nTouched > 0 && group.df > commonLimit && nTouched * 16 < group.df;
      const single = group.terms.length === 1;
      let nG = 0;
      for (const termId of group.terms) {
        const list = this.posts[termId]!;
        const len = this.postLen[termId]!;
        const idf = Math.log(1 + Math.max(0, N - len + 0.5) / (len + 0.5));
        if (idf > maxIdf) maxIdf = idf;
        const count = sparse ? nTouched : len;
        for (let i = 0; i < count; i++) {
          let u: number;
          let tf: number;
          if (sparse) {
            u = touched[i]!;
            tf = findUnit(list, len, u);
            if (tf === 0) continue;
          } else {
            const p = list[i]!;
            u = p >>> TF_BITS;
            tf = p & TF_MAX;
          }
          if (allowed && !allowed[unitDoc[u]!]) continue;
          const c = (idf * tf * (k1 + 1)) / (tf + lenA + lenB * unitLen[u]!);
          if (single) {
            if (unitMask[u] === 0) touched[nTouched++] = u;
            score[u] = score[u]! + c * w;
            unitMask[u] = unitMask[u]! | bit;
          } else {
            const prev = groupScore[u]!;
            if (prev === 0) gTouched[nG++] = u;
            if (c > prev) groupScore[u] = c;
          }
        }
      }
      if (!single) {
        for (let i = 0; i < nG; i++) {
          const u = gTouched[i]!;
          if (unitMask[u] === 0) touched[nTouched++] = u;
          score[u] = score[u]! + groupScore[u]! * w;
          unitMask[u] = unitMask[u]! | bit;
          groupScore[u] = 0;
        }
      }
      groupIdf.push(maxIdf * w);
    }
    for (let i = 0; i < nTouched; i++) {
      const u = touched[i]!;
      const d = unitDoc[u]!;
      if (docMask[d] === 0) touchedDocs.push(d);
      docMask[d] = docMask[d]! | unitMask[u]!;
    }

    // Final scores with the document boost, written back into `score`.
    for (let i = 0; i < nTouched; i++) {
      const u = touched[i]!;
      let s = score[u]!;
      let missing = docMask[unitDoc[u]!]! & ~unitMask[u]!;
      while (missing) {
        const g = 31 - Math.clz32(missing);
        s += DOC_BOOST * groupIdf[g]!;
        missing &= ~(1 << g);
      }
      score[u] = s;
    }

    // Top candidates by a bounded selection, widened when the per-document cap leaves too few.
    let hits: SearchHit[] = [];
    for (let want = limit * perDocument * 2; ; want *= 4) {
      const top = topUnits(touched, nTouched, score, want);
      const perDoc = new Map<number, number>();
      hits = [];
      for (const unit of top) {
        const d = unitDoc[unit]!;
        const n = perDoc.get(d) ?? 0;
        if (n >= perDocument) continue;
        perDoc.set(d, n + 1);
        hits.push({ document: this.docIds[d]!, sentence: this.unitSentence[unit]!, score: Math.round(score[unit]! * 1000) / 1000 });
        if (hits.length >= limit) break;
      }
      if (hits.length >= limit || top.length >= nTouched) break;
    }

    for (let i = 0; i < nTouched; i++) {
      const u = touched[i]!;
      score[u] = 0;
      unitMask[u] = 0;
    }
    for (const d of touchedDocs) docMask[d] = 0;
    return hits;
  }

  toBinary(): Uint8Array {
    return encodeIndex(this);
  }
}

/**
 * Builds a search index over every sentence of `documents`.
 * @param concepts concept terms of one sentence (e.g. from the knowledge layer's annotations)
 * @example buildSearchIndex(docs).search('Halbleiter', { limit: 3 })
 */
export function buildSearchIndex(
  documents: Document[],
  concepts?: SentenceConcepts,
  options: BuildOptions = {},
): SearchIndex {
  const index = new Bm25Index(concepts, options.queryConcepts);
  for (const doc of documents) index.add(doc);
  return index;
}

// ---- binary image -------------------------------------------------------------------------------------------

const MAGIC = 0x49534541; // 'AESI'
const VERSION = 1;

function encodeIndex(ix: Bm25Index): Uint8Array {
  const meta = JSON.stringify({
    docIds: ix.docIds,
    docLang: ix.docLang,
    docAlive: Array.from(ix.docAlive.subarray(0, ix.docIds.length)),
    totalLen: ix.totalLen,
    deadUnits: ix.deadUnits,
  });
  const metaBytes = new TextEncoder().encode(meta);
  const termBytes = new TextEncoder().encode(ix.terms.join('\n'));
  const nTerms = ix.terms.length;
  let nPost = 0;
  for (let t = 0; t < nTerms; t++) nPost += ix.postLen[t]!;
  const pad = (n: number) => (n + 3) & ~3;
  const header = 7 * 4;
  const size =
    header + pad(metaBytes.length) + pad(termBytes.length) + nTerms * 4 + nPost * 4 + ix.unitCount * 4 * 2 + pad(ix.unitCount * 2);
  const buf = new ArrayBuffer(size);
  const head = new Uint32Array(buf, 0, 7);
  head.set([MAGIC, VERSION, metaBytes.length, termBytes.length, nTerms, nPost, ix.unitCount]);
  let off = header;
  new Uint8Array(buf, off, metaBytes.length).set(metaBytes);
  off += pad(metaBytes.length);
  new Uint8Array(buf, off, termBytes.length).set(termBytes);
  off += pad(termBytes.length);
  new Uint32Array(buf, off, nTerms).set(ix.postLen.subarray(0, nTerms));
  off += nTerms * 4;
  const flat = new Uint32Array(buf, off, nPost);
  let k = 0;
  for (let t = 0; t < nTerms; t++) {
    flat.set(ix.posts[t]!.subarray(0, ix.postLen[t]!), k);
    k += ix.postLen[t]!;
  }
  off += nPost * 4;
  new Uint32Array(buf, off, ix.unitCount).set(ix.unitDoc.subarray(0, ix.unitCount));
  off += ix.unitCount * 4;
  new Uint32Array(buf, off, ix.unitCount).set(ix.unitSentence.subarray(0, ix.unitCount));
  off += ix.unitCount * 4;
  new Uint16Array(buf, off, ix.unitCount).set(ix.unitLen.subarray(0, ix.unitCount));
  return new Uint8Array(buf);
}

/**
 * Restores an index written by toBinary(). Concept functions are passed again (they are code, not data).
 * Throws on a foreign or corrupt image.
 */
export function searchIndexFromBinary(
  bytes: Uint8Array,
  concepts?: SentenceConcepts,
  options: BuildOptions = {},
): SearchIndex {
  // Copy to an aligned buffer we own (a Node Buffer may sit at any offset of a shared pool).
  const buf = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buf).set(bytes);
  if (buf.byteLength < 28) throw new Error('search index image: too short');
  const [magic, version, metaLen, termLen, nTerms, nPost, nUnits] = new Uint32Array(buf, 0, 7) as unknown as number[];
  if (magic !== MAGIC || version !== VERSION) throw new Error('search index image: unknown format');
  const pad = (n: number) => (n + 3) & ~3;
  let off = 28;
  const meta = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, off, metaLen!))) as {
    docIds: string[]; docLang: string[]; docAlive: number[]; totalLen: number; deadUnits: number;
  };
  off += pad(metaLen!);
  const termText = new TextDecoder().decode(new Uint8Array(buf, off, termLen!));
  off += pad(termLen!);
  const ix = new Bm25Index(concepts, options.queryConcepts);
  ix.terms = nTerms ? termText.split('\n') : [];
  if (ix.terms.length !== nTerms) throw new Error('search index image: term table corrupt');
  ix.termIds = new Map(ix.terms.map((t, i) => [t, i]));
  ix.postLen = new Uint32Array(Math.max(1024, nTerms!));
  ix.postLen.set(new Uint32Array(buf, off, nTerms!));
  off += nTerms! * 4;
  const flat = new Uint32Array(buf, off, nPost!);
  let k = 0;
  ix.posts = new Array<Uint32Array>(nTerms!);
  for (let t = 0; t < nTerms!; t++) {
    const len = ix.postLen[t]!;
    // Views into the image: no copy; the first add() to a term reallocates that list.
    ix.posts[t] = flat.subarray(k, k + len);
    k += len;
  }
  off += nPost! * 4;
  ix.unitCount = nUnits!;
  ix.unitDoc = new Uint32Array(Math.max(1024, nUnits!));
  ix.unitDoc.set(new Uint32Array(buf, off, nUnits!));
  off += nUnits! * 4;
  ix.unitSentence = new Uint32Array(Math.max(1024, nUnits!));
  ix.unitSentence.set(new Uint32Array(buf, off, nUnits!));
  off += nUnits! * 4;
  ix.unitLen = new Uint16Array(Math.max(1024, nUnits!));
  ix.unitLen.set(new Uint16Array(buf, off, nUnits!));
  ix.docIds = meta.docIds;
  ix.docLang = meta.docLang;
  ix.docAlive = new Uint8Array(Math.max(64, meta.docIds.length));
  ix.docAlive.set(meta.docAlive);
  ix.docFirst = new Uint32Array(Math.max(64, meta.docIds.length));
  ix.docUnits = new Uint32Array(Math.max(64, meta.docIds.length));
  for (let u = nUnits! - 1; u >= 0; u--) {
    const d = ix.unitDoc[u]!;
    ix.docFirst[d] = u;
    ix.docUnits[d]!++;
  }
  ix.totalLen = meta.totalLen;
  ix.deadUnits = meta.deadUnits;
  for (let d = 0; d < ix.docIds.length; d++) {
    if (!ix.docAlive[d]) continue;
    ix.docIndex.set(ix.docIds[d]!, d);
    ix.langCounts.set(ix.docLang[d]!, (ix.langCounts.get(ix.docLang[d]!) ?? 0) + 1);
  }
  return ix;
}
