/**
 * Article metadata found in the text itself: the page store's ` date YYYY-MM[-DD]` line, header lines
 * ('Báo Nhân dânBáo Nhân dân30/11/2025', 'May 1, 2022', '作者:佚名  来源:澎湃新闻  更新:2018-6-2'), labelled
 * source links ('Quelle: https://…', 'Nguồn: …', 'Источник: …') and a closing agency line ('ВИА'). Meta lines are
 * removed from the body. Dates are only taken when the text states year, month and day: never guessed.
 */
import { lazyPackage } from './lazy-package.js';
import metadata from './data/metadata.json' with { type: 'json' };
import { splitSentences } from './sentences.js';

export interface Metadata {
  title: string | null;
  outlet: string | null;
  /** 'YYYY-MM-DD' or null. */
  published: string | null;
  source: string | null;
}

export interface HeaderMetadata {
  outlet: string | null;
  published: string | null;
  source: string | null;
  /** The lines with every meta line removed ('' paragraph breaks kept). */
  lines: string[];
  /** The meta lines that were removed, for inspection. */
  removed: string[];
}

const SOURCE_LABELS = new Set(metadata.sourceLabels.map((s) => s.toLowerCase()));
const DATE_LABELS = new Set(metadata.dateLabels.map((s) => s.toLowerCase()));
const AGENCIES = new Map(metadata.agencies.map((a) => [a.toLowerCase(), a]));

const STORE_DATE_RE = /^\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)/;
const FIELD_RE = /^\s*([^:：\s][^:：]{0,30}?)\s*[:：]\s*(.*)$/u;
const URL_RE = /https?:\/\/[^\s<>"'）)\]]+/u;
const REPEATED_NAME_DATE_RE = /^(.{2,60}?)\1\s*[-–|,]?\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)/u;
const NUMERIC_DMY_RE = /(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)/u;
const NUMERIC_YMD_RE = /(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?!\d)/u;
const AM_PM_RE = /\d\s*(?:am|pm|a\.m\.|p\.m\.)(?![\p{L}])/iu;
const YEAR_RE = /(?:19|20)\d{2}|平成|令和|昭和/u;
const TERMINAL_RE = /[.!?。！？]$/u;
const SEPARATORS_RE = /[|·•,–—\-:：()（）]+/gu;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const chronoNode = lazyPackage<typeof import('chrono-node')>('chrono-node');
/** Chrono parsers tried on a header line, by script (chrono loaded with the first date it is asked to read). */
let parsersByScript: ReturnType<typeof parsersOf> | undefined;
const chronoParsers = () => (parsersByScript ??= parsersOf(chronoNode()));
function parsersOf(chrono: typeof import('chrono-node')) {
  return {
    latin: [chrono.en, chrono.de, chrono.fr, chrono.es, chrono.pt, chrono.it, chrono.nl],
    cyrillic: [chrono.ru, chrono.uk],
    cjk: [chrono.ja, chrono.zh],
  };
}
/** A header date line may carry this many other words (an author, a weekday, 'Updated'). */
const MAX_WORDS_BESIDE_DATE = 5;
const MAX_DATE_LINE = 100;

/** 'YYYY-MM-DD' when the parts form a real calendar date in a plausible range, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Takes the page store's ` date YYYY-MM[-DD]` prefix off the first non-empty line.
 * @returns published: the full date when the line gives one (a month alone is not a publication date).
 */
export function takeStoreDate(lines: readonly string[]): { published: string | null; month: string | null; lines: string[]; found: boolean } {
  const out = [...lines];
  const i = out.findIndex((l) => l.trim() !== '');
  if (i === -1) return { published: null, month: null, lines: out, found: false };
  const m = STORE_DATE_RE.exec(out[i]!);
  if (!m) return { published: null, month: null, lines: out, found: false };
  out[i] = out[i]!.slice(m[0].length).trim();
  const published = m[3] ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  // A month-only page date is not a publication date, but it still says when the page is from.
  const month = m[2] ? `${m[1]}-${String(m[2]).padStart(2, '0')}` : null;
  return { published, month, lines: out, found: true };
}

/** The full date stated in a short string, with the matched text, or null. */
export function findDate(text: string): { date: string; match: string } | null {
  const ymd = NUMERIC_YMD_RE.exec(text);
  if (ymd) {
    const date = isoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    if (date) return { date, match: ymd[0] };
  }
  const dmy = NUMERIC_DMY_RE.exec(text);
  if (dmy) {
    const a = Number(dmy[1]);
    const b = Number(dmy[2]);
    const year = Number(dmy[3]);
    // Day first everywhere except US-style stamps with a 12-hour clock ('7/3/2019 9:30:05 AM') or a day > 12 second.
    const monthFirst = b > 12 || (AM_PM_RE.test(text) && a <= 12);
    const date = monthFirst ? isoDate(year, a, b) : isoDate(year, b, a);
    if (date) return { date, match: dmy[0] };
  }
  if (!YEAR_RE.test(text)) return null;
  const { latin, cyrillic, cjk } = chronoParsers();
  const parsers = CJK_RE.test(text) ? cjk : CYRILLIC_RE.test(text) ? cyrillic : latin;
  for (const parser of parsers) {
    for (const r of parser.parse(text)) {
      if (!r.start.isCertain('year') || !r.start.isCertain('month') || !r.start.isCertain('day')) continue;
      const date = isoDate(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!);
      if (date) return { date, match: r.text };
    }
  }
  return null;
}

function words(text: string): number {
  const t = text.replace(SEPARATORS_RE, ' ').trim();
  if (t === '') return 0;
  if (CJK_RE.test(t) && !/\s/.test(t)) return Math.ceil(t.length / 4);
  return t.split(/\s+/).length;
}

