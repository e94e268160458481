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
 */
import { randomUUID } from 'node:crypto';
import type { View, ViewSection } from '../briefing/views.js';
import { isTimeZone } from '../config.js';
import { nextSlot, parseSchedule, zonedParts } from '../scheduler/schedule.js';
import { scheduleInWords } from '../scheduler/words.js';
import { openingView } from './opening.js';
import type { Log, Store } from '../store/store.js';
import { composeDigest, newDocumentIds, snapshotCursor, type CorpusSnapshot, type DigestCursor } from './compose.js';
import { dueDigests, type Subscription } from './due.js';

/** How long a claim is kept (it only has to outlive its slot). */
export const CLAIM_TTL_MS = 35 * 24 * 3600_000;
/** A claim older than this with no delivery record is taken as lost in a crash (a post takes seconds). */
export const CLAIM_STALE_MS = 15 * 60_000;
/** Lost slots remembered per channel for /digest status. */
const LOST_KEPT = 5;

/** Posts a digest view to a channel. 'gone': the channel no longer exists; 'forbidden': the bot may not post there. */
export interface Poster {
  post(channelId: string, view: View): Promise<PostResult>;
  /**
   * False when this process does not serve the channel (a sharded bot: the channel's guild belongs to another
   * shard). Asked before the slot is claimed, so the slot stays open for the process that does serve it and the
   * subscription is not paused. Omitted: every channel is this process's.
   */
  owns?(channelId: string, guildId: string | null): Promise<boolean>;
}
export type PostResult = 'ok' | 'gone' | 'forbidden';

export type DigestErrorCode = 'DIGEST_SCHEDULE_INVALID' | 'DIGEST_TIMEZONE_INVALID' | 'DIGEST_NOT_SUBSCRIBED' | 'DIGEST_LANGUAGE_INVALID';

/** A mistake in what an admin asked for; `message` is meant for them. */
export class DigestError extends Error {
  constructor(readonly code: DigestErrorCode, message: string) {
    super(message);
    this.name = 'DigestError';
  }
}

export type RunOutcome = 'posted' | 'empty' | 'failed' | 'gone' | 'forbidden' | 'lost';

/** What happened to a channel's most recent slot. */
export interface LastRun {
  slot: string;
  outcome: RunOutcome;
  at: string;
  articles: number;
  error?: string;
}

interface Claim {
  owner: string;
  at: string;
}

