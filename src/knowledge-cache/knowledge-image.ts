/**
 * A compact binary image of the assembled Knowledge, so a warm restart restores it in a second or two instead of
 * re-reading every article's facts (v8.deserialize and JSON.parse of 100,000 articles' knowledge take 4–12 s a
 * field). Pure: the caller frames the bytes (checksum, atomic write).
 *
 * Layout (little-endian; every section starts where the previous ends, in the order it is read: a decoder reads the
 * image front to back, once, and never needs it whole in memory):
 *
 *   header   32 bytes: magic 'ATKI', u32 format (FORMAT), u32 flags (bit 0: `statements` present), u32 byte length
 *            of the Latin-1 blob, u32 byte length of the UTF-16 blob, u32 string count, u32 int count, u32 float count
 *   floats   float64 × float count: each Figure.value, in figure order
 *   lengths  int32 × string count: the string table; length n ≥ 0 is the next n chars of the Latin-1 blob, ~n the
 *            next n UTF-16 code units of the UTF-16 blob
 *   latin1   the table's strings that hold only chars < 256, one byte a char (decoded into one-byte V8 strings)
 *   utf16    the others, UTF-16LE
 *   ints     int32 × int count, read front to back: the string-list, Evidence, Participant, participant-list,
 *            addressee, StatementActor and Report tables (each its row count, then its rows), then documents,
 *            meetings, plans, areas, figures and (flag) statements, each its count, then its records, fields in the
 *            order of their types (still read: format 3, with no table of string lists, participant lists or
 *            addressees, each written in place; format 4, with no table of participant lists or addressees)
 *
 * In the ints, a string is its index in the table, -1 for null and -2 for an absent optional field; a list is its
 * length and then its items. Evidence and Participant objects are tables of their own, written once each and
 * referenced by index, so objects the knowledge shares stay shared once decoded (and take no more room than once).
 * Evidence, participants, participant lists, addressees, statement actors, meeting reports and string lists (areas,
 * warnings, conflicts, members) have one row per value (they are only read, and many are equal): equal ones come
 * back as one object, a list frozen.
 * Each distinct string is stored once and decoded once: repeated ids, names and
 * areas come back as one string instance. Objects are rebuilt with the keys in the order the assembler gives them,
 * so JSON.stringify of the decoded knowledge is that of the encoded one.
 */
import { Buffer } from 'node:buffer';
import type {
  AreaFacts, AreaId, DocumentInfo, Evidence, Figure, Knowledge, Meeting, MeetingKind, Participant, Plan, Report,
  Statement, StatementAct, StatementActor,
} from '../knowledge/types.js';
import { firstEqual } from './first-equal.js';

const MAGIC = 0x494b5441; // 'ATKI' read as a little-endian u32
/** Bump whenever the layout changes: an image of another format is refused, never misread. */
const FORMAT = 5;
/** Formats still read: 3 (string lists written in place, not as a table) and 4 (participant lists and addressees in place). */
const FORMAT_INLINE_LISTS = 3;
const FORMAT_INLINE_PARTICIPANTS = 4;
const HEADER_BYTES = 32;
const NULL = -1;
const ABSENT = -2;
/** Decoded blobs are cut into strings of at most this many chars (V8 strings are limited to about 2^29 chars). */
const CHUNK_CHARS = 1 << 24;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Where an image being encoded puts its records as they are made, to have them back, in order, when it is written:
 * a file (knowledge-cache/files.ts fileSpill), so that the records (140 MB at 100,000 articles) are never all in
 * memory with the knowledge they encode.
 */
export interface ImageSpill {
  /** Ints written at a time (default Ints.CHUNK, a million: 4 MB). */
  readonly chunkInts?: number;
  write(bytes: Uint8Array): void;
  /** Everything written, in order, in pieces (each valid until the next is asked for). */
  read(): Iterable<Uint8Array>;
}

/** An image in pieces, to be written one after the other; a spill stands for what was written into it. */
export type ImagePieces = readonly (Uint8Array | ImageSpill)[];

