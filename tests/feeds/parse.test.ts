import { describe, it, expect } from 'vitest';
import { feedDate } from '../../src/feeds/dates.js';
import { FeedParseError, parseFeed, type FeedItem } from '../../src/feeds/parse.js';
import { markupText } from '../../src/feeds/text.js';

const rss = (items: string, channel = '<title>Channel</title>') =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>${channel}${items}</channel></rss>`;
const atom = (entries: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>${entries}</feed>`;
const only = (xml: string): FeedItem => {
  const { items } = parseFeed(xml);
  expect(items).toHaveLength(1);
  return items[0]!;
};

describe('parseFeed: entities and markup', () => {
  it('decodes every HTML entity in titles, not only the XML five', () => {
    expect(only(rss('<item><guid>1</guid><title>Caf&eacute; &Omega; &hellip; &ndash; &THORN;&#7897;&#x1EC7;</title></item>')).title).toBe('Café Ω … – Þộệ');
  });

  it('turns escaped markup in a title into its text', () => {
    expect(only(rss('<item><guid>1</guid><title>&lt;b&gt;Hội đàm&lt;/b&gt; cấp cao &amp;amp; tuyên bố chung</title></item>')).title).toBe('Hội đàm cấp cao & tuyên bố chung');
  });

  it('reads Atom xhtml titles and content', () => {
    const item = only(atom(`<entry><id>x-1</id>
      <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Japan and <em>Viet Nam</em> sign a pact</div></title>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First line.</p><p>Second line.</p></div></content></entry>`));
    expect({ title: item.title, text: markupText(item.content!) }).toEqual({ title: 'Japan and Viet Nam sign a pact', text: 'First line.\nSecond line.' });
  });

  it('keeps unescaped HTML in a description whole ("Two<br>lines" is two lines, not "Two")', () => {
    const item = only(rss('<item><guid>1</guid><title>T</title><description>Two<br/>lines and <b>more</b></description></item>'));
    expect(markupText(item.content!)).toBe('Two\nlines and more');
  });

  it('takes the text from the feed\'s own elements, not from a module that reuses their names', () => {
    const xml = `<rss version="2.0" xmlns:x="https://modules.example/desc"><channel><item><guid>1</guid><title>T</title>
      <description>Thỏa thuận hợp tác</description><x:description>a longer description that belongs to another vocabulary</x:description></item></channel></rss>`;
    expect(only(xml)).toMatchObject({ content: 'Thỏa thuận hợp tác', summary: null });
  });

  it('decodes base64 Atom content', () => {
    const encoded = Buffer.from('<p>Hợp tác <b>bán dẫn</b></p>').toString('base64');
    const item = only(atom(`<entry><id>b</id><content type="application/octet-stream">${encoded}</content></entry>`));
    expect(item.content).toBe('<p>Hợp tác <b>bán dẫn</b></p>');
  });

  it('keeps escaped markup inside CDATA as markup, and literal brackets as text', () => {
    const item = only(rss('<item><guid>1</guid><title>T</title><description><![CDATA[<p>Tariffs &lt;5% &amp; quotas</p>]]></description></item>'));
    expect(markupText(item.content!)).toBe('Tariffs <5% & quotas');
  });
});

