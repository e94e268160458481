import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createWriter, isFallback, type Writer } from '../../src/llm/writer.js';
import type { Passage } from '../../src/search/passages.js';
import { openStore, type Log, type Store } from '../../src/store/store.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { openTwoSqliteStores, openTwoStores, withTwoStores } from '../helpers/two-stores.js';
import { skipWithoutRedis, startRedis, REDIS_SKIP_MESSAGE, type RedisServer } from '../helpers/redis.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const EVIDENCE: Passage[] = [
  { n: 1, document: 'seed-vi', sentence: 1, lang: 'vi', outlet: null, published: '2025-03-01', text: 'Hai bên nhất trí tăng cường hợp tác đào tạo nguồn nhân lực bán dẫn.' },
  { n: 2, document: 'seed-ja', sentence: 2, lang: 'ja', outlet: null, published: '2025-03-01', text: '両国は半導体人材の育成で協力を強化することで一致した。' },
];
const DAY = new Date('2025-11-30T10:00:00Z');
const BUDGET_KEY = 'llm:tokens:2025-11-30';
/** Each answer costs 100 + 20 tokens (the test server's usage). */
const PER_ANSWER = 120;
const BUDGET = 1_000;

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());

const chatRequests = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

function writerOn(store: Store): Writer {
  return createWriter({ apiKey: 'test-key', baseUrl: server.url, model: 'test-model', timeoutMs: 5_000, maxTokens: 60, store, budget: BUDGET, maxRetries: 0, now: () => DAY });
}

/**
 * Two writers (two bot shards) on two handles of one store answer waves of concurrent, distinct questions until a
 * whole wave is refused. The counter must equal what the model really charged (no lost charge, no leaked
 * reservation) and pass the budget by less than one answer.
 */
async function spendTogether(a: Store, b: Store): Promise<void> {
  server.reset();
  // answers overlap: each takes 25 ms
  server.fallback = () => ({ kind: 'slow', delayMs: 25, then: { kind: 'chat', content: 'Hai bên nhất trí hợp tác bán dẫn [1].', usage: { prompt_tokens: 100, completion_tokens: 20 } } });
  const writers = [writerOn(a), writerOn(b)];
  let answered = 0;
  let refused = 0;
  for (let wave = 0; wave < 30; wave++) {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => writers[i % 2]!.answer({ question: `Câu hỏi ${wave}-${i}: bán dẫn?`, evidence: EVIDENCE })),
    );
    const ok = results.filter((r) => !isFallback(r)).length;
    answered += ok;
    refused += results.filter((r) => isFallback(r) && r.fallback === 'budget-exhausted').length;
    expect(results.every((r) => !isFallback(r) || r.fallback === 'budget-exhausted')).toBe(true);
    if (ok === 0) break;
  }
  const used = (await a.get<number>(BUDGET_KEY))!;
  expect(answered).toBe(chatRequests());
  expect(used).toBe(answered * PER_ANSWER);
  expect(used).toBeGreaterThanOrEqual(BUDGET);
  expect(used).toBeLessThan(BUDGET + PER_ANSWER);
  expect(refused).toBeGreaterThan(0);
  expect(await writers[0]!.budgetLeft()).toBe(0);
  expect(await writers[1]!.budgetLeft()).toBe(0);
  expect(await writers[1]!.answer({ question: 'Một câu nữa?', evidence: EVIDENCE })).toEqual({ fallback: 'budget-exhausted' });
  expect(chatRequests()).toBe(answered);
  // a failed call gives its reservation back: nothing is charged for it
  server.fallback = () => ({ kind: 'status', status: 500 });
  await a.set(BUDGET_KEY, 0, 60_000);
  expect(await writers[0]!.answer({ question: 'Lỗi máy chủ?', evidence: EVIDENCE })).toEqual({ fallback: 'server-error' });
  expect(await a.get(BUDGET_KEY)).toBe(0);
}

describe('the daily model budget shared by two writers', () => {
  it('on two opens of one SQLite file: charged exactly, exceeded by less than one answer', async () => {
    await withTwoStores(openTwoSqliteStores, spendTogether);
  }, 30_000);

  it('a counter left by an older version (written with set) is carried on, not restarted', async () => {
    const store = await openStore('memory://', quiet);
    await store.set(BUDGET_KEY, 950, 60_000);
    server.reset();
    server.fallback = () => ({ kind: 'chat', content: '両国は協力を強化する [2].', usage: { prompt_tokens: 100, completion_tokens: 20 } });
    const writer = writerOn(store);
    expect(await writer.budgetLeft()).toBe(50);
    const res = await writer.answer({ question: '日越の半導体協力は？', evidence: EVIDENCE });
    expect(isFallback(res)).toBe(false);
    expect(await store.get(BUDGET_KEY)).toBe(950 + PER_ANSWER);
    expect(await writer.answer({ question: 'Kooperation?', evidence: EVIDENCE })).toEqual({ fallback: 'budget-exhausted' });
    await store.close();
  });

  describe.skipIf(skipWithoutRedis())('on a real Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('on two clients of one Redis: charged exactly, exceeded by less than one answer', async () => {
      await withTwoStores(() => openTwoStores(redis.url), spendTogether);
    }, 30_000);
  });
});

if (skipWithoutRedis()) console.warn(REDIS_SKIP_MESSAGE);
