/**
 * A compact BM25 index over sentences, with extracted concepts (area:…, person:…, country:…) indexed alongside.
 *
 * Unit of retrieval: one sentence. A sentence's score is its own BM25 plus a document boost: query terms that the
 * sentence lacks but its document contains add DOC_BOOST × their idf, so a sentence in an article about the query
 * outranks the same words in an unrelated article. A document's sentences are contiguous units, in insertion order.
 *
 * Layout (sized for ~100k articles / 3.5M sentences):
 * - postings are packed `unit << 4 | min(tf, 15)`, sorted by unit, in one flat Uint32Array with per-term offsets
 *   (frozen part) plus small per-term arrays for documents added since the last merge (delta part); the delta is
 *   merged into a new exact-size flat array when it reaches a share of the frozen part, so adds stay cheap and the
 *   steady state has no per-term objects;
 * - the term dictionary is one string of all terms, code-unit offsets and an open-addressing hash table of ids;
 * - per sentence only its length (Uint16) is kept; sentence numbers are derived from the document's first unit;
 * - removal tombstones a document; the index compacts itself when a quarter of its sentences are dead.
 *
 * Search is document-at-a-time with MaxScore pruning: each query group gets an upper bound on what it can add to
 * one sentence (max of its best BM25 contribution and its document boost); groups are sorted by that bound and
 * the low-bound ones whose sum cannot beat the current k-th score are not iterated, only probed for documents the
 * others found; a document whose bound cannot beat it is skipped before any scoring. The pruning is exact: the
 * hits (and their order) are those of scoring every matching sentence (see searchWithoutPruning).
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
/** At most this many query groups count (bit masks are 32 bits). */
const MAX_GROUPS = 32;
const TF_BITS = 4;
const TF_MAX = (1 << TF_BITS) - 1;
const COMPACT_DEAD_SHARE = 0.25;
/** The delta postings are merged into the flat array when they exceed this share of it (or MERGE_MIN). */
const MERGE_SHARE = 1 / 8;
const MERGE_MIN = 1 << 18;
/** Relative slack on upper bounds, so float rounding never prunes a sentence that ties the threshold. */
const UB_SLACK = 1 + 1e-9;
const INF = 0x7fffffff;

/** Concepts of one sentence, e.g. ['area:semiconductors', 'country:jp', 'year:2024']. */
export type SentenceConcepts = (document: Document, sentenceIndex: number) => string[];
/** A document's concepts by sentence index, as extraction found them (sentences without any may be absent). */
export type ConceptTable = Readonly<Record<number, readonly string[]>>;
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

export interface BuildFromOptions extends BuildOptions {
  /** The concepts of `documents[i]` as extraction found them (else the SentenceConcepts function is asked). */
  conceptTables?: ReadonlyArray<ConceptTable | undefined>;
}

export interface SearchIndex {
  search(query: string, options?: SearchOptions): SearchHit[];
  /**
   * Adds a document, replacing any document with the same id. `concepts`: its sentences' concepts as extraction
   * found them; without them, the index's SentenceConcepts function is asked per sentence.
   */
  add(document: Document, concepts?: ConceptTable): void;
  /** Removes a document; false when it was not indexed. */
  remove(documentId: string): boolean;
  has(documentId: string): boolean;
  /** Content hash (Document.hash) the document had when it was added; undefined when it is not indexed. */
  hashOf(documentId: string): string | undefined;
  /** Ids of the indexed documents, in insertion order (for a warm start: diff against the corpus). */
  documentIds(): string[];
  /** Live documents / sentences / distinct terms. */
  stats(): { documents: number; sentences: number; terms: number; postings: number };
  /** A compact binary image for a warm start (see fromBinary). The concept functions are not stored. */
  toBinary(): Uint8Array;
}

function normConcept(c: string): string {
  return c.trim().toLowerCase().replace(/\s+/g, '-');
}

type NumArray = Uint32Array | Uint16Array | Float32Array | Uint8Array | Int32Array;

/** `arr` if it holds `need` items, else a copy with room to grow (views over an image are never written). */
function grow<T extends NumArray>(arr: T, need: number, fill?: number): T {
  if (need <= arr.length) return arr;
  let cap = Math.max(8, arr.length);
  while (cap < need) cap = cap < 1 << 16 ? cap * 2 : Math.ceil(cap * 1.5);
  const Ctor = arr.constructor as new (n: number) => T;
  const out = new Ctor(cap);
  out.set(arr);
  if (fill !== undefined) out.fill(fill, arr.length);
  return out;
}

