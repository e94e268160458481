import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  allPeople,
  createPeopleContext,
  findPeople,
  matchPeople,
  normalizeName,
  officeAt,
  personById,
  termYears,
} from '../../src/knowledge/people.js';
import type { PersonMention } from '../../src/knowledge/types.js';

/** The user-visible part of a mention. */
const brief = (ms: PersonMention[]): [string | null, string, string, string | null, string | null][] =>
  ms.map((m) => [m.personId, m.name, m.written, m.role, m.country]);

const ids = (text: string, lang: string, ctx = createPeopleContext()): (string | null)[] =>
  findPeople(text, lang, ctx).map((m) => m.personId);

describe('findPeople', () => {
  it('finds Ishiba Shigeru in Cyrillic, in Latin given-first order and in kanji', () => {
    expect(brief(findPeople('Исиба Сигэру прибыл в Ханой.', 'ru'))).toEqual([['ishiba-shigeru', 'Ishiba Shigeru', 'Исиба Сигэру', null, 'JP']]);
    expect(brief(findPeople('Shigeru Ishiba arrived in Hanoi.', 'en'))).toEqual([['ishiba-shigeru', 'Ishiba Shigeru', 'Shigeru Ishiba', null, 'JP']]);
    expect(brief(findPeople('石破茂氏がハノイに到着した。', 'ja'))).toEqual([['ishiba-shigeru', 'Ishiba Shigeru', '石破茂', null, 'JP']]);
  });

  it('resolves a bare family name only after the same document named the person in full', () => {
    expect(ids('Ishiba said the talks went well.', 'en')).toEqual([]);
    const ctx = createPeopleContext();
    expect(ids('Prime Minister Shigeru Ishiba arrived on Friday.', 'en', ctx)).toEqual(['ishiba-shigeru']);
    expect(brief(findPeople('Ishiba said the talks went well.', 'en', ctx))).toEqual([['ishiba-shigeru', 'Ishiba Shigeru', 'Ishiba', null, 'JP']]);
  });

  it('does not resolve Кисида without a title or an earlier full mention', () => {
    expect(findPeople('Кисида сказал, что переговоры прошли успешно.', 'ru', createPeopleContext())).toEqual([]);
  });

  it('matches the Russian genitive "Лыонг Кыонга" with the title before it (seed 002)', () => {
    const text = 'Утром 16 ноября состоялась встреча президента государства Лыонг Кыонга с премьер-министром Японии Исиба Сигэру.';
    const found = findPeople(text, 'ru');
    expect(brief(found)).toEqual([
      ['luong-cuong', 'Luong Cuong', 'Лыонг Кыонга', 'President', 'VN'],
      ['ishiba-shigeru', 'Ishiba Shigeru', 'Исиба Сигэру', 'Prime Minister', 'JP'],
    ]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('Лыонг Кыонга');
  });

  it('matches an inflected first word of a family-first name ("Гэнбой Коитиро")', () => {
    expect(ids('Он провел переговоры с Гэнбой Коитиро.', 'ru')).toEqual(['genba-koichiro']);
  });

  it('reads Vietnamese with diacritics, and the role from "Thủ tướng"', () => {
    expect(findPeople('Phạm Minh Chính phát biểu.', 'vi')).toEqual([
      { personId: 'pham-minh-chinh', name: 'Pham Minh Chinh', written: 'Phạm Minh Chính', role: null, country: 'VN', start: 0, end: 15 },
    ]);
    expect(findPeople('Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản Ito Naoki.', 'vi')).toEqual([
      { personId: 'pham-minh-chinh', name: 'Pham Minh Chinh', written: 'Phạm Minh Chính', role: 'Prime Minister', country: 'VN', start: 10, end: 25 },
      { personId: 'ito-naoki', name: 'Ito Naoki', written: 'Ito Naoki', role: 'Ambassador', country: 'JP', start: 47, end: 56 },
    ]);
  });

  it('matches decomposed (NFD) Vietnamese text and keeps offsets into the original string', () => {
    const text = 'Thủ tướng Phạm Minh Chính'.normalize('NFD');
    const [m] = findPeople(text, 'vi');
    expect(m?.personId).toBe('pham-minh-chinh');
    expect(text.slice(m!.start, m!.end)).toBe('Phạm Minh Chính'.normalize('NFD'));
  });

  it('resolves a family name next to a title: "Perdana Menteri Kishida"', () => {
    expect(brief(findPeople('Perdana Menteri Kishida menerima Presiden Vo Van Thuong di Tokyo.', 'id'))).toEqual([
      ['kishida-fumio', 'Kishida Fumio', 'Kishida', 'Prime Minister', 'JP'],
      ['vo-van-thuong', 'Vo Van Thuong', 'Vo Van Thuong', 'President', 'VN'],
    ]);
  });

  it('takes role and country from "Der japanische Premierminister Sanae Takaichi"', () => {
    expect(findPeople('Der japanische Premierminister Sanae Takaichi traf am Sonntag seinen Amtskollegen.', 'de')).toEqual([
      { personId: 'takaichi-sanae', name: 'Takaichi Sanae', written: 'Sanae Takaichi', role: 'Prime Minister', country: 'JP', start: 31, end: 45 },
    ]);
  });

  it('finds someone outside the registry from the title, with personId null', () => {
    expect(findPeople('Premierminister Max Mustermann sagte am Montag zu.', 'de')).toEqual([
      { personId: null, name: 'Max Mustermann', written: 'Max Mustermann', role: 'Prime Minister', country: null, start: 16, end: 30 },
    ]);
    expect(brief(findPeople('Вьетнамский министр Иван Петров прибыл.', 'ru'))).toEqual([[null, 'Ivan Petrov', 'Иван Петров', 'Minister', 'VN']]);
  });

  it('does not match near misses: "Abenomics" is not Abe, "Lampung" is not To Lam, "Việt Nam" is not Vu Hong Nam', () => {
    const ctx = createPeopleContext();
    expect(ids('Tổng Bí thư Tô Lâm và Đại sứ Vũ Hồng Nam.', 'vi', ctx)).toEqual(['to-lam', 'vu-hong-nam']);
    expect(findPeople('Abenomics lifted Japanese exports.', 'en', ctx)).toEqual([]);
    expect(findPeople('Investor Jepang membangun pabrik di Lampung.', 'id', ctx)).toEqual([]);
    expect(findPeople('Việt Nam và Nhật Bản thúc đẩy hợp tác.', 'vi', ctx)).toEqual([]);
  });

  it('reads CJK names without word boundaries, and katakana with or without ・', () => {
    expect(brief(findPeople('石破茂首相とファム・ミン・チン首相が会談した。', 'ja'))).toEqual([
      ['ishiba-shigeru', 'Ishiba Shigeru', '石破茂', 'Prime Minister', 'JP'],
      ['pham-minh-chinh', 'Pham Minh Chinh', 'ファム・ミン・チン', 'Prime Minister', 'VN'],
    ]);
    expect(ids('ファムミンチン首相', 'ja')).toEqual(['pham-minh-chinh']);
    expect(brief(findPeople('岸田首相は', 'ja'))).toEqual([['kishida-fumio', 'Kishida Fumio', '岸田', 'Prime Minister', 'JP']]);
    expect(brief(findPeople('越南总理范明政会见日本首相石破茂', 'zh'))).toEqual([
      ['pham-minh-chinh', 'Pham Minh Chinh', '范明政', 'Prime Minister', 'VN'],
      ['ishiba-shigeru', 'Ishiba Shigeru', '石破茂', 'Prime Minister', 'JP'],
    ]);
    expect(ids('陳大光主席', 'zh')).toEqual(['tran-dai-quang']);
  });

  it('reads Korean names with particles attached to the title', () => {
    expect(brief(findPeople('이시바 시게루 일본 총리는 팜 민 찐 베트남 총리와 회담했다', 'ko'))).toEqual([
      ['ishiba-shigeru', 'Ishiba Shigeru', '이시바 시게루', 'Prime Minister', 'JP'],
      ['pham-minh-chinh', 'Pham Minh Chinh', '팜 민 찐', 'Prime Minister', 'VN'],
    ]);
    expect(ids('이시바 총리는', 'ko')).toEqual(['ishiba-shigeru']);
  });

  it('picks the person whose office matches the title, and stays null when the title fits two people', () => {
    expect(ids('Verteidigungsminister Koizumi und Premierminister Koizumi', 'de')).toEqual(['koizumi-shinjiro', 'koizumi-junichiro']);
    expect(ids('菅首相', 'ja')).toEqual([null]);
    expect(ids('菅首相', 'ja', createPeopleContext({ date: '2021-01-15' }))).toEqual(['suga-yoshihide']);
  });

  it('reports spans that slice back to what was written, whatever surrounds a name', () => {
    const samples = allPeople().flatMap((p) => p.variants.slice(0, 6).map((v) => [p.id, v] as const));
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.constantFrom(...samples), fc.string({ maxLength: 20 }), (a, [id, v], b) => {
        const text = `${a} ${v}. ${b}`;
        const found = findPeople(text, 'en');
        for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.written);
        expect(found.some((m) => m.personId === id)).toBe(true);
      }),
    );
  });

  it('returns registry names only for a language without a title lexicon', () => {
    expect(brief(findPeople('Rais Shigeru Ishiba alikutana na Waziri Mkuu Max Mustermann.', 'sw'))).toEqual([
      ['ishiba-shigeru', 'Ishiba Shigeru', 'Shigeru Ishiba', null, 'JP'],
    ]);
    expect(findPeople('Waziri Mkuu Kishida.', 'sw')).toEqual([]);
  });
});

