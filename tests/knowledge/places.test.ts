import { describe, it, expect } from 'vitest';
import { findPlaces, findOccasions, findCountries, countryName, PhraseMatcher } from '../../src/knowledge/places.js';

const places = (text: string, lang: string): [string | null, string | null][] =>
  findPlaces(text, lang).map((p) => [p.place, p.country]);

describe('findPlaces', () => {
  it('gives the same place for "в Лиме" and "in Lima, Peru"', () => {
    expect(places('Президент и премьер-министр в Лиме, Перу.', 'ru')).toEqual([['Lima', 'Peru']]);
    expect(places('The leaders met in Lima, Peru.', 'en')).toEqual([['Lima', 'Peru']]);
    expect(places('Встреча в Лиме', 'ru')).toEqual([['Lima', 'Peru']]);
  });

  it('folds the country after its city into one mention with the whole span', () => {
    const [m] = findPlaces('in Lima, Peru', 'en');
    expect(m).toEqual({ place: 'Lima', country: 'Peru', start: 3, end: 13, text: 'Lima, Peru' });
  });

  it.each([
    ['vi', 'Thủ tướng tiếp Đại sứ tại Hà Nội.', 'Hanoi', 'Vietnam'],
    ['en', 'He arrived in Hanoi on Monday.', 'Hanoi', 'Vietnam'],
    ['ru', 'переговоры в Ханое', 'Hanoi', 'Vietnam'],
    ['zh', '两国领导人在河内举行会谈', 'Hanoi', 'Vietnam'],
    ['ja', 'ハノイで会談した', 'Hanoi', 'Vietnam'],
    ['ko', '하노이에서 회담했다', 'Hanoi', 'Vietnam'],
    ['ja', '東京で首脳会談', 'Tokyo', 'Japan'],
    ['ru', 'в Токио', 'Tokyo', 'Japan'],
    ['ja', '大阪で開かれたG20', 'Osaka', 'Japan'],
    ['ja', 'ホイアンを訪問した', 'Hoi An', 'Vietnam'],
    ['en', 'a visit to Hoi An', 'Hoi An', 'Vietnam'],
    ['vi', 'tỉnh Quảng Ninh', 'Quang Ninh', 'Vietnam'],
    ['en', 'Quang Ninh province', 'Quang Ninh', 'Vietnam'],
    ['vi', 'tại TP.HCM', 'Ho Chi Minh City', 'Vietnam'],
    ['ru', 'в Хошимине', 'Ho Chi Minh City', 'Vietnam'],
    ['en', 'in Can Tho', 'Can Tho', 'Vietnam'],
    ['de', 'in Kuala Lumpur', 'Kuala Lumpur', 'Malaysia'],
    ['en', 'in Port Moresby', 'Port Moresby', 'Papua New Guinea'],
    ['th', 'ที่กรุงเทพมหานคร', 'Bangkok', 'Thailand'],
    ['ar', 'في طوكيو', 'Tokyo', 'Japan'],
  ])('%s: %s → %s', (lang, text, place, country) => {
    expect(places(text, lang)).toEqual([[place, country]]);
  });

  it('maps venues to the city they imply', () => {
    expect(places('talks at the Prime Minister\'s Office', 'en')).toEqual([['Tokyo', 'Japan']]);
    expect(places('首相官邸で会談', 'ja')).toEqual([['Tokyo', 'Japan']]);
    expect(places('lễ đón tại Phủ Chủ tịch', 'vi')).toEqual([['Hanoi', 'Vietnam']]);
    expect(places('hội đàm tại Trụ sở Chính phủ', 'vi')).toEqual([['Hanoi', 'Vietnam']]);
  });

  it('gives a country alone as a place with a null city', () => {
    expect(places('The summit was held in Peru.', 'en')).toEqual([[null, 'Peru']]);
    expect(places('саммит в Перу', 'ru')).toEqual([[null, 'Peru']]);
  });

  it('does not match near misses', () => {
    expect(places('a holiday in Limassol', 'en')).toEqual([]);
    expect(places('Chủ tịch Hồ Chí Minh', 'vi')).toEqual([]);
    expect(places('a vivid hue of blue', 'en')).toEqual([]);
  });

  it('returns nothing for a language without a lexicon and no known name', () => {
    expect(findPlaces('Mkutano ulifanyika jana jioni.', 'sw')).toEqual([]);
  });

  // The matcher holds Han and kana names; a text without such characters is read at its word starts only, a text
  // with some character by character: both ways find the same names.
  it('finds Latin-script names the same with or without Han or kana elsewhere in the text', () => {
    expect(places('Talks in Hanoi, then a flight to Tokyo.', 'en')).toEqual([['Hanoi', 'Vietnam'], ['Tokyo', 'Japan']]);
    expect(places('Talks in Hanoi (河内), then a flight to Tokyo.', 'en')).toEqual([['Hanoi', 'Vietnam'], ['Hanoi', 'Vietnam'], ['Tokyo', 'Japan']]);
    expect(places('ハノイ and Tokyo', 'en')).toEqual([['Hanoi', 'Vietnam'], ['Tokyo', 'Japan']]);
    expect(places('a flight via Narita to Tokyoite shops', 'en')).toEqual([]);
  });
});