/** One line per feed for /digest status (filled by src/feeds). */
export interface FeedStatusLine {
  url: string;
  ok: boolean;
  text: string;
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

export interface SubscribeInput {
  channelId: string;
  guildId: string | null;
  schedule: string;
  timezone?: string;
  language?: string;
}

export interface Delivery {
  channelId: string;
  slot: string;
  /** 'not-mine': another process (shard) serves this channel; nothing was claimed or recorded here. */
  outcome: RunOutcome | 'claimed-elsewhere' | 'not-mine';
}

/** Which subscriptions a status shows. A subscription without a guild (the default one) shows in a guild only when its channel is in `guildChannelIds`. */
export interface StatusFilter {
  channelId?: string;
  guildId?: string;
  guildChannelIds?: ReadonlySet<string>;
}

export interface DigestService {
  subscribe(input: SubscribeInput, now: Date, origin?: Subscription['origin']): Promise<Subscription>;
  /** False when the channel had no subscription. */
  unsubscribe(channelId: string): Promise<boolean>;
  subscriptions(): Promise<Subscription[]>;
  /** Creates or updates the subscription from DIGEST_CHANNEL_ID/DIGEST_SCHEDULE/DIGEST_TIMEZONE. */
  ensureDefault(config: { channelId: string | null; schedule: string | null; timezone: string; language: string }, now: Date): Promise<Subscription | null>;
  /** Posts every digest owed at `now` (the scheduler's only call). */
  postDueDigests(now: Date): Promise<Delivery[]>;
  /** What the channel's next digest would hold now; `null`: the default subscription, else everything. */
  preview(channelId: string | null, now: Date): Promise<View>;
  /** Subscriptions (one channel, or all of a guild, or all), their next/last run, pauses, losses, feeds. */
  status(filter: StatusFilter, now: Date): Promise<View>;
  /** Posts the opening briefing of a new subscription in its channel (see opening.ts). */
  open(sub: Subscription, briefing: View): Promise<PostResult>;
}

/**
 * Store keys. A subscription is one record per channel (`digest:sub:<channel>`); `digest:subscriptions` is the list
 * of subscribed channels, changed only through `Store.update` (compare-and-set), so admins subscribing different
 * channels at the same instant from different processes never drop each other's entry. Its format is unchanged
 * (a JSON array of channel ids), so a bot upgraded in place reads the subscriptions it already had.
 */
const K = {
  index: 'digest:subscriptions',
  sub: (ch: string) => `digest:sub:${ch}`,
  cursor: (ch: string) => `digest:cursor:${ch}`,
  last: (ch: string) => `digest:last:${ch}`,
  lastPosted: (ch: string) => `digest:last-posted:${ch}`,
  lost: (ch: string) => `digest:lost:${ch}`,
  claim: (ch: string, slot: string) => `digest:claim:${ch}:${slot}`,
};

/** 'YYYY-MM-DD HH:MM Zone' as the wall clock in `timezone` shows `instant`. */
export function formatInZone(instant: Date | string, timezone: string): string {
  const p = zonedParts(new Date(instant).getTime(), timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.h)}:${two(p.mi)} ${timezone}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const OUTCOME_TEXT: Record<RunOutcome, string> = {
  posted: 'posted',
  empty: 'nothing new, not posted',
  failed: 'failed',
  gone: 'channel deleted',
  forbidden: 'no permission to post',
  lost: 'lost in a crash (claimed, never posted); its content comes with the next digest',
};

export function createDigestService(options: DigestServiceOptions): DigestService {
  const { store, poster, log } = options;
  const owner = options.owner ?? randomUUID();
  /** Writes owed to the store (it failed while they were made), replayed in order before anything else. */
  const pending: Array<{ key: string; value: unknown }> = [];
  /** Claim keys whose setIfAbsent failed: written or not, this process never posted those slots. */
  const uncertainClaims = new Set<string>();

  async function flushPending(): Promise<void> {
    if (pending.length === 0) return;
    while (pending.length > 0) {
      const next = pending[0]!;
      await store.set(next.key, next.value);
      pending.shift();
    }
    log.info({}, 'digest records kept while the store was down are written');
  }

  /** Writes in order; on a store failure keeps the rest for `flushPending` and rethrows. */
  async function persist(writes: Array<{ key: string; value: unknown }>, context: object): Promise<void> {
    for (let i = 0; i < writes.length; i++) {
      try {
        await store.set(writes[i]!.key, writes[i]!.value);
      } catch (error) {
        pending.push(...writes.slice(i));
        log.error({ ...context, err: errorText(error), kept: writes.length - i }, 'store failed while recording a digest: kept in memory, written when the store is back');
        throw error;
      }
    }
  }

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
    if ('error' in parsed) throw new DigestError('DIGEST_SCHEDULE_INVALID', `Schedule "${input.schedule}": ${parsed.error}.`);
    const timezone = input.timezone?.trim() || 'UTC';
    if (!isTimeZone(timezone)) {
      throw new DigestError('DIGEST_TIMEZONE_INVALID', `Unknown time zone "${timezone}": use an IANA name such as Asia/Ho_Chi_Minh.`);
    }
    const language = (input.language?.trim() || 'en').toLowerCase();
    if (!/^[a-z]{2}$/.test(language)) throw new DigestError('DIGEST_LANGUAGE_INVALID', `Language "${language}": expected a two-letter code such as en, vi, ja.`);
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
    const view = composeDigest(snapshot.knowledge, ids, { since: await since(sub.channelId, sub.timezone), ...(snapshot.textOf ? { textOf: snapshot.textOf } : {}) });
    return { view, articles: ids.length };
  }

