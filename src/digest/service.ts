/**
 * The digest service: subscriptions, cursors and delivery records in the Store; posting through a Poster.
 *
 * Delivery of one (channel, slot):
 *   0. owns    a sharded bot: only the shard serving the channel's guild goes on (`Poster.owns`);
 *   1. claim   `setIfAbsent(digest:claim:<channel>:<slot>)` — of all processes and ticks, one wins;
 *   2. compose from the documents new since the channel's cursor;
 *   3. post    through the Poster;
 *   4. record  the slot as handled, and (on success only) advance the cursor.
 * A crash between 1 and 4 leaves a claim without a record: that slot is never posted again (at most once), it is
 * logged and shown in `/digest status` as lost, and the next slot carries its content (the cursor did not move).
 * Slots missed while the bot was down are caught up once (see `dueDigests`).
 *
 * A store that fails mid-run (Redis stopped, SQLite locked) loses nothing this process knows:
 * - a claim whose write failed may or may not have reached the store; the slot is remembered, and when the store
 *   is back and holds our own claim for it, that slot was certainly never posted, so it is delivered then;
 * - records of a post that succeeded (cursor, last posted, last run) that cannot be written are kept in memory and
 *   written first thing when the store answers again, so the slot is not posted twice and the cursor advances.
 * The call that hit the failure rejects with the StoreError (the scheduler logs it and tries again next minute).
 *
 * The parts: subscriptions here; delivery.ts (claim, post, record), write-behind.ts (records kept while the store
 * fails), status-view.ts (`/digest status`), store-keys.ts, types.ts (the contract).
 */
import { randomUUID } from 'node:crypto';
import type { View } from '../briefing/views.js';
import { isTimeZone } from '../config.js';
import { parseSchedule } from '../scheduler/schedule.js';
import { openingView } from './opening.js';
import type { Log, Store } from '../store/store.js';
import { composeDigest, newDocumentIds, snapshotCursor, type CorpusSnapshot, type DigestCursor } from './compose.js';
import { createDelivery } from './delivery.js';
import { dueDigests, type Subscription } from './due.js';
import { digestStatus, formatInZone } from './status-view.js';
import { langOf } from '../briefing/lang.js';
import { K } from './store-keys.js';
import type { Delivery, DigestService, FeedStatusLine, LastRun, PostResult, Poster, SubscribeInput } from './types.js';
import { createWriteBehind } from './write-behind.js';

export { CLAIM_STALE_MS, CLAIM_TTL_MS } from './delivery.js';
export { formatInZone } from './status-view.js';
export type {
  Delivery, DigestService, FeedStatusLine, LastRun, PostResult, Poster, RunOutcome, StatusFilter, SubscribeInput,
} from './types.js';

export type DigestErrorCode = 'DIGEST_SCHEDULE_INVALID' | 'DIGEST_TIMEZONE_INVALID' | 'DIGEST_NOT_SUBSCRIBED' | 'DIGEST_LANGUAGE_INVALID';

/**
 * A mistake in what an admin asked for; `message` is meant for them in English, `params` fill the template
 * `digestAdmin.error.<code>` that admin.ts shows in their language.
 */
export class DigestError extends Error {
  constructor(readonly code: DigestErrorCode, message: string, readonly params: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'DigestError';
  }
}

export interface DigestServiceOptions {
  store: Store;
  poster: Poster;
  /** The current corpus (called at each delivery, so a live corpus is seen as it is now). */
  corpus: () => CorpusSnapshot | Promise<CorpusSnapshot>;
  log: Log;
  /** Post "Nothing new" digests too (DIGEST_POST_WHEN_EMPTY). Default false. */
  postWhenEmpty?: boolean;
  /** Feed health for the status view. */
  feedStatus?: () => Promise<FeedStatusLine[]>;
  /**
   * Rewrites a digest in the subscription's language (a model, when one is configured); any failure keeps the
   * deterministic English digest.
   */
  rewrite?: (view: View, language: string) => Promise<View>;
  /** Identifies this process in claims. Default: a random id per start. */
  owner?: string;
}

