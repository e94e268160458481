/**
 * The briefing in the reader's language: a small corpus composed here (one meeting at APEC in Lima, a statement, a
 * forecast figure, a plan whose date has passed), and the exact Vietnamese and Japanese text of every kind of line.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/briefing/engine.js';
import { composeDigest } from '../../src/digest/compose.js';
import { LANGS, langOf, templateKeys } from '../../src/briefing/lang.js';
import { displayName, placeIn } from '../../src/briefing/names.js';
import { statementSentence } from '../../src/briefing/statement-sentences.js';
import { formatFigure } from '../../src/briefing/compose.js';
import { personById } from '../../src/knowledge/people.js';
import { statementText } from '../../src/knowledge/statement-text.js';
import en from '../../src/briefing/data/templates/en.json' with { type: 'json' };
import vi from '../../src/briefing/data/templates/vi.json' with { type: 'json' };
import ja from '../../src/briefing/data/templates/ja.json' with { type: 'json' };
import type { Evidence, Knowledge, Statement, StatementAct } from '../../src/knowledge/types.js';
import type { View } from '../../src/briefing/views.js';

const sentence = (document: string, n: number, text: string): Evidence => ({ document, sentence: n, text, lang: 'en' });
const met = sentence('d1', 1, 'President Luong Cuong met Prime Minister Ishiba Shigeru in Lima on 16 November 2024 on the sidelines of APEC.');
const agreed = sentence('d1', 2, 'The two leaders agreed to cooperate on semiconductors.');
const trade = sentence('d2', 1, 'Bilateral trade is expected to exceed 50 billion US dollars.');
const planned = sentence('d2', 2, 'The defence ministers will meet in Tokyo in December 2025.');

const STATEMENT: Omit<Statement, 'text'> = {
  actor: { name: 'Ishiba Shigeru', country: 'JP', personId: 'ishiba-shigeru', role: 'Prime Minister' },
  act: 'agreed', addressee: { name: 'Luong Cuong', country: 'VN' }, areas: ['semiconductors'], object: null, meeting: 'm1', evidence: agreed,
};

const KNOWLEDGE: Knowledge = {
  documents: [
    { id: 'd1', file: 'd1.txt', lang: 'en', title: 'Leaders meet in Lima', outlet: 'Example News', published: '2024-11-17', source: 'https://example.org/lima', sentences: 2, warnings: [], areas: ['semiconductors'] },
    { id: 'd2', file: 'd2.txt', lang: 'en', title: 'Trade outlook', outlet: 'Example Daily', published: '2025-11-30', source: 'https://example.org/trade', sentences: 2, warnings: [], areas: ['economy-trade'] },
  ],
  meetings: [{
    id: 'm1', date: '2024-11-16', place: 'Lima', country: 'Peru', occasion: 'APEC 2024', kind: 'sidelines',
    participants: [
      { name: 'Luong Cuong', role: 'President', country: 'VN', personId: 'luong-cuong' },
      { name: 'Ishiba Shigeru', role: 'Prime Minister', country: 'JP', personId: 'ishiba-shigeru' },
    ],
    areas: ['semiconductors'], sources: [met],
    reports: [{ document: 'd1', lang: 'en', outlet: 'Example News', published: '2024-11-17', date: '2024-11-16', place: 'Lima' }], conflicts: [],
  }],
  plans: [{ id: 'p1', date: '2025-12', place: 'Tokyo', country: 'Japan', kind: 'meeting', participants: [], summary: '', sources: [planned] }],
  areas: [
    { id: 'semiconductors', label: 'Semiconductors', mentions: [agreed] },
    { id: 'economy-trade', label: 'Economy & trade', mentions: [trade] },
  ],
  figures: [{ value: 50e9, unit: 'USD', measure: 'bilateral trade', period: null, text: '50 billion US dollars', evidence: trade, areas: ['economy-trade'] }],
  statements: [{ ...STATEMENT, text: statementText(STATEMENT) }],
};

const engine = createEngine(KNOWLEDGE, [], { now: () => new Date('2026-01-10T09:00:00Z') });
const linesOf = async (locale: string) => {
  const view = await engine.briefing(undefined, locale);
  return { view, heading: (n: number) => view.sections[n]!.heading, line: (n: number) => view.sections[n]!.lines[0] };
};

describe('the briefing in Vietnamese and Japanese', () => {
  it('writes the title and the intro line', async () => {
    const { view: vi } = await linesOf('vi');
    const { view: ja } = await linesOf('ja');
    expect([vi.title, vi.intro]).toEqual([
      'Tóm tắt quan hệ Việt Nam – Nhật Bản',
      '1 cuộc gặp từ 2 bài viết bằng 1 ngôn ngữ. Tính đến 10 thg 1, 2026 · bài mới nhất 30 thg 11, 2025.',
    ]);
    expect([ja.title, ja.intro]).toEqual([
      '日越関係ブリーフィング',
      '1言語・2本の記事から1件の会談。2026年1月10日時点 · 最新記事 2025年11月30日。',
    ]);
  });

  it('writes who met whom, where and on what, with the names each language uses', async () => {
    const vi = await linesOf('vi');
    const ja = await linesOf('ja');
    expect([vi.heading(0), vi.line(0)]).toEqual([
      'Các cuộc gặp gần đây',
      '16 thg 11, 2024, Lima, Peru (APEC 2024): Chủ tịch nước Lương Cường đã gặp Thủ tướng Ishiba Shigeru — bán dẫn. [1]',
    ]);
    expect([ja.heading(0), ja.line(0)]).toEqual([
      '最近の会談',
      '2024年11月16日、リマ、ペルー（APEC 2024）：ルオン・クオン国家主席が石破茂首相と会見した（半導体）。 [1]',
    ]);
  });

  it('writes the active areas, a forecast figure, a statement and a plan with no report since', async () => {
    const vi = await linesOf('vi');
    const ja = await linesOf('ja');
    expect(vi.view.sections.map((s) => [s.heading, ...s.lines])).toEqual([
      ['Các cuộc gặp gần đây', '16 thg 11, 2024, Lima, Peru (APEC 2024): Chủ tịch nước Lương Cường đã gặp Thủ tướng Ishiba Shigeru — bán dẫn. [1]'],
      ['Lĩnh vực hợp tác sôi động nhất', 'Bán dẫn — được nêu trong 1 bài viết [2]', 'Kinh tế & thương mại — được nêu trong 1 bài viết [3]'],
      ['Số liệu chính', 'Kim ngạch thương mại song phương: dự kiến vượt 50 tỷ USD [3]'],
      ['Hai bên đã nói gì', 'Thủ tướng Nhật Bản Ishiba Shigeru đã nhất trí với Lương Cường về bán dẫn [2].'],
      ['Đã lên kế hoạch, chưa có tin sau đó', 'Cuộc gặp theo lịch (tháng 12 năm 2025, Tokyo) [4]'],
    ]);
    expect(ja.view.sections.map((s) => [s.heading, ...s.lines])).toEqual([
      ['最近の会談', '2024年11月16日、リマ、ペルー（APEC 2024）：ルオン・クオン国家主席が石破茂首相と会見した（半導体）。 [1]'],
      ['活発な協力分野', '半導体 — 1本の記事で言及 [2]', '経済・貿易 — 1本の記事で言及 [3]'],
      ['主要な数字', '二国間貿易額：500億ドルを上回る見込み [3]'],
      ['両国の発言', '日本の石破茂首相はルオン・クオンと半導体分野で合意した [2]。'],
      ['予定されたが、その後の報道なし', '会談予定（2025年12月、東京） [4]'],
    ]);
  });

  it('cites exactly as in English: the same markers on the same facts, the quotes in their own language', async () => {
    const english = await engine.briefing(undefined, 'en');
    const vi = await engine.briefing(undefined, 'vi');
    const ja = await engine.briefing(undefined, 'ja');
    const markers = (v: View) => v.sections.map((s) => s.lines.map((l) => [...l.matchAll(/\[\d+\]/g)].join('')));
    expect(markers(vi)).toEqual(markers(english));
    expect(markers(ja)).toEqual(markers(english));
    expect(vi.citations).toEqual(english.citations);
    expect(ja.citations).toEqual(english.citations);
  });
});

describe('/ask in Vietnamese and Japanese', () => {
  it('answers when two leaders last met in one sentence of the reader’s language', async () => {
    const vi = await engine.ask('Khi nào Lương Cường gặp Ishiba lần cuối?', 'vi');
    const ja = await engine.ask('When did Luong Cuong last meet Ishiba?', 'ja');
    expect(vi.intro).toBe('Lương Cường gặp Ishiba Shigeru lần gần nhất ngày 16 thg 11, 2024 tại Lima, nhân dịp APEC 2024 [1].');
    expect(ja.intro).toBe('ルオン・クオンと石破茂の直近の会談は2024年11月16日、リマ（APEC 2024） [1]。');
  });

  it('answers what is next, and a figure with its modality', async () => {
    expect((await engine.ask('What is next?', 'vi')).intro)
      .toBe('Kho tin không có sự kiện nào được lên lịch sau 10 thg 1, 2026; kế hoạch gần nhất được đưa tin: Cuộc gặp theo lịch (tháng 12 năm 2025, Tokyo) [1].');
    expect((await engine.ask('How much is bilateral trade?', 'ja')).intro)
      .toBe('二国間貿易額：500億ドルを上回る見込み [1]（最新の報道、2025年11月30日）。');
  });
});

describe('the timeline and the digest in Vietnamese and Japanese', () => {
  it('writes timeline lines', async () => {
    const vi = await engine.timeline({}, 'vi');
    const ja = await engine.timeline({ from: '2024' }, 'ja');
    expect([vi.title, vi.intro, ...vi.sections[0]!.lines]).toEqual([
      'Dòng thời gian', '2 sự kiện có ngày, cũ nhất trước.',
      '16 thg 11, 2024, Lima, Peru (APEC 2024): Chủ tịch nước Lương Cường đã gặp Thủ tướng Ishiba Shigeru — bán dẫn. [1]',
      'Cuộc gặp theo lịch (tháng 12 năm 2025, Tokyo). [2]',
    ]);
    expect([ja.title, ja.intro, ja.sections[0]!.lines[1]]).toEqual(['年表（2024から）', '日付のある出来事2件（古い順）。', '会談予定（2025年12月、東京）。 [2]']);
  });

  it('writes the digest’s intro and lines', () => {
    const vi = composeDigest(KNOWLEDGE, ['d2', 'd1'], { since: null, language: 'vi' });
    const ja = composeDigest(KNOWLEDGE, ['d2', 'd1'], { since: '2025-11-01 08:00 Asia/Tokyo', language: 'ja' });
    expect([vi.title, vi.intro, ...vi.sections.map((s) => `${s.heading}: ${s.lines[0]}`), vi.footer]).toEqual([
      'Bản tin Việt Nam – Nhật Bản', '2 bài viết mới, 1 cuộc gặp.',
      'Bài viết mới: Trade outlook (en, Example Daily, 2025-11-30) [1]',
      'Cuộc gặp mới: 16 thg 11, 2024, Lima, Peru (APEC 2024): Chủ tịch nước Lương Cường đã gặp Thủ tướng Ishiba Shigeru — bán dẫn. [2]',
      'Lĩnh vực có hoạt động mới: Kinh tế & thương mại: 1 bài viết mới [1]',
      'Số liệu chính: Kim ngạch thương mại song phương: 50 tỷ USD [1]',
      'Sắp tới: Cuộc gặp theo lịch (tháng 12 năm 2025, Tokyo) [4]',
      'Soạn từ các dữ kiện đã trích xuất; trích dẫn giữ nguyên ngôn ngữ gốc.',
    ]);
    expect([ja.title, ja.intro, ja.sections[1]!.lines[0]]).toEqual([
      '日越ダイジェスト', '新着記事2本、1件の会談（2025-11-01 08:00 Asia/Tokyo以降）。',
      '2024年11月16日、リマ、ペルー（APEC 2024）：ルオン・クオン国家主席が石破茂首相と会見した（半導体）。 [2]',
    ]);
  });
});

describe('templates and names', () => {
  const TEMPLATES = { en, vi, ja } as Record<string, Record<string, unknown>>;
  const placeholders = (value: unknown) => new Set([...JSON.stringify(value).matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

  it('translate every English template, with no placeholder English does not fill', () => {
    for (const lang of LANGS) {
      expect(templateKeys(lang).sort()).toEqual(templateKeys('en').sort());
      for (const key of templateKeys(lang)) {
        const unknown = [...placeholders(TEMPLATES[lang]![key])].filter((p) => !placeholders(TEMPLATES.en![key]).has(p));
        expect(unknown, `${lang} ${key}`).toEqual([]);
      }
    }
  });

  it('write in English exactly the statement sentences of the extraction, for every act and form', () => {
    const acts: StatementAct[] = ['agreed', 'proposed', 'pledged', 'welcomed', 'called-for', 'affirmed', 'signed', 'announced', 'thanked', 'invited', 'congratulated', 'condoled'];
    const addressees = [null, { name: 'Luong Cuong', country: 'VN' }, { name: null, country: 'VN' }];
    const areaSets = [[], ['semiconductors'], ['labor', 'multilateral'], ['energy', 'digital', 'health', 'maritime']] as const;
    const actors = [STATEMENT.actor, { name: null, country: 'VN+JP', personId: null, role: null }, { name: null, country: 'JP', personId: null, role: null }];
    for (const act of acts) for (const addressee of addressees) for (const areas of areaSets) for (const actor of actors) {
      const s = { actor, act, addressee, areas: [...areas] };
      expect(statementSentence(s, 'en')).toBe(statementText(s));
    }
  });

  it('write amounts in each language’s own units: Vietnamese to two decimals of the unit as English, Japanese exactly', () => {
    const figure = (value: number, unit: string | null) => ({ value, unit, measure: null, period: null, text: '', evidence: trade });
    const amounts = [figure(50e9, 'USD'), figure(42.5e9, 'USD'), figure(3e8, 'USD'), figure(500, 'people'), figure(12500, 'people'), figure(11, '%'), figure(2e12, 'JPY'), figure(12345678, 'JPY')];
    expect(amounts.map((f) => formatFigure(f, 'en'))).toEqual(['USD 50 bn', 'USD 42.5 bn', 'USD 300 m', '500 people', '12,500 people', '11 %', 'JPY 2 tn', 'JPY 12.35 m']);
    expect(amounts.map((f) => formatFigure(f, 'vi'))).toEqual(['50 tỷ USD', '42,5 tỷ USD', '300 triệu USD', '500 người', '12.500 người', '11%', '2 nghìn tỷ yên', '12,35 triệu yên']);
    expect(amounts.map((f) => formatFigure(f, 'ja'))).toEqual(['500億ドル', '425億ドル', '3億ドル', '500人', '1万2500人', '11%', '2兆円', '1234万5678円']);
  });

  it('names people and places as each language writes them', () => {
    const chinh = personById('pham-minh-chinh')!;
    const ishiba = personById('ishiba-shigeru')!;
    expect([displayName(chinh, 'vi'), displayName(chinh, 'ja'), displayName(ishiba, 'vi'), displayName(ishiba, 'ja'), displayName(chinh, 'en')])
      .toEqual(['Phạm Minh Chính', 'ファム・ミン・チン', 'Ishiba Shigeru', '石破茂', 'Pham Minh Chinh']);
    expect([placeIn('Hanoi', 'vi'), placeIn('Hanoi', 'ja'), placeIn('Tokyo', 'vi'), placeIn('Tokyo', 'ja')]).toEqual(['Hà Nội', 'ハノイ', 'Tokyo', '東京']);
    expect([langOf('vi'), langOf('ja'), langOf('en-US'), langOf('pt-BR'), langOf(undefined)]).toEqual(['vi', 'ja', 'en', 'en', 'en']);
  });
});
