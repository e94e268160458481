/**
 * The model-backed writer: answers and summaries from numbered evidence through any OpenAI-compatible endpoint
 * (OpenAI, Ollama, llama.cpp, vLLM), verified against that evidence, cached, and budgeted.
 * Every failure is a `{ fallback: reason }` value, never a throw: callers then use the deterministic view.
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { Document } from '../corpus/types.js';
import type { View, ViewSection } from '../briefing/views.js';
import type { Passage } from '../search/passages.js';
import { answerPrompt, extractionPrompt, passagesOfView, PROMPT_VERSION, summaryPrompt, type ChatMessages } from './prompts.js';
import { splitSentences, stripMentions, verifyCitations, type Repair } from './verify.js';
import { extractionJsonSchema, extractionSchema, type ModelExtraction } from './extract-schema.js';

/** Cached answers and summaries live this long (ms). */
export const ANSWER_TTL_MS = 7 * 24 * 3600 * 1000;
/** Budget counters outlive their day by this much (ms). */
const BUDGET_TTL_MS = 2 * 24 * 3600 * 1000;
/** A streamed reply may take this many times the request timeout in total. */
const STREAM_TIMEOUT_FACTOR = 3;

/**
 * The subset of Keyv the writer uses (a `new Keyv()` fits). With `increment` (every attache `Store` has it) the
 * daily budget is charged atomically, so processes sharing the store never lose a charge; without it the charge is
 * a read-then-write, exact within one process only.
 */
export interface CacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<unknown>;
  /** Adds `by` to the number at `key` atomically and returns the new total (see `Store.increment`). */
  increment?(key: string, by: number, ttlMs?: number): Promise<number>;
}

