/**
 * Key figures: amounts with scale words and units ("42,5 Milliarden US-Dollar" → 42.5e9 USD, "10億ドル" → 1e9 USD,
 * "11 %"), counts of people, companies or projects ("2.000 japanische Unternehmen", "500 активностей"), what they
 * measure when the sentence says ("Handelsumsatz" → 'bilateral trade') and the period they are for.
 *
 * Language knowledge lives in `data/figures.json` (`languages.<lang>`):
 * - `decimal`: the decimal mark of the language ("," or "."); the other mark (and spaces) group thousands;
 * - `scales` / `units` / `counts` / `measures`: trigger → multiplier / unit / count unit / English measure, with the
 *   trigger syntax of `areas.ts` (prefix stems, `$` word end, `*` inside a word);
 * - `months`: 12 alternations ("januar|jänner") for month-name ranges; CJK languages use numeric months;
 * - `periods`: `[kind, template]` with `{m}` month, `{mn}` month number, `{n}` count of months (digits or
 *   `numbers` words), `{y}` year; kind `range` | `first` (first N months) | `by` ("bis 2030" → 'by 2030');
 * - `thisYear`: words that let `{y}`-less "first N months" take the publication year.
 * Top-level `symbols` are currency signs written before a number ("$4.5 billion", "US$").
 *
 * Not figures: dates ("27. November", "16 ноября", "5月31日", "12/10"), years, times, ordinals ("14th", "50e",
 * "80-й", "ke-7", "第"), and bare numbers with no scale, unit or counted noun.
 */
import { perLanguage } from './per-language.js';
import type { Figure } from './types.js';
import { compileLexicon, matchLexicon, type LexiconHit, type LexiconIndex } from './lexicon.js';
import data from './data/figures.json' with { type: 'json' };

/** What `findFigures` knows about the document. */
export interface FigureContext {
  /** Publication date 'YYYY-MM-DD' (or null): gives the year of "this year" phrases only. */
  published: string | null;
}

type PeriodKind = 'range' | 'first' | 'by';

interface FigureLanguageData {
  decimal: string;
  scales: Record<string, number>;
  units: Record<string, string>;
  counts: Record<string, string>;
  measures: Record<string, string>;
  months: string[];
  periods: string[][];
  thisYear: string[];
  numbers: Record<string, number>;
}

type Tag =
  | { t: 'scale'; value: number }
  | { t: 'unit'; value: string }
  | { t: 'count'; value: string }
  | { t: 'measure'; value: string }
  | { t: 'this-year' };

interface CompiledPeriod {
  kind: PeriodKind;
  re: RegExp;
  slots: ('m' | 'mn' | 'n' | 'y')[];
}

interface FigureLanguage {
  decimal: string;
  lexicon: LexiconIndex<Tag>;
  measures: LexiconIndex<Tag>;
  periods: CompiledPeriod[];
  months: RegExp[];
  numbers: Map<string, number>;
}

/** Characters between a number and its scale/unit ("42,5 Milliarden", "10億", "20 tỷ USD"). */
const MAX_GAP = 2;
/** Words that may stand between a number and its counted noun ("2.000 japanische Unternehmen"). */
const MAX_WORDS_TO_COUNT = 2;

const LANG_DATA = (data as unknown as { languages: Record<string, FigureLanguageData> }).languages;
const SYMBOLS = Object.entries((data as unknown as { symbols: Record<string, string> }).symbols).sort(
  (a, b) => b[0].length - a[0].length,
);