describe('findOccasions', () => {
  it('reads "саммита АТЭС-2024" as APEC 2024 in Lima, Peru', () => {
    expect(findOccasions('в рамках саммита АТЭС-2024 в Перу', 'ru')).toEqual([
      { series: 'apec', label: 'APEC', year: 2024, place: 'Lima', country: 'Peru', start: 9, end: 21, text: 'саммита АТЭС' },
    ]);
  });

  it.each([
    ['en', 'on the sidelines of the G20 Osaka Summit 2019', 'g20', 'G20 Summit', 2019, 'Osaka', 'Japan'],
    ['en', 'during APEC 2017 in Da Nang', 'apec', 'APEC', 2017, 'Da Nang', 'Vietnam'],
    ['en', 'at APEC 2018', 'apec', 'APEC', 2018, 'Port Moresby', 'Papua New Guinea'],
    ['de', 'am Rande des ASEAN-Gipfels 2025', 'asean-summit', 'ASEAN Summit', 2025, 'Kuala Lumpur', 'Malaysia'],
    ['fr', "en marge du sommet de l'ASEAN", 'asean-summit', 'ASEAN Summit', null, null, null],
    ['id', 'di sela-sela KTT ASEAN', 'asean-summit', 'ASEAN Summit', null, null, null],
    ['vi', 'bên lề Hội nghị Cấp cao ASEAN', 'asean-summit', 'ASEAN Summit', null, null, null],
    ['zh', '出席东盟峰会期间', 'asean-summit', 'ASEAN Summit', null, null, null],
    ['ko', '아세안 정상회의 계기', 'asean-summit', 'ASEAN Summit', null, null, null],
    ['ja', '2024年APEC首脳会議', 'apec', 'APEC', 2024, 'Lima', 'Peru'],
    ['zh', '亚太经合组织领导人非正式会议', 'apec', 'APEC', null, null, null],
    ['en', 'G7 Summit in 2023', 'g7', 'G7 Summit', 2023, 'Hiroshima', 'Japan'],
    ['en', 'the 7th Vietnam-Japan Cooperation Committee', 'vn-jp-cooperation-committee', 'Vietnam-Japan Cooperation Committee', null, null, null],
    ['vi', 'Hội nghị Tương lai châu Á', 'nikkei-forum', 'Nikkei Forum Future of Asia', null, null, null],
    ['en', 'at COP28', 'cop', 'COP', 2023, 'Dubai', 'United Arab Emirates'],
  ])('%s: %s', (lang, text, series, label, year, place, country) => {
    const [o] = findOccasions(text, lang);
    expect(o).toMatchObject({ series, label, year, place, country });
  });

  it('does not take a bare "ASEAN" without a year for a summit', () => {
    expect(findOccasions('Japan and ASEAN countries', 'en')).toEqual([]);
  });
});

