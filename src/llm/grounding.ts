/**
 * Grounding by content: what a model sentence states must be in the passages it cites (or in the extracted facts of
 * those sentences). The claims checked are figures (numbers with their scale words and units, in every language the
 * figure lexicon knows: "1,4 triệu", "42,5 Milliarden", "1兆円", "300 млн"), other written numbers, dates (through the
 * project's date resolver, so "16 ноября" in a passage published in November 2024 supports "16 November 2024"),
 * people (through the registry's variants, so "Исиба Сигэру" supports "Ishiba Shigeru"), places, countries other
 * than the two subjects, occasions (APEC, ASEAN …) and organisations (acronyms, and capitalised names with a head
 * word such as "Fund" or "Agency"). One checker serves answers, digests and model-assisted extraction. Pure.
 *
 * Limits (see docs/models.md): an organisation named in another language than its source ("Lotus Chip Fund" from
 * "Quỹ Chip Hoa Sen") is not recognised as the same and counts as unsupported; a paraphrased fact without any of
 * these claims is accepted on its citation alone.
 */
import { findDates, yearHintsOf } from '../knowledge/dates.js';
import { findFigures, parseNumber } from '../knowledge/figures.js';
import { findPeople, normalizeName } from '../knowledge/people.js';
import { countryCode, findCountries, findOccasions, findPlaces } from '../knowledge/places.js';
import type { DateParts } from '../knowledge/types.js';
import type { Passage } from '../search/passages.js';
import data from './data/grounding.json' with { type: 'json' };

/** One cited passage (or sentence) a claim may stand on. */
export interface GroundingSource {
  text: string;
  /** ISO 639-1 language of `text`. */
  lang: string;
  /** Publication date 'YYYY-MM-DD' (anchors relative and year-less dates), or null. */
  published: string | null;
  /** Extracted facts of this sentence, in English ("2024-11-16 Lima: Luong Cuong met Ishiba Shigeru …"). */
  facts?: readonly string[];
}

export type Claim =
  | { kind: 'figure'; text: string; value: number; unit: string | null }
  | { kind: 'number'; text: string; value: number }
  | { kind: 'date'; text: string; parts: DateParts }
  | { kind: 'person'; text: string; id: string | null; name: string }
  | { kind: 'place'; text: string; name: string }
  | { kind: 'country'; text: string; code: string }
  | { kind: 'occasion'; text: string; series: string }
  | { kind: 'organisation'; text: string; words: string[] };

/** Relative tolerance when comparing figures (rounding: "42.5 billion" vs "42,48 Milliarden"). */
const FIGURE_TOLERANCE = 0.01;
const SUBJECTS: ReadonlySet<string> = new Set(data.subjectCountries);
const GENERIC_ACRONYMS: ReadonlySet<string> = new Set(data.genericAcronyms);
const CONNECTORS: ReadonlySet<string> = new Set(data.connectors);
const HEADS = new Map<string, string[]>(Object.entries(data.organisationHeads).map(([l, heads]) => [l, heads.map(normalizeName)]));
const ALL_HEADS = [...new Set([...HEADS.values()].flat())];

/** Everything the cited sources state that a claim can match. */
interface SourceProfile {
  values: number[];
  figures: { value: number; unit: string | null }[];
  dates: DateParts[];
  years: Set<number>;
  people: Set<string>;
  places: Set<string>;
  countries: Set<string>;
  occasions: Set<string>;
  /** normalizeName of every text, space-padded, for word lookups. */
  folded: string;
  /** The raw texts, for case-sensitive acronym lookups. */
  raw: string;
}

const span = (text: string, start: number, end: number) => ({ start, end, text: text.slice(start, end) });
type Span = { start: number; end: number };
const inside = (spans: readonly Span[], at: number) => spans.some((s) => at >= s.start && at < s.end);

const NUMBER_TOKEN = /(?<![\p{L}\d])\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?/gu;
const MARKER = /\[\d+(?:\s*[,;]\s*\d+)*\]/g;
const DECIMAL_COMMA = new Set(['de', 'fr', 'ru', 'id', 'vi', 'es', 'pt', 'it', 'tl']);

