import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import { parseDocument } from '../../src/corpus/documents.js';
import type { Document } from '../../src/corpus/types.js';
import { extractDocument, extractKnowledge } from '../../src/knowledge/extract.js';
import { assembleKnowledge } from '../../src/knowledge/assembler.js';
import { yearFromTerms } from '../../src/knowledge/meeting-years.js';
import type { Knowledge, Meeting } from '../../src/knowledge/types.js';

function doc(file: string, text: string): Document {
  const parsed = parseDocument(file, new TextEncoder().encode(text));
  if (!('document' in parsed)) throw new Error(parsed.warning.reason);
  return parsed.document;
}

const names = (m: Meeting) => m.participants.map((p) => p.name).sort();
const withPeople = (k: Knowledge, ...people: string[]) =>
  k.meetings.filter((m) => people.every((p) => m.participants.some((x) => x.name === p)));

describe('extractKnowledge on the seed corpus', () => {
  let knowledge: Knowledge;
  beforeAll(async () => {
    const { documents } = await loadCorpusDir('seeds');
    knowledge = extractKnowledge(documents);
  });

  it('finds the APEC 2024 meeting in Lima from the Russian report, with its date from "Утром 16 ноября … АТЭС-2024"', () => {
    const [lima] = withPeople(knowledge, 'Luong Cuong', 'Ishiba Shigeru');
    expect(lima).toMatchObject({
      date: '2024-11-16', place: 'Lima', country: 'Peru', occasion: 'APEC 2024', kind: 'sidelines',
    });
    expect(lima!.participants).toEqual([
      { name: 'Luong Cuong', role: 'President', country: 'VN', personId: 'luong-cuong' },
      { name: 'Ishiba Shigeru', role: 'Prime Minister', country: 'JP', personId: 'ishiba-shigeru' },
    ]);
    expect(lima!.sources[0]).toMatchObject({ document: '002_460abb11f1e7dc2e', lang: 'ru' });
    expect(lima!.sources[0]!.text).toContain('Утром 16 ноября');
    expect(lima!.areas).toEqual(expect.arrayContaining(['defense-security', 'digital', 'semiconductors', 'multilateral']));
  });

  it('fixes the year of the Tokyo talks from the terms of office (Vo Van Thuong 2023–2024, Kishida 2021–2024)', () => {
    const tokyo = withPeople(knowledge, 'Vo Van Thuong', 'Kishida Fumio');
    expect(tokyo).toHaveLength(1);
    expect(tokyo[0]).toMatchObject({ date: '2023-11-27', place: 'Tokyo', country: 'Japan' });
    // The state visit (27–30 November) is the frame of those talks, not a second meeting.
    expect(withPeople(knowledge, 'Vo Van Thuong')).toHaveLength(1);
  });

  it('merges the ASEAN meeting reported in two German articles into one meeting with both sources', () => {
    const asean = withPeople(knowledge, 'Takaichi Sanae', 'Pham Minh Chinh').filter((m) => m.occasion?.startsWith('ASEAN'));
    expect(asean).toHaveLength(1);
    expect(asean[0]).toMatchObject({ place: 'Kuala Lumpur', country: 'Malaysia', date: '2025' });
    expect(asean[0]!.reports.map((r) => r.document).sort()).toEqual(['000_6c8d8428f9bc3ae4', '001_597852ecc2bc7647']);
    // The undated report keeps its own (null) date; the merged meeting takes the year the other source gives.
    expect(asean[0]!.reports.find((r) => r.document === '000_6c8d8428f9bc3ae4')?.date).toBeNull();
  });

  it('splits one sentence listing three summits into three meetings', () => {
    const takaichi = withPeople(knowledge, 'Takaichi Sanae').map((m) => m.occasion).sort();
    expect(takaichi).toEqual(['APEC 2025', 'ASEAN Summit 2025', 'G20 Summit 2025']);
  });

  it('resolves "im vergangenen Dezember" in a 2025-11-30 article to 2024-12 and "im April" to 2025-04', () => {
    expect(withPeople(knowledge, 'Tran Thanh Man')[0]).toMatchObject({ date: '2024-12', kind: 'visit', country: 'Japan' });
    expect(withPeople(knowledge, 'Ishiba Shigeru').find((m) => m.kind === 'visit')).toMatchObject({ date: '2025-04', country: 'Vietnam' });
  });

  it('keeps the announced "2+2" meeting in Tokyo in December as a plan, never a meeting', () => {
    const plan = knowledge.plans.find((p) => p.place === 'Tokyo');
    expect(plan).toMatchObject({ date: '2025-12', kind: 'meeting', country: 'Japan' });
    expect(knowledge.meetings.some((m) => m.sources.some((s) => s.text.includes('„2+2“')))).toBe(false);
  });

  it('reports both meetings of the French article on 6 August 2024 separately', () => {
    const kihara = withPeople(knowledge, 'Kihara Minoru').map((m) => ({ date: m.date, with: names(m) }));
    expect(kihara).toEqual([
      { date: '2024-08-06', with: ['Kihara Minoru', 'Pham Minh Chinh'] },
      { date: '2024-08-06', with: ['Kihara Minoru', 'Phan Van Giang'] },
    ]);
  });

  it('cites a real sentence for every fact', async () => {
    const { documents } = await loadCorpusDir('seeds');
    const text = new Map(documents.flatMap((d) => d.sentences.map((s) => [`${d.id}#${s.index}`, s.text])));
    const evidence = [
      ...knowledge.meetings.flatMap((m) => m.sources),
      ...knowledge.plans.flatMap((p) => p.sources),
      ...knowledge.areas.flatMap((a) => a.mentions),
      ...knowledge.figures.map((f) => f.evidence),
    ];
    expect(evidence.length).toBeGreaterThan(50);
    for (const e of evidence) expect(text.get(`${e.document}#${e.sentence}`)).toBe(e.text);
  });
});

