import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cleanLines, stripPhotoCredit } from '../../src/corpus/clean.js';

const BODY = 'Thủ tướng Phạm Minh Chính đã tiếp Bộ trưởng Quốc phòng Nhật Bản tại Hà Nội.';

describe('cleanLines', () => {
  it('drops everything from a trailer heading on, in several languages', () => {
    for (const trailer of ['Gleiche Kategorie', 'Même catégorie', 'Смотреть далее', 'Kommentar (0)', 'Komentar (12)', 'Tin liên quan', 'No data', '関連記事']) {
      const r = cleanLines([BODY, '', trailer, 'Ein Café in Hanoi sorgt für Furore mit seiner Weihnachtsszene.', 'Erbe']);
      expect(r.lines, trailer).toEqual([BODY]);
    }
  });

  it('does not cut at a trailer word inside a sentence (near miss)', () => {
    const line = 'Die Kommentare der Minister zur gleichen Kategorie von Projekten waren positiv.';
    expect(cleanLines([BODY, line]).lines).toEqual([BODY, line]);
  });

  it('drops cookie banners and their buttons in any language', () => {
    const r = cleanLines([BODY, 'Diese Website verwendet Cookies', 'Ce site utilise des cookies pour améliorer votre expérience.', 'Сайт использует куки', 'Ablehnen', 'Accepter']);
    expect(r.lines).toEqual([BODY]);
    expect(r.dropped.map((d) => d.rule)).toEqual(['cookie', 'cookie', 'cookie', 'consent', 'consent']);
  });

  it('drops site headers, ad markers, image file names, share buttons and null lines', () => {
    const r = cleanLines(['Vietnam.vn - Nền tảng quảng bá Việt Nam', BODY, '[iklan_2]', 'img7884 17229433499031633362915.jpg', 'Chia sẻ', 'null', '您现在的位置: 贯通日本 >> 资讯 >> 政治 >> 正文']);
    expect(r.lines).toEqual([BODY]);
    expect(r.dropped.map((d) => d.rule)).toEqual(['site-header', 'ad-marker', 'image-file', 'noise-line', 'noise-line', 'breadcrumb']);
  });

  it('drops a repeated line and keeps a caption without its photo credit', () => {
    const caption = 'Президент государства Лыонг Кыонг и премьер-министр Японии Исиба Сигэру в Лиме. (Фото: ВИA)';
    const r = cleanLines([caption, caption, BODY]);
    expect(r.lines).toEqual(['Президент государства Лыонг Кыонг и премьер-министр Японии Исиба Сигэру в Лиме.', BODY]);
  });

  it('drops runs of short menu-like lines but keeps a single sub-heading', () => {
    const r = cleanLines([BODY, 'Patrimoine', 'Chiffre', '', 'Entreprise', BODY.replace('Hà Nội', 'Tokyo'), 'Hợp tác quốc phòng', BODY.replace('Hà Nội', 'Huế')]);
    expect(r.lines).toEqual([BODY, '', '', '', '', BODY.replace('Hà Nội', 'Tokyo'), 'Hợp tác quốc phòng', BODY.replace('Hà Nội', 'Huế')]);
  });

  it('reports closing short lines as bylines', () => {
    const r = cleanLines([BODY, 'Thanh Tam']);
    expect([r.lines, r.bylines]).toEqual([[BODY], ['Thanh Tam']]);
  });

  it('keeps a text that is all body, and keeps the single line of a short note', () => {
    expect(cleanLines(['Kurz notiert']).lines).toEqual(['Kurz notiert']);
  });

  it('terminates on random strings and never invents text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 40 }), (lines) => {
        const r = cleanLines(lines);
        const input = lines.join('\n');
        for (const l of r.lines) expect(input.includes(l)).toBe(true);
        expect(r.lines.length).toBeLessThanOrEqual(lines.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('terminates on long adversarial lines', () => {
    const nasty = ['a.'.repeat(50000), 'Foto: '.repeat(20000), '(' .repeat(30000) + 'Photo: x', 'www.' + 'a.'.repeat(40000) + 'vn - x', '>> '.repeat(30000)];
    const r = cleanLines(nasty);
    expect(r.lines.length + r.dropped.length).toBeGreaterThanOrEqual(nasty.length);
  });
});

describe('stripPhotoCredit', () => {
  it('removes credits in several scripts', () => {
    expect(stripPhotoCredit('Le Premier ministre a reçu le ministre. Photo : VGP')).toBe('Le Premier ministre a reçu le ministre.');
    expect(stripPhotoCredit('Menteri Luar Negeri Bui Thanh Son. Foto: Kementerian Luar Negeri')).toBe('Menteri Luar Negeri Bui Thanh Son.');
    expect(stripPhotoCredit('Thủ tướng phát biểu. Ảnh: Dương Giang/TTXVN')).toBe('Thủ tướng phát biểu.');
    expect(stripPhotoCredit('(사진) 이시바 일본 총리')).toBe('이시바 일본 총리');
  });

  it('leaves a sentence that merely mentions a photo', () => {
    const line = 'Das Foto zeigt den Botschafter in Hanoi.';
    expect(stripPhotoCredit(line)).toBe(line);
  });
});