describe('officeAt', () => {
  const thuong = personById('vo-van-thuong')!;

  it('gives the office held on a day, and null outside every term', () => {
    expect(officeAt(thuong, '2023-11-27')).toEqual({ role: 'President', from: '2023-03-02', to: '2024-03-21' });
    expect(officeAt(thuong, '2025-01')).toBeNull();
  });

  it('prefers the higher office when two overlap', () => {
    expect(officeAt(personById('to-lam')!, '2024-09')?.role).toBe('General Secretary');
    expect(officeAt(personById('to-lam')!, 2023)?.role).toBe('Minister of Public Security');
  });
});

describe('termYears', () => {
  it('lists both of Abe Shinzo’s terms as prime minister', () => {
    expect(termYears(personById('abe-shinzo')!, 'Prime Minister')).toEqual([
      { from: 2006, to: 2007 },
      { from: 2012, to: 2020 },
    ]);
  });

  it('ends a running term at a finite year', () => {
    expect(termYears(personById('luong-cuong')!, 'President', 2026)).toEqual([{ from: 2024, to: 2026 }]);
    expect(Number.isFinite(termYears(personById('luong-cuong')!, 'President')[0]!.to)).toBe(true);
  });
});

describe('matchPeople', () => {
  it('finds what a user types, best first, in any script', () => {
    expect(matchPeople('Исиба')[0]?.id).toBe('ishiba-shigeru');
    expect(matchPeople('ishi')[0]?.id).toBe('ishiba-shigeru');
    expect(matchPeople('Pham Minh')[0]?.id).toBe('pham-minh-chinh');
    expect(matchPeople('phạm minh chính').map((p) => p.id)).toEqual(['pham-minh-chinh']);
    expect(matchPeople('xyzzy')).toEqual([]);
  });

  it('ranks an exact form, then a form starting with the query, then a later name word, then a form containing it', () => {
    // 'minh chinh' starts at the second word of 'Pham Minh Chinh' and runs into the third.
    expect(matchPeople('minh chin').map((p) => p.id)).toContain('pham-minh-chinh');
    expect(matchPeople('chinh').map((p) => p.id)).toContain('pham-minh-chinh');
    // 'inh' starts no name word of him: only a containing match (of 4+ characters) would find him.
    expect(matchPeople('inh').map((p) => p.id)).not.toContain('pham-minh-chinh');
    expect(matchPeople('inhchi').map((p) => p.id)).toContain('pham-minh-chinh');
    const shigeru = matchPeople('shigeru').map((p) => p.id);
    expect(shigeru.indexOf('ishiba-shigeru')).toBeGreaterThanOrEqual(0);
  });
});