/** The bytes of `pieces`, in order, each spill's read back in its place (lazily: a spill's pieces one at a time). */
export function* imageBytes(pieces: ImagePieces): Generator<Uint8Array> {
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) yield piece;
    else yield* piece.read();
  }
}

/**
 * A growable int32 list, in chunks: no copy as it grows (the records of 100,000 articles are 140 MB, and copying
 * doubled arrays also made the collector run more often). With a spill, each full chunk is written there and
 * its buffer used again.
 */
class Ints {
  static readonly CHUNK = 1 << 20;
  chunks: Int32Array[] = [];
  chunk = new Int32Array(16);
  at = 0;
  spilled = 0;
  constructor(readonly spill?: ImageSpill) {}
  push(v: number): void {
    if (this.at === this.chunk.length) this.grow();
    this.chunk[this.at++] = v;
  }
  /** The first chunk is small: most lists (a table's row count) hold a few ints. */
  private grow(): void {
    if (this.spill) {
      this.spill.write(new Uint8Array(this.chunk.buffer, this.chunk.byteOffset, this.at * 4));
      this.spilled += this.at;
      const size = this.spill.chunkInts ?? Ints.CHUNK;
      if (this.chunk.length < size) this.chunk = new Int32Array(size);
    } else {
      this.chunks.push(this.chunk);
      this.chunk = new Int32Array(Ints.CHUNK);
    }
    this.at = 0;
  }
  get length(): number {
    return this.spilled + this.chunks.reduce((sum, c) => sum + c.length, 0) + this.at;
  }
  /**
   * The list's bytes: the spill (when it holds any), views of its full chunks (no copy) and a copy of the last one's
   * used part: a view would keep its whole 4 MB alive until the image is written, for each of the image's lists.
   */
  pieces(): (Uint8Array | ImageSpill)[] {
    const last = this.chunk.length - this.at > Ints.CHUNK / 4 ? this.chunk.slice(0, this.at) : this.chunk.subarray(0, this.at);
    const held = [...this.chunks, last].map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    return this.spill && this.spilled ? [this.spill, ...held] : held;
  }
}

/** Encodes `knowledge` (deterministic: the same knowledge gives the same bytes). */
export function encodeKnowledge(knowledge: Knowledge): Uint8Array {
  const steps = encodeSteps(knowledge);
  for (;;) {
    const step = steps.next();
    if (step.done) return joined(step.value as Uint8Array[]);
  }
}

/**
 * encodeKnowledge, awaiting `pause()` every few thousand records: at 100,000 articles encoding takes seconds, and a
 * bot that writes its snapshot while running keeps answering in between. The knowledge must not change meanwhile
 * (a knowledge handed out never does). The image comes in pieces, to be written one after the other: its records
 * (140 MB at 100,000 articles) are not copied into one buffer.
 */
