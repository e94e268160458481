import { describe, it, expect } from 'vitest';
import Keyv from 'keyv';
import type { Engine, View } from '../../src/briefing/views.js';
import { createWriter, type WriterOptions } from '../../src/llm/writer.js';
import { createModelEngine, FALLBACK_NOTE } from '../../src/llm/model-engine.js';
import { buildSearchIndex } from '../../src/search/search-index.js';
import { passagesOf, type Passage } from '../../src/search/passages.js';
import { sentenceFacts } from '../../src/llm/facts.js';
import { useOpenAIServer } from '../helpers/openai-server.js';
import { seedDocuments } from '../search/seed-documents.js';

const docs = seedDocuments().map((d) => (d.id.startsWith('003') ? { ...d, source: 'https://example.org/003' } : d));
const byId = new Map(docs.map((d) => [d.id, d]));
const index = buildSearchIndex(docs);
const retrieve = (q: string) => passagesOf(index.search(q, { limit: 4 }), (id) => byId.get(id));

const view = (kind: View['kind'], title: string): View => ({
  kind, title, intro: null,
  sections: [{ heading: 'Facts', lines: ['Kihara Minoru visited Vietnam on 2024-08-06 [1]'] }],
  items: [],
  citations: [{ n: 1, document: '003_86fea495d9a89ce1', sentence: 4, quote: 'Dans l’après-midi du 6 août …', lang: 'fr', title: null, outlet: null, published: null, link: null }],
  empty: null, footer: 'from extracted facts',
});
const base: Engine = {
  briefing: async () => view('briefing', 'Briefing'),
  meetings: async () => view('meetings', 'Meetings'),
  cooperation: async () => view('cooperation', 'Cooperation'),
  timeline: async () => view('timeline', 'Timeline'),
  ask: async (q) => view('answer', q),
  sources: async () => view('sources', 'Sources'),
  help: async () => view('help', 'Help'),
  suggest: () => [{ name: 'Kihara Minoru', value: 'kihara-minoru' }],
};

const local = useOpenAIServer((url): WriterOptions => ({ apiKey: 'k', baseUrl: url, model: 'test-model', timeoutMs: 2000, maxTokens: 300, store: new Keyv(), maxRetries: 0 }));

