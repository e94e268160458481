/**
 * Feed polling: each feed on its own interval; each new item's article text (the item's own content when long
 * enough, else the linked page made readable) is written into the corpus folder as a .txt document with its
 * `Source:` link and `Published:` date, so the corpus loader (and the live corpus) picks it up. A failing feed is
 * retried with exponential backoff and reported; it is never fatal.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { htmlToText } from '../corpus/html.js';
import type { FeedStatusLine } from '../digest/service.js';
import type { Log, Store } from '../store/store.js';
import { decodePage } from './decode.js';
import { FETCH_TIMEOUT_MS, MAX_RESPONSE_BYTES, fetchCapped, type FetchLike } from './fetch.js';
import { parseFeedBytes, type FeedItem } from './parse.js';
import { boundedHtmlText } from './text.js';

export { FETCH_TIMEOUT_MS, MAX_RESPONSE_BYTES, type FetchLike } from './fetch.js';

/** Item text shorter than this (characters, after HTML → text) sends the poller to the linked page. */
export const MIN_CONTENT_CHARS = 400;
/** First retry after a failure; doubles per consecutive failure up to RETRY_MAX_MS. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3600_000;
/** Items read from one feed document, in document order (feeds list the newest first); the rest are ignored. */
export const MAX_ITEMS_PER_FEED = 500;
/** New items written to the corpus in one poll of one feed; the others wait for the next poll. */
export const MAX_NEW_ITEMS_PER_POLL = 50;
/** While one process polls a feed, others skip it. */
const LEASE_MS = 2 * 60_000;
const SEEN_TTL_MS = 400 * 24 * 3600_000;

export interface FeedState {
  url: string;
  origin: 'config' | 'command';
  lastPolledAt: string | null;
  lastOkAt: string | null;
  nextPollAt: string;
  failures: number;
  lastError: string | null;
  itemsAdded: number;
  etag: string | null;
  lastModified: string | null;
  /** What the last successful poll repaired, dropped or doubted (encoding, broken XML, limits), in words. */
  problems?: string[];
}

export interface PollReport {
  url: string;
  ok: boolean;
  added: string[];
  error?: string;
  /** Present when the feed was read with problems (a wrong declared encoding, broken XML, a limit reached). */
  problems?: string[];
}

export interface FeedPollerOptions {
  store: Store;
  /** Where item documents are written (the corpus folder). */
  corpusDir: string;
  log: Log;
  /** Feeds from the environment (FEEDS); admins add more through /digest feeds. */
  configFeeds?: readonly string[];
  /** Default FEED_POLL_MINUTES (30) in ms. */
  intervalMs?: number;
  fetch?: FetchLike;
  timeoutMs?: number;
  clock?: () => Date;
  owner?: string;
  /** Byte cap per response (default MAX_RESPONSE_BYTES). */
  maxBytes?: number;
  /** Default MAX_ITEMS_PER_FEED. */
  maxItemsPerFeed?: number;
  /** Default MAX_NEW_ITEMS_PER_POLL. */
  maxNewItemsPerPoll?: number;
}

export interface FeedPoller {
  /** Adds a feed (admins); throws FeedError when the URL is not http(s). */
  add(url: string): Promise<boolean>;
  remove(url: string): Promise<boolean>;
  list(): Promise<FeedState[]>;
  /** Polls every feed whose time has come. Never throws. */
  pollDue(now?: Date): Promise<PollReport[]>;
  /** Polls one feed now, whatever its schedule. Never throws. */
  poll(url: string, now?: Date): Promise<PollReport>;
  /** Lines for /digest status. */
  statusLines(): Promise<FeedStatusLine[]>;
  /** Polls on a timer (checks every `checkMs`, default 30 s) until stopped. */
  start(checkMs?: number): () => Promise<void>;
}

export class FeedError extends Error {
  constructor(readonly code: 'FEED_URL_INVALID' | 'FEED_UNKNOWN', message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

const hash = (text: string, length = 16): string => createHash('sha256').update(text).digest('hex').slice(0, length);

function normalizeUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
    return parsed.toString();
  } catch {
    throw new FeedError('FEED_URL_INVALID', `"${url}" is not an http(s) URL.`);
  }
}

/** The corpus file name of an item: stable across polls and processes. */
export function itemFileName(feedUrl: string, item: Pick<FeedItem, 'id'>): string {
  return `feed_${hash(`${feedUrl}\n${item.id}`)}.txt`;
}

