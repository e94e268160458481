import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFor, loadApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openStore } from '../../src/store/store.js';
import { Writable } from 'node:stream';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let openai: OpenAIServer;
beforeAll(async () => {
  openai = await startOpenAIServer();
});
afterAll(() => openai.close());

describe('hybrid retrieval for model answers (OPENAI_EMBEDDING_MODEL)', () => {
  it('re-ranks BM25 candidates with embeddings before the model sees them, and only with an embedding model', async () => {
    const log = createLogger('silent', { secrets: [], destination: new Writable({ write: (_c, _e, done) => done() }) });
    const store = await openStore('memory://', log);
    const app = await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 });
    const base = { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: openai.url, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '5000' };
    const question = 'What did they agree on semiconductor training?';

    openai.reset();
    await engineFor(app, parseConfig(base), store, log).ask(question);
    expect(openai.requests.some((r) => r.path.endsWith('/embeddings'))).toBe(false);

    openai.reset();
    const view = await engineFor(app, parseConfig({ ...base, OPENAI_EMBEDDING_MODEL: 'test-embed' }), store, log).ask(question);
    const embeddings = openai.requests.filter((r) => r.path.endsWith('/embeddings'));
    expect(embeddings).toHaveLength(1);
    // The question plus every BM25 candidate, embedded in one call.
    expect((embeddings[0]!.body.input as string[])[0]).toBe(question);
    expect(view.citations.length).toBeGreaterThan(0);
    await store.close();
  });
});
