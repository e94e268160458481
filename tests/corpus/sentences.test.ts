import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { splitSentences, buildSentences, MAX_SENTENCE_CHARS, MIN_THAI_CHARS } from '../../src/corpus/sentences.js';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('splitSentences', () => {
  it('keeps German abbreviations and ordinals before months inside the sentence', () => {
    expect(splitSentences('Das gilt z. B. für Halbleiter. Das Forum fand am 24. und 25. November statt. Seit dem 27. November 2023 gilt die Partnerschaft.', 'de')).toEqual([
      'Das gilt z. B. für Halbleiter.',
      'Das Forum fand am 24. und 25. November statt.',
      'Seit dem 27. November 2023 gilt die Partnerschaft.',
    ]);
  });

  it('splits after a year followed by a capitalised word (a near miss of the ordinal rule)', () => {
    expect(splitSentences('Das Ziel gilt bis 2030. Japan unterstützt das.', 'de')).toEqual(['Das Ziel gilt bis 2030.', 'Japan unterstützt das.']);
  });

  it('handles Russian abbreviations in Cyrillic', () => {
    expect(splitSentences('Объём составил 5 млрд долл. США в 2024 г. Это рекорд, т. е. больше прежнего.', 'ru')).toEqual([
      'Объём составил 5 млрд долл. США в 2024 г. Это рекорд, т. е. больше прежнего.',
    ]);
    expect(splitSentences('Встреча прошла в Лиме. Стороны обсудили сотрудничество.', 'ru')).toEqual(['Встреча прошла в Лиме.', 'Стороны обсудили сотрудничество.']);
  });

  it('keeps French titles, English acronyms, times and initials', () => {
    expect(splitSentences('M. Kishida a reçu Mme Nguyen. Ils ont parlé.', 'fr')).toEqual(['M. Kishida a reçu Mme Nguyen.', 'Ils ont parlé.']);
    expect(splitSentences('The U.S. President met Dr. Chinh at 8 p.m. Tuesday in Nov. 2024. Talks followed. J. Smith wrote it.', 'en')).toEqual([
      'The U.S. President met Dr. Chinh at 8 p.m. Tuesday in Nov. 2024.',
      'Talks followed.',
      'J. Smith wrote it.',
    ]);
  });

  it('keeps Indonesian abbreviations', () => {
    expect(splitSentences('Ia bertemu dgn. Menteri Luar Negeri. Mereka sepakat.', 'id')).toEqual(['Ia bertemu dgn. Menteri Luar Negeri.', 'Mereka sepakat.']);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('Er sagte: „Japan ist ein Partner.“ Dann ging er. «Oui.» Fin.', 'de')).toEqual(['Er sagte: „Japan ist ein Partner.“', 'Dann ging er.', '«Oui.»', 'Fin.']);
  });

  it('splits Chinese and Japanese at full-width stops, closing brackets included', () => {
    expect(splitSentences('双方达成一致。陈大光也表示，“合作很重要。”安倍表示欢迎！', 'zh')).toEqual(['双方达成一致。', '陈大光也表示，“合作很重要。”', '安倍表示欢迎！']);
    expect(splitSentences('会談を行いました。「歓迎します。」と述べました。', 'ja')).toEqual(['会談を行いました。', '「歓迎します。」', 'と述べました。']);
  });

  it('keeps Thai clauses together and splits long Thai text at spaces into sentences of at least MIN_THAI_CHARS', () => {
    const clause = 'นายกรัฐมนตรีญี่ปุ่นเดินทางเยือนเวียดนามอย่างเป็นทางการ';
    const thai = `${clause} ทั้งสองฝ่ายตกลงกระชับความร่วมมือด้านเศรษฐกิจ`;
    expect(splitSentences(thai, 'th')).toEqual([thai]);
    const long = Array.from({ length: 12 }, () => clause).join(' ');
    const parts = splitSentences(long, 'th');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.slice(0, -1).every((p) => p.length >= MIN_THAI_CHARS)).toBe(true);
    expect(parts.join(' ')).toBe(long);
  });

  it('ends a sentence at every line break', () => {
    expect(splitSentences('Kein Punkt hier\nNeue Zeile ohne Punkt', 'de')).toEqual(['Kein Punkt hier', 'Neue Zeile ohne Punkt']);
  });

  it('uses only common abbreviations for a language it has no list for', () => {
    expect(splitSentences('Dr. Ana met them. Talks ended.', 'sw')).toEqual(['Dr. Ana met them.', 'Talks ended.']);
  });

  it('cuts a 200 KB line with no punctuation into bounded chunks at spaces, losing nothing', () => {
    const words = Array.from({ length: 40000 }, (_, i) => `wort${i % 97}`);
    const line = words.join(' ');
    expect(line.length).toBeGreaterThan(200_000);
    const parts = splitSentences(line, 'de');
    expect(parts.every((p) => p.length <= MAX_SENTENCE_CHARS)).toBe(true);
    expect(parts.every((p) => /^wort\d+( wort\d+)*$/.test(p))).toBe(true);
    expect(parts.join(' ')).toBe(line);
  });

  it('hard-cuts a 1 MB run without spaces', () => {
    const line = '越'.repeat(1_000_000);
    const parts = splitSentences(line, 'vi');
    expect(parts).toHaveLength(500);
    expect(parts.join('')).toBe(line);
  });

  it('never loses or reorders a non-space character (property)', () => {
    const alphabet = fc.constantFrom('a', 'B', 'z', '.', '!', '?', ' ', ' ', '\n', '。', '”', '»', ')', '1', '2', 'г', 'Я', 'é', '…', 'Z', 'b');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')), fc.constantFrom('de', 'en', 'ru', 'fr', 'zh', 'th', 'xx'), (text, lang) => {
        const parts = splitSentences(text, lang);
        expect(squash(parts.join(''))).toBe(squash(text));
        expect(parts.every((p) => p === p.trim() && p !== '')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every character of random Unicode text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        expect(squash(splitSentences(text, 'en').join(''))).toBe(squash(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('buildSentences', () => {
  it('puts the title first and numbers paragraphs', () => {
    expect(buildSentences('Titel', ['Erster Satz. Zweiter Satz.', '', 'Dritter.'], 'de')).toEqual([
      { index: 1, text: 'Titel', paragraph: 0 },
      { index: 2, text: 'Erster Satz.', paragraph: 1 },
      { index: 3, text: 'Zweiter Satz.', paragraph: 1 },
      { index: 4, text: 'Dritter.', paragraph: 2 },
    ]);
  });

  it('starts at paragraph 0 without a title', () => {
    expect(buildSentences(null, ['Một câu.'], 'vi')).toEqual([{ index: 1, text: 'Một câu.', paragraph: 0 }]);
  });
});
