/** `/digest status`: each subscription's schedule, next and last run, pauses, losses, what it would hold now; feeds. */
import type { View, ViewSection } from '../briefing/views.js';
import { nextSlot, zonedParts } from '../scheduler/schedule.js';
import { scheduleInWords } from '../scheduler/words.js';
import type { Store } from '../store/store.js';
import type { CorpusSnapshot } from './compose.js';
import type { Subscription } from './due.js';
import { K } from './store-keys.js';
import type { FeedStatusLine, LastRun, RunOutcome, StatusFilter } from './types.js';

/** 'YYYY-MM-DD HH:MM Zone' as the wall clock in `timezone` shows `instant`. */
export function formatInZone(instant: Date | string, timezone: string): string {
  const p = zonedParts(new Date(instant).getTime(), timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.h)}:${two(p.mi)} ${timezone}`;
}

const OUTCOME_TEXT: Record<RunOutcome, string> = {
  posted: 'posted',
  empty: 'nothing new, not posted',
  failed: 'failed',
  gone: 'channel deleted',
  forbidden: 'no permission to post',
  lost: 'lost in a crash (claimed, never posted); its content comes with the next digest',
};

export interface StatusDeps {
  store: Store;
  corpus: () => CorpusSnapshot | Promise<CorpusSnapshot>;
  feedStatus?: (() => Promise<FeedStatusLine[]>) | undefined;
  subscriptions(): Promise<Subscription[]>;
  composeFor(sub: Subscription, snapshot: CorpusSnapshot): Promise<{ view: View; articles: number }>;
}

/** The status view of the subscriptions `filter` selects, at `now`. */
export async function digestStatus(deps: StatusDeps, filter: StatusFilter, now: Date): Promise<View> {
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
