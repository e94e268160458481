import { describe, it, expect } from 'vitest';
import type { Document } from '../../src/corpus/types.js';
import { extractDocument, extractKnowledge } from '../../src/knowledge/extract.js';
import { STATEMENT_LANGUAGES, parseStatementLexicon } from '../../src/knowledge/statement-lexicon.js';
import { statementText } from '../../src/knowledge/statement-text.js';

function doc(lang: string, sentences: string[], id = `t-${lang}`): Document {
  return {
    id, file: `${id}.txt`, lang, title: null, outlet: null, published: '2025-10-27', source: null,
    sentences: sentences.map((text, i) => ({ index: i + 1, text, paragraph: i })), warnings: [], hash: id, bytes: 0,
  };
}

/** [act, actor] of every statement: the actor's name, else its side ('VN', 'JP', 'VN+JP'). */
function said(lang: string, ...sentences: string[]): [string, string][] {
  return (extractDocument(doc(lang, sentences)).statements ?? []).map((s) => [s.act, s.actor.name ?? s.actor.country ?? '?']);
}

/** [language, sentence, act, actor] — sentences written for these tests, five or more languages per act. */
const CASES: [string, string, string, string][] = [
  // agreed
  ['en', 'The two sides agreed to expand cooperation in energy.', 'agreed', 'VN+JP'],
  ['de', 'Beide Seiten vereinbarten eine engere Zusammenarbeit bei der Energie.', 'agreed', 'VN+JP'],
  ['fr', 'Les deux parties ont convenu de renforcer la coopération énergétique.', 'agreed', 'VN+JP'],
  ['ru', 'Обе стороны договорились расширить сотрудничество в энергетике.', 'agreed', 'VN+JP'],
  ['vi', 'Hai bên nhất trí tăng cường hợp tác năng lượng.', 'agreed', 'VN+JP'],
  ['ja', '両首脳はエネルギー分野での協力拡大で合意した。', 'agreed', 'VN+JP'],
  ['id', 'Vietnam dan Jepang sepakat memperluas kerja sama energi.', 'agreed', 'VN+JP'],
  // proposed
  ['en', 'Prime Minister Pham Minh Chinh proposed that Japan open its market to Vietnamese fruit.', 'proposed', 'Pham Minh Chinh'],
  ['de', 'Premierminister Pham Minh Chinh schlug vor, die Flugverbindungen auszubauen.', 'proposed', 'Pham Minh Chinh'],
  ['fr', 'Le Premier ministre Pham Minh Chinh a proposé que le Japon ouvre son marché aux fruits vietnamiens.', 'proposed', 'Pham Minh Chinh'],
  ['ru', 'Премьер-министр Фам Минь Чинь предложил Японии открыть рынок для вьетнамских фруктов.', 'proposed', 'Pham Minh Chinh'],
  ['vi', 'Thủ tướng Phạm Minh Chính đề nghị Nhật Bản mở cửa thị trường cho trái cây Việt Nam.', 'proposed', 'Pham Minh Chinh'],
  ['es', 'El primer ministro Pham Minh Chinh propuso que Japón abra su mercado a la fruta vietnamita.', 'proposed', 'Pham Minh Chinh'],
  // pledged
  ['en', 'Prime Minister Ishiba Shigeru said Japan was ready to support Vietnam in building its railway.', 'pledged', 'Ishiba Shigeru'],
  ['de', 'Ishiba Shigeru versprach Unterstützung beim Bau der Eisenbahn.', 'pledged', 'Ishiba Shigeru'],
  ['fr', 'Ishiba Shigeru a déclaré que le Japon est prêt à soutenir le chemin de fer.', 'pledged', 'Ishiba Shigeru'],
  ['ru', 'Исиба Сигэру заявил, что Япония готова поддержать строительство железной дороги.', 'pledged', 'Ishiba Shigeru'],
  ['id', 'Ishiba Shigeru berjanji mendukung pembangunan kereta api.', 'pledged', 'Ishiba Shigeru'],
  ['ja', '石破茂首相は鉄道建設を支援する用意があると述べた。', 'pledged', 'Ishiba Shigeru'],
  // welcomed
  ['en', 'Takaichi Sanae welcomed the progress of the metro line.', 'welcomed', 'Takaichi Sanae'],
  ['de', 'Takaichi Sanae begrüßte die Fortschritte der U-Bahn-Linie.', 'welcomed', 'Takaichi Sanae'],
  ['fr', 'Takaichi Sanae a salué les progrès de la ligne de métro.', 'welcomed', 'Takaichi Sanae'],
  ['vi', 'Thủ tướng Takaichi Sanae đánh giá cao tiến độ tuyến metro.', 'welcomed', 'Takaichi Sanae'],
  ['zh', '高市早苗首相欢迎地铁线路取得的进展。', 'welcomed', 'Takaichi Sanae'],
  ['ko', '다카이치 사나에 총리는 지하철 노선의 진전을 환영했다.', 'welcomed', 'Takaichi Sanae'],
  // called-for
  ['en', 'Luong Cuong urged Japan to train more engineers.', 'called-for', 'Luong Cuong'],
  ['de', 'Luong Cuong forderte Japan auf, mehr Ingenieure auszubilden.', 'called-for', 'Luong Cuong'],
  ['ru', 'Лыонг Кыонг призвал Японию готовить больше инженеров.', 'called-for', 'Luong Cuong'],
  ['fr', 'Luong Cuong a appelé le Japon à former davantage d’ingénieurs.', 'called-for', 'Luong Cuong'],
  ['id', 'Luong Cuong mendesak Jepang melatih lebih banyak insinyur.', 'called-for', 'Luong Cuong'],
  ['vi', 'Chủ tịch nước Lương Cường kêu gọi Nhật Bản đào tạo thêm kỹ sư.', 'called-for', 'Luong Cuong'],
  // affirmed
  ['en', 'Ishiba Shigeru stressed that Vietnam remains a key partner.', 'affirmed', 'Ishiba Shigeru'],
  ['de', 'Ishiba Shigeru betonte, dass Vietnam ein wichtiger Partner bleibt.', 'affirmed', 'Ishiba Shigeru'],
  ['ru', 'Исиба Сигэру подчеркнул, что Вьетнам остается ключевым партнером.', 'affirmed', 'Ishiba Shigeru'],
  ['vi', 'Thủ tướng Ishiba Shigeru khẳng định Việt Nam là đối tác quan trọng.', 'affirmed', 'Ishiba Shigeru'],
  ['ja', '石破茂首相はベトナムが重要なパートナーだと強調した。', 'affirmed', 'Ishiba Shigeru'],
  ['es', 'Ishiba Shigeru subrayó que Vietnam es un socio clave.', 'affirmed', 'Ishiba Shigeru'],
  ['pt', 'Os dois países concordaram em reforçar a cooperação em semicondutores.', 'agreed', 'VN+JP'],
  ['it', 'Le due parti hanno concordato di rafforzare la cooperazione nei semiconduttori.', 'agreed', 'VN+JP'],
  // signed
  ['en', 'JICA signed a loan agreement with Vietnam for the new bridge.', 'signed', 'JP'],
  ['de', 'Japan unterzeichnete mit Vietnam ein Abkommen über die neue Brücke.', 'signed', 'JP'],
  ['fr', 'Le Japon a signé avec le Vietnam un accord sur le nouveau pont.', 'signed', 'JP'],
  ['ru', 'Япония подписала с Вьетнамом соглашение о новом мосте.', 'signed', 'JP'],
  ['id', 'Jepang menandatangani perjanjian dengan Vietnam untuk jembatan baru.', 'signed', 'JP'],
  // announced
  ['en', 'Japan announced a new scholarship for Vietnamese engineers.', 'announced', 'JP'],
  ['de', 'Japan kündigte ein neues Stipendium für vietnamesische Ingenieure an.', 'announced', 'JP'],
  ['fr', 'Le Japon a annoncé une nouvelle bourse pour les ingénieurs vietnamiens.', 'announced', 'JP'],
  ['es', 'Japón anunció una nueva beca para ingenieros vietnamitas.', 'announced', 'JP'],
  ['zh', '日本宣布为越南工程师设立新的奖学金。', 'announced', 'JP'],
  // thanked
  ['en', 'Pham Minh Chinh thanked Japan for its support after the storm.', 'thanked', 'Pham Minh Chinh'],
  ['de', 'Pham Minh Chinh dankte Japan für die Hilfe nach dem Sturm.', 'thanked', 'Pham Minh Chinh'],
  ['ru', 'Фам Минь Чинь поблагодарил Японию за помощь после шторма.', 'thanked', 'Pham Minh Chinh'],
  ['vi', 'Thủ tướng Phạm Minh Chính cảm ơn Nhật Bản đã hỗ trợ sau cơn bão.', 'thanked', 'Pham Minh Chinh'],
  ['id', 'Pham Minh Chinh berterima kasih kepada Jepang atas bantuan setelah badai.', 'thanked', 'Pham Minh Chinh'],
  // invited
  ['en', 'To Lam invited Takaichi Sanae to visit Vietnam next year.', 'invited', 'To Lam'],
  ['de', 'To Lam lud Takaichi Sanae zu einem Besuch in Vietnam ein.', 'invited', 'To Lam'],
  ['fr', 'To Lam a invité Takaichi Sanae à se rendre au Vietnam.', 'invited', 'To Lam'],
  ['ru', 'То Лам пригласил Такаити Санаэ посетить Вьетнам.', 'invited', 'To Lam'],
  ['es', 'To Lam invitó a Takaichi Sanae a visitar Vietnam.', 'invited', 'To Lam'],
  ['pt', 'To Lam convidou Takaichi Sanae a visitar o Vietname.', 'invited', 'To Lam'],
  ['it', 'To Lam ha invitato Takaichi Sanae a visitare il Vietnam.', 'invited', 'To Lam'],
  // congratulated
  ['en', 'Pham Minh Chinh congratulated Takaichi Sanae on her election.', 'congratulated', 'Pham Minh Chinh'],
  ['de', 'Pham Minh Chinh gratulierte Takaichi Sanae zu ihrer Wahl.', 'congratulated', 'Pham Minh Chinh'],
  ['fr', 'Pham Minh Chinh a félicité Takaichi Sanae pour son élection.', 'congratulated', 'Pham Minh Chinh'],
  ['vi', 'Thủ tướng Phạm Minh Chính chúc mừng Takaichi Sanae.', 'congratulated', 'Pham Minh Chinh'],
  ['id', 'Pham Minh Chinh mengucapkan selamat kepada Takaichi Sanae atas terpilihnya.', 'congratulated', 'Pham Minh Chinh'],
  // condoled
  ['en', 'Ishiba Shigeru offered his condolences to the families of the flood victims.', 'condoled', 'Ishiba Shigeru'],
  ['de', 'Ishiba Shigeru sprach den Familien der Flutopfer sein Beileid aus.', 'condoled', 'Ishiba Shigeru'],
  ['fr', 'Ishiba Shigeru a présenté ses condoléances aux familles des victimes.', 'condoled', 'Ishiba Shigeru'],
  ['ru', 'Исиба Сигэру выразил соболезнования семьям погибших.', 'condoled', 'Ishiba Shigeru'],
  ['ja', '石破茂首相は洪水の犠牲者に哀悼の意を表した。', 'condoled', 'Ishiba Shigeru'],
];

