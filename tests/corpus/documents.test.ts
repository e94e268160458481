import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../../src/corpus/documents.js';
import type { Document } from '../../src/corpus/types.js';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const enc = (s: string) => new TextEncoder().encode(s);

function parseSeed(name: string): Document {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(name))!;
  const result = parseDocument(file, readFileSync(SEEDS + file));
  if (!('document' in result)) throw new Error(`seed ${name} skipped: ${result.warning.reason}`);
  return result.document;
}

const body = (d: Document) => d.sentences.map((s) => s.text).join('\n');

describe('parseDocument on the seeds', () => {
  const docs = ['000', '001', '002', '003', '004'].map(parseSeed);

  it('tells each seed language', () => {
    expect(docs.map((d) => d.lang)).toEqual(['de', 'de', 'ru', 'fr', 'id']);
  });

  it('finds 001 source link, outlet and publication date from its header stamp', () => {
    expect(docs[1]).toMatchObject({
      id: '001_597852ecc2bc7647',
      file: '001_597852ecc2bc7647.txt',
      source: 'https://nhandan.vn/nhat-ban-khang-dinh-quyet-tam-duy-tri-va-cung-co-moi-quan-he-vung-chac-voi-viet-nam-post926916.html',
      published: '2025-11-30',
      outlet: 'Báo Nhân dân',
      title: 'Japan bekräftigt seine Entschlossenheit, die engen Beziehungen zu Vietnam aufrechtzuerhalten und zu stärken.',
    });
  });

  it('finds 003 publication date and takes the outlet from its source host', () => {
    expect(docs[3]).toMatchObject({
      published: '2024-08-06',
      source: 'https://vietnamnet.vn/de-nghi-bo-quoc-phong-nhat-ban-hop-tac-chuyen-giao-cong-nghe-an-ninh-mang-2309288.html',
      outlet: 'vietnamnet.vn',
      title: 'Proposer au ministère japonais de la Défense de coopérer en matière de transfert de technologie et de cybersécurité',
    });
  });

  it('never guesses a date or source the text does not state', () => {
    expect([docs[0], docs[2], docs[4]].map((d) => [d!.published, d!.source])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('takes a closing agency line as the outlet but not an author name', () => {
    expect(docs[2]!.outlet).toBe('ВИА');
    expect(docs[4]!.outlet).toBeNull();
    expect(body(docs[4]!)).not.toContain('Thanh Tam');
  });

  it('removes page noise from every cleaned body', () => {
    const forbidden = ['Diese Website verwendet Cookies', 'Ablehnen', 'No data', 'Gleiche Kategorie', 'Kommentar (0)', 'Komentar (0)', 'Comment (0)', '[iklan_2]', 'Tautan sumber', 'Vietnam.vn - ', 'Смотреть далее', 'Скопировать ссылку', 'Même catégorie', '.jpg', 'Quelle:', 'Source :', 'Báo Nhân dânBáo'];
    for (const d of docs) for (const phrase of forbidden) expect(body(d), `${d.id} keeps "${phrase}"`).not.toContain(phrase);
    const menuItems = ['null', 'Produkt', 'Produit', 'Erbe', 'Locale', 'ВИА'];
    expect(docs.flatMap((d) => d.sentences.filter((s) => menuItems.includes(s.text)))).toEqual([]);
  });

  it('keeps the article text before the trailer, and keeps a caption once without its photo credit', () => {
    const last = docs[1]!.sentences.at(-1)!.text;
    expect(last).toBe('Dies sei eine neue Form der Zusammenarbeit zwischen den beiden Ländern.');
    const captions = docs[1]!.sentences.filter((s) => s.text.startsWith('Japanischer Botschafter in Vietnam Ito Naoki'));
    expect(captions.map((s) => s.text)).toEqual(['Japanischer Botschafter in Vietnam Ito Naoki.']);
    expect(docs[3]!.sentences.map((s) => s.text)).toContain('Le Premier ministre Pham Minh Chinh a reçu le ministre japonais de la Défense.');
  });

  it('numbers sentences from 1 with the title first, and does not split German ordinals before months', () => {
    const d = docs[1]!;
    expect(d.sentences[0]).toEqual({ index: 1, text: d.title, paragraph: 0 });
    expect(d.sentences.map((s) => s.index)).toEqual(d.sentences.map((_, i) => i + 1));
    const forum = d.sentences.find((s) => s.text.includes('am 24. und 25. November'));
    expect(forum?.text).toMatch(/^Das Vietnam-Japan-Forum für lokale Zusammenarbeit, das am 24\. und 25\. November in Quang Ninh/);
    expect(d.sentences.some((s) => s.text.includes('(27. November 2023 – 27. November 2025)'))).toBe(true);
  });

  it('drops a paragraph repeated verbatim (002 lead, 003 sub-heading)', () => {
    const lead = docs[2]!.sentences.filter((s) => s.text.startsWith('Утром 16 ноября'));
    expect(lead).toHaveLength(1);
    expect(docs[3]!.sentences.filter((s) => s.text.startsWith('Le Vietnam et le Japon promeuvent'))).toHaveLength(1);
  });

  it('hashes the raw bytes (sha256 hex) and counts them', () => {
    expect(docs[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(docs[0]!.bytes).toBe(readFileSync(SEEDS + '000_6c8d8428f9bc3ae4.txt').length);
    const again = parseDocument('x.txt', readFileSync(SEEDS + '000_6c8d8428f9bc3ae4.txt'));
    expect('document' in again && again.document.hash).toBe(docs[0]!.hash);
  });
});

describe('parseDocument on other inputs', () => {
  it('uses the page store date line when it is a full date, and drops it', () => {
    const r = parseDocument('s.txt', enc(' date 2024-03-05 Hội nghị diễn ra tại Hà Nội với sự tham gia của nhiều đại biểu quốc tế và trong nước.\n\nHai bên đã ký kết nhiều thỏa thuận hợp tác quan trọng về kinh tế.'));
    expect('document' in r && r.document).toMatchObject({ published: '2024-03-05', lang: 'vi' });
    expect('document' in r && r.document.sentences[0]!.text).toBe('Hội nghị diễn ra tại Hà Nội với sự tham gia của nhiều đại biểu quốc tế và trong nước.');
  });

  it('does not take a month-only store date as a publication date', () => {
    const r = parseDocument('m.txt', enc(' date 2022-05 Le Premier ministre a présidé une cérémonie officielle à Hanoï ce dimanche matin.'));
    expect('document' in r && r.document.published).toBeNull();
  });

  it('reads Markdown without its syntax', () => {
    const r = parseDocument('note.md', enc('# Japan und Vietnam\n\nDer **Botschafter** sprach über [Zusammenarbeit](https://example.org) und Handel zwischen den beiden Ländern.\n'));
    expect('document' in r && r.document.sentences.map((s) => s.text)).toEqual([
      'Japan und Vietnam',
      'Der Botschafter sprach über Zusammenarbeit und Handel zwischen den beiden Ländern.',
    ]);
  });

  it('extracts an HTML article without navigation, footer or scripts', () => {
    const para = '<p>東京で日越首脳会談が行われました。両首脳は半導体とエネルギー分野での協力を確認しました。</p>';
    const html = `<html><head><title>会談 | サイト</title><script>var a = "x";</script></head><body><nav><a>ホーム</a><a>国際</a></nav><h1>日越首脳会談</h1>${para}<footer>著作権 2025</footer></body></html>`;
    const r = parseDocument('page.html', enc(html));
    expect('document' in r && r.document).toMatchObject({ title: '日越首脳会談', lang: 'ja' });
    expect('document' in r && r.document.sentences.map((s) => s.text)).toEqual([
      '日越首脳会談',
      '東京で日越首脳会談が行われました。',
      '両首脳は半導体とエネルギー分野での協力を確認しました。',
    ]);
  });

  it('gives "und" for a language it cannot tell and still keeps the text', () => {
    const r = parseDocument('x.txt', enc('12345 67890 ++ 42'));
    expect('document' in r && [r.document.lang, r.document.sentences.map((s) => s.text)]).toEqual(['und', ['12345 67890 ++ 42']]);
  });

  it('skips a file with nothing but page noise', () => {
    expect(parseDocument('n.txt', enc('Chia sẻ\nnull\n[iklan_2]\n'))).toEqual({ warning: { file: 'n.txt', reason: 'empty (nothing left after removing page noise)' } });
  });

  it('refuses an unsupported extension', () => {
    expect(parseDocument('x.pdf', enc('text'))).toEqual({ warning: { file: 'x.pdf', reason: 'unsupported file type ".pdf"' } });
  });
});
