/**
 * Places, occasions and countries named in a sentence, in any of the supported languages.
 *
 * Everything language-specific lives in data/places.json, data/occasions.json and data/countries.json.
 * Matching is done by a phrase trie over a case-folded copy of the text (same length as the text, so offsets
 * are the text's own): linear in the text, no regular expression over user text, no backtracking.
 *
 * Phrase conventions in the data files:
 * - `=Phrase`  matches case-sensitively (proper nouns that are also common words: `=Nhật`, `=Hue`);
 * - `stem*`    matches the stem plus the rest of the word (inflection: `японск*`, `japanisch*`);
 * - a phrase whose value is a stop (listed under `stops`) matches and yields nothing, so it shadows shorter
 *   phrases inside it (`Nhật ký` is not Japan, `Chủ nhật` is Sunday).
 */
import type { CountryMention, OccasionMention, PlaceMention } from './types.js';
import placesData from './data/places.json' with { type: 'json' };
import occasionsData from './data/occasions.json' with { type: 'json' };
import countriesData from './data/countries.json' with { type: 'json' };
import { addChild, childAt, NONE, type Children } from './trie-children.js';

/** The languages with a lexicon. Other languages get only language-neutral data (English names). */
export const SUPPORTED_LANGS = ['en', 'de', 'fr', 'ru', 'id', 'vi', 'ja', 'zh', 'ko', 'es', 'pt', 'it', 'th', 'ar', 'tl'] as const;

/** How far (characters) around an occasion name a year may stand and still belong to it. */
const OCCASION_YEAR_AFTER = 32;
const OCCASION_YEAR_BEFORE = 10;

// ---------------------------------------------------------------------------------------------------------------
// Phrase matcher
// ---------------------------------------------------------------------------------------------------------------

/** Case fold one UTF-16 unit without changing the text's length. */
function foldChar(c: string): string {
  switch (c) {
    case '\u2019': case '\u2018': case '\u02bc': return "'";
    case '\u2010': case '\u2011': return '-';
    case '\u00a0': case '\u202f': case '\u2009': return ' ';
    case 'ё': case 'Ё': return 'е';
    default: {
      const l = c.toLowerCase();
      return l.length === 1 ? l : c;
    }
  }
}

/** foldChar per UTF-16 unit (it always yields one unit), filled on first use; 0xffff = not yet known. */
const FOLD_UNIT = new Uint16Array(65536).fill(0xffff);

function foldUnit(code: number): number {
  let f = FOLD_UNIT[code]!;
  if (f === 0xffff && code !== 0xffff) {
    f = foldChar(String.fromCharCode(code)).charCodeAt(0);
    FOLD_UNIT[code] = f;
  }
  return f;
}

let lastFoldIn: string | null = null;
let lastFoldOut = '';
const FOLD_BUF_CHUNK = 4096;

/** The text case-folded, same length as the text (offsets carry over). */
export function foldText(text: string): string {
  // The extractors fold the same sentence one after another (dates, places, occasions, countries).
  if (text === lastFoldIn) return lastFoldOut;
  let out = text.toLowerCase();
  // Lowercasing the whole text is folding unit by unit unless the text holds a unit foldChar treats apart, Σ
  // (final sigma depends on context), a surrogate, or a unit whose lowercase is longer ('İ'): checked for every
  // UTF-16 unit.
  if (out.length !== text.length || FOLD_SPECIAL.test(text)) out = foldUnits(text);
  lastFoldIn = text;
  lastFoldOut = out;
  return out;
}

const FOLD_SPECIAL = /[\u2019\u2018\u02bc\u2010\u2011\u00a0\u202f\u2009\u0401\u0451\u03a3\ud800-\udfff]/;

function foldUnits(text: string): string {
  let out = '';
  const units = new Uint16Array(Math.min(text.length, FOLD_BUF_CHUNK));
  for (let from = 0; from < text.length; from += FOLD_BUF_CHUNK) {
    const to = Math.min(text.length, from + FOLD_BUF_CHUNK);
    for (let i = from; i < to; i++) units[i - from] = foldUnit(text.charCodeAt(i));
    out += String.fromCharCode.apply(null, units.subarray(0, to - from) as unknown as number[]);
  }
  return out;
}

