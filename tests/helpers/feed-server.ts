/**
 * A local HTTP server on 127.0.0.1 serving an RSS 2.0 feed, an Atom feed, the pages their items link to,
 * a feed that fails, feeds given as raw bytes with their own Content-Type (`raw`), and `/endless`, a body that never
 * ends and has no Content-Length. Tests change `rssItems` / `atomEntries` between polls and read `hits`.
 */
import { createServer, type Server } from 'node:http';

export interface FeedServer {
  base: string;
  rssItems: string[];
  atomEntries: string[];
  pages: Map<string, string>;
  /** Path → number of requests. */
  hits: Map<string, number>;
  /** While true, /rss.xml answers 503. */
  failing: boolean;
  /** Path → exact bytes (or text, sent as UTF-8), Content-Type header (none when omitted), and an ETag (304 when matched). */
  raw: Map<string, RawRoute>;
  /** Resolves with the bytes /endless had sent when its client went away. */
  endlessClosed(): Promise<number>;
  close(): Promise<void>;
}

export interface RawRoute {
  body: Uint8Array | string;
  contentType?: string;
  etag?: string;
}

export async function startFeedServer(): Promise<FeedServer> {
  const state = {
    rssItems: [] as string[],
    atomEntries: [] as string[],
    pages: new Map<string, string>(),
    hits: new Map<string, number>(),
    failing: false,
    raw: new Map<string, RawRoute>(),
  };
  let endlessDone: (bytes: number) => void = () => {};
  const endlessClosed = new Promise<number>((resolve) => (endlessDone = resolve));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    if (path === '/rss.xml') {
      if (state.failing) return void res.writeHead(503).end('unavailable');
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      return void res.end(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Test RSS</title>${state.rssItems.join('')}</channel></rss>`,
      );
    }
    if (path === '/atom.xml') {
      res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' });
      return void res.end(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Test Atom</title>${state.atomEntries.join('')}</feed>`);
    }
    if (path === '/not-a-feed.xml') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><body>hello</body></html>');
    }
    const raw = state.raw.get(path);
    if (raw !== undefined) {
      if (raw.etag && req.headers['if-none-match'] === raw.etag) return void res.writeHead(304).end();
      res.writeHead(200, { ...(raw.contentType ? { 'content-type': raw.contentType } : {}), ...(raw.etag ? { etag: raw.etag } : {}) });
      return void res.end(typeof raw.body === 'string' ? raw.body : Buffer.from(raw.body));
    }
    if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.from(`<item><title>${'x'.repeat(1000)}</title></item>`.repeat(16));
      let sent = 0;
      res.write('<rss><channel>');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) sent += chunk.length;
      };
      res.on('drain', pump);
      res.on('close', () => endlessDone(sent));
      return void pump();
    }
    const page = state.pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(page);
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const result: FeedServer = {
    base: `http://127.0.0.1:${port}`,
    get rssItems() { return state.rssItems; },
    set rssItems(v) { state.rssItems = v; },
    get atomEntries() { return state.atomEntries; },
    set atomEntries(v) { state.atomEntries = v; },
    pages: state.pages,
    hits: state.hits,
    get failing() { return state.failing; },
    set failing(v) { state.failing = v; },
    raw: state.raw,
    endlessClosed: () => endlessClosed,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
  return result;
}
