/**
 * The people registry (Vietnamese and Japanese officeholders) and person recognition in any script.
 *
 * - Registry names match in every script and spelling the registry lists ('Исиба Сигэру', 'Shigeru Ishiba', '石破茂'),
 *   diacritics-, case-, spacing- and '・'-insensitively, with word boundaries in spaced scripts and none in CJK/Thai.
 * - Short forms (a Japanese family name, a Vietnamese given name) resolve only next to a title ('Kishida首相',
 *   'Perdana Menteri Kishida') or after the same document named the person in full (see createPeopleContext).
 * - People outside the registry are found from a title next to a name ('Premierminister Max Mustermann').
 * Titles, nationality words and inflections are data (data/titles.json), keyed by language.
 *
 * data/people.json is an array of Person (types.ts): { id, name ('Family Given', ASCII), country ('VN' | 'JP'),
 * offices [{ role, from, to }], variants [every written form: diacritics, both orders, Cyrillic, katakana/kanji,
 * Chinese, Korean, Thai, Arabic] } plus one optional extra field, `short`: the forms a person is called by alone
 * (Japanese family name, Vietnamese given name) in each script. Spacing, '・', case and diacritics need not be
 * listed: matching ignores them. Traditional/shinjitai Han characters fold to simplified (data/translit-han.json).
 */
import { perLanguage } from './per-language.js';
import type { Office, Person, PersonMention } from './types.js';
import peopleData from './data/people.json' with { type: 'json' };
import titlesData from './data/titles.json' with { type: 'json' };
import { NameTrie, cyrillicToLatin, isSpaced, normalizeName, scriptOf, textStream } from './names.js';
import type { TrieMatch } from './names.js';

export { normalizeName } from './names.js';
import { isNameWord, sideOfName } from './name-shapes.js';
import { honorificNames } from './honorific-names.js';
import { appositiveName, countryBetween, hangulName, isFormer } from './title-names.js';

/** A registry entry as stored: a Person plus the short forms it may be referred to by ('Ishiba', 'Чинь'). */
interface RegistryPerson extends Person {
  short?: string[];
}

interface TitleEntryData {
  role: string;
  matches?: string[];
  forms: string[];
  position?: Position;
}

type Position = 'before' | 'after' | 'both';

interface LangData {
  position: Position;
  shortFormsNeedCue?: boolean;
  notNamesAtStartOnly?: boolean;
  titles: TitleEntryData[];
  countries: Record<string, string[]>;
  connectors: string[];
  inflections: string[];
  notNames: string[];
}

interface TitlesFile {
  roles: string[];
  contextStop: string[];
  langs: Record<string, LangData>;
}

/** What a title in the text means. */
export interface Title {
  role: string;
  matches: readonly string[];
  position: Position;
}

export interface Lexicon {
  position: Position;
  shortFormsNeedCue: boolean;
  notNamesAtStartOnly: boolean;
  titles: NameTrie<Title>;
  countries: NameTrie<string>;
  connectors: ReadonlySet<string>;
  inflections: readonly string[];
  notNames: ReadonlySet<string>;
  /** gapOk memo. */
  gaps: Map<string, boolean>;
}

/** Per-document memory: who was already named in full, and optionally the document's date to pick officeholders. */
export interface PeopleContext {
  mentioned: Set<string>;
  /** 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' or null: when set, a short form next to a title picks who held it then. */
  date: string | null;
}

