/** `/digest status`: each subscription's schedule, next and last run, pauses, losses, what it would hold now; feeds. */
import type { View, ViewSection } from '../briefing/views.js';
import { langOf, say, type Lang } from '../briefing/lang.js';
import { nextSlot, zonedParts } from '../scheduler/schedule.js';
import { scheduleInWords } from '../scheduler/words.js';
import type { Store } from '../store/store.js';
import type { CorpusSnapshot } from './compose.js';
import type { Subscription } from './due.js';
import { K } from './store-keys.js';
import type { FeedStatusLine, LastRun, StatusFilter } from './types.js';

/** 'YYYY-MM-DD HH:MM Zone' as the wall clock in `timezone` shows `instant`. */
export function formatInZone(instant: Date | string, timezone: string): string {
  const p = zonedParts(new Date(instant).getTime(), timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.h)}:${two(p.mi)} ${timezone}`;
}

/** What a run ended in, in `lang`: "posted (3 articles)", "failed: …" (the error as the run recorded it). */
function outcomeText(last: LastRun, lang: Lang): string {
  if (last.outcome === 'posted') return say(lang, 'digestStatus.outcome.posted', { n: last.articles });
  if (last.outcome === 'failed' && last.error) return say(lang, 'digestStatus.outcome.failedWith', { error: last.error });
  return say(lang, `digestStatus.outcome.${last.outcome}`);
}

/** The reasons delivery.ts pauses a subscription for, by the English it stores; any other reason shows as stored. */
const PAUSE_REASONS: Readonly<Record<string, string>> = {
  'the channel was deleted or cannot be found': 'digestStatus.reason.gone',
  'the bot lacks permission to post in the channel': 'digestStatus.reason.forbidden',
};

function pauseReason(reason: string, lang: Lang): string {
  const key = Object.hasOwn(PAUSE_REASONS, reason) ? PAUSE_REASONS[reason] : undefined;
  return key ? say(lang, key) : reason;
}

export interface StatusDeps {
  store: Store;
  corpus: () => CorpusSnapshot | Promise<CorpusSnapshot>;
  feedStatus?: (() => Promise<FeedStatusLine[]>) | undefined;
  subscriptions(): Promise<Subscription[]>;
  composeFor(sub: Subscription, snapshot: CorpusSnapshot): Promise<{ view: View; articles: number }>;
}

/** A feed's health line: "OK https://… — 12 items" (the poller's text stays English: it is the operator's). */
export function feedLine(f: FeedStatusLine, lang: Lang = 'en'): string {
  return `${say(lang, f.ok ? 'digestStatus.feedOk' : 'digestStatus.feedFailing')} ${f.url} — ${f.text}`;
}

/** The status view of the subscriptions `filter` selects, at `now`, in `lang` (the admin's, English by default). */
export async function digestStatus(deps: StatusDeps, filter: StatusFilter, now: Date, lang: Lang = 'en'): Promise<View> {
  const { store, subscriptions, composeFor } = deps;
  const options = deps;
  const snapshot = await options.corpus();
  const subs = (await subscriptions()).filter(
    (s) =>
      (!filter.channelId || s.channelId === filter.channelId) &&
      (!filter.guildId || s.guildId === filter.guildId || (s.guildId === null && filter.guildChannelIds?.has(s.channelId) === true)),
  );
  const sections: ViewSection[] = [];
  for (const sub of subs) {
    const at = (instant: Date | string) => formatInZone(instant, sub.timezone);
    // Field names do not render mentions: the channel goes in the first line, where <#id> shows as #name.
    const lines = [
      say(lang, 'digestStatus.channel', { channel: sub.channelId }),
      say(lang, 'digestStatus.schedule', { schedule: scheduleInWords(sub.cron, sub.timezone, lang), language: sub.language }),
    ];
    if (sub.paused) lines.push(say(lang, 'digestStatus.paused', { at: at(sub.paused.at), reason: pauseReason(sub.paused.reason, lang) }));
    else {
      const next = nextSlot(sub.cron, sub.timezone, now);
      lines.push(next ? say(lang, 'digestStatus.nextRun', { at: at(next) }) : say(lang, 'digestStatus.nextNever'));
    }
    const last = await store.get<LastRun>(K.last(sub.channelId));
    lines.push(last ? say(lang, 'digestStatus.lastRun', { at: at(last.slot), outcome: outcomeText(last, lang) }) : say(lang, 'digestStatus.lastNone'));
    for (const lost of (await store.get<LastRun[]>(K.lost(sub.channelId))) ?? []) {
      lines.push(say(lang, 'digestStatus.lost', { slot: at(lost.slot), at: at(lost.at) }));
    }
    const { view, articles } = await composeFor(sub, snapshot);
    // The digest is composed in the subscription's language: its heading is that language's.
    const meetingsHeading = say(langOf(sub.language), 'heading.newMeetings');
    const meetings = view.sections.find((s) => s.heading === meetingsHeading)?.lines.length ?? 0;
    lines.push(
      articles === 0
        ? say(lang, 'digestStatus.wouldNothing')
        : say(lang, 'digestStatus.would', { articles: say(lang, 'digestStatus.articles', { n: articles }), meetings: say(lang, 'digestStatus.meetingLines', { n: meetings }) }),
    );
    sections.push({ heading: say(lang, sub.origin === 'config' ? 'digestStatus.defaultSubscription' : 'digestStatus.subscription'), lines });
  }
  const feeds = options.feedStatus ? await options.feedStatus() : [];
  if (feeds.length > 0) sections.push({ heading: say(lang, 'digestStatus.feeds'), lines: feeds.map((f) => feedLine(f, lang)) });
  return {
    kind: 'notice',
    title: say(lang, 'digestStatus.title'),
    intro: null,
    sections,
    items: [],
    citations: [],
    empty: sections.length === 0 ? say(lang, 'digestStatus.empty') : null,
    footer: say(lang, 'digestStatus.footer', { store: store.kind }),
  };
}