describe('normalizeName', () => {
  it('strips diacritics (đ → d), case, and unifies ・, hyphens and spaces', () => {
    expect(normalizeName('Đỗ  Bá-Tỵ')).toBe('do ba ty');
    expect(normalizeName('ファム・ミン・チン')).toBe('ファム ミン チン');
    expect(normalizeName('Сигэру ИСИБА')).toBe('сигеру исиба');
    expect(normalizeName('陳大光')).toBe('陈大光');
  });

  it('is idempotent and never leaves leading, trailing or double spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const n = normalizeName(s);
        expect(normalizeName(n)).toBe(n);
        expect(n).toBe(n.trim());
        expect(n.includes('  ')).toBe(false);
      }),
    );
  });

  it('ignores how a registry name is spaced or hyphenated', () => {
    const names = allPeople().map((p) => p.name);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom(' ', '  ', '-', '・', ' - '), (name, sep) => {
        expect(normalizeName(name.split(' ').join(sep))).toBe(normalizeName(name));
      }),
    );
  });
});

describe('registry', () => {
  it('holds 120+ Vietnamese and Japanese officeholders with unique ids', () => {
    const people = allPeople();
    expect(people.length).toBeGreaterThanOrEqual(120);
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    expect([...new Set(people.map((p) => p.country))].sort()).toEqual(['JP', 'VN']);
  });

  it('recognizes every listed variant as its own person', () => {
    const wrong = allPeople().flatMap((p) =>
      p.variants.filter((v) => {
        const found = findPeople(v, 'xx');
        return found.length !== 1 || found[0]!.personId !== p.id || found[0]!.written !== v;
      }).map((v) => `${p.id}: ${v}`),
    );
    expect(wrong).toEqual([]);
  });

  it('contains every participant of the seed labels', () => {
    const dir = fileURLToPath(new URL('../fixtures/labels/', import.meta.url));
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(readFileSync(dir + f, 'utf8')) as { meetings: { participants: string[] }[] }).meetings.flatMap((m) => m.participants));
    expect(names.length).toBeGreaterThan(0);
    const known = new Set(allPeople().map((p) => normalizeName(p.name)));
    expect(names.filter((n) => !known.has(normalizeName(n)))).toEqual([]);
  });
});