const NUMBER =
  /(?<![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}\p{N}][.,]?)(\d{1,3}(?:[.,\u00a0\u202f\u2009 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\p{N}])/gu;
const HAS_DIGIT = /[0-9]/;
const ESCAPE = /[.*+?^${}()|[\]\\]/g;

function escapeRe(s: string): string {
  return s.replace(ESCAPE, '\\$&');
}

function compilePeriod(kind: string, template: string, monthAlt: string, numberAlt: string): CompiledPeriod {
  const slots: CompiledPeriod['slots'] = [];
  const parts = template.toLowerCase().split(/(\{m\}|\{mn\}|\{n\}|\{y\})/);
  let src = '';
  for (const p of parts) {
    if (p === '{m}') {
      slots.push('m');
      src += `(${monthAlt})\\p{L}*\\.?`;
    } else if (p === '{mn}') {
      slots.push('mn');
      src += '(1[0-2]|0?[1-9])';
    } else if (p === '{n}') {
      slots.push('n');
      src += `(\\d{1,2}|${numberAlt})`;
    } else if (p === '{y}') {
      slots.push('y');
      src += '((?:19|20)\\d\\d)';
    } else {
      src += escapeRe(p).replace(/ +/g, '\\s+').replace(/[-~～〜]/g, '[-–—~～〜]');
    }
  }
  return { kind: kind as PeriodKind, re: new RegExp(src, 'gu'), slots };
}

function buildLanguage(d: FigureLanguageData): FigureLanguage {
  const entries: [Tag, string][] = [];
  for (const [k, v] of Object.entries(d.scales)) entries.push([{ t: 'scale', value: v }, k]);
  for (const [k, v] of Object.entries(d.units)) entries.push([{ t: 'unit', value: v }, k]);
  for (const [k, v] of Object.entries(d.counts)) entries.push([{ t: 'count', value: v }, k]);
  for (const k of d.thisYear) entries.push([{ t: 'this-year' }, k]);
  const measures: [Tag, string][] = Object.entries(d.measures).map(([k, v]) => [{ t: 'measure', value: v }, k]);
  const monthAlt = d.months.length > 0 ? d.months.map((m) => m.toLowerCase()).join('|') : '(?!)';
  const numberWords = Object.keys(d.numbers).sort((a, b) => b.length - a.length);
  const numberAlt = numberWords.length > 0 ? numberWords.map(escapeRe).join('|') : '(?!)';
  return {
    decimal: d.decimal,
    lexicon: compileLexicon(entries),
    measures: compileLexicon(measures),
    periods: d.periods.map(([kind, template]) => compilePeriod(kind as string, template as string, monthAlt, numberAlt)),
    months: d.months.map((m) => new RegExp(`^(?:${m.toLowerCase()})`, 'u')),
    numbers: new Map(Object.entries(d.numbers)),
  };
}

/** Each language's number words and units, built when the language is first read (per-language.ts). */
const languageFor = perLanguage(LANG_DATA, buildLanguage);

/** Fullwidth and Arabic-Indic digits/marks → ASCII, one character for one, so offsets stay valid. */
function asciiDigits(text: string): string {
  return text.replace(/[\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\uff0c\uff0e\uff05\u066b\u066c]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String(code - 0xff10);
    if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
    if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
    return ({ '\uff0c': ',', '\uff0e': '.', '\uff05': '%', '\u066b': '.', '\u066c': ',' } as Record<string, string>)[c] ?? c;
  });
}

/** Parse a written number with the language's decimal mark ("2.000" de → 2000, "42,5" de → 42.5, "1,000" en → 1000). */
export function parseNumber(written: string, decimal: string): number | null {
  const s = written.replace(/[\u00a0\u202f\u2009 ]/g, '');
  const seps = [...s.matchAll(/[.,]/g)];
  let normalized = s;
  if (seps.length > 0) {
    const kinds = new Set(seps.map((m) => m[0]));
    if (kinds.size === 2) {
      const last = seps[seps.length - 1]?.[0] as string;
      normalized = s.split(last === '.' ? ',' : '.').join('').replace(last, '.');
    } else {
      const sep = seps[0]?.[0] as string;
      const after = s.length - (seps[0]?.index ?? 0) - 1;
      const grouped = seps.length > 1 || (sep !== decimal && after === 3);
      normalized = grouped ? s.split(sep).join('') : s.replace(sep, '.');
    }
  }
  const n = Number(normalized);
  return Number.isFinite(n) ? n : null;
}

const DATE_AFTER = /^\s*(?:年|月|日|号|년|월|일|時|时|:|\/|h\d)/u;
const DATE_BEFORE = /(?:[\/:]|第|thứ|ngày|tháng|năm|ke-|ke)\s*$/u;
const ORDINAL_AFTER = /^(?:st|nd|rd|th|e|er|ère|ème|eme|-?й|-?я|-?е|-?го|º|ª|°)(?![\p{L}])/u;
const YEAR = /^(?:19|20)\d\d$/;

