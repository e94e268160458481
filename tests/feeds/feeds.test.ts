import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedDate, parseFeed, FeedParseError } from '../../src/feeds/parse.js';
import { createFeedPoller, itemFileName, RETRY_BASE_MS } from '../../src/feeds/poller.js';
import { loadCorpusFile } from '../../src/corpus-folder/load.js';
import { openStore, type Log, type Store } from '../../src/store/store.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

const LONG_VI = 'Thủ tướng Phạm Minh Chính và Thủ tướng Nhật Bản đã hội đàm tại Hà Nội về hợp tác bán dẫn, năng lượng và chuyển đổi số. '.repeat(6);
const PAGE_JA = '東京で日越首脳会談が行われ、両首脳は半導体と人材育成の協力を深めることで一致した。'.repeat(12);

describe('parseFeed', () => {
  it('reads RSS items with guid, link, RFC 822 date and content:encoded', () => {
    const feed = parseFeed(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
      <item><title>Hợp tác Việt – Nhật</title><link>https://a.example/1</link><guid isPermaLink="false">id-1</guid>
      <pubDate>Tue, 4 Mar 2025 04:00:00 +0900</pubDate><description>short</description>
      <content:encoded><![CDATA[<p>Long <b>body</b> &amp; more</p>]]></content:encoded></item></channel></rss>`);
    expect(feed).toEqual({
      format: 'rss', title: 'T', problems: [],
      items: [{ id: 'id-1', link: 'https://a.example/1', title: 'Hợp tác Việt – Nhật', published: '2025-03-04', content: '<p>Long <b>body</b> &amp; more</p>', summary: 'short' }],
    });
  });

  it('reads Atom entries, preferring the alternate link', () => {
    const feed = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:x:1</id><title>日越</title>
      <link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/post"/>
      <updated>2025-03-05T10:00:00Z</updated><summary>要約</summary></entry></feed>`);
    expect(feed.items).toEqual([{ id: 'urn:x:1', link: 'https://a.example/post', title: '日越', published: '2025-03-05', content: '要約', summary: null }]);
  });

  it('rejects what is not a feed', () => {
    expect(() => parseFeed('<html><body>x</body></html>')).toThrow(FeedParseError);
    expect(feedDate('Mon, 10 Xyz 2025')).toBe(null);
    expect(feedDate('yesterday')).toBe(null);
    expect(feedDate('10 Jun 2025 08:00 GMT')).toBe('2025-06-10');
  });
});

