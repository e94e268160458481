/**
 * A small, realistic Engine for adapter tests until the real `createEngine` is wired: the seed corpus's meetings
 * with their citations (quotes are seed text), name variants across scripts for autocomplete, and knobs to make
 * lists long, texts huge, or answers slow.
 */
import type { Citation, Engine, MeetingQuery, Suggestion, SuggestKind, View, ViewItem } from '../../src/briefing/views.js';

export interface FixtureOptions {
  /** Extra generated meetings appended to the four from the seeds (for paging). */
  extraMeetings?: number;
  /** Milliseconds every async method waits (simulates a model-backed engine). */
  delayMs?: number;
  /** Repeat every line this many times to blow past Discord's limits. */
  inflate?: number;
  /** Make `ask` throw (an internal failure). */
  failAsk?: boolean;
}

interface FixtureMeeting {
  id: string;
  date: string;
  place: string;
  occasion: string | null;
  participants: string[];
  areas: string[];
  citation: Omit<Citation, 'n'>;
}

const SEED_MEETINGS: FixtureMeeting[] = [
  {
    id: 'm-2024-11-16-lima',
    date: '2024-11-16',
    place: 'Lima, Peru',
    occasion: 'APEC 2024',
    participants: ['Luong Cuong', 'Ishiba Shigeru'],
    areas: ['politics-diplomacy', 'multilateral'],
    citation: {
      document: '002_460abb11f1e7dc2e', sentence: 1, lang: 'ru', title: 'Президент Вьетнама встретился с премьер-министром Японии',
      outlet: 'VNA (ru)', published: '2024-11-16', link: 'https://example.org/vna/ru/2024-11-16',
      quote: 'Утром 16 ноября (по местному времени) в рамках саммита АТЭС-2024 в Перу состоялась встреча президента государства Лыонг Кыонга с премьер-министром Японии Исиба Сигэру.',
    },
  },
  {
    id: 'm-2025-10-kuala-lumpur',
    date: '2025-10-26',
    place: 'Kuala Lumpur, Malaysia',
    occasion: 'ASEAN Summit',
    participants: ['Pham Minh Chinh', 'Takaichi Sanae'],
    areas: ['science-innovation', 'semiconductors', 'energy', 'digital'],
    citation: {
      document: '000_6c8d8428f9bc3ae4', sentence: 4, lang: 'de', title: 'Japan und Vietnam einigen sich darauf, strategische Partnerschaft zu vertiefen',
      outlet: 'Vietnam.vn', published: '2025-10-27', link: 'https://example.org/vietnam-vn/de/takaichi',
      quote: 'Chinh forderte japanische Zusammenarbeit in Wissenschaft, Technologie, Halbleitern und Energie.',
    },
  },
  {
    id: 'm-2024-08-06-hanoi',
    date: '2024-08-06',
    place: 'Hanoi, Vietnam',
    occasion: null,
    participants: ['Pham Minh Chinh', 'Kihara Minoru'],
    areas: ['defense-security', 'cybersecurity', 'technology-transfer'],
    citation: {
      document: '003_86fea495d9a89ce1', sentence: 2, lang: 'fr', title: 'Proposer au ministère japonais de la Défense de coopérer',
      outlet: 'Vietnam.vn', published: '2024-08-06', link: 'https://example.org/vietnam-vn/fr/kihara',
      quote: "Dans l'après-midi du 6 août, le Premier ministre Pham Minh Chinh a reçu le ministre japonais de la Défense Kihara Minoru, en visite officielle au Vietnam.",
    },
  },
  {
    id: 'm-2023-11-27-tokyo',
    date: '2023-11-27',
    place: 'Tokyo, Japan',
    occasion: 'State visit',
    participants: ['Vo Van Thuong', 'Kishida Fumio'],
    areas: ['politics-diplomacy', 'oda-finance', 'investment', 'agriculture'],
    citation: {
      document: '004_80fd675a9a6137d2', sentence: 4, lang: 'id', title: 'Vietnam dan Jepang perlu memperkuat kepercayaan politik',
      outlet: 'VnExpress (id)', published: '2023-12-01', link: 'https://example.org/vnexpress/id/thuong',
      quote: 'Presiden Vo Van Thuong dan Perdana Menteri Kishida sebelum pertemuan mereka di Tokyo pada 27 November.',
    },
  },
];