function isoParts(text: string): DateParts[] {
  return [...text.matchAll(/(?<!\d)((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?!\d)/g)].map((m) => ({
    year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: m[3] ? Number(m[3]) : null,
  }));
}

/** A text is read as its language and as English (models and writers fall back to English forms: "11月", "$5 billion"). */
const readingLangs = (lang: string): string[] => (lang === 'en' ? ['en'] : [lang, 'en']);

type FoundFigure = { value: number; unit: string | null; text: string; start: number };

/**
 * Figures of a text, with a compound written in parts joined ("1億4000万ドル" is one figure, 140 million dollars,
 * where the figure lexicon reads "1億" and "4000万ドル").
 */
function figuresIn(text: string, lang: string, published: string | null): FoundFigure[] {
  const out: FoundFigure[] = [];
  let from = 0;
  for (const f of findFigures(text, lang, { published })) {
    const start = text.indexOf(f.text, from);
    const prev = out[out.length - 1];
    if (prev && prev.unit === null && start >= 0 && start === prev.start + prev.text.length && prev.value > f.value) {
      out[out.length - 1] = { value: prev.value + f.value, unit: f.unit, text: prev.text + f.text, start: prev.start };
    } else out.push({ value: f.value, unit: f.unit, text: f.text, start });
    if (start >= 0) from = start + f.text.length;
  }
  return out;
}

/**
 * What `sources` state. `named`: registry ids of the people the claim names; a source's short form ("Chinh",
 * "Чинь", "Ishiba") then resolves to that person, as it would after a full mention earlier in the same article.
 */
function profileOf(sources: readonly GroundingSource[], named: ReadonlySet<string> = new Set()): SourceProfile {
  const p: SourceProfile = {
    values: [], figures: [], dates: [], years: new Set(), people: new Set(), places: new Set(), countries: new Set(),
    occasions: new Set(), folded: ' ', raw: '',
  };
  const texts: { text: string; lang: string; published: string | null }[] = [];
  for (const s of sources) {
    texts.push({ text: s.text, lang: s.lang, published: s.published });
    for (const f of s.facts ?? []) texts.push({ text: f, lang: 'en', published: s.published });
    for (const d of s.published ? isoParts(s.published) : []) {
      // The publication date supports its year and month ("in November 2024"), not a day.
      p.dates.push({ ...d, day: null });
      if (d.year !== null) p.years.add(d.year);
    }
  }
  for (const { text, lang, published } of texts) {
    // Read with and without the text's year hints: a claim is read without them (see claimsOf).
    const anchors = [{ published, yearHints: yearHintsOf(text) }, { published, yearHints: [] }];
    const langs = readingLangs(lang);
    for (const f of langs.flatMap((l) => figuresIn(text, l, published))) p.figures.push({ value: f.value, unit: f.unit });
    const decimal = DECIMAL_COMMA.has(lang) ? ',' : '.';
    for (const m of text.replace(MARKER, ' ').matchAll(NUMBER_TOKEN)) {
      const v = parseNumber(m[0], decimal);
      if (v !== null) p.values.push(v);
    }
    const mentions = langs.flatMap((l) => anchors.flatMap((anchor) => findDates(text, l, anchor)));
    for (const d of [...mentions.flatMap((m) => (m.until ? [m.parts, m.until] : [m.parts])), ...isoParts(text)]) {
      p.dates.push(d);
      if (d.year !== null) p.years.add(d.year);
    }
    for (const person of findPeople(text, lang, { mentioned: new Set(named), date: null })) if (person.personId) p.people.add(person.personId);
    for (const place of findPlaces(text, lang)) {
      if (place.place) p.places.add(place.place);
      if (place.country) p.countries.add(countryCode(place.country) ?? place.country);
    }
    for (const c of findCountries(text, lang)) p.countries.add(c.code);
    for (const o of findOccasions(text, lang)) {
      p.occasions.add(o.series);
      if (o.place) p.places.add(o.place);
      if (o.country) p.countries.add(countryCode(o.country) ?? o.country);
    }
    p.folded += `${normalizeName(text)} `;
    p.raw += `${text}\n`;
  }
  return p;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** True when `word` occurs in `text` with no letter or digit right before or after it (case-sensitive). */
function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!WORD_CHAR.test(text[at - 1] ?? ' ') && !WORD_CHAR.test(text[at + word.length] ?? ' ')) return true;
  }
  return false;
}

