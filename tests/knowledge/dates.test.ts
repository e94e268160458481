import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findDates, formatDate, compatibleDates, moreSpecific, yearHintsOf } from '../../src/knowledge/dates.js';
import type { DateAnchor } from '../../src/knowledge/types.js';

const PUB: DateAnchor = { published: '2025-11-30', yearHints: [] };
const NONE: DateAnchor = { published: null, yearHints: [] };
const HINT_2024: DateAnchor = { published: null, yearHints: [2024] };

/** The dates found, as 'YYYY-MM-DD' strings (with '/until' for ranges), in text order. */
function dates(text: string, lang: string, anchor: DateAnchor): string[] {
  return findDates(text, lang, anchor).map((m) => {
    const from = formatDate(m.parts) ?? `?-${m.parts.month ?? '?'}-${m.parts.day ?? '?'}`;
    return m.until ? `${from}/${formatDate(m.until)}` : from;
  });
}

describe('findDates: absolute dates, one case per language', () => {
  it.each([
    ['en', 'The talks took place on November 27, 2023 in Tokyo.', ['2023-11-27']],
    ['de', 'Das Treffen fand am 27. November 2023 statt.', ['2023-11-27']],
    ['fr', 'Le 6 août 2024, les deux dirigeants se sont rencontrés.', ['2024-08-06']],
    ['ru', 'Встреча состоялась 16 ноября 2024 года в Лиме.', ['2024-11-16']],
    ['id', 'Kunjungan pada 27 November 2023 di Tokyo.', ['2023-11-27']],
    ['vi', 'Chiều 6/8/2024, Thủ tướng tiếp Đại sứ.', ['2024-08-06']],
    ['ja', '2018年5月31日、首脳会談が行われた。', ['2018-05-31']],
    ['zh', '2018年5月31日，两国领导人举行会谈。', ['2018-05-31']],
    ['ko', '2025년 4월 28일 하노이에서 회담했다.', ['2025-04-28']],
    ['es', 'El 31 de mayo de 2018 se reunieron en Tokio.', ['2018-05-31']],
    ['pt', 'Em 31 de maio de 2018 os líderes se reuniram.', ['2018-05-31']],
    ['it', 'Il 31 maggio 2018 i due leader si sono incontrati.', ['2018-05-31']],
    ['th', 'เมื่อวันที่ 27 พฤศจิกายน 2566 ที่กรุงโตเกียว', ['2023-11-27']],
    ['ar', 'التقى الزعيمان في ٢٧ نوفمبر ٢٠٢٣ في طوكيو', ['2023-11-27']],
    ['tl', 'Nagkita sila noong Nobyembre 27, 2023 sa Tokyo.', ['2023-11-27']],
  ])('%s: %s', (lang, text, expected) => {
    expect(dates(text, lang, NONE)).toEqual(expected);
  });

  it('reads the seed sentence "Утром 16 ноября" with the APEC-2024 year hint, keeping the time-of-day word out', () => {
    const text = 'Утром 16 ноября (по местному времени) в рамках саммита АТЭС-2024 в Перу состоялась встреча';
    const found = findDates(text, 'ru', HINT_2024);
    expect(found[0]).toEqual({ parts: { year: 2024, month: 11, day: 16 }, until: null, relative: false, hinted: true, start: 6, end: 15, text: '16 ноября' });
  });

  it('keeps the date after a French time of day: "Dans l\'après-midi du 6 août"', () => {
    expect(dates("Dans l'après-midi du 6 août, le Premier ministre a reçu", 'fr', PUB)).toEqual(['2025-08-06']);
  });

  it('reads numeric and ISO forms', () => {
    expect(dates('Published 30/11/2025, updated 2025-11-30 and 2025/11/30.', 'en', NONE)).toEqual(['2025-11-30', '2025-11-30', '2025-11-30']);
    expect(dates('Stand: 30.11.2025', 'de', NONE)).toEqual(['2025-11-30']);
  });

  it('reads Vietnamese day/month with a cue and month/year forms', () => {
    expect(dates('Ngày 6/8, chiều 6/8/2024, tháng 11 năm 2023, tháng 9/1973', 'vi', PUB))
      .toEqual(['2025-08-06', '2024-08-06', '2023-11', '1973-09']);
  });

  it('converts Japanese era years and Thai Buddhist era years', () => {
    expect(dates('令和5年11月27日', 'ja', NONE)).toEqual(['2023-11-27']);
    expect(dates('平成30年5月31日', 'ja', NONE)).toEqual(['2018-05-31']);
    expect(dates('พ.ศ. 2566', 'th', NONE)).toEqual(['2023']);
  });

  it('reads month and year: "im Oktober 2025", "en septembre 1973"', () => {
    expect(dates('im Oktober 2025', 'de', NONE)).toEqual(['2025-10']);
    expect(dates('en septembre 1973', 'fr', NONE)).toEqual(['1973-09']);
  });
});