function hashRange(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Term ↔ id: the frozen terms are one string with code-unit offsets, terms added since the last freeze a small
 * array; an open-addressing table (linear probing, -1 = empty) maps a term's hash to its id.
 */
class TermDict {
  text = '';
  off: Uint32Array = new Uint32Array(1);
  frozen = 0;
  extra: string[] = [];
  table: Int32Array = new Int32Array(1024).fill(-1);
  /** False while `table` / `off` are views over a binary image (copied before the first write). */
  owned = true;

  get size(): number {
    return this.frozen + this.extra.length;
  }

  static fromTerms(terms: string[]): TermDict {
    const dict = new TermDict();
    dict.text = terms.join('');
    dict.off = new Uint32Array(terms.length + 1);
    let k = 0;
    for (let i = 0; i < terms.length; i++) {
      k += terms[i]!.length;
      dict.off[i + 1] = k;
    }
    dict.frozen = terms.length;
    dict.rehash(terms.length);
    return dict;
  }

  term(id: number): string {
    return id < this.frozen ? this.text.slice(this.off[id]!, this.off[id + 1]!) : this.extra[id - this.frozen]!;
  }

  private hashOfId(id: number): number {
    if (id < this.frozen) return hashRange(this.text, this.off[id]!, this.off[id + 1]!);
    const t = this.extra[id - this.frozen]!;
    return hashRange(t, 0, t.length);
  }

  private equals(id: number, term: string): boolean {
    if (id >= this.frozen) return this.extra[id - this.frozen] === term;
    const a = this.off[id]!;
    return this.off[id + 1]! - a === term.length && this.text.startsWith(term, a);
  }

  /** Id of `term`, -1 when absent. */
  id(term: string): number {
    const mask = this.table.length - 1;
    for (let i = hashRange(term, 0, term.length) & mask; ; i = (i + 1) & mask) {
      const id = this.table[i]!;
      if (id < 0 || this.equals(id, term)) return id;
    }
  }

  /** Id of `term`, added when absent. */
  intern(term: string): number {
    const mask = this.table.length - 1;
    let i = hashRange(term, 0, term.length) & mask;
    for (; ; i = (i + 1) & mask) {
      const id = this.table[i]!;
      if (id < 0) break;
      if (this.equals(id, term)) return id;
    }
    const id = this.size;
    this.extra.push(term);
    if (!this.owned || (id + 1) * 2 > this.table.length) this.rehash(id + 1);
    else this.table[i] = id;
    return id;
  }

  private rehash(n: number): void {
    let cap = 1024;
    while (cap < n * 2) cap *= 2;
    const table = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let id = 0; id < n; id++) {
      let i = this.hashOfId(id) & mask;
      while (table[i]! >= 0) i = (i + 1) & mask;
      table[i] = id;
    }
    this.table = table;
    this.owned = true;
  }

  /** Moves the extra terms into the frozen string. */
  freeze(): void {
    if (!this.extra.length) return;
    const n = this.size;
    const off = new Uint32Array(n + 1);
    off.set(this.off.subarray(0, this.frozen + 1));
    let k = off[this.frozen]!;
    for (let i = 0; i < this.extra.length; i++) {
      k += this.extra[i]!.length;
      off[this.frozen + i + 1] = k;
    }
    this.text += this.extra.join('');
    this.off = off;
    this.frozen = n;
    this.extra = [];
  }
}

/** A cursor over one term's postings: the frozen part flat[a0, a0 + la) followed by the delta part b[0, lb). */
class Cursor {
  p = 0;
  readonly n: number;
  constructor(
    readonly a: Uint32Array,
    readonly a0: number,
    readonly la: number,
    readonly b: Uint32Array | null,
    lb: number,
    readonly idf: number,
  ) {
    this.n = la + lb;
  }

  at(i: number): number {
    return i < this.la ? this.a[this.a0 + i]! : this.b![i - this.la]!;
  }

  /** Unit at the cursor, INF when exhausted. */
  unit(): number {
    return this.p < this.n ? this.at(this.p) >>> TF_BITS : INF;
  }