function cleanUrl(url: string): string {
  return url.replace(/[.,;:!?]+$/u, '');
}

/** The host of a URL without 'www.' / 'm.', or null. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^(?:www|m|mobile|amp)\./, '') || null;
  } catch {
    return null;
  }
}

interface Fields {
  source: string | null;
  outlet: string | null;
  date: string | null;
  isMeta: boolean;
}

/** Reads 'Label: value' fields of a line (fields separated by '|' or two spaces). */
function readFields(line: string): Fields {
  const result: Fields = { source: null, outlet: null, date: null, isMeta: false };
  const fields = line.split(/\s{2,}|\s\|\s|\t/u).filter((f) => f.trim() !== '');
  let labelled = 0;
  for (const field of fields) {
    const m = FIELD_RE.exec(field);
    if (!m) continue;
    const label = m[1]!.trim().toLowerCase();
    const value = m[2]!.trim();
    if (SOURCE_LABELS.has(label)) {
      labelled++;
      const url = URL_RE.exec(value);
      if (url) result.source ??= cleanUrl(url[0]);
      else if (value !== '' && value.length <= 60 && words(value) <= 6 && !TERMINAL_RE.test(value)) result.outlet ??= value;
      else labelled--;
    } else if (DATE_LABELS.has(label)) {
      const d = findDate(value);
      if (d) {
        labelled++;
        result.date ??= d.date;
        // 'Date: 10 January 2017 (https://…)': the address beside a labelled date is the article's.
        const url = URL_RE.exec(value);
        if (url) result.source ??= cleanUrl(url[0]);
      }
    }
  }
  // A line is a meta line when a labelled field is found and the line holds no prose beside its fields.
  result.isMeta = labelled > 0 && (fields.length > 1 ? fields.every((f) => f.length <= 60 || URL_RE.test(f)) : true);
  return result;
}

/**
 * Finds and removes meta lines: labelled source/outlet/date lines anywhere, and in the first `maxHeaderLines`
 * non-empty lines a 'NameName dd/mm/yyyy' outlet stamp or a short line that is mostly a date.
 */
export function extractHeaderMetadata(input: readonly string[]): HeaderMetadata {
  const lines: string[] = [];
  const removed: string[] = [];
  let source: string | null = null;
  let outlet: string | null = null;
  let stampOutlet: string | null = null;
  let published: string | null = null;
  let nonEmpty = 0;
  for (const line of input) {
    const t = line.trim();
    if (t === '') {
      lines.push('');
      continue;
    }
    nonEmpty++;
    const inHeader = nonEmpty <= metadata.maxHeaderLines;
    if (t.length <= 400 && /[:：]/u.test(t)) {
      const f = readFields(t);
      if (f.isMeta && (f.source || f.outlet || f.date)) {
        source ??= f.source;
        outlet ??= f.outlet;
        // A labelled date ('Datum:', '日付:') is the article's wherever the page put it; an unlabelled one only on top.
        published ??= f.date;
        removed.push(line);
        continue;
      }
    }
    if (inHeader && t.length <= MAX_DATE_LINE * 2) {
      const stamp = REPEATED_NAME_DATE_RE.exec(t);
      if (stamp) {
        const date = isoDate(Number(stamp[4]), Number(stamp[3]), Number(stamp[2]));
        if (date) {
          stampOutlet ??= stamp[1]!.trim();
          published ??= date;
          removed.push(line);
          continue;
        }
      }
    }
    if (inHeader && t.length <= MAX_DATE_LINE && !TERMINAL_RE.test(t)) {
      const d = findDate(t);
      if (d && words(t.replace(d.match, ' ')) <= MAX_WORDS_BESIDE_DATE) {
        published ??= d.date;
        removed.push(line);
        continue;
      }
    }
    lines.push(line);
  }
  return { outlet: chooseOutlet(stampOutlet, outlet, source), published, source, lines, removed };
}

function squash(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The outlet: a labelled outlet ('Nguồn: VnExpress'), else a header stamp name when it agrees with the source
 * host ('Báo Nhân dân' ~ nhandan.vn) or there is no source, else the source host.
 */
function chooseOutlet(stamp: string | null, labelled: string | null, source: string | null): string | null {
  if (labelled) return labelled;
  const host = source ? hostOf(source) : null;
  if (stamp && host) {
    const site = squash(host.split('.')[0] ?? '');
    return site.length >= 3 && squash(stamp).includes(site) ? stamp : host;
  }
  return stamp ?? host;
}

/** The agency named by a closing byline ('ВИА', 'VNA'), when it is one the lexicon knows; else null. */
export function agencyOf(bylines: readonly string[]): string | null {
  for (let i = bylines.length - 1; i >= 0; i--) {
    const name = bylines[i]!.trim().replace(/^[(\[]|[)\]]$/gu, '');
    const agency = AGENCIES.get(name.toLowerCase());
    if (agency) return name;
  }
  return null;
}

/**
 * The title: the first substantial line (within the first three non-empty lines), when it is a heading (one
 * sentence of at most maxTitleChars) rather than a paragraph. Returns its index in `lines`, or -1.
 */
export function findTitleLine(lines: readonly string[]): number {
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 3; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    seen++;
    const min = CJK_RE.test(t) || /[\p{Script=Hangul}\p{Script=Thai}]/u.test(t) ? metadata.minTitleCjkChars : metadata.minTitleChars;
    if (t.length < min) continue;
    // A heading is one short sentence; a paragraph of several sentences is body text.
    return t.length <= metadata.maxTitleChars && splitSentences(t, 'und').length === 1 ? i : -1;
  }
  return -1;
}
