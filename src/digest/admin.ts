/**
 * What a server's admins ask of digests and feeds (`/digest …`), answered as views: who may ask, what each request
 * does, and which failures the admin sees as plain user errors. The Discord handler only reads the options into a
 * `DigestRequest`, calls `answerDigestRequest` and renders the view.
 */
import type { View } from '../briefing/views.js';
import { langOf, say, type Lang } from '../briefing/lang.js';
import { UserFacingError } from '../errors.js';
import { FeedError, type FeedPoller } from '../feeds/poller.js';
import { StoreError } from '../store/store.js';
import type { Logger } from '../log.js';
import type { Subscription } from './due.js';
import { DigestError, type DigestService } from './service.js';
import { feedLine } from './status-view.js';

/**
 * Who asks: the server they ask from (null outside a server), whether they hold Manage Server there, and their
 * Discord locale ('vi', 'ja', 'en-US'…): the replies to them are written in its language, English without one.
 */
export interface DigestCaller {
  guildId: string | null;
  canManage: boolean;
  locale?: string | null | undefined;
}

export type DigestRequest =
  | { kind: 'subscribe'; channelId: string; schedule: string; timezone?: string; language?: string }
  | { kind: 'unsubscribe'; channelId: string }
  | { kind: 'preview'; channelId: string }
  /** `guildChannelIds`: the channels of the caller's server (the default subscription shows when it posts in one). */
  | { kind: 'status'; guildChannelIds: ReadonlySet<string> }
  | { kind: 'feeds-list' }
  | { kind: 'feeds-add'; url: string }
  | { kind: 'feeds-remove'; url: string };

export interface DigestAdminDeps {
  /** Absent when the bot has no store: every request is refused as unavailable. */
  digest?: DigestService | undefined;
  feeds?: FeedPoller | undefined;
  /** Milliseconds since the epoch. Default Date.now. */
  clock?: (() => number) | undefined;
  /**
   * The current briefing in a language, for the opening post of a new subscription (see opening.ts). Absent: a new
   * subscription gets no opening post.
   */
  openingBriefing?: ((language: string) => Promise<View>) | undefined;
  /** Where a failed opening post is reported (it never fails the request). */
  log?: Pick<Logger, 'warn'> | undefined;
}

/** The answer to a request and what follows it once the answer is sent (the opening briefing of a new subscription). */
export interface DigestAnswer {
  view: View;
  /** Run after replying: a model-backed briefing may take seconds. Never throws; failures are logged. */
  followUp: () => Promise<void>;
}

const NOTHING = async (): Promise<void> => {};

/** The caller's server, when they may manage digests there; else a FORBIDDEN user error. */
function authorize(caller: DigestCaller, lang: Lang): string {
  if (!caller.guildId) throw new UserFacingError('FORBIDDEN', say(lang, 'digestAdmin.guildOnly'));
  if (!caller.canManage) throw new UserFacingError('FORBIDDEN', say(lang, 'digestAdmin.manageOnly'));
  return caller.guildId;
}

/** Why a schedule was not read, in `lang` (from the problem the parser names; its English reason otherwise). */
function scheduleDetail(error: DigestError, lang: Lang): { detail?: string } {
  const { problem, day } = error.params;
  if (error.code !== 'DIGEST_SCHEDULE_INVALID' || !problem) return {};
  const why = problem === 'time' ? say(lang, 'schedule.badTime') : problem === 'day' ? say(lang, 'schedule.badDay', { day: day ?? '' }) : '';
  return { detail: `${say(lang, 'schedule.expected')}${why}` };
}

/** Mistakes in the request and an unreachable store become user errors; anything else stays internal. */
async function plainErrors<T>(lang: Lang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DigestError) throw new UserFacingError('INVALID_INPUT', say(lang, `digestAdmin.error.${error.code}`, { ...error.params, ...scheduleDetail(error, lang) }));
    // The feed poller's reasons (an unreachable URL, a page that is no feed) stay in English.
    if (error instanceof FeedError) throw new UserFacingError('INVALID_INPUT', error.message);
    if (error instanceof StoreError) throw new UserFacingError('ENGINE_UNAVAILABLE', say(lang, 'digestAdmin.storeDown'));
    throw error;
  }
}

function notice(title: string, lines: string[]): View {
  return { kind: 'notice', title, intro: null, sections: [{ heading: title, lines }], items: [], citations: [], empty: null, footer: null };
}