export async function encodeKnowledgeInSteps(
  knowledge: Knowledge, pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)), spill?: ImageSpill,
): Promise<ImagePieces> {
  const steps = encodeSteps(knowledge, spill);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Records encoded between two pauses of encodeKnowledgeInSteps. */
const STEP_RECORDS = 8192;

function* encodeSteps(knowledge: Knowledge, spill?: ImageSpill): Generator<void, ImagePieces> {
  if (!littleEndian) throw new Error('knowledge image: only little-endian machines are supported');
  const floats: number[] = [];
  const stringIndex = new Map<string, number>();
  const strings: string[] = [];
  /** Where the helpers below write: the records, or the table of a shared object met for the first time. */
  let out = new Ints(spill);
  const records = out;

  const int = (v: number, what: string): void => {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new Error(`knowledge image: ${what} ${v} is not a 32-bit integer`);
    out.push(v);
  };
  const str = (s: string): void => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    out.push(i);
  };
  const nullable = (s: string | null): void => (s === null ? out.push(NULL) : str(s));
  const optional = (s: string | undefined): void => (s === undefined ? out.push(ABSENT) : str(s));
  const list = (items: readonly string[]): void => {
    out.push(items.length);
    for (const s of items) str(s);
  };

  /**
   * A table of shared objects: each written once, when first met (one pass, one lookup a reference: at 100,000
   * articles the lookups are most of the encoding time), and referenced by its number. `index` finds an object's row:
   * objects it finds as one are one row (shared once decoded); by default each object is its own row (keyedRows). A
   * key is made twice for an object met the first time (looked up, then added), once for the others.
   */
  const table = <T extends object>(write: (o: T) => void, index: RowIndex<T> = keyedRows((o) => o)) => {
    const ints = new Ints();
    /** The object's row, written when first met. */
    const rowOf = (o: T): number => {
      let i = index.get(o);
      if (i === undefined) {
        i = index.size;
        index.add(o);
        const from = out;
        out = ints;
        write(o);
        out = from;
      }
      return i;
    };
    const ref = (o: T): void => {
      out.push(rowOf(o));
    };
    const refs = (items: readonly T[]): void => {
      out.push(items.length);
      for (const o of items) ref(o);
    };
    return { ints, rowOf, ref, refs, size: () => index.size };
  };
  // String lists by value (areas, warnings, conflicts, members): the 1.45 million lists of 100,000 articles hold a few
  // hundred values. Each is decoded once, frozen and shared: a start allocates 2.5 million fewer objects.
  const lists = table<readonly string[]>(list, keyedRows((items) => (items.length ? JSON.stringify(items) : '')));
  // Tables by the first equal object (first-equal.ts) only for values whose groups stay small as a corpus grows (a
  // document's reports, a name's participants): string lists and statement actors keep JSON keys, as grouped (by
  // first item, by person) they took longer to find at 100,000 articles (14.5 s to encode the image, against 10.6 s).
  // Evidence and participants by value too: they are only read, and the assembler gives each report its own objects
  // (at 100,000 articles 2,253,239 evidence objects hold 1,192,208 values, and 484,017 participants 3,134).
  const evidence = table<Evidence>((e) => {
    str(e.document);
    int(e.sentence, 'evidence sentence');
    str(e.text);
    str(e.lang);
  }, evidenceRows());
  const participants = table<Participant>((p) => {
    str(p.name);
    nullable(p.role);
    nullable(p.country);
    nullable(p.personId);
  }, keyedRows(firstEqual((p) => p.name, (a, b) => a.role === b.role && a.country === b.country && a.personId === b.personId)));
  // Participant lists by value: 274,712 lists of meetings and plans at 100,000 articles hold 99,596 values.
  const participantLists = table<readonly Participant[]>(participants.refs, keyedRows((items) => items.map(participants.rowOf).join()));
  // Addressees by value: 154,874 of 100,000 articles' statements hold 352 values.
  const addressees = table<NonNullable<Statement['addressee']>>((a) => {
    nullable(a.name);
    nullable(a.country);
  }, keyedRows(firstEqual((a) => a.name ?? a.country, (a, b) => a.name === b.name && a.country === b.country)));
  // Actors by value: a statement's actor is only read, and 712,068 statements of 100,000 articles have 6,704
  // different ones (one object each in the assembler).
  const actors = table<StatementActor>((a) => {
    nullable(a.name);
    nullable(a.country);
    nullable(a.personId);
    nullable(a.role);
    if (a.members === undefined) out.push(ABSENT);
    else lists.ref(a.members);
  }, keyedRows((a) => JSON.stringify([a.name, a.country, a.personId, a.role, a.members])));
  // Reports by value too: they are only read, and 479,962 reports of 100,000 articles hold 243,641 values (an article
  // reporting a meeting is one report of each meeting its report joined, or of none).
  const reports = table<Report>((r) => {
    str(r.document);
    str(r.lang);
    nullable(r.outlet);
    nullable(r.published);
    nullable(r.date);
    nullable(r.place);
    optional(r.merged);
  }, keyedRows(firstEqual((r) => r.document, (a, b) =>
    a.lang === b.lang && a.outlet === b.outlet && a.published === b.published && a.date === b.date && a.place === b.place && a.merged === b.merged)));
  const { statements } = knowledge;
  let done = 0;

  out.push(knowledge.documents.length);
  for (const d of knowledge.documents) {
    if (++done % STEP_RECORDS === 0) yield;
    str(d.id);
    str(d.file);
    str(d.lang);
    nullable(d.title);
    nullable(d.outlet);
    nullable(d.published);
    nullable(d.source);
    int(d.sentences, 'document sentences');
    lists.ref(d.warnings);
    lists.ref(d.areas);
  }
  out.push(knowledge.meetings.length);
  for (const m of knowledge.meetings) {
    if (++done % STEP_RECORDS === 0) yield;
    str(m.id);
    nullable(m.date);
    nullable(m.place);
    nullable(m.country);
    nullable(m.occasion);
    str(m.kind);
    participantLists.ref(m.participants);
    lists.ref(m.areas);
    evidence.refs(m.sources);
    reports.refs(m.reports);
    lists.ref(m.conflicts);
  }
  out.push(knowledge.plans.length);
  for (const p of knowledge.plans) {
    if (++done % STEP_RECORDS === 0) yield;
    str(p.id);
    nullable(p.date);
    nullable(p.place);
    nullable(p.country);
    str(p.kind);
    participantLists.ref(p.participants);
    str(p.summary);
    evidence.refs(p.sources);
  }
  out.push(knowledge.areas.length);
  for (const a of knowledge.areas) {
    str(a.id);
    str(a.label);
    evidence.refs(a.mentions);
  }
  out.push(knowledge.figures.length);
  for (const f of knowledge.figures) {
    if (++done % STEP_RECORDS === 0) yield;
    floats.push(f.value);
    nullable(f.unit);
    nullable(f.measure);
    nullable(f.period);
    str(f.text);
    evidence.ref(f.evidence);
    if (f.areas === undefined) out.push(ABSENT);
    else lists.ref(f.areas);
  }
  if (statements) {
    out.push(statements.length);
    for (const s of statements) {
      if (++done % STEP_RECORDS === 0) yield;
      actors.ref(s.actor);
      str(s.act);
      if (s.addressee === null) out.push(NULL);
      else addressees.ref(s.addressee);
      lists.ref(s.areas);
      nullable(s.object);
      nullable(s.meeting);
      evidence.ref(s.evidence);
      str(s.text);
      if (s.at === undefined) out.push(ABSENT);
      else {
        out.push(0);
        int(s.at, 'statement at');
      }
    }
  }
  // The tables precede the records that point into them, each after its row count.
  const parts = [lists, evidence, participants, participantLists, addressees, actors, reports].flatMap(({ ints, size }) => {
    const count = new Ints();
    count.push(size());
    return [count, ints];
  });
  return assemble([...parts, records], floats, strings, statements !== undefined);
}

