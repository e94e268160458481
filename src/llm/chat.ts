/**
 * One chat completion within an answer's deadline: the SDK makes no retries of its own (its retries would each get
 * a fresh timeout); this module retries 429 / 5xx / connection failures itself, only while the wait the server asks
 * for (`retry-after`) still ends before the deadline. A streamed reply counts only when it finished
 * (`finish_reason: "stop"`): a stream that stalls, is cut off, or ends without a finish reason is 'incomplete'.
 */
import type OpenAI from 'openai';
import { lazyPackage } from '../corpus/lazy-package.js';
import { reserveWithin, settleWithin, type Budget } from './budget.js';
import { backoffMs, retryAfterMs, type Deadline, type Timers } from './deadline.js';
import type { ChatMessages } from './prompts.js';

export type FallbackReason =
  | 'no-key' | 'no-evidence' | 'budget-exhausted' | 'rate-limited' | 'server-error' | 'timeout' | 'unreachable'
  | 'rejected' | 'malformed' | 'incomplete' | 'unverifiable' | 'no-answer' | 'error';

/** The subset of a pino logger the writer uses. */
export interface WriterLog {
  warn(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

/** The OpenAI SDK, loaded with the first writer that has a key (corpus/lazy-package.ts): everything here uses this one. */
export const openaiSdk = lazyPackage<typeof import('openai')>('openai');

/** `err` when it is an APIError of the SDK. */
function apiErrorOf(err: unknown): InstanceType<typeof OpenAI.APIError> | undefined {
  const sdk = openaiSdk.loaded();
  return sdk && err instanceof sdk.APIError ? err : undefined;
}

/** Why a call failed, from the SDK's error classes. */
export function fallbackReasonOf(err: unknown): FallbackReason {
  // Not loaded: no call was made, and no error is one of its classes.
  const sdk = openaiSdk.loaded();
  if (sdk) {
    if (err instanceof sdk.APIConnectionTimeoutError) return 'timeout';
    if (err instanceof sdk.APIUserAbortError) return 'timeout';
    if (err instanceof sdk.RateLimitError) return 'rate-limited';
    if (err instanceof sdk.APIConnectionError) return 'unreachable';
    if (err instanceof sdk.APIError) return err.status !== undefined && err.status >= 500 ? 'server-error' : 'rejected';
  }
  if (err instanceof SyntaxError) return 'malformed';
  if (err instanceof Error && err.name === 'AbortError') return 'timeout';
  return 'error';
}

const RETRYABLE: ReadonlySet<FallbackReason> = new Set(['rate-limited', 'server-error', 'unreachable']);

/**
 * The SDK's logger, routed into the app's log. Only the SDK's own first argument (a fixed message such as "Could not
 * parse message into JSON:") is recorded; what follows it (the raw chunk, request details) can be model text and is
 * dropped. The SDK's debug level (request bodies) is never enabled.
 */
export function sdkLogger(log: WriterLog | undefined): { error: (...a: unknown[]) => void; warn: (...a: unknown[]) => void; info: () => void; debug: () => void } {
  const record = (level: string) => (message?: unknown): void => {
    const text = typeof message === 'string' ? message.replace(/\s+/g, ' ').slice(0, 120) : 'sdk message';
    log?.warn({ source: 'openai-sdk', level }, text);
  };
  return { error: record('error'), warn: record('warn'), info: () => {}, debug: () => {} };
}

export type ChatResult = { ok: true; content: string } | { ok: false; reason: FallbackReason };

export interface ChatExtra {
  /** Streams the reply: called with all the text received so far. */
  onDelta?: (text: string) => void;
  responseFormat?: OpenAI.ChatCompletionCreateParams['response_format'];
}

export interface ChatDeps {
  client: OpenAI;
  model: string;
  maxTokens: number;
  budget: Budget;
  /** Attempts after the first (429 / 5xx / connection failures only). */
  maxRetries: number;
  timers: Timers;
  log?: WriterLog;
}

type Attempt = ChatResult & { used?: number; streamed?: boolean; error?: unknown };

/** One attempt: the completion (streamed when onDelta is given), or why it failed. */
async function attempt(deps: ChatDeps, messages: ChatMessages, deadline: Deadline, extra: ChatExtra): Promise<Attempt> {
  const estimate = Math.ceil((messages.system.length + messages.user.length) / 4);
  const base = {
    model: deps.model,
    max_tokens: deps.maxTokens,
    temperature: 0.2,
    messages: [
      { role: 'system' as const, content: messages.system },
      { role: 'user' as const, content: messages.user },
    ],
    ...(extra.responseFormat ? { response_format: extra.responseFormat } : {}),
  };
  // The SDK's own timeout is a safety net behind the deadline's signal.
  const request = { signal: deadline.signal, timeout: deadline.left() + 1_000, maxRetries: 0 };
  let content = '';
  try {
    if (extra.onDelta) {
      const stream = await deps.client.chat.completions.create({ ...base, stream: true, stream_options: { include_usage: true } }, request);
      let usage: OpenAI.CompletionUsage | null | undefined;
      let finish: string | null = null;
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        if (choice?.finish_reason) finish = choice.finish_reason;
        const delta = choice?.delta?.content;
        if (typeof delta === 'string' && delta) {
          content += delta;
          extra.onDelta(content);
        }
      }
      const used = usage?.total_tokens ?? estimate + Math.ceil(content.length / 4);
      // The SDK ends an aborted stream quietly: only the deadline's signal tells a stall from an end.
      if (deadline.signal.aborted) return { ok: false, reason: 'timeout', used, streamed: true };
      if (finish !== 'stop') return { ok: false, reason: 'incomplete', used, streamed: true };
      return content.trim() ? { ok: true, content, used } : { ok: false, reason: 'malformed', used };
    }
    const res = await deps.client.chat.completions.create(base, request);
    const used = res.usage?.total_tokens ?? estimate;
    const choice = res?.choices?.[0];
    const text = choice?.message?.content;
    if (typeof text !== 'string' || !text.trim()) return { ok: false, reason: 'malformed', used };
    if (choice?.finish_reason === 'length') return { ok: false, reason: 'incomplete', used };
    return { ok: true, content: text, used };
  } catch (error) {
    const reason = deadline.signal.aborted ? 'timeout' : fallbackReasonOf(error);
    return { ok: false, reason, error, streamed: content.length > 0 };
  }
}

/**
 * One chat completion bounded by `deadline`, with usage charged to the budget.
 * Never throws: a failure is `{ ok: false, reason }`.
 */
export async function chatWithin(deps: ChatDeps, messages: ChatMessages, deadline: Deadline, extra: ChatExtra = {}): Promise<ChatResult> {
  const estimate = Math.ceil((messages.system.length + messages.user.length) / 4);
  for (let tries = 0; ; tries++) {
    if (deadline.signal.aborted) return { ok: false, reason: 'timeout' };
    const ticket = await reserveWithin(deps.budget, estimate + deps.maxTokens, deadline);
    if (ticket === 'late') return { ok: false, reason: 'timeout' };
    if (ticket === 'exhausted') return { ok: false, reason: 'budget-exhausted' };
    const result = await attempt(deps, messages, deadline, extra);
    await settleWithin(deps.budget, ticket, result.used, deadline);
    if (result.ok) return { ok: true, content: result.content };
    const apiError = apiErrorOf(result.error);
    const status = apiError?.status;
    if (!RETRYABLE.has(result.reason) || result.streamed || tries >= deps.maxRetries) {
      deps.log?.warn({ reason: result.reason, status, model: deps.model, attempts: tries + 1 }, 'model call failed');
      return { ok: false, reason: result.reason };
    }
    const headers = apiError?.headers;
    const wait = retryAfterMs(headers, deps.timers.now()) ?? backoffMs(tries);
    if (wait >= deadline.left()) {
      deps.log?.warn({ reason: result.reason, status, model: deps.model, waitMs: Math.round(wait) }, 'model retry would pass the deadline: falling back');
      return { ok: false, reason: result.reason };
    }
    if (!(await deadline.sleep(wait))) return { ok: false, reason: 'timeout' };
  }
}