const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
const LETTER_RE = /[\p{L}\p{M}]/u;
/** Scripts written without spaces between words, or with particles glued to the end of names. */
const UNSPACED_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\u3005\u30fc]/u;
const HANGUL_RE = /\p{Script=Hangul}/u;
const ARABIC_RE = /\p{Script=Arabic}/u;

/** Character classes per UTF-16 unit (bit set), filled on first use: the matcher tests one unit at a time. */
const CLASS_UNIT = new Uint8Array(65536);
const KNOWN = 1;
const WORD = 2;
const LETTER = 4;
const UNSPACED = 8;

function classOf(code: number): number {
  let k = CLASS_UNIT[code]!;
  if (k === 0) {
    const c = String.fromCharCode(code);
    k = KNOWN | (WORD_RE.test(c) ? WORD : 0) | (LETTER_RE.test(c) ? LETTER : 0) | (UNSPACED_RE.test(c) ? UNSPACED : 0);
    CLASS_UNIT[code] = k;
  }
  return k;
}

/**
 * A neighbour at `s[i]` that glues onto a spaced-script phrase: a letter or digit, except of unspaced scripts
 * ('2024年APEC'); false outside the text.
 */
function isWordCharAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  return (classOf(s.charCodeAt(i)) & (WORD | UNSPACED)) === WORD;
}

interface Terminal<T> {
  /** null = stop phrase. */
  value: T | null;
  /** Original phrase when matching is case-sensitive. */
  exact: string | null;
  prefix: boolean;
  needEnd: boolean;
}

/** Children keyed by folded UTF-16 unit. */
interface TrieNode<T> extends Children<TrieNode<T>> {
  terms: Terminal<T>[];
}

const PAIR_BITS = 0x3ffff;

function pairHash(a: number, b: number): number {
  return ((a << 5) ^ b) & PAIR_BITS;
}

function tripleHash(a: number, b: number, c: number): number {
  return ((((a << 5) ^ b) << 5) ^ c) & PAIR_BITS;
}


export interface PhraseHit<T> {
  value: T;
  start: number;
  end: number;
  text: string;
}

/** Arabic proclitics (and, with, to, so, like) glued to the next word. */
const AR_PROCLITICS = ['و', 'ب', 'ل', 'ف', 'ك', 'وب', 'ول', 'فب', 'وك'];

/**
 * Leftmost-longest matcher of many phrases. Built once; `find` is linear in the text (times the longest phrase).
 */
export class PhraseMatcher<T> {
  private readonly root: TrieNode<T> = { next: null, keys: NONE, kids: NONE, terms: [] };
  /** Bit set of the units a phrase starts with: most positions are rejected with one array read. */
  private readonly heads = new Uint32Array(2048);
  /** Some phrase starts with a unit of an unspaced script (it may start inside a run of such units). */
  private unspacedHeads = false;
  /** Bit set of the units a 1-unit phrase is. */
  private readonly ones = new Uint32Array(2048);
  /** Bit set of the hashed first two units of the phrases of 2+ units (collisions only cost a lookup). */
  private readonly pairs = new Uint32Array((PAIR_BITS + 1) >>> 5);
  /**
   * The same for the phrases of exactly 2 units, and of the first three units of the longer ones: a position whose
   * pair only longer phrases start with, and whose first three units none does, is passed over before the trie.
   */
  private readonly shortPairs = new Uint32Array((PAIR_BITS + 1) >>> 5);
  private readonly triples = new Uint32Array((PAIR_BITS + 1) >>> 5);

  /** Add a phrase (with the `=`/`*` conventions). A null value makes it a stop phrase. */
  add(raw: string, value: T | null): void {
    let phrase = raw.trim();
    let exact = false;
    let prefix = false;
    if (phrase.startsWith('=')) { exact = true; phrase = phrase.slice(1); }
    if (phrase.endsWith('*')) { prefix = true; phrase = phrase.slice(0, -1); }
    if (phrase.length === 0) return;
    const variants = [phrase];
    if (ARABIC_RE.test(phrase[0]!)) {
      for (const p of AR_PROCLITICS) variants.push(p + phrase);
      if (phrase.startsWith('ال')) variants.push('لل' + phrase.slice(2));
    }
    for (const v of variants) this.insert(v, value, exact, prefix);
  }

