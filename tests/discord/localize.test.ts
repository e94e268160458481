import { describe, expect, it } from 'vitest';
import type { View } from '../../src/briefing/views.js';
import { localizeDates, localizeView } from '../../src/discord/localize.js';
import { renderView } from '../../src/discord/render.js';

const view = (partial: Partial<View>): View => ({
  kind: 'briefing', title: 'Vietnam–Japan briefing', intro: null, sections: [], items: [], citations: [], empty: null, footer: null, ...partial,
});

const phrases = (v: View) => [v.title, v.intro, v.empty];

describe('localizeView', () => {
  it('writes the briefing’s fixed phrases and its dates in Vietnamese and Japanese', () => {
    const briefing = view({
      intro: '10 meetings from 5 articles in 4 languages.',
      sections: [{ heading: 'Latest meetings', lines: ['16 Nov 2024, Lima, Peru (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru. [1]'] }],
    });
    expect([...phrases(localizeView(briefing, 'vi')), localizeView(briefing, 'vi').sections[0]!.lines[0]]).toEqual([
      'Tóm tắt quan hệ Việt Nam – Nhật Bản', '10 cuộc gặp từ 5 bài viết bằng 4 ngôn ngữ.', null,
      '16 thg 11, 2024, Lima, Peru (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru. [1]',
    ]);
    expect([...phrases(localizeView(briefing, 'ja')), localizeView(briefing, 'ja').sections[0]!.lines[0]]).toEqual([
      '日越関係ブリーフィング', '4言語・5本の記事から10件の会談。', null,
      '2024年11月16日, Lima, Peru (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru. [1]',
    ]);
  });

  it('writes meeting lists, their filters and their empty state in each language', () => {
    const found = view({ kind: 'meetings', title: 'Meetings with Ishiba, in 2024', intro: '1 meeting, newest first.' });
    const none = view({ kind: 'meetings', title: 'Meetings with Ishiba, in 2023', empty: 'No meeting found with Ishiba, in 2023.' });
    expect([phrases(localizeView(found, 'vi')), phrases(localizeView(none, 'vi'))]).toEqual([
      ['Các cuộc gặp với Ishiba, năm 2024', '1 cuộc gặp, mới nhất trước.', null],
      ['Các cuộc gặp với Ishiba, năm 2023', null, 'Không tìm thấy cuộc gặp nào với Ishiba, năm 2023.'],
    ]);
    expect([phrases(localizeView(found, 'ja')), phrases(localizeView(none, 'ja'))]).toEqual([
      ['Ishibaとの会談（2024年）', '1件の会談（新しい順）。', null],
      ['Ishibaとの会談（2023年）', null, 'Ishibaとの会談は見つかりませんでした（2023年）。'],
    ]);
  });

  it('writes the timeline, a cooperation area, the sources list and the digest in each language', () => {
    const views = [
      view({ kind: 'timeline', title: 'Timeline from 2023 to 2024-12', intro: '5 dated events, oldest first.' }),
      view({ kind: 'cooperation', title: 'Cooperation: Semiconductors', intro: 'Named as a field of cooperation in 5 articles, 6 meetings.' }),
      view({ kind: 'sources', title: 'Sources', intro: '5 articles in 4 languages.' }),
      view({ kind: 'digest', title: 'Vietnam–Japan digest', intro: '1 new article, 1 meeting.', empty: null }),
      view({ kind: 'digest', title: 'Vietnam–Japan digest', empty: 'Nothing new.' }),
    ];
    expect(views.map((v) => phrases(localizeView(v, 'vi')))).toEqual([
      ['Dòng thời gian từ 2023 đến 2024-12', '5 sự kiện có ngày, cũ nhất trước.', null],
      ['Hợp tác: Bán dẫn', 'Được nêu là lĩnh vực hợp tác trong 5 bài viết và 6 cuộc gặp.', null],
      ['Nguồn', '5 bài viết bằng 4 ngôn ngữ.', null],
      ['Bản tin Việt Nam – Nhật Bản', '1 bài viết mới, 1 cuộc gặp.', null],
      ['Bản tin Việt Nam – Nhật Bản', null, 'Không có gì mới.'],
    ]);
    expect(views.map((v) => phrases(localizeView(v, 'ja')))).toEqual([
      ['年表（2023〜2024-12）', '日付のある出来事5件（古い順）。', null],
      ['協力分野: 半導体', '5本の記事と6件の会談で協力分野として言及。', null],
      ['情報源', '4言語の記事5本。', null],
      ['日越ダイジェスト', '新着記事1本、会談1件。', null],
      ['日越ダイジェスト', null, '新着はありません。'],
    ]);
  });

  it('leaves English, and languages without rules, exactly as the engine wrote them', () => {
    const v = view({ intro: '10 meetings from 5 articles in 4 languages.', sections: [{ heading: 'Events', lines: ['16 Nov 2024: talks.'] }] });
    expect(localizeView(v, 'en')).toBe(v);
    expect(localizeView(v, 'de')).toBe(v);
  });
});

describe('localizeDates', () => {
  it('formats full and month dates and leaves other numbers alone', () => {
    expect(localizeDates('From Nov 2023 to 27 Nov 2025; 16 doctors; APEC 2024.', 'ja')).toBe('From 2023年11月 to 2025年11月27日; 16 doctors; APEC 2024.');
  });
});

describe('renderView in the reader’s language', () => {
  it('renders a Vietnamese title, intro, heading and list label', () => {
    const list = view({
      kind: 'meetings', title: 'Meetings with Ishiba', intro: '2 meetings, newest first.',
      items: [{ id: 'm', label: '16 Nov 2024 · Luong Cuong – Ishiba Shigeru', summary: '16 Nov 2024, Lima: talks.', detail: view({ kind: 'meeting' }) }],
    });
    const embed = renderView(list, 0, 'vi').embeds[0]!;
    expect([embed.title, embed.description, embed.fields?.[0]]).toEqual([
      'Các cuộc gặp với Ishiba', '2 cuộc gặp, mới nhất trước.', { name: '1. 16 thg 11, 2024 · Luong Cuong – Ishiba Shigeru', value: '16 thg 11, 2024, Lima: talks.' },
    ]);
  });
});
