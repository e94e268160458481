/**
 * Runs feed parsers over the test suite of Python's feedparser (the `tests/` folder of its repository, not part of
 * this repo) and prints how many suite files each parser passes, on the fields attache uses:
 *
 *   node --import tsx bench/feed-suite.ts SUITE_DIR [--parsers attache,feedsmith,rowanmanning,rss-parser]
 *                                                    [--modules DIR] [--verbose]
 *
 * Each file's `Expect:` line (a Python expression) is split at its top-level `and`; the clauses on the entry title,
 * link, id/guid, published/updated date, content/summary/description text, the feed title and the detected
 * encoding are translated, the rest (bozo, authors, enclosures, sanitizer details …) ignored. A file counts when at
 * least one clause was translated, and passes when every translated clause holds. Text compares as text: tags
 * (and script/style contents) removed, entities decoded, white space collapsed, on both sides. Dates compare as
 * the calendar day. Every parser gets the same bytes decoded by attache's decodeFeed (encoding is attache's job,
 * not the parser's), so the encoding clauses measure decodeFeed. `--modules DIR` imports the npm parsers from
 * DIR/node_modules (to compare parsers that are not dependencies of attache). Figures are printed, never asserted.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeHTML } from 'entities';
import { feedDate } from '../src/feeds/dates.js';
import { decodeFeed } from '../src/feeds/decode.js';
import { parseFeed } from '../src/feeds/parse.js';

interface Entry {
  title: string | null;
  link: string | null;
  id: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  texts: Array<string | null>;
}
interface Parsed {
  /** Titles are plain text already (attache): compared without stripping tags again. */
  plainTitles?: boolean;
  feedTitle: string | null;
  entries: Entry[];
}
type Parser = (text: string) => Promise<Parsed>;
type Field = 'title' | 'link' | 'id' | 'date' | 'text' | 'feedTitle' | 'encoding';
interface Clause {
  field: Field;
  entry: number;
  expected: string;
}

const DATE_FIELDS = new Set(['published_parsed', 'updated_parsed', 'created_parsed', 'issued_parsed', 'modified_parsed', 'date_parsed']);
const TEXT_PATHS = new Set(['description', 'summary', 'summary_detail.value', 'content.value']);

