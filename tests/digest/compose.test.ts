import { describe, it, expect } from 'vitest';
import { composeDigest, newDocumentIds, snapshotCursor, MAX_LINES_PER_SECTION } from '../../src/digest/compose.js';
import { doc, ev, meeting, snapshot } from './fixtures.js';

describe('newDocumentIds', () => {
  it('lists added and changed documents, newest first, not unchanged ones', () => {
    const snap = snapshot([doc('a', 'en', 'A', null, '2025-01-01'), doc('b', 'vi', 'B', null, '2025-02-01'), doc('c', 'ja', 'C', null, null)]);
    const cursor = snapshotCursor({ a: 'hash-a', c: 'old-hash' });
    expect(newDocumentIds(snap, cursor)).toEqual(['b', 'c']);
    expect(newDocumentIds(snap, snapshotCursor(snap.hashes))).toEqual([]);
  });
});

describe('composeDigest', () => {
  const vi = doc('vi1', 'vi', 'Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản', 'VnExpress', '2025-03-01');
  const ja = doc('ja1', 'ja', '日越首脳会談、半導体協力で一致', 'NHK', '2025-03-02');
  const und = doc('xx1', 'und', null, null, null);
  const s1 = ev('ja1', 2, '石破首相はファム・ミン・チン首相と会談した。', 'ja');
  const s2 = ev('vi1', 3, 'Hai bên nhất trí thúc đẩy hợp tác bán dẫn.', 'vi');
  const old = ev('old', 4, 'An earlier sentence.', 'en');
  const knowledge = snapshot([vi, ja, und, doc('old', 'en', 'Old news', 'Kyodo', '2024-01-01')], {
    meetings: [meeting('m1', '2025-03-02', [s1, s2]), meeting('m-old', '2024-01-01', [old])],
    areas: [{ id: 'semiconductors', label: 'Semiconductors', mentions: [s2, old] }],
    figures: [{ value: 5e9, unit: 'USD', measure: 'investment', period: '2025', text: '5 tỷ USD', evidence: s2 }],
    plans: [{ id: 'p1', date: '2025-06', place: 'Tokyo', country: 'Japan', kind: 'visit', participants: [], summary: 'Pham Minh Chinh to visit Japan', sources: [s1] }],
  }).knowledge;

  it('lists only what is new, each line with its citations', () => {
    const view = composeDigest(knowledge, ['ja1', 'vi1', 'xx1'], { since: '2025-02-28 08:00 Asia/Tokyo' });
    expect(view).toMatchObject({
      kind: 'digest',
      title: 'Vietnam–Japan digest',
      intro: '3 new articles, 1 meeting since 2025-02-28 08:00 Asia/Tokyo.',
      empty: null,
    });
    expect(view.sections).toEqual([
      {
        heading: 'New articles',
        lines: [
          '日越首脳会談、半導体協力で一致 (ja, NHK, 2025-03-02) [1]',
          'Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản (vi, VnExpress, 2025-03-01) [2]',
          'xx1.txt (und, outlet unknown, undated)',
        ],
      },
      { heading: 'New meetings', lines: ['2 Mar 2025, Hanoi, Vietnam: Prime Minister Pham Minh Chinh held talks with Prime Minister Ishiba Shigeru — semiconductors. [3][4]'] },
      { heading: 'Areas with new activity', lines: ['Semiconductors: 1 new article [4]'] },
      { heading: 'Key figures', lines: ['Investment: USD 5 bn (2025) [4]'] },
      { heading: 'Upcoming', lines: ['Planned visit (Jun 2025, Tokyo) [3]'] },
    ]);
    expect(view.citations.map((c) => [c.n, c.document, c.sentence, c.lang, c.link])).toEqual([
      [1, 'ja1', 1, 'ja', 'https://news.example/ja1'],
      [2, 'vi1', 1, 'vi', 'https://news.example/vi1'],
      [3, 'ja1', 2, 'ja', 'https://news.example/ja1'],
      [4, 'vi1', 3, 'vi', 'https://news.example/vi1'],
    ]);
    expect(view.citations[2]!.quote).toBe('石破首相はファム・ミン・チン首相と会談した。');
  });

  it('counts a sentence for each area that lists it, one evidence object or not', () => {
    // A decoded knowledge image shares equal evidence: one object in two areas' lists and a meeting's sources.
    const shared = snapshot([vi, ja], {
      meetings: [meeting('m1', '2025-03-02', [s1, s2])],
      areas: [
        { id: 'semiconductors', label: 'Semiconductors', mentions: [s2] },
        { id: 'energy', label: 'Energy', mentions: [s1, s2] },
      ],
    }).knowledge;
    const areas = composeDigest(shared, ['ja1', 'vi1'], { since: null }).sections.find((s) => s.heading === 'Areas with new activity');
    expect(areas?.lines).toEqual(['Energy: 2 new articles [3]', 'Semiconductors: 1 new article [4]']);
  });

  it('is empty (no sections, no citations) when nothing is new', () => {
    expect(composeDigest(knowledge, [], { since: null })).toEqual({
      kind: 'digest', title: 'Vietnam–Japan digest', intro: null, sections: [], items: [], citations: [],
      empty: 'Nothing new.', footer: null,
    });
  });

  it('caps a section and numbers only the citations it shows', () => {
    const many = Array.from({ length: MAX_LINES_PER_SECTION + 3 }, (_, i) => doc(`d${String(i).padStart(2, '0')}`, 'en', `Title ${i}`, 'Outlet', null));
    const view = composeDigest(snapshot(many).knowledge, many.map((d) => d.id), { since: null });
    expect(view.sections[0]!.lines).toHaveLength(MAX_LINES_PER_SECTION + 1);
    expect(view.sections[0]!.lines.at(-1)).toBe('… and 3 more');
    expect(view.citations).toHaveLength(MAX_LINES_PER_SECTION);
  });
});
