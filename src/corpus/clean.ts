/**
 * Page-noise removal on the lines of an article. Rules are language-independent shapes plus multilingual lexicons in
 * data/boilerplate.json; nothing is specific to one site. Linear in the text size: every regex is anchored or bounded.
 */
import boilerplate from './data/boilerplate.json' with { type: 'json' };
import { escapeRegExp as escape } from './regexp.js';

/** Why a line was dropped. 'trailer' also covers every line after the trailer heading. */
export type DropRule =
  | 'trailer'
  | 'after-trailer'
  | 'cookie'
  | 'consent'
  | 'noise-line'
  | 'site-header'
  | 'breadcrumb'
  | 'ad-marker'
  | 'image-file'
  | 'bare-url'
  | 'duplicate'
  | 'caption-credit'
  | 'menu-run'
  | 'byline';

export interface DroppedLine {
  line: string;
  rule: DropRule;
}

export interface CleanResult {
  /** Kept lines; '' marks a paragraph break. */
  lines: string[];
  dropped: DroppedLine[];
  /** Short lines that closed the article (author or agency), in order. */
  bylines: string[];
}

/** Lines longer than this are always body text: only the cheap rules run on them. */
export const MAX_NOISE_LINE = 200;
/** A trailing line is a byline when it has at most this many words and no sentence punctuation. */
export const MAX_BYLINE_WORDS = 4;

const TRAILERS = new Set(Object.values(boilerplate.trailers).flat().map(norm));
const COUNTER_WORDS = new Set(boilerplate.counterWords.map(norm));
const NOISE_LINES = new Set(boilerplate.lines.map(norm));
const CONSENT = new Set(boilerplate.consentButtons.map(norm));
const COOKIE_WORDS = boilerplate.cookieWords.map((w) => w.toLowerCase());
const COOKIE_RE = new RegExp(`(?:^|[^\\p{L}])(?:${boilerplate.cookieWords.map(escape).join('|')})`, 'iu');