  private insert(phrase: string, value: T | null, exact: boolean, prefix: boolean): void {
    const key = foldText(phrase);
    if (key.length === 1) this.ones[key.charCodeAt(0) >>> 5]! |= 1 << (key.charCodeAt(0) & 31);
    else if (key.length >= 2) {
      const h = pairHash(key.charCodeAt(0), key.charCodeAt(1));
      this.pairs[h >>> 5]! |= 1 << (h & 31);
      if (key.length === 2) this.shortPairs[h >>> 5]! |= 1 << (h & 31);
      else {
        const t = tripleHash(key.charCodeAt(0), key.charCodeAt(1), key.charCodeAt(2));
        this.triples[t >>> 5]! |= 1 << (t & 31);
      }
    }
    let node = this.root;
    // UTF-16 units, so keys line up with foldText output
    for (let k = 0; k < key.length; k++) {
      const u = key.charCodeAt(k);
      let nx = childAt(node, u);
      if (!nx) {
        nx = { next: null, keys: NONE, kids: NONE, terms: [] };
        addChild(node, u, nx);
        if (node === this.root) {
          this.heads[u >>> 5]! |= 1 << (u & 31);
          if ((classOf(u) & UNSPACED) !== 0) this.unspacedHeads = true;
        }
      }
      node = nx;
    }
    const last = phrase[phrase.length - 1]!;
    const needEnd = !prefix && !UNSPACED_RE.test(last) && !HANGUL_RE.test(last);
    if (node.terms.some((t) => t.exact === (exact ? phrase : null) && t.prefix === prefix)) return;
    node.terms.push({ value, exact: exact ? phrase : null, prefix, needEnd });
  }

  private lastText: string | null = null;
  private lastFolded: string | null = null;
  private lastHits: PhraseHit<T>[] = [];

  /** All non-overlapping matches, leftmost-longest. Stop phrases consume their span and yield nothing. */
  find(text: string, folded: string = foldText(text)): PhraseHit<T>[] {
    // The same sentence is often matched twice in a row (findPlaces and findCountries share the country matcher).
    if (text === this.lastText && folded === this.lastFolded) return this.lastHits.slice();
    const hits = this.findAll(text, folded);
    this.lastText = text;
    this.lastFolded = folded;
    this.lastHits = hits;
    return hits.slice();
  }

  private findAll(text: string, folded: string): PhraseHit<T>[] {
    // Without a unit of an unspaced script in the text, every match must start a word either way: look only at the
    // word starts (most sentences, even for the matchers that hold Han or kana names).
    if (!this.unspacedHeads || !hasUnspaced(folded)) return this.findAtWordStarts(text, folded);
    const hits: PhraseHit<T>[] = [];
    const n = folded.length;
    const heads = this.heads;
    let i = 0;
    while (i < n) {
      const first = folded.charCodeAt(i);
      if ((heads[first >>> 5]! & (1 << (first & 31))) === 0) { i++; continue; }
      // A phrase of a spaced script starts a word: inside one, skip before any trie lookup.
      const needStart = (classOf(first) & UNSPACED) === 0;
      if (needStart && isWordCharAt(text, i - 1)) { i++; continue; }
      const end = this.matchAt(text, folded, i, first);
      if (end < 0) { i++; continue; }
      const best = this.matched!;
      if (best.value !== null) hits.push({ value: best.value, start: i, end, text: text.slice(i, end) });
      i = end;
    }
    return hits;
  }