  /** Moves to the first posting whose unit is ≥ `unit` (galloping, then binary search). */
  seek(unit: number): void {
    let lo = this.p;
    if (lo >= this.n || this.at(lo) >>> TF_BITS >= unit) return;
    let step = 1;
    let hi = lo + 1;
    while (hi < this.n && this.at(hi) >>> TF_BITS < unit) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > this.n) hi = this.n;
    // at(lo) < unit; at(hi) >= unit or hi = n
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) >>> TF_BITS < unit) lo = mid;
      else hi = mid;
    }
    this.p = hi;
  }
}

interface Group {
  cursors: Cursor[];
  weight: number;
  /** DOC_BOOST × max idf × weight: what the group adds to a sentence of a document that contains it elsewhere. */
  boost: number;
  /** Upper bound of the group's addition to any sentence. */
  ub: number;
}

/** The `limit` best (score, unit) pairs seen, as a min-heap ("a ranks below b": lower score, or equal and later unit). */
class TopK {
  score: number[] = [];
  unit: number[] = [];
  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.score.length >= this.limit;
  }

  /** Score of the weakest kept pair (-Infinity until full). */
  get threshold(): number {
    return this.full ? this.score[0]! : -Infinity;
  }

  private below(i: number, j: number): boolean {
    const { score, unit } = this;
    return score[i]! < score[j]! || (score[i] === score[j] && unit[i]! > unit[j]!);
  }

  private swap(i: number, j: number): void {
    const { score, unit } = this;
    [score[i], score[j]] = [score[j]!, score[i]!];
    [unit[i], unit[j]] = [unit[j]!, unit[i]!];
  }

  push(s: number, u: number): void {
    const { score, unit } = this;
    if (this.full) {
      if (s < score[0]! || (s === score[0] && u > unit[0]!)) return;
      score[0] = s;
      unit[0] = u;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < score.length && this.below(l, m)) m = l;
        if (r < score.length && this.below(r, m)) m = r;
        if (m === i) return;
        this.swap(i, m);
        i = m;
      }
    }
    score.push(s);
    unit.push(u);
    for (let j = score.length - 1; j > 0; ) {
      const p = (j - 1) >> 1;
      if (!this.below(j, p)) break;
      this.swap(j, p);
      j = p;
    }
  }

  /** Best first. */
  sorted(): { score: number; unit: number }[] {
    return this.score.map((score, i) => ({ score, unit: this.unit[i]! })).sort((a, b) => b.score - a.score || a.unit - b.unit);
  }
}

class Bm25Index implements SearchIndex {
  dict = new TermDict();
  // postings: frozen flat part (terms < flatOff.length - 1) + per-term delta arrays
  flat: Uint32Array = new Uint32Array(0);
  flatOff: Uint32Array = new Uint32Array(1);
  delta: (Uint32Array | null)[] = [];
  deltaLen: Uint32Array = new Uint32Array(1024);
  deltaPostings = 0;
  /**
   * Per term: max over its postings of tf·(k1+1) / (tf + k1·(1 − b + b·len / refAvg)), NaN until first needed.
   * It bounds the term's BM25 (× idf) for any average length ≤ refAvg, and × avgLen / refAvg above it.
   */
  termNorm: Float32Array = new Float32Array(1024).fill(NaN);
  refAvg = 0;
  // units (sentences)
  unitCount = 0;
  unitLen: Uint16Array = new Uint16Array(1024);
  totalLen = 0;
  deadUnits = 0;
  // documents: d's units are [docFirst[d], docFirst[d + 1])
  docIds: string[] = [];
  docLang: string[] = [];
  docHash: string[] = [];
  docAlive: Uint8Array = new Uint8Array(64);
  docFirst: Uint32Array = new Uint32Array(64);
  /** Sentence numbers of documents whose sentences are not numbered 1..n. */
  irregular = new Map<number, Uint32Array>();
  docIndex = new Map<string, number>();
  langCounts = new Map<string, number>();
  // per-document scratch for queries
  contrib = new Float64Array(0);
  sentMask = new Uint32Array(0);
  qG = 0;
  qLenB = 0;
  qDocMask = 0;

  constructor(
    readonly sentenceConcepts: SentenceConcepts | undefined,
    readonly queryConcepts: QueryConcepts | undefined,
  ) {}

  has(documentId: string): boolean {
    return this.docIndex.has(documentId);
  }

