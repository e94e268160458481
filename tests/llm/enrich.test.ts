import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Keyv from 'keyv';
import { loadCorpusDir } from '../../src/corpus-folder/load.js';
import type { Document } from '../../src/corpus/types.js';
import { extractDocument } from '../../src/knowledge/extract.js';
import { assembleKnowledge } from '../../src/knowledge/assembler.js';
import { createWriter } from '../../src/llm/writer.js';
import { createEnrichment } from '../../src/llm/enrich.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
let documents: Document[];
beforeAll(async () => {
  server = await startOpenAIServer();
  documents = (await loadCorpusDir('seeds')).documents.filter((d) => d.id.startsWith('000'));
});
afterAll(() => server.close());

const quiet = { warn: () => undefined };

describe('model-assisted extraction over the real openai SDK', () => {
  it('adds what the model read (a cited area), refuses a date its sentence does not state, and reads each article once', async () => {
    server.reset();
    server.reply({
      kind: 'chat',
      content: JSON.stringify({
        meetings: [{ date: '2025-10-26', place: null, country: null, occasion: null, kind: 'sidelines',
          participants: [{ name: 'Takaichi Sanae', role: 'Prime Minister', country: 'JP' }, { name: 'Pham Minh Chinh', role: 'Prime Minister', country: 'VN' }],
          areas: [], sentences: [5] }],
        areas: [{ id: 'health', sentences: [3] }],
      }),
    });
    const writer = createWriter({ apiKey: 'test-key', baseUrl: server.url, model: 'test-model', timeoutMs: 2000, maxTokens: 400, store: new Keyv() });
    const enrichment = createEnrichment(writer, quiet);
    const facts = documents.map(extractDocument);
    expect(assembleKnowledge(facts).meetings[0]?.date).toBeNull();

    expect(await enrichment.run(documents)).toBe(1);
    expect(await enrichment.run(documents)).toBe(0);
    expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);

    const knowledge = assembleKnowledge(enrichment.apply(facts, () => documents));
    // "Am Sonntag" in an article without a publication date gives no date: the model's 2025-10-26 is a guess.
    expect(knowledge.meetings[0]).toMatchObject({ date: null, place: 'Kuala Lumpur' });
    expect(knowledge.documents[0]?.areas).toContain('health');
  });

  it('leaves the deterministic facts untouched when the model fails', async () => {
    server.reset();
    server.reply({ kind: 'status', status: 500, message: 'boom' }, { kind: 'status', status: 500, message: 'boom' }, { kind: 'status', status: 500, message: 'boom' });
    const writer = createWriter({ apiKey: 'test-key', baseUrl: server.url, model: 'other-model', timeoutMs: 2000, maxTokens: 400, maxRetries: 0, store: new Keyv() });
    const enrichment = createEnrichment(writer, quiet);
    const facts = documents.map(extractDocument);
    expect(await enrichment.run(documents)).toBe(0);
    expect(enrichment.apply(facts, () => documents)).toEqual(facts);
  });
});