/** The subset of a pino logger the writer uses. */
export interface WriterLog {
  warn(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface WriterOptions {
  /** No key → a writer whose every call falls back ('no-key'). Local servers accept any non-empty key. */
  apiKey: string | null;
  baseUrl?: string | null;
  model: string;
  embeddingModel?: string | null;
  timeoutMs: number;
  /** Sent as max_tokens on every call. */
  maxTokens: number;
  store?: CacheStore;
  /** Daily token budget (prompt + completion, from the responses' usage); 0 or undefined = unlimited. */
  budget?: number;
  log?: WriterLog;
  fetch?: typeof fetch;
  /** Retries of 429 / 5xx / timeouts by the SDK, with its backoff (default 2). */
  maxRetries?: number;
  /** Clock for the budget day (UTC). */
  now?: () => Date;
}

export type FallbackReason =
  | 'no-key' | 'no-evidence' | 'budget-exhausted' | 'rate-limited' | 'server-error' | 'timeout' | 'unreachable'
  | 'rejected' | 'malformed' | 'unverifiable' | 'no-answer' | 'error';

export interface Fallback {
  fallback: FallbackReason;
}

export interface Written {
  /** Verified text; `[n]` markers refer to the evidence passages' numbers. */
  text: string;
  /** Passage numbers cited, in order of first citation. */
  citations: number[];
  repairs: Repair[];
  model: string;
  cached: boolean;
}

export interface WrittenSummary {
  intro: string | null;
  sections: ViewSection[];
  /** Citation numbers of the view that the rewritten text cites. */
  citations: number[];
  repairs: Repair[];
  model: string;
  cached: boolean;
}

export interface AnswerRequest {
  question: string;
  evidence: Passage[];
  locale?: string;
}

export interface Writer {
  /** False for the null writer (no key). */
  readonly enabled: boolean;
  readonly model: string | null;
  answer(request: AnswerRequest): Promise<Written | Fallback>;
  /**
   * Like answer(), streaming: `onText` receives the verified text written so far (whole sentences only), so a
   * partial edit never shows an unverified claim. The caller throttles edits.
   */
  answerStream(request: AnswerRequest, onText: (text: string) => void): Promise<Written | Fallback>;
  /** Rewrites a deterministic view's intro and sections in the locale's language, keeping its citations. */
  summarize(request: { view: View; locale?: string }): Promise<WrittenSummary | Fallback>;
  /** Model-assisted extraction, validated; cached per document hash and model. */
  extract(document: Document): Promise<ModelExtraction | Fallback>;
  /** Embeddings (cached per text), or null without an embedding model or on failure. */
  embed(texts: string[]): Promise<number[][] | null>;
  /** Tokens left today, or null when unlimited. */
  budgetLeft(): Promise<number | null>;
}

export function isFallback(value: object): value is Fallback {
  return 'fallback' in value;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** In-memory store for when none is given (one process, lost on restart). */
function memoryStore(): CacheStore {
  const map = new Map<string, { value: unknown; until: number }>();
  return {
    async get(key) {
      const e = map.get(key);
      if (!e) return undefined;
      if (e.until < Date.now()) {
        map.delete(key);
        return undefined;
      }
      return e.value;
    },
    async set(key, value, ttl) {
      map.set(key, { value, until: ttl ? Date.now() + ttl : Infinity });
      return true;
    },
    async increment(key, by, ttl) {
      const e = map.get(key);
      const live = e && e.until >= Date.now() ? e : undefined;
      const total = (typeof live?.value === 'number' ? live.value : 0) + by;
      map.set(key, { value: total, until: live ? live.until : ttl ? Date.now() + ttl : Infinity });
      return total;
    },
  };
}

/** Why a call failed, from the SDK's error classes. */
export function fallbackReasonOf(err: unknown): FallbackReason {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (err instanceof OpenAI.APIUserAbortError) return 'timeout';
  if (err instanceof OpenAI.RateLimitError) return 'rate-limited';
  if (err instanceof OpenAI.APIConnectionError) return 'unreachable';
  if (err instanceof OpenAI.APIError) return err.status !== undefined && err.status >= 500 ? 'server-error' : 'rejected';
  if (err instanceof SyntaxError) return 'malformed';
  if (err instanceof Error && err.name === 'AbortError') return 'timeout';
  return 'error';
}

/** A writer that always falls back: what attache uses without an API key. */
export function nullWriter(): Writer {
  const no = async (): Promise<Fallback> => ({ fallback: 'no-key' });
  return {
    enabled: false,
    model: null,
    answer: no,
    answerStream: no,
    summarize: no,
    extract: no,
    embed: async () => null,
    budgetLeft: async () => null,
  };
}

/** Whether verification left enough: at least one cited sentence and at least half of what was written. */
function enough(cited: number, kept: number, total: number): boolean {
  return cited > 0 && kept * 2 >= total;
}

/** Parses summary output: heading lines and "- " point lines. */
function parseSections(text: string): { intro: string | null; sections: ViewSection[] } {
  const sections: ViewSection[] = [];
  const introLines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const point = /^[-*•]\s+(.*)$/.exec(line);
    if (point) {
      if (!sections.length) sections.push({ heading: '', lines: [] });
      sections[sections.length - 1]!.lines.push(point[1]!.trim());
    } else if (!sections.length && /\[\d+/.test(line)) {
      introLines.push(line);
    } else {
      sections.push({ heading: line.replace(/^#+\s*/, '').replace(/[:：]\s*$/, '').slice(0, 256), lines: [] });
    }
  }
  return { intro: introLines.length ? introLines.join(' ') : null, sections: sections.filter((s) => s.lines.length) };
}

/**
 * Creates the writer. Without an API key, returns the null writer.
 * @example createWriter({ apiKey: null, model: 'gpt-4o-mini', timeoutMs: 20000, maxTokens: 700 }).enabled === false
 */
export function createWriter(options: WriterOptions): Writer {
  if (!options.apiKey) return nullWriter();
  const model = options.model;
  const store = options.store ?? memoryStore();
  const log = options.log;
  const now = options.now ?? (() => new Date());
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? undefined,
    // OPENAI_TIMEOUT_MS bounds the whole call, retries included: each attempt gets its share.
    timeout: Math.max(1, Math.floor(options.timeoutMs / ((options.maxRetries ?? 2) + 1))),
    maxRetries: options.maxRetries ?? 2,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const budgetKey = () => `llm:tokens:${now().toISOString().slice(0, 10)}`;
  const tokensUsed = async (): Promise<number> => {
    const v = await store.get(budgetKey()).catch(() => undefined);
    return typeof v === 'number' ? v : 0;
  };
  const budgetLeft = async (): Promise<number | null> =>
    options.budget ? Math.max(0, options.budget - (await tokensUsed())) : null;
  /** Adds `tokens` (negative: gives back) to today's counter; the new total, or null when the store failed. */
  const charge = async (key: string, tokens: number): Promise<number | null> => {
    if (tokens === 0) return null;
    try {
      if (store.increment) return await store.increment(key, tokens, BUDGET_TTL_MS);
      const v = await store.get(key);
      const total = (typeof v === 'number' ? v : 0) + tokens;
      await store.set(key, total, BUDGET_TTL_MS);
      return total;
    } catch {
      return null;
    }
  };
  /**
   * Budget admission shared by every process on the store: a call first reserves its largest likely cost (prompt
   * estimate + max_tokens) with one atomic increment, and goes ahead only when the budget was not yet spent before
   * its reservation; otherwise it gives the reservation back. After the call the reservation is replaced by the
   * real usage (or given back when nothing was used). So concurrent calls on several shards see each other's
   * reservations, and the day's total passes the budget by at most the one call admitted last (plus what real usage
   * exceeds its estimate). Unlimited budget: no reservation, only the real usage is counted.
   */
  type Ticket = { key: string; reserved: number } | null;
  const reserve = async (reserved: number): Promise<Ticket | 'exhausted'> => {
    if (!options.budget) return { key: budgetKey(), reserved: 0 };
    const key = budgetKey();
    const total = await charge(key, reserved);
    const before = total === null ? await tokensUsed() : total - reserved;
    if (before >= options.budget) {
      if (total !== null) await charge(key, -reserved);
      return 'exhausted';
    }
    return { key, reserved: total === null ? 0 : reserved };
  };
  /** Settles a reservation with the real usage (undefined: the call failed and used nothing known). */
  const settle = async (ticket: Ticket, used: number | undefined): Promise<void> => {
    if (!ticket) return;
    await charge(ticket.key, (used ?? 0) - ticket.reserved);
  };
  const usedTokens = (usage: { total_tokens?: number } | null | undefined, fallbackTokens: number) => usage?.total_tokens ?? fallbackTokens;
  const cacheGet = async <T>(key: string): Promise<T | undefined> =>
    (await store.get(key).catch(() => undefined)) as T | undefined;
  const cacheSet = (key: string, value: unknown) => store.set(key, value, ANSWER_TTL_MS).catch(() => undefined);

  type Chat = { ok: true; content: string } | { ok: false; reason: FallbackReason };

  /** One chat completion (streamed when onDelta is given); usage is charged to the budget. */
  async function chat(
    messages: ChatMessages,
    extra: { onDelta?: (text: string) => void; responseFormat?: OpenAI.ChatCompletionCreateParams['response_format'] } = {},
  ): Promise<Chat> {
    const base = {
      model,
      max_tokens: options.maxTokens,
      temperature: 0.2,
      messages: [
        { role: 'system' as const, content: messages.system },
        { role: 'user' as const, content: messages.user },
      ],
      ...(extra.responseFormat ? { response_format: extra.responseFormat } : {}),
    };
    const estimate = Math.ceil((messages.system.length + messages.user.length) / 4);
    const ticket = await reserve(estimate + options.maxTokens);
    if (ticket === 'exhausted') return { ok: false, reason: 'budget-exhausted' };
    let used: number | undefined;
    try {
      if (extra.onDelta) {
        const stream = await client.chat.completions.create(
          { ...base, stream: true, stream_options: { include_usage: true } },
          { signal: AbortSignal.timeout(options.timeoutMs * STREAM_TIMEOUT_FACTOR) },
        );
        let content = '';
        let usage: OpenAI.CompletionUsage | null | undefined;
        for await (const chunk of stream) {
          if (chunk.usage) usage = chunk.usage;
          const delta = chunk.choices?.[0]?.delta?.content;
          if (typeof delta === 'string' && delta) {
            content += delta;
            extra.onDelta(content);
          }
        }
        used = usedTokens(usage, estimate + Math.ceil(content.length / 4));
        return content.trim() ? { ok: true, content } : { ok: false, reason: 'malformed' };
      }
      const res = await client.chat.completions.create(base);
      used = usedTokens(res.usage, estimate);
      const content = res?.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || !content.trim()) return { ok: false, reason: 'malformed' };
      return { ok: true, content };
    } catch (err) {
      const reason = fallbackReasonOf(err);
      log?.warn({ reason, status: err instanceof OpenAI.APIError ? err.status : undefined, model }, 'model call failed');
      return { ok: false, reason };
    } finally {
      await settle(ticket, used);
    }
  }

  async function answerWith(request: AnswerRequest, onText?: (text: string) => void): Promise<Written | Fallback> {
    const evidence = request.evidence;
    if (!evidence.length) return { fallback: 'no-evidence' };
    const key = `llm:answer:${sha256({ q: request.question.trim(), e: evidence, model, locale: request.locale ?? 'en', v: PROMPT_VERSION })}`;
    const hit = await cacheGet<Omit<Written, 'cached'>>(key);
    if (hit && typeof hit.text === 'string') {
      onText?.(hit.text);
      return { ...hit, cached: true };
    }
    let shown = '';
    const onDelta = onText
      ? (sofar: string) => {
          // Only whole sentences are verified and shown; the trailing fragment waits for its end.
          const cut = sofar.search(/[^.!?。！？\]\s][^.!?。！？]*$/u);
          const complete = cut < 0 ? sofar : sofar.slice(0, cut);
          const partial = verifyCitations(complete, evidence).text;
          if (partial && partial !== shown) {
            shown = partial;
            onText(partial);
          }
        }
      : undefined;
    const res = await chat(answerPrompt(request.question, evidence, request.locale), { onDelta });
    if (!res.ok) return { fallback: res.reason };
    const v = verifyCitations(res.content, evidence);
    const dropped = v.repairs.filter((r) => r.kind !== 'mention-removed').length;
    if (v.citedSentences === 0) return { fallback: dropped === 0 && v.totalSentences <= 1 ? 'no-answer' : 'unverifiable' };
    if (!enough(v.citedSentences, v.totalSentences - dropped, v.totalSentences)) return { fallback: 'unverifiable' };
    const written = { text: v.text, citations: v.citations, repairs: v.repairs, model };
    await cacheSet(key, written);
    if (onText && v.text !== shown) onText(v.text);
    return { ...written, cached: false };
  }

  async function summarize({ view, locale }: { view: View; locale?: string }): Promise<WrittenSummary | Fallback> {
    if (!view.citations.length || (!view.sections.some((s) => s.lines.length) && !view.intro)) return { fallback: 'no-evidence' };
    const facts = { title: view.title, intro: view.intro, sections: view.sections };
    const key = `llm:summary:${sha256({ f: facts, e: passagesOfView(view), model, locale: locale ?? 'en', v: PROMPT_VERSION })}`;
    const hit = await cacheGet<Omit<WrittenSummary, 'cached'>>(key);
    if (hit && Array.isArray(hit.sections)) return { ...hit, cached: true };
    const res = await chat(summaryPrompt(view, locale));
    if (!res.ok) return { fallback: res.reason };
    const parsed = parseSections(stripMentions(res.content));
    const known = view.citations.map((c) => c.n);
    const repairs: Repair[] = [];
    const citations: number[] = [];
    let points = 0;
    let keptPoints = 0;
    const verifyLine = (line: string): string | null => {
      points++;
      const v = verifyCitations(line, known);
      repairs.push(...v.repairs);
      if (!v.text || v.citedSentences === 0) return null;
      keptPoints++;
      for (const n of v.citations) if (!citations.includes(n)) citations.push(n);
      return v.text;
    };
    const sections: ViewSection[] = [];
    for (const s of parsed.sections) {
      const heading = splitSentences(s.heading).length > 1 || s.heading.split(/\s+/).length > 10 ? '' : s.heading;
      const lines = s.lines.map(verifyLine).filter((l): l is string => l !== null);
      if (lines.length) sections.push({ heading, lines });
    }
    const intro = parsed.intro === null ? null : verifyLine(parsed.intro);
    if (!enough(keptPoints, keptPoints, points)) return { fallback: 'unverifiable' };
    const written = { intro, sections, citations, repairs, model };
    await cacheSet(key, written);
    return { ...written, cached: false };
  }

  async function extract(document: Document): Promise<ModelExtraction | Fallback> {
    const key = `llm:extract:${sha256({ h: document.hash, model, v: PROMPT_VERSION })}`;
    const hit = await cacheGet<ModelExtraction>(key);
    if (hit) {
      const again = extractionSchema.safeParse(hit);
      if (again.success) return again.data;
    }
    const schema = extractionJsonSchema();
    delete schema.$schema;
    const prompt = extractionPrompt(document.sentences, document.lang);
    let res = await chat(prompt, {
      responseFormat: { type: 'json_schema', json_schema: { name: 'attache_extraction', schema, strict: false } },
    });
    // Endpoints without structured outputs reject json_schema: ask for a JSON object and validate all the same.
    if (!res.ok && res.reason === 'rejected') {
      res = await chat(
        { system: `${prompt.system}\nJSON Schema:\n${JSON.stringify(schema)}`, user: prompt.user },
        { responseFormat: { type: 'json_object' } },
      );
    }
    if (!res.ok) return { fallback: res.reason };
    let json: unknown;
    try {
      json = JSON.parse(res.content.replace(/^```(?:json)?\s*|\s*```\s*$/g, ''));
    } catch {
      return { fallback: 'malformed' };
    }
    const parsed = extractionSchema.safeParse(json);
    if (!parsed.success) return { fallback: 'malformed' };
    // Sentence numbers must exist in the document; facts without any real sentence are dropped.
    const exists = new Set(document.sentences.map((s) => s.index));
    const data: ModelExtraction = {
      meetings: parsed.data.meetings
        .map((m) => ({ ...m, sentences: m.sentences.filter((n) => exists.has(n)) }))
        .filter((m) => m.sentences.length > 0 && m.participants.length > 0),
      areas: parsed.data.areas
        .map((a) => ({ ...a, sentences: a.sentences.filter((n) => exists.has(n)) }))
        .filter((a) => a.sentences.length > 0),
    };
    await store.set(key, data).catch(() => undefined);
    return data;
  }

  async function embed(texts: string[]): Promise<number[][] | null> {
    const embeddingModel = options.embeddingModel;
    if (!embeddingModel || !texts.length) return null;
    const keys = texts.map((t) => `llm:embed:${sha256({ t, m: embeddingModel })}`);
    const out: (number[] | undefined)[] = await Promise.all(keys.map((k) => cacheGet<number[]>(k)));
    const missing = out.map((v, i) => (Array.isArray(v) ? -1 : i)).filter((i) => i >= 0);
    if (missing.length) {
      const input = missing.map((i) => texts[i]!);
      const ticket = await reserve(Math.ceil(input.reduce((n, t) => n + t.length, 0) / 4));
      if (ticket === 'exhausted') return null;
      let used: number | undefined;
      try {
        const res = await client.embeddings.create({ model: embeddingModel, input });
        used = usedTokens(res.usage, 0);
        for (const item of res.data) {
          const i = missing[item.index];
          if (i === undefined || !Array.isArray(item.embedding)) return null;
          out[i] = item.embedding;
          await store.set(keys[i]!, item.embedding).catch(() => undefined);
        }
      } catch (err) {
        log?.warn({ reason: fallbackReasonOf(err), model: embeddingModel }, 'embedding call failed');
        return null;
      } finally {
        await settle(ticket, used);
      }
    }
    return out.every(Array.isArray) ? (out as number[][]) : null;
  }

  return {
    enabled: true,
    model,
    answer: (request) => answerWith(request),
    answerStream: (request, onText) => answerWith(request, onText),
    summarize,
    extract,
    embed,
    budgetLeft,
  };
}
