import { describe, it, expect } from 'vitest';
import { honorificNames } from '../../src/knowledge/honorific-names.js';

const written = (text: string, lang: string): string[] => honorificNames(text, lang, []).map((m) => m.written);

describe('honorificNames', () => {
  it('reads a name after a courtesy word, and nothing in a text without one', () => {
    expect(written('Am Abend sprach sie mit Herrn Yamada Taro über Häfen.', 'de')).toEqual(['Yamada Taro']);
    expect(written('Am Abend sprach sie mit Yamada Taro über Häfen.', 'de')).toEqual([]);
    // Courtesy words are matched as written: a lower-case 'herrn' is no courtesy word.
    expect(written('Am Abend sprach sie mit herrn Yamada Taro über Häfen.', 'de')).toEqual([]);
  });

  it('reads a name before a courtesy word in Japanese', () => {
    expect(written('山田太郎氏が到着した。', 'ja')).toEqual(['山田太郎']);
    expect(written('山田太郎が到着した。', 'ja')).toEqual([]);
  });
});
