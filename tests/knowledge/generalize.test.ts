/**
 * The rules that must hold on articles nobody here has read, pinned with sentences written for these tests:
 * years from what the text and the registry pin (never a guess), merges only of compatible reports, counterparts
 * found by title, list and name shape, and no person made of an institution's words.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/documents.js';
import type { Document } from '../../src/corpus/types.js';
import { extractKnowledge } from '../../src/knowledge/extract.js';
import { findPeople, createPeopleContext } from '../../src/knowledge/people.js';
import { sideOfName } from '../../src/knowledge/name-shapes.js';
import type { Meeting } from '../../src/knowledge/types.js';

function doc(file: string, text: string): Document {
  const parsed = parseDocument(file, new TextEncoder().encode(text));
  if (!('document' in parsed)) throw new Error(parsed.warning.reason);
  return parsed.document;
}

/** Meetings of one article (no publication date: the page says nothing of when it was written). */
function meetingsOf(text: string, file = 'a.txt'): Meeting[] {
  return extractKnowledge([doc(file, `Report\n\n${text}`)]).meetings;
}

const brief = (m: Meeting) => ({ date: m.date, people: m.participants.map((p) => p.name).sort() });

describe('years of dates written without one (class 1)', () => {
  it('en: a day and month with a sitting President and Prime Minister take the only year both held office', () => {
    const [m] = meetingsOf('President Vo Van Thuong held talks with Prime Minister Kishida Fumio in Tokyo on 27 November.');
    expect(brief(m!)).toEqual({ date: '2023-11-27', people: ['Kishida Fumio', 'Vo Van Thuong'] });
  });

  it('ja: a foreign minister whose term has ended pins the year of a phone call', () => {
    const [m] = meetingsOf('岩屋毅外務大臣は10月22日、ブイ・タイン・ソン外務大臣と電話会談を行った。');
    expect(m).toMatchObject({ date: '2024-10-22', kind: 'call' });
  });

  it('vi: a summit known by its host city chooses among the years the terms allow (APEC in Lima → 2024)', () => {
    const [m] = meetingsOf('Ngày 16/11, tại Lima, Chủ tịch nước Lương Cường đã gặp Thủ tướng Ishiba Shigeru bên lề Hội nghị APEC.');
    expect(m).toMatchObject({ date: '2024-11-16', place: 'Lima' });
  });

  it('en: an anniversary named in the meeting sentence dates a meeting the text gives no day for', () => {
    const [m] = meetingsOf('To mark the 50th anniversary of diplomatic relations, Prime Minister Pham Minh Chinh received Governor Sato Kenji of Chiba Prefecture.');
    expect(brief(m!)).toEqual({ date: '2023', people: ['Pham Minh Chinh', 'Sato Kenji'] });
  });

  it('fr: a "former" Prime Minister constrains nothing, and a sitting one whose term is still running pins no year', () => {
    const [m] = meetingsOf("Le Premier ministre Pham Minh Chinh a rencontré l'ancien Premier ministre Kishida Fumio le 29 mai à Tokyo. Les deux hommes ont évoqué la coopération entre les deux pays dans le domaine de l'énergie.");
    expect(brief(m!)).toEqual({ date: null, people: ['Kishida Fumio', 'Pham Minh Chinh'] });
    expect(m!.participants.find((p) => p.name === 'Kishida Fumio')?.role).toBeNull();
  });

  it('de: a year named elsewhere for another event never dates an undated meeting', () => {
    const [m] = meetingsOf('Premierminister Pham Minh Chinh empfing Gouverneur Sato Kenji in Hanoi. Die beiden sprachen über die Zusammenarbeit zwischen den Provinzen.\n\nFoto: der APEC-Gipfel 2017 in Da Nang.');
    expect(brief(m!)).toEqual({ date: null, people: ['Pham Minh Chinh', 'Sato Kenji'] });
  });

  it('ja: an anniversary of another country\'s relations far ahead never dates the meeting (the terms do)', () => {
    const [m] = meetingsOf('岩屋毅外務大臣は10月22日、ブイ・タイン・ソン外務大臣と電話会談を行い、国交正常化70周年に向けた協力を確認した。');
    expect(m!.date).toBe('2024-10-22');
  });

  it('id and en: a meeting "during the visit" takes the month of the trip an earlier sentence dates, never its day', () => {
    const id = meetingsOf('Pada 4 Maret 2019, Menteri Luar Negeri Pham Binh Minh bertemu dengan Menteri Luar Negeri Kono Taro di Tokyo. Selama berada di Jepang, Menteri Pham Binh Minh juga bertemu dengan Perdana Menteri Abe Shinzo.');
    expect(id.map(brief).sort((a, b) => a.people[0]!.localeCompare(b.people[0]!))).toEqual([
      { date: '2019-03', people: ['Abe Shinzo', 'Pham Binh Minh'] },
      { date: '2019-03-04', people: ['Kono Taro', 'Pham Binh Minh'] },
    ]);
    const en = meetingsOf('On 4 March 2019 Foreign Minister Pham Binh Minh held talks with Foreign Minister Kono Taro in Tokyo. During his visit, Minister Pham Binh Minh also called on Prime Minister Abe Shinzo.');
    expect(en.find((m) => m.participants.some((p) => p.name === 'Abe Shinzo'))?.date).toBe('2019-03');
  });

  it('en: a date next to an announced event is not the date of the talks', () => {
    const [m] = meetingsOf('President Tran Dai Quang held talks with Prime Minister Abe Shinzo, who said Japan will host the Mekong summit in October.');
    expect(m!.date === null || !m!.date.endsWith('-10')).toBe(true);
  });
});