describe('feed poller', () => {
  let server: FeedServer;
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    server = await startFeedServer();
    dir = await mkdtemp(join(tmpdir(), 'attache-feeds-'));
    store = await openStore('memory://', quiet);
    server.rssItems = [
      `<item><title>Hội đàm Việt Nam – Nhật Bản</title><link>${server.base}/rss-long</link><guid>rss-1</guid><pubDate>Tue, 04 Mar 2025 09:00:00 +0700</pubDate><content:encoded><![CDATA[<p>${LONG_VI}</p>]]></content:encoded></item>`,
      `<item><title>日越首脳会談</title><link>${server.base/* short description: the linked page is fetched */}/articles/ja.html</link><guid>rss-2</guid><pubDate>Wed, 05 Mar 2025 10:00:00 +0900</pubDate><description>短い</description></item>`,
    ];
    server.atomEntries = [
      `<entry><id>urn:atom:1</id><title>Japan and Vietnam deepen ties</title><link href="${server.base}/articles/en.html"/><published>2025-03-06T08:00:00Z</published><summary>Short.</summary></entry>`,
    ];
    server.pages.set('/articles/ja.html', `<html><head><title>日越首脳会談</title></head><body><nav>ホーム ニュース</nav><article><h1>日越首脳会談</h1><p>${PAGE_JA}</p></article><footer>© 2025</footer></body></html>`);
    server.pages.set('/articles/en.html', `<html><body><article><h1>Japan and Vietnam deepen ties</h1><p>${'Prime Minister Ishiba Shigeru met Prime Minister Pham Minh Chinh in Tokyo to discuss semiconductors. '.repeat(6)}</p></article></body></html>`);
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('feeds new RSS and Atom articles into the corpus folder, and a repeated poll adds nothing', async () => {
    const poller = createFeedPoller({ store, corpusDir: dir, log: quiet, configFeeds: [`${server.base}/rss.xml`, `${server.base}/atom.xml`] });
    const now = new Date('2025-03-06T12:00:00Z');
    const first = await poller.pollDue(now);
    expect(first.map((r) => [r.ok, r.added.length])).toEqual([[true, 2], [true, 1]]);
    expect(server.hits.get('/articles/ja.html')).toBe(1);
    expect(server.hits.get('/rss-long')).toBeUndefined(); // its own content was long enough

    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(3);
    expect(files.every((f) => /^feed_[0-9a-f]{16}\.txt$/.test(f))).toBe(true);

    const ja = await loadCorpusFile(join(dir, itemFileName(`${server.base}/rss.xml`, { id: 'rss-2' })));
    expect(ja).toMatchObject({ document: { lang: 'ja', title: '日越首脳会談', published: '2025-03-05', source: `${server.base}/articles/ja.html` } });
    const jaText = await readFile(join(dir, itemFileName(`${server.base}/rss.xml`, { id: 'rss-2' })), 'utf8');
    expect(jaText).not.toContain('ホーム ニュース');
    expect(jaText.startsWith(`日越首脳会談\n\nSource: ${server.base}/articles/ja.html\nPublished: 2025-03-05\n\n東京で日越首脳会談が行われ`)).toBe(true);

    const vi = await loadCorpusFile(join(dir, itemFileName(`${server.base}/rss.xml`, { id: 'rss-1' })));
    expect(vi).toMatchObject({ document: { lang: 'vi', title: 'Hội đàm Việt Nam – Nhật Bản', published: '2025-03-04' } });

    // a later poll: same items → nothing added, no page fetched again
    const again = await poller.pollDue(new Date(now.getTime() + 31 * 60_000));
    expect(again.map((r) => r.added)).toEqual([[], []]);
    expect(server.hits.get('/articles/ja.html')).toBe(1);
    expect(await readdir(dir)).toHaveLength(3);

    // a new item appears
    server.atomEntries = [...server.atomEntries, `<entry><id>urn:atom:2</id><title>Đối thoại 2+2</title><link href="${server.base}/missing.html"/><updated>2025-03-07</updated><summary>Tóm tắt ngắn.</summary></entry>`];
    const third = await poller.pollDue(new Date(now.getTime() + 62 * 60_000));
    expect(third.map((r) => r.added.length)).toEqual([0, 1]);
  });

  it('does not poll a feed before its interval is up', async () => {
    const poller = createFeedPoller({ store, corpusDir: dir, log: quiet, configFeeds: [`${server.base}/rss.xml`], intervalMs: 30 * 60_000 });
    const now = new Date('2025-03-06T12:00:00Z');
    await poller.pollDue(now);
    expect(await poller.pollDue(new Date(now.getTime() + 29 * 60_000))).toEqual([]);
    expect(server.hits.get('/rss.xml')).toBe(1);
  });

  it('backs off exponentially on failure, reports it, and recovers', async () => {
    const poller = createFeedPoller({ store, corpusDir: dir, log: quiet, configFeeds: [`${server.base}/rss.xml`] });
    server.failing = true;
    const t0 = new Date('2025-03-06T12:00:00Z');
    expect(await poller.pollDue(t0)).toEqual([{ url: `${server.base}/rss.xml`, ok: false, added: [], error: 'HTTP 503' }]);
    expect(await poller.pollDue(new Date(t0.getTime() + RETRY_BASE_MS - 1000))).toEqual([]); // still backing off
    const t1 = new Date(t0.getTime() + RETRY_BASE_MS);
    await poller.pollDue(t1);
    const [state] = await poller.list();
    expect(state).toMatchObject({ failures: 2, lastError: 'HTTP 503', nextPollAt: new Date(t1.getTime() + 2 * RETRY_BASE_MS).toISOString() });
    expect(await poller.statusLines()).toEqual([
      { url: `${server.base}/rss.xml`, ok: false, text: '2 failed polls in a row (HTTP 503); next try 2025-03-06 12:03 UTC' },
    ]);
    server.failing = false;
    const ok = await poller.pollDue(new Date(t1.getTime() + 2 * RETRY_BASE_MS));
    expect(ok.map((r) => [r.ok, r.added.length])).toEqual([[true, 2]]);
    expect((await poller.list())[0]).toMatchObject({ failures: 0, lastError: null });
  });

  it('reports a page that is not a feed and a timeout, without throwing', async () => {
    const never: typeof fetch = (_url, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const slow = createFeedPoller({ store, corpusDir: dir, log: quiet, configFeeds: ['http://127.0.0.1:9/feed'], fetch: never, timeoutMs: 50 });
    expect(await slow.pollDue(new Date())).toMatchObject([{ ok: false, error: 'timed out after 50 ms' }]);
    const html = createFeedPoller({ store, corpusDir: dir, log: quiet, configFeeds: [`${server.base}/not-a-feed.xml`] });
    expect(await html.pollDue(new Date())).toMatchObject([{ ok: false, error: 'neither an RSS nor an Atom feed' }]);
  });

  it('lets admins add and remove feeds, refusing non-http URLs', async () => {
    const poller = createFeedPoller({ store, corpusDir: dir, log: quiet, configFeeds: [`${server.base}/rss.xml`] });
    expect(await poller.add(`${server.base}/atom.xml`)).toBe(true);
    expect(await poller.add(`${server.base}/atom.xml`)).toBe(false);
    await expect(poller.add('file:///etc/passwd')).rejects.toMatchObject({ code: 'FEED_URL_INVALID' });
    expect((await poller.list()).map((f) => [f.url, f.origin])).toEqual([
      [`${server.base}/rss.xml`, 'config'],
      [`${server.base}/atom.xml`, 'command'],
    ]);
    await expect(poller.remove(`${server.base}/rss.xml`)).rejects.toMatchObject({ code: 'FEED_UNKNOWN' });
    expect(await poller.remove(`${server.base}/atom.xml`)).toBe(true);
    expect(await poller.list()).toHaveLength(1);
  });
});
