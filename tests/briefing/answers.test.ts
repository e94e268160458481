import { beforeAll, describe, expect, it } from 'vitest';
import { loadApp, type App } from '../../src/app.js';
import { intentOf } from '../../src/briefing/answers/intents.js';
import { partyOf } from '../../src/briefing/answers/parties.js';

let app: App;
beforeAll(async () => {
  app = await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 });
});

describe('intentOf', () => {
  it('recognizes "when did A last meet B" in English, Vietnamese and Japanese', () => {
    expect(intentOf("When did Vietnam's president last meet Japan's prime minister?")).toEqual({ kind: 'lastMet', a: "vietnam's president", b: "japan's prime minister", lang: 'en' });
    expect(intentOf('Khi nào Lương Cường gặp Ishiba lần cuối?')).toEqual({ kind: 'lastMet', a: 'lương cường', b: 'ishiba', lang: 'vi' });
    expect(intentOf('石破首相とルオン・クオン主席が最後に会談したのはいつですか')).toMatchObject({ kind: 'lastMet', a: '石破首相', b: 'ルオン・クオン主席', lang: 'ja' });
  });

  it('recognizes whom A met, who holds an office, what was agreed, figures, plans and occasions', () => {
    expect(intentOf('Whom did Ishiba meet in 2024?')).toEqual({ kind: 'metWhom', a: 'ishiba', year: 2024, lang: 'en' });
    expect(intentOf('Takaichi đã gặp những ai?')).toEqual({ kind: 'metWhom', a: 'takaichi', year: null, lang: 'vi' });
    expect(intentOf('高市首相は誰と会談しましたか？')).toMatchObject({ kind: 'metWhom', a: '高市首相', lang: 'ja' });
    expect(intentOf('Who is the Japanese ambassador?')).toEqual({ kind: 'office', office: 'japanese ambassador', year: null, lang: 'en' });
    expect(intentOf('Ai là đại sứ Nhật Bản?')).toEqual({ kind: 'office', office: 'đại sứ nhật bản', year: null, lang: 'vi' });
    expect(intentOf('日本の首相は誰ですか')).toMatchObject({ kind: 'office', office: '日本の首相', lang: 'ja' });
    expect(intentOf('What was agreed on semiconductors?')).toEqual({ kind: 'statementsOn', act: 'agreed', topic: 'semiconductors', lang: 'en' });
    expect(intentOf('Hai bên nhất trí gì về bán dẫn?')).toEqual({ kind: 'statementsOn', act: 'agreed', topic: 'bán dẫn', lang: 'vi' });
    expect(intentOf('半導体について何が合意されましたか')).toMatchObject({ kind: 'statementsOn', act: 'agreed', topic: '半導体' });
    expect(intentOf('Figures on bilateral trade')).toEqual({ kind: 'figures', topic: 'bilateral trade', lang: 'en' });
    expect(intentOf('What is planned next?')).toEqual({ kind: 'next', lang: 'en' });
    expect(intentOf('What happened at APEC 2024?')).toEqual({ kind: 'occasion', place: 'apec 2024', lang: 'en' });
  });

  it('leaves a free question to retrieval (near miss)', () => {
    expect(intentOf('semiconductor training for Vietnamese students?')).toBeNull();
  });
});

describe('partyOf', () => {
  it('resolves a person in any script and an office of a side', () => {
    const known = new Set(['ishiba-shigeru', 'luong-cuong']);
    expect(partyOf('Исиба Сигэру', 'ru', known)).toMatchObject({ label: 'Ishiba Shigeru', role: null, country: 'JP' });
    expect(partyOf("vietnam's president", 'en', known)).toMatchObject({ label: "Vietnam's President", role: 'President', country: 'VN' });
    expect(partyOf('japanese ambassador', 'en', known)).toMatchObject({ role: 'Ambassador to Vietnam', country: 'JP' });
    expect(partyOf('the weather', 'en', known)).toBeNull();
  });
});

describe('ask on the seeds', () => {
  const first = async (q: string) => (await app.engine.ask(q)).intro;

  it('answers when two leaders last met with one direct sentence, in three languages', async () => {
    expect(await first('When did Luong Cuong last meet Ishiba Shigeru?')).toBe('Luong Cuong last met Ishiba Shigeru on 16 Nov 2024 in Lima, at APEC 2024 [1][2].');
    expect(await first('Khi nào Lương Cường gặp Ishiba lần cuối?')).toBe('Luong Cuong last met Ishiba Shigeru on 16 Nov 2024 in Lima, at APEC 2024 [1][2].');
    expect(await first("When did Vietnam's president last meet Japan's prime minister?"))
      .toBe("Vietnam's President Luong Cuong last met Japan's Prime Minister Takaichi Sanae in Oct–Nov 2025, at APEC 2025 [1].");
  });

  it('names the office holder the corpus quotes', async () => {
    expect(await first('Who is the Japanese ambassador?')).toBe("Japan's Ambassador to Vietnam as of 30 Nov 2025: Ito Naoki (since May 2023) [1].");
    expect(await first('Ai là đại sứ Nhật Bản?')).toBe("Japan's Ambassador to Vietnam as of 30 Nov 2025: Ito Naoki (since May 2023) [1].");
  });

  it('lists whom a leader met, what was said on an area, figures and plans', async () => {
    expect(await first('石破首相は誰と会談しましたか？')).toBe('Ishiba Shigeru met Luong Cuong (16 Nov 2024, Lima) [1].');
    expect(await first('What was proposed on defence?')).toMatch(/^On defence & security: (Vietnam's President Luong Cuong|Vietnam's Prime Minister Pham Minh Chinh) proposed closer cooperation on .*\[1\]\.$/);
    expect(await first('What was agreed on semiconductors?')).toBe('No one is reported to have agreed anything on semiconductors; 5 other statements on it:');
    expect(await first('Figures on bilateral trade')).toBe('Bilateral trade: USD 42.5 bn (2025-01/2025-10) [1] (newest report, 30 Nov 2025).');
    expect(await first('What is planned next?')).toBe('Next: Scheduled meeting (Dec 2025, Tokyo) [1].');
  });

  it('answers what happened at an occasion with its meeting and statements', async () => {
    const view = await app.engine.ask('What happened at APEC 2024?');
    expect(view.intro).toBe("Vietnam's President Luong Cuong met Japan's Prime Minister Ishiba Shigeru on 16 Nov 2024 in Lima, at APEC 2024 [1][2].");
    expect(view.sections[0]?.heading).toBe('What was said');
    expect(view.sections[0]?.lines).toContain("Japan's Prime Minister Ishiba Shigeru agreed with Luong Cuong on politics & diplomacy [3].");
  });

  it('falls back to retrieval for a free question, ranking a sentence with facts above captions', async () => {
    const view = await app.engine.ask('semiconductor training for Vietnamese students?');
    expect(view.intro).toBe('Answered from the corpus; every line cites its source sentence.');
    expect(view.sections.map((s) => s.heading)).toContain('From the sources');
  });
});