  async function record(channelId: string, run: LastRun): Promise<void> {
    await persist([{ key: K.last(channelId), value: run }], { channel: channelId, slot: run.slot });
  }

  /** Claims the slot; true when this process may deliver it. */
  async function claim(channelId: string, slot: string, now: Date): Promise<boolean> {
    const key = K.claim(channelId, slot);
    let won: boolean;
    try {
      won = await store.setIfAbsent<Claim>(key, { owner, at: now.toISOString() }, CLAIM_TTL_MS);
    } catch (error) {
      uncertainClaims.add(key);
      throw error;
    }
    if (!won && uncertainClaims.has(key)) {
      // Our own claim whose answer was lost with the connection: nothing was posted for it, so it is ours to deliver.
      won = (await store.get<Claim>(key))?.owner === owner;
      if (won) log.warn({ channel: channelId, slot }, 'digest claim written while the store failed: delivering it now');
    }
    uncertainClaims.delete(key);
    return won;
  }

  async function handleLostClaim(sub: Subscription, slot: string, now: Date): Promise<void> {
    const claim = await store.get<Claim>(K.claim(sub.channelId, slot));
    if (!claim || claim.owner === owner) return;
    if (now.getTime() - Date.parse(claim.at) < CLAIM_STALE_MS) return; // another process may be posting right now
    const last = await store.get<LastRun>(K.last(sub.channelId));
    if (last && last.slot === slot) return;
    log.warn({ channel: sub.channelId, slot, claimedAt: claim.at }, 'digest slot lost in a crash: claimed but never posted; not posting it twice');
    await record(sub.channelId, { slot, outcome: 'lost', at: now.toISOString(), articles: 0 });
    const lost = (await store.get<LastRun[]>(K.lost(sub.channelId))) ?? [];
    await store.set(K.lost(sub.channelId), [{ slot, outcome: 'lost', at: claim.at, articles: 0 }, ...lost].slice(0, LOST_KEPT));
  }

  async function deliver(sub: Subscription, slot: string, now: Date): Promise<Delivery['outcome']> {
    if (poster.owns && !(await poster.owns(sub.channelId, sub.guildId))) return 'not-mine';
    const won = await claim(sub.channelId, slot, now);
    if (!won) {
      await handleLostClaim(sub, slot, now);
      return 'claimed-elsewhere';
    }
    const snapshot = await options.corpus();
    const { view, articles } = await composeFor(sub, snapshot);
    const at = now.toISOString();
    if (articles === 0 && !options.postWhenEmpty) {
      await record(sub.channelId, { slot, outcome: 'empty', at, articles });
      return 'empty';
    }
    let result: PostResult;
    try {
      const written = options.rewrite ? await options.rewrite(view, sub.language).catch(() => view) : view;
      result = await poster.post(sub.channelId, written);
    } catch (error) {
      // Unknown whether anything reached the channel: never retried (at most once); the next slot carries it.
      log.error({ channel: sub.channelId, slot, err: errorText(error) }, 'digest post failed');
      await record(sub.channelId, { slot, outcome: 'failed', at, articles, error: errorText(error) });
      return 'failed';
    }
    if (result === 'ok') {
      log.info({ channel: sub.channelId, slot, articles }, 'digest posted');
      await persist(
        [
          { key: K.cursor(sub.channelId), value: snapshotCursor(snapshot.hashes) },
          { key: K.lastPosted(sub.channelId), value: { slot, at } },
          { key: K.last(sub.channelId), value: { slot, outcome: 'posted', at, articles } satisfies LastRun },
        ],
        { channel: sub.channelId, slot },
      );
      return 'posted';
    }
    const reason = result === 'gone' ? 'the channel was deleted or cannot be found' : 'the bot lacks permission to post in the channel';
    log.warn({ channel: sub.channelId, slot, result }, `digest subscription paused: ${reason}`);
    await persist(
      [
        { key: K.sub(sub.channelId), value: { ...sub, paused: { reason, at } } },
        { key: K.last(sub.channelId), value: { slot, outcome: result, at, articles, error: reason } satisfies LastRun },
      ],
      { channel: sub.channelId, slot },
    );
    return result;
  }

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

