import { describe, it, expect } from 'vitest';
import { extractHeaderMetadata, findDate, takeStoreDate, agencyOf, findTitleLine } from '../../src/corpus/metadata.js';

describe('findDate', () => {
  it('reads day-first numeric dates and ISO dates', () => {
    expect(findDate('Báo Nhân dân 30/11/2025')?.date).toBe('2025-11-30');
    expect(findDate('06/08/2024')?.date).toBe('2024-08-06');
    expect(findDate('更新:2018-6-2 10:47:18')?.date).toBe('2018-06-02');
  });

  it('reads US month-first stamps only with a 12-hour clock', () => {
    expect(findDate('7/3/2019 9:30:05 AM')?.date).toBe('2019-07-03');
  });

  it('reads written dates in several languages, including a Japanese era', () => {
    expect(findDate('May 1, 2022')?.date).toBe('2022-05-01');
    expect(findDate('30. November 2025')?.date).toBe('2025-11-30');
    expect(findDate('16 ноября 2024 г.')?.date).toBe('2024-11-16');
    expect(findDate('平成30年11月15日')?.date).toBe('2018-11-15');
  });

  it('refuses impossible and partial dates', () => {
    expect(findDate('31/02/2024')).toBeNull();
    expect(findDate('November 2024')).toBeNull();
    expect(findDate('16 ноября')).toBeNull();
  });
});

describe('takeStoreDate', () => {
  it('takes a full store date and keeps the rest of the line', () => {
    expect(takeStoreDate([' date 2025-10-08 Minister Hung led a delegation.'])).toEqual({ published: '2025-10-08', month: '2025-10', lines: ['Minister Hung led a delegation.'], found: true });
  });

  it('keeps a month-only store date as the page month, never as a publication date', () => {
    expect(takeStoreDate([' date 2022-05 Le Premier ministre.'])).toEqual({ published: null, month: '2022-05', lines: ['Le Premier ministre.'], found: true });
  });

  it('ignores the word date inside text (near miss)', () => {
    expect(takeStoreDate(['The date 2022-05-01 was chosen.']).published).toBeNull();
  });
});

describe('extractHeaderMetadata', () => {
  it('reads a repeated-name outlet stamp and a labelled source link', () => {
    const r = extractHeaderMetadata(['Titel des Artikels', 'Báo Nhân dânBáo Nhân dân30/11/2025', 'Text.', 'Quelle: https://nhandan.vn/a-post1.html']);
    expect(r).toMatchObject({ outlet: 'Báo Nhân dân', published: '2025-11-30', source: 'https://nhandan.vn/a-post1.html', lines: ['Titel des Artikels', 'Text.'] });
  });

  it('reads labelled fields in Chinese header lines', () => {
    const r = extractHeaderMetadata(['标题', '作者:佚名  来源:澎湃新闻   更新:2018-6-2 10:47:18  点击:', '正文。']);
    expect(r).toMatchObject({ outlet: '澎湃新闻', published: '2018-06-02', source: null, lines: ['标题', '正文。'] });
  });

  it('reads source labels in several languages and uses the host as outlet', () => {
    for (const line of ['Source : https://vietnamnet.vn/x.html', 'Nguồn: https://vietnamnet.vn/x.html', 'Источник: https://vietnamnet.vn/x.html', 'Sumber: https://vietnamnet.vn/x.html', '出典：https://vietnamnet.vn/x.html']) {
      expect(extractHeaderMetadata(['Body text.', line]), line).toMatchObject({ source: 'https://vietnamnet.vn/x.html', outlet: 'vietnamnet.vn', lines: ['Body text.'] });
    }
  });

  it('leaves a body sentence with a colon and a date alone', () => {
    const line = 'Der Minister sagte am 30. November 2025: Die Zusammenarbeit mit Japan wird in allen Bereichen weiter vertieft.';
    expect(extractHeaderMetadata([line])).toMatchObject({ published: null, lines: [line] });
  });
});

describe('agencyOf and findTitleLine', () => {
  it('knows agencies but not authors', () => {
    expect(agencyOf(['ВИА'])).toBe('ВИА');
    expect(agencyOf(['Thanh Tam'])).toBeNull();
  });

  it('skips a too-short first line and refuses a paragraph as title', () => {
    expect(findTitleLine(['News', 'Vietnamese, Japanese Prime Ministers hold talks', 'Body.'])).toBe(1);
    expect(findTitleLine(['x'.repeat(400)])).toBe(-1);
    expect(findTitleLine(['Der Botschafter sprach in Hanoi. Beide Seiten unterzeichneten ein Abkommen.'])).toBe(-1);
  });
});
