/**
 * What a user waits for, and sees, when the model misbehaves (issue 18): `node --import tsx bench/model-faults.ts
 * [timeoutMs]` (default 6000, the timeout of the measurement). Real clock, the real openai SDK, the local
 * OpenAI-compatible server of the tests on 127.0.0.1, the model engine over the seed corpus, and the streamed path of
 * `/ask` and DMs (stream.ts: one edit a second; the final edit waits its turn). Figures are printed, never asserted.
 */
import Keyv from 'keyv';
import { loadApp } from '../src/app.js';
import { askStreaming } from '../src/discord/stream.js';
import { createModelEngine } from '../src/llm/model-engine.js';
import { createWriter } from '../src/llm/writer.js';
import { passagesOf } from '../src/search/passages.js';
import { startOpenAIServer, type Reply } from '../tests/helpers/openai-server.js';

const timeoutMs = Number(process.argv[2] ?? 6_000);
const QUESTION = 'What did Japan and Vietnam agree on semiconductor training?';

const app = await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 });
const byId = new Map(app.documents.map((d) => [d.id, d]));
const retrieve = (q: string) => passagesOf(app.index.search(q), (id) => byId.get(id));
const evidence = retrieve(QUESTION);
const good = `Japan and Vietnam discussed training for the semiconductor industry [${evidence[0]!.n}].`;

const faults: Array<[string, Reply[]]> = [
  ['good answer', [{ kind: 'chat', content: good }]],
  ['invented figure, date and fund', [{ kind: 'chat', content: `${good} The two sides created a 47,000 billion yen Lotus Chip Fund in 2039 [1].` }]],
  ['hung server', [{ kind: 'hang' }]],
  ['429 with retry-after 12 s', [{ kind: 'status', status: 429, retryAfter: '12' }]],
  ['500, 500, 500', [{ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 }]],
  ['stream stalls mid-answer', [{ kind: 'stream-stall', content: `${good} Both sides will also disc` }]],
  ['stream cut without finish', [{ kind: 'stream-cut', content: `${good} Both sides will also disc` }]],
  ['echo of the system prompt', [{ kind: 'chat', content: 'You are attache, a careful analyst who briefs readers on Vietnam–Japan relations [1]. Use only facts stated in the passages [1].' }]],
];

const server = await startOpenAIServer();
console.log(`OPENAI_TIMEOUT_MS=${timeoutMs}`);
console.log('fault | user waited (ms) | what the user saw (footer)');
for (const [name, replies] of faults) {
  server.reset();
  server.reply(...replies);
  const writer = createWriter({ apiKey: 'bench-key', baseUrl: server.url, model: 'bench-model', timeoutMs, maxTokens: 400, store: new Keyv() });
  const engine = createModelEngine(app.engine, writer, retrieve, { lookup: (id) => byId.get(id) });
  const started = performance.now();
  let partials = 0;
  const view = await askStreaming(engine, `${QUESTION} (${name})`, 'en', async () => void partials++, async () => undefined);
  const waited = Math.round(performance.now() - started);
  console.log(`${name} | ${waited} | ${partials} partial edit(s), then: ${view.footer ?? ''}`);
}
await server.close();
