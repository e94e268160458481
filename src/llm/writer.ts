/**
 * The model-backed writer: answers and summaries from numbered evidence through any OpenAI-compatible endpoint
 * (OpenAI, Ollama, llama.cpp, vLLM), verified against that evidence, cached, and budgeted.
 * Every failure is a `{ fallback: reason }` value, never a throw: callers then use the deterministic view.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Document } from '../corpus/types.js';
import type { View, ViewSection } from '../briefing/views.js';
import type { Passage } from '../search/passages.js';
import { answerPrompt, extractionPrompt, passagesOfView, PROMPT_VERSION, summaryPrompt, type ChatMessages } from './prompts.js';
import { splitSentences, stripMentions, verifyCitations, type Repair, type VerifyOptions } from './verify.js';
import { extractionJsonSchema, extractionSchema, type ModelExtraction } from './extract-schema.js';
import { createBudget, memoryStore, reserveWithin, settleWithin, type CacheStore } from './budget.js';
import { chatWithin, fallbackReasonOf, openaiSdk, sdkLogger, type ChatExtra, type FallbackReason, type WriterLog } from './chat.js';
import { beforeDeadline, createDeadline, realTimers, type Deadline, type Timers } from './deadline.js';
import { echoesInstructions } from './echo.js';
import { groundedExtraction } from './extract-check.js';
import { groundingSources } from './grounding.js';

export type { CacheStore } from './budget.js';
export type { FallbackReason, WriterLog } from './chat.js';
export { fallbackReasonOf } from './chat.js';

/** Cached answers and summaries live this long (ms). */
export const ANSWER_TTL_MS = 7 * 24 * 3600 * 1000;

export interface WriterOptions {
  /** No key → a writer whose every call falls back ('no-key'). Local servers accept any non-empty key. */
  apiKey: string | null;
  baseUrl?: string | null;
  model: string;
  embeddingModel?: string | null;
  /**
   * The bound of one whole answer (OPENAI_TIMEOUT_MS): embeddings, the chat call, every retry and every wait between
   * retries share it (see `Writer.within`).
   */
  timeoutMs: number;
  /** Sent as max_tokens on every call. */
  maxTokens: number;
  store?: CacheStore;
  /** Daily token budget (prompt + completion, from the responses' usage); 0 or undefined = unlimited. */
  budget?: number;
  log?: WriterLog;
  fetch?: typeof fetch;
  /** Retries of 429 / 5xx / connection failures, made only while their wait ends before the deadline (default 2). */
  maxRetries?: number;
  /** Clock for the budget day (UTC). */
  now?: () => Date;
  /** Clock and timers of the deadline (tests pass a manual clock). */
  timers?: Timers;
}

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
  /** Passage n → the extracted facts of its sentence (English lines): a sentence citing [n] may state them too. */
  facts?: ReadonlyMap<number, readonly string[]>;
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
  /**
   * Runs `fn` under one deadline of `timeoutMs`: every model call inside it (embeddings for retrieval, the answer)
   * shares it. Calls made outside `within` get a deadline of their own. Nested calls join the outer deadline.
   */
  within<T>(fn: () => Promise<T>): Promise<T>;
}