function mentionsCookies(line: string): boolean {
  const lower = line.toLowerCase();
  return COOKIE_WORDS.some((w) => lower.includes(w)) && COOKIE_RE.test(line);
}
const IMAGE_FILE_RE = new RegExp(`\\.(?:${boilerplate.imageExtensions.join('|')})(?:\\?\\S*)?$`, 'i');
const PHOTO_WORDS = boilerplate.photoWords.map(escape).join('|');
/** '… Photo : VGP', '(Foto: VNA)', 'Ảnh: Dương Giang/TTXVN' at the end of a line. */
const CREDIT_TAIL_RE = new RegExp(`(?:^|[\\s.|(])\\(?\\s*(?:${PHOTO_WORDS})\\s*[:：]\\s*[^():：\\n]{1,60}\\)?\\s*$`, 'iu');
/** '(사진) …', '(Photo) …' at the start of a line. */
const CREDIT_HEAD_RE = new RegExp(`^\\(\\s*(?:${PHOTO_WORDS})\\s*\\)\\s*`, 'iu');
const COUNTER_RE = /^(.{1,30}?)\s*(?:\(\s*\d{1,7}\s*\)|[:：]\s*\d{1,7})$/u;
const SITE_HEADER_RE = /^[\p{L}\p{N}-]{1,60}(?:\.[\p{L}\p{N}-]{1,60}){0,3}\.\p{L}{2,12}\s*[-–—|:]\s+\S/u;
const AD_MARKER_RE = /^\[[\p{L}\p{N}_ -]{1,40}\]$/u;
const AD_INLINE_RE = /\[(?:iklan|ads?|advert|advertisement|quangcao|qc|banner|anzeige|pub|реклама)[_ -]?\d{0,3}\]/giu;
const URL_LINE_RE = /^(?:https?:\/\/|www\.)\S+$/i;
const TERMINAL_RE = /[.!?。！？…:;"”»」)]$/u;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** Lower-cased, trimmed, spaces collapsed, closing punctuation and decorations removed: the lexicon key of a line. */
export function norm(line: string): string {
  return line
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s•·|>»«:\-–—*#]+/u, '')
    .replace(/[\s•·|>»«:.…!\-–—*#]+$/u, '');
}

function wordCount(line: string): number {
  const t = line.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

/** Short, unpunctuated, menu-like line (a navigation entry, a tag, a category). */
function isShortItem(line: string): boolean {
  const t = line.trim();
  const { maxWords, maxChars, maxCjkChars } = boilerplate.menuRun;
  if (TERMINAL_RE.test(t)) return false;
  if (CJK_RE.test(t)) return t.length <= maxCjkChars;
  return t.length <= maxChars && wordCount(t) <= maxWords;
}

function isBreadcrumb(line: string): boolean {
  if (line.length > MAX_NOISE_LINE) return false;
  for (const sep of boilerplate.breadcrumbSeparators) {
    let count = 0;
    for (let i = line.indexOf(sep); i !== -1; i = line.indexOf(sep, i + sep.length)) count++;
    if (count >= 2) return true;
  }
  return false;
}

function isTrailer(key: string, line: string): boolean {
  if (TRAILERS.has(key)) return true;
  if (line.length > 40) return false;
  const m = COUNTER_RE.exec(line.trim());
  return m !== null && COUNTER_WORDS.has(norm(m[1]!));
}

function isImageFileLine(line: string): boolean {
  if (line.length > MAX_NOISE_LINE) return false;
  const tokens = line.trim().split(/\s+/);
  return tokens.length <= 6 && tokens.some((t) => IMAGE_FILE_RE.test(t));
}

/** Removes a photo credit from a caption line ('… Ito Naoki. (Foto: VNA)' → '… Ito Naoki.'). */
export function stripPhotoCredit(line: string): string {
  const tailStart = Math.max(0, line.length - 120);
  const tail = line.slice(tailStart);
  // Cheap pre-checks: a credit needs a colon, a leading credit an opening bracket.
  const m = tail.includes(':') || tail.includes('：') ? CREDIT_TAIL_RE.exec(tail) : null;
  let out = line;
  // Keep a sentence's own full stop ('Son. Foto: …' → 'Son.').
  if (m) out = line.slice(0, tailStart + m.index + (m[0].startsWith('.') ? 1 : 0)).trimEnd();
  return out.startsWith('(') ? out.replace(CREDIT_HEAD_RE, '') : out;
}

/**
 * Drops page noise from an article's lines: cookie banners, consent buttons, site headers, breadcrumbs, ad
 * markers, image file names, repeated lines, menu runs, and everything from a trailer heading ('Gleiche
 * Kategorie', 'Kommentar (0)', 'Смотреть далее' …) on. Photo credits are cut from captions, which stay as text.
 */
export function cleanLines(input: readonly string[]): CleanResult {
  const kept: string[] = [];
  const dropped: DroppedLine[] = [];
  const seen = new Set<string>();
  let substantial = 0;
  for (let i = 0; i < input.length; i++) {
    const raw = input[i]!.replace(AD_INLINE_RE, '').trim();
    if (raw === '') {
      if (input[i]!.trim() !== '') dropped.push({ line: input[i]!, rule: 'ad-marker' });
      kept.push('');
      continue;
    }
    const short = raw.length <= MAX_NOISE_LINE;
    const key = short ? norm(raw) : raw.replace(/\s+/g, ' ');
    const drop = (rule: DropRule) => dropped.push({ line: input[i]!, rule });
    if (short && isTrailer(key, raw) && substantial > 0) {
      drop('trailer');
      for (let j = i + 1; j < input.length; j++) if (input[j]!.trim() !== '') dropped.push({ line: input[j]!, rule: 'after-trailer' });
      break;
    }
    if (key === '' && !/[\p{L}\p{N}]/u.test(raw)) {
      drop('noise-line');
      continue;
    }
    if (raw.length <= boilerplate.maxCookieLine && mentionsCookies(raw)) {
      drop('cookie');
      continue;
    }
    if (short && CONSENT.has(key)) {
      drop('consent');
      continue;
    }
    if (short && (NOISE_LINES.has(key) || TRAILERS.has(key) || isTrailer(key, raw))) {
      drop('noise-line');
      continue;
    }
    if (short && SITE_HEADER_RE.test(raw)) {
      drop('site-header');
      continue;
    }
    if (isBreadcrumb(raw)) {
      drop('breadcrumb');
      continue;
    }
    if (short && AD_MARKER_RE.test(raw)) {
      drop('ad-marker');
      continue;
    }
    if (short && URL_LINE_RE.test(raw)) {
      drop('bare-url');
      continue;
    }
    if (isImageFileLine(raw)) {
      drop('image-file');
      continue;
    }
    if (seen.has(key)) {
      drop('duplicate');
      continue;
    }
    seen.add(key);
    const text = stripPhotoCredit(raw);
    if (!/[\p{L}\p{N}]/u.test(text)) {
      drop('caption-credit');
      continue;
    }
    kept.push(text);
    if (!isShortItem(text)) substantial++;
  }
  dropMenuRuns(kept, dropped);
  const bylines = dropBylines(kept, dropped);
  trimBlankLines(kept);
  return { lines: kept, dropped, bylines };
}

/** Runs of menuRun.minLines or more short items (blank lines between them allowed) are navigation. */
function dropMenuRuns(lines: string[], dropped: DroppedLine[]): void {
  const { minLines } = boilerplate.menuRun;
  let runStart = -1;
  let runCount = 0;
  const close = (end: number) => {
    if (runCount >= minLines) {
      for (let k = runStart; k < end; k++) {
        if (lines[k] !== '') {
          dropped.push({ line: lines[k]!, rule: 'menu-run' });
          lines[k] = '';
        }
      }
    }
    runStart = -1;
    runCount = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (isShortItem(line)) {
      if (runStart === -1) runStart = i;
      runCount++;
    } else {
      close(i);
    }
  }
  close(lines.length);
}

/** Short unpunctuated lines closing the article (after real text) are its byline: an author or an agency. */
function dropBylines(lines: string[], dropped: DroppedLine[]): string[] {
  let lastBody = -1;
  for (let i = lines.length - 1; i >= 0 && lastBody === -1; i--) if (lines[i] !== '' && !isBylineLike(lines[i]!)) lastBody = i;
  const bylines: string[] = [];
  if (lastBody === -1) return bylines;
  for (let i = lastBody + 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    bylines.push(lines[i]!);
    dropped.push({ line: lines[i]!, rule: 'byline' });
    lines[i] = '';
  }
  return bylines;
}

function isBylineLike(line: string): boolean {
  if (TERMINAL_RE.test(line)) return false;
  if (CJK_RE.test(line)) return line.length <= boilerplate.menuRun.maxCjkChars;
  return wordCount(line) <= MAX_BYLINE_WORDS && line.length <= 40;
}

function trimBlankLines(lines: string[]): void {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
}
