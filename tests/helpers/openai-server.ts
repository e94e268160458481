/**
 * A local OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat completions (JSON or SSE streaming),
 * embeddings and json_schema requests, with scripted replies (normal, 429, 500, slow, malformed …).
 * The tests talk to it with the real openai SDK over the socket.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AddressInfo } from 'node:net';

export type Reply =
  /** A normal completion; streamed as SSE in `chunks` pieces when the request asks for a stream. */
  | { kind: 'chat'; content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** An HTTP error with an OpenAI-style error body; `retryAfter` is sent as `retry-after` (seconds), else 5 ms. */
  | { kind: 'status'; status: number; message?: string; retryAfter?: string }
  /** Waits, then answers with `then` (the client may have given up by then). */
  | { kind: 'slow'; delayMs: number; then: Reply }
  /** Accepts the request and never answers (until the client gives up or the server closes). */
  | { kind: 'hang' }
  /** A stream that sends `content` and then ends the connection without a finish reason or `[DONE]`. */
  | { kind: 'stream-cut'; content: string }
  /** A stream that sends `content` and then goes silent, the connection left open. */
  | { kind: 'stream-stall'; content: string }
  /** Server-sent events with these raw `data:` payloads, then `[DONE]` (for malformed chunks). */
  | { kind: 'sse'; data: string[] }
  /** Any bytes at all (malformed JSON …). */
  | { kind: 'raw'; status: number; body: string; contentType?: string };

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface OpenAIServer {
  /** Base URL for the SDK: `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies for the next chat requests, in order; when the queue is empty, `fallback` answers. */
  reply(...replies: Reply[]): void;
  /** The reply when nothing is queued (default: a chat reply "OK [1]."). */
  fallback: (req: RecordedRequest) => Reply;
  /** Embedding vector for a text (default: a bag of hashed letters trigrams). */
  embedding: (text: string) => number[];
  /** When true, embedding requests are accepted and never answered. */
  embeddingsHang: boolean;
  /** Resolves once `count` requests (of any path) have arrived: an event to wait on, never a sleep. */
  waitForRequests(count: number): Promise<void>;
  /** Forgets queued replies and recorded requests (call between tests). */
  reset(): void;
  close(): Promise<void>;
}

/** A deterministic 64-dimension vector: texts sharing trigrams point the same way. */
export function trigramVector(text: string): number[] {
  const v = new Array<number>(64).fill(0);
  const t = ` ${text.toLowerCase()} `;
  for (let i = 0; i + 3 <= t.length; i++) {
    let h = 0;
    for (let k = i; k < i + 3; k++) h = (h * 31 + t.charCodeAt(k)) >>> 0;
    v[h % 64]! += 1;
  }
  return v;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function completion(content: string, model: string, usage: { prompt_tokens: number; completion_tokens: number }) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function chunkOf(model: string, delta: { content?: string }, finish: string | null) {
  return {
    id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_700_000_000, model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

async function send(res: ServerResponse, reply: Reply, body: Record<string, unknown>): Promise<void> {
  if (res.destroyed) return;
  const model = typeof body.model === 'string' ? body.model : 'test-model';
  switch (reply.kind) {
    case 'slow':
      await sleep(reply.delayMs);
      return send(res, reply.then, body);
    case 'raw':
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(reply.body);
      return;
    case 'hang':
      return;
    case 'sse':
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(`${reply.data.map((d) => `data: ${d}\n\n`).join('')}data: [DONE]\n\n`);
      return;
    case 'stream-cut':
    case 'stream-stall':
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const piece of reply.content.match(/[\s\S]{1,12}/g) ?? []) {
        res.write(`data: ${JSON.stringify(chunkOf(model, { content: piece }, null))}\n\n`);
        await sleep(1);
      }
      if (reply.kind === 'stream-cut') res.end();
      return;
    case 'status':
      // retry-after-ms keeps bounded retries fast in tests, unless the test names a retry-after.
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        ...(reply.retryAfter !== undefined ? { 'retry-after': reply.retryAfter } : { 'retry-after-ms': '5' }),
      });
      res.end(JSON.stringify({ error: { message: reply.message ?? `status ${reply.status}`, type: 'test', code: null } }));
      return;
    case 'chat': {
      const usage = reply.usage ?? { prompt_tokens: 100, completion_tokens: 20 };
      if (body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const pieces = reply.content.match(/[\s\S]{1,12}/g) ?? [];
        for (const piece of pieces) {
          res.write(`data: ${JSON.stringify(chunkOf(model, { content: piece }, null))}\n\n`);
          await sleep(1);
        }
        // As OpenAI does: an empty delta carrying the finish reason, then usage, then [DONE].
        res.write(`data: ${JSON.stringify(chunkOf(model, {}, 'stop'))}\n\n`);
        const last = {
          id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_700_000_000, model,
          choices: [],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        };
        res.write(`data: ${JSON.stringify(last)}\n\ndata: [DONE]\n\n`);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(reply.content, model, usage)));
      return;
    }
  }
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startOpenAIServer(): Promise<OpenAIServer> {
  const queue: Reply[] = [];
  const arrivals: Array<{ count: number; resolve: () => void }> = [];
  const server: OpenAIServer = {
    url: '',
    requests: [],
    reply: (...replies) => queue.push(...replies),
    fallback: () => ({ kind: 'chat', content: 'OK [1].' }),
    embedding: trigramVector,
    embeddingsHang: false,
    waitForRequests: (count) =>
      server.requests.length >= count ? Promise.resolve() : new Promise((resolve) => arrivals.push({ count, resolve })),
    reset: () => {
      queue.length = 0;
      server.requests.length = 0;
      server.embeddingsHang = false;
    },
    close: () => new Promise((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
  const http = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        res.writeHead(400).end();
        return;
      }
      const path = (req.url ?? '').replace(/\?.*$/, '');
      const recorded = { path, body };
      server.requests.push(recorded);
      for (const a of arrivals.filter((x) => server.requests.length >= x.count)) {
        arrivals.splice(arrivals.indexOf(a), 1);
        a.resolve();
      }
      if (req.method === 'POST' && path.endsWith('/embeddings')) {
        if (server.embeddingsHang) return;
        const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          object: 'list',
          model: body.model,
          data: input.map((t, index) => ({ object: 'embedding', index, embedding: server.embedding(t) })),
          usage: { prompt_tokens: input.length * 5, total_tokens: input.length * 5 },
        }));
        return;
      }
      if (req.method === 'POST' && path.endsWith('/chat/completions')) {
        await send(res, queue.shift() ?? server.fallback(recorded), body);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/v1`;
  return server;
}

/**
 * One server for a test file: started before all tests, reset before each, closed after all; `fresh(url)` makes the
 * options each test starts from (a new store every time).
 */
export function useOpenAIServer<T>(fresh: (url: string) => T): { readonly server: OpenAIServer; readonly options: T } {
  let server: OpenAIServer | undefined;
  let options: T | undefined;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.reset();
    options = fresh(server!.url);
  });
  return {
    get server() {
      return server!;
    },
    get options() {
      return options!;
    },
  };
}
