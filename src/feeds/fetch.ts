/**
 * HTTP for the poller: one GET with a deadline, the body streamed and cut off past a byte cap (whether or not the
 * server sent a Content-Length, and whatever it claimed), returned as bytes for the decoder.
 */

/** Feeds and pages larger than this are refused (the stream is aborted as soon as it passes the cap). */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Per request, body included. */
export const FETCH_TIMEOUT_MS = 15_000;

export type FetchLike = (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<Response>;

export interface FetchedBody {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The body, or empty for 304 and HEAD-like answers. */
  bytes: Uint8Array;
}

export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response too large (over ${limit} bytes)`);
    this.name = 'ResponseTooLargeError';
  }
}

/** Reads a body chunk by chunk, cancelling the stream (and so the download) once it passes `limit` bytes. */
export async function cappedBytes(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * GETs `url` with a deadline over the whole exchange and a byte cap on the body. Throws ResponseTooLargeError past
 * the cap (or when Content-Length announces more), a TimeoutError past the deadline.
 */
export async function fetchCapped(
  fetchFn: FetchLike,
  url: string,
  options: { timeoutMs?: number; maxBytes?: number; headers?: Record<string, string> } = {},
): Promise<FetchedBody> {
  const limit = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const response = await fetchFn(url, {
    signal: AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS),
    headers: { 'user-agent': 'attache (+feed reader)', ...options.headers },
  });
  const announced = Number(response.headers.get('content-length') ?? 0);
  if (announced > limit) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(limit);
  }
  const bytes = response.status === 304 || !response.ok ? new Uint8Array(0) : await cappedBytes(response, limit);
  if (!response.ok) await response.body?.cancel().catch(() => {});
  return { status: response.status, ok: response.ok, headers: response.headers, bytes };
}