describe('findCountries', () => {
  const codes = (text: string, lang: string): [string, string][] => findCountries(text, lang).map((c) => [c.code, c.form]);

  it.each([
    ['de', 'die japanische Premierministerin', [['JP', 'adjective']]],
    ['de', 'des japanischen Premierministers', [['JP', 'adjective']]],
    ['ru', 'премьер-министр Японии', [['JP', 'name']]],
    ['ru', 'японского премьера', [['JP', 'adjective']]],
    ['ru', 'японский', [['JP', 'adjective']]],
    ['fr', 'la partie japonaise', [['JP', 'adjective']]],
    ['id', 'Perdana Menteri Jepang', [['JP', 'name']]],
    ['vi', 'Thủ tướng Nhật Bản', [['JP', 'name']]],
    ['vi', 'quan hệ Việt - Nhật', [['VN', 'name'], ['JP', 'name']]],
    ['ja', '日越首脳会談', [['JP', 'name'], ['VN', 'name']]],
    ['zh', '越南和日本', [['VN', 'name'], ['JP', 'name']]],
    ['ko', '일본과 베트남', [['JP', 'name'], ['VN', 'name']]],
    ['ru', 'Вьетнам', [['VN', 'name']]],
    ['ja', 'ベトナム', [['VN', 'name']]],
    ['en', 'Vietnam and Japan', [['VN', 'name'], ['JP', 'name']]],
    ['es', 'el primer ministro japonés', [['JP', 'adjective']]],
    ['ar', 'رئيس الوزراء الياباني', [['JP', 'adjective']]],
    ['th', 'นายกรัฐมนตรีญี่ปุ่น', [['JP', 'name']]],
    ['de', 'in Frankreich und Peru', [['FR', 'name'], ['PE', 'name']]],
    ['ru', 'в Италии', [['IT', 'name']]],
  ])('%s: %s', (lang, text, expected) => {
    expect(codes(text, lang)).toEqual(expected);
  });

  it('does not take "Nhật ký", "Chủ nhật" or "cập nhật" for Japan', () => {
    expect(findCountries('Nhật ký chuyến thăm, cập nhật Chủ nhật', 'vi')).toEqual([]);
  });

  it('does not take the 日 of a date for Japan', () => {
    expect(findCountries('5月31日に会談', 'ja')).toEqual([]);
  });

  it('does not take the Vietnamese "ý" (idea) for Italy', () => {
    expect(findCountries('ý kiến của hai bên', 'vi')).toEqual([]);
  });

  it('keeps exact offsets with diacritics', () => {
    expect(findCountries('Đại sứ Việt Nam', 'vi')).toEqual([{ code: 'VN', form: 'name', start: 7, end: 15, text: 'Việt Nam' }]);
  });

  it('maps codes to English names', () => {
    expect(countryName('VN')).toBe('Vietnam');
    expect(countryName('PG')).toBe('Papua New Guinea');
    expect(countryName('ZZ')).toBeNull();
  });

  it('returns nothing for a language without a lexicon when no English name appears', () => {
    expect(findCountries('Habari za Japani', 'sw')).toEqual([]);
  });
});

describe('PhraseMatcher', () => {
  // Positions are passed over by the first one, two or three units of the phrases: each length must still match.
  it('matches phrases of one, two and three or more units, and nothing that only shares their first units', () => {
    const m = new PhraseMatcher<string>();
    for (const p of ['x', 'ab', 'abcd', '山川', '山川谷']) m.add(p, p);
    expect(m.find('x ab abcd abc abx').map((h) => h.value)).toEqual(['x', 'ab', 'abcd']);
    expect(m.find('山川と山川谷と山').map((h) => h.value)).toEqual(['山川', '山川谷']);
    expect(m.find('ab')).toEqual([{ value: 'ab', start: 0, end: 2, text: 'ab' }]);
  });
});