  /**
   * findAll when no phrase starts with a unit of an unspaced script: every match starts a word, so only the
   * positions no word character precedes are looked at (the same hits, without visiting every character).
   */
  private findAtWordStarts(text: string, folded: string): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    const n = folded.length;
    const heads = this.heads;
    const starts = wordStartsOf(text);
    /** The first position a match may start at (after the previous match). */
    let free = 0;
    for (let k = 0; k < starts.length; k++) {
      const i = starts[k]!;
      if (i < free) continue;
      if (i >= n) break;
      const first = folded.charCodeAt(i);
      if ((heads[first >>> 5]! & (1 << (first & 31))) === 0) continue;
      const end = this.matchAt(text, folded, i, first);
      if (end < 0) continue;
      const best = this.matched!;
      if (best.value !== null) hits.push({ value: best.value, start: i, end, text: text.slice(i, end) });
      free = end;
    }
    return hits;
  }

  /** The terminal matchAt chose. */
  private matched: Terminal<T> | null = null;

  /** End of the longest phrase starting at `i` (its terminal in `matched`), or -1. */
  private matchAt(text: string, folded: string, i: number, first: number): number {
    const n = folded.length;
    // No phrase of 2+ units starts with this pair (or, of 3+ units, with these three) and no phrase is this one
    // unit: nothing matches here (a phrase matches only where its whole folded key stands).
    if ((this.ones[first >>> 5]! & (1 << (first & 31))) === 0) {
      if (i + 1 >= n) return -1;
      const second = folded.charCodeAt(i + 1);
      const h = pairHash(first, second);
      if ((this.pairs[h >>> 5]! & (1 << (h & 31))) === 0) return -1;
      if ((this.shortPairs[h >>> 5]! & (1 << (h & 31))) === 0) {
        if (i + 2 >= n) return -1;
        const t = tripleHash(first, second, folded.charCodeAt(i + 2));
        if ((this.triples[t >>> 5]! & (1 << (t & 31))) === 0) return -1;
      }
    }
    let node = childAt(this.root, first);
    if (!node) return -1;
    let bestEnd = -1;
    let best: Terminal<T> | null = null;
    let j = i;
    while (node) {
      j++;
      for (const t of node.terms) {
        let end = j;
        // (the node's depth j - i is the phrase's length: folding keeps lengths)
        if (t.exact !== null && !text.startsWith(t.exact, i)) continue;
        if (t.prefix) {
          while (end < n && (classOf(text.charCodeAt(end)) & LETTER) !== 0) end++;
        } else if (t.needEnd && isWordCharAt(text, j)) {
          continue;
        }
        if (end > bestEnd || (end === bestEnd && best !== null && best.value !== null && t.value === null)) {
          bestEnd = end;
          best = t;
        }
      }
      if (j >= n) break;
      node = childAt(node, folded.charCodeAt(j));
    }
    this.matched = best;
    return best === null ? -1 : bestEnd;
  }
}

let lastUnspacedText: string | null = null;
let lastUnspaced = false;

/** Every unit of an unspaced script (UNSPACED_RE) is at or above this one (Thai): the units below need no lookup. */
const FIRST_UNSPACED_UNIT = 0x0e00;

/**
 * Whether some UTF-16 unit of `folded` is of an unspaced script (classOf's UNSPACED), as findAll tests its units.
 * A loop over the units: the regex over the whole text measured slower (its script classes are large).
 * Remembered for the last text (places, countries and occasions look at the same sentence in turn).
 */
function hasUnspaced(folded: string): boolean {
  if (folded !== lastUnspacedText) {
    lastUnspacedText = folded;
    let found = false;
    for (let i = 0; i < folded.length; i++) {
      const code = folded.charCodeAt(i);
      if (code >= FIRST_UNSPACED_UNIT && (classOf(code) & UNSPACED) !== 0) {
        found = true;
        break;
      }
    }
    lastUnspaced = found;
  }
  return lastUnspaced;
}

let lastStartsText: string | null = null;
let lastStarts: number[] = [];

/**
 * Positions of `text` where a spaced-script phrase may start: those no word character precedes (isWordCharAt).
 * Remembered for the last text: the place, country and occasion matchers look at the same sentence in turn.
 */
function wordStartsOf(text: string): number[] {
  if (text === lastStartsText) return lastStarts;
  const out: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) if (!isWordCharAt(text, i - 1)) out.push(i);
  lastStartsText = text;
  lastStarts = out;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------------------------------

interface CountriesData {
  excludeCodes: string[];
  english: Record<string, string>;
  names: Record<string, Record<string, string[]>>;
  adjectives: Record<string, Record<string, string[]>>;
  compounds: Record<string, Record<string, (string | null)[]>>;
  stops: Record<string, string[]>;
  displayNameStops: Record<string, string[]>;
  inflect: Record<string, [string, string[]][]>;
}

const COUNTRIES = countriesData as unknown as CountriesData;
const EXCLUDED_CODES = new Set(COUNTRIES.excludeCodes);

function allRegionCodes(): string[] {
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes: string[] = [];
  for (let a = 65; a < 91; a++) {
    for (let b = 65; b < 91; b++) {
      const c = String.fromCharCode(a, b);
      if (!EXCLUDED_CODES.has(c) && en.of(c)) codes.push(c);
    }
  }
  return codes;
}

