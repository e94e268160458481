/**
 * The BM25 sentence index itself: adding, removing and compacting documents, merging delta postings, and the
 * MaxScore search (see search-index.ts for the design). One class on purpose: its arrays are shared by every
 * operation and kept as typed arrays for a 100k-article corpus; the parts that stand alone (term dictionary, cursor,
 * top-k, image format) are their own modules.
 */
import type { Document } from '../../corpus/types.js';
import { analyzeQuery } from '../analyze.js';
import { grow, normConcept } from './arrays.js';
import {
  BM25_B, BM25_K1, COMPACT_DEAD_SHARE, CONCEPT_WEIGHT, DOC_BOOST, INF, MAX_GROUPS, MERGE_MIN, MERGE_SHARE, STEP_BITS, TF_BITS, TF_MAX, UB_SLACK,
} from './constants.js';
import { BLOCK_MIN, blockNorms, skipTo } from './block-max.js';
import { Cursor } from './cursor.js';
import { SentenceTerms } from './sentence-terms.js';
import { encodeIndex } from './image-format.js';
import { TermDict } from './term-dict.js';
import { TopK, type Group } from './top-k.js';
import type { ConceptTable, QueryConcepts, SearchHit, SearchIndex, SearchOptions, SentenceConcepts } from './types.js';

/** 1 / UB_SLACK: a cut a hair below the threshold (a product, not a division per group read). */
const INV_SLACK = 1 / UB_SLACK;

/** Postings prepare() reads per call (a few milliseconds). */
const PREPARE_POSTINGS = 1 << 20;

