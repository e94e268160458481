/**
 * Time and peak memory of the feed code on a 50 MB feed (synthetic: generated sentences, several encodings):
 *
 *   node --import tsx bench/feed-50mb.ts [--mb 50]
 *
 * Each measurement runs in a fresh child process, so its peak RSS is its own:
 *   parse-utf8     decode + parse a 50 MB UTF-8 RSS document in memory (no cap: what the parser alone costs)
 *   parse-sjis     the same document in Shift_JIS, no declaration (so the encoding is detected)
 *   poll-capped    the poller against a local server streaming 50 MB with no Content-Length: aborted at the
 *                  5 MB cap (MAX_RESPONSE_BYTES)
 *   poll-5mb       the poller on a 4.9 MB feed (just under the cap): every item read, MAX_NEW_ITEMS_PER_POLL written
 * rssBeforeMb is the RSS once the input is built (in the same process), peakRssMb the peak: the difference is what
 * the measured step added. Figures are printed, never asserted. The 1-minute load average is printed with them: other processes share the
 * machine.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { parseFeedBytes } from '../src/feeds/parse.js';
import { createFeedPoller } from '../src/feeds/poller.js';
import { openStore, type Log } from '../src/store/store.js';

const SELF = fileURLToPath(import.meta.url);
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const WORDS = ['hợp tác', 'bán dẫn', '半導体', '協力', 'năng lượng', '人材育成', 'đầu tư', 'Tokyo', 'Hà Nội', 'ODA', '会談', 'kinh tế'];

function item(n: number): string {
  const words = Array.from({ length: 120 }, (_, i) => WORDS[(n * 7 + i * 3) % WORDS.length]).join(' ');
  return `<item><guid>bench-${n}</guid><title>Bản tin ${n} 日越</title><link>https://news.example/${n}</link>` +
    `<pubDate>Tue, 04 Mar 2025 09:00:00 +0700</pubDate><description><![CDATA[<p>${words}.</p><p>${words}.</p>]]></description></item>`;
}

function feed(bytes: number, declaration = true): string {
  const parts: string[] = [`${declaration ? '<?xml version="1.0" encoding="utf-8"?>' : ''}<rss version="2.0"><channel><title>Bench</title>`];
  let size = parts[0]!.length;
  for (let n = 0; size < bytes; n++) {
    const next = item(n);
    parts.push(next);
    size += Buffer.byteLength(next);
  }
  parts.push('</channel></rss>');
  return parts.join('');
}

/** Peak RSS of this process so far, and RSS now (the input is built in the same process: compare the two). */
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const nowRssMb = () => Math.round(process.memoryUsage().rss / 1048576);

async function child(mode: string, mb: number): Promise<Record<string, unknown>> {
  const started = performance.now();
  if (mode === 'parse-utf8' || mode === 'parse-sjis') {
    const text = feed(mb * 1024 * 1024, mode === 'parse-utf8');
    const bytes = mode === 'parse-utf8' ? new Uint8Array(Buffer.from(text)) : new Uint8Array(iconv.encode(text, 'shift_jis'));
    const before = nowRssMb();
    const t0 = performance.now();
    const parsed = parseFeedBytes(bytes, 'application/rss+xml');
    return { mode, inputMb: +(bytes.byteLength / 1048576).toFixed(1), items: parsed.items.length, encoding: parsed.encoding, ms: Math.round(performance.now() - t0), rssBeforeMb: before, peakRssMb: rssMb() };
  }
  const body = Buffer.from(feed(mode === 'poll-5mb' ? 4.9 * 1024 * 1024 : mb * 1024 * 1024));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    let at = 0;
    const pump = () => {
      while (at < body.length && !res.destroyed) {
        const ok = res.write(body.subarray(at, at + 65536));
        at += 65536;
        if (!ok) return;
      }
      if (at >= body.length) res.end();
    };
    res.on('drain', pump);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/feed.xml`;
  const dir = mkdtempSync(join(tmpdir(), 'attache-feed-bench-'));
  const poller = createFeedPoller({ store: await openStore('memory://', quiet), corpusDir: dir, log: quiet, configFeeds: [url] });
  const before = nowRssMb();
  const t0 = performance.now();
  const [report] = await poller.pollDue(new Date());
  const ms = Math.round(performance.now() - t0);
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  return { mode, servedMb: +(body.length / 1048576).toFixed(1), ok: report?.ok, added: report?.added.length, error: report?.error, problems: report?.problems, ms, totalMs: Math.round(performance.now() - started), rssBeforeMb: before, peakRssMb: rssMb() };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mbAt = args.indexOf('--mb');
  const mb = mbAt >= 0 ? Number(args[mbAt + 1]) : 50;
  const childAt = args.indexOf('--child');
  if (childAt >= 0) {
    console.log(JSON.stringify(await child(args[childAt + 1]!, mb)));
    return;
  }
  console.log(`feed bench, ${mb} MB, load average ${loadavg()[0]!.toFixed(2)}`);
  for (const mode of ['parse-utf8', 'parse-sjis', 'poll-capped', 'poll-5mb']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', mode, '--mb', String(mb)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    console.log(run.status === 0 ? run.stdout.trim() : `${mode} failed: ${run.stderr.slice(-500)}`);
  }
}

await main();