  hashOf(documentId: string): string | undefined {
    const d = this.docIndex.get(documentId);
    return d === undefined ? undefined : this.docHash[d];
  }

  documentIds(): string[] {
    return this.docIds.filter((_, d) => this.docAlive[d] === 1);
  }

  private df(t: number): number {
    const frozen = t < this.flatOff.length - 1 ? this.flatOff[t + 1]! - this.flatOff[t]! : 0;
    return frozen + (t < this.delta.length ? this.deltaLen[t]! : 0);
  }

  stats() {
    return {
      documents: this.docIndex.size,
      sentences: this.unitCount - this.deadUnits,
      terms: this.dict.size,
      postings: this.flatOff[this.flatOff.length - 1]! + this.deltaPostings,
    };
  }

  private lenB(avg: number): number {
    return (BM25_K1 * BM25_B) / avg;
  }

  private norm(tf: number, len: number, lenB: number): number {
    return (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B) + lenB * len);
  }

  add(document: Document, table?: ConceptTable): void {
    if (this.docIndex.has(document.id)) this.remove(document.id);
    const doc = this.docIds.length;
    const n = document.sentences.length;
    this.docIds.push(document.id);
    this.docLang.push(document.lang);
    this.docHash.push(document.hash);
    this.docAlive = grow(this.docAlive, doc + 1);
    this.docAlive[doc] = 1;
    this.docFirst = grow(this.docFirst, doc + 2);
    this.docFirst[doc] = this.unitCount;
    this.docFirst[doc + 1] = this.unitCount + n;
    this.docIndex.set(document.id, doc);
    this.langCounts.set(document.lang, (this.langCounts.get(document.lang) ?? 0) + 1);
    if (document.sentences.some((s, i) => s.index !== i + 1)) {
      this.irregular.set(doc, Uint32Array.from(document.sentences, (s) => s.index));
    }
    this.unitLen = grow(this.unitLen, this.unitCount + n);
    const refLenB = this.refAvg > 0 ? this.lenB(this.refAvg) : 0;
    const tf = new Map<string, number>();
    for (const sentence of document.sentences) {
      const unit = this.unitCount++;
      const terms = analyze(sentence.text, document.lang);
      tf.clear();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      const concepts = table ? (Object.hasOwn(table, sentence.index) ? table[sentence.index]! : []) : (this.sentenceConcepts?.(document, sentence.index) ?? []);
      for (const c of concepts) {
        const key = normConcept(c);
        if (key && !tf.has(key)) tf.set(key, 1);
      }
      const len = Math.min(terms.length, 0xffff);
      this.unitLen[unit] = len;
      this.totalLen += terms.length;
      for (const [t, count] of tf) {
        const id = this.termId(t);
        const f = Math.min(count, TF_MAX);
        this.post(id, (unit << TF_BITS) | f);
        if (refLenB) {
          const bound = this.termNorm[id]!;
          // NaN stays NaN (computed on first use).
          if (bound === bound) {
            const v = Math.fround(this.norm(f, len, refLenB) * (1 + 1e-6));
            if (v > bound) this.termNorm[id] = v;
          }
        }
      }
    }
    if (this.deltaPostings > Math.max(MERGE_MIN, this.flat.length * MERGE_SHARE)) this.merge();
  }

  private termId(term: string): number {
    const before = this.dict.size;
    const id = this.dict.intern(term);
    if (id === before) {
      this.delta.push(null);
      this.deltaLen = grow(this.deltaLen, id + 1);
      this.termNorm = grow(this.termNorm, id + 1, NaN);
      this.termNorm[id] = this.refAvg > 0 ? 0 : NaN;
    }
    return id;
  }

  private post(id: number, posting: number): void {
    const len = this.deltaLen[id]!;
    let list = this.delta[id];
    if (!list || len === list.length) {
      const cap = !list ? 2 : list.length < 64 ? list.length * 2 : Math.ceil(list.length * 1.5);
      const bigger = new Uint32Array(cap);
      if (list) bigger.set(list);
      list = bigger;
      this.delta[id] = list;
    }
    list[len] = posting;
    this.deltaLen[id] = len + 1;
    this.deltaPostings++;
  }

  /** Moves the delta postings into a new exact-size flat array (and the new terms into the frozen dictionary). */
  merge(): void {
    this.dict.freeze();
    const nTerms = this.dict.size;
    if (this.deltaPostings === 0 && this.flatOff.length === nTerms + 1) return;
    const oldTerms = this.flatOff.length - 1;
    const total = this.flatOff[oldTerms]! + this.deltaPostings;
    const flat = new Uint32Array(total);
    const off = new Uint32Array(nTerms + 1);
    let k = 0;
    for (let t = 0; t < nTerms; t++) {
      off[t] = k;
      if (t < oldTerms) {
        const a = this.flatOff[t]!;
        const b = this.flatOff[t + 1]!;
        if (b - a > 16) flat.set(this.flat.subarray(a, b), k);
        else for (let i = a; i < b; i++) flat[k + i - a] = this.flat[i]!;
        k += b - a;
      }
      const list = this.delta[t];
      if (list) {
        const len = this.deltaLen[t]!;
        if (len > 16) flat.set(list.subarray(0, len), k);
        else for (let i = 0; i < len; i++) flat[k + i] = list[i]!;
        k += len;
      }
    }
    off[nTerms] = k;
    this.flat = flat;
    this.flatOff = off;
    this.delta = new Array<Uint32Array | null>(nTerms).fill(null);
    this.deltaLen = new Uint32Array(nTerms);
    this.deltaPostings = 0;
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
    for (let u = this.docFirst[doc]!; u < this.docFirst[doc + 1]!; u++) {
      this.deadUnits++;
      this.totalLen -= this.unitLen[u]!;
    }
    if (this.deadUnits > COMPACT_DEAD_SHARE * this.unitCount) this.compact();
    return true;
  }

  /** Drops dead documents, sentences and terms, renumbering units, documents and terms. */
  compact(): void {
    const nDocs = this.docIds.length;
    const unitMap = new Int32Array(this.unitCount).fill(-1);
    const docIds: string[] = [];
    const docLang: string[] = [];
    const docHash: string[] = [];
    const docFirst = new Uint32Array(Math.max(64, this.docIndex.size + 1));
    const irregular = new Map<number, Uint32Array>();
    let next = 0;
    const unitLen = new Uint16Array(Math.max(1024, this.unitCount - this.deadUnits));
    for (let d = 0; d < nDocs; d++) {
      if (!this.docAlive[d]) continue;
      const nd = docIds.length;
      docIds.push(this.docIds[d]!);
      docLang.push(this.docLang[d]!);
      docHash.push(this.docHash[d]!);
      const irr = this.irregular.get(d);
      if (irr) irregular.set(nd, irr);
      docFirst[nd] = next;
      for (let u = this.docFirst[d]!; u < this.docFirst[d + 1]!; u++) {
        unitLen[next] = this.unitLen[u]!;
        unitMap[u] = next++;
      }
    }
    docFirst[docIds.length] = next;
    // Postings: count survivors per term, then write them (frozen part then delta part).
    const nTerms = this.dict.size;
    const oldTerms = this.flatOff.length - 1;
    const counts = new Uint32Array(nTerms);
    const each = (t: number, fn: (p: number) => void) => {
      if (t < oldTerms) for (let i = this.flatOff[t]!; i < this.flatOff[t + 1]!; i++) fn(this.flat[i]!);
      const list = this.delta[t];
      if (list) for (let i = 0; i < this.deltaLen[t]!; i++) fn(list[i]!);
    };
    let total = 0;
    const terms: string[] = [];
    for (let t = 0; t < nTerms; t++) {
      let c = 0;
      each(t, (p) => {
        if (unitMap[p >>> TF_BITS]! >= 0) c++;
      });
      counts[t] = c;
      total += c;
      if (c) terms.push(this.dict.term(t));
    }
    const flat = new Uint32Array(total);
    const off = new Uint32Array(terms.length + 1);
    let k = 0;
    let nt = 0;
    for (let t = 0; t < nTerms; t++) {
      if (!counts[t]) continue;
      off[nt++] = k;
      each(t, (p) => {
        const nu = unitMap[p >>> TF_BITS]!;
        if (nu >= 0) flat[k++] = (nu << TF_BITS) | (p & TF_MAX);
      });
    }
    off[nt] = k;
    this.dict = TermDict.fromTerms(terms);
    this.flat = flat;
    this.flatOff = off;
    this.delta = new Array<Uint32Array | null>(nt).fill(null);
    this.deltaLen = new Uint32Array(nt);
    this.deltaPostings = 0;
    this.termNorm = new Float32Array(nt).fill(NaN);
    this.unitCount = next;
    this.unitLen = unitLen;
    this.deadUnits = 0;
    this.docIds = docIds;
    this.docLang = docLang;
    this.docHash = docHash;
    this.docFirst = docFirst;
    this.docAlive = new Uint8Array(Math.max(64, docIds.length)).fill(1);
    this.irregular = irregular;
    this.docIndex = new Map(docIds.map((id, i) => [id, i]));
  }

  /** Document of a unit: the last d with docFirst[d] ≤ unit. */
  private docOf(unit: number): number {
    let lo = 0;
    let hi = this.docIds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.docFirst[mid]! <= unit) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private sentenceOf(doc: number, unit: number): number {
    const k = unit - this.docFirst[doc]!;
    return this.irregular.get(doc)?.[k] ?? k + 1;
  }

  /** termNorm of `t`, computed from its postings when unknown. */
  private termBound(t: number): number {
    let v = this.termNorm[t]!;
    if (v === v) return v;
    const lenB = this.lenB(this.refAvg);
    const { unitLen } = this;
    v = 0;
    const scan = (list: Uint32Array, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const p = list[i]!;
        const c = this.norm(p & TF_MAX, unitLen[p >>> TF_BITS]!, lenB);
        if (c > v) v = c;
      }
    };
    if (t < this.flatOff.length - 1) scan(this.flat, this.flatOff[t]!, this.flatOff[t + 1]!);
    const list = this.delta[t];
    if (list) scan(list, 0, this.deltaLen[t]!);
    v = Math.fround(v * (1 + 1e-6));
    this.termNorm[t] = v;
    return v;
  }

  private cursor(t: number, idf: number): Cursor {
    const hasFrozen = t < this.flatOff.length - 1;
    const a0 = hasFrozen ? this.flatOff[t]! : 0;
    const la = hasFrozen ? this.flatOff[t + 1]! - a0 : 0;
    return new Cursor(this.flat, a0, la, this.delta[t] ?? null, this.deltaLen[t] ?? 0, idf);
  }

  /**
   * Scores one group's postings in the document's units [f, e) into the scratch; returns the group's best
   * addition to a sentence of this document (its weighted BM25 or its boost), or -1 when the document lacks it.
   */
  private gather(groups: Group[], g: number, f: number, e: number): number {
    const group = groups[g]!;
    const bit = 1 << g;
    const G = this.qG;
    const lenA = BM25_K1 * (1 - BM25_B);
    const lenB = this.qLenB;
    const { contrib, sentMask, unitLen } = this;
    let best = -1;
    for (const c of group.cursors) {
      c.seek(f);
      const idfK = c.idf * (BM25_K1 + 1);
      for (; c.p < c.n; c.p++) {
        const p = c.at(c.p);
        const u = p >>> TF_BITS;
        if (u >= e) break;
        const tf = p & TF_MAX;
        const s = (idfK * tf) / (tf + lenA + lenB * unitLen[u]!);
        const j = u - f;
        const idx = j * G + g;
        if (s > contrib[idx]!) contrib[idx] = s;
        sentMask[j] = sentMask[j]! | bit;
        if (s > best) best = s;
      }
    }
    if (best < 0) return -1;
    this.qDocMask |= bit;
    return Math.max(best * group.weight, group.boost);
  }

  search(query: string, options: SearchOptions = {}, prune = true): SearchHit[] {
    const limit = options.limit ?? 8;
    const perDocument = Math.max(1, options.perDocument ?? 3);
    if (limit <= 0 || this.docIndex.size === 0) return [];

    const raw: { terms: number[]; weight: number; df: number }[] = [];
    for (const variants of analyzeQuery(query, this.langCounts.keys(), options.lang)) {
      const ids = variants.map((v) => this.dict.id(v)).filter((id) => id >= 0);
      if (ids.length) raw.push({ terms: ids, weight: 1, df: ids.reduce((s, id) => s + this.df(id), 0) });
    }
    const concepts = new Set([...(this.queryConcepts?.(query) ?? []), ...(options.concepts ?? [])].map(normConcept));
    for (const c of concepts) {
      const id = this.dict.id(c);
      if (id >= 0) raw.push({ terms: [id], weight: CONCEPT_WEIGHT, df: this.df(id) });
    }
    if (!raw.length) return [];
    raw.sort((a, b) => a.df - b.df);
    raw.length = Math.min(raw.length, MAX_GROUPS);

    // Live sentences; df still counts tombstoned sentences until the next compaction (idf slightly low meanwhile).
    const N = Math.max(1, this.unitCount - this.deadUnits);
    const avgLen = Math.max(1, this.totalLen / N);
    if (this.refAvg === 0 || avgLen > this.refAvg * 1.1 || avgLen < this.refAvg * 0.8) {
      this.refAvg = avgLen;
      this.termNorm.fill(NaN);
    }
    const scale = Math.max(1, avgLen / this.refAvg);
    const groups: Group[] = raw.map(({ terms, weight }) => {
      let maxIdf = 0;
      let ub = 0;
      const cursors = terms.map((t) => {
        const len = this.df(t);
        const idf = Math.log(1 + Math.max(0, N - len + 0.5) / (len + 0.5));
        if (idf > maxIdf) maxIdf = idf;
        const u = idf * this.termBound(t) * scale * weight;
        if (u > ub) ub = u;
        return this.cursor(t, idf);
      });
      const boost = DOC_BOOST * maxIdf * weight;
      return { cursors, weight, boost, ub: Math.max(ub, boost) * UB_SLACK };
    });
    const G = groups.length;
    // Groups by upper bound; order[0 .. ne) are non-essential: together they cannot beat the threshold.
    const order = groups.map((_, g) => g).sort((a, b) => groups[a]!.ub - groups[b]!.ub);
    const prefix: number[] = [];
    for (let i = 0, s = 0; i < G; i++) prefix.push((s += groups[order[i]!]!.ub));
    const langFilter = options.documentLangs ? new Set(options.documentLangs) : null;
    const top = new TopK(limit);
    let theta = -Infinity;
    let ne = 0;
    const lenB = this.lenB(avgLen);
    const { docFirst, docAlive, docLang } = this;
    const candScore: number[] = [];
    const candUnit: number[] = [];

    // Cursors of the essential groups, flattened (rebuilt when a group becomes non-essential).
    let ess: Cursor[] = [];
    let essBit: number[] = [];
    const rebuild = () => {
      ess = [];
      essBit = [];
      for (let i = ne; i < G; i++) {
        for (const c of groups[order[i]!]!.cursors) {
          ess.push(c);
          essBit.push(1 << order[i]!);
        }
      }
    };
    rebuild();
    const nDocs = this.docIds.length;
    let d = 0;
    this.qG = G;
    this.qLenB = lenB;

    for (;;) {
      let minU = INF;
      for (let k = 0; k < ess.length; k++) {
        const c = ess[k]!;
        if (c.p < c.n) {
          const u = c.at(c.p) >>> TF_BITS;
          if (u < minU) minU = u;
        }
      }
      if (minU === INF) break;
      // The document of minU: the last d with docFirst[d] ≤ minU (documents are visited in order; gallop).
      if (docFirst[d + 1]! <= minU) {
        let lo = d + 1;
        let step = 1;
        let hi = lo + 1;
        while (hi < nDocs && docFirst[hi]! <= minU) {
          lo = hi;
          step *= 2;
          hi = lo + step;
        }
        if (hi > nDocs) hi = nDocs;
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (docFirst[mid]! <= minU) lo = mid;
          else hi = mid;
        }
        d = lo;
      }
      const f = docFirst[d]!;
      const e = docFirst[d + 1]!;
      let skip = !docAlive[d] || (langFilter !== null && !langFilter.has(docLang[d]!));
      if (!skip && prune) {
        // Bound from the essential groups present in the document.
        let present = 0;
        for (let k = 0; k < ess.length; k++) {
          const c = ess[k]!;
          if (c.p < c.n && c.at(c.p) >>> TF_BITS < e) present |= essBit[k]!;
        }
        let bound = ne > 0 ? prefix[ne - 1]! : 0;
        for (let m = present; m; m &= m - 1) bound += groups[31 - Math.clz32(m & -m)]!.ub;
        skip = bound <= theta;
      }
      if (skip) {
        for (let k = 0; k < ess.length; k++) ess[k]!.seek(e);
        continue;
      }
      const n = e - f;
      if (this.contrib.length < n * G) {
        this.contrib = new Float64Array(Math.max(n * G, this.contrib.length * 2));
        this.sentMask = new Uint32Array(Math.max(n, this.sentMask.length * 2));
      }
      const { contrib, sentMask } = this;
      contrib.fill(0, 0, n * G);
      sentMask.fill(0, 0, n);
      this.qDocMask = 0;
      let bound = ne > 0 ? prefix[ne - 1]! : 0;
      for (let i = ne; i < G; i++) {
        const got = this.gather(groups, order[i]!, f, e);
        if (got >= 0) bound += got;
      }
      let pruned = prune && bound * UB_SLACK <= theta;
      for (let i = ne - 1; i >= 0 && !pruned; i--) {
        const g = order[i]!;
        bound -= groups[g]!.ub;
        const got = this.gather(groups, g, f, e);
        if (got >= 0) bound += got;
        pruned = prune && bound * UB_SLACK <= theta;
      }
      if (pruned) continue;
      // Exact scores, summed in group order, then the document's best `perDocument` sentences.
      const docMask = this.qDocMask;
      candScore.length = 0;
      candUnit.length = 0;
      for (let j = 0; j < n; j++) {
        const m = sentMask[j]!;
        if (!m) continue;
        let s = 0;
        for (let g = 0; g < G; g++) {
          const bit = 1 << g;
          if (m & bit) s += contrib[j * G + g]! * groups[g]!.weight;
          else if (docMask & bit) s += groups[g]!.boost;
        }
        if (s < theta) continue;
        candScore.push(s);
        candUnit.push(f + j);
      }
      if (candScore.length > perDocument) {
        const idx = candScore.map((_, i) => i).sort((a, b) => candScore[b]! - candScore[a]! || candUnit[a]! - candUnit[b]!);
        for (let i = 0; i < perDocument; i++) top.push(candScore[idx[i]!]!, candUnit[idx[i]!]!);
      } else {
        for (let i = 0; i < candScore.length; i++) top.push(candScore[i]!, candUnit[i]!);
      }
      if (prune && top.full) {
        theta = top.threshold;
        const before = ne;
        while (ne < G && prefix[ne]! <= theta) ne++;
        if (ne !== before) rebuild();
      }
    }

    return top.sorted().map(({ score, unit }) => {
      const d = this.docOf(unit);
      return { document: this.docIds[d]!, sentence: this.sentenceOf(d, unit), score: Math.round(score * 1000) / 1000 };
    });
  }

  toBinary(): Uint8Array {
    this.merge();
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
  options: BuildFromOptions = {},
): SearchIndex {
  const index = new Bm25Index(concepts, options.queryConcepts);
  documents.forEach((doc, i) => index.add(doc, options.conceptTables?.[i]));
  index.merge();
  return index;
}