/** The rows of a table's objects: the row of an object met before (or of an equal one), and the next row's number. */
interface RowIndex<T> {
  get(o: T): number | undefined;
  /** `o` is the next row (its number is `size` before the call). */
  add(o: T): void;
  readonly size: number;
}

/** Rows found by a key of each object (the object itself by default): a Map. */
function keyedRows<T>(keyOf: (o: T) => unknown): RowIndex<T> {
  const rows = new Map<unknown, number>();
  return {
    get: (o) => rows.get(keyOf(o)),
    add: (o) => void rows.set(keyOf(o), rows.size),
    get size() {
      return rows.size;
    },
  };
}

/**
 * Evidence rows by value, found by document and sentence without a Map entry per row: at 100,000 articles a Map of
 * 1.19 million evidences and a list per sentence took about 140 MB while the image was encoded, a cold start's peak.
 * Each document has a list by sentence number of the row met there (a number), or of the rows (a list) when a
 * sentence has several values; each row's first evidence is kept for the comparison.
 */
function evidenceRows(): RowIndex<Evidence> {
  const byDocument = new Map<string, (number | number[] | undefined)[]>();
  const first: Evidence[] = [];
  const same = (a: Evidence, b: Evidence) => a.sentence === b.sentence && a.text === b.text && a.lang === b.lang;
  // A sentence number that is not a small index (not met in practice) shares one slot, found by comparison too.
  const slotOf = (e: Evidence) => (Number.isInteger(e.sentence) && e.sentence >= 0 && e.sentence < 1 << 16 ? e.sentence : -1) + 1;
  return {
    get(e) {
      const slot = byDocument.get(e.document)?.[slotOf(e)];
      if (slot === undefined) return undefined;
      if (typeof slot === 'number') return same(first[slot]!, e) ? slot : undefined;
      for (const row of slot) if (same(first[row]!, e)) return row;
      return undefined;
    },
    add(e) {
      const row = first.length;
      first.push(e);
      let slots = byDocument.get(e.document);
      if (slots === undefined) byDocument.set(e.document, (slots = []));
      const at = slotOf(e);
      const known = slots[at];
      // Filled in order: a sentence's slots before it are holes until met (a holey list of small numbers).
      slots[at] = known === undefined ? row : typeof known === 'number' ? [known, row] : [...known, row];
    },
    get size() {
      return first.length;
    },
  };
}

