/**
 * Delivery of one (channel, slot): owns → claim → compose → post → record (see service.ts for the guarantees).
 * A claim whose write failed is remembered: when the store is back and holds our own claim, that slot is ours.
 */
import type { View } from '../briefing/views.js';
import type { Log, Store } from '../store/store.js';
import { snapshotCursor, type CorpusSnapshot } from './compose.js';
import type { Subscription } from './due.js';
import { K } from './store-keys.js';
import type { Claim, Delivery, LastRun, PostResult, Poster } from './types.js';
import { errorText, type WriteBehind } from './write-behind.js';

/** How long a claim is kept (it only has to outlive its slot). */
export const CLAIM_TTL_MS = 35 * 24 * 3600_000;
/** A claim older than this with no delivery record is taken as lost in a crash (a post takes seconds). */
export const CLAIM_STALE_MS = 15 * 60_000;
/** Lost slots remembered per channel for /digest status. */
const LOST_KEPT = 5;

export interface DeliveryDeps {
  store: Store;
  poster: Poster;
  log: Log;
  corpus: () => CorpusSnapshot | Promise<CorpusSnapshot>;
  postWhenEmpty?: boolean | undefined;
  rewrite?: ((view: View, language: string) => Promise<View>) | undefined;
  /** Identifies this process in claims. */
  owner: string;
  writes: WriteBehind;
  /** The digest a subscription would get from `snapshot` now, and how many articles it covers. */
  composeFor(sub: Subscription, snapshot: CorpusSnapshot): Promise<{ view: View; articles: number }>;
}

export function createDelivery(deps: DeliveryDeps): { deliver(sub: Subscription, slot: string, now: Date): Promise<Delivery['outcome']> } {
  const { store, poster, log, owner, composeFor } = deps;
  const options = deps;
  const persist = deps.writes.persist;
  /** Claim keys whose setIfAbsent failed: written or not, this process never posted those slots. */
  const uncertainClaims = new Set<string>();

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
      result = await poster.post(sub.channelId, written, sub.language);
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

  return { deliver };
}