describe('merging reports across articles (class 2)', () => {
  const two = (a: string, b: string) => extractKnowledge([doc('a.txt', `A\n\n${a}`), doc('b.txt', `B\n\n${b}`)]).meetings;

  it('never merges a phone call with an in-person meeting of the same two people', () => {
    const meetings = two(
      'Foreign Minister Bui Thanh Son held a phone call with Foreign Minister Iwaya Takeshi on 22 October 2024.',
      'Foreign Minister Bui Thanh Son held talks with Foreign Minister Iwaya Takeshi in Tokyo.',
    );
    expect(meetings.map((m) => m.kind).sort()).toEqual(['call', 'talks']);
  });

  it('keeps apart a yearless "9 March" and a meeting of 27 April', () => {
    const meetings = two(
      'Deputy Foreign Minister Bui Thanh Son met Governor Sato Kenji on 9 March.',
      'Deputy Foreign Minister Bui Thanh Son met Governor Sato Kenji on 27 April 2021.',
    );
    expect(meetings).toHaveLength(2);
  });

  it('joins an undated report to a dated one only when the city agrees, and says why', () => {
    const dated = 'Prime Minister Pham Minh Chinh held talks with Prime Minister Ishiba Shigeru in Hanoi on 28 April 2025.';
    const merged = two(dated, 'Prime Minister Pham Minh Chinh held talks with Prime Minister Ishiba Shigeru in Hanoi.');
    expect(merged).toHaveLength(1);
    expect(merged[0]!.reports.map((r) => r.merged)).toEqual([undefined, 'same participants in Hanoi']);
    const apart = two(dated, 'Prime Minister Pham Minh Chinh held talks with Prime Minister Ishiba Shigeru.');
    expect(apart.map((m) => m.date).sort()).toEqual(['2025-04-28', null]);
  });
});

