/**
 * Date mentions in a sentence, in any supported language, resolved against the document's anchor.
 *
 * The parser is driven by data/dates.json (month names and inflections, weekdays, relative words, joiners per
 * language). Rules, in the words of a careful analyst:
 * - a day and month without a year take the most recent such date not after publication; with no publication
 *   date, the year the document pins (anchor.yearHints[0]) or no year at all — never a guess;
 * - a month alone takes the most recent such month not after publication;
 * - 'last December' / 'im vergangenen Dezember' is the most recent December strictly before the publication month;
 * - 'in December of last year' / 'в декабре прошлого года' shifts the publication year;
 * - weekdays and 'yesterday' need a publication date, and are dropped without one;
 * - a time of day ('Утром', 'chiều', 'l'après-midi', '午前') never discards the date next to it.
 *
 * Every regular expression here either scans the text once without nested quantifiers, or runs on a slice of at
 * most LOOK characters, so no input can make it backtrack badly.
 */
import { perLanguage } from './per-language.js';
import type { DateAnchor, DateMention, DateParts } from './types.js';
import { PhraseMatcher, foldText, findOccasions } from './places.js';
import datesData from './data/dates.json' with { type: 'json' };
import { escapeRegExp } from '../corpus/regexp.js';

/** Characters looked at on each side of a month name for days, years and modifiers. */
const LOOK = 40;
/** Plausible years of an event (after era conversion). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
/** A bare 4-digit number is returned as a year only in this range. */
const MIN_BARE_YEAR = 1990;
/** Offset between the Thai Buddhist era and the Common era. */
const BUDDHIST_OFFSET = 543;

interface LangDates {
  months: Record<string, string[]>;
  monthNumberPrefixes?: string[];
  weekdays: Record<string, string[]>;
  weekdayPrefixes?: string[];
  weekdayStops?: string[];
  relativeDays: Record<string, number>;
  relativeYears: Record<string, number>;
  lastBefore: string[];
  lastAfter: string[];
  nextBefore: string[];
  nextAfter: string[];
  thisBefore: string[];
  yearJoiners: string[];
  dayMonthJoiners: string[];
  rangeWords: string[];
  ordinals: string[];
  yearPrefixes: string[];
  yearSuffixes: string[];
  dayAfterMonth: boolean;
  monthFirstNumeric: boolean;
  dmCues: string[];
  monthCues: string[];
  buddhistEra?: boolean;
}

interface DatesData {
  eras: Record<string, number>;
  rangeSymbols: string[];
  langs: Record<string, LangDates>;
}

const DATA = datesData as unknown as DatesData;

type Token =
  | { kind: 'month'; month: number; ambiguous: boolean }
  | { kind: 'weekday'; dow: number }
  | { kind: 'relday'; offset: number }
  | { kind: 'relyear'; offset: number };

interface Compiled {
  d: LangDates;
  matcher: PhraseMatcher<Token>;
  leftDay: RegExp;
  rightDay: RegExp | null;
  rightYear: RegExp;
  monthNumber: RegExp | null;
  relYears: [string, number][];
  rangeGap: RegExp;
}

const escapeRe = escapeRegExp;
const alt = (xs: string[]): string => [...xs].sort((a, b) => b.length - a.length).map(escapeRe).join('|');

const EMPTY_LANG: LangDates = {
  months: {}, weekdays: {}, relativeDays: {}, relativeYears: {}, lastBefore: [], lastAfter: [], nextBefore: [], nextAfter: [],
  thisBefore: [], yearJoiners: [], dayMonthJoiners: [], rangeWords: [], ordinals: [], yearPrefixes: [], yearSuffixes: [],
  dayAfterMonth: false, monthFirstNumeric: false, dmCues: [], monthCues: [],
};

