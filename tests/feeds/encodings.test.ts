import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeFeed } from '../../src/feeds/decode.js';
import { parseFeedBytes } from '../../src/feeds/parse.js';
import { createFeedPoller, itemFileName } from '../../src/feeds/poller.js';
import { openStore, type Log } from '../../src/store/store.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

/** windows-1258 writes Vietnamese with the tone as a combining mark after a base letter it does have. */
function toCp1258Text(text: string): string {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/g;
  return [...text.normalize('NFC')]
    .map((c) => {
      const d = c.normalize('NFD');
      const marks = d.match(tones)?.join('') ?? '';
      return marks ? d.replace(tones, '').normalize('NFC') + marks : c;
    })
    .join('');
}

function rss(title: string, declaration: string | null): string {
  const decl = declaration ? `<?xml version="1.0" encoding="${declaration}"?>\n` : '';
  return `${decl}<rss version="2.0"><channel><title>${title}</title><item><guid>g-1</guid><title>${title}</title>` +
    `<description>${title}</description><pubDate>Tue, 04 Mar 2025 09:00:00 +0700</pubDate></item></channel></rss>`;
}

interface Case {
  name: string;
  title: string;
  bytes: Uint8Array;
  contentType?: string;
  encoding: string;
}

const bytesOf = (text: string, encoding: string, bom = false): Uint8Array => new Uint8Array(iconv.encode(text, encoding, { addBOM: bom }));

const VI = 'Hội đàm cấp cao Việt Nam – Nhật Bản về bán dẫn';
const JA = '日越首脳会談で半導体と人材育成の協力を確認';
const CASES: Case[] = [
  { name: 'Shift_JIS, XML declaration', title: JA, bytes: bytesOf(rss(JA, 'Shift_JIS'), 'shift_jis'), encoding: 'shift_jis' },
  { name: 'EUC-JP, HTTP charset', title: '日本とベトナムが技能実習で合意', bytes: bytesOf(rss('日本とベトナムが技能実習で合意', null), 'euc-jp'), contentType: 'application/rss+xml; charset=EUC-JP', encoding: 'euc-jp' },
  { name: 'windows-1258, XML declaration', title: VI, bytes: bytesOf(rss(toCp1258Text(VI), 'windows-1258'), 'windows-1258'), encoding: 'windows-1258' },
  { name: 'Latin-1, HTTP charset', title: 'Coopération à Hanoï : l’économie d’abord', bytes: bytesOf(rss('Coopération à Hanoï : l&#8217;économie d&#8217;abord', null), 'latin1'), contentType: 'text/xml; charset="iso-8859-1"', encoding: 'iso-8859-1' },
  { name: 'EUC-KR, XML declaration', title: '한국과 베트남의 경제 협력 회의', bytes: bytesOf(rss('한국과 베트남의 경제 협력 회의', 'euc-kr'), 'euc-kr'), encoding: 'euc-kr' },
  { name: 'Big5, HTTP charset', title: '越南與日本加強半導體合作', bytes: bytesOf(rss('越南與日本加強半導體合作', null), 'big5'), contentType: 'application/xml; charset=big5', encoding: 'big5' },
  { name: 'GB2312, XML declaration', title: '越南与日本加强经济合作', bytes: bytesOf(rss('越南与日本加强经济合作', 'gb2312'), 'gb2312'), encoding: 'gb18030' },
  { name: 'KOI8-R, XML declaration', title: 'Вьетнам и Япония укрепляют сотрудничество', bytes: bytesOf(rss('Вьетнам и Япония укрепляют сотрудничество', 'koi8-r'), 'koi8-r'), encoding: 'koi8-r' },
  { name: 'UTF-16LE with BOM', title: VI, bytes: bytesOf(rss(VI, 'utf-16'), 'utf-16le', true), encoding: 'utf-16le' },
  { name: 'UTF-16LE without BOM', title: JA, bytes: bytesOf(rss(JA, 'utf-16le'), 'utf-16le'), encoding: 'utf-16le' },
  { name: 'UTF-16BE with BOM', title: JA, bytes: bytesOf(rss(JA, 'utf-16'), 'utf-16be', true), encoding: 'utf-16be' },
  { name: 'UTF-16BE without BOM', title: VI, bytes: bytesOf(rss(VI, 'utf-16be'), 'utf-16be'), encoding: 'utf-16be' },
  { name: 'UTF-32LE with BOM', title: VI, bytes: bytesOf(rss(VI, 'utf-32'), 'utf-32le', true), encoding: 'utf-32le' },
  { name: 'UTF-8 with BOM, no declaration', title: JA, bytes: bytesOf(rss(JA, null), 'utf-8', true), encoding: 'utf-8' },
];

