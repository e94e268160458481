import { describe, it, expect } from 'vitest';
import { findFigures, parseNumber } from '../../src/knowledge/figures.js';

const NO_DATE = { published: null };

describe('parseNumber', () => {
  it('reads thousands separators and decimal marks by language', () => {
    expect(parseNumber('2.000', ',')).toBe(2000);
    expect(parseNumber('42,5', ',')).toBe(42.5);
    expect(parseNumber('580.000', ',')).toBe(580000);
    expect(parseNumber('1,000', '.')).toBe(1000);
    expect(parseNumber('4.5', '.')).toBe(4.5);
    expect(parseNumber('1 500 000', ',')).toBe(1500000);
    expect(parseNumber('1,234.5', '.')).toBe(1234.5);
  });
});

describe('findFigures', () => {
  it('reads German amounts with scale words, units, measure and a month range (seed 001)', () => {
    const s = 'Der bilaterale Handelsumsatz erreichte von Januar bis Oktober 2025 42,5 Milliarden US-Dollar, ein Plus von 11 % gegenüber dem Vorjahreszeitraum.';
    expect(findFigures(s, 'de', NO_DATE)).toEqual([
      { value: 42_500_000_000, unit: 'USD', measure: 'bilateral trade', period: '2025-01/2025-10', text: '42,5 Milliarden US-Dollar' },
      { value: 11, unit: '%', measure: 'bilateral trade', period: '2025-01/2025-10', text: '11 %' },
    ]);
  });

  it('reads counts with German thousands separators and words in between', () => {
    expect(findFigures('Derzeit sind über 2.000 japanische Unternehmen in Vietnam tätig.', 'de', NO_DATE)).toEqual([
      { value: 2000, unit: 'companies', measure: 'companies', period: null, text: '2.000 japanische Unternehmen' },
    ]);
  });

  it('reads "first ten months of 2025" and visitor counts with scale words', () => {
    const s = 'In den ersten zehn Monaten des Jahres 2025 besuchten 580.000 Vietnamesen Japan; für das Gesamtjahr werden 1,4 Millionen Besucher erwartet.';
    expect(findFigures(s, 'de', NO_DATE)).toEqual([
      { value: 580_000, unit: 'people', measure: 'visitors', period: '2025-01/2025-10', text: '580.000 Vietnamesen' },
      { value: 1_400_000, unit: 'people', measure: 'visitors', period: '2025-01/2025-10', text: '1,4 Millionen Besucher' },
    ]);
  });

  it('reads "bis 2030" as a target period', () => {
    expect(findFigures('Vietnam strebt die Ausbildung von 500 Doktoranden bis 2030 an.', 'de', NO_DATE)).toEqual([
      { value: 500, unit: 'people', measure: 'doctoral students', period: 'by 2030', text: '500 Doktoranden' },
    ]);
  });

  it('reads Vietnamese, Russian and French amounts and counts (diacritics, Cyrillic)', () => {
    expect(findFigures('Kim ngạch thương mại 10 tháng đầu năm 2025 đạt 20 tỷ USD.', 'vi', NO_DATE)).toEqual([
      { value: 20_000_000_000, unit: 'USD', measure: 'bilateral trade', period: '2025-01/2025-10', text: '20 tỷ USD' },
    ]);
    expect(findFigures('Nhật Bản cam kết 2,5 tỷ USD vốn ODA.', 'vi', NO_DATE)).toEqual([
      { value: 2_500_000_000, unit: 'USD', measure: 'ODA', period: null, text: '2,5 tỷ USD' },
    ]);
    expect(findFigures('В 2023 году стороны провели 500 мероприятий.', 'ru', NO_DATE)).toEqual([
      { value: 500, unit: 'activities', measure: 'activities', period: '2023', text: '500 мероприятий' },
    ]);
    expect(findFigures('En 2023, les deux pays ont organisé près de 500 activités pratiques.', 'fr', NO_DATE)).toEqual([
      { value: 500, unit: 'activities', measure: 'activities', period: '2023', text: '500 activités' },
    ]);
  });

  it('reads CJK scale characters and currency words', () => {
    expect(findFigures('日本は10億ドルの投資を約束した。', 'ja', NO_DATE)).toEqual([
      { value: 1_000_000_000, unit: 'USD', measure: 'investment', period: null, text: '10億ドル' },
    ]);
    expect(findFigures('양국은 1조 원 규모의 투자에 합의했다.', 'ko', NO_DATE)).toEqual([
      { value: 1_000_000_000_000, unit: 'KRW', measure: 'investment', period: null, text: '1조 원' },
    ]);
    expect(findFigures('安倍表示将提供约156亿日元的贷款。', 'zh', NO_DATE)).toEqual([
      { value: 15_600_000_000, unit: 'JPY', measure: 'loan', period: null, text: '156亿日元' },
    ]);
  });

  it('reads a currency sign before the number', () => {
    expect(findFigures('Japan pledged $4.5 billion in ODA by 2030.', 'en', NO_DATE)).toEqual([
      { value: 4_500_000_000, unit: 'USD', measure: 'ODA', period: 'by 2030', text: '$4.5 billion' },
    ]);
  });

  it('takes the publication year only for "this year" phrases', () => {
    const s = 'In the first ten months of this year, two-way trade reached 30 billion USD.';
    expect(findFigures(s, 'en', { published: '2024-11-20' })[0]?.period).toBe('2024-01/2024-10');
    expect(findFigures(s, 'en', NO_DATE)[0]?.period).toBeNull();
  });

  it('skips dates, years, ordinals and bare numbers (near misses)', () => {
    expect(findFigures('Anlässlich des zweiten Jahrestages (27. November 2023 – 27. November 2025) berichtete der Botschafter.', 'de', NO_DATE)).toEqual([]);
    expect(findFigures('Prime Minister Phuc held talks with Abe on July 1 at the 14th G20 Summit in 2019.', 'en', NO_DATE)).toEqual([]);
    expect(findFigures('平成30年5月31日、安倍総理は会談を行いました。', 'ja', NO_DATE)).toEqual([]);
    expect(findFigures('Утром 16 ноября состоялась встреча.', 'ru', NO_DATE)).toEqual([]);
    expect(findFigures('Chiều ngày 12/10, Thủ tướng có cuộc điện đàm.', 'vi', NO_DATE)).toEqual([]);
    expect(findFigures('Die Delegation bestand aus 12 Mitgliedern.', 'de', NO_DATE)).toEqual([]);
  });

  it('gives nothing for a language without data', () => {
    expect(findFigures('20 billion USD', 'xx', NO_DATE)).toEqual([]);
  });
});