export function createDigestService(options: DigestServiceOptions): DigestService {
  const { store, log } = options;
  const owner = options.owner ?? randomUUID();
  const writes = createWriteBehind(store, log);
  const flushPending = writes.flush;

  async function channelIds(): Promise<string[]> {
    return (await store.get<string[]>(K.index)) ?? [];
  }

  async function subscriptions(): Promise<Subscription[]> {
    const subs = await Promise.all((await channelIds()).map((ch) => store.get<Subscription>(K.sub(ch))));
    return subs.filter((s): s is Subscription => s !== undefined);
  }

  async function subscribe(input: SubscribeInput, now: Date, origin: Subscription['origin'] = 'command'): Promise<Subscription> {
    await flushPending();
    const parsed = parseSchedule(input.schedule);
    if ('error' in parsed) throw new DigestError('DIGEST_SCHEDULE_INVALID', `Schedule "${input.schedule}": ${parsed.error}.`, {
        schedule: input.schedule, detail: parsed.error, problem: parsed.problem, ...('day' in parsed ? { day: parsed.day } : {}),
      });
    const timezone = input.timezone?.trim() || 'UTC';
    if (!isTimeZone(timezone)) {
      throw new DigestError('DIGEST_TIMEZONE_INVALID', `Unknown time zone "${timezone}": use an IANA name such as Asia/Ho_Chi_Minh.`, { timezone });
    }
    const language = (input.language?.trim() || 'en').toLowerCase();
    if (!/^[a-z]{2}$/.test(language)) throw new DigestError('DIGEST_LANGUAGE_INVALID', `Language "${language}": expected a two-letter code such as en, vi, ja.`, { language });
    const existing = await store.get<Subscription>(K.sub(input.channelId));
    const sub: Subscription = {
      channelId: input.channelId,
      guildId: input.guildId,
      schedule: input.schedule.trim(),
      cron: parsed.cron,
      timezone,
      language,
      createdAt: existing?.createdAt ?? now.toISOString(),
      origin: existing?.origin ?? origin,
      paused: null,
    };
    if (!existing || !(await store.get<DigestCursor>(K.cursor(sub.channelId)))) {
      // A new subscription starts from now: everything already in the corpus counts as sent.
      const snapshot = await options.corpus();
      await store.set(K.cursor(sub.channelId), snapshotCursor(snapshot.hashes));
    }
    await store.set(K.sub(sub.channelId), sub);
    await store.update<string[]>(K.index, (ids = []) => (ids.includes(sub.channelId) ? undefined : [...ids, sub.channelId]));
    log.info({ channel: sub.channelId, cron: sub.cron, timezone }, existing ? 'digest subscription updated' : 'digest subscription created');
    return sub;
  }

  async function unsubscribe(channelId: string): Promise<boolean> {
    await flushPending();
    const existed = (await store.get<Subscription>(K.sub(channelId))) !== undefined;
    await store.update<string[]>(K.index, (ids) => (ids?.includes(channelId) ? ids.filter((ch) => ch !== channelId) : undefined));
    for (const key of [K.sub(channelId), K.cursor(channelId), K.last(channelId), K.lastPosted(channelId), K.lost(channelId)]) {
      await store.delete(key);
    }
    if (existed) log.info({ channel: channelId }, 'digest subscription removed');
    return existed;
  }

  async function ensureDefault(
    config: { channelId: string | null; schedule: string | null; timezone: string; language: string },
    now: Date,
  ): Promise<Subscription | null> {
    if (!config.channelId || !config.schedule) return null;
    const existing = await store.get<Subscription>(K.sub(config.channelId));
    if (existing && existing.cron === config.schedule && existing.timezone === config.timezone && !existing.paused) return existing;
    if (existing?.paused) return existing;
    return subscribe(
      { channelId: config.channelId, guildId: existing?.guildId ?? null, schedule: config.schedule, timezone: config.timezone, language: config.language },
      now,
      'config',
    );
  }

  async function since(channelId: string, timezone: string): Promise<string | null> {
    const last = await store.get<{ slot: string; at: string }>(K.lastPosted(channelId));
    return last ? formatInZone(last.at, timezone) : null;
  }

  async function composeFor(sub: Subscription, snapshot: CorpusSnapshot): Promise<{ view: View; articles: number }> {
    const cursor = (await store.get<DigestCursor>(K.cursor(sub.channelId))) ?? snapshotCursor(snapshot.hashes);
    const ids = newDocumentIds(snapshot, cursor);
    const view = composeDigest(snapshot.knowledge, ids, { since: await since(sub.channelId, sub.timezone), language: sub.language, ...(snapshot.textOf ? { textOf: snapshot.textOf } : {}) });
    return { view, articles: ids.length };
  }

  const { deliver } = createDelivery({ ...options, owner, writes, composeFor });

  async function postDueDigests(now: Date): Promise<Delivery[]> {
    await flushPending();
    const subs = await subscriptions();
    const lastHandled: Record<string, string | undefined> = {};
    for (const sub of subs) lastHandled[sub.channelId] = (await store.get<LastRun>(K.last(sub.channelId)))?.slot;
    const deliveries: Delivery[] = [];
    for (const due of dueDigests(subs, lastHandled, now)) {
      const sub = subs.find((s) => s.channelId === due.channelId)!;
      const slot = due.slot.toISOString();
      deliveries.push({ channelId: sub.channelId, slot, outcome: await deliver(sub, slot, now) });
    }
    return deliveries;
  }

  async function preview(channelId: string | null, _now: Date, language?: string): Promise<View> {
    await flushPending();
    const snapshot = await options.corpus();
    const subs = await subscriptions();
    const sub = channelId ? subs.find((s) => s.channelId === channelId) : subs.find((s) => s.origin === 'config');
    if (channelId && !sub) throw new DigestError('DIGEST_NOT_SUBSCRIBED', 'This channel has no digest subscription: use /digest subscribe first.');
    if (!sub) return composeDigest(snapshot.knowledge, newDocumentIds(snapshot, {}), { since: null, ...(language ? { language } : {}), ...(snapshot.textOf ? { textOf: snapshot.textOf } : {}) });
    return (await composeFor(sub, snapshot)).view;
  }

  async function status(filter: Parameters<DigestService['status']>[0], now: Date, locale?: string): Promise<View> {
    await flushPending();
    return digestStatus({ store, corpus: options.corpus, feedStatus: options.feedStatus, subscriptions, composeFor }, filter, now, langOf(locale));
  }

  const open = (sub: Subscription, briefing: View): Promise<PostResult> => options.poster.post(sub.channelId, openingView(briefing, sub), sub.language);

  return { subscribe, unsubscribe, subscriptions, ensureDefault, postDueDigests, preview, status, open };
}