async function answerFeeds(feeds: FeedPoller | undefined, request: DigestRequest & { kind: `feeds-${string}` }, lang: Lang): Promise<View> {
  if (!feeds) throw new UserFacingError('ENGINE_UNAVAILABLE', say(lang, 'digestAdmin.noFeeds'));
  const title = say(lang, 'digestStatus.feeds');
  switch (request.kind) {
    case 'feeds-list': {
      const lines = (await feeds.statusLines()).map((f) => feedLine(f, lang));
      return notice(title, lines.length > 0 ? lines : [say(lang, 'digestAdmin.feedsNone')]);
    }
    case 'feeds-add':
      return notice(title, [say(lang, (await feeds.add(request.url)) ? 'digestAdmin.feedAdded' : 'digestAdmin.feedPresent', { url: request.url })]);
    case 'feeds-remove':
      return notice(title, [say(lang, (await feeds.remove(request.url)) ? 'digestAdmin.feedRemoved' : 'digestAdmin.feedAbsent', { url: request.url })]);
  }
}

/** Posts the opening briefing of a new subscription; failures are logged, never thrown. */
async function postOpening(service: DigestService, sub: Subscription, deps: DigestAdminDeps, briefing: (language: string) => Promise<View>): Promise<void> {
  try {
    const result = await service.open(sub, await briefing(sub.language));
    if (result !== 'ok') deps.log?.warn({ channel: sub.channelId, result }, 'opening briefing not posted');
  } catch (error) {
    deps.log?.warn({ channel: sub.channelId, err: String(error) }, 'opening briefing not posted');
  }
}

/**
 * Answers one admin request. Throws a UserFacingError (FORBIDDEN, INVALID_INPUT, ENGINE_UNAVAILABLE) for anything
 * the admin should read; a channel subscribed from another server cannot be unsubscribed from this one. The opening
 * briefing of a new subscription is posted before this returns; `handleDigestRequest` leaves it for after the reply.
 */
export async function answerDigestRequest(deps: DigestAdminDeps, caller: DigestCaller, request: DigestRequest): Promise<View> {
  const { view, followUp } = await handleDigestRequest(deps, caller, request);
  await followUp();
  return view;
}

/** As answerDigestRequest, with the opening post of a new subscription left to the caller, to run once it has replied. */
export async function handleDigestRequest(deps: DigestAdminDeps, caller: DigestCaller, request: DigestRequest): Promise<DigestAnswer> {
  const lang = langOf(caller.locale);
  const guildId = authorize(caller, lang);
  const service = deps.digest;
  if (!service) throw new UserFacingError('ENGINE_UNAVAILABLE', say(lang, 'digestAdmin.unavailable'));
  const now = new Date((deps.clock ?? Date.now)());
  let followUp = NOTHING;
  const view = await plainErrors(lang, async (): Promise<View> => {
    switch (request.kind) {
      case 'feeds-list':
      case 'feeds-add':
      case 'feeds-remove':
        return answerFeeds(deps.feeds, request, lang);
      case 'subscribe': {
        const { kind: _, ...input } = request;
        const isNew = !(await service.subscriptions()).some((sub) => sub.channelId === request.channelId);
        const s = await service.subscribe({ ...input, guildId }, now);
        const status = await service.status({ channelId: s.channelId }, now, caller.locale ?? undefined);
        const briefing = deps.openingBriefing;
        if (!isNew || !briefing) return status;
        followUp = () => postOpening(service, s, deps, briefing);
        return { ...status, intro: say(lang, 'digestAdmin.subscribed', { channel: s.channelId }) };
      }
      case 'unsubscribe': {
        const owned = (await service.subscriptions()).find((s) => s.channelId === request.channelId);
        if (owned && owned.guildId !== null && owned.guildId !== guildId) throw new UserFacingError('FORBIDDEN', say(lang, 'digestAdmin.otherServer'));
        const removed = await service.unsubscribe(request.channelId);
        return notice(say(lang, 'digestAdmin.title'), [say(lang, removed ? 'digestAdmin.unsubscribed' : 'digestAdmin.notSubscribed')]);
      }
      case 'preview':
        return service.preview(request.channelId, now);
      case 'status':
        return service.status({ guildId, guildChannelIds: request.guildChannelIds }, now, caller.locale ?? undefined);
    }
  });
  return { view, followUp };
}