describe('documentStatements', () => {
  it.each(CASES)('[%s] %s → %s by %s', (lang, sentence, act, actor) => {
    expect(said(lang, sentence)).toEqual([[act, actor]]);
  });

  it('gives each act of a sentence with two verbs, and one joint act for two named leaders', () => {
    expect(said('fr', 'Le Premier ministre Pham Minh Chinh a hautement apprécié et suggéré que les deux ministères coopèrent.'))
      .toEqual([['welcomed', 'Pham Minh Chinh'], ['proposed', 'Pham Minh Chinh']]);
    expect(said('en', 'Ishiba Shigeru and Luong Cuong agreed to hold annual summits.')).toEqual([['agreed', 'VN+JP']]);
  });

  it('takes the act of a saying from what is said: a pledge, a proposal or a position', () => {
    expect(said('de', 'Takaichi Sanae antwortete, dass Japan bereit sei, die Partnerschaft zu vertiefen.')).toEqual([['pledged', 'Takaichi Sanae']]);
    expect(said('id', 'Menteri Luar Negeri Bui Thanh Son mengatakan kedua negara perlu memperkuat konektivitas.')).toEqual([['proposed', 'Bui Thanh Son']]);
    expect(said('en', 'Bui Thanh Son said relations would develop strongly in the coming years.')).toEqual([['affirmed', 'Bui Thanh Son']]);
  });

  it('resolves a pronoun or a bare title to the actor named before (continuation)', () => {
    expect(said('ru', 'Президент Лыонг Кыонг встретился с премьер-министром Японии.', 'Он призвал Японию поддержать подготовку кадров.'))
      .toEqual([['called-for', 'Luong Cuong']]);
    expect(said('fr', 'Le Premier ministre Pham Minh Chinh a reçu le ministre japonais.', 'Le Premier ministre a remercié le Japon pour son aide.'))
      .toEqual([['thanked', 'Pham Minh Chinh']]);
  });

  it('does not take hopes, discussions, narrated plans or embedded acts for statements (near misses)', () => {
    expect(said('en', 'Pham Minh Chinh expressed the hope that Japan would encourage vocational training.')).toEqual([]);
    expect(said('de', 'Die beiden Länder diskutierten die Lage in der Region.')).toEqual([]);
    expect(said('id', 'Jepang akan terus mendukung Vietnam dalam industrialisasi.')).toEqual([]);
    expect(said('de', 'Botschafter Ito Naoki erklärte, dass Japan und Vietnam 2020 ein Abkommen unterzeichnet haben.'))
      .toEqual([['affirmed', 'Ito Naoki']]);
    expect(said('en', 'Japan is the largest ODA provider to Vietnam.')).toEqual([]);
  });

  it('never takes the one thanked for the actor when the subject is a title nobody was named by', () => {
    expect(said('ru', 'Министр иностранных дел Иван Петров поблагодарил японских лидеров в связи с кончиной Генерального секретаря Нгуен Фу Чонга.')).toEqual([]);
    expect(said('id', 'Dua pihak juga sepakat memperkuat koordinasi di forum regional.')).toEqual([['agreed', 'VN+JP']]);
  });

  it('gives nothing in a language without a lexicon', () => {
    expect(said('sw', 'Pham Minh Chinh alikubaliana na Japan.')).toEqual([]);
  });

  it('names the addressee of an invitation and of thanks', () => {
    const [invite] = extractDocument(doc('de', ['To Lam lud Takaichi Sanae zu einem Besuch in Vietnam ein.'])).statements ?? [];
    expect(invite?.addressee).toEqual({ name: 'Takaichi Sanae', country: 'JP' });
    const [thanks] = extractDocument(doc('en', ['Pham Minh Chinh thanked Japan for its support.'])).statements ?? [];
    expect(thanks?.addressee).toEqual({ name: null, country: 'JP' });
  });

  it('has a well-formed lexicon for fifteen languages', () => {
    expect(STATEMENT_LANGUAGES).toEqual(['ar', 'de', 'en', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pt', 'ru', 'th', 'tl', 'vi', 'zh']);
    expect(() => parseStatementLexicon('xx', { acts: { 'hoped': [] } } as never)).toThrow('statements/xx.json: unknown act "hoped"');
  });
});

describe('statementText', () => {
  it('renders an English sentence from the act, actor, addressee and areas', () => {
    expect(statementText({
      actor: { name: 'Pham Minh Chinh', country: 'VN', personId: 'pham-minh-chinh', role: null }, act: 'called-for',
      addressee: { name: null, country: 'JP' }, areas: ['semiconductors', 'science-innovation'],
    })).toBe('Pham Minh Chinh called on Japan to cooperate on semiconductors and science & innovation.');
    expect(statementText({ actor: { name: null, country: 'VN+JP', personId: null, role: null }, act: 'agreed', addressee: null, areas: ['oda-finance'] }))
      .toBe('Vietnam and Japan agreed to cooperate on ODA & finance.');
  });
});

describe('knowledge statements', () => {
  it('links a statement to the merged meeting its sentence reports on', () => {
    const k = extractKnowledge([doc('en', [
      'On 16 November 2024 in Lima, President Luong Cuong met Prime Minister Ishiba Shigeru on the sidelines of APEC.',
      'Luong Cuong proposed that both sides strengthen defence cooperation.',
    ], 'lima')]);
    expect(k.meetings).toHaveLength(1);
    expect(k.statements?.map((s) => [s.act, s.actor.name, s.meeting])).toEqual([['proposed', 'Luong Cuong', k.meetings[0]!.id]]);
  });
});

describe('statements in verb-first and Thai sentences', () => {
  it('tl: the two sides after the verb agree; the actor before "sa Japan" thanks', () => {
    expect(said('tl', 'Nagkasundo ang dalawang panig na palakasin ang kooperasyon sa enerhiya.', 'Nagpasalamat si Punong Ministro Pham Minh Chinh sa Japan sa tulong nito.'))
      .toEqual([['agreed', 'VN+JP'], ['thanked', 'Pham Minh Chinh']]);
  });

  it('ar: a verb carrying the conjunction "و" before the two sides', () => {
    expect(said('ar', 'واتفق الجانبان على تعزيز التعاون في مجال الطاقة.', 'وشكر رئيس الوزراء فام مينه تشينه اليابان على دعمها.'))
      .toEqual([['agreed', 'VN+JP'], ['thanked', 'Pham Minh Chinh']]);
  });

  it('th: both sides agree, written without spaces between words', () => {
    expect(said('th', 'ทั้งสองฝ่ายเห็นพ้องที่จะเพิ่มความร่วมมือด้านพลังงาน')).toEqual([['agreed', 'VN+JP']]);
  });

  it('ar: a hope is no statement', () => {
    expect(said('ar', 'وأعرب رئيس الوزراء فام مينه تشينه عن أمله في تعزيز التعاون.')).toEqual([]);
  });
});
