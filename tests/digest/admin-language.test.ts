/** /digest replies in the admin's language (their Discord locale); the opening post in the subscription's. */
import { describe, it, expect } from 'vitest';
import { answerDigestRequest, handleDigestRequest, type DigestCaller } from '../../src/digest/admin.js';
import type { View } from '../../src/briefing/views.js';
import { createDigestService, type DigestService } from '../../src/digest/service.js';
import { openStore, StoreError, type Log } from '../../src/store/store.js';
import { doc, snapshot } from './fixtures.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const VI: DigestCaller = { guildId: 'guild-a', canManage: true, locale: 'vi' };
const JA: DigestCaller = { guildId: 'guild-a', canManage: true, locale: 'ja' };
/** 2025-03-01 00:00 UTC. */
const MARCH_1 = Date.UTC(2025, 2, 1);

async function service(posted: View[] = []): Promise<DigestService> {
  const store = await openStore('memory://', quiet);
  const corpus = snapshot([doc('a', 'vi', 'Tin cũ', 'VnExpress', '2025-01-01')]);
  return createDigestService({ store, poster: { post: async (_c, view) => (posted.push(view), 'ok') }, corpus: () => corpus, log: quiet });
}

const subscribe = { kind: 'subscribe', channelId: 'c1', schedule: 'weekly mon 08:00', timezone: 'Asia/Ho_Chi_Minh' } as const;

describe('/digest in the admin’s language', () => {
  it('writes the status in Vietnamese', async () => {
    const digest = await service();
    const view = await answerDigestRequest({ digest, clock: () => MARCH_1 }, VI, { ...subscribe, language: 'ja' });
    expect(view.title).toBe('Trạng thái bản tin');
    expect(view.sections).toEqual([{
      heading: 'Đăng ký',
      lines: [
        'Kênh: <#c1>',
        'Lịch: thứ Hai hằng tuần lúc 08:00, Asia/Ho_Chi_Minh · ngôn ngữ ja',
        'Lần chạy tới: 2025-03-03 08:00 Asia/Ho_Chi_Minh',
        'Lần chạy gần nhất: chưa có',
        'Nếu chạy bây giờ: không có gì mới',
      ],
    }]);
    expect(view.footer).toBe('Thời gian theo múi giờ của từng đăng ký. Kho lưu trữ: memory.');
  });

  it('writes the status in Japanese', async () => {
    const digest = await service();
    const view = await answerDigestRequest({ digest, clock: () => MARCH_1 }, JA, subscribe);
    expect(view.title).toBe('ダイジェストの状況');
    expect(view.sections[0]!.heading).toBe('購読');
    expect(view.sections[0]!.lines).toEqual([
      'チャンネル：<#c1>',
      'スケジュール：毎週月曜日 08:00（Asia/Ho_Chi_Minh） · 言語 en',
      '次回：2025-03-03 08:00 Asia/Ho_Chi_Minh',
      '前回：まだありません',
      '今の内容：新着なし',
    ]);
    const none = await answerDigestRequest({ digest: await service() }, JA, { kind: 'status', guildChannelIds: new Set() });
    expect(none.empty).toBe('ここにはダイジェストの購読がありません。/digest subscribe を使ってください。');
  });

  it('confirms and refuses in the admin’s language', async () => {
    const digest = await service();
    await answerDigestRequest({ digest, clock: () => MARCH_1 }, VI, subscribe);
    expect((await answerDigestRequest({ digest }, VI, { kind: 'unsubscribe', channelId: 'c1' })).sections).toEqual([
      { heading: 'Bản tin', lines: ['Đã hủy đăng ký: kênh đó sẽ không nhận bản tin nữa.'] },
    ]);
    expect((await answerDigestRequest({ digest }, JA, { kind: 'unsubscribe', channelId: 'c1' })).sections).toEqual([
      { heading: 'ダイジェスト', lines: ['そのチャンネルにはダイジェストの購読がありませんでした。'] },
    ]);
    await expect(answerDigestRequest({ digest }, { ...VI, canManage: false }, { kind: 'status', guildChannelIds: new Set() })).rejects.toMatchObject({
      code: 'FORBIDDEN', message: 'Chỉ thành viên có quyền Quản lý máy chủ mới quản lý được bản tin.',
    });
    await expect(answerDigestRequest({ digest }, { ...JA, guildId: null }, { kind: 'feeds-list' })).rejects.toMatchObject({
      code: 'FORBIDDEN', message: 'ダイジェストはサーバー内で設定します。',
    });
    await expect(answerDigestRequest({ digest }, VI, { ...subscribe, timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'INVALID_INPUT', message: 'Không có múi giờ "Mars/Olympus": hãy dùng tên IANA, ví dụ Asia/Ho_Chi_Minh.',
    });
    await expect(answerDigestRequest({ digest }, JA, { ...subscribe, language: 'xyz' })).rejects.toMatchObject({
      code: 'INVALID_INPUT', message: '言語「xyz」：en、vi、ja のような2文字のコードを指定してください。',
    });
    await expect(answerDigestRequest({ digest }, JA, { kind: 'preview', channelId: 'c9' })).rejects.toMatchObject({
      code: 'INVALID_INPUT', message: 'このチャンネルにはダイジェストの購読がありません。先に /digest subscribe を使ってください。',
    });
    const broken = { ...digest, preview: () => Promise.reject(new StoreError('STORE_UNAVAILABLE', 'connection refused')) };
    await expect(answerDigestRequest({ digest: broken }, VI, { kind: 'preview', channelId: 'c1' })).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE', message: 'Hiện không truy cập được kho trạng thái bản tin; chưa có gì thay đổi. Hãy thử lại sau giây lát.',
    });
    await expect(answerDigestRequest({}, JA, { kind: 'status', guildChannelIds: new Set() })).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE', message: 'このボットではダイジェストを利用できません（ストア未設定）。',
    });
    await expect(answerDigestRequest({ digest }, VI, { kind: 'feeds-list' })).rejects.toMatchObject({ message: 'Bot này chưa bật nguồn tin.' });
  });

  it('answers feeds in the admin’s language', async () => {
    const digest = await service();
    const urls = new Set<string>();
    const feeds = {
      statusLines: async () => [...urls].map((url) => ({ url, ok: false, text: 'HTTP 404' })),
      add: async (url: string) => !urls.has(url) && Boolean(urls.add(url)),
      remove: async (url: string) => urls.delete(url),
    } as never;
    const ask = (caller: DigestCaller, request: Parameters<typeof answerDigestRequest>[2]) => answerDigestRequest({ digest, feeds }, caller, request);
    expect((await ask(VI, { kind: 'feeds-list' })).sections).toEqual([{ heading: 'Nguồn tin', lines: ['Chưa có nguồn tin. Hãy thêm bằng /digest feeds add.'] }]);
    expect((await ask(JA, { kind: 'feeds-add', url: 'https://x.example/rss' })).sections[0]!.lines).toEqual(['https://x.example/rss を追加しました。1分以内に取得します。']);
    expect((await ask(VI, { kind: 'feeds-add', url: 'https://x.example/rss' })).sections[0]!.lines).toEqual(['https://x.example/rss đã có trong danh sách.']);
    expect((await ask(JA, { kind: 'feeds-list' })).sections).toEqual([{ heading: 'フィード', lines: ['失敗中 https://x.example/rss — HTTP 404'] }]);
    expect((await ask(VI, { kind: 'feeds-remove', url: 'https://x.example/rss' })).sections[0]!.lines).toEqual(['Đã xóa https://x.example/rss.']);
    expect((await ask(JA, { kind: 'feeds-remove', url: 'https://x.example/rss' })).sections[0]!.lines).toEqual(['https://x.example/rss は一覧にありませんでした。']);
  });

  it('replies to a Japanese admin in Japanese and opens a Vietnamese subscription in Vietnamese', async () => {
    const posted: View[] = [];
    const digest = await service(posted);
    const briefing: View = {
      kind: 'briefing', title: 'x', intro: null, items: [], empty: null, footer: null, citations: [],
      sections: [{ heading: 'Các cuộc gặp gần đây', lines: ['Một.'] }],
    };
    const answer = await handleDigestRequest({ digest, clock: () => MARCH_1, openingBriefing: async () => briefing }, JA, { ...subscribe, language: 'vi' });
    expect(answer.view.intro).toBe('購読しました。両国関係の現状をまとめた最初の投稿が <#c1> に続きます。その後は新着のみです。');
    await answer.followUp();
    expect(posted[0]!.intro).toBe(
      'Từ nay kênh này nhận bản tin thứ Hai hằng tuần lúc 08:00, Asia/Ho_Chi_Minh. Trước hết là tình hình quan hệ hiện nay; từ bản tin sau chỉ còn những gì mới.',
    );
  });
});

