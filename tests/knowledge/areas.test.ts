import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AREAS, AREA_LANGUAGES, documentAreas, findAreas } from '../../src/knowledge/areas.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Crude splitter for tests only (lines, then sentence ends); the real one lives in src/corpus. */
function crude(text: string): { text: string }[] {
  return text
    .split(/\n+/)
    .flatMap((l) => l.split(/(?<=[.!?。])\s+/u))
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ text: t }));
}

/** Area id → the words that triggered it, as written in the text. */
function found(text: string, lang: string): [string, string][] {
  return findAreas(text, lang).map((m) => [m.area, text.slice(m.start, m.end)]);
}

describe('AREAS', () => {
  it('lists the 23 taxonomy ids in GUIDE order with English labels', () => {
    expect(AREAS).toHaveLength(23);
    expect(AREAS[0]).toEqual({ id: 'politics-diplomacy', label: 'Politics & diplomacy' });
    expect(AREAS.map((a) => a.id).slice(9, 14)).toEqual([
      'climate-green', 'digital', 'semiconductors', 'science-innovation', 'technology-transfer',
    ]);
    expect(AREAS[22]).toEqual({ id: 'multilateral', label: 'Multilateral' });
  });

  it('has a lexicon for each of the 15 corpus languages', () => {
    expect(AREA_LANGUAGES).toEqual(['ar', 'de', 'en', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pt', 'ru', 'th', 'tl', 'vi', 'zh']);
  });
});

describe('findAreas (sentence rule)', () => {
  it('finds German fields named as cooperation, inflected and in compounds', () => {
    expect(found('Chinh forderte japanische Zusammenarbeit in Wissenschaft, Technologie, Halbleitern und Energie.', 'de')).toEqual([
      ['science-innovation', 'Wissenschaft'],
      ['science-innovation', 'Technologie'],
      ['semiconductors', 'Halbleitern'],
      ['energy', 'Energie'],
    ]);
    expect(found('Das Gesamtinvestitionsvolumen der bilateralen Zusammenarbeit stieg.', 'de')).toEqual([['investment', 'investitionsvolumen']]);
  });

  it('finds Russian stems across case endings (Cyrillic)', () => {
    expect(found('Он призвал Японию поддержать Вьетнам в подготовке кадров для полупроводниковой промышленности.', 'ru')).toEqual([
      ['education-training', 'подготовке кадров'],
      ['semiconductors', 'полупроводниковой'],
    ]);
  });

  it('matches Vietnamese with diacritics, composed or decomposed, with offsets into the original text', () => {
    const nfc = 'Hai bên nhất trí thúc đẩy hợp tác trong lĩnh vực bán dẫn và chuyển đổi số.';
    expect(found(nfc, 'vi')).toEqual([['semiconductors', 'bán dẫn'], ['digital', 'chuyển đổi số']]);
    const nfd = nfc.normalize('NFD');
    expect(found(nfd, 'vi')).toEqual([['semiconductors', 'bán dẫn'.normalize('NFD')], ['digital', 'chuyển đổi số'.normalize('NFD')]]);
  });

  it('matches inside unspaced scripts: Japanese, Chinese, Thai, Korean', () => {
    expect(found('両国は半導体分野での協力を確認した。', 'ja')).toEqual([['semiconductors', '半導体']]);
    expect(found('双方同意加强海洋安全合作。', 'zh')).toEqual([['maritime', '海洋'], ['defense-security', '安全合作']]);
    expect(found('ทั้งสองฝ่ายตกลงส่งเสริมความร่วมมือด้านเซมิคอนดักเตอร์', 'th')).toEqual([['semiconductors', 'เซมิคอนดักเตอร์']]);
    expect(found('양국 안보 협력을 확대하기로 했다.', 'ko')).toEqual([['defense-security', '안보']]);
  });

  it('lets Arabic words carry clitics (و, ال) before a trigger', () => {
    expect(found('اتفق الجانبان على تعزيز التعاون في مجال الطاقة والزراعة', 'ar')).toEqual([
      ['energy', 'الطاقة'],
      ['agriculture', 'الزراعة'],
    ]);
  });

  it('ignores triggers in sentences that are not about cooperation (near misses)', () => {
    expect(found('Die FPT Technologie AG eröffnete ein Büro in Hanoi.', 'de')).toEqual([]);
    expect(found('半導体工場が完成した。', 'ja')).toEqual([]);
    expect(found('The two sides held energetic discussions on cooperation.', 'en')).toEqual([]);
    expect(found('Cooperation in the Mekong Delta will focus on rice farming.', 'en')).toEqual([['agriculture', 'rice'], ['agriculture', 'farming']]);
  });

  it('counts a forum named only as the venue of a meeting not as multilateral, but coordination at it is', () => {
    expect(found('Beide Seiten bekräftigten ihre Partnerschaft am Rande des ASEAN-Gipfels.', 'de').map(([a]) => a)).not.toContain('multilateral');
    expect(found('Beide Seiten wollen ihre Zusammenarbeit im Rahmen der ASEAN und der APEC verstärken.', 'de')).toEqual([
      ['multilateral', 'ASEAN'],
      ['multilateral', 'APEC'],
    ]);
    expect(found('Both sides will coordinate closely on regional and international issues.', 'en')).toEqual([
      ['multilateral', 'regional and international'],
    ]);
  });

  it('gives nothing for a language without a lexicon', () => {
    expect(findAreas('Zusammenarbeit bei Halbleitern', 'xx')).toEqual([]);
    expect(documentAreas([{ text: 'cooperation on semiconductors' }], 'und')).toEqual(new Map());
  });
});

describe('documentAreas (document rule)', () => {
  it('counts a trigger next to a cooperation sentence in a framed document, not a stray one', () => {
    const doc = [
      { text: 'Japan and Vietnam agree to deepen cooperation' },
      { text: 'Semiconductors topped the agenda in Hanoi.' },
      { text: 'The weather was fine.' },
      { text: 'Ministers also sampled the local cuisine.' },
      { text: 'A new energy drink was launched in Tokyo.' },
    ];
    expect(documentAreas(doc, 'en')).toEqual(new Map([['semiconductors', [1]]]));
    expect(documentAreas([{ text: 'Semiconductors topped the agenda in Hanoi.' }], 'en')).toEqual(new Map());
  });

  it('finds the fields a framed document names as cooperation, in German, Russian and Indonesian sentences of our own', () => {
    const de = [
      { text: 'Vietnam und Japan wollen ihre Zusammenarbeit vertiefen.' },
      { text: 'Beide Seiten vereinbarten, die Zusammenarbeit bei Halbleitern und erneuerbarer Energie auszubauen.' },
      { text: 'Der Minister lobte das Wetter in Hanoi.' },
    ];
    expect([...documentAreas(de, 'de').keys()].sort()).toEqual(['energy', 'semiconductors']);
    const ru = [
      { text: 'Вьетнам и Япония договорились расширять сотрудничество в области образования и здравоохранения.' },
      { text: 'Погода в Токио была солнечной.' },
    ];
    expect([...documentAreas(ru, 'ru').keys()].sort()).toEqual(['education-training', 'health']);
    const id = [
      { text: 'Kedua negara sepakat memperkuat kerja sama di bidang pertanian dan penanggulangan bencana.' },
      { text: 'Cuaca di Hanoi cerah.' },
    ];
    expect([...documentAreas(id, 'id').keys()].sort()).toEqual(['agriculture', 'disaster']);
  });

  it('cites the sentences that name an area', () => {
    const text = readFileSync(`${root}seeds/002_460abb11f1e7dc2e.txt`, 'utf8');
    const sentences = crude(text);
    const multilateral = documentAreas(sentences, 'ru').get('multilateral') ?? [];
    expect(multilateral.map((i) => sentences[i]?.text.slice(0, 40))).toEqual([
      'Также на встрече лидеры двух стран подтв',
    ]);
  });
});