const close = (a: number, b: number) => Math.abs(a - b) <= FIGURE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
/** Currencies and percentages must agree; counted nouns (people, students, companies) may be named differently. */
const strictUnit = (unit: string | null) => unit !== null && (unit === '%' || /^[A-Z]{3}$/.test(unit));

function supported(claim: Claim, p: SourceProfile): boolean {
  switch (claim.kind) {
    case 'figure':
      return p.figures.some((f) => close(f.value, claim.value) && (!strictUnit(claim.unit) || !strictUnit(f.unit) || f.unit === claim.unit)) ||
        (!strictUnit(claim.unit) && p.values.some((v) => close(v, claim.value)));
    case 'number':
      return p.values.some((v) => close(v, claim.value)) || p.figures.some((f) => close(f.value, claim.value)) || p.years.has(claim.value);
    case 'date': {
      const { year, month, day } = claim.parts;
      if (year !== null && month === null) return p.years.has(year);
      // A day the sources give without a year ("30 сентября") takes a year they state elsewhere (or their publication).
      const yearOk = (d: DateParts) => year === null || d.year === year || (d.year === null && p.years.has(year));
      return p.dates.some((d) => yearOk(d) && (month === null || d.month === month) && (day === null || d.day === day));
    }
    case 'person': {
      if (claim.id !== null) return p.people.has(claim.id);
      // Someone outside the registry: the name as written (any script) or its Latin form must be in the sources.
      const written = normalizeName(claim.text);
      const unspaced = !written.includes(' ') && !/^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(written);
      return p.folded.includes(` ${normalizeName(claim.name)} `) || p.folded.includes(` ${written} `) || (unspaced && written.length >= 2 && p.folded.includes(written));
    }
    case 'place':
      return p.places.has(claim.name) || p.folded.includes(` ${normalizeName(claim.name)} `);
    case 'country':
      return SUBJECTS.has(claim.code) || p.countries.has(claim.code);
    case 'occasion':
      return p.occasions.has(claim.series);
    case 'organisation':
      return claim.words.every((w) => (/^[\p{Lu}\d&-]+$/u.test(w) ? hasWord(p.raw, w) : p.folded.includes(` ${normalizeName(w)} `)));
  }
}