/** The .txt document for an item: title, blank line, Source/Published header lines, blank line, body. */
export function itemDocument(item: FeedItem, body: string): string {
  const header = [item.link ? `Source: ${item.link}` : null, item.published ? `Published: ${item.published}` : null].filter(Boolean);
  const title = item.title?.replace(/\s+/g, ' ').trim();
  return [title ?? '', '', ...header, '', body.trim(), ''].join('\n').replace(/^\n+/, '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text of the body, without a first line that repeats the title. */
function bodyOf(html: string, title: string | null): string {
  const lines = boundedHtmlText(html, htmlToText).split('\n');
  while (lines.length > 0 && (lines[0]!.trim() === '' || (title !== null && oneLine(lines[0]!) === oneLine(title)))) lines.shift();
  return lines.join('\n').trim();
}

function problemNote(problems: readonly string[] | undefined): string {
  if (!problems || problems.length === 0) return '';
  return `; read with ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems[0]}${problems.length > 1 ? ' …' : ''}`;
}

export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const { store, log } = options;
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const clock = options.clock ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 30 * 60_000;
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const owner = options.owner ?? randomUUID();
  const configFeeds = (options.configFeeds ?? []).map(normalizeUrl);
  const stateKey = (url: string) => `feeds:state:${hash(url)}`;
  const seenKeyOf = (url: string, item: FeedItem) => `feeds:seen:${hash(url)}:${hash(item.id, 24)}`;

  async function urls(): Promise<Array<{ url: string; origin: FeedState['origin'] }>> {
    const added = (await store.get<string[]>('feeds:list')) ?? [];
    const all = [...configFeeds.map((url) => ({ url, origin: 'config' as const })), ...added.map((url) => ({ url, origin: 'command' as const }))];
    return all.filter((f, i) => all.findIndex((g) => g.url === f.url) === i);
  }

  async function stateOf(url: string, origin: FeedState['origin']): Promise<FeedState> {
    return (
      (await store.get<FeedState>(stateKey(url))) ?? {
        url, origin, lastPolledAt: null, lastOkAt: null, nextPollAt: new Date(0).toISOString(),
        failures: 0, lastError: null, itemsAdded: 0, etag: null, lastModified: null,
      }
    );
  }

  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const maxItemsPerFeed = options.maxItemsPerFeed ?? MAX_ITEMS_PER_FEED;
  const maxNewItemsPerPoll = options.maxNewItemsPerPoll ?? MAX_NEW_ITEMS_PER_POLL;
  const get = (url: string, headers: Record<string, string> = {}) => fetchCapped(fetchFn, url, { timeoutMs, maxBytes, headers });

  /** The item's article text: its own content when long enough, else the linked page's readable text. */
  async function articleText(item: FeedItem): Promise<string> {
    const own = item.content ? bodyOf(item.content, item.title) : '';
    if (own.length >= MIN_CONTENT_CHARS || !item.link) return own;
    try {
      const response = await get(item.link);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const page = bodyOf(decodePage(response.bytes, response.headers.get('content-type')).text, item.title);
      return page.length > own.length ? page : own;
    } catch (error) {
      log.warn({ link: item.link, err: String(error) }, 'linked page unavailable; keeping the feed text');
      return own;
    }
  }

  async function storeItem(url: string, item: FeedItem): Promise<string | null> {
    const seenKey = seenKeyOf(url, item);
    if ((await store.get(seenKey)) !== undefined) return null;
    const body = await articleText(item);
    const name = itemFileName(url, item);
    if (body.trim() === '' && !item.title) {
      await store.set(seenKey, { skipped: 'no text' }, SEEN_TTL_MS);
      return null;
    }
    await mkdir(options.corpusDir, { recursive: true });
    const temp = join(options.corpusDir, `.${name}.${owner.slice(0, 8)}.tmp`);
    await writeFile(temp, itemDocument(item, body), 'utf8');
    await rename(temp, join(options.corpusDir, name));
    await store.set(seenKey, { file: name }, SEEN_TTL_MS);
    return name;
  }

  /** Stores new items until MAX_NEW_ITEMS_PER_POLL are written; returns how many new ones were left for later. */
  async function storeItems(url: string, items: readonly FeedItem[], added: string[]): Promise<number> {
    let pending = 0;
    for (const item of items) {
      if (added.length >= maxNewItemsPerPoll) {
        if ((await store.get(seenKeyOf(url, item))) === undefined) pending++;
        continue;
      }
      try {
        const name = await storeItem(url, item);
        if (name) added.push(name);
      } catch (error) {
        // One bad item does not stop the feed; it is tried again at the next poll.
        log.warn({ feed: url, item: item.id, err: String(error) }, 'feed item skipped');
      }
    }
    return pending;
  }

  async function pollOne(url: string, origin: FeedState['origin'], now: Date): Promise<PollReport> {
    const state = await stateOf(url, origin);
    const at = now.toISOString();
    try {
      const headers: Record<string, string> = {};
      if (state.etag) headers['if-none-match'] = state.etag;
      if (state.lastModified) headers['if-modified-since'] = state.lastModified;
      const response = await get(url, headers);
      const added: string[] = [];
      let problems: string[] = state.problems ?? [];
      if (response.status !== 304) {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const feed = parseFeedBytes(response.bytes, response.headers.get('content-type'), { maxItems: maxItemsPerFeed });
        problems = [...feed.problems];
        const pending = await storeItems(url, feed.items, added);
        if (pending > 0) problems.push(`${pending} more new item${pending === 1 ? ' waits' : 's wait'} for the next poll (at most ${maxNewItemsPerPoll} a poll)`);
        if (problems.length > 0) log.warn({ feed: url, encoding: feed.encoding, problems }, 'feed read with problems');
        // With items still waiting, the next poll must get the whole feed again, not a 304.
        state.etag = pending > 0 ? null : response.headers.get('etag');
        state.lastModified = pending > 0 ? null : response.headers.get('last-modified');
      }
      Object.assign(state, {
        lastPolledAt: at, lastOkAt: at, failures: 0, lastError: null,
        nextPollAt: new Date(now.getTime() + intervalMs).toISOString(), itemsAdded: state.itemsAdded + added.length, problems,
      });
      await store.set(stateKey(url), state);
      if (added.length > 0) log.info({ feed: url, added: added.length }, 'feed items added to the corpus');
      return problems.length > 0 ? { url, ok: true, added, problems } : { url, ok: true, added };
    } catch (error) {
      const message = error instanceof Error ? (error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : error.message) : String(error);
      const failures = state.failures + 1;
      const delay = Math.min(RETRY_BASE_MS * 2 ** (failures - 1), Math.max(RETRY_MAX_MS, intervalMs));
      Object.assign(state, { lastPolledAt: at, failures, lastError: message, nextPollAt: new Date(now.getTime() + delay).toISOString() });
      await store.set(stateKey(url), state).catch(() => {});
      log.warn({ feed: url, failures, err: message, retryInMs: delay }, 'feed poll failed; will retry');
      return { url, ok: false, added: [], error: message };
    }
  }

  async function poll(url: string, now = clock()): Promise<PollReport> {
    const feeds = await urls().catch(() => []);
    const origin = feeds.find((f) => f.url === url)?.origin ?? 'command';
    return pollOne(url, origin, now);
  }

  async function pollDue(now = clock()): Promise<PollReport[]> {
    const reports: PollReport[] = [];
    try {
      for (const { url, origin } of await urls()) {
        const state = await stateOf(url, origin);
        if (Date.parse(state.nextPollAt) > now.getTime()) continue;
        if (!(await store.setIfAbsent(`feeds:lease:${hash(url)}`, owner, LEASE_MS))) continue;
        try {
          reports.push(await pollOne(url, origin, now));
        } finally {
          await store.delete(`feeds:lease:${hash(url)}`).catch(() => false);
        }
      }
    } catch (error) {
      log.error({ err: String(error) }, 'feed polling failed; retrying at the next check');
    }
    return reports;
  }

  return {
    async add(url) {
      const normalized = normalizeUrl(url);
      const list = (await store.get<string[]>('feeds:list')) ?? [];
      if (list.includes(normalized) || configFeeds.includes(normalized)) return false;
      await store.set('feeds:list', [...list, normalized]);
      return true;
    },
    async remove(url) {
      const normalized = normalizeUrl(url);
      if (configFeeds.includes(normalized)) throw new FeedError('FEED_UNKNOWN', 'This feed comes from the FEEDS setting; remove it there.');
      const list = (await store.get<string[]>('feeds:list')) ?? [];
      if (!list.includes(normalized)) return false;
      await store.set('feeds:list', list.filter((u) => u !== normalized));
      await store.delete(stateKey(normalized));
      return true;
    },
    async list() {
      return Promise.all((await urls()).map(({ url, origin }) => stateOf(url, origin)));
    },
    pollDue,
    poll,
    async statusLines() {
      return (await this.list()).map((s) => ({
        url: s.url,
        ok: s.failures === 0,
        text:
          s.failures === 0
            ? s.lastPolledAt
              ? `last polled ${s.lastPolledAt.slice(0, 16).replace('T', ' ')} UTC, ${s.itemsAdded} articles added so far${problemNote(s.problems)}`
              : 'not polled yet'
            : `${s.failures} failed poll${s.failures === 1 ? '' : 's'} in a row (${s.lastError}); next try ${s.nextPollAt.slice(0, 16).replace('T', ' ')} UTC`,
      }));
    },
    start(checkMs = 30_000) {
      let stopped = false;
      let current: Promise<unknown> = Promise.resolve();
      const loop = () => {
        if (stopped) return;
        current = pollDue().finally(() => {
          if (!stopped) timer = setTimeout(loop, checkMs);
        });
      };
      let timer: NodeJS.Timeout = setTimeout(loop, 0);
      return async () => {
        stopped = true;
        clearTimeout(timer);
        await current;
      };
    },
  };
}