/** `pieces` one after the other in a Uint8Array of its own. */
function joined(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * Lays the encoded parts out as the module comment says, in pieces: the header, floats and strings in one, then views
 * of the records' chunks.
 */
function assemble(ints: Ints[], floats: number[], strings: string[], hasStatements: boolean): ImagePieces {
  const lengths = new Int32Array(strings.length);
  let latin1Bytes = 0;
  let utf16Bytes = 0;
  strings.forEach((s, i) => {
    if (isLatin1(s)) {
      lengths[i] = s.length;
      latin1Bytes += s.length;
    } else {
      lengths[i] = ~s.length;
      utf16Bytes += 2 * s.length;
    }
  });
  const floatsAt = HEADER_BYTES;
  const lengthsAt = floatsAt + 8 * floats.length;
  const latin1At = lengthsAt + 4 * strings.length;
  const utf16At = latin1At + latin1Bytes;
  const intsAt = utf16At + utf16Bytes;
  const intCount = ints.reduce((sum, part) => sum + part.length, 0);
  const out = Buffer.alloc(intsAt);
  new Uint32Array(out.buffer, out.byteOffset, 8).set([MAGIC, FORMAT, hasStatements ? 1 : 0, latin1Bytes, utf16Bytes, strings.length, intCount, floats.length]);
  out.set(new Uint8Array(Float64Array.from(floats).buffer), floatsAt);
  out.set(new Uint8Array(lengths.buffer), lengthsAt);
  let latin1 = latin1At;
  let utf16 = utf16At;
  strings.forEach((s, i) => {
    if (lengths[i]! >= 0) latin1 += out.write(s, latin1, 'latin1');
    else utf16 += out.write(s, utf16, 'utf16le');
  });
  return [new Uint8Array(out.buffer, out.byteOffset, out.length), ...ints.flatMap((part) => part.pieces())];
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

class BadImage extends Error {}

/** The knowledge `encodeKnowledge` encoded; throws an Error with a clear message on bytes it did not write. */
/**
 * An image's bytes, read front to back: a snapshot's image is read from its file a window at a time, so the image (
 * 160 MB at 100,000 articles) is never whole in memory beside the knowledge it decodes into.
 */
export interface ImageReader {
  /** The image's length in bytes. */
  readonly length: number;
  /** Fills `into` with the next bytes; throws if fewer remain. */
  read(into: Uint8Array): void;
}

/** An ImageReader over bytes in memory. */
export function bytesReader(bytes: Uint8Array): ImageReader {
  let at = 0;
  return {
    length: bytes.length,
    read(into) {
      if (at + into.length > bytes.length) throw new BadImage(`truncated: ${bytes.length} bytes`);
      into.set(bytes.subarray(at, at + into.length));
      at += into.length;
    },
  };
}

/** The knowledge `input` encodes; `windowInts`: ints read at a time (WINDOW_INTS; tests make it small). */
export function decodeKnowledge(input: Uint8Array | ImageReader, windowInts = WINDOW_INTS): Knowledge {
  try {
    return decode(input instanceof Uint8Array ? bytesReader(input) : input, windowInts);
  } catch (e) {
    if (e instanceof BadImage) throw new Error(`knowledge image: ${e.message}`);
    // Garbage that passed the header's checks can still fail anywhere (a huge length, a wrong type): say so.
    throw new Error(`knowledge image: damaged (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Ints read per window: the records are read a window at a time, never whole. */
const WINDOW_INTS = 1 << 20;

function decode(reader: ImageReader, windowInts: number): Knowledge {
  if (!littleEndian) throw new BadImage('only little-endian machines are supported');
  if (reader.length < HEADER_BYTES) throw new BadImage(`truncated: ${reader.length} bytes, shorter than the header`);
  const header = new Uint32Array(HEADER_BYTES / 4);
  reader.read(new Uint8Array(header.buffer));
  if (header[0] !== MAGIC) throw new BadImage('not a knowledge image (bad magic)');
  const format = header[1];
  if (format !== FORMAT && format !== FORMAT_INLINE_LISTS && format !== FORMAT_INLINE_PARTICIPANTS) throw new BadImage(`format ${format}, this program reads formats ${FORMAT_INLINE_LISTS} to ${FORMAT}`);
  const [, , flags, latin1Bytes, utf16Bytes, stringCount, intCount, floatCount] = header as unknown as number[];
  const total = HEADER_BYTES + 8 * floatCount! + 4 * stringCount! + latin1Bytes! + utf16Bytes! + 4 * intCount!;
  if (flags! > 1 || utf16Bytes! % 2 !== 0) throw new BadImage('damaged header');
  // Checked before anything is allocated by the header's counts: they are bounded by the bytes really there.
  if (total !== reader.length) throw new BadImage(`${reader.length < total ? 'truncated' : 'trailing bytes'}: ${reader.length} bytes, the header says ${total}`);
  const floats = new Float64Array(floatCount!);
  reader.read(new Uint8Array(floats.buffer));
  const lengths = new Int32Array(stringCount!);
  reader.read(new Uint8Array(lengths.buffer));
  const blobs = Buffer.allocUnsafe(latin1Bytes! + utf16Bytes!);
  reader.read(blobs);
  const strings = decodeStrings(blobs, lengths, 0, latin1Bytes!, blobs.length);

  /** The ints from `windowAt` to `windowEnd` (exclusive), and `p`, the next int's index among all. */
  const window = new Int32Array(Math.max(1, Math.min(windowInts, intCount!)));
  let windowAt = 0;
  let windowEnd = 0;
  let p = 0;
  let f = 0;
  const bad = (what: string): never => {
    throw new BadImage(`damaged: ${what} out of range at int ${p}`);
  };
  const fill = (): void => {
    if (p >= intCount!) bad('the end of the ints');
    const n = Math.min(window.length, intCount! - p);
    reader.read(new Uint8Array(window.buffer, 0, 4 * n));
    windowAt = p;
    windowEnd = p + n;
  };
  const next = (): number => {
    if (p === windowEnd) fill();
    return window[p++ - windowAt]!;
  };
  /** The next int, left to read. */
  const peek = (): number => {
    if (p === windowEnd) fill();
    return window[p - windowAt]!;
  };
  /** A list length, bounded by what remains (each item takes at least one int). */
  const count = (): number => {
    const n = next();
    return n >= 0 && n <= intCount! - p ? n : bad('a list length');
  };
  const str = (): string => {
    const i = next();
    return i >= 0 && i < strings.length ? strings[i]! : bad('a string index');
  };
  const nullable = (): string | null => {
    const i = next();
    return i >= 0 && i < strings.length ? strings[i]! : i === NULL ? null : bad('a string index');
  };
  // Small lists are made at their exact size (a pushed list keeps up to 16 spare slots: megabytes over a corpus).
  const list = <T extends string = string>(): T[] => {
    const n = count();
    const items = new Array<T>(n);
    for (let k = 0; k < n; k++) items[k] = str() as T;
    return items;
  };
  const int = next;
  const pick = <T>(table: T[], what: string): T => {
    const i = next();
    return i >= 0 && i < table.length ? table[i]! : bad(what);
  };
  const picks = <T>(table: T[], what: string): T[] => {
    const n = count();
    const items = new Array<T>(n);
    for (let k = 0; k < n; k++) items[k] = pick(table, what);
    return items;
  };

  let strList = list;
  if (format !== FORMAT_INLINE_LISTS) {
    const lists = new Array<readonly string[]>(count());
    for (let i = 0; i < lists.length; i++) lists[i] = Object.freeze(list());
    strList = <T extends string = string>() => pick(lists, 'a list index') as T[];
  }
  const evidence = new Array<Evidence>(count());
  for (let i = 0; i < evidence.length; i++) evidence[i] = { document: str(), sentence: int(), text: str(), lang: str() };
  const participants = new Array<Participant>(count());
  for (let i = 0; i < participants.length; i++) participants[i] = { name: str(), role: nullable(), country: nullable(), personId: nullable() };
  let participantList = (): Participant[] => picks(participants, 'a participant index');
  let addressee = (): Statement['addressee'] => {
    // A flag first: an addressee's name may itself be null.
    const has = int();
    if (has === 1) return { name: nullable(), country: nullable() };
    return has === 0 ? null : bad('an addressee flag');
  };
  if (format === FORMAT) {
    const participantLists = new Array<readonly Participant[]>(count());
    for (let i = 0; i < participantLists.length; i++) participantLists[i] = Object.freeze(picks(participants, 'a participant index'));
    participantList = () => pick(participantLists, 'a participant list index') as Participant[];
    const addressees = new Array<NonNullable<Statement['addressee']>>(count());
    for (let i = 0; i < addressees.length; i++) addressees[i] = { name: nullable(), country: nullable() };
    addressee = () => (peek() === NULL ? (p++, null) : pick(addressees, 'an addressee index'));
  }
  // An optional field is written in the object's literal, not added after it: a property added to an object made by
  // a literal takes an allocation of its own (every statement has an offset and every figure areas: a million more
  // objects to make and collect at 100,000 articles).
  const actors = new Array<StatementActor>(count());
  for (let i = 0; i < actors.length; i++) {
    const name = nullable(), country = nullable(), personId = nullable(), role = nullable();
    actors[i] = peek() === ABSENT ? (p++, { name, country, personId, role }) : { name, country, personId, role, members: strList() };
  }
  const reports = new Array<Report>(count());
  for (let i = 0; i < reports.length; i++) {
    const document = str(), lang = str(), outlet = nullable(), published = nullable(), date = nullable(), place = nullable();
    reports[i] = peek() === ABSENT ? (p++, { document, lang, outlet, published, date, place }) : { document, lang, outlet, published, date, place, merged: str() };
  }

  // The knowledge's lists are packed arrays (see packed): a live corpus splices them.
  const documents = packed(count(), (): DocumentInfo => ({
    id: str(), file: str(), lang: str(), title: nullable(), outlet: nullable(), published: nullable(), source: nullable(),
    sentences: int(), warnings: strList(), areas: strList<AreaId>(),
  }));
  const meetings = packed(count(), (): Meeting => {
    const id = str(), date = nullable(), place = nullable(), country = nullable(), occasion = nullable(), kind = str() as MeetingKind;
    const meetingParticipants = participantList();
    const areas = strList<AreaId>();
    const sources = picks(evidence, 'an evidence index');
    const meetingReports = picks(reports, 'a report index');
    return { id, date, place, country, occasion, kind, participants: meetingParticipants, areas, sources, reports: meetingReports, conflicts: strList() };
  });
  const plans = packed(count(), (): Plan => ({
    id: str(), date: nullable(), place: nullable(), country: nullable(), kind: str() as Plan['kind'],
    participants: participantList(), summary: str(), sources: picks(evidence, 'an evidence index'),
  }));
  // An area's mentions are one of the knowledge's lists (a live corpus cuts an article's out of them).
  const areas = packed(count(), (): AreaFacts => ({ id: str() as AreaId, label: str(), mentions: packed(count(), () => pick(evidence, 'an evidence index')) }));
  const figureCount = count();
  if (figureCount !== floatCount) bad('the figure count');
  const figures = packed(figureCount, (): Figure => {
    const value = floats[f++]!, unit = nullable(), measure = nullable(), period = nullable(), text = str(), found = pick(evidence, 'an evidence index');
    return peek() === ABSENT
      ? (p++, { value, unit, measure, period, text, evidence: found })
      : { value, unit, measure, period, text, evidence: found, areas: strList<AreaId>() };
  });
  const knowledge: Knowledge = { documents, meetings, plans, areas, figures };
  if (flags === 1) {
    knowledge.statements = packed(count(), (): Statement => {
      const actor = pick(actors, 'an actor index');
      const act = str() as StatementAct;
      const to = addressee(), areas = strList<AreaId>(), object = nullable(), meeting = nullable(), found = pick(evidence, 'an evidence index'), text = str();
      const hasAt = int();
      if (hasAt === 0) return { actor, act, addressee: to, areas, object, meeting, evidence: found, text, at: int() };
      if (hasAt !== ABSENT) bad('an offset flag');
      return { actor, act, addressee: to, areas, object, meeting, evidence: found, text };
    });
  }
  if (p !== intCount) throw new BadImage(`damaged: read ${p} ints of ${intCount}`);
  return knowledge;
}

/**
 * `n` items made by `item`, in order, in a packed array: an array made with `new Array(n)` is holey for good, and V8
 * splices and copies a holey array several times slower (a live corpus splices the decoded statements, 700,000 at
 * 100,000 articles, on every change).
 */
function packed<T>(n: number, item: () => T): T[] {
  const items: T[] = [];
  for (let i = 0; i < n; i++) items.push(item());
  return items;
}

/** The string table: each blob decoded a chunk at a time, each string a slice of its chunk. */
function decodeStrings(bytes: Uint8Array, lengths: Int32Array, latin1At: number, utf16At: number, end: number): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const blob = (at: number, end: number, unit: number, encoding: 'latin1' | 'utf16le') => {
    let chunk = '';
    let chunkAt = at; // byte offset where `chunk` starts
    let next = at; // byte offset of the next string
    const take = (chars: number): string => {
      const from = next;
      next += unit * chars;
      if (next > end) throw new BadImage('damaged: a string runs past its blob');
      if (next > chunkAt + unit * chunk.length) {
        chunkAt = from;
        chunk = buffer.toString(encoding, from, Math.min(end, from + unit * Math.max(chars, CHUNK_CHARS)));
      }
      return chunk.slice((from - chunkAt) / unit, (next - chunkAt) / unit);
    };
    return { take, done: () => next === end };
  };
  const latin1 = blob(latin1At, utf16At, 1, 'latin1');
  const utf16 = blob(utf16At, end, 2, 'utf16le');
  const strings = new Array<string>(lengths.length);
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i]!;
    strings[i] = n >= 0 ? latin1.take(n) : utf16.take(~n);
  }
  if (!latin1.done() || !utf16.done()) throw new BadImage('damaged: the string blobs hold more than the table');
  return strings;
}
