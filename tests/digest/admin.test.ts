import { describe, it, expect } from 'vitest';
import { answerDigestRequest, handleDigestRequest, type DigestCaller } from '../../src/digest/admin.js';
import type { View } from '../../src/briefing/views.js';
import { createDigestService, type DigestService } from '../../src/digest/service.js';
import { openStore, StoreError, type Log } from '../../src/store/store.js';
import { doc, snapshot } from './fixtures.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };
const ADMIN_A: DigestCaller = { guildId: 'guild-a', canManage: true };
const ADMIN_B: DigestCaller = { guildId: 'guild-b', canManage: true };
/** 2025-03-01 00:00 UTC, 09:00 in Tokyo: the next 08:00 there is the following day. */
const MARCH_1 = Date.UTC(2025, 2, 1);

async function service(): Promise<DigestService> {
  const store = await openStore('memory://', quiet);
  const corpus = snapshot([doc('a', 'vi', 'Tin cũ', 'VnExpress', '2025-01-01')]);
  return createDigestService({ store, poster: { post: async () => 'ok' }, corpus: () => corpus, log: quiet });
}

describe('answerDigestRequest', () => {
  it('refuses outside a server and without Manage Server, before touching the service', async () => {
    const digest = await service();
    await expect(answerDigestRequest({ digest }, { guildId: null, canManage: true }, { kind: 'feeds-list' })).rejects.toMatchObject({
      code: 'FORBIDDEN', message: 'Digests are set up inside a server.',
    });
    await expect(answerDigestRequest({ digest }, { guildId: 'guild-a', canManage: false }, { kind: 'unsubscribe', channelId: 'c1' })).rejects.toMatchObject({
      code: 'FORBIDDEN', message: 'Only members with the Manage Server permission can manage digests.',
    });
  });

  it('never lets one server unsubscribe a channel another server subscribed', async () => {
    const digest = await service();
    await answerDigestRequest({ digest, clock: () => MARCH_1 }, ADMIN_A, { kind: 'subscribe', channelId: 'c1', schedule: 'daily 08:00' });
    await expect(answerDigestRequest({ digest }, ADMIN_B, { kind: 'unsubscribe', channelId: 'c1' })).rejects.toMatchObject({
      code: 'FORBIDDEN', message: 'That channel belongs to another server.',
    });
    expect((await digest.subscriptions()).map((s) => s.channelId)).toEqual(['c1']);
    const done = await answerDigestRequest({ digest }, ADMIN_A, { kind: 'unsubscribe', channelId: 'c1' });
    expect(done.sections).toEqual([{ heading: 'Digest', lines: ['Unsubscribed: no more digests in that channel.'] }]);
  });

  it('reads the time from the injected clock: the next run follows it', async () => {
    const digest = await service();
    const view = await answerDigestRequest({ digest, clock: () => MARCH_1 }, ADMIN_A, {
      kind: 'subscribe', channelId: 'c1', schedule: 'daily 08:00', timezone: 'Asia/Tokyo',
    });
    expect(view.sections[0]!.lines.find((l) => l.startsWith('Next run:'))).toBe('Next run: 2025-03-02 08:00 Asia/Tokyo');
  });

  it('posts the opening briefing of a new subscription only, after the answer, and only logs a failed one', async () => {
    const store = await openStore('memory://', quiet);
    const corpus = snapshot([doc('a', 'vi', 'Tin cũ', 'VnExpress', '2025-01-01')]);
    const posted: Array<{ channelId: string; title: string }> = [];
    const digest = createDigestService({
      store, poster: { post: async (channelId, view) => (posted.push({ channelId, title: view.title }), 'ok') }, corpus: () => corpus, log: quiet,
    });
    const briefing: View = {
      kind: 'briefing', title: 'Vietnam–Japan briefing', intro: null, items: [], empty: null, footer: null, citations: [],
      sections: [{ heading: 'Latest meetings', lines: ['One.'] }],
    };
    const languages: string[] = [];
    const deps = { digest, clock: () => MARCH_1, openingBriefing: async (language: string) => (languages.push(language), briefing) };
    const subscribe = { kind: 'subscribe', channelId: 'c1', schedule: 'daily 08:00', language: 'vi' } as const;

    const first = await handleDigestRequest(deps, ADMIN_A, subscribe);
    expect(first.view.intro).toBe('Subscribed. An opening briefing on where the relationship stands follows in <#c1>; after it, only what is new.');
    expect(posted).toEqual([]);
    await first.followUp();
    expect(posted).toEqual([{ channelId: 'c1', title: 'Việt Nam – Nhật Bản: quan hệ hiện nay' }]);
    expect(languages).toEqual(['vi']);

    // Subscribing the channel again changes its schedule: no second opening.
    const again = await answerDigestRequest(deps, ADMIN_A, { ...subscribe, schedule: 'weekly mon 08:00' });
    expect(again.intro).toBeNull();
    expect(posted).toHaveLength(1);

    // A briefing that fails is logged; the request still answers.
    const warnings: unknown[] = [];
    const failing = { ...deps, openingBriefing: async () => { throw new Error('model down'); }, log: { warn: (...args: unknown[]) => void warnings.push(args) } };
    const view = await answerDigestRequest(failing as never, ADMIN_A, { ...subscribe, channelId: 'c2' });
    expect(view.title).toBe('Digest status');
    expect(warnings).toHaveLength(1);
    expect(posted).toHaveLength(1);
  });

  it('turns request mistakes and an unreachable store into user errors, and says when there is no store', async () => {
    const digest = await service();
    await expect(answerDigestRequest({ digest }, ADMIN_A, { kind: 'subscribe', channelId: 'c1', schedule: 'when it rains' })).rejects.toMatchObject({
      name: 'UserFacingError', code: 'INVALID_INPUT',
    });
    const broken = { ...digest, preview: () => Promise.reject(new StoreError('STORE_UNAVAILABLE', 'connection refused')) };
    await expect(answerDigestRequest({ digest: broken }, ADMIN_A, { kind: 'preview', channelId: 'c1' })).rejects.toMatchObject({
      name: 'UserFacingError', code: 'ENGINE_UNAVAILABLE', message: expect.stringContaining('nothing was changed'),
    });
    await expect(answerDigestRequest({}, ADMIN_A, { kind: 'status', guildChannelIds: new Set() })).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE', message: 'Digests are not available on this bot (no store configured).',
    });
    await expect(answerDigestRequest({ digest }, ADMIN_A, { kind: 'feeds-list' })).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE', message: 'Feeds are not enabled on this bot.',
    });
  });
});