describe('findDates: ranges', () => {
  it('reads "pada 27-30 November" as a range resolved by the publication date', () => {
    const [m] = findDates('pada 27-30 November', 'id', { published: '2023-12-01', yearHints: [] });
    expect(m).toMatchObject({ parts: { year: 2023, month: 11, day: 27 }, until: { year: 2023, month: 11, day: 30 }, text: '27-30 November' });
  });

  it('reads "am 24. und 25. November" as a two-day span', () => {
    expect(dates('am 24. und 25. November 2023', 'de', NONE)).toEqual(['2023-11-24/2023-11-25']);
  });

  it('joins two full dates across a dash', () => {
    expect(dates('(27. November 2023 – 27. November 2025)', 'de', NONE)).toEqual(['2023-11-27/2025-11-27']);
  });

  it('reads a CJK day range', () => {
    expect(dates('2018年5月30日～31日', 'ja', NONE)).toEqual(['2018-05-30/2018-05-31']);
  });
});

describe('findDates: relative phrases with a publication date (2025-11-30)', () => {
  it.each([
    ['de', 'im vergangenen Dezember', '2024-12'],
    ['en', 'last December', '2024-12'],
    ['fr', 'en décembre dernier', '2024-12'],
    ['vi', 'tháng 12 năm ngoái', '2024-12'],
    ['ru', 'в декабре прошлого года', '2024-12'],
    ['id', 'Desember lalu', '2024-12'],
    ['es', 'el pasado diciembre', '2024-12'],
    ['it', 'lo scorso dicembre', '2024-12'],
    ['ar', 'ديسمبر الماضي', '2024-12'],
    ['zh', '去年12月', '2024-12'],
    ['ko', '지난 12월', '2024-12'],
    ['de', 'im April', '2025-04'],
    ['en', 'in April', '2025-04'],
    ['de', 'im Oktober dieses Jahres', '2025-10'],
    ['de', 'Am Sonntag', '2025-11-30'],
    ['en', 'on Friday', '2025-11-28'],
    ['tl', 'kagabi', '2025-11-29'],
    ['en', 'yesterday', '2025-11-29'],
    ['vi', 'hôm qua', '2025-11-29'],
    ['ru', 'вчера', '2025-11-29'],
    ['ja', '昨日', '2025-11-29'],
    ['en', 'this year', '2025'],
    ['de', 'dieses Jahres', '2025'],
    ['vi', 'năm nay', '2025'],
    ['ja', '今年', '2025'],
  ])('%s: "%s" → %s', (lang, text, expected) => {
    const found = findDates(text, lang, PUB);
    expect(found.map((m) => formatDate(m.parts))).toEqual([expected]);
  });

  it('marks relative phrases as relative and absolute ones as not', () => {
    expect(findDates('last December', 'en', PUB)[0]?.relative).toBe(true);
    expect(findDates('27 November 2023', 'en', PUB)[0]?.relative).toBe(false);
  });

  it('returns a future month phrase too ("next December")', () => {
    expect(dates('next December', 'en', PUB)).toEqual(['2025-12']);
  });

  it('takes a day+month without year as the most recent such date not after publication', () => {
    expect(dates('16 ноября', 'ru', PUB)).toEqual(['2025-11-16']);
    expect(dates('6 décembre', 'fr', PUB)).toEqual(['2024-12-06']);
  });

  it('ignores week-precision phrases', () => {
    expect(findDates('letzte Woche', 'de', PUB)).toEqual([]);
    expect(findDates('last week', 'en', PUB)).toEqual([]);
  });
});