  async function preview(channelId: string | null, _now: Date): Promise<View> {
    await flushPending();
    const snapshot = await options.corpus();
    const subs = await subscriptions();
    const sub = channelId ? subs.find((s) => s.channelId === channelId) : subs.find((s) => s.origin === 'config');
    if (channelId && !sub) throw new DigestError('DIGEST_NOT_SUBSCRIBED', 'This channel has no digest subscription: use /digest subscribe first.');
    if (!sub) return composeDigest(snapshot.knowledge, newDocumentIds(snapshot, {}), { since: null, ...(snapshot.textOf ? { textOf: snapshot.textOf } : {}) });
    return (await composeFor(sub, snapshot)).view;
  }

  async function status(filter: StatusFilter, now: Date): Promise<View> {
    await flushPending();
    const snapshot = await options.corpus();
    const subs = (await subscriptions()).filter(
      (s) =>
        (!filter.channelId || s.channelId === filter.channelId) &&
        (!filter.guildId || s.guildId === filter.guildId || (s.guildId === null && filter.guildChannelIds?.has(s.channelId) === true)),
    );
    const sections: ViewSection[] = [];
    for (const sub of subs) {
      // Field names do not render mentions: the channel goes in the first line, where <#id> shows as #name.
      const lines = [`Channel: <#${sub.channelId}>`, `Schedule: ${scheduleInWords(sub.cron, sub.timezone)} · language ${sub.language}`];
      if (sub.paused) lines.push(`Paused since ${formatInZone(sub.paused.at, sub.timezone)}: ${sub.paused.reason}. Subscribe again to resume.`);
      else {
        const next = nextSlot(sub.cron, sub.timezone, now);
        lines.push(`Next run: ${next ? formatInZone(next, sub.timezone) : 'never (the schedule has no upcoming slot)'}`);
      }
      const last = await store.get<LastRun>(K.last(sub.channelId));
      lines.push(
        last
          ? `Last run: ${formatInZone(last.slot, sub.timezone)} — ${OUTCOME_TEXT[last.outcome]}${last.outcome === 'posted' ? ` (${last.articles} articles)` : ''}${last.outcome === 'failed' && last.error ? `: ${last.error}` : ''}`
          : 'Last run: none yet',
      );
      for (const lost of (await store.get<LastRun[]>(K.lost(sub.channelId))) ?? []) {
        lines.push(`Lost in a crash: the ${formatInZone(lost.slot, sub.timezone)} digest (claimed ${formatInZone(lost.at, sub.timezone)}, never posted)`);
      }
      const { view, articles } = await composeFor(sub, snapshot);
      const meetings = view.sections.find((s) => s.heading === 'New meetings')?.lines.length ?? 0;
      lines.push(articles === 0 ? 'Would contain now: nothing new' : `Would contain now: ${articles} new article${articles === 1 ? '' : 's'}, ${meetings} meeting line${meetings === 1 ? '' : 's'}`);
      sections.push({ heading: sub.origin === 'config' ? 'Default subscription' : 'Subscription', lines });
    }
    const feeds = options.feedStatus ? await options.feedStatus() : [];
    if (feeds.length > 0) sections.push({ heading: 'Feeds', lines: feeds.map((f) => `${f.ok ? 'OK' : 'FAILING'} ${f.url} — ${f.text}`) });
    return {
      kind: 'notice',
      title: 'Digest status',
      intro: null,
      sections,
      items: [],
      citations: [],
      empty: sections.length === 0 ? 'No digest subscription here. Use /digest subscribe.' : null,
      footer: `Times in each subscription's time zone. Store: ${store.kind}.`,
    };
  }

  const open = (sub: Subscription, briefing: View): Promise<PostResult> => poster.post(sub.channelId, openingView(briefing, sub));

  return { subscribe, unsubscribe, subscriptions, ensureDefault, postDueDigests, preview, status, open };
}
