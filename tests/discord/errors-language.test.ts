/** Refusals in the reader's language: an unknown /cooperation area (with the nearest areas' labels), a bad /timeline range. */
import { describe, it, expect } from 'vitest';
import { cooperation } from '../../commands/cooperation.js';
import { timeline } from '../../commands/timeline.js';
import strings from '../../src/discord/data/strings.json' with { type: 'json' };
import { errorText } from '../../src/discord/router.js';

function refusal(area: string, locale: string, command: { validate(i: never): void } = cooperation, options: Record<string, string> = {}): unknown {
  const interaction = { locale, options: { getString: (name: string) => options[name] ?? (command === cooperation ? area : null) } } as never;
  try {
    command.validate(interaction);
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
}

describe('unknown area', () => {
  it('names the nearest areas in English, Vietnamese and Japanese', () => {
    expect(errorText(refusal('space mining', 'en-US'), 'en-US')).toBe(
      'There is no cooperation area “space mining”. Nearest: Education & training, Science & innovation, Defence & security. Pick one from the list that opens as you type.',
    );
    expect(errorText(refusal('space mining', 'vi'), 'vi')).toBe(
      'Không có lĩnh vực hợp tác “space mining”. Gần nhất: Giáo dục & đào tạo, Khoa học & đổi mới sáng tạo, Quốc phòng & an ninh. Hãy chọn trong danh sách hiện ra khi bạn gõ.',
    );
    expect(errorText(refusal('space mining', 'ja'), 'ja')).toBe(
      '協力分野「space mining」はありません。近いもの: 教育・人材育成、科学・イノベーション、防衛・安全保障。入力中に表示される一覧から選んでください。',
    );
  });
});

describe('a /timeline range', () => {
  const bad = (locale: string, options: Record<string, string>) => errorText(refusal('', locale, timeline as never, options), locale);

  it('is refused in the reader\'s language, with the option names Discord shows them', () => {
    expect(bad('en-US', { from: '11/2024' })).toBe('`from` must look like 2024, 2024-11 or 2024-11-16.');
    expect(bad('vi', { from: '11/2024' })).toBe('`từ` phải có dạng 2024, 2024-11 hoặc 2024-11-16.');
    expect(bad('ja', { to: 'soon' })).toBe('`終了` は 2024、2024-11、2024-11-16 のように指定してください。');
    expect(bad('en-US', { from: '2025', to: '2024' })).toBe('`from` must not be after `to`.');
    expect(bad('vi', { from: '2025', to: '2024' })).toBe('`từ` không được sau `đến`.');
    expect(bad('ja', { from: '2025', to: '2024' })).toBe('`開始` は `終了` より後にできません。');
  });
});

describe('the bot\'s own strings', () => {
  it('have every English key in Vietnamese and Japanese', () => {
    const keys = (lang: 'en' | 'vi' | 'ja') => Object.keys(strings.ui[lang]).sort();
    expect(keys('vi')).toEqual(keys('en'));
    expect(keys('ja')).toEqual(keys('en'));
  });
});