describe('createModelEngine', () => {
  it('answers from retrieved passages with citations renumbered in order of use', async () => {
    const passages = retrieve('defense minister Kihara');
    expect(passages.length).toBeGreaterThanOrEqual(2);
    local.server.reply({ kind: 'chat', content: `The Prime Minister thanked Japan for its support to Vietnam's defence ministry [2]. Vietnam proposed defence cooperation on technology transfer and cybersecurity [1].` });
    const engine = createModelEngine(base, createWriter(local.options), retrieve, { lookup: (id) => byId.get(id) });
    const answer = await engine.ask('defense minister Kihara', 'en-US');
    expect(answer).toMatchObject({
      kind: 'answer',
      title: 'defense minister Kihara',
      sections: [{ heading: '', lines: [`The Prime Minister thanked Japan for its support to Vietnam's defence ministry [1]. Vietnam proposed defence cooperation on technology transfer and cybersecurity [2].`] }],
      footer: 'written by test-model from 2 cited source sentences',
    });
    expect(answer.citations.map((c) => [c.n, c.document, c.sentence, c.quote])).toEqual([
      [1, passages[1]!.document, passages[1]!.sentence, passages[1]!.text],
      [2, passages[0]!.document, passages[0]!.sentence, passages[0]!.text],
    ]);
    expect(answer.citations[0]!.link).toBe('https://example.org/003');
  });

  it('returns the deterministic answer with a one-line note when the model fails', async () => {
    local.server.reply({ kind: 'status', status: 500 });
    const engine = createModelEngine(base, createWriter(local.options), retrieve);
    const answer = await engine.ask('defense minister Kihara');
    expect(answer).toEqual({ ...view('answer', 'defense minister Kihara'), footer: `from extracted facts · ${FALLBACK_NOTE} (model server error)` });
  });

  it('rewrites briefing views and falls back per view', async () => {
    local.server.reply({ kind: 'chat', content: 'Thăm Việt Nam\n- Bộ trưởng Kihara Minoru thăm Việt Nam ngày 6/8/2024 [1].' }, { kind: 'raw', status: 200, body: 'not json' });
    const engine = createModelEngine(base, createWriter(local.options), retrieve);
    expect(await engine.briefing(undefined, 'vi')).toMatchObject({
      sections: [{ heading: 'Thăm Việt Nam', lines: ['Bộ trưởng Kihara Minoru thăm Việt Nam ngày 6/8/2024 [1].'] }],
      // The model's notes are in the reader's language (the stub engine's own footer stays as it wrote it).
      footer: 'from extracted facts · do test-model viết',
    });
    expect((await engine.timeline({}, 'vi')).footer).toBe('from extracted facts · mô hình không khả dụng: trả lời từ dữ kiện đã trích xuất (không đọc được phản hồi của mô hình)');
  });

  it('lets an answer state what the extractor resolved for its cited sentence (sentenceFacts), and only that', async () => {
    const lima: Passage = { n: 1, document: 'lima', sentence: 2, lang: 'ru', outlet: null, published: null, text: 'Утром 16 ноября в Лиме состоялась встреча президента Лыонг Кыонга с премьер-министром Исиба Сигэру.' };
    const meeting = {
      id: 'm', date: '2024-11-16', place: 'Lima', country: 'Peru', occasion: 'APEC 2024', kind: 'sidelines' as const, areas: [], reports: [], conflicts: [],
      participants: [{ name: 'Luong Cuong', role: 'President', country: 'VN', personId: 'luong-cuong' }, { name: 'Ishiba Shigeru', role: 'Prime Minister', country: 'JP', personId: 'ishiba-shigeru' }],
      sources: [{ document: 'lima', sentence: 2, text: '', lang: 'ru' }],
    };
    const factsOf = sentenceFacts({ meetings: [meeting], plans: [] });
    expect(factsOf('lima', 2)).toEqual(['2024-11-16 Lima, Peru: Luong Cuong, Ishiba Shigeru (APEC 2024)']);
    const content = 'On 16 November 2024, Luong Cuong met Ishiba Shigeru in Lima on the sidelines of APEC [1].';
    local.server.reply({ kind: 'chat', content }, { kind: 'chat', content });
    const withFacts = await createModelEngine(base, createWriter(local.options), async () => [lima], { factsOf }).ask('Lima?');
    expect(withFacts.sections[0]!.lines).toEqual([content]);
    const without = await createModelEngine(base, createWriter({ ...local.options, store: new Keyv() }), async () => [lima]).ask('Lima?');
    expect(without.footer).toBe(`from extracted facts · ${FALLBACK_NOTE} (model answer could not be verified)`);
  });

  it('is the deterministic engine unchanged without a key', async () => {
    const engine = createModelEngine(base, createWriter({ ...local.options, apiKey: null }), retrieve);
    expect(await engine.ask('chips')).toEqual(await base.ask('chips'));
    expect(await engine.cooperation('semiconductors')).toEqual(await base.cooperation('semiconductors'));
    expect(engine.suggest('person', 'ki')).toEqual([{ name: 'Kihara Minoru', value: 'kihara-minoru' }]);
    expect(local.server.requests).toHaveLength(0);
  });

  it('streams partial answer views', async () => {
    local.server.reply({ kind: 'chat', content: 'Vietnam proposed cybersecurity cooperation [1]. The Prime Minister thanked Japan [2]. Japan also pledged 9 billion dollars.' });
    const engine = createModelEngine(base, createWriter(local.options), retrieve);
    const partials: View[] = [];
    const final = await engine.askStream('defense minister Kihara', 'en', (v) => partials.push(v));
    expect(final.sections[0]!.lines).toEqual(['Vietnam proposed cybersecurity cooperation [1]. The Prime Minister thanked Japan [2].']);
    expect(final.footer).toBe('written by test-model from 2 cited source sentences · 1 unverified sentence removed');
    expect(partials.length).toBeGreaterThanOrEqual(1);
    expect(partials.every((p) => !p.sections[0]!.lines.join(' ').includes('billion'))).toBe(true);
  });
});