export function isFallback(value: object): value is Fallback {
  return 'fallback' in value;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

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
    within: (fn) => fn(),
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

/** The language of a locale, as the grounding reads the model's text ('vi-VN' → 'vi'). */
function langOf(locale: string | undefined): string {
  return (locale ?? 'en').split(/[-_]/)[0]!.toLowerCase() || 'en';
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
  const timers = options.timers ?? realTimers;
  const client = new (openaiSdk().OpenAI)({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? undefined,
    // The deadline (not the SDK) bounds every call and decides on retries: see chat.ts.
    timeout: options.timeoutMs + 1_000,
    maxRetries: 0,
    logger: sdkLogger(log),
    logLevel: 'warn',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const budget = createBudget(store, options.budget, options.now ?? (() => new Date()));
  const chatDeps = { client, model, maxTokens: options.maxTokens, budget, maxRetries: options.maxRetries ?? 2, timers, ...(log ? { log } : {}) };
  const scope = new AsyncLocalStorage<Deadline>();

  /** Runs `fn` under the current answer's deadline, or under a new one of its own. */
  async function withDeadline<T>(fn: (deadline: Deadline) => Promise<T>): Promise<T> {
    const outer = scope.getStore();
    if (outer) return fn(outer);
    const deadline = createDeadline(options.timeoutMs, timers);
    try {
      return await scope.run(deadline, () => fn(deadline));
    } finally {
      deadline.dispose();
    }
  }
  const chat = (messages: ChatMessages, extra: ChatExtra = {}) => withDeadline((d) => chatWithin(chatDeps, messages, d, extra));
  const cacheGet = async <T>(key: string): Promise<T | undefined> =>
    (await beforeDeadline(store.get(key).catch(() => undefined), scope.getStore(), undefined)) as T | undefined;
  /** Stores without holding the answer past its deadline (the write goes on). */
  const storeSet = (key: string, value: unknown, ttl?: number) =>
    beforeDeadline(store.set(key, value, ttl).catch(() => undefined), scope.getStore(), undefined);
  const cacheSet = (key: string, value: unknown) => storeSet(key, value, ANSWER_TTL_MS);

  async function answerWith(request: AnswerRequest, onText?: (text: string) => void): Promise<Written | Fallback> {
    const prompt0 = answerPrompt(request.question, [], request.locale);
    // A passage quoting the instructions is no evidence: no citation may carry them.
    const evidence = request.evidence.filter((p) => !echoesInstructions(p.text, prompt0.system));
    if (!evidence.length) return { fallback: 'no-evidence' };
    const key = `llm:answer:${sha256({ q: request.question.trim(), e: evidence, model, locale: request.locale ?? 'en', v: PROMPT_VERSION })}`;
    const hit = await cacheGet<Omit<Written, 'cached'>>(key);
    if (hit && typeof hit.text === 'string') {
      onText?.(hit.text);
      return { ...hit, cached: true };
    }
    const prompt = answerPrompt(request.question, evidence, request.locale);
    const checks: VerifyOptions = {
      lang: langOf(request.locale), sources: groundingSources(evidence, [], request.facts), instructions: prompt.system, memo: new Map(),
    };
    let shown = '';
    let checked = '';
    const onDelta = onText
      ? (sofar: string) => {
          // Only whole sentences are verified and shown; the trailing fragment waits for its end. The check runs
          // once per completed sentence, not once per streamed piece.
          const cut = sofar.search(/[^.!?。！？\]\s][^.!?。！？]*$/u);
          const complete = cut < 0 ? sofar : sofar.slice(0, cut);
          if (complete === checked) return;
          checked = complete;
          const partial = verifyCitations(complete, evidence, checks).text;
          if (partial && partial !== shown) {
            shown = partial;
            onText(partial);
          }
        }
      : undefined;
    const res = await chat(prompt, onDelta ? { onDelta } : {});
    if (!res.ok) return { fallback: res.reason };
    const v = verifyCitations(res.content, evidence, checks);
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
    const prompt = summaryPrompt(view, locale);
    const res = await chat(prompt);
    if (!res.ok) return { fallback: res.reason };
    const parsed = parseSections(stripMentions(res.content));
    const known = view.citations.map((c) => c.n);
    // A rewritten point may state what its cited quotes say or what the extracted facts citing them say.
    const factLines = [...(view.intro ? [view.intro] : []), ...view.sections.flatMap((s) => s.lines)];
    const checks: VerifyOptions = { lang: langOf(locale), sources: groundingSources(passagesOfView(view), factLines), instructions: prompt.system };
    const repairs: Repair[] = [];
    const citations: number[] = [];
    let points = 0;
    let keptPoints = 0;
    const verifyLine = (line: string): string | null => {
      points++;
      const v = verifyCitations(line, known, checks);
      repairs.push(...v.repairs);
      if (!v.text || v.citedSentences === 0) return null;
      keptPoints++;
      for (const n of v.citations) if (!citations.includes(n)) citations.push(n);
      return v.text;
    };
    const sections: ViewSection[] = [];
    for (const s of parsed.sections) {
      const heading = splitSentences(s.heading).length > 1 || s.heading.split(/\s+/).length > 10 || echoesInstructions(s.heading, prompt.system) ? '' : s.heading;
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
      const again = extractionSchema().safeParse(hit);
      if (again.success) return again.data;
    }
    const schema = extractionJsonSchema();
    delete schema.$schema;
    const prompt = extractionPrompt(document.sentences, document.lang);
    const res = await withDeadline(async () => {
      const first = await chat(prompt, {
        responseFormat: { type: 'json_schema', json_schema: { name: 'attache_extraction', schema, strict: false } },
      });
      // Endpoints without structured outputs reject json_schema: ask for a JSON object and validate all the same.
      if (first.ok || first.reason !== 'rejected') return first;
      return chat(
        { system: `${prompt.system}\nJSON Schema:\n${JSON.stringify(schema)}`, user: prompt.user },
        { responseFormat: { type: 'json_object' } },
      );
    });
    if (!res.ok) return { fallback: res.reason };
    let json: unknown;
    try {
      json = JSON.parse(res.content.replace(/^```(?:json)?\s*|\s*```\s*$/g, ''));
    } catch {
      return { fallback: 'malformed' };
    }
    const parsed = extractionSchema().safeParse(json);
    if (!parsed.success) return { fallback: 'malformed' };
    // Sentence numbers must exist in the document; facts without any real sentence are dropped, and what a meeting
    // states must be in the sentences it cites.
    const exists = new Set(document.sentences.map((s) => s.index));
    const data = groundedExtraction({
      meetings: parsed.data.meetings
        .map((m) => ({ ...m, sentences: m.sentences.filter((n) => exists.has(n)) }))
        .filter((m) => m.sentences.length > 0 && m.participants.length > 0),
      areas: parsed.data.areas
        .map((a) => ({ ...a, sentences: a.sentences.filter((n) => exists.has(n)) }))
        .filter((a) => a.sentences.length > 0),
    }, document);
    await storeSet(key, data);
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
      const ticket = await reserveWithin(budget, Math.ceil(input.reduce((n, t) => n + t.length, 0) / 4), scope.getStore());
      if (ticket === 'late' || ticket === 'exhausted') return null;
      let used: number | undefined;
      try {
        // One attempt, no retry: retrieval without embeddings keeps BM25 order, and the answer keeps its time.
        const res = await withDeadline((d) =>
          client.embeddings.create({ model: embeddingModel, input }, { signal: d.signal, timeout: d.left() + 1_000, maxRetries: 0 }));
        used = res.usage?.total_tokens ?? 0;
        for (const item of res.data) {
          const i = missing[item.index];
          if (i === undefined || !Array.isArray(item.embedding)) return null;
          out[i] = item.embedding;
          await storeSet(keys[i]!, item.embedding);
        }
      } catch (err) {
        log?.warn({ reason: fallbackReasonOf(err), model: embeddingModel }, 'embedding call failed');
        return null;
      } finally {
        await settleWithin(budget, ticket, used, scope.getStore());
      }
    }
    return out.every(Array.isArray) ? (out as number[][]) : null;
  }

  /** The promise of a Writer: a failure is a fallback value, never a throw (nor its message, which may hold model text, in the log). */
  const safely = <T>(run: () => Promise<T | Fallback>): Promise<T | Fallback> =>
    withDeadline(run).catch((err: unknown) => {
      log?.warn({ error: err instanceof Error ? err.name : typeof err, model }, 'model answer failed');
      return { fallback: 'error' as const };
    });

  return {
    enabled: true,
    model,
    answer: (request) => safely(() => answerWith(request)),
    answerStream: (request, onText) => safely(() => answerWith(request, onText)),
    summarize: (request) => safely(() => summarize(request)),
    extract: (document) => safely(() => extract(document)),
    embed: (texts) => withDeadline(() => embed(texts)),
    budgetLeft: () => budget.left(),
    within: (fn) => withDeadline(() => fn()),
  };
}