export class Bm25Index implements SearchIndex {
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
  /** Per term with a long frozen list: its block norms (block-max.ts), relative to refAvg; computed when queried. */
  blockNorms = new Map<number, Float32Array>();
  /** The next term prepare() bounds (reset whenever the bounds or blocks are dropped). */
  preparedTerms = 0;
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
  // scratch for add(): a sentence's term ids (with a cache of recent words' ids), counts by id, distinct ids
  sentenceTerms = new SentenceTerms((term) => this.termId(term));
  tfScratch = new Uint32Array(1024);
  distinct: number[] = [];
  // per-document scratch for queries
  contrib = new Float64Array(0);
  sentMask = new Uint32Array(0);
  /** Per sentence of the document: Σ over its gathered groups of max(0, weighted BM25 − the group's boost). */
  sentGain = new Float64Array(0);
  qG = 0;
  qLenB = 0;
  qDocMask = 0;
  qWeight = 1;
  qBoost = 0;
  /** The largest sentGain of the document so far. */
  qMaxGain = 0;
  /** Sentences whose gain is at most this cannot reach the threshold any more: their postings are not scored. */
  qCut = -Infinity;

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
    const terms = this.sentenceTerms;
    // A restored dictionary holds ids the scratch has never seen; new ones grow it in termId().
    this.tfScratch = grow(this.tfScratch, this.dict.size);
    for (const sentence of document.sentences) {
      const unit = this.unitCount++;
      terms.analyse(sentence.text, document.lang);
      // Term frequencies by id: tf[id] counts, `distinct` lists the ids to post (and to reset).
      let tf = this.tfScratch;
      const distinct = this.distinct;
      distinct.length = 0;
      for (let i = 0; i < terms.count; i++) {
        const id = terms.ids[i]!;
        if (tf[id]! === 0) distinct.push(id);
        tf[id] = tf[id]! + 1;
      }
      const concepts = table ? (Object.hasOwn(table, sentence.index) ? table[sentence.index]! : []) : (this.sentenceConcepts?.(document, sentence.index) ?? []);
      for (const c of concepts) {
        const key = normConcept(c);
        if (!key) continue;
        const id = this.termId(key);
        tf = this.tfScratch;
        if (tf[id]! === 0) {
          distinct.push(id);
          tf[id] = 1;
        }
      }
      const len = Math.min(terms.count, 0xffff);
      this.unitLen[unit] = len;
      this.totalLen += terms.count;
      for (let i = 0; i < distinct.length; i++) {
        const id = distinct[i]!;
        const f = Math.min(tf[id]!, TF_MAX);
        tf[id] = 0;
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
      this.tfScratch = grow(this.tfScratch, id + 1);
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
    // The frozen lists moved (and grew): their blocks are computed again as terms are queried.
    this.blockNorms.clear();
    this.preparedTerms = 0;
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
    this.sentenceTerms.clear();
    this.tfScratch = new Uint32Array(Math.max(1024, nt));
    this.flat = flat;
    this.flatOff = off;
    this.blockNorms.clear();
    this.preparedTerms = 0;
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
    // The frozen part's blocks, when computed, hold its maximum already (rounded up the same way): no second pass.
    const blocks = this.blockNorms.get(t);
    let rounded = 0;
    let raw = 0;
    if (blocks) for (let b = 0; b < blocks.length; b++) rounded = Math.max(rounded, blocks[b]!);
    else if (t < this.flatOff.length - 1) raw = this.maxNorm(this.flat, this.flatOff[t]!, this.flatOff[t + 1]!, lenB);
    const list = this.delta[t];
    if (list) raw = Math.max(raw, this.maxNorm(list, 0, this.deltaLen[t]!, lenB));
    v = Math.max(rounded, Math.fround(raw * (1 + 1e-6)));
    this.termNorm[t] = v;
    return v;
  }

  /** The largest norm() of the postings list[from, to): a plain loop, as a common word's list has a million. */
  private maxNorm(list: Uint32Array, from: number, to: number, lenB: number): number {
    const lenA = BM25_K1 * (1 - BM25_B);
    const { unitLen } = this;
    let v = 0;
    for (let i = from; i < to; i++) {
      const p = list[i]!;
      const tf = p & TF_MAX;
      const c = (tf * (BM25_K1 + 1)) / (tf + lenA + lenB * unitLen[p >>> TF_BITS]!);
      if (c > v) v = c;
    }
    return v;
  }

  /**
   * Sets the reference average length the term bounds are relative to, when there is none yet or the average has
   * drifted too far from it (the bounds are then recomputed as terms are queried).
   */
  private syncRefAvg(avgLen: number): void {
    if (this.refAvg === 0 || avgLen > this.refAvg * 1.1 || avgLen < this.refAvg * 0.8) {
      this.refAvg = avgLen;
      this.termNorm.fill(NaN);
      this.blockNorms.clear();
      this.preparedTerms = 0;
    }
  }

  /**
   * One slice (about PREPARE_POSTINGS postings) of what a search otherwise computes on a term's first query: the
   * term's bound and, for a long list, its blocks (a common word's million postings read in the middle of someone's
   * question, about 6 ms each). True when every term's are.
   */
  prepare(): boolean {
    const terms = this.flatOff.length - 1;
    if (this.preparedTerms >= terms) return true;
    this.syncRefAvg(this.avgLen());
    const lenB = this.lenB(this.refAvg);
    for (let budget = PREPARE_POSTINGS; budget > 0 && this.preparedTerms < terms;) {
      const t = this.preparedTerms++;
      const a0 = this.flatOff[t]!;
      const la = this.flatOff[t + 1]! - a0;
      if (la >= BLOCK_MIN && !this.blockNorms.has(t)) this.blockNorms.set(t, blockNorms(this.flat, a0, la, this.unitLen, lenB));
      this.termBound(t);
      budget -= la + 1;
    }
    return this.preparedTerms >= terms;
  }

  /** Average sentence length over the live sentences (df still counts tombstoned ones until the next compaction). */
  private avgLen(): number {
    return Math.max(1, this.totalLen / Math.max(1, this.unitCount - this.deadUnits));
  }

  private cursor(t: number, idf: number, withBlocks: boolean): Cursor {
    const hasFrozen = t < this.flatOff.length - 1;
    const a0 = hasFrozen ? this.flatOff[t]! : 0;
    const la = hasFrozen ? this.flatOff[t + 1]! - a0 : 0;
    let blocks: Float32Array | null = null;
    if (withBlocks && la >= BLOCK_MIN) {
      blocks = this.blockNorms.get(t) ?? null;
      if (!blocks) {
        blocks = blockNorms(this.flat, a0, la, this.unitLen, this.lenB(this.refAvg));
        this.blockNorms.set(t, blocks);
      }
    }
    return new Cursor(this.flat, a0, la, this.delta[t] ?? null, this.deltaLen[t] ?? 0, idf, blocks);
  }

  /**
   * Scores one group's postings in the document's units [f, e) into the scratch; returns whether the document
   * has the group. contrib[j·G + g] is only meaningful where sentMask[j] has bit g: it is set, not maxed, on the
   * group's first posting in sentence j, so the scratch needs no clearing per document.
   */
  private gather(groups: Group[], g: number, f: number, e: number): boolean {
    const group = groups[g]!;
    const before = this.qDocMask;
    this.qWeight = group.weight;
    this.qBoost = group.boost;
    const cursors = group.cursors;
    for (let k = 0; k < cursors.length; k++) {
      const c = cursors[k]!;
      c.seek(f);
      // The frozen part, then (once it is passed) the delta part: each a plain array read directly.
      if (c.p < c.la && c.a[c.a0 + c.p]! >>> TF_BITS < e) c.p = this.scoreRun(c.a, c.a0, c.p, c.la, c.idf, g, f, e);
      if (c.p >= c.la && c.p < c.n) c.p = c.la + this.scoreRun(c.b!, 0, c.p - c.la, c.n - c.la, c.idf, g, f, e);
    }
    return this.qDocMask !== before;
  }

  /**
   * Scores list[base + i] for i from `from` while the unit is below `e` (group g, document units from f); returns
   * the first i not scored (`to` when the run is exhausted). Raises the sentences' gains (see sentGain) and qMaxGain.
   */
  private scoreRun(list: Uint32Array, base: number, from: number, to: number, idf: number, g: number, f: number, e: number): number {
    const bit = 1 << g;
    const G = this.qG;
    const lenA = BM25_K1 * (1 - BM25_B);
    const lenB = this.qLenB;
    const idfK = idf * (BM25_K1 + 1);
    const { contrib, sentMask, sentGain, unitLen } = this;
    const w = this.qWeight;
    const boost = this.qBoost;
    let maxGain = this.qMaxGain;
    const cut = this.qCut;
    let i = from;
    for (; i < to; i++) {
      const p = list[base + i]!;
      const u = p >>> TF_BITS;
      if (u >= e) break;
      const j = u - f;
      if (sentGain[j]! <= cut) continue;
      const tf = p & TF_MAX;
      const s = (idfK * tf) / (tf + lenA + lenB * unitLen[u]!);
      const idx = j * G + g;
      const m = sentMask[j]!;
      let gain = s * w - boost;
      if ((m & bit) === 0) {
        contrib[idx] = s;
        sentMask[j] = m | bit;
      } else if (s > contrib[idx]!) {
        // Another variant of the group in the same sentence scores higher: only the difference is new gain.
        const old = contrib[idx]! * w - boost;
        contrib[idx] = s;
        if (old > 0) gain -= old;
      } else continue;
      if (gain > 0) {
        const v = sentGain[j]! + gain;
        sentGain[j] = v;
        if (v > maxGain) maxGain = v;
      }
    }
    this.qMaxGain = maxGain;
    if (i > from) this.qDocMask |= bit;
    return i;
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
    const avgLen = this.avgLen();
    this.syncRefAvg(avgLen);
    const scale = Math.max(1, avgLen / this.refAvg);
    const groups: Group[] = raw.map(({ terms, weight }) => {
      let maxIdf = 0;
      let ub = 0;
      const cursors = terms.map((t) => {
        const len = this.df(t);
        const idf = Math.log(1 + Math.max(0, N - len + 0.5) / (len + 0.5));
        if (idf > maxIdf) maxIdf = idf;
        // The cursor first: a term's blocks, computed with it, give its bound without a second pass.
        const cursor = this.cursor(t, idf, prune);
        const u = idf * this.termBound(t) * scale * weight;
        if (u > ub) ub = u;
        return cursor;
      });
      const boost = DOC_BOOST * maxIdf * weight;
      return { cursors, weight, boost, ub: Math.max(ub, boost) * UB_SLACK };
    });
    const G = groups.length;
    const weights = Float64Array.from(groups, (g) => g.weight);
    const boosts = Float64Array.from(groups, (g) => g.boost);
    const docGroups = new Int32Array(G);
    const langFilter = options.documentLangs ? new Set(options.documentLangs) : null;
    const top = new TopK(limit);
    // Scores in steps (STEP_BITS): the step and its inverse are powers of two, so rounding to it is exact.
    const best = groups.reduce((sum, g) => sum + g.ub, 0);
    const steps = best > 0 ? 2 ** (STEP_BITS - Math.floor(Math.log2(best))) : 1;
    // The k-th score (a multiple of a step), and what a bound must stay below to say no score can beat it: x rounds
    // to at most theta exactly when x < theta + half a step.
    let theta = -Infinity;
    let beyond = -Infinity;
    const lenB = this.lenB(avgLen);
    const { docFirst, docAlive, docLang } = this;
    // The document's best `perDocument` sentences so far, best first (ties: earlier unit first).
    const candScore: number[] = [];
    const candUnit: number[] = [];

    // Non-essential groups: together they cannot beat the threshold, so only documents with an essential group are
    // visited. Any such set will do: the groups with the longest lists go first (groups are by ascending df), so
    // the documents visited are those of the rarer groups, whatever their bounds.
    let neMask = 0;
    let neSum = 0;
    // Cursors of the essential groups, flattened (rebuilt when the non-essential set changes).
    let ess: Cursor[] = [];
    let essBit: number[] = [];
    let essMask = (2 ** G - 1) | 0;
    const rebuild = (from: number) => {
      let mask = 0;
      let sum = 0;
      for (let g = G - 1; g >= 0; g--) {
        const ub = groups[g]!.ub;
        if (sum + ub < beyond) {
          sum += ub;
          mask |= 1 << g;
        }
      }
      neSum = sum;
      if (mask === neMask) return;
      neMask = mask;
      ess = [];
      essBit = [];
      essMask = 0;
      for (let g = 0; g < G; g++) {
        if (mask & (1 << g)) continue;
        essMask |= 1 << g;
        for (const c of groups[g]!.cursors) {
          // A group that was non-essential may lag behind: documents before `from` are done.
          c.seek(from);
          ess.push(c);
          essBit.push(1 << g);
        }
      }
    };
    for (let g = 0; g < G; g++) {
      for (const c of groups[g]!.cursors) {
        ess.push(c);
        essBit.push(1 << g);
      }
    }
    const nDocs = this.docIds.length;
    let d = 0;
    // Block skipping (below), tried again after 1, 2, 4 … 64 documents while it fails: where blocks do not prune
    // (a long question's documents that tie the threshold), it costs next to nothing.
    const blockSkip = prune && groups.some((g) => g.cursors.some((c) => c.blocks !== null));
    let skipWait = 0;
    let skipBackoff = 0;
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
      // The documents from d on that lie wholly before the end of every essential cursor's current block: those
      // blocks' norms bound them (the non-essential groups by their ub); when that cannot beat the threshold,
      // they are passed over together (a common word's blocks without its shortest sentences).
      if (blockSkip && theta > -Infinity && --skipWait < 0) {
        const to = skipTo(ess, essBit, groups, docFirst, nDocs, d, neSum, scale, beyond);
        if (to >= 0) {
          skipBackoff = 0;
          for (let k = 0; k < ess.length; k++) ess[k]!.seek(to);
          continue;
        }
        skipBackoff = Math.min(64, 2 * skipBackoff || 1);
        skipWait = skipBackoff;
      }
      if (!docAlive[d] || (langFilter !== null && !langFilter.has(docLang[d]!))) {
        for (let k = 0; k < ess.length; k++) ess[k]!.seek(e);
        continue;
      }
      // The essential groups with a posting in the document (the others are past it: no score, no boost here).
      let inDoc = 0;
      for (let k = 0; k < ess.length; k++) {
        const c = ess[k]!;
        if (c.p < c.n && c.at(c.p) >>> TF_BITS < e) inDoc |= essBit[k]!;
      }
      // Bound on any sentence here: every non-essential group's bound plus those of the essential groups present.
      let bound = neSum;
      for (let m = inDoc; m; m &= m - 1) bound += groups[31 - Math.clz32(m & -m)]!.ub;
      let pruned = prune && bound < beyond;
      const n = e - f;
      if (!pruned) {
        if (this.contrib.length < n * G) this.contrib = new Float64Array(Math.max(n * G, this.contrib.length * 2));
        // Each by its own need: a wide query may have sized contrib for more sentences than sentMask holds.
        if (this.sentMask.length < n) {
          this.sentMask = new Uint32Array(Math.max(n, this.sentMask.length * 2));
          this.sentGain = new Float64Array(this.sentMask.length);
        }
        // A loop, not fill(): a document has a few dozen sentences, and the call costs more than the clearing.
        const { sentMask: mask, sentGain: gain } = this;
        for (let j = 0; j < n; j++) {
          mask[j] = 0;
          gain[j] = 0;
        }
        this.qDocMask = 0;
        this.qMaxGain = 0;
        this.qCut = -Infinity;
      }
      // Groups by falling bound, each bound replaced by what the group really adds here, until the document
      // cannot beat the k-th score (then the rest are not read: a 32-bigram question has many such documents).
      // What the gathered groups add to the best sentence: each present group's boost, plus the largest gain of
      // one sentence over those boosts (tighter than each group's best, which may lie in different sentences).
      let boostSum = 0;
      for (let g = 0; g < G && !pruned; g++) {
        if ((essMask & ~inDoc & (1 << g)) !== 0) continue;
        // A sentence whose gain so far plus every group still to read cannot beat the threshold is out for good.
        this.qCut = beyond * INV_SLACK - (boostSum + bound);
        bound -= groups[g]!.ub;
        if (this.gather(groups, g, f, e)) boostSum += groups[g]!.boost;
        pruned = prune && (bound + boostSum + this.qMaxGain) * UB_SLACK < beyond;
      }
      if (pruned) {
        for (let k = 0; k < ess.length; k++) ess[k]!.seek(e);
        continue;
      }
      const cut = this.qCut;
      const { contrib, sentMask, sentGain } = this;
      // Exact scores, summed in group order, then the document's best `perDocument` sentences.
      // The groups present in the document, ascending: a sentence's sum runs over them in that order (the order
      // fixes its rounding), skipping the query's other groups.
      const docMask = this.qDocMask;
      let nPresent = 0;
      for (let g = 0; g < G; g++) if (docMask & (1 << g)) docGroups[nPresent++] = g;
      let nCand = 0;
      for (let j = 0; j < n; j++) {
        const m = sentMask[j]!;
        // Every group is gathered: the boosts plus the sentence's gain bound its score (UB_SLACK covers the
        // rounding), so most sentences of a long question's document are dropped without their sum.
        if (!m || sentGain[j]! <= cut || (boostSum + sentGain[j]!) * UB_SLACK < beyond) continue;
        let sum = 0;
        for (let i = 0; i < nPresent; i++) {
          const g = docGroups[i]!;
          if (m & (1 << g)) sum += contrib[j * G + g]! * weights[g]!;
          else sum += boosts[g]!;
        }
        const s = Math.round(sum * steps) / steps;
        // A tie with the threshold loses too: every unit in the heap is earlier.
        if (s <= theta) continue;
        // Units ascend: a sentence ranks after the kept ones of equal score.
        if (nCand === perDocument && s <= candScore[nCand - 1]!) continue;
        let i = nCand < perDocument ? nCand++ : nCand - 1;
        for (; i > 0 && candScore[i - 1]! < s; i--) {
          candScore[i] = candScore[i - 1]!;
          candUnit[i] = candUnit[i - 1]!;
        }
        candScore[i] = s;
        candUnit[i] = f + j;
      }
      for (let i = 0; i < nCand; i++) top.push(candScore[i]!, candUnit[i]!);
      if (prune && top.full && top.threshold !== theta) {
        theta = top.threshold;
        beyond = theta + 0.5 / steps;
        rebuild(e);
      }
    }

    return top.sorted().map(({ score, unit }) => {
      const d = this.docOf(unit);
      return { document: this.docIds[d]!, sentence: this.sentenceOf(d, unit), score: Math.round(score * 1000) / 1000 };
    });
  }

  toBinary(): Uint8Array {
    this.merge();
    // Every term's bound goes into the image: restored, the index then never reads a whole list to bound a term
    // on its first query (a common word's million postings in the middle of someone's question).
    this.syncRefAvg(this.avgLen());
    for (let t = 0; t < this.dict.size; t++) this.termBound(t);
    return encodeIndex(this);
  }
}