/** Splits a Python expression at top-level ` and `, outside strings and brackets. */
function clausesOf(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && expression.startsWith(' and ', i)) {
      parts.push(expression.slice(start, i).trim());
      start = i + 5;
      i += 4;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

/** A Python string literal ('…', u"…", r'…') → its value, or null. */
function pythonString(literal: string): string | null {
  const match = /^([urb]*)(['"])([\s\S]*)\2$/i.exec(literal.trim());
  if (!match) return null;
  const raw = match[1]!.toLowerCase().includes('r');
  const body = match[3]!;
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

function translate(clause: string): Clause | null {
  const eq = /^([a-z_]+(?:\[[^\]]+\]|\.[a-z_]+)*)\s*==\s*([\s\S]+)$/.exec(clause);
  if (!eq) return null;
  const [, lhs, rhs] = eq as unknown as [string, string, string];
  if (lhs === 'encoding') {
    const value = pythonString(rhs);
    return value === null ? null : { field: 'encoding', entry: 0, expected: value.toLowerCase() };
  }
  const segments = [...lhs.matchAll(/\[['"]([^'"]+)['"]\]|\[(\d+)\]|\.([a-z_]+)|^([a-z_]+)/g)].map((m) => m[1] ?? m[3] ?? m[4] ?? Number(m[2]));
  const root = segments.shift();
  const entry = root === 'entries' && typeof segments[0] === 'number' ? (segments.shift() as number) : 0;
  const path = segments.filter((s) => typeof s === 'string').join('.');
  if (root === 'feed' && (path === 'title' || path === 'title_detail.value')) {
    const value = pythonString(rhs);
    return value === null ? null : { field: 'feedTitle', entry: 0, expected: value };
  }
  if (root !== 'entries') return null;
  if (DATE_FIELDS.has(path)) {
    const tuple = /^\(\s*(\d{4})\s*,\s*(\d+)\s*,\s*(\d+)/.exec(rhs);
    if (!tuple) return null;
    return { field: 'date', entry, expected: `${tuple[1]}-${tuple[2]!.padStart(2, '0')}-${tuple[3]!.padStart(2, '0')}` };
  }
  const field: Field | null =
    path === 'title' || path === 'title_detail.value' ? 'title' : path === 'link' ? 'link' : path === 'id' || path === 'guid' ? 'id' : TEXT_PATHS.has(path) ? 'text' : null;
  if (!field) return null;
  const value = pythonString(rhs);
  return value === null ? null : { field, entry, expected: value };
}

/** Markup → comparable text: scripts, styles, comments and tags out, entities decoded, white space collapsed. */
function asText(value: string | null | undefined): string {
  return decodeHTML(
    (value ?? '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/<\/?[a-zA-Z!?][^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

function holds(clause: Clause, parsed: Parsed | null, encoding: string): boolean {
  if (clause.field === 'encoding') return encoding === clause.expected;
  if (!parsed) return false;
  const title = (value: string | null) => (parsed.plainTitles ? (value ?? '').replace(/\s+/g, ' ').trim() : asText(value));
  if (clause.field === 'feedTitle') return title(parsed.feedTitle) === asText(clause.expected);
  const entry = parsed.entries[clause.entry];
  if (!entry) return false;
  if (clause.field === 'date') return entry.date === clause.expected;
  if (clause.field === 'text') return entry.texts.some((t) => asText(t) === asText(clause.expected));
  if (clause.field === 'title') return title(entry.title) === asText(clause.expected);
  return (entry[clause.field] ?? '') === clause.expected;
}

const dayOf = (value: unknown): string | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
};
const str = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return str((value as { value: unknown }).value);
  return null;
};

const attache: Parser = async (text) => {
  const feed = parseFeed(text);
  return {
    plainTitles: true,
    feedTitle: feed.title,
    entries: feed.items.map((i) => ({ title: i.title, link: i.link, id: i.id, date: i.published, texts: [i.content, i.summary] })),
  };
};

async function libraryParsers(modulesDir: string): Promise<Record<string, Parser | string>> {
  const require = createRequire(join(modulesDir, 'package.json'));
  const load = async (name: string): Promise<Record<string, unknown> | string> => {
    try {
      return (await import(pathToFileURL(require.resolve(name)).href)) as Record<string, unknown>;
    } catch (error) {
      return `not installed (${String(error).slice(0, 80)})`;
    }
  };
  const [feedsmith, rowan, rssParser] = await Promise.all([load('feedsmith'), load('@rowanmanning/feed-parser'), load('rss-parser')]);
  type Obj = Record<string, unknown>;
  const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
  return {
    feedsmith:
      typeof feedsmith === 'string'
        ? feedsmith
        : async (text) => {
            const { feed } = (feedsmith.parseFeed as (t: string) => { feed: Obj })(text);
            const items = [...list(feed.items), ...list(feed.entries)];
            return {
              feedTitle: str(feed.title),
              entries: items.map((i) => {
                const links = list(i.links);
                const alt = links.find((l) => l.rel === undefined || l.rel === 'alternate') ?? links[0];
                return {
                  title: str(i.title),
                  link: str(i.link) ?? str(alt?.href),
                  id: str(i.guid) ?? str(i.id),
                  date: dayOf(i.pubDate ?? i.published ?? i.updated ?? (i.dc as Obj | undefined)?.date ?? (i.dc as Obj | undefined)?.dates),
                  texts: [str((i.content as Obj | undefined)?.encoded), str(i.content), str(i.description), str(i.summary)],
                };
              }),
            };
          },
    rowanmanning:
      typeof rowan === 'string'
        ? rowan
        : async (text) => {
            const feed = (rowan.parseFeed as (t: string) => Obj)(text);
            return {
              feedTitle: str(feed.title),
              entries: list(feed.items).map((i) => ({
                title: str(i.title), link: str(i.url), id: str(i.id), date: dayOf(i.published ?? i.updated), texts: [str(i.content), str(i.description)],
              })),
            };
          },
    'rss-parser':
      typeof rssParser === 'string'
        ? rssParser
        : async (text) => {
            const Ctor = (rssParser.default ?? rssParser) as new () => { parseString(t: string): Promise<Obj> };
            const feed = await new Ctor().parseString(text);
            return {
              feedTitle: str(feed.title),
              entries: list(feed.items).map((i) => ({
                title: str(i.title), link: str(i.link), id: str(i.guid) ?? str(i.id), date: dayOf(i.isoDate ?? i.pubDate),
                texts: [str(i['content:encoded']), str(i.content), str(i.summary), str(i.description)],
              })),
            };
          },
  };
}

function suiteFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...suiteFiles(path));
    else if (name.endsWith('.xml')) out.push(path);
  }
  return out;
}

function header(bytes: Uint8Array): { expect: string | null; contentType: string | null } {
  for (const text of [decodeFeed(bytes).text, new TextDecoder('latin1').decode(bytes)]) {
    const comment = /<!--([\s\S]*?)-->/.exec(text)?.[1];
    const expect = comment ? /^\s*Expect:\s*(.+)$/m.exec(comment)?.[1]?.trim() : undefined;
    if (expect) return { expect, contentType: /^\s*Header:\s*Content-type:\s*(.+)$/im.exec(comment!)?.[1]?.trim() ?? null };
  }
  return { expect: null, contentType: null };
}

/**
 * feedparser's date tests (test_date_parsers.py: input string → UTC time tuple or None) against feedDate. feedDate
 * keeps the day the feed states, feedparser converts to UTC, so a day one off from a time zone offset counts as
 * read; a month or year alone is null by design (not a day) and is counted apart.
 */
function dateFigures(suite: string): string | null {
  let source: string;
  try {
    source = readFileSync(join(suite, 'test_date_parsers.py'), 'utf8');
  } catch {
    return null;
  }
  const cases = [...source.matchAll(/\(\s*_parse_date_\w+,\s*("(?:[^"\\]|\\.)*")\s*,\s*(\(\s*-?\d+\s*,\s*\d+\s*,\s*\d+[^)]*\)|None)\s*,?\s*\)/g)];
  let right = 0;
  let partial = 0;
  let total = 0;
  const wrong: string[] = [];
  for (const [, literal, expected] of cases) {
    const input = pythonString(literal!) ?? '';
    if (input === '') continue;
    total++;
    const got = feedDate(input);
    if (expected === 'None') {
      if (got === null) right++;
      else wrong.push(`${input} → ${got} (expected null)`);
      continue;
    }
    const [y, m, d] = /(-?\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(expected!)!.slice(1).map(Number) as [number, number, number];
    const utc = Date.UTC(y, m - 1, d);
    const near = got !== null && Math.abs(Date.parse(`${got}T00:00:00Z`) - utc) <= 86_400_000 && (got === new Date(utc).toISOString().slice(0, 10) || /\d:\d/.test(input));
    if (near) right++;
    else if (got === null && !/\d{1,2}[^\d]+\d{1,2}[^\d]+\d{2,4}|\d{6}|\d{5}/.test(input)) partial++;
    else wrong.push(`${input} → ${got} (expected ${new Date(utc).toISOString().slice(0, 10)})`);
  }
  return `dates (test_date_parsers.py): ${right}/${total} read right (same day, or ±1 day from a time zone), ${partial} month- or year-only left null by design${wrong.length ? `; wrong: ${wrong.join(' | ')}` : ''}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const verbose = args.includes('--verbose');
  const wanted = (option('--parsers') ?? 'attache,feedsmith,rowanmanning,rss-parser').split(',');
  const modules = option('--modules') ?? process.cwd();
  const suite = args.filter((a) => !a.startsWith('--'))[0];
  if (!suite) throw new Error('usage: bench/feed-suite.ts SUITE_DIR [--parsers …] [--modules DIR] [--verbose]');
  const all: Record<string, Parser | string> = { attache, ...(await libraryParsers(modules)) };

  const cases = suiteFiles(suite).flatMap((file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const { expect, contentType } = header(bytes);
    const clauses = expect ? clausesOf(expect).map(translate).filter((c): c is Clause => c !== null) : [];
    return clauses.length > 0 ? [{ file: relative(suite, file), bytes, contentType, clauses }] : [];
  });
  const dates = dateFigures(suite);
  if (dates) console.log(dates);
  console.log(`${cases.length} suite files with a translated assertion (${cases.reduce((n, c) => n + c.clauses.length, 0)} clauses)`);

  for (const name of wanted) {
    const parser = all[name];
    if (parser === undefined || typeof parser === 'string') {
      console.log(`${name.padEnd(14)} ${parser ?? 'unknown parser'}`);
      continue;
    }
    const byField = new Map<Field, [number, number]>();
    let passed = 0;
    let errors = 0;
    const started = performance.now();
    for (const c of cases) {
      const decoded = decodeFeed(c.bytes, c.contentType);
      let parsed: Parsed | null = null;
      try {
        parsed = await parser(decoded.text);
      } catch {
        errors++;
      }
      let ok = true;
      for (const clause of c.clauses) {
        const good = holds(clause, parsed, decoded.encoding);
        const tally = byField.get(clause.field) ?? [0, 0];
        byField.set(clause.field, [tally[0] + (good ? 1 : 0), tally[1] + 1]);
        if (!good) {
          ok = false;
          if (verbose) console.log(`  ${name} FAIL ${c.file}: ${clause.field}[${clause.entry}] expected ${JSON.stringify(clause.expected).slice(0, 100)}`);
        }
      }
      if (ok) passed++;
    }
    const ms = performance.now() - started;
    const fields = [...byField].map(([f, [p, n]]) => `${f} ${p}/${n}`).join(', ');
    console.log(`${name.padEnd(14)} ${passed}/${cases.length} files pass (${((100 * passed) / cases.length).toFixed(1)} %), ${errors} threw, ${ms.toFixed(0)} ms — ${fields}`);
  }
}

await main();