describe('counterparts named by title, list and name shape (class 3)', () => {
  it('es: an appositive name after a long title phrase', () => {
    const [m] = meetingsOf('El vicecanciller de Vietnam, Bui Thanh Son, se reunió con el viceministro parlamentario de Asuntos Exteriores de Japón, Iwao Horii, en Tokio.');
    expect(m!.participants.map((p) => [p.name, p.country])).toEqual([['Bui Thanh Son', 'VN'], ['Iwao Horii', 'JP']]);
  });

  it('fr: two counterparts each named before their title are two meetings', () => {
    const meetings = meetingsOf('Le Premier ministre Pham Minh Chinh a reçu à Tokyo Tanaka Hiroshi, gouverneur de la préfecture de Miyagi, et Suzuki Ichiro, maire de Sendai.');
    expect(meetings.map((m) => m.participants.map((p) => p.name).sort()).sort()).toEqual([
      ['Pham Minh Chinh', 'Suzuki Ichiro'], ['Pham Minh Chinh', 'Tanaka Hiroshi'],
    ]);
  });

  it('de: a name after a courtesy word, with its side from its shape', () => {
    const [m] = meetingsOf('Premierminister Pham Minh Chinh empfing Herrn Yamada Taro und eine Delegation aus Osaka in Hanoi.');
    expect(m!.participants.map((p) => [p.name, p.country])).toEqual([['Pham Minh Chinh', 'VN'], ['Yamada Taro', 'JP']]);
  });

  it('ja: counterparts joined by "や" and "、" are separate meetings', () => {
    const meetings = meetingsOf('ファム・ミン・チン首相は東京で岸田文雄首相や大島理森衆院議長と相次いで会談した。');
    expect(meetings.map((m) => m.participants.map((p) => p.name).sort()).sort()).toEqual([
      ['Kishida Fumio', 'Pham Minh Chinh'], ['Oshima Tadamori', 'Pham Minh Chinh'],
    ]);
  });

  it('ru: a visitor who meets one counterpart and holds talks with another (a cue per item)', () => {
    const meetings = meetingsOf('В Токио премьер-министр Фам Минь Тинь встретился с премьер-министром Исибой Сигэру, провел переговоры с губернатором Токио Коикэ Юрико.');
    expect(meetings.length).toBe(2);
  });

  it('ru and en: a name after a long title complement with no comma (an institution word, an acronym in brackets)', () => {
    const ru = findPeople('Министр встретился с вице-президентом Сената Ямадой Таро и с вице-президентом Японского агентства (JICA) Сато Кэндзи.', 'ru', createPeopleContext());
    expect(ru.map((p) => p.country)).toEqual(['JP', 'JP']);
    const en = findPeople('He met the vice president of the Japanese cooperation agency (JICA) Sato Kenji.', 'en', createPeopleContext());
    expect(en.map((p) => [p.name, p.country])).toEqual([['Sato Kenji', 'JP']]);
  });

  it('vi: "ông" + a Japanese-shaped name, with the title after it', () => {
    const [m] = meetingsOf('Thủ tướng Phạm Minh Chính tiếp ông Sato Kenji, Thống đốc tỉnh Chiba, tại Hà Nội.');
    expect(m!.participants.map((p) => [p.name, p.country])).toEqual([['Pham Minh Chinh', 'VN'], ['Sato Kenji', 'JP']]);
  });

  it('th: a Japanese name in either order, a Vietnamese name by its shape, and no name made of "at … on the day"', () => {
    const [m] = meetingsOf('นายกรัฐมนตรีฝ่าม มิญ ชิ้ญ ของเวียดนามได้พบหารือกับนายอิชิบะ ชิเงรุ นายกรัฐมนตรีญี่ปุ่น ที่กรุงฮานอย เมื่อวันที่ 28 เมษายน 2568 ทั้งสองฝ่ายหารือความร่วมมือด้านพลังงาน');
    expect(m!.participants.map((p) => p.country)).toEqual(['VN', 'JP']);
    expect(m!.participants[1]!.name).toBe('Ishiba Shigeru');
    expect(m!.date).toBe('2025-04-28');
  });

  it.each([
    ['en', 'Prime Minister Pham Minh Chinh spoke in Hanoi about trade with Japan. Later, Governor Sato Kenji of Chiba was received by the Vietnamese Prime Minister.'],
    ['fr', 'Le Premier ministre Pham Minh Chinh a parlé lundi de la coopération avec le Japon. Le gouverneur Sato Kenji a été reçu par le Premier ministre vietnamien.'],
    ['it', 'Il primo ministro vietnamita Pham Minh Chinh ha parlato della cooperazione con il Giappone. Durante il ricevimento per il governatore Sato Kenji il premier vietnamita ha ringraziato il Giappone.'],
    ['de', 'Premierminister Pham Minh Chinh sprach über die Zusammenarbeit mit Japan. Gouverneur Sato Kenji wurde vom vietnamesischen Premierminister empfangen.'],
    ['es', 'El primer ministro Pham Minh Chinh habló de la cooperación con Japón. El gobernador Sato Kenji fue recibido por el primer ministro vietnamita.'],
  ])('%s: an office of the other side named without a name is the one person the article named with it', (_lang, text) => {
    const meetings = meetingsOf(text);
    expect(meetings.map((m) => m.participants.map((p) => p.name).sort())).toEqual([['Pham Minh Chinh', 'Sato Kenji']]);
  });

  it('en: an office without a name stays nobody when the article names two holders of it', () => {
    const meetings = meetingsOf('Prime Minister Pham Minh Chinh and former Prime Minister Nguyen Xuan Phuc spoke about Japan. Prime Minister Nguyen Tan Dung also spoke. Governor Sato Kenji was received by the Vietnamese Prime Minister.');
    expect(meetings).toEqual([]);
  });

  it('pt: a military rank introduces a Vietnamese co-chair', () => {
    const people = findPeople('A delegação foi chefiada pelo Tenente-General Tran Van Minh, vice-ministro da Defesa.', 'pt', createPeopleContext());
    expect(people.map((p) => [p.name, p.country])).toEqual([['Tran Van Minh', 'VN']]);
  });
});