/** Acronyms (JICA, CPTPP) and capitalised names around an organisation head word ("Lotus Chip Fund"). */
function organisationClaims(sentence: string, lang: string, taken: readonly Span[]): Claim[] {
  const out: Claim[] = [];
  for (const m of sentence.matchAll(/(?<![\p{L}\d])\p{Lu}[\p{Lu}\d&-]*\p{Lu}[\p{Lu}\d]*(?![\p{L}\d])/gu)) {
    if (!inside(taken, m.index) && !GENERIC_ACRONYMS.has(m[0])) out.push({ kind: 'organisation', text: m[0], words: [m[0]] });
  }
  const heads = HEADS.get(lang) ?? ALL_HEADS;
  const words = [...sentence.matchAll(/[\p{L}\d][\p{L}\p{M}\d'’-]*/gu)].map((m) => ({ w: m[0], at: m.index }));
  let run: typeof words = [];
  const flush = (): void => {
    while (run.length && CONNECTORS.has(run[run.length - 1]!.w.toLowerCase())) run.pop();
    while (run.length && CONNECTORS.has(run[0]!.w.toLowerCase())) run.shift();
    const capital = run.filter((x) => /^\p{Lu}/u.test(x.w));
    const folded = normalizeName(run.map((x) => x.w).join(' '));
    const head = heads.find((h) => ` ${folded} `.includes(` ${h} `));
    if (head && capital.length >= 2) {
      const named = capital.filter((x) => !inside(taken, x.at) && !head.split(' ').includes(normalizeName(x.w)) && !/^[\p{Lu}\d&-]{2,}$/u.test(x.w));
      if (named.length) out.push({ kind: 'organisation', text: run.map((x) => x.w).join(' '), words: named.map((x) => x.w) });
    }
    run = [];
  };
  for (const word of words) {
    const last = run[run.length - 1];
    // A name runs over spaces only: punctuation ("Agency (JICA)", "Bank, and") ends it.
    if (last && !/^\s+$/u.test(sentence.slice(last.at + last.w.length, word.at))) flush();
    if (/^\p{Lu}/u.test(word.w) || (run.length && CONNECTORS.has(word.w.toLowerCase()))) run.push(word);
    else flush();
  }
  flush();
  return out;
}

/**
 * The claims one sentence (or fact) states, read as `lang` (plus English, which models fall back to).
 * @param published anchors relative and year-less dates (the cited passage's publication date).
 */
export function claimsOf(sentence: string, lang: string, published: string | null = null): Claim[] {
  const text = sentence.replace(MARKER, (m) => ' '.repeat(m.length));
  const claims = new Map<string, Claim>();
  const add = (c: Claim) => claims.set(`${c.kind}:${c.text}`, c);
  const taken: Span[] = [];
  const orgs: Claim[] = [];
  for (const l of readingLangs(lang)) {
    for (const f of figuresIn(text, l, published)) {
      if (f.start < 0 || inside(taken, f.start)) continue;
      taken.push(span(text, f.start, f.start + f.text.length));
      add({ kind: 'figure', text: f.text, value: f.value, unit: f.unit });
    }
    for (const d of findDates(text, l, { published, yearHints: [] })) {
      if (inside(taken, d.start)) continue;
      taken.push(d);
      add({ kind: 'date', text: d.text, parts: d.parts });
    }
    for (const person of findPeople(text, l)) {
      taken.push(person);
      add({ kind: 'person', text: person.written, id: person.personId, name: person.name });
    }
    for (const o of findOccasions(text, l)) {
      taken.push(o);
      add({ kind: 'occasion', text: o.text, series: o.series });
    }
    for (const place of findPlaces(text, l)) {
      taken.push(place);
      if (place.place) add({ kind: 'place', text: place.text, name: place.place });
    }
    for (const c of findCountries(text, l)) {
      taken.push(c);
      add({ kind: 'country', text: c.text, code: c.code });
    }
    orgs.push(...organisationClaims(text, l, taken));
  }
  for (const m of text.matchAll(NUMBER_TOKEN)) {
    if (inside(taken, m.index)) continue;
    const v = parseNumber(m[0], DECIMAL_COMMA.has(lang) ? ',' : '.');
    if (v !== null) add({ kind: 'number', text: m[0], value: v });
  }
  for (const c of orgs) add(c);
  return [...claims.values()];
}

function namedIn(claims: readonly Claim[]): Set<string> {
  return new Set(claims.flatMap((c) => (c.kind === 'person' && c.id !== null ? [c.id] : [])));
}

/**
 * The claims of `sentence` that none of `cited` supports ([] = grounded).
 * @example unsupportedClaims('They set up a 47,000 billion yen fund in 2039 [1].', 'en', [{ text: 'The leaders met in Lima.', lang: 'en', published: '2024-11-16' }])
 *   // → the figure '47,000 billion yen' and the date '2039'
 */
export function unsupportedClaims(sentence: string, lang: string, cited: readonly GroundingSource[]): Claim[] {
  const claims = claimsOf(sentence, lang, cited[0]?.published ?? null);
  if (!claims.length) return [];
  const profile = profileOf(cited, namedIn(claims));
  return claims.filter((c) => !supported(c, profile));
}

/** Whether each of `claims` (built by a caller, e.g. from a model's extraction) is supported by `sources`. */
export function supportedClaims(claims: readonly Claim[], sources: readonly GroundingSource[]): boolean[] {
  const profile = profileOf(sources, namedIn(claims));
  return claims.map((c) => supported(c, profile));
}

/**
 * Cited passage n → what a sentence citing it may state: the passage, the view's fact lines citing it (summaries),
 * and the extracted facts of its sentence (answers).
 */
export function groundingSources(
  passages: readonly Passage[],
  factLines: readonly string[] = [],
  factsByN?: ReadonlyMap<number, readonly string[]>,
): Map<number, GroundingSource> {
  const out = new Map<number, GroundingSource>();
  for (const p of passages) {
    const marker = `[${p.n}]`;
    const facts = [...factLines.filter((l) => l.includes(marker)), ...(factsByN?.get(p.n) ?? [])];
    out.set(p.n, { text: p.text, lang: p.lang, published: p.published, ...(facts.length ? { facts } : {}) });
  }
  return out;
}