const SPACED_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{M}]/u;

/** A stem hit ("Milliarde" in "Milliarden") extended to the end of its word, for scripts that separate words. */
function wordEnd(text: string, end: number): number {
  let e = end;
  if (e === 0 || !SPACED_LETTER.test(text[e - 1] as string)) return e;
  while (e < text.length && SPACED_LETTER.test(text[e] as string)) e++;
  return e;
}

interface Hit {
  tag: Tag;
  start: number;
  end: number;
}

function nextHit(hits: readonly Hit[], pos: number, text: string, maxGap: number): Hit | null {
  for (const h of hits) {
    if (h.start < pos) continue;
    const gap = text.slice(pos, h.start);
    if (h.start - pos <= maxGap && /^[\s-]*$/u.test(gap)) return h;
    return null;
  }
  return null;
}

function findPeriod(folded: string, lang: FigureLanguage, ctx: FigureContext, hasThisYear: boolean, at: number): string | null {
  const years = [...folded.matchAll(/(?<!\d)(?:19|20)\d\d(?!\d)/g)].map((m) => ({ y: m[0], i: m.index }));
  let best: { period: string; rank: number; dist: number } | null = null;
  const rankOf: Record<PeriodKind, number> = { range: 0, first: 1, by: 2 };
  const pubYear = ctx.published?.slice(0, 4) ?? null;
  for (const p of lang.periods) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(folded); m; m = p.re.exec(folded)) {
      const values: Partial<Record<'m' | 'mn' | 'n' | 'y', string[]>> = {};
      p.slots.forEach((slot, k) => {
        (values[slot] ??= []).push(m?.[k + 1] ?? '');
      });
      const monthNo = (w: string): number => lang.months.findIndex((re) => re.test(w)) + 1;
      let year = values.y?.[0] ?? null;
      if (!year && p.kind !== 'by') {
        const near = years.filter((y) => y.i >= (m?.index ?? 0)).at(0) ?? null;
        year = near?.y ?? (hasThisYear ? pubYear : null);
      }
      let period: string | null = null;
      if (p.kind === 'by' && year) period = `by ${year}`;
      if (p.kind === 'range' && year) {
        const ms = values.m?.map(monthNo) ?? values.mn?.map(Number) ?? [];
        const [a, b] = ms;
        if (a && b && a >= 1 && b >= 1 && a <= 12 && b <= 12) {
          period = `${year}-${String(a).padStart(2, '0')}/${year}-${String(b).padStart(2, '0')}`;
        }
      }
      if (p.kind === 'first' && year) {
        const w = values.n?.[0] ?? '';
        const n = /^\d+$/.test(w) ? Number(w) : (lang.numbers.get(w) ?? 0);
        if (n >= 1 && n <= 12) period = `${year}-01/${year}-${String(n).padStart(2, '0')}`;
      }
      if (!period) continue;
      const rank = rankOf[p.kind];
      const dist = Math.abs((m.index ?? 0) - at);
      if (!best || rank < best.rank || (rank === best.rank && dist < best.dist)) best = { period, rank, dist };
    }
  }
  if (best) return best.period;
  if (years.length > 0) {
    const nearest = [...years].sort((a, b) => Math.abs(a.i - at) - Math.abs(b.i - at))[0];
    return nearest?.y ?? null;
  }
  return null;
}

/**
 * The last word of `before` is a month name. The word is cut out once, not once per month pattern as a test inside
 * the `some` would (a number in a sentence costs up to a dozen patterns).
 */
function isMonthWord(months: readonly RegExp[], before: string): boolean {
  const lastWord = before.trimEnd().toLowerCase().split(/\s+/).pop() ?? '';
  return months.some((re) => re.test(lastWord));
}