function compile(d: LangDates): Compiled {
  const m = new PhraseMatcher<Token>();
  for (const [k, names] of Object.entries(d.months)) {
    for (const n of names) {
      const ambiguous = n.startsWith('?');
      m.add(ambiguous ? n.slice(1) : n, { kind: 'month', month: Number(k), ambiguous });
    }
  }
  for (const [k, names] of Object.entries(d.weekdays)) for (const n of names) m.add(n, { kind: 'weekday', dow: Number(k) });
  for (const [p, off] of Object.entries(d.relativeDays)) m.add(p, { kind: 'relday', offset: off });
  for (const [p, off] of Object.entries(d.relativeYears)) m.add(p, { kind: 'relyear', offset: off });
  for (const s of d.weekdayStops ?? []) m.add(s, null);

  const ord = d.ordinals.length ? `(?:${alt(d.ordinals)})?` : '';
  const range = alt([...DATA.rangeSymbols, ...d.rangeWords]);
  const join = d.dayMonthJoiners.length ? `(?:(?:${alt(d.dayMonthJoiners)})\\s*)?` : '';
  const leftDay = new RegExp(`(?<![\\d.,/])(\\d{1,2})${ord}\\.?(?:\\s*(?:${range})\\s*(\\d{1,2})${ord}\\.?)?\\s*${join}$`, 'iu');
  const rightDay = d.dayAfterMonth
    ? new RegExp(`^\\.?\\s*(\\d{1,2})${ord}(?![\\d.,:]\\d|\\d)(?:\\s*(?:${range}|&)\\s*(\\d{1,2})${ord}(?![\\d.,:]\\d|\\d))?`, 'iu')
    : null;
  const pre = d.yearPrefixes.length ? `(?:(${alt(d.yearPrefixes)})\\s*)?` : '()';
  const suf = d.yearSuffixes.length ? `(?:\\s*(?:${alt(d.yearSuffixes)}))?` : '';
  const rightYear = new RegExp(`^\\.?\\s*(?:,\\s*)?${pre}(?:[/.\\-]\\s*)?(\\d{4})(?![\\d.,]\\d|\\d)${suf}`, 'iu');
  const monthNumber = d.monthNumberPrefixes?.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt(d.monthNumberPrefixes)})\\s*(\\d{1,2})(?!\\d)`, 'giu')
    : null;
  const relYears = Object.entries(d.relativeYears).map(([p, o]) => [foldText(p), o] as [string, number])
    .sort((a, b) => b[0].length - a[0].length);
  const rangeGap = new RegExp(`^\\s*(?:${range})\\s*$`, 'iu');
  return { d, matcher: m, leftDay, rightDay, rightYear, monthNumber, relYears, rangeGap };
}

/** Each language's patterns, compiled when the language is first read (per-language.ts). */
const compiledOf = perLanguage(DATA.langs, compile);
let compiledNone: Compiled | null = null;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------

const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
const UNSPACED_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u;

/** Digits of other scripts (Arabic-Indic, Persian, Thai, full-width) as ASCII; same length. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\u0e50-\u0e59\uff10-\uff19]/g, (c) => {
    const code = c.charCodeAt(0);
    const base = code >= 0xff10 ? 0xff10 : code >= 0x0e50 ? 0x0e50 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - base);
  });
}

const PREPARED = new WeakMap<string[], string[]>();

/** Folded phrases, longest first (cached per data array). */
function prepared(phrases: string[]): string[] {
  let p = PREPARED.get(phrases);
  if (!p) {
    p = phrases.map(foldText).sort((a, b) => b.length - a.length);
    PREPARED.set(phrases, p);
  }
  return p;
}

/** Length of a phrase of `phrases` that the (folded) left context ends with, counting trailing spaces; -1 if none. */
function endsWithPhrase(left: string, phrases: string[]): number {
  const t = left.trimEnd();
  for (const p of prepared(phrases)) {
    if (p.length === 0 || !t.endsWith(p)) continue;
    const before = t[t.length - p.length - 1];
    if (before !== undefined && WORD_RE.test(before) && !UNSPACED_RE.test(p[0]!) && !UNSPACED_RE.test(before)) continue;
    return left.length - t.length + p.length;
  }
  return -1;
}

/** Length of a phrase of `phrases` that the (folded) right context starts with, counting leading spaces; -1 if none. */
function startsWithPhrase(right: string, phrases: string[]): number {
  const t = right.trimStart();
  for (const p of prepared(phrases)) {
    if (p.length === 0 || !t.startsWith(p)) continue;
    const after = t[p.length];
    if (after !== undefined && WORD_RE.test(after) && !UNSPACED_RE.test(p[p.length - 1]!) && !UNSPACED_RE.test(after)) continue;
    return right.length - t.length + p.length;
  }
  return -1;
}

function relYearAt(right: string, c: Compiled): { len: number; offset: number } | null {
  const t = right.trimStart();
  const ws = right.length - t.length;
  for (const [p, o] of c.relYears) {
    if (!t.startsWith(p)) continue;
    const after = t[p.length];
    if (after !== undefined && WORD_RE.test(after) && !UNSPACED_RE.test(p[p.length - 1]!)) continue;
    return { len: ws + p.length, offset: o };
  }
  return null;
}

function relYearBefore(left: string, c: Compiled): { len: number; offset: number } | null {
  const t = left.trimEnd();
  for (const [p, o] of c.relYears) {
    if (!t.endsWith(p)) continue;
    const before = t[t.length - p.length - 1];
    if (before !== undefined && WORD_RE.test(before) && !UNSPACED_RE.test(p[0]!) && !UNSPACED_RE.test(before)) continue;
    return { len: left.length - t.length + p.length, offset: o };
  }
  return null;
}

function daysInMonth(year: number | null, month: number): number {
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validDay(year: number | null, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

interface Ymd { y: number; m: number; d: number }

function parsePublished(p: string | null): Ymd | null {
  if (p === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(p);
  if (!m) return null;
  const r = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return validDay(r.y, r.m, r.d) ? r : null;
}

function addDays(p: Ymd, n: number): DateParts {
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function dayOfWeek(p: Ymd): number {
  return new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
}

function hanNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const digits: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (s === '元') return 1;
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === '十') { total += (cur || 1) * 10; cur = 0; } else cur = digits[ch] ?? NaN;
  }
  return total + cur;
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------------------------------------------

type Kind = 'date' | 'weekday' | 'relday' | 'year' | 'relyear' | 'dayonly';

interface Cand {
  start: number;
  end: number;
  parts: DateParts;
  until: DateParts | null;
  relative: boolean;
  kind: Kind;
  yearExplicit: boolean;
}

interface Ctx {
  text: string;
  /** The text with other scripts' digits as ASCII digits (asciiDigits). */
  t: string;
  /**
   * `t` holds an ASCII digit. Every numeric pattern (ISO_RE … YEAR_RE, the month-number prefixes) needs one, and most
   * sentences have none: they skip those scans (each a regexp copy and a pass over the text) at the cost of one test.
   */
  digits: boolean;
  folded: string;
  c: Compiled;
  pub: Ymd | null;
  hint: number | null;
  out: Cand[];
}

/** Year for a day+month (day may be null) with no year written, by the news convention. */
function implicitYear(ctx: Ctx, month: number, day: number | null): number | null {
  const p = ctx.pub;
  if (p === null) return ctx.hint;
  if (month < p.m || (month === p.m && (day === null || day <= p.d))) return p.y;
  return p.y - 1;
}

function toYear(raw: number, buddhist: boolean): number | null {
  const y = buddhist && raw > 2400 ? raw - BUDDHIST_OFFSET : raw;
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
}

/**
 * A month named at [ms, me) (by a word or 'tháng 11'): gather the day(s) on its left (or right), the year on its
 * right, and the relative words around it.
 */
function monthCandidate(ctx: Ctx, ms: number, me: number, month: number, ambiguous: boolean): void {
  const { text, t, folded, c } = ctx;
  let start = ms;
  let end = me;
  let day: number | null = null;
  let day2: number | null = null;

  const leftText = t.slice(Math.max(0, ms - LOOK), ms);
  const ld = c.leftDay.exec(leftText);
  if (ld) {
    day = Number(ld[1]);
    day2 = ld[2] !== undefined ? Number(ld[2]) : null;
    start = ms - (leftText.length - ld.index);
  } else if (c.rightDay) {
    const rd = c.rightDay.exec(t.slice(me, me + LOOK));
    if (rd) {
      day = Number(rd[1]);
      day2 = rd[2] !== undefined ? Number(rd[2]) : null;
      end = me + rd[0].length;
    }
  }

  let year: number | null = null;
  const ry = c.rightYear.exec(t.slice(end, end + LOOK));
  if (ry) {
    const buddhist = c.d.buddhistEra === true || (ry[1] ?? '').includes('พ.ศ');
    const y = toYear(Number(ry[2]), buddhist);
    if (y !== null) { year = y; end += ry[0].length; }
  }
  const yearExplicit = year !== null;

  let relative = false;
  if (year === null) {
    const leftF = folded.slice(Math.max(0, start - LOOK), start);
    const rightF = folded.slice(end, end + LOOK);
    let afterRel: { len: number; offset: number } | null = null;
    const joinLen = startsWithPhrase(rightF, c.d.yearJoiners);
    if (joinLen >= 0) {
      const r = relYearAt(rightF.slice(joinLen), c);
      if (r) afterRel = { len: joinLen + r.len, offset: r.offset };
    }
    afterRel ??= relYearAt(rightF, c);
    const pub = ctx.pub;
    if (afterRel) {
      if (pub === null) return;
      year = pub.y + afterRel.offset;
      end += afterRel.len;
      relative = true;
    } else {
      let leftForRel = leftF;
      const lj = endsWithPhrase(leftF, c.d.yearJoiners);
      if (lj >= 0) leftForRel = leftF.slice(0, leftF.length - lj);
      const beforeRel = relYearBefore(leftForRel, c) ?? relYearBefore(leftF, c);
      const lastB = endsWithPhrase(leftF, c.d.lastBefore);
      const nextB = endsWithPhrase(leftF, c.d.nextBefore);
      const thisB = endsWithPhrase(leftF, c.d.thisBefore);
      const lastA = startsWithPhrase(rightF, c.d.lastAfter);
      const nextA = startsWithPhrase(rightF, c.d.nextAfter);
      if (beforeRel) {
        if (pub === null) return;
        year = pub.y + beforeRel.offset;
        start -= beforeRel.len + (leftForRel === leftF ? 0 : lj);
        relative = true;
      } else if (lastB >= 0 || lastA >= 0) {
        if (pub === null) return;
        year = month < pub.m ? pub.y : pub.y - 1;
        if (lastB >= 0) start -= lastB; else end += lastA;
        relative = true;
      } else if (nextB >= 0 || nextA >= 0) {
        if (pub === null) return;
        year = month > pub.m ? pub.y : pub.y + 1;
        if (nextB >= 0) start -= nextB; else end += nextA;
        relative = true;
      } else if (thisB >= 0) {
        if (pub === null) return;
        year = pub.y;
        start -= thisB;
        relative = true;
      } else {
        if (ambiguous && day === null) {
          const cue = endsWithPhrase(leftF, c.d.monthCues);
          const first = text[ms]!;
          if (cue < 0 || first === first.toLowerCase()) return;
        }
        year = implicitYear(ctx, month, day);
      }
    }
  }

  if (day !== null && !validDay(year, month, day)) return;
  if (day2 !== null && (day2 <= (day ?? 0) || !validDay(year, month, day2))) day2 = null;
  ctx.out.push({
    start, end,
    parts: { year, month, day },
    until: day2 !== null ? { year, month, day: day2 } : null,
    relative,
    kind: 'date',
    yearExplicit,
  });
}

const ISO_RE = /(?<![\d.\/-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])/g;
const YMD_RE = /(?<![\d.\/])(\d{4})[.\/](\d{1,2})[.\/](\d{1,2})(?![\d])/g;
const DMY_RE = /(?<![\d.\/])(\d{1,2})([.\/-])(\d{1,2})\2(\d{4})(?![\d])/g;
const DM_RE = /(?<![\d.\/])(\d{1,2})\/(\d{1,2})(?![\d\/])/g;
const ERA_ALT = alt(Object.keys(DATA.eras));
const HAN = '[〇一二三四五六七八九十]{1,3}';
const CJK_RE = new RegExp(
  `(?<![\\d])(?:(${ERA_ALT})\\s*(\\d{1,2}|元)\\s*年\\s*|(\\d{4})\\s*[年년]\\s*)?(\\d{1,2}|${HAN})\\s*[月월](?:\\s*(\\d{1,2}|${HAN})\\s*[日号號일](?:\\s*(?:[-–~〜～至到]|から)\\s*(\\d{1,2}|${HAN})\\s*[日号號일]?)?)?`,
  'gu',
);
const ERA_YEAR_RE = new RegExp(`(${ERA_ALT})\\s*(\\d{1,2}|元)\\s*年`, 'gu');
const DAY_ONLY_RE = /(?<![\d月월.\/\-])(\d{1,2})\s*([日号일])(?![本間间간曜中])/gu;
/** An ASCII digit: what `\d` matches, with or without the `u` flag. */
const ASCII_DIGIT = /[0-9]/;
const YEAR_RE = /(?<![\d.,\/:])(\d{4})(?![\d]|[.,:\/]\d)/g;

function pushNumeric(ctx: Ctx, start: number, end: number, y: number, m: number, d: number): void {
  if (!validDay(y, m, d) || y < MIN_YEAR || y > MAX_YEAR) return;
  ctx.out.push({ start, end, parts: { year: y, month: m, day: d }, until: null, relative: false, kind: 'date', yearExplicit: true });
}

function numericCandidates(ctx: Ctx): void {
  if (!ctx.digits) return;
  const { t, c } = ctx;
  for (const m of t.matchAll(ISO_RE)) pushNumeric(ctx, m.index, m.index + m[0].length, +m[1]!, +m[2]!, +m[3]!);
  for (const m of t.matchAll(YMD_RE)) pushNumeric(ctx, m.index, m.index + m[0].length, +m[1]!, +m[2]!, +m[3]!);
  for (const m of t.matchAll(DMY_RE)) {
    let a = +m[1]!;
    let b = +m[3]!;
    const y = toYear(+m[4]!, c.d.buddhistEra === true);
    if (y === null) continue;
    // day-first everywhere except where the language writes month first; an impossible order is swapped
    if (c.d.monthFirstNumeric ? a <= 12 : b > 12) [a, b] = [b, a];
    pushNumeric(ctx, m.index, m.index + m[0].length, y, b, a);
  }
  if (c.d.dmCues.length) {
    for (const m of t.matchAll(DM_RE)) {
      const day = +m[1]!;
      const month = +m[2]!;
      const cue = endsWithPhrase(ctx.folded.slice(Math.max(0, m.index - LOOK), m.index), c.d.dmCues);
      if (cue < 0 || !validDay(null, month, day)) continue;
      const year = implicitYear(ctx, month, day);
      if (year !== null && !validDay(year, month, day)) continue;
      ctx.out.push({ start: m.index, end: m.index + m[0].length, parts: { year, month, day }, until: null, relative: false, kind: 'date', yearExplicit: false });
    }
  }
  if (c.monthNumber) {
    c.monthNumber.lastIndex = 0;
    for (const m of t.matchAll(c.monthNumber)) {
      const month = +m[1]!;
      if (month >= 1 && month <= 12) monthCandidate(ctx, m.index, m.index + m[0].length, month, false);
    }
  }
}

function cjkCandidates(ctx: Ctx): void {
  const { t } = ctx;
  if (!/[月월]/u.test(t) && !/[日号일年]/u.test(t)) return;
  for (const m of t.matchAll(CJK_RE)) {
    const month = hanNumber(m[4]!);
    if (!(month >= 1 && month <= 12)) continue;
    let year: number | null = null;
    if (m[1] !== undefined) year = DATA.eras[m[1]]! + hanNumber(m[2]!);
    else if (m[3] !== undefined) year = toYear(+m[3], false);
    const day = m[5] !== undefined ? hanNumber(m[5]) : null;
    const day2 = m[6] !== undefined ? hanNumber(m[6]) : null;
    let start = m.index;
    const end = m.index + m[0].length;
    let relative = false;
    const explicit = year !== null;
    if (year === null) {
      const leftF = ctx.folded.slice(Math.max(0, start - LOOK), start);
      let leftForRel = leftF;
      const lj = endsWithPhrase(leftF, ctx.c.d.yearJoiners);
      if (lj >= 0) leftForRel = leftF.slice(0, leftF.length - lj);
      const rel = relYearBefore(leftForRel, ctx.c);
      const lastB = endsWithPhrase(leftF, ctx.c.d.lastBefore);
      const nextB = endsWithPhrase(leftF, ctx.c.d.nextBefore);
      if (rel) {
        if (ctx.pub === null) continue;
        year = ctx.pub.y + rel.offset;
        start -= rel.len + (leftForRel === leftF ? 0 : lj);
        relative = true;
      } else if (lastB >= 0) {
        if (ctx.pub === null) continue;
        year = month < ctx.pub.m ? ctx.pub.y : ctx.pub.y - 1;
        start -= lastB;
        relative = true;
      } else if (nextB >= 0) {
        if (ctx.pub === null) continue;
        year = month > ctx.pub.m ? ctx.pub.y : ctx.pub.y + 1;
        start -= nextB;
        relative = true;
      } else {
        year = implicitYear(ctx, month, day);
      }
    }
    if (day !== null && !validDay(year, month, day)) continue;
    const until = day2 !== null && day !== null && day2 > day && validDay(year, month, day2) ? { year, month, day: day2 } : null;
    ctx.out.push({ start, end, parts: { year, month, day }, until, relative, kind: 'date', yearExplicit: explicit });
  }
  for (const m of t.matchAll(ERA_YEAR_RE)) {
    const year = DATA.eras[m[1]!]! + hanNumber(m[2]!);
    ctx.out.push({ start: m.index, end: m.index + m[0].length, parts: { year, month: null, day: null }, until: null, relative: false, kind: 'year', yearExplicit: true });
  }
  if (ctx.pub !== null) {
    for (const m of t.matchAll(DAY_ONLY_RE)) {
      const day = +m[1]!;
      if (day < 1 || day > 31) continue;
      let y = ctx.pub.y;
      let mo = ctx.pub.m;
      if (day > ctx.pub.d) { mo -= 1; if (mo === 0) { mo = 12; y -= 1; } }
      if (!validDay(y, mo, day)) { mo -= 1; if (mo === 0) { mo = 12; y -= 1; } }
      if (!validDay(y, mo, day)) continue;
      ctx.out.push({ start: m.index, end: m.index + m[0].length, parts: { year: y, month: mo, day }, until: null, relative: true, kind: 'dayonly', yearExplicit: false });
    }
  }
}

function yearCandidates(ctx: Ctx): void {
  if (!ctx.digits) return;
  const buddhist = ctx.c.d.buddhistEra === true;
  for (const m of ctx.t.matchAll(YEAR_RE)) {
    const raw = +m[1]!;
    const y = buddhist && raw > 2400 ? raw - BUDDHIST_OFFSET : raw;
    if (y < MIN_BARE_YEAR || y > MAX_YEAR) continue;
    ctx.out.push({ start: m.index, end: m.index + 4, parts: { year: y, month: null, day: null }, until: null, relative: false, kind: 'year', yearExplicit: true });
  }
}

function wordCandidates(ctx: Ctx): void {
  const { text, folded, c, pub } = ctx;
  for (const h of c.matcher.find(text, folded)) {
    const v = h.value;
    if (v.kind === 'month') {
      monthCandidate(ctx, h.start, h.end, v.month, v.ambiguous);
    } else if (v.kind === 'weekday') {
      if (pub === null) continue;
      const leftF = folded.slice(Math.max(0, h.start - LOOK), h.start);
      if (c.d.weekdayPrefixes?.length && endsWithPhrase(leftF, c.d.weekdayPrefixes) < 0) continue;
      const last = endsWithPhrase(leftF, c.d.lastBefore) >= 0 || startsWithPhrase(folded.slice(h.end, h.end + LOOK), c.d.lastAfter) >= 0;
      const next = endsWithPhrase(leftF, c.d.nextBefore) >= 0 || startsWithPhrase(folded.slice(h.end, h.end + LOOK), c.d.nextAfter) >= 0;
      const dow = dayOfWeek(pub);
      let delta = -((dow - v.dow + 7) % 7);
      if (last && delta === 0) delta = -7;
      if (next) delta = ((v.dow - dow + 7) % 7) || 7;
      ctx.out.push({ start: h.start, end: h.end, parts: addDays(pub, delta), until: null, relative: true, kind: 'weekday', yearExplicit: false });
    } else if (v.kind === 'relday') {
      if (pub === null) continue;
      ctx.out.push({ start: h.start, end: h.end, parts: addDays(pub, v.offset), until: null, relative: true, kind: 'relday', yearExplicit: false });
    } else {
      if (pub === null) continue;
      ctx.out.push({ start: h.start, end: h.end, parts: { year: pub.y + v.offset, month: null, day: null }, until: null, relative: true, kind: 'relyear', yearExplicit: false });
    }
  }
}

/** Keep the longest candidates that do not overlap, in text order. */
function selectCandidates(cands: Cand[]): Cand[] {
  const sorted = [...cands].sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: Cand[] = [];
  for (const c of sorted) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}

/** b comes strictly after a (a missing year on either side compares by month and day only). */
function isAfter(b: DateParts, a: DateParts): boolean {
  const key = (p: DateParts, withYear: boolean): number => (withYear ? (p.year ?? 0) * 10000 : 0) + (p.month ?? 0) * 100 + (p.day ?? 0);
  const withYear = a.year !== null && b.year !== null;
  return key(b, withYear) > key(a, withYear) || (!withYear && b.year !== null);
}

const WEEKDAY_GAP = /^[\s,()（）、]*$/u;

/** Join 'A – B' into a range, and drop a weekday written next to the date it names. */
function joinRanges(ctx: Ctx, cands: Cand[]): Cand[] {
  const out: Cand[] = [];
  for (const cur of cands) {
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'date' && cur.kind === 'date' && prev.until === null && !prev.relative && !cur.relative
      && prev.parts.month !== null && cur.parts.month !== null && ctx.c.rangeGap.test(ctx.t.slice(prev.end, cur.start))
      && isAfter(cur.parts, prev.parts)) {
      if (!prev.yearExplicit && cur.yearExplicit && cur.parts.year !== null) {
        const pm = prev.parts.month;
        prev.parts = { ...prev.parts, year: pm <= cur.parts.month ? cur.parts.year : cur.parts.year - 1 };
        prev.yearExplicit = true;
      }
      prev.until = cur.until ?? cur.parts;
      prev.end = cur.end;
      continue;
    }
    out.push(cur);
  }
  return out.filter((c, i) => {
    if (c.kind !== 'weekday') return true;
    const next = out[i + 1];
    const prev = out[i - 1];
    if (next && next.kind === 'date' && next.parts.day !== null && WEEKDAY_GAP.test(ctx.t.slice(c.end, next.start))) return false;
    if (prev && prev.kind === 'date' && prev.parts.day !== null && WEEKDAY_GAP.test(ctx.t.slice(prev.end, c.start))) return false;
    return true;
  });
}

/**
 * Date mentions in `text` (one sentence or a short passage) written in `lang` (ISO 639-1), resolved against
 * `anchor`. Relative phrases are returned only when they can be resolved (publication date known).
 *
 * @example findDates('Утром 16 ноября', 'ru', { published: null, yearHints: [2024] })
 *   → [{ parts: { year: 2024, month: 11, day: 16 }, until: null, relative: false, start: 6, end: 15, text: '16 ноября' }]
 */
export function findDates(text: string, lang: string, anchor: DateAnchor): DateMention[] {
  if (text.length === 0) return [];
  const t = asciiDigits(text);
  const ctx: Ctx = {
    text,
    t,
    digits: ASCII_DIGIT.test(t),
    folded: foldText(text),
    c: compiledOf(lang) ?? (compiledNone ??= compile(EMPTY_LANG)),
    pub: parsePublished(anchor.published),
    hint: anchor.yearHints[0] ?? null,
    out: [],
  };
  numericCandidates(ctx);
  cjkCandidates(ctx);
  wordCandidates(ctx);
  yearCandidates(ctx);
  return joinRanges(ctx, selectCandidates(ctx.out)).map((c) => ({
    parts: c.parts,
    until: c.until,
    relative: c.relative,
    ...(!c.yearExplicit && !c.relative && ctx.pub === null && c.parts.year !== null ? { hinted: true } : {}),
    start: c.start,
    end: c.end,
    text: text.slice(c.start, c.end),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Date strings
// ---------------------------------------------------------------------------------------------------------------

const pad = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' as precise as the parts allow, or null without a year. */
export function formatDate(parts: DateParts): string | null {
  if (parts.year === null) return null;
  if (parts.month === null) return String(parts.year);
  if (parts.day === null) return `${parts.year}-${pad(parts.month)}`;
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** True when the two dates can be the same day: null contradicts nothing, '2024' fits '2024-11-16'. */
export function compatibleDates(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) === b.slice(0, n) && (a.length === n ? b[n] === undefined || b[n] === '-' : a[n] === '-');
}

/** The more precise of two compatible dates ('2024' vs '2024-11' → '2024-11'); `a` when they disagree. */
export function moreSpecific(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  if (!compatibleDates(a, b)) return a;
  return b.length > a.length ? b : a;
}

/**
 * Years pinned by named events in a text ('АТЭС-2024', 'APEC 2024', 'G20 Osaka 2019', 'ASEAN 2025'),
 * most often named first (ties: first named first).
 */
export function yearHintsOf(text: string): number[] {
  const counts = new Map<number, number>();
  for (const o of findOccasions(text, '*')) if (o.year !== null) counts.set(o.year, (counts.get(o.year) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([y]) => y);
}

/**
 * Days of the week (0 = Sunday) named in `text`, in text order ("ce dimanche matin 1er mai" → [0]). Used to pick the
 * year of a day and month written without one: 1 May fell on a Sunday in 2022, not in 2023 or 2024.
 */
export function weekdaysIn(text: string, lang: string): number[] {
  const c = compiledOf(lang);
  if (!c) return [];
  return c.matcher.find(text).flatMap((hit) => (hit.value.kind === 'weekday' ? [hit.value.dow] : []));
}