/**
 * The hits of `index.search(query, options)` computed by scoring every matching sentence, without pruning.
 * For verification (tests, bench): search() must return exactly these.
 */
export function searchWithoutPruning(index: SearchIndex, query: string, options: SearchOptions = {}): SearchHit[] {
  if (!(index instanceof Bm25Index)) throw new Error('searchWithoutPruning: not a BM25 index');
  return index.search(query, options, false);
}

// ---- binary image -------------------------------------------------------------------------------------------
//
// Little-endian, every section 4-byte aligned, so a restored index keeps typed-array views over the image:
//   header u32[10]: MAGIC, VERSION, nDocs, nUnits, nTerms, nPost, metaLen, textLen, tableCap, 0
//   meta (JSON: docIds, docLang, docHash, irregular, totalLen, deadUnits, refAvg) · term text (UTF-8) ·
//   termOff u32[nTerms+1] (code units) · hash table i32[tableCap] · flatOff u32[nTerms+1] · postings u32[nPost] ·
//   termNorm f32[nTerms] · docFirst u32[nDocs+1] · unitLen u16[nUnits] · docAlive u8[nDocs]

const MAGIC = 0x49534541; // 'AESI'
/** 2: flat postings, hashed term dictionary, document hashes. Version 1 images are rejected (the caller rebuilds). */
const VERSION = 2;
const HEADER_WORDS = 10;

interface ImageMeta {
  docIds: string[];
  docLang: string[];
  docHash: string[];
  irregular: [number, number[]][];
  totalLen: number;
  deadUnits: number;
  refAvg: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

function encodeIndex(ix: Bm25Index): Uint8Array {
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
