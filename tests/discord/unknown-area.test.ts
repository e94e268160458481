/** An unknown /cooperation area is refused with the nearest areas, their labels in the reader's language. */
import { describe, it, expect } from 'vitest';
import { cooperation } from '../../commands/cooperation.js';
import { errorText } from '../../src/discord/router.js';

function refusal(area: string, locale: string): unknown {
  const interaction = { locale, options: { getString: () => area } } as never;
  try {
    cooperation.validate(interaction);
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