describe('no person made of other words (class 4)', () => {
  const people = (text: string, lang: string) => findPeople(text, lang, createPeopleContext()).map((p) => p.name);

  it('id: a committee after a title is not a name', () => {
    expect(people('Ketua Komisi Hubungan Luar Negeri dari Majelis Tinggi Jepang hadir.', 'id')).toEqual([]);
  });

  it('pt: "Comitê Central Permanente" after a title is not a name', () => {
    expect(people('O vice-ministro, membro do Comitê Central Permanente, falou.', 'pt')).toEqual([]);
  });

  it('ru: "Сената" is not part of a name', () => {
    expect(people('Министр встретился с вице-президентом Сената.', 'ru')).toEqual([]);
  });

  it('en: a courtesy word before a capitalised phrase that is no name of either side makes no person', () => {
    expect(people('The Trade Representative thanked Mr Chairman and Mr Secretary.', 'en')).toEqual([]);
  });

  it('ko: a noun with its particle or a verb after a title is no person; the particle is not part of a name', () => {
    expect(people('베트남 부총리 겸 외교장관인 부이 타인 선은 도쿄에서 일본 외무상과 회담했다.', 'ko')).toEqual(['Bui Thanh Son']);
  });

  it('es: a title before a common capitalised noun makes no person', () => {
    expect(people('El presidente del Senado Nacional habló ayer.', 'es')).toEqual([]);
  });
});

describe('sideOfName', () => {
  it.each([
    ['Hoang Xuan Chien', 'pt', 'VN'], ['Nguyễn Minh Vũ', 'vi', 'VN'], ['Iwao Horii', 'es', 'JP'], ['Shiota Koichi', 'de', 'JP'],
    ['Буй Тхань Сон', 'ru', 'VN'], ['Нагахама Хироюки', 'ru', 'JP'], ['ブイ・タイン・ソン', 'ja', 'VN'], ['野田聖子', 'ja', 'JP'],
    ['阮春福', 'zh', 'VN'], ['응우옌 쑤언 푹', 'ko', 'VN'], ['فو فان ثونغ', 'ar', 'VN'],
  ])('%s (%s) → %s', (name, lang, side) => {
    expect(sideOfName(name, lang)).toBe(side);
  });

  it.each([['Enrique Manalo', 'en'], ['Joko Widodo', 'id'], ['Wang Yi', 'zh'], ['Anthony Albanese', 'en'], ['Komisi', 'id'], ['สมชาย ใจดี', 'th']])(
    'gives no side to %s (%s)', (name, lang) => {
      expect(sideOfName(name, lang)).toBeNull();
    });
});