const REGION_CODES = allRegionCodes();

/** Split an ICU display name into written forms: 'Myanmar (Burma)' → ['Myanmar', 'Burma']. */
function displayForms(name: string): string[] {
  const m = /^(.*?)\s*[(（](.*?)[)）]\s*$/u.exec(name);
  const forms = m ? [m[1]!, m[2]!] : [name];
  return forms.map((f) => f.trim()).filter((f) => f.length > 0);
}

const ENGLISH_NAMES: Map<string, string> = (() => {
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const map = new Map<string, string>();
  for (const c of REGION_CODES) map.set(c, COUNTRIES.english[c] ?? displayForms(en.of(c) ?? c)[0]!);
  return map;
})();

/** English country name for an ISO alpha-2 code ('VN' → 'Vietnam'), or null for an unknown code. */
export function countryName(code: string): string | null {
  return ENGLISH_NAMES.get(code.toUpperCase()) ?? null;
}

/** ISO alpha-2 code for an English country name ('Peru' → 'PE'), or null. */
export function countryCode(englishName: string): string | null {
  const key = englishName.toLowerCase();
  for (const [code, name] of ENGLISH_NAMES) if (name.toLowerCase() === key) return code;
  return null;
}

interface CountryValue {
  code: string;
  form: 'name' | 'adjective';
  /** For compounds ('日越'): [code|null per character]. */
  chars?: (string | null)[];
}

function inflections(lang: string, name: string): string[] {
  const rules = COUNTRIES.inflect[lang];
  if (!rules || /\s/.test(name)) return [];
  for (const [ending, endings] of rules) {
    if (name.endsWith(ending)) {
      const stem = name.slice(0, name.length - ending.length);
      return endings.map((e) => stem + e);
    }
  }
  return [];
}

function addCountryLang(m: PhraseMatcher<CountryValue>, lang: string): void {
  for (const [code, byLang] of Object.entries(COUNTRIES.names)) {
    for (const p of byLang[lang] ?? []) m.add(p, { code, form: 'name' });
  }
  for (const [code, byLang] of Object.entries(COUNTRIES.adjectives)) {
    for (const p of byLang[lang] ?? []) m.add(p, { code, form: 'adjective' });
  }
  for (const [phrase, chars] of Object.entries(COUNTRIES.compounds[lang] ?? {})) {
    const code = chars.find((c) => c !== null) ?? null;
    if (code !== null) m.add(phrase, { code, form: 'name', chars });
  }
  for (const s of COUNTRIES.stops[lang] ?? []) m.add(s, null);
  let dn: Intl.DisplayNames;
  try {
    dn = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
  } catch {
    return;
  }
  const dnStops = new Set(COUNTRIES.displayNameStops[lang] ?? []);
  for (const code of REGION_CODES) {
    const name = dn.of(code);
    if (!name) continue;
    for (const form of displayForms(name)) {
      if (dnStops.has(form)) continue;
      // ICU names are proper nouns: match case-sensitively in cased scripts so 'Chad'/'chad', 'Ý'/'ý' stay apart.
      m.add('=' + form, { code, form: 'name' });
      for (const inf of inflections(lang, form)) m.add('=' + inf, { code, form: 'name' });
    }
  }
}

/** Each language's country names, built when the language is first read (a language's can take megabytes). */
const COUNTRY_MATCHERS = new Map<string, PhraseMatcher<CountryValue>>();

function countryMatcher(lang: string): PhraseMatcher<CountryValue> {
  const key = (SUPPORTED_LANGS as readonly string[]).includes(lang) ? lang : '*';
  let m = COUNTRY_MATCHERS.get(key);
  if (!m) {
    m = new PhraseMatcher<CountryValue>();
    // Curated data of the language first (it wins on equal phrases), then English, which news in every language quotes.
    if (key !== '*') addCountryLang(m, key);
    if (key !== 'en') {
      for (const [code, byLang] of Object.entries(COUNTRIES.names)) for (const p of byLang['en'] ?? []) m.add('=' + p.replace(/^=/, ''), { code, form: 'name' });
    }
    COUNTRY_MATCHERS.set(key, m);
  }
  return m;
}