/** Create one per document, pass it to every findPeople call on that document's sentences, in order. */
export function createPeopleContext(options: { date?: string | null } = {}): PeopleContext {
  return { mentioned: new Set(), date: options.date ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Indexes of the registry, built once at module load (each language's lexicon is built when first read: lexiconOf).

const PEOPLE: readonly RegistryPerson[] = peopleData as RegistryPerson[];
const TITLES = titlesData as unknown as TitlesFile;
const BY_ID: ReadonlyMap<string, RegistryPerson> = new Map(PEOPLE.map((p) => [p.id, p]));
const ROLE_RANK: ReadonlyMap<string, number> = new Map(TITLES.roles.map((r, i) => [r, i]));
const CONTEXT_STOP: ReadonlySet<string> = new Set(TITLES.contextStop.map(normalizeName));
/** Last year any office in the registry starts or ends: the open end of a current term in termYears. */
const REGISTRY_YEAR = Math.max(...PEOPLE.flatMap((p) => p.offices.flatMap((o) => [o.from, o.to ?? o.from].map((d) => Number(d.slice(0, 4))))));

const FULL = new NameTrie<string>();
const SHORT = new NameTrie<string>();
/**
 * Every written form, for matchPeople: `key` is the normalized variant with its spaces removed, `tails` the same
 * from each later name word on ('pham minh chinh' → 'minhchinh', 'chinh'). Computed once: matching is then a few
 * string comparisons per form, with no allocation (it runs for every word of every question and keystroke).
 */
const VARIANTS: { key: string; tails: string[]; id: string; chars: number }[] = [];

/**
 * A 32-bit summary of the characters of `s` (one bit per hashed code unit). Every match of matchPeople is a
 * substring of the form's key, so a query with a character bit the key lacks cannot match it: most forms are passed
 * over with one AND.
 */
function charBits(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) bits |= 1 << (Math.imul(s.charCodeAt(i), 0x9e3779b1) >>> 27);
  return bits;
}

/**
 * A two-word form in a script the registry rarely lists in both orders (Thai, Hangul, Cyrillic, Arabic): the press
 * writes Japanese names given-first or family-first, so both orders are read ('ชิเงรุ อิชิบะ', 'อิชิบะ ชิเงรุ').
 */
function bothOrders(variant: string): string[] {
  const words = variant.split(' ');
  return words.length === 2 && /[\u0E00-\u0E7F\uAC00-\uD7AF\u0400-\u04FF\u0600-\u06FF]/u.test(variant) ? [variant, `${words[1]} ${words[0]}`] : [variant];
}

for (const p of PEOPLE) {
  for (const v of [...new Set([p.name, ...p.variants].flatMap(bothOrders))]) {
    FULL.add(v, p.id);
    const norm = normalizeName(v);
    const tokens = norm.split(' ');
    const key = norm.replace(/ /g, '');
    VARIANTS.push({ key, tails: tokens.slice(1).map((_, i) => tokens.slice(i + 1).join('')), id: p.id, chars: charBits(key) });
  }
  for (const s of p.short ?? []) SHORT.add(s, p.id);
}

/** Each language's titles and names, built when the language is first read (per-language.ts). */
const lexiconOf = perLanguage(TITLES.langs, (d): Lexicon => {
  const titles = new NameTrie<Title>();
  for (const t of d.titles) {
    const title: Title = { role: t.role, matches: t.matches ?? [], position: t.position ?? d.position };
    for (const f of t.forms) titles.add(f, title);
  }
  const countries = new NameTrie<string>();
  for (const [code, forms] of Object.entries(d.countries)) for (const f of forms) countries.add(f, code);
  return {
    position: d.position,
    shortFormsNeedCue: d.shortFormsNeedCue ?? false,
    notNamesAtStartOnly: d.notNamesAtStartOnly ?? false,
    titles,
    countries,
    connectors: new Set(d.connectors.map(normalizeName).flatMap((c) => c.split(' '))),
    inflections: [...new Set(d.inflections.map(normalizeName))].sort((a, b) => b.length - a.length),
    notNames: new Set(d.notNames.map(normalizeName)),
    gaps: new Map(),
  };
});

// ---------------------------------------------------------------------------------------------------------------
// Registry queries.

/** The latest year the registry knows of, plus one: a year beyond it cannot date an event the corpus reports. */
export function registryHorizon(): number {
  return REGISTRY_YEAR + 1;
}

export function personById(id: string): Person | undefined {
  return BY_ID.get(id);
}

export function allPeople(): readonly Person[] {
  return PEOPLE;
}

function dateRange(d: string): [string, string] {
  if (/^\d{4}$/.test(d)) return [`${d}-01-01`, `${d}-12-31`];
  if (/^\d{4}-\d{2}$/.test(d)) return [`${d}-01`, `${d}-31`];
  return [d, d];
}

function heldDuring(o: Office, date: string | number): boolean {
  const [qs, qe] = dateRange(String(date));
  const os = dateRange(o.from)[0];
  const oe = o.to === null ? '9999-12-31' : dateRange(o.to)[1];
  return os <= qe && qs <= oe;
}

function rank(role: string): number {
  return ROLE_RANK.get(role) ?? ROLE_RANK.size;
}

/**
 * The office `person` held on `date` ('YYYY-MM-DD', 'YYYY-MM', 'YYYY' or a year number), preferring the higher
 * office when several overlap (General Secretary over President over Prime Minister …), or null.
 * officeAt(voVanThuong, '2023-11-27')?.role === 'President'; officeAt(voVanThuong, '2025-01') === null.
 */
export function officeAt(person: Person, date: string | number): Office | null {
  const held = person.offices.filter((o) => heldDuring(o, date));
  held.sort((a, b) => rank(a.role) - rank(b.role));
  return held[0] ?? null;
}

/**
 * Years of each term, optionally of one role (exact role, or a generic title such as 'Minister' / 'President' that
 * the office role starts with). A term still running ends at `openEndYear` (default: the latest year the registry
 * records), never Infinity, so callers can loop over the years.
 */
export function termYears(person: Person, role?: string, openEndYear: number = REGISTRY_YEAR): { from: number; to: number }[] {
  return person.offices
    .filter((o) => !role || o.role === role || o.role.startsWith(`${role} `))
    .map((o) => {
      const from = Number(o.from.slice(0, 4));
      return { from, to: o.to === null ? Math.max(from, openEndYear) : Number(o.to.slice(0, 4)) };
    });
}

/**
 * People whose written forms match what a user types ('Исиба', 'ishi', 'Pham Minh'), best first: an exact variant,
 * then a variant starting with the query, then a name word starting with it, then (queries of 4+ characters) a
 * variant containing it.
 */
export function matchPeople(query: string): Person[] {
  const norm = normalizeName(query);
  const q = norm.replace(/ /g, '');
  if (!q) return [];
  const best = new Map<string, number>();
  const chars = charBits(q);
  for (const v of VARIANTS) {
    if ((chars & ~v.chars) !== 0) continue;
    let score: number;
    if (v.key === q) score = 0;
    else if (v.key.startsWith(q)) score = 1;
    // A later name word with the rest of the name: the query starts at a word (a tail starts with its word, so a
    // query starting the tail also starts, or wholly holds, that word).
    else if (startsAnyTail(v.tails, q)) score = 2;
    else if (q.length >= 4 && v.key.includes(q)) score = 3;
    else continue;
    const prev = best.get(v.id);
    if (prev === undefined || score < prev) best.set(v.id, score);
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || topRank(a[0]) - topRank(b[0]) || a[0].localeCompare(b[0]))
    .map(([id]) => BY_ID.get(id)!);
}

function startsAnyTail(tails: readonly string[], q: string): boolean {
  for (const tail of tails) if (tail.startsWith(q)) return true;
  return false;
}

/** Per person, the rank of their highest office (computed once: the sort above asks it for every comparison). */
const TOP_RANK: ReadonlyMap<string, number> = new Map(PEOPLE.map((p) => [p.id, Math.min(...p.offices.map((o) => rank(o.role)))]));

function topRank(id: string): number {
  return TOP_RANK.get(id) ?? ROLE_RANK.size;
}

// ---------------------------------------------------------------------------------------------------------------
// Recognition in text.

export type ItemKind = 'full' | 'short' | 'title' | 'country';

export interface Item {
  kind: ItemKind;
  start: number;
  end: number;
  ids: string[];
  titles: Title[];
  country: string | null;
}

/**
 * Stream indexes already taken by a match, for one findPeople call: one buffer reused and cleared per sentence (a
 * typed array made per sentence measured ~1% of extraction). findPeople never runs inside itself, so one is enough.
 */
let COVERED = new Uint8Array(1024);

function coveredMarks(length: number): Uint8Array {
  if (COVERED.length < length) COVERED = new Uint8Array(Math.max(length, COVERED.length * 2));
  else COVERED.fill(0, 0, length);
  return COVERED;
}

function markCovered(covered: Uint8Array, m: TrieMatch<unknown>): void {
  for (let i = m.from; i < m.to; i++) covered[i] = 1;
}

function anyCovered(covered: Uint8Array, m: TrieMatch<unknown>): boolean {
  for (let i = m.from; i < m.to; i++) if (covered[i] === 1) return true;
  return false;
}

function roleFits(title: Title, p: Person, date: string | null): boolean {
  return p.offices.some(
    (o) =>
      (o.role === title.role || o.role.startsWith(`${title.role} `) || title.matches.includes(o.role)) &&
      (date === null || heldDuring(o, date)),
  );
}

const GAP_MAX = 40;

/** True when only punctuation, spaces and connector words ('of', 'の', 'Herr') stand between two items. */
function gapOk(text: string, lex: Lexicon | undefined): boolean {
  if (text.length > GAP_MAX) return false;
  if (text === '') return true;
  // Pure in (text, lexicon), and the same short gaps (' ', ', ', ' der ') come back sentence after sentence.
  const memo = lex ? lex.gaps : NO_LEXICON_GAPS;
  let ok = memo.get(text);
  if (ok === undefined) {
    ok = gapOkUncached(text, lex);
    if (memo.size >= GAP_MEMO_MAX) memo.clear();
    memo.set(text, ok);
  }
  return ok;
}

const GAP_MEMO_MAX = 10_000;
const NO_LEXICON_GAPS = new Map<string, boolean>();

function gapOkUncached(text: string, lex: Lexicon | undefined): boolean {
  if (/[.!?。！？\n]/u.test(text.replace(/\b(Mr|Ms|Mrs|Dr|M|Sr|Sra|G|Gng)\./gu, ''))) return false;
  const words = normalizeName(text).split(' ').filter(Boolean);
  return words.every((w) => lex?.connectors.has(w) ?? false);
}

interface Attachment {
  title: Title | null;
  /** The title's item, so it is not also read as introducing someone else. */
  titleItem: Item | null;
  country: string | null;
  cue: boolean;
}

/** The title and country standing next to the item at `idx` (before and/or after, as the title's position allows). */
function attachmentOf(items: readonly Item[], idx: number, text: string, lex: Lexicon | undefined): Attachment {
  const me = items[idx]!;
  let country: string | null = null;
  let before: Title | null = null;
  let after: Title | null = null;
  let beforeItem: Item | null = null;
  let afterItem: Item | null = null;
  let cur = me.start;
  for (let k = idx - 1; k >= 0 && k >= idx - 4; k--) {
    const it = items[k]!;
    if (!gapOk(text.slice(it.end, cur), lex)) break;
    if (it.kind === 'country') {
      country ??= it.country;
      cur = it.start;
      continue;
    }
    if (it.kind === 'title') {
      const t = it.titles.find((x) => x.position !== 'after');
      if (t && !before) {
        before = t;
        beforeItem = it;
        const prev = items[k - 1];
        if (prev?.kind === 'country' && gapOk(text.slice(prev.end, it.start), lex)) country ??= prev.country;
      }
    }
    break;
  }
  cur = me.end;
  for (let k = idx + 1; k < items.length && k <= idx + 4; k++) {
    const it = items[k]!;
    if (!gapOk(text.slice(cur, it.start), lex)) break;
    if (it.kind === 'country') {
      country ??= it.country;
      cur = it.end;
      continue;
    }
    if (it.kind === 'title') {
      after = it.titles.find((x) => x.position !== 'before') ?? null;
      afterItem = after ? it : null;
    }
    break;
  }
  const preferAfter = lex?.position === 'after' || lex?.position === 'both';
  const useAfter = preferAfter ? after !== null : before === null;
  const title = useAfter ? after : before;
  const titleItem = useAfter ? afterItem : beforeItem;
  let cue = title !== null;
  if (!cue && lex !== undefined) {
    const prevWord = previousWord(text, me.start);
    cue = prevWord !== '' && lex.connectors.has(normalizeName(prevWord));
  }
  return { title, titleItem, country, cue };
}

/** [\s,] and [\p{L}\p{M}.] by UTF-16 unit: 0 = not yet known, 1 = neither, 2 = space or comma, 3 = letter, mark or '.'. */
const WORD_TAIL_UNIT = new Uint8Array(65536);
const SPACE_COMMA = /^[\s,]$/u;
const LETTER_MARK_DOT = /^[\p{L}\p{M}.]$/u;

function wordTailClass(unit: number): number {
  let v = WORD_TAIL_UNIT[unit]!;
  if (v === 0) {
    const c = String.fromCharCode(unit);
    v = SPACE_COMMA.test(c) ? 2 : LETTER_MARK_DOT.test(c) ? 3 : 1;
    WORD_TAIL_UNIT[unit] = v;
  }
  return v;
}

/**
 * The word right before `at` (at most 30 characters back), as /([\p{L}\p{M}.]+)[\s,]*$/u finds it in that window:
 * the run of letters, marks and dots before trailing spaces and commas; '' when there is none.
 */
function previousWord(text: string, at: number): string {
  const from = Math.max(0, at - 30);
  let e = at;
  while (e > from && wordTailClass(text.charCodeAt(e - 1)) === 2) e--;
  let b = e;
  while (b > from) {
    const u = text.charCodeAt(b - 1);
    if (u >= 0xdc00 && u <= 0xdfff && b - 2 >= from && (text.charCodeAt(b - 2) & 0xfc00) === 0xd800) {
      if (!LETTER_MARK_DOT.test(text.slice(b - 2, b))) break;
      b -= 2;
    } else {
      if (wordTailClass(u) !== 3) break;
      b--;
    }
  }
  return text.slice(b, e);
}

/** For a short form without a title: the word stands alone (not inside a longer capitalized name like 'Việt Nam'). */
function isolated(text: string, start: number, end: number): boolean {
  const head = /([\p{L}\p{M}]+)[ \t]*$/u.exec(text.slice(Math.max(0, start - 30), start));
  // A capitalised first word of the sentence ('During Hung's meeting') is not part of the name.
  const sentenceStart = head !== null && /^[\s\p{P}]*$/u.test(text.slice(0, Math.max(0, start - 30) + head.index));
  const before = sentenceStart ? undefined : head?.[1];
  const after = /^[ \t]*([\p{L}\p{M}]+)/u.exec(text.slice(end, end + 30))?.[1];
  return !(capitalWord(before) && touching(text.slice(start - 1, start))) && !(capitalWord(after) && touching(text.slice(end, end + 1)));
}

// (isolated's helpers at module level: tsx names every function made inside another, at a cost on each call)
function capitalWord(w: string | undefined): boolean {
  return w !== undefined && /^\p{Lu}/u.test(w) && /^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(w);
}

function touching(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

function chooseId(ids: readonly string[], title: Title | null, ctx: PeopleContext | undefined): string | null {
  if (ids.length === 1 && !title) return ids[0]!;
  let pool = [...ids];
  // The document date only breaks ties: an interview may name a former officeholder by the title he held then.
  if (title) pool = pool.filter((id) => roleFits(title, BY_ID.get(id)!, null));
  if (pool.length > 1 && ctx) {
    const seen = pool.filter((id) => ctx.mentioned.has(id));
    if (seen.length >= 1) pool = seen;
  }
  if (pool.length > 1 && ctx?.date) {
    const active = pool.filter((id) => BY_ID.get(id)!.offices.some((o) => heldDuring(o, ctx.date!)));
    if (active.length >= 1) pool = active;
  }
  return pool.length === 1 ? pool[0]! : null;
}

const NAME_TOKEN_LATIN = /^\p{Lu}[\p{L}\p{M}'’-]*/u;
const ZH_STOP = /[在于与和同表说会举及等的率访将已对向时称指出是也都并就]/u;

/** A name not in the registry next to an orphan title, as written, or null. */
function unknownName(
  text: string,
  title: Item,
  direction: 'forward' | 'backward',
  limit: number,
  lex: Lexicon,
): { start: number; end: number; written: string } | null {
  if (direction === 'forward') {
    const rest = text.slice(title.end, limit);
    const lead = /^[\s,:«»"“”'’]*/u.exec(rest)![0].length;
    let pos = title.end + lead;
    const s = text.slice(pos, limit);
    const first = s[0];
    if (!first) return null;
    const script = scriptOf(first);
    if (script === 'latin' || script === 'cyrl' || script === 'greek') {
      const words: string[] = [];
      let cursor = 0;
      let lastEnd = 0;
      while (words.length < 4) {
        const m = NAME_TOKEN_LATIN.exec(s.slice(cursor));
        if (!m) break;
        const word = m[0].replace(/[-'’]+$/u, '');
        const norm = normalizeName(word);
        const stop = lex.notNames.has(norm) && (words.length === 0 || !lex.notNamesAtStartOnly);
        if (stop || (lex.connectors.has(norm) && !lex.notNamesAtStartOnly)) break;
        words.push(word);
        lastEnd = cursor + word.length;
        cursor += m[0].length;
        const sp = /^ +/.exec(s.slice(cursor));
        if (!sp || !NAME_TOKEN_LATIN.test(s.slice(cursor + sp[0].length))) break;
        cursor += sp[0].length;
      }
      if (words.length === 0) return null;
      const written = s.slice(0, lastEnd).replace(/['’]s$/u, '');
      return { start: pos, end: pos + written.length, written };
    }
    if (script === 'cjk') {
      let n = 0;
      while (n < s.length && n < 3 && scriptOf(s[n]!) === 'cjk' && !ZH_STOP.test(s[n]!) && !/[\u3040-\u309f]/u.test(s[n]!)) n++;
      if (n < 2) return null;
      const written = s.slice(0, n);
      if ([...lex.notNames].some((w) => normalizeName(written).startsWith(w))) return null;
      return { start: pos, end: pos + n, written };
    }
    if (script === 'thai' || script === 'arab' || script === 'hang') {
      // Up to three words: Vietnamese names have three (the caller drops those that start with a function word).
      const m = new RegExp(`^[${script === 'thai' ? '\\u0E00-\\u0E7F' : script === 'arab' ? '\\u0600-\\u06FF' : '\\uAC00-\\uD7AF'}]+(?: [${script === 'thai' ? '\\u0E00-\\u0E7F' : script === 'arab' ? '\\u0600-\\u06FF' : '\\uAC00-\\uD7AF'}]+){0,2}`, 'u').exec(s);
      if (!m) return null;
      return { start: pos, end: pos + m[0].length, written: m[0] };
    }
    return null;
  }
  const before = text.slice(limit, title.start);
  const trail = /[\s]*$/u.exec(before)![0].length;
  const s = before.slice(0, before.length - trail);
  const end = title.start - trail;
  const last = s[s.length - 1];
  if (!last) return null;
  const script = scriptOf(last);
  if (script === 'cjk') {
    const m = /(?:[\u30A0-\u30FF]+(?:[・･][\u30A0-\u30FF]+)*|[\u3400-\u9FFF]+)$/u.exec(s);
    if (!m || m[0].replace(/[・･ー]/gu, '').length < 2) return null;
    // A long Han run is a compound ('社会主義共和国'), not a name cut out of it.
    if (/^[\u3400-\u9FFF]/u.test(m[0]) && m[0].length > 5) return null;
    return { start: end - m[0].length, end, written: m[0] };
  }
  if (script === 'hang') {
    const words = s.split(' ');
    const taken: string[] = [];
    while (taken.length < 3 && words.length > 0) {
      const w = words[words.length - 1]!;
      if (!/^[\uAC00-\uD7AF]{1,5}$/u.test(w) || lex.notNames.has(w)) break;
      taken.unshift(w);
      words.pop();
    }
    if (taken.length === 0) return null;
    const written = taken.join(' ');
    return { start: end - written.length, end, written };
  }
  if (script === 'latin' || script === 'cyrl') {
    const m = /(?:\p{Lu}[\p{L}\p{M}'’-]*)(?: \p{Lu}[\p{L}\p{M}'’-]*){0,3}$/u.exec(s);
    if (!m) return null;
    return { start: end - m[0].length, end, written: m[0] };
  }
  return null;
}

/**
 * Office titles in `text` with a nationality or country right next to them and no name of their own ('le Premier
 * ministre vietnamien', 'the Japanese Prime Minister', 'Thủ tướng Nhật Bản'): [{ role, country, start, end }]. A caller
 * resolves such a title to the one person of that side the document has named with that office.
 */
export function sideTitles(text: string, lang: string, named: readonly PersonMention[]): { role: string; country: string; start: number; end: number }[] {
  const lex = lexiconOf(lang);
  if (!lex || !text) return [];
  const stream = textStream(text);
  const infl = lex.inflections;
  const items: { kind: 'title' | 'country'; start: number; end: number; role?: string; country?: string | null }[] = [];
  for (const m of lex.titles.scan(stream, infl)) items.push({ kind: 'title', start: stream.starts[m.from]!, end: stream.ends[m.to - 1]!, role: m.values[0]!.role });
  for (const m of lex.countries.scan(stream, infl)) items.push({ kind: 'country', start: stream.starts[m.from]!, end: stream.ends[m.to - 1]!, country: m.values[0] ?? null });
  items.sort((a, b) => a.start - b.start);
  const out: { role: string; country: string; start: number; end: number }[] = [];
  items.forEach((it, i) => {
    if (it.kind !== 'title') return;
    const near = [items[i - 1], items[i + 1]].find((x) => x?.kind === 'country' && x.country
      && gapOk(x.start > it.end ? text.slice(it.end, x.start) : text.slice(x.end, it.start), lex));
    if (!near?.country) return;
    // A title next to a name of its own side belongs to that name.
    const own = named.some((p) => (p.country === near.country || p.country === null)
      && (p.start >= it.end ? gapOk(text.slice(it.end, p.start), lex) : it.start >= p.end && gapOk(text.slice(p.end, it.start), lex)));
    if (!own) out.push({ role: it.role!, country: near.country, start: Math.min(it.start, near.start), end: Math.max(it.end, near.end) });
  });
  return out;
}

/**
 * People named in `text` (one sentence or a short passage) written in `lang` (ISO 639-1): registry names in any
 * script, short forms next to a title or after a full mention in the same document (`context`), and people outside
 * the registry introduced by a title. Sorted by position. A language without a title lexicon yields registry names
 * only. Never guesses: an ambiguous short form comes back with personId null.
 */
export function findPeople(text: string, lang: string, context?: PeopleContext): PersonMention[] {
  if (!text) return [];
  const lex = lexiconOf(lang);
  const infl = lex?.inflections ?? [];
  const stream = textStream(text);
  const items: Item[] = [];
  const covered = coveredMarks(stream.length);
  for (const m of FULL.scan(stream, infl)) {
    items.push({ kind: 'full', start: stream.starts[m.from]!, end: stream.ends[m.to - 1]!, ids: m.values, titles: [], country: null });
    markCovered(covered, m);
  }
  if (lex) {
    for (const m of lex.titles.scan(stream, infl, covered)) {
      if (anyCovered(covered, m)) continue;
      items.push({ kind: 'title', start: stream.starts[m.from]!, end: stream.ends[m.to - 1]!, ids: [], titles: m.values, country: null });
      markCovered(covered, m);
    }
    for (const m of lex.countries.scan(stream, infl, covered)) {
      if (anyCovered(covered, m)) continue;
      items.push({ kind: 'country', start: stream.starts[m.from]!, end: stream.ends[m.to - 1]!, ids: [], titles: [], country: m.values[0] ?? null });
      markCovered(covered, m);
    }
  }
  for (const m of SHORT.scan(stream, infl, covered)) {
    if (anyCovered(covered, m)) continue;
    items.push({ kind: 'short', start: stream.starts[m.from]!, end: stream.ends[m.to - 1]!, ids: m.values, titles: [], country: null });
    markCovered(covered, m);
  }
  items.sort((a, b) => a.start - b.start);

  const out: PersonMention[] = [];
  const usedTitles = new Set<Item>();
  const fullIds: string[] = [];
  // Full names first, so a full mention later in the same sentence still licenses an earlier short form.
  items.forEach((it, idx) => {
    if (it.kind !== 'full') return;
    const at = attachmentOf(items, idx, text, lex);
    const id = chooseId(it.ids, at.title, context) ?? (it.ids.length === 1 ? it.ids[0]! : null);
    const p = id ? BY_ID.get(id) : undefined;
    if (p) fullIds.push(p.id);
    markTitle(at, usedTitles);
    out.push({
      personId: p?.id ?? null,
      name: p?.name ?? text.slice(it.start, it.end),
      written: text.slice(it.start, it.end),
      role: at.title?.role ?? null,
      country: p?.country ?? at.country,
      start: it.start,
      end: it.end,
    });
  });
  // Who was named before the short forms (the document so far and this sentence's full names): made at the first
  // short form, as most sentences have none.
  let known: Set<string> | null = null;
  items.forEach((it, idx) => {
    if (it.kind !== 'short') return;
    const knownIds = (known ??= new Set([...(context?.mentioned ?? []), ...fullIds]));
    const written = text.slice(it.start, it.end);
    const at = attachmentOf(items, idx, text, lex);
    const firstChar = written[0] ?? '';
    const spaced = isSpaced(scriptOf(firstChar));
    if (spaced && /[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(firstChar) && !/\p{Lu}/u.test(firstChar)) return;
    if (!spaced && normalizeName(written).length < 2 && !at.title) return;
    let id: string | null;
    if (at.title) {
      const ctx: PeopleContext = { mentioned: knownIds, date: context?.date ?? null };
      id = chooseId(it.ids, at.title, ctx);
      // A family name the registry knows, next to a title none of its holders had ('Governor Sato Kenji'): someone
      // else, whose full name the title's own rule reads.
      if (id === null && !it.ids.some((x) => roleFits(at.title!, BY_ID.get(x)!, null))) return;
    } else {
      if (lex?.shortFormsNeedCue && !at.cue) return;
      if (CONTEXT_STOP.has(normalizeName(written))) return;
      if (spaced && !isolated(text, it.start, it.end)) return;
      const seen = it.ids.filter((x) => knownIds.has(x));
      if (seen.length !== 1) return;
      id = seen[0]!;
    }
    markTitle(at, usedTitles);
    const p = id ? BY_ID.get(id) : undefined;
    if (p && at.title) fullIds.push(p.id);
    out.push({
      personId: p?.id ?? null,
      name: p?.name ?? latinName(written),
      written,
      role: at.title?.role ?? null,
      country: p?.country ?? at.country,
      start: it.start,
      end: it.end,
    });
  });
  if (lex) out.push(...orphanTitles(text, items, usedTitles, lex, out, lang));
  out.push(...honorificNames(text, lang, out));
  for (const m of out) if (m.role && isFormer(text, m, lang)) m.role = null;
  if (context) for (const id of fullIds) context.mentioned.add(id);
  return out.sort((a, b) => a.start - b.start);
}

function markTitle(at: Attachment, used: Set<Item>): void {
  if (at.titleItem) used.add(at.titleItem);
}

function latinName(written: string): string {
  return /\p{Script=Cyrillic}/u.test(written) ? cyrillicToLatin(written) : written;
}

/** Titles with no registry person next to them: the name beside them, as written (Cyrillic transliterated). */
function orphanTitles(
  text: string,
  items: readonly Item[],
  used: ReadonlySet<Item>,
  lex: Lexicon,
  mentioned: readonly PersonMention[],
  lang: string,
): PersonMention[] {
  const out: PersonMention[] = [];
  items.forEach((it, idx) => {
    if (it.kind !== 'title' || used.has(it)) return;
    const title = it.titles[0]!;
    const directions: ('forward' | 'backward')[] =
      title.position === 'after' ? ['backward'] : title.position === 'before' ? ['forward'] : lex.position === 'after' ? ['backward', 'forward'] : ['forward', 'backward'];
    let taken = false;
    for (const dir of directions) {
      // Skip countries standing between the title and the name.
      let country: string | null = null;
      let anchor: Item = it;
      let k = idx;
      const step = dir === 'forward' ? 1 : -1;
      for (;;) {
        const nb = items[k + step];
        if (!nb || nb.kind !== 'country') break;
        const gap = dir === 'forward' ? text.slice(anchor.end, nb.start) : text.slice(nb.end, anchor.start);
        if (!gapOk(gap, lex)) break;
        country = nb.country;
        anchor = nb;
        k += step;
      }
      // An unresolved short form ('Minh' in 'Ho Chi Minh') does not cut a name short.
      let j = k + step;
      while (items[j]?.kind === 'short' && !mentioned.some((m) => m.start === items[j]!.start)) j += step;
      const nb = items[j];
      const limit = dir === 'forward' ? (nb?.start ?? text.length) : (nb?.end ?? 0);
      let found = unknownName(text, anchor, dir, limit, lex);
      if (!found || mentioned.some((m) => m.start < found!.end && found!.start < m.end)) continue;
      if (/\p{Script=Hangul}/u.test(found.written)) {
        // Korean writes particles and verb endings against the noun: 'X은' is X; '회담했다' (held talks) is no name.
        const trimmed = hangulName(found.written, lex);
        if (!trimmed) continue;
        found = { ...found, written: trimmed, end: found.start + trimmed.length };
      }
      const norm = normalizeName(found.written);
      if (!norm || lex.notNames.has(norm)) continue;
      if (startsWithFunctionWord(found.written, norm, lex)) continue;
      // One word alone is a name only if it could be one ('Governor Fukuda'), not an adjective or a common noun.
      if (!norm.includes(' ') && !isNameWord(found.written)) continue;
      const prevItem = items[idx - 1];
      if (!country && prevItem?.kind === 'country' && gapOk(text.slice(prevItem.end, it.start), lex)) country = prevItem.country;
      // A misspelt officeholder ('Fumio Kashida') next to their title is still that officeholder.
      const near = misspeltPerson(latinName(found.written), country);
      out.push({
        personId: near?.id ?? null,
        name: near?.name ?? latinName(found.written),
        written: found.written,
        role: title.role,
        // No nationality beside the title: the shape of the name may still tell the side ('Governor Fukuda Tomikazu').
        country: near?.country ?? country ?? sideOfName(found.written, lang),
        start: found.start,
        end: found.end,
      });
      taken = true;
      break;
    }
    if (taken) return;
    // An appositive, whatever side of the name the title usually stands on: 'the Parliamentary Vice-Minister for
    // Foreign Affairs of Japan, Iwao Horii', 'Shiota Koichi, Governor of Kagoshima'. Kept only when the name's shape
    // shows a side.
    for (const dir of ['forward', 'backward'] as const) {
      const found = appositiveName(text, items, idx, dir, lang, lex);
      if (!found || [...mentioned, ...out].some((m) => m.start < found.end && found.start < m.end)) continue;
      out.push({
        personId: null,
        name: latinName(found.written),
        written: found.written,
        role: title.role,
        country: countryBetween(items, found, it) ?? found.side,
        start: found.start,
        end: found.end,
      });
      return;
    }
  });
  return out;
}

/**
 * True when a name read beside a title starts with a word the lexicon rules out, in scripts without capitals to tell
 * a name from other words ('ที่กรุงฮานอย', 'في'): Thai writes words together, so there the word is a prefix.
 */
function startsWithFunctionWord(written: string, norm: string, lex: Lexicon): boolean {
  if (/\p{Script=Thai}/u.test(written)) return [...lex.notNames].some((w) => norm.startsWith(w));
  const uncased = !/\p{Lu}/u.test(written[0] ?? '') && !/\p{Script=Han}|\p{Script=Katakana}/u.test(written);
  return uncased && lex.notNames.has(norm.split(' ')[0]!);
}

/** Edit distance, bounded: stops early once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Registry variants as word lists, indexed by each word: built on first use. */
let variantsByWord: Map<string, { person: Person; words: string[] }[]> | null = null;

function variantIndex(): Map<string, { person: Person; words: string[] }[]> {
  if (variantsByWord) return variantsByWord;
  variantsByWord = new Map();
  for (const person of allPeople()) {
    for (const variant of person.variants) {
      const words = normalizeName(variant).split(' ').filter(Boolean);
      const entry = { person, words };
      for (const w of new Set(words)) {
        const list = variantsByWord.get(w);
        if (list) list.push(entry);
        else variantsByWord.set(w, [entry]);
      }
    }
  }
  return variantsByWord;
}

/**
 * The registry person a Latin name found by its title most likely means when it is misspelt: same number of name
 * words, every word but one identical, that one at most one letter off (at least 5 letters long), and only one such person.
 */
export function misspeltPerson(name: string, country: string | null): Person | null {
  const words = normalizeName(name).split(' ').filter(Boolean);
  if (words.length < 2) return null;
  const index = variantIndex();
  const matches = new Set<Person>();
  // A candidate shares at least one word exactly, so only variants filed under one of the name's words are looked at.
  for (const w of new Set(words)) {
    for (const { person, words: other } of index.get(w) ?? []) {
      if (other.length !== words.length || (country && person.country !== country) || matches.has(person)) continue;
      const missing = words.filter((x) => !other.includes(x));
      if (missing.length !== 1) continue;
      const extra = other.filter((o) => !words.includes(o));
      if (extra.some((o) => o.length >= 5 && editDistance(missing[0]!, o, 1) <= 1)) matches.add(person);
    }
  }
  return matches.size === 1 ? [...matches][0]! : null;
}
