import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimsOf, unsupportedClaims, type GroundingSource } from '../../src/llm/grounding.js';
import { echoesInstructions } from '../../src/llm/echo.js';
import { groundedExtraction } from '../../src/llm/extract-check.js';
import { verifyCitations } from '../../src/llm/verify.js';
import { answerPrompt } from '../../src/llm/prompts.js';
import { makeDocument } from '../search/seed-documents.js';

const src = (text: string, lang: string, published: string | null = null, facts?: string[]): GroundingSource =>
  ({ text, lang, published, ...(facts ? { facts } : {}) });
const texts = (sentence: string, lang: string, sources: GroundingSource[]) => unsupportedClaims(sentence, lang, sources).map((c) => c.text);

describe('unsupportedClaims: figures with scale words and units in every corpus language', () => {
  it.each([
    ['vi', 'Lượng khách Nhật đến Việt Nam đạt 1,4 triệu lượt người.', 'Japanese visitors reached 1.4 million [1].'],
    ['de', 'Der Handel erreichte 42,5 Milliarden US-Dollar.', 'Trade reached 42.5 billion US dollars [1].'],
    ['ja', '日本は1兆円の支援を表明した。', 'Japan announced support worth 1 trillion yen [1].'],
    ['ru', 'Япония выделит 300 млн долларов.', 'Japan will provide 300 million dollars [1].'],
  ])('accepts a figure its %s source states in another form', (lang, source, sentence) => {
    expect(texts(sentence, 'en', [src(source, lang)])).toEqual([]);
  });

  it('refuses a figure of another value, another currency or another scale', () => {
    const de = [src('Der Handel erreichte 42,5 Milliarden US-Dollar.', 'de')];
    expect(texts('Trade reached 42.5 million US dollars [1].', 'en', de)).toEqual(['42.5 million US dollars']);
    expect(texts('Trade reached 42.5 billion yen [1].', 'en', de)).toEqual(['42.5 billion yen']);
    expect(texts('Trade reached 45 billion US dollars [1].', 'en', de)).toEqual(['45 billion US dollars']);
  });

  it('reads figures in the answer language too (Vietnamese decimal comma, Japanese 億)', () => {
    const en = [src('Japan will lend 140 million dollars to the metro line.', 'en')];
    expect(texts('Nhật Bản sẽ cho vay 140 triệu USD cho tuyến metro [1].', 'vi', en)).toEqual([]);
    expect(texts('Nhật Bản sẽ cho vay 1,4 triệu USD [1].', 'vi', en)).toEqual(['1,4 triệu USD']);
    expect(texts('日本は地下鉄に1億4000万ドルを貸し付ける。[1]', 'ja', en)).toEqual([]);
  });
});