const TEN_LANGUAGES: Record<string, string> = {
  "ar": "لقاء\n\nالتقى رئيس الوزراء الفيتنامي فام مينه تشينه برئيس الوزراء الياباني شيغيرو إيشيبا في هانوي يوم 28 أبريل 2025.",
  "es": "Reunión\n\nEl primer ministro Pham Minh Chinh se reunió con su homólogo japonés, Shigeru Ishiba, en Hanói el 28 de abril de 2025.",
  "it": "Incontro\n\nIl primo ministro vietnamita Pham Minh Chinh ha incontrato il primo ministro giapponese Shigeru Ishiba ad Hanoi il 28 aprile 2025.",
  "ja": "会談\n\n石破茂首相は2025年4月28日、ハノイでファム・ミン・チン首相と会談した。",
  "ko": "회담\n\n팜민찐 베트남 총리는 2025년 4월 28일 하노이에서 이시바 시게루 일본 총리와 회담했다.",
  "pt": "Encontro\n\nO primeiro-ministro Pham Minh Chinh reuniu-se com o primeiro-ministro japonês Shigeru Ishiba em Hanói, no dia 28 de abril de 2025.",
  "th": "การประชุม\n\nนายกรัฐมนตรีฝ่าม มิญ จิ๊ญ หารือกับนายกรัฐมนตรีอิชิบะ ชิเงรุ ของญี่ปุ่น ที่กรุงฮานอย เมื่อวันที่ 28 เมษายน 2568",
  "tl": "Pulong\n\nNakipagpulong si Punong Ministro Pham Minh Chinh kay Punong Ministro Shigeru Ishiba ng Japan sa Hanoi noong Abril 28, 2025.",
  "vi": "Hội đàm\n\nNgày 28/4/2025, tại Hà Nội, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Nhật Bản Ishiba Shigeru.",
  "zh": "会谈\n\n越南政府总理范明政4月28日在河内与日本首相石破茂举行会谈。2025年是两国关系重要一年。"
};