describe('a schedule /digest cannot read', () => {
  it('is refused in the admin’s language, English as before', async () => {
    const digest = await service();
    const refusal = (caller: DigestCaller, schedule: string) => answerDigestRequest({ digest }, caller, { ...subscribe, schedule }).catch((e: Error) => e.message);
    expect(await refusal({ ...VI, locale: 'en-US' }, 'daily 25:00')).toBe(
      'Schedule "daily 25:00": expected "daily HH:MM", "weekly DAY HH:MM" (DAY = mon…sun) or a 5-field cron expression; the time must be HH:MM (24 h).',
    );
    expect(await refusal(VI, 'weekly funday 08:00')).toBe(
      'Lịch "weekly funday 08:00": cần dạng "daily HH:MM", "weekly DAY HH:MM" (DAY = mon…sun) hoặc biểu thức cron 5 trường; không có ngày "funday".',
    );
    expect(await refusal(JA, 'when it rains')).toBe(
      'スケジュール「when it rains」：「daily HH:MM」「weekly DAY HH:MM」（DAY = mon…sun）または5項目の cron 式で指定してください。',
    );
    expect(await refusal(JA, 'daily 8')).toBe(
      'スケジュール「daily 8」：「daily HH:MM」「weekly DAY HH:MM」（DAY = mon…sun）または5項目の cron 式で指定してください。時刻は HH:MM（24時間制）です。',
    );
  });
});