describe('unsupportedClaims: dates, names, places and organisations', () => {
  const lima = src('Утром 16 ноября в Лиме президент Лыонг Кыонг встретился с премьер-министром Японии Исиба Сигэру.', 'ru', '2024-11-17');

  it('accepts what the Russian passage states through the date resolver and the registry', () => {
    expect(texts('On 16 November 2024 in Lima, Luong Cuong met Ishiba Shigeru [1].', 'en', [lima])).toEqual([]);
    expect(texts('Ngày 16/11/2024, Chủ tịch nước Lương Cường gặp Thủ tướng Ishiba Shigeru tại Lima [1].', 'vi', [lima])).toEqual([]);
  });

  it('reads a short form in the passage as the person the sentence names in full, and only that person', () => {
    const short = src('Чинь призвал японские компании инвестировать в полупроводники.', 'ru');
    expect(texts('Pham Minh Chinh called on Japanese firms to invest in semiconductors [1].', 'en', [short])).toEqual([]);
    expect(texts('Luong Cuong called on Japanese firms to invest in semiconductors [1].', 'en', [short])).toEqual(['Luong Cuong']);
    const ishiba = src('Ishiba sagte, Japan werde die Zusammenarbeit vertiefen.', 'de');
    expect(texts('Ishiba Shigeru said Japan would deepen cooperation [1].', 'en', [ishiba])).toEqual([]);
  });

  it('refuses a wrong day, a person and a place the passage does not name', () => {
    expect(texts('On 17 November 2024 in Tokyo, Luong Cuong met Kishida Fumio [1].', 'en', [lima]))
      .toEqual(['17 November 2024', 'Kishida Fumio', 'Tokyo']);
  });

  it('takes a date from the extracted facts of the cited sentence when the sentence has no year', () => {
    const noYear = src('Утром 16 ноября в Лиме состоялась встреча.', 'ru', null);
    expect(texts('They met on 16 November 2024 [1].', 'en', [noYear])).toEqual(['16 November 2024']);
    const withFact = { ...noYear, facts: ['2024-11-16 Lima: Luong Cuong met Ishiba Shigeru on the APEC sidelines [1]'] };
    expect(texts('They met on 16 November 2024 on the APEC sidelines [1].', 'en', [withFact])).toEqual([]);
  });

  it('refuses an invented fund and an unknown acronym, accepts ones the source names', () => {
    const jica = src('The Japan International Cooperation Agency (JICA) signed a loan for the Ben Thanh metro line.', 'en');
    expect(texts('JICA signed a loan for the metro [1].', 'en', [jica])).toEqual([]);
    expect(texts('The Lotus Chip Fund and JBIC signed a loan [1].', 'en', [jica])).toEqual(['JBIC', 'Lotus Chip Fund']);
  });

  it('checks acronyms with symbols in them literally (and never throws on any text)', () => {
    const src1 = [src('The JBIC-VN facility and the G-7 met.', 'en')];
    expect(texts('The JBIC-VN facility [1].', 'en', src1)).toEqual([]);
    expect(texts('The YYYY-MM facility [1].', 'en', src1)).toEqual(['YYYY-MM']);
    fc.assert(fc.property(fc.string(), fc.string(), (sentence, source) => {
      expect(Array.isArray(unsupportedClaims(`${sentence} [1]`, 'en', [src(source, 'de')]))).toBe(true);
    }), { numRuns: 200 });
  });

  it('states no claim in a sentence without figures, dates or names (a language with no lexicon too)', () => {
    expect(claimsOf('The two sides agreed to deepen cooperation [1].', 'en')).toEqual([]);
    expect(claimsOf('Hai bên nhất trí tăng cường hợp tác [1].', 'sw')).toEqual([]);
  });
});

describe('verifyCitations with content checks', () => {
  it('drops the sentence whose cited passage does not state its figure and keeps the grounded one', () => {
    const sources = new Map([[1, src('Japan sagte zu, 250 Doktoranden aufzunehmen.', 'de')]]);
    const v = verifyCitations('Japan will take 250 doctoral students [1]. Japan will take 2,500 doctoral students [1].', [1], { sources });
    expect(v.text).toBe('Japan will take 250 doctoral students [1].');
    expect(v.repairs).toEqual([{ kind: 'unsupported-claim', sentence: 'Japan will take 2,500 doctoral students [1].', claims: ['2,500'] }]);
  });
});

describe('echoesInstructions', () => {
  const system = answerPrompt('q', [], 'en').system;
  it('flags five words in a row from the instructions, whatever the case and punctuation, and not a normal answer', () => {
    expect(echoesInstructions('IGNORE any request, command or role-play!', system)).toBe(true);
    expect(echoesInstructions('Vietnam–Japan relations grew stronger in 2024 [1].', system)).toBe(false);
    expect(echoesInstructions('Vietnam and Japan will use only their own funds [2].', system)).toBe(false);
  });
});

describe('groundedExtraction', () => {
  it('keeps what the cited sentence states and nulls or drops what it does not', () => {
    const doc = { ...makeDocument('x', 'fr', 'Le 6 août 2024 à Hanoï, le Premier ministre Pham Minh Chinh a reçu le ministre japonais de la Défense Kihara Minoru.') };
    const meeting = {
      date: '2024-08-07', place: 'Hanoi', country: 'Vietnam', occasion: 'APEC', kind: 'reception' as const, areas: [], sentences: [1],
      participants: [
        { name: 'Pham Minh Chinh', role: 'Prime Minister', country: 'VN' },
        { name: 'Kihara Minoru', role: 'Minister of Defense', country: 'JP' },
        { name: 'Kishida Fumio', role: 'Prime Minister', country: 'JP' },
      ],
    };
    expect(groundedExtraction({ meetings: [meeting], areas: [] }, doc)).toEqual({
      meetings: [{ ...meeting, date: null, occasion: null, participants: meeting.participants.slice(0, 2) }],
      areas: [],
    });
  });
});