describe('parseFeed: items without guid, link or title', () => {
  const untitled = '<item><description>Bộ trưởng hai nước đã ký biên bản ghi nhớ.</description><pubDate>Tue, 04 Mar 2025 09:00:00 +0700</pubDate></item>';

  it('keeps them under a stable hash of their content', () => {
    const first = parseFeed(rss(untitled)).items;
    const again = parseFeed(rss(`<item><guid>other</guid><title>Other</title></item>${untitled}`)).items;
    expect(first).toEqual([{ id: first[0]!.id, link: null, title: null, published: '2025-03-04', content: 'Bộ trưởng hai nước đã ký biên bản ghi nhớ.', summary: null }]);
    expect(first[0]!.id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(again[1]!.id).toBe(first[0]!.id);
  });

  it('gives different content different ids', () => {
    const two = parseFeed(rss(untitled + untitled.replace('biên bản', 'hiệp định'))).items;
    expect(new Set(two.map((i) => i.id)).size).toBe(2);
  });

  it('uses a permalink guid as the link, and rdf:about as the id', () => {
    expect(only(rss('<item><guid>https://news.example/a/1</guid><title>T</title></item>')).link).toBe('https://news.example/a/1');
    expect(only(rss('<item><guid isPermaLink="false">https://news.example/a/1</guid><title>T</title></item>')).link).toBe(null);
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://news.example/"><title>R</title></channel>
      <item rdf:about="https://news.example/r/7"><title>RDF item</title></item></rdf:RDF>`;
    expect(parseFeed(rdf)).toMatchObject({ format: 'rdf', title: 'R', items: [{ id: 'https://news.example/r/7', title: 'RDF item' }] });
  });
});

describe('feedDate', () => {
  it.each([
    ['Tue, 04 Mar 2025 09:00:00 +0700', '2025-03-04'],
    ['Tue, 4 Mar 2025 09:00 GMT', '2025-03-04'],
    ['Tue,4 Mar 2025 09:00:00 -0000', '2025-03-04'],
    ['Mon, 03 March, 2025 06:28:00 UTC', '2025-03-03'],
    ['Tue, 04 Mar 25 09:00:00 EST', '2025-03-04'],
    ['04 Mar 2025', '2025-03-04'],
    ['2025-03-05T23:30:00-05:00', '2025-03-05'],
    ['2025-03-05T10:14:55.123Z', '2025-03-05'],
    ['2025-03-05 10:14:55', '2025-03-05'],
    ['2025-03-05', '2025-03-05'],
    ['2025-003-05T10:00:00Z', '2025-03-05'],
    ['20250305', null],
    ['250305', '2025-03-05'],
    ['2025-064', '2025-03-05'],
    ['Wed Mar  5 10:14:55 2025', '2025-03-05'],
    ['Wed Mar 05 10:14:55 +0000 2025', '2025-03-05'],
    ['Wed, 2025/03/05 10:14:55 EDT', '2025-03-05'],
    ['2025年3月5日 10時', '2025-03-05'],
    ['2025년 03월 05일 10:14:55', '2025-03-05'],
    ['Τετ, 05 Μάρ 2025 10:00:00 EET', '2025-03-05'],
    ['mer., 5 mars 2025 10:00:00 +0100', '2025-03-05'],
  ])('reads %s', (input, expected) => {
    expect(feedDate(input)).toBe(expected);
  });

  it.each([
    '2009-06-99', '2025-02-29', '2024-13-01', 'Sun, 99 Jun 2009 12:00:00 GMT', '2025-03-05T25:14:55Z', '2025-03-05T10:61:00Z',
    '2025-03-05T10:00:00+99:99', 'Sun, 16 Dec 2012 1:2:3:4 GMT', 'Mon, 10 Xyz 2025', '2025-03', '2025', 'yesterday', '',
  ])('rejects %j (impossible, not a day, or not a date)', (input) => {
    expect(feedDate(input)).toBe(null);
  });

  it('accepts 29 February in a leap year only', () => {
    expect([feedDate('2024-02-29'), feedDate('2023-02-29')]).toEqual(['2024-02-29', null]);
  });
});

describe('parseFeed: broken feeds', () => {
  it('reads a feed with a stray "<" or "&" in a title', () => {
    const feed = parseFeed(rss('<item><guid>1</guid><title>Exports < imports & R&D</title></item><item><guid>2</guid><title>Next</title></item>'));
    expect({ titles: feed.items.map((i) => i.title), problems: feed.problems }).toEqual({
      titles: ['Exports < imports & R&D', 'Next'], problems: ['3 stray "<" or "&" escaped'],
    });
  });

  it('keeps the well-formed items of a feed cut off in the middle, and reports the rest', () => {
    const feed = parseFeed(rss('<item><guid>1</guid><title>One</title></item><item><guid>2</guid><title>Two</title></item><item><guid>3</guid><title>Thr').slice(0, -'</channel></rss>'.length));
    expect({ title: feed.title, ids: feed.items.map((i) => i.id), problems: feed.problems.slice(1) }).toEqual({
      title: 'Channel', ids: ['1', '2'], problems: ['1 of 3 items are not well-formed and were skipped'],
    });
    expect(feed.problems[0]).toMatch(/^not well-formed: /);
  });

  it('drops a broken item in the middle and keeps the others', () => {
    const feed = parseFeed(rss('<item><guid>1</guid><title>One</title></item><item><guid>2</guid><title>Two</titel></item><item><guid>3</guid><title>Three</title></item>'));
    expect({ ids: feed.items.map((i) => i.id), last: feed.problems.at(-1) }).toEqual({ ids: ['1', '3'], last: '1 of 3 items are not well-formed and were skipped' });
  });

  it('expands no DOCTYPE entity and reads no external one', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/hostname">]>
      <rss><channel><title>L</title><item><guid>1</guid><title>[&c;&x;]</title></item></channel></rss>`;
    const feed = parseFeed(laughs);
    expect({ title: feed.items[0]!.title, problems: feed.problems }).toEqual({ title: '[&c;&x;]', problems: ['the entity declarations of the DOCTYPE were ignored'] });
  });

  it('still refuses what is not a feed at all', () => {
    expect(() => parseFeed('<html><body><p>Not a feed</p></body></html>')).toThrow(FeedParseError);
    expect(() => parseFeed('plain text, no markup')).toThrow(FeedParseError);
    expect(parseFeed('<rss version="2.0"></rss>')).toEqual({ format: 'rss', title: null, items: [], problems: [] });
  });
});
