/**
 * A Vietnamese or Japanese Discord user reads the whole answer in their language: the engine writes it (asked with
 * the interaction's locale), Discord adds only its own words (the sources' heading, buttons). DMs answer in the
 * language the question is written in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApp, type App } from '../../src/app.js';
import { renderView } from '../../src/discord/render.js';
import { dmLocale } from '../../src/discord/dm.js';

let app: App;
beforeAll(async () => {
  app = await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 });
});

describe('Discord in the reader’s language', () => {
  it('renders the seeds’ briefing in Vietnamese and Japanese, its first meeting line included', async () => {
    const vi = renderView(await app.engine.briefing(undefined, 'vi'), 0, 'vi').embeds[0]!;
    const ja = renderView(await app.engine.briefing(undefined, 'ja'), 0, 'ja').embeds[0]!;
    expect([vi.title, vi.fields![0]!.name, vi.fields![0]!.value.split('\n')[0]]).toEqual([
      'Tóm tắt quan hệ Việt Nam – Nhật Bản', 'Các cuộc gặp gần đây',
      '24 thg 11, 2025, Quảng Ninh, Việt Nam: Thủ tướng Phạm Minh Chính đã dự diễn đàn cùng Bộ trưởng Ngoại giao Lê Hoài Trung — chính trị & ngoại giao, quốc phòng & an ninh, biển, kinh tế & thương mại và 14 lĩnh vực khác. [1][2]',
    ]);
    expect([ja.title, ja.fields![0]!.name, ja.fields![0]!.value.split('\n')[0]]).toEqual([
      '日越関係ブリーフィング', '最近の会談',
      '2025年11月24日、クアンニン、ベトナム：ファム・ミン・チン首相がレ・ホアイ・チュン外相とともにフォーラムに参加した（政治・外交、防衛・安全保障、海洋、経済・貿易ほか14分野）。 [1][2]',
    ]);
    expect(vi.fields!.some((f) => f.name === 'Nguồn')).toBe(true);
    expect(ja.fields!.some((f) => f.name === '出典')).toBe(true);
  });

  it('answers a DM in the language the question is written in', () => {
    expect([dmLocale('Ai là đại sứ Nhật Bản?'), dmLocale('日本の首相は誰ですか'), dmLocale('Who is the Japanese ambassador?')]).toEqual(['vi', 'ja', 'en']);
  });
});
