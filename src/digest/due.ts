/**
 * Which digests are owed: pure, decided from subscriptions, the last slot handled per channel, and `now`.
 */
import { previousSlot } from '../scheduler/schedule.js';

export interface Subscription {
  channelId: string;
  guildId: string | null;
  /** The schedule as the admin wrote it ('daily 08:00'). */
  schedule: string;
  /** Normalized 5-field cron expression. */
  cron: string;
  /** IANA time zone the schedule is read in. */
  timezone: string;
  /** ISO 639-1 language of the digest. */
  language: string;
  /** ISO instant the subscription started: slots before it are never owed. */
  createdAt: string;
  /** 'config' for the default subscription from DIGEST_CHANNEL_ID. */
  origin: 'command' | 'config';
  /** Set when posting stopped for good (channel deleted, permission lost). */
  paused: { reason: string; at: string } | null;
}

/** One digest owed: a channel and the scheduled instant it is for. */
export interface DueDigest {
  channelId: string;
  slot: Date;
}

/**
 * For each active subscription, the latest slot ≤ `now` that is later than both its last handled slot and its
 * creation. A bot that was down for three slots owes one digest (the latest), not three.
 * @param lastHandled channel id → ISO instant of the last slot posted (or deliberately skipped)
 */
export function dueDigests(
  subscriptions: readonly Subscription[],
  lastHandled: Readonly<Record<string, string | undefined>>,
  now: Date,
): DueDigest[] {
  const due: DueDigest[] = [];
  for (const sub of subscriptions) {
    if (sub.paused) continue;
    const slot = previousSlot(sub.cron, sub.timezone, now);
    if (!slot) continue;
    const floor = Math.max(Date.parse(sub.createdAt), Date.parse(lastHandled[sub.channelId] ?? '') || -Infinity);
    if (slot.getTime() > floor) due.push({ channelId: sub.channelId, slot });
  }
  return due;
}