/**
 * Figures in one sentence, in text order. Values are plain numbers in base units; percentages have unit '%'.
 * A language without figure data gives [].
 *
 * @example findFigures('Der bilaterale Handelsumsatz erreichte von Januar bis Oktober 2025 42,5 Milliarden US-Dollar.', 'de', { published: null })
 *   // → [{ value: 42500000000, unit: 'USD', measure: 'bilateral trade', period: '2025-01/2025-10', text: '42,5 Milliarden US-Dollar' }]
 */
export function findFigures(text: string, lang: string, ctx: FigureContext): Omit<Figure, 'evidence'>[] {
  const l = languageFor(lang);
  if (!l) return [];
  const src = asciiDigits(text);
  // Every figure starts at an ASCII digit (NUMBER's \d): a sentence without one has none.
  if (!HAS_DIGIT.test(src)) return [];
  const hits: Hit[] = matchLexicon(l.lexicon, src).map((h: LexiconHit<Tag>) => ({
    tag: h.tag,
    start: h.start,
    end: wordEnd(src, h.end),
  }));
  const measureHits: Hit[] = matchLexicon(l.measures, src);
  const folded = src.toLowerCase();
  const hasThisYear = hits.some((h) => h.tag.t === 'this-year');
  const out: Omit<Figure, 'evidence'>[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(src); m; m = NUMBER.exec(src)) {
    const written = m[1] as string;
    let start = m.index;
    let end = start + written.length;
    const before = src.slice(Math.max(0, start - 12), start);
    const after = src.slice(end, end + 12);
    if (DATE_AFTER.test(after) || DATE_BEFORE.test(before.toLowerCase()) || ORDINAL_AFTER.test(after)) continue;
    if (/^\.\s*\p{L}/u.test(after) && lang === 'de') {
      // German ordinal ("27. November", "2. Jahrestag"): a number with a trailing dot before a word.
      continue;
    }
    const afterWord = after.trimStart().toLowerCase();
    if (l.months.some((re) => re.test(afterWord)) || isMonthWord(l.months, before)) continue;
    let value = parseNumber(written, l.decimal);
    if (value === null) continue;
    let unit: string | null = null;
    let scaled = false;
    // Currency sign before the number ("$4.5 billion", "US$ 20 million").
    const pre = src.slice(Math.max(0, start - 4), start).replace(/\s+$/, '');
    for (const [sym, code] of SYMBOLS) {
      if (pre.endsWith(sym)) {
        unit = code;
        start = start - (src.slice(0, start).length - src.slice(0, start).trimEnd().length) - sym.length;
        break;
      }
    }
    let pos = end;
    const scale = nextHit(hits, pos, src, MAX_GAP);
    if (scale && scale.tag.t === 'scale') {
      value = value * scale.tag.value;
      scaled = true;
      pos = scale.end;
      end = scale.end;
    }
    const u = nextHit(hits, pos, src, MAX_GAP);
    if (u && u.tag.t === 'unit' && !unit) {
      unit = u.tag.value;
      end = u.end;
    }
    if (!unit) {
      // A counted noun within a few words: "2.000 japanische Unternehmen", "1,4 Millionen Besucher".
      const countHit = hits.find((h) => h.tag.t === 'count' && h.start >= end);
      const between = countHit ? src.slice(end, countHit.start) : '';
      const words = between.trim() === '' ? 0 : between.trim().split(/\s+/u).length;
      if (countHit && countHit.tag.t === 'count' && words <= MAX_WORDS_TO_COUNT && !/[,;:.()]/u.test(between)) {
        unit = countHit.tag.value;
        end = countHit.end;
      }
    }
    if (!unit && !scaled) continue;
    if (!unit && YEAR.test(written)) continue;
    // Measure: the nearest measure word in the sentence.
    let measure: string | null = null;
    let bestDist = Infinity;
    for (const h of measureHits) {
      if (h.tag.t !== 'measure') continue;
      const dist = h.end <= start ? start - h.end : h.start >= end ? h.start - end : 0;
      if (dist < bestDist) {
        bestDist = dist;
        measure = h.tag.value;
      }
    }
    const period = findPeriod(folded, l, ctx, hasThisYear, start);
    out.push({
      value: Number(value.toPrecision(12)),
      unit,
      measure,
      period,
      text: text.slice(start, end),
    });
  }
  return out;
}