const PEOPLE: Record<string, string[]> = {
  'Ishiba Shigeru': ['Исиба Сигэру', 'Shigeru Ishiba', '石破茂', '石破'],
  'Pham Minh Chinh': ['Phạm Minh Chính', 'Фам Минь Тинь', 'ファム・ミン・チン'],
  'Luong Cuong': ['Lương Cường', 'Лыонг Кыонг'],
  'Takaichi Sanae': ['Sanae Takaichi', '高市早苗'],
  'Kihara Minoru': ['Minoru Kihara', '木原稔'],
  'Vo Van Thuong': ['Võ Văn Thưởng'],
  'Kishida Fumio': ['Fumio Kishida', '岸田文雄'],
  'Ito Naoki': ['Naoki Ito', '伊藤直樹'],
};
const COUNTRIES: Record<string, string[]> = { Vietnam: ['Việt Nam', 'Вьетнам', 'ベトナム', 'VN'], Japan: ['Nhật Bản', 'Япония', '日本', 'JP'] };
const PLACES: Record<string, string[]> = { Lima: ['Лима'], 'Kuala Lumpur': [], Hanoi: ['Hà Nội', 'ハノイ'], Tokyo: ['東京', 'Токио'] };
const AREAS: Record<string, string> = {
  'politics-diplomacy': 'Politics & diplomacy', 'defense-security': 'Defense & security', cybersecurity: 'Cybersecurity',
  semiconductors: 'Semiconductors', energy: 'Energy', digital: 'Digital transformation', 'oda-finance': 'ODA & finance',
  investment: 'Investment', agriculture: 'Agriculture', 'science-innovation': 'Science & innovation',
  'technology-transfer': 'Technology transfer', multilateral: 'Multilateral coordination',
};