describe('meetings across documents and languages', () => {
  it('one meeting reported in ten languages and scripts is one meeting with ten reports', () => {
    const k = assembleKnowledge(Object.entries(TEN_LANGUAGES).map(([lang, text]) => extractDocument(doc(`${lang}.txt`, text))));
    expect(k.meetings).toHaveLength(1);
    expect(k.meetings[0]).toMatchObject({ date: '2025-04-28', place: 'Hanoi', country: 'Vietnam', kind: 'talks' });
    expect(names(k.meetings[0]!)).toEqual(['Ishiba Shigeru', 'Pham Minh Chinh']);
    expect(k.meetings[0]!.reports.map((r) => r.lang).sort()).toEqual(['ar', 'es', 'it', 'ja', 'ko', 'pt', 'th', 'tl', 'vi', 'zh']);
  });

  it('merges one meeting reported in English and Vietnamese, and flags the sources that disagree on the day', () => {
    const en = doc('a-en.txt', 'Prime Ministers meet\n\nOn 16 November 2024, Prime Minister Pham Minh Chinh held talks with Prime Minister Ishiba Shigeru on the sidelines of the APEC summit in Lima.');
    const vi = doc('b-vi.txt', 'Thủ tướng hội đàm\n\nNgày 17/11/2024, bên lề Hội nghị APEC tại Lima, Thủ tướng Phạm Minh Chính đã hội đàm với Thủ tướng Nhật Bản Ishiba Shigeru.');
    const k = assembleKnowledge([extractDocument(en), extractDocument(vi)]);
    expect(k.meetings).toHaveLength(1);
    expect(k.meetings[0]!.reports.map((r) => [r.document, r.lang, r.date])).toEqual([
      ['a-en', 'en', '2024-11-16'],
      ['b-vi', 'vi', '2024-11-17'],
    ]);
    expect(k.meetings[0]!.conflicts).toEqual(['date: 2024-11-16 (a-en) vs 2024-11-17 (b-vi)']);
  });

  it('does not merge the same two leaders at two different summits', () => {
    const text = 'Summits\n\nPrime Minister Takaichi Sanae met Prime Minister Pham Minh Chinh at the ASEAN Summit in Kuala Lumpur in October 2025. Prime Minister Takaichi Sanae also met Prime Minister Pham Minh Chinh at the G20 Summit in Johannesburg in November 2025.';
    const k = extractKnowledge([doc('c.txt', text)]);
    expect(k.meetings.map((m) => m.occasion).sort()).toEqual(['ASEAN Summit 2025', 'G20 Summit 2025']);
  });

  it('dates talks reported without a day by the month of the trip they took place on', () => {
    const text = 'Visit\n\nMinister Nguyen Manh Hung led a delegation to Japan from October 2-5, 2025. During Hung\'s meeting with State Minister Adachi Masashi, the two sides discussed AI.';
    const k = extractKnowledge([doc('trip.txt', text)]);
    expect(k.meetings).toHaveLength(1);
    expect(k.meetings[0]).toMatchObject({ date: '2025-10', country: 'Japan', kind: 'talks' });
  });

  it('reads a day and month without a year against a month-only page date, never after it', () => {
    const page = (body: string) => extractKnowledge([doc('page.txt', ` date 2022-05 ${body}`)]).meetings[0]?.date;
    expect(page('On 1 May, Prime Minister Pham Minh Chinh held talks with Prime Minister Kishida Fumio in Hanoi.')).toBe('2022-05-01');
    expect(page('On 24 November, Prime Minister Pham Minh Chinh held talks with Prime Minister Kishida Fumio in Tokyo.')).toBe('2021-11-24');
  });

  it('resolves "his Japanese counterpart" to the holder of the same office on that date, and nothing for a third country', () => {
    const one = (text: string) => extractKnowledge([doc('c.txt', `Talks\n\n${text}`)]).meetings.map((m) => names(m));
    expect(one('Prime Minister Pham Minh Chinh held phone talks with his Japanese counterpart on October 5, 2024.')).toEqual([['Ishiba Shigeru', 'Pham Minh Chinh']]);
    expect(one('Le 6 août 2024, le Premier ministre Pham Minh Chinh a reçu son homologue japonais à Hanoï.')).toEqual([['Kishida Fumio', 'Pham Minh Chinh']]);
    expect(one('Prime Minister Pham Minh Chinh held talks with his Chinese counterpart on 5 October 2024.')).toEqual([]);
  });

  it('keeps an invitation apart from meetings', () => {
    const k = extractKnowledge([doc('d.txt', 'Invitation\n\nPrime Minister Pham Minh Chinh invited Prime Minister Ishiba Shigeru to visit Vietnam next year.')]);
    expect(k.meetings).toEqual([]);
    expect(k.plans).toHaveLength(1);
    expect(k.plans[0]).toMatchObject({ kind: 'invitation' });
  });

  it('finds nothing, and does not fail, in a language it has no lexicon for', () => {
    const k = extractKnowledge([doc('e.txt', 'Mkutano\n\nWaziri Mkuu alikutana na mwenzake jijini Hanoi kujadili ushirikiano wa kiuchumi.')]);
    expect(k.meetings).toEqual([]);
    expect(k.documents).toHaveLength(1);
  });
});

describe('yearFromTerms', () => {
  it('gives the only year both participants held those offices on that day', () => {
    const participants = [
      { name: 'Vo Van Thuong', role: 'President', country: 'VN', personId: 'vo-van-thuong' },
      { name: 'Kishida Fumio', role: 'Prime Minister', country: 'JP', personId: 'kishida-fumio' },
    ];
    expect(yearFromTerms({ year: null, month: 11, day: 27 }, participants)).toBe(2023);
  });

  it('lets a named weekday choose among the years the terms allow ("dimanche 1er mai": 2022)', () => {
    const participants = [
      { name: 'Pham Minh Chinh', role: 'Prime Minister', country: 'VN', personId: 'pham-minh-chinh' },
      { name: 'Kishida Fumio', role: 'Prime Minister', country: 'JP', personId: 'kishida-fumio' },
    ];
    expect(yearFromTerms({ year: null, month: 5, day: 1 }, participants)).toBeNull();
    expect(yearFromTerms({ year: null, month: 5, day: 1 }, participants, [0])).toBe(2022);
  });

  it('gives null when several years fit', () => {
    const participants = [{ name: 'Kishida Fumio', role: 'Prime Minister', country: 'JP', personId: 'kishida-fumio' }];
    expect(yearFromTerms({ year: null, month: 5, day: 1 }, participants)).toBeNull();
  });
});
