/** The digest service's contract: what posting returns, what a run records, what the service offers. */
import type { View } from '../briefing/views.js';
import type { Subscription } from './due.js';

/** Posts a digest view to a channel. 'gone': the channel no longer exists; 'forbidden': the bot may not post there. */
export interface Poster {
  /** Posts a view in `language` (the subscription's: the UI words around it; the view is already written in it). */
  post(channelId: string, view: View, language?: string): Promise<PostResult>;
  /**
   * False when this process does not serve the channel (a sharded bot: the channel's guild belongs to another
   * shard). Asked before the slot is claimed, so the slot stays open for the process that does serve it and the
   * subscription is not paused. Omitted: every channel is this process's.
   */
  owns?(channelId: string, guildId: string | null): Promise<boolean>;
}
export type PostResult = 'ok' | 'gone' | 'forbidden';

export type RunOutcome = 'posted' | 'empty' | 'failed' | 'gone' | 'forbidden' | 'lost';

/** What happened to a channel's most recent slot. */
export interface LastRun {
  slot: string;
  outcome: RunOutcome;
  at: string;
  articles: number;
  error?: string;
}

export interface Claim {
  owner: string;
  at: string;
}

/** One line per feed for /digest status (filled by src/feeds). */
export interface FeedStatusLine {
  url: string;
  ok: boolean;
  text: string;
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
  /** The next digest of a channel (its subscription's language), or of everything in `language` without a channel. */
  preview(channelId: string | null, now: Date, language?: string): Promise<View>;
  /**
   * Subscriptions (one channel, or all of a guild, or all), their next/last run, pauses, losses, feeds; written in
   * the language of `locale` (the admin's Discord locale; English without one).
   */
  status(filter: StatusFilter, now: Date, locale?: string): Promise<View>;
  /** Posts the opening briefing of a new subscription in its channel (see opening.ts). */
  open(sub: Subscription, briefing: View): Promise<PostResult>;
}