/** Lowercase, without diacritics (đ → d), for prefix matching across scripts. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().trim();
}

function matches(variants: string[], prefix: string): boolean {
  const p = fold(prefix);
  if (!p) return true;
  return variants.some((v) => {
    const f = fold(v);
    return f.startsWith(p) || f.split(/[\s・·-]+/u).some((w) => w.startsWith(p));
  });
}

function generated(i: number): FixtureMeeting {
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    id: `m-gen-${i}`,
    date: `2022-${String((i % 12) + 1).padStart(2, '0')}-${day}`,
    place: 'Hanoi, Vietnam',
    occasion: `Working session ${i + 1}`,
    participants: ['Bui Thanh Son', 'Ito Naoki'],
    areas: ['politics-diplomacy'],
    citation: {
      document: `gen_${i}`, sentence: 0, lang: 'vi', title: `Phiên làm việc ${i + 1}`, outlet: 'Báo Nhân dân',
      published: `2022-01-${day}`, link: `https://example.org/nhandan/${i}`,
      quote: `Bộ trưởng Bùi Thanh Sơn tiếp Đại sứ Ito Naoki tại Hà Nội, phiên ${i + 1}.`,
    },
  };
}

export function createFixtureEngine(options: FixtureOptions = {}): Engine & { calls: Array<{ method: string; args: unknown[] }> } {
  const all = [...SEED_MEETINGS, ...Array.from({ length: options.extraMeetings ?? 0 }, (_, i) => generated(i))];
  const inflate = Math.max(1, options.inflate ?? 1);
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const wait = async (method: string, args: unknown[]): Promise<void> => {
    calls.push({ method, args });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
  };
  const grow = (lines: string[]): string[] => (inflate === 1 ? lines : Array.from({ length: inflate }, () => lines).flat());
  const line = (m: FixtureMeeting, n: number): string =>
    `${m.date} · ${m.place}${m.occasion ? ` (${m.occasion})` : ''}: ${m.participants.join(' and ')} met. [${n}]`;
  const citationsOf = (ms: FixtureMeeting[]): Citation[] => ms.map((m, i) => ({ ...m.citation, n: i + 1 }));

  const meetingView = (m: FixtureMeeting): View => ({
    kind: 'meeting',
    title: `${m.participants.join(' – ')}, ${m.date}`,
    intro: `${m.participants.join(' and ')} met in ${m.place}${m.occasion ? ` during ${m.occasion}` : ''}. [1]`,
    sections: [
      { heading: 'Discussed', lines: grow(m.areas.map((a) => `${AREAS[a] ?? a} [1]`)) },
    ],
    items: [],
    citations: [{ ...m.citation, n: 1 }],
    empty: null,
    footer: 'Composed from extracted facts (no model).',
  });

  const listView = (ms: FixtureMeeting[], title: string): View => ({
    kind: 'meetings',
    title,
    intro: ms.length ? `${ms.length} meetings found.` : null,
    sections: [],
    items: ms.map<ViewItem>((m, i) => ({
      id: m.id,
      label: `${m.date} · ${m.participants.join(' – ')}`,
      summary: `${m.place}${m.occasion ? `, ${m.occasion}` : ''}. [${i + 1}]`,
      detail: meetingView(m),
    })),
    citations: citationsOf(ms),
    empty: ms.length ? null : 'No meeting matches these filters.',
    footer: 'Composed from extracted facts (no model).',
  });

  const suggestFrom = (table: Record<string, string[]>, prefix: string): Suggestion[] =>
    Object.entries(table)
      .filter(([name, variants]) => matches([name, ...variants], prefix))
      .map(([name]) => ({ name, value: name }));

  return {
    calls,
    async briefing(topic, locale) {
      await wait('briefing', [topic, locale]);
      const latest = [...all].sort((a, b) => b.date.localeCompare(a.date)).slice(0, 3);
      return {
        kind: 'briefing',
        title: topic ? `Vietnam–Japan briefing: ${AREAS[topic] ?? topic}` : 'Vietnam–Japan briefing',
        intro: 'The Comprehensive Strategic Partnership (since 27 November 2023) keeps high-level exchanges frequent.',
        sections: [
          { heading: 'Latest meetings', lines: grow(latest.map((m, i) => line(m, i + 1))) },
          { heading: 'Most active areas', lines: grow(['Semiconductors [1]', 'Energy [1]', 'Defense & security [3]']) },
          { heading: 'Scheduled next', lines: grow(['Pham Minh Chinh invited Takaichi Sanae to visit Vietnam at a convenient time. [1]']) },
        ],
        items: [],
        citations: citationsOf(latest),
        empty: null,
        footer: 'Composed from extracted facts (no model).',
      };
    },
    async meetings(query: MeetingQuery, locale) {
      await wait('meetings', [query, locale]);
      const ms = all.filter((m) =>
        (query.with === undefined || m.participants.some((p) => matches([p, ...(PEOPLE[p] ?? [])], query.with ?? '')) ||
          (fold(query.with) === 'japan' || fold(query.with) === 'vietnam')) &&
        (query.year === undefined || m.date.startsWith(String(query.year))) &&
        (query.place === undefined || fold(m.place).includes(fold(query.place))));
      return listView(ms, query.with ? `Meetings with ${query.with}` : 'Vietnam–Japan meetings');
    },
    async cooperation(area, locale) {
      await wait('cooperation', [area, locale]);
      const ms = all.filter((m) => m.areas.includes(area));
      return {
        kind: 'cooperation',
        title: `Cooperation: ${AREAS[area] ?? area}`,
        intro: ms.length ? null : null,
        sections: ms.length ? [{ heading: 'What was agreed or done', lines: grow(ms.map((m, i) => line(m, i + 1))) }] : [],
        items: [],
        citations: citationsOf(ms),
        empty: ms.length ? null : `Nothing found for ${area}.`,
        footer: null,
      };
    },
    async timeline(query, locale) {
      await wait('timeline', [query, locale]);
      const ms = all
        .filter((m) => (!query.from || m.date >= query.from) && (!query.to || m.date.slice(0, query.to.length) <= query.to))
        .sort((a, b) => a.date.localeCompare(b.date));
      return { ...listView(ms, 'Vietnam–Japan timeline'), kind: 'timeline' };
    },
    async ask(question, locale) {
      await wait('ask', [question, locale]);
      if (options.failAsk) throw new Error('engine exploded: token=should-not-leak');
      const m = SEED_MEETINGS[0] as FixtureMeeting;
      return {
        kind: 'answer',
        title: question.length > 200 ? `${question.slice(0, 200)}…` : question,
        intro: grow([`President Luong Cuong met Prime Minister Ishiba Shigeru on 16 November 2024 in Lima, on the sidelines of APEC 2024. [1]`]).join(' '),
        sections: [],
        items: [],
        citations: [{ ...m.citation, n: 1 }],
        empty: null,
        footer: 'Answer composed from extracted facts (no model).',
      };
    },
    async sources(id, locale) {
      await wait('sources', [id, locale]);
      const ms = id ? all.filter((m) => m.citation.document === id) : all;
      return {
        kind: 'sources',
        title: id ? `Source ${id}` : 'Sources',
        intro: null,
        sections: [{ heading: 'Documents', lines: grow(ms.map((m, i) => `[${m.citation.lang}] ${m.citation.document} · ${m.citation.outlet} · ${m.citation.published} [${i + 1}]`)) }],
        items: [],
        citations: citationsOf(ms),
        empty: ms.length ? null : `No document ${id}.`,
        footer: null,
      };
    },
    async help(locale) {
      await wait('help', [locale]);
      return {
        kind: 'help', title: 'attache', intro: 'Briefings on Vietnam–Japan relations from multilingual news.',
        sections: [{ heading: 'Commands', lines: ['/briefing', '/meetings', '/cooperation', '/timeline', '/ask', '/sources'] }],
        items: [], citations: [], empty: null, footer: null,
      };
    },
    suggest(kind: SuggestKind, prefix: string, limit = 25): Suggestion[] {
      calls.push({ method: 'suggest', args: [kind, prefix, limit] });
      const out =
        kind === 'person' ? suggestFrom(PEOPLE, prefix)
        : kind === 'country' ? suggestFrom(COUNTRIES, prefix)
        : kind === 'with' ? [...suggestFrom(PEOPLE, prefix), ...suggestFrom(COUNTRIES, prefix)]
        : kind === 'place' ? suggestFrom(PLACES, prefix)
        : kind === 'area' ? Object.entries(AREAS).filter(([id, label]) => matches([id, label], prefix)).map(([id, label]) => ({ name: label, value: id }))
        : all.filter((m) => m.citation.document.startsWith(prefix)).map((m) => ({ name: `${m.citation.document} (${m.citation.lang})`, value: m.citation.document }));
      return out.slice(0, limit);
    },
  };
}