describe('findDates: without a publication date', () => {
  it('drops weekdays, "yesterday" and "last December"', () => {
    expect(findDates('Am Sonntag', 'de', NONE)).toEqual([]);
    expect(findDates('yesterday', 'en', NONE)).toEqual([]);
    expect(findDates('kagabi', 'tl', NONE)).toEqual([]);
    expect(findDates('im vergangenen Dezember', 'de', NONE)).toEqual([]);
  });

  it('uses the first year hint for day+month, else leaves the year null', () => {
    expect(dates('16 ноября', 'ru', HINT_2024)).toEqual(['2024-11-16']);
    expect(findDates('16 ноября', 'ru', NONE).map((m) => m.parts)).toEqual([{ year: null, month: 11, day: 16 }]);
  });
});

describe('findDates: years and near misses', () => {
  it('returns bare years, but not amounts like "2.000"', () => {
    expect(dates('2.000 Fachkräfte, die Ziele für 2030 und das Jahr 2023', 'de', NONE)).toEqual(['2030', '2023']);
    expect(dates('năm 2023', 'vi', NONE)).toEqual(['2023']);
  });

  it('does not take the verb "may" for May', () => {
    expect(findDates('The two sides may sign an agreement.', 'en', PUB)).toEqual([]);
    expect(dates('in May', 'en', PUB)).toEqual(['2025-05']);
  });

  it('does not read numbers glued to other numbers as dates', () => {
    expect(findDates('Hotline 12345678, ref 1234/567', 'en', NONE)).toEqual([]);
  });

  it('returns only script-neutral forms for a language without a lexicon', () => {
    expect(dates('Mkutano ulifanyika tarehe 27 Novemba 2023', 'sw', NONE)).toEqual(['2023']);
    expect(findDates('Jana jioni', 'sw', PUB)).toEqual([]);
  });

  it('never throws and returns in-bounds spans for arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10_000, unit: 'grapheme' }), fc.constantFrom('en', 'de', 'ru', 'vi', 'ja', 'th', 'ar', 'xx'), (s, lang) => {
        const found = findDates(s, lang, PUB);
        for (const m of found) {
          expect(m.start).toBeGreaterThanOrEqual(0);
          expect(m.end).toBeLessThanOrEqual(s.length);
          expect(m.text).toBe(s.slice(m.start, m.end));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('stays linear on adversarial repetitions', () => {
    const evil = '1 1 1 1 '.repeat(1500) + '/'.repeat(2000) + '1.'.repeat(2000) + 'ноября '.repeat(300);
    expect(Array.isArray(findDates(evil, 'ru', PUB))).toBe(true);
  });
});

describe('formatDate / compatibleDates / moreSpecific', () => {
  it('formats as precisely as the parts allow', () => {
    expect(formatDate({ year: 2024, month: 11, day: 6 })).toBe('2024-11-06');
    expect(formatDate({ year: 2024, month: 11, day: null })).toBe('2024-11');
    expect(formatDate({ year: 2024, month: null, day: null })).toBe('2024');
    expect(formatDate({ year: null, month: 11, day: 16 })).toBeNull();
  });

  it('treats null and coarser dates as compatible, different days as not', () => {
    expect(compatibleDates(null, '2024-11-16')).toBe(true);
    expect(compatibleDates('2024', '2024-11-16')).toBe(true);
    expect(compatibleDates('2024-11', '2024-11-16')).toBe(true);
    expect(compatibleDates('2024-11-16', '2024-11-17')).toBe(false);
    expect(compatibleDates('2024', '2025-01')).toBe(false);
    expect(compatibleDates('2024-1', '2024-11')).toBe(false);
  });

  it('picks the more specific of two compatible dates', () => {
    expect(moreSpecific('2024', '2024-11-16')).toBe('2024-11-16');
    expect(moreSpecific(null, '2024-11')).toBe('2024-11');
    expect(moreSpecific('2024-11-16', '2024-11-17')).toBe('2024-11-16');
  });
});

describe('yearHintsOf', () => {
  it('reads years pinned by named events', () => {
    expect(yearHintsOf('в рамках саммита АТЭС-2024 в Перу')).toEqual([2024]);
    expect(yearHintsOf('on the sidelines of the G20 Osaka Summit 2019')).toEqual([2019]);
    expect(yearHintsOf('ASEAN 2025 in Kuala Lumpur')).toEqual([2025]);
    expect(yearHintsOf('Die ASEAN-Staaten und 2.000 Fachkräfte')).toEqual([]);
  });
});