describe('decodeFeed', () => {
  it.each(CASES)('reads $name', ({ title, bytes, contentType, encoding }) => {
    const feed = parseFeedBytes(bytes, contentType);
    expect({ encoding: feed.encoding, title: feed.title, item: feed.items[0]?.title, problems: feed.problems }).toEqual({ encoding, title, item: title, problems: [] });
  });

  it('prefers the byte order mark, then the HTTP charset, then the XML declaration, and says which it overrode', () => {
    const sjis = bytesOf(rss(JA, 'euc-jp'), 'shift_jis');
    expect(decodeFeed(sjis, 'application/rss+xml; charset=Shift_JIS')).toMatchObject({
      encoding: 'shift_jis', source: 'http', warnings: ['the XML declaration says "euc-jp" but the HTTP charset says "shift_jis"; used "shift_jis"'],
    });
    const bom = bytesOf(rss(VI, 'iso-8859-1'), 'utf-8', true);
    expect(decodeFeed(bom, 'text/xml; charset=iso-8859-1')).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(parseFeedBytes(bom, 'text/xml; charset=iso-8859-1').title).toBe(VI);
  });

  it('finds the real encoding of bytes declared as UTF-8 that are not, and of undeclared ones', () => {
    const declaredWrong = bytesOf(rss('日越の外相が東京で会談し、半導体と人材の協力で一致した', 'utf-8'), 'shift_jis');
    const feed = parseFeedBytes(declaredWrong);
    expect({ encoding: feed.encoding, title: feed.title, problems: feed.problems }).toEqual({
      encoding: 'shift_jis', title: '日越の外相が東京で会談し、半導体と人材の協力で一致した',
      problems: ['the XML declaration says "utf-8" but the bytes are not; decoded as "shift_jis"'],
    });
    const undeclared = bytesOf(rss('Вьетнам и Япония подписали соглашение о сотрудничестве в области энергетики', null), 'koi8-r');
    expect(parseFeedBytes(undeclared)).toMatchObject({ encoding: 'koi8-r', title: 'Вьетнам и Япония подписали соглашение о сотрудничестве в области энергетики' });
  });

  it('ignores an encoding it does not know, and says so', () => {
    const feed = parseFeedBytes(bytesOf(rss('Plain title', 'x-no-such-charset'), 'utf-8'));
    expect({ encoding: feed.encoding, title: feed.title, problems: feed.problems }).toEqual({
      encoding: 'utf-8', title: 'Plain title', problems: ['unknown encoding "x-no-such-charset" (XML declaration) ignored'],
    });
  });
});

describe('feed poller and encodings', () => {
  let server: FeedServer;
  let dir: string;
  const warnings: Array<Record<string, unknown>> = [];
  const log: Log = { info: () => {}, warn: (fields: Record<string, unknown>) => void warnings.push(fields), error: () => {} };

  beforeAll(async () => {
    server = await startFeedServer();
    dir = await mkdtemp(join(tmpdir(), 'attache-feeds-enc-'));
    CASES.forEach((c, i) => server.raw.set(`/enc/${i}.xml`, { body: c.bytes, contentType: c.contentType }));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every feed\'s item into the corpus in readable text, whatever its encoding', async () => {
    const urls = CASES.map((_, i) => `${server.base}/enc/${i}.xml`);
    const poller = createFeedPoller({ store: await openStore('memory://', log), corpusDir: dir, log, configFeeds: urls });
    const reports = await poller.pollDue(new Date('2025-03-06T12:00:00Z'));
    expect(reports.map((r) => [r.ok, r.added.length])).toEqual(CASES.map(() => [true, 1]));
    const firstLines = await Promise.all(urls.map(async (url) => (await readFile(join(dir, itemFileName(url, { id: 'g-1' })), 'utf8')).split('\n')[0]));
    expect(firstLines).toEqual(CASES.map((c) => c.title));
  });

  it('warns, naming the feed, when its declared encoding is wrong', async () => {
    warnings.length = 0;
    server.raw.set('/wrong.xml', { body: bytesOf(rss('東京で日越外相会談、両国は半導体分野での協力強化に合意した', 'utf-8'), 'shift_jis'), contentType: 'application/rss+xml' });
    const poller = createFeedPoller({ store: await openStore('memory://', log), corpusDir: dir, log, configFeeds: [`${server.base}/wrong.xml`] });
    const [report] = await poller.pollDue(new Date('2025-03-06T12:00:00Z'));
    expect(report).toMatchObject({ ok: true, problems: ['the XML declaration says "utf-8" but the bytes are not; decoded as "shift_jis"'] });
    expect(warnings).toContainEqual({ feed: `${server.base}/wrong.xml`, encoding: 'shift_jis', problems: report!.problems });
    expect((await poller.statusLines())[0]!.text).toContain('read with 1 problem: the XML declaration says "utf-8" but the bytes are not');
  });
});
