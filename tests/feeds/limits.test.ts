import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeedPoller, itemFileName, type FeedPollerOptions } from '../../src/feeds/poller.js';
import { htmlDepth, markupText } from '../../src/feeds/text.js';
import { openStore, type Log, type Store } from '../../src/store/store.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const BODY = 'Hai bên nhất trí tăng cường hợp tác trong lĩnh vực bán dẫn, năng lượng sạch và đào tạo nguồn nhân lực chất lượng cao. '.repeat(5);
const item = (n: number) => `<item><guid>item-${n}</guid><title>Bản tin số ${n}</title><content:encoded><![CDATA[<p>${BODY}</p>]]></content:encoded></item>`;

describe('feed poller limits', () => {
  let server: FeedServer;
  let dir: string;
  let store: Store;
  const poller = (options: Partial<FeedPollerOptions>) => createFeedPoller({ store, corpusDir: dir, log: quiet, ...options });

  beforeEach(async () => {
    server = await startFeedServer();
    dir = await mkdtemp(join(tmpdir(), 'attache-feeds-limits-'));
    store = await openStore('memory://', quiet);
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('aborts a body that passes the byte cap although it announced no length', async () => {
    const feeds = poller({ configFeeds: [`${server.base}/endless`], maxBytes: 64 * 1024 });
    expect(await feeds.pollDue(new Date('2025-03-06T12:00:00Z'))).toEqual([
      { url: `${server.base}/endless`, ok: false, added: [], error: 'response too large (over 65536 bytes)' },
    ]);
    // the server sees its client go away: the download stopped instead of running on
    expect(await server.endlessClosed()).toBeGreaterThan(64 * 1024);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a body whose announced length passes the cap', async () => {
    server.raw.set('/big.xml', { body: `<rss><channel>${item(1).repeat(200)}</channel></rss>`, contentType: 'application/rss+xml' });
    const feeds = poller({ configFeeds: [`${server.base}/big.xml`], maxBytes: 64 * 1024 });
    expect(await feeds.pollDue(new Date('2025-03-06T12:00:00Z'))).toMatchObject([{ ok: false, error: 'response too large (over 65536 bytes)' }]);
  });

  it('writes at most maxNewItemsPerPoll new items a poll and the rest at the next polls', async () => {
    server.rssItems = [1, 2, 3, 4, 5, 6, 7].map(item);
    const feeds = poller({ configFeeds: [`${server.base}/rss.xml`], maxNewItemsPerPoll: 3, intervalMs: 60_000 });
    const t0 = Date.parse('2025-03-06T12:00:00Z');
    const polls = [];
    for (let i = 0; i < 4; i++) polls.push(...(await feeds.pollDue(new Date(t0 + i * 60_000))));
    expect(polls.map((p) => [p.added.length, p.problems ?? []])).toEqual([
      [3, ['4 more new items wait for the next poll (at most 3 a poll)']],
      [3, ['1 more new item waits for the next poll (at most 3 a poll)']],
      [1, []],
      [0, []],
    ]);
    expect((await readdir(dir)).sort()).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => itemFileName(`${server.base}/rss.xml`, { id: `item-${n}` })).sort());
  });

  it('fetches the whole feed again while items wait, even when the server would answer 304', async () => {
    server.raw.set('/etag.xml', { body: `<rss><channel>${[1, 2, 3, 4, 5].map(item).join('')}</channel></rss>`, contentType: 'application/rss+xml', etag: '"v1"' });
    const feeds = poller({ configFeeds: [`${server.base}/etag.xml`], maxNewItemsPerPoll: 2, intervalMs: 60_000 });
    const t0 = Date.parse('2025-03-06T12:00:00Z');
    const added = [];
    for (let i = 0; i < 4; i++) added.push((await feeds.pollDue(new Date(t0 + i * 60_000)))[0]!.added.length);
    expect(added).toEqual([2, 2, 1, 0]);
    expect((await feeds.list())[0]!.etag).toBe('"v1"');
  });

  it('reads at most maxItemsPerFeed items of one feed document, and says so', async () => {
    server.rssItems = [1, 2, 3, 4, 5, 6, 7, 8].map(item);
    const feeds = poller({ configFeeds: [`${server.base}/rss.xml`], maxItemsPerFeed: 5, intervalMs: 60_000 });
    const [first] = await feeds.pollDue(new Date('2025-03-06T12:00:00Z'));
    const [second] = await feeds.pollDue(new Date('2025-03-06T12:01:00Z'));
    expect([first, second].map((p) => [p!.added.length, p!.problems])).toEqual([
      [5, ['8 items in the feed; only the first 5 are read']],
      [0, ['8 items in the feed; only the first 5 are read']],
    ]);
  });

  it('turns deeply nested HTML in an item into its text', async () => {
    const depth = 50_000;
    const nested = `${'<div><span>'.repeat(depth)}${BODY}${'</span></div>'.repeat(depth)}`;
    server.rssItems = [`<item><guid>deep</guid><title>Lồng sâu</title><content:encoded><![CDATA[${nested}]]></content:encoded></item>`];
    const feeds = poller({ configFeeds: [`${server.base}/rss.xml`] });
    expect(await feeds.pollDue(new Date('2025-03-06T12:00:00Z'))).toMatchObject([{ ok: true, added: [itemFileName(`${server.base}/rss.xml`, { id: 'deep' })] }]);
    const text = await readFile(join(dir, itemFileName(`${server.base}/rss.xml`, { id: 'deep' })), 'utf8');
    expect(text).toBe(`Lồng sâu\n\n\n${BODY.trim()}\n`);
  });
});

describe('htmlDepth and markupText', () => {
  it('measures nesting without counting void elements', () => {
    expect([htmlDepth('<p>a<br>b<img src=x></p>'), htmlDepth('<div><div><span>x</span></div></div>'), htmlDepth('<div>'.repeat(1000))]).toEqual([1, 3, 1000]);
  });

  it('gives one block a line, with scripts and comments dropped', () => {
    expect(markupText('<h1>Tiêu đề</h1><script>var x = "<p>";</script><!-- c --><p>Đoạn &amp; một</p><ul><li>A</li><li>B</li></ul>')).toBe('Tiêu đề\nĐoạn & một\nA\nB');
  });
});