/**
 * Countries named in the text, by name or adjective/demonym, in the text's language (plus English names).
 * Example: findCountries('японского премьера во Вьетнаме', 'ru') → JP adjective, VN name.
 * A language without a lexicon matches only capitalised English country names.
 */
export function findCountries(text: string, lang: string): CountryMention[] {
  const out: CountryMention[] = [];
  for (const h of countryMatcher(lang).find(text)) {
    if (h.value.chars) {
      h.value.chars.forEach((code, k) => {
        if (code !== null) out.push({ code, form: 'name', start: h.start + k, end: h.start + k + 1, text: text[h.start + k]! });
      });
    } else {
      out.push({ code: h.value.code, form: h.value.form, start: h.start, end: h.end, text: h.text });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------------------------

interface PlaceEntry {
  place: string;
  country: string;
  names: string[];
}

interface PlacesData {
  places: PlaceEntry[];
  venues: PlaceEntry[];
  stops: string[];
}

const PLACES = placesData as unknown as PlacesData;

interface PlaceValue {
  place: string;
  code: string;
}

/** Latin letters without their diacritics, same length ('Hà Nội' → 'Ha Noi'); null when unchanged. */
function stripLatinDiacritics(s: string): string | null {
  let out = '';
  for (const c of s) {
    if (c === 'đ') out += 'd';
    else if (c === 'Đ') out += 'D';
    else if (/[\u00c0-\u024f\u1e00-\u1eff]/u.test(c)) {
      const base = c.normalize('NFD')[0]!;
      out += /[A-Za-z]/.test(base) ? base : c;
    } else out += c;
  }
  return out === s ? null : out;
}

const PLACE_MATCHER: PhraseMatcher<PlaceValue> = (() => {
  const m = new PhraseMatcher<PlaceValue>();
  for (const e of [...PLACES.places, ...PLACES.venues]) {
    const v = { place: e.place, code: e.country };
    // the English name matches case-insensitively unless the data asks for exact case ('=Hue')
    if (!e.names.includes('=' + e.place)) m.add(e.place, v);
    for (const n of e.names) {
      m.add(n, v);
      const plain = stripLatinDiacritics(n);
      if (plain !== null) m.add(plain, v);
    }
  }
  for (const s of PLACES.stops) m.add(s, null);
  return m;
})();

/** Separator between a city and its country: 'Lima, Peru', 'Lima (Peru)', 'Лиме, Перу'. */
const CITY_COUNTRY_GAP = /^\s*[,(（、]\s*$/u;

/**
 * Cities, provinces, venues and countries named in the text. English names; a country alone gives place null.
 * 'in Lima, Peru' and 'в Лиме' both give { place: 'Lima', country: 'Peru' } (the country right after its city is
 * folded into the city's mention).
 */
export function findPlaces(text: string, lang: string): PlaceMention[] {
  const folded = foldText(text);
  const cities = PLACE_MATCHER.find(text, folded);
  const countries = countryMatcher(lang).find(text, folded).filter((h) => h.value.form === 'name' && !h.value.chars);
  const out: PlaceMention[] = [];
  for (const c of cities) {
    out.push({ place: c.value.place, country: countryName(c.value.code), start: c.start, end: c.end, text: c.text });
  }
  for (const k of countries) {
    const city = out.find((p) => p.place !== null && p.end <= k.start && countryName(k.value.code) === p.country
      && CITY_COUNTRY_GAP.test(text.slice(p.end, k.start)));
    if (city) {
      let end = k.end;
      if (/^\s*[)）]/u.test(text.slice(end, end + 2))) end = text.indexOf(text.slice(end).trimStart()[0]!, end) + 1;
      city.end = end;
      city.text = text.slice(city.start, end);
      continue;
    }
    if (out.some((p) => k.start < p.end && p.start < k.end)) continue;
    out.push({ place: null, country: countryName(k.value.code), start: k.start, end: k.end, text: k.text });
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------------------------
// Occasions
// ---------------------------------------------------------------------------------------------------------------

interface OccasionName {
  text: string;
  year?: number;
  /** Only an occasion when a year stands right next to it ('ASEAN 2025'). */
  requireYear?: boolean;
}

interface Series {
  id: string;
  label: string;
  names: Record<string, (string | OccasionName)[]>;
  hosts?: Record<string, [string | null, string]>;
}

interface OccasionsData {
  series: Series[];
}

const OCCASIONS = occasionsData as unknown as OccasionsData;

interface OccasionValue {
  series: Series;
  year: number | null;
  requireYear: boolean;
}

function occasionMatcherFor(langs: readonly string[]): PhraseMatcher<OccasionValue> {
  const m = new PhraseMatcher<OccasionValue>();
  for (const s of OCCASIONS.series) {
    for (const l of langs) {
      for (const n of s.names[l] ?? []) {
        const name: OccasionName = typeof n === 'string' ? { text: n } : n;
        m.add(name.text, { series: s, year: name.year ?? null, requireYear: name.requireYear === true });
      }
    }
  }
  return m;
}

/** Each language's occasion names (with English's), built when the language is first read; '*': every language's. */
const OCCASION_MATCHERS = new Map<string, PhraseMatcher<OccasionValue>>();
function occasionMatcher(lang: string): PhraseMatcher<OccasionValue> {
  const key = lang === '*' || (SUPPORTED_LANGS as readonly string[]).includes(lang) ? lang : 'en';
  let m = OCCASION_MATCHERS.get(key);
  if (!m) {
    m = occasionMatcherFor(key === '*' ? SUPPORTED_LANGS : key === 'en' ? ['en'] : [key, 'en']);
    OCCASION_MATCHERS.set(key, m);
  }
  return m;
}

const YEAR_AFTER_RE = /^[\s\-–—'’]*(?:[^\d\n.!?。！？;]{0,24}?[\s\-–—(]|)((?:19|20)\d\d)(?![\d.,]\d|\d)/u;
const YEAR_BEFORE_RE = /(?<![\d.,])((?:19|20)\d\d)\s*(?:年|년|'s|’s)?\s*(?:的\s*)?$/u;

function adjacentYear(text: string, start: number, end: number): number | null {
  const after = YEAR_AFTER_RE.exec(text.slice(end, end + OCCASION_YEAR_AFTER));
  if (after) return Number(after[1]);
  const before = YEAR_BEFORE_RE.exec(text.slice(Math.max(0, start - OCCASION_YEAR_BEFORE), start));
  if (before) return Number(before[1]);
  return null;
}

const TIGHT_AFTER_RE = /^\s?[-–]?\s?((?:19|20)\d\d)(?!\d)/u;
const TIGHT_BEFORE_RE = /(?<![\d.,])((?:19|20)\d\d)\s?(?:年|년)?\s?$/u;

function tightYear(text: string, start: number, end: number): number | null {
  const after = TIGHT_AFTER_RE.exec(text.slice(end, end + 8));
  if (after) return Number(after[1]);
  const before = TIGHT_BEFORE_RE.exec(text.slice(Math.max(0, start - 8), start));
  return before ? Number(before[1]) : null;
}

/** Years in which a recurring summit (`series` id) was hosted in `place` (an English city name): APEC in Lima → 2008, 2016, 2024. */
export function hostYears(series: string, place: string): number[] {
  const hosts = OCCASIONS.series.find((s) => s.id === series)?.hosts ?? {};
  return Object.entries(hosts).filter(([, host]) => host[0] === place).map(([year]) => Number(year));
}

/**
 * Recurring events (summits, forums) named in the text, with the year written next to them and, for well-known
 * (series, year) pairs, the host city and country. Example: 'саммита АТЭС-2024' → { series: 'apec', label: 'APEC',
 * year: 2024, place: 'Lima', country: 'Peru' }. Pass lang '*' to match every language's names.
 */
export function findOccasions(text: string, lang: string): OccasionMention[] {
  const m = occasionMatcher(lang);
  const out: OccasionMention[] = [];
  for (const h of m.find(text)) {
    const year = h.value.year ?? (h.value.requireYear ? tightYear(text, h.start, h.end) : adjacentYear(text, h.start, h.end));
    if (h.value.requireYear && year === null) continue;
    const host = year !== null ? h.value.series.hosts?.[String(year)] : undefined;
    out.push({
      series: h.value.series.id,
      label: h.value.series.label,
      year,
      place: host ? host[0] : null,
      country: host ? countryName(host[1]) : null,
      start: h.start,
      end: h.end,
      text: h.text,
    });
  }
  return out;
}
