/**
 * Discord faults and abuse, through the real discord.js client against tests/helpers/discord-server.ts:
 * REST 500s (retried, then given up on without crashing), per-user and per-guild command limits, the DM cooldown and
 * question cap, and /digest refused server-side to a member without Manage Server, whatever the client let through.
 * (429s and gateway drops are covered by tests/discord/bot.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { parseConfig } from '../../src/config.js';
import { commands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/discord/client.js';
import { createDigestService, type Poster } from '../../src/digest/service.js';
import { createLogger } from '../../src/log.js';
import { captureLog } from '../helpers/log-capture.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createFixtureEngine } from '../helpers/fixture-engine.js';
import { DiscordServer, MEMBER_PERMISSIONS, snowflake, type RecordedCall, type User } from '../helpers/discord-server.js';
import { snapshot, doc } from '../digest/fixtures.js';

const TOKEN = 'MTIz.fake-token-value-0123456789abcdef';
const APP_ID = '212233445566778899';
/** The helper's default member permissions: everything a normal member has, not Manage Server. */
const MEMBER = BigInt(MEMBER_PERMISSIONS);
const ADMIN = MEMBER | PermissionFlagsBits.ManageGuild;

const { lines: logLines, sink: logSink } = captureLog();

let server: DiscordServer;
let bot: Bot;
/** The bot's clock: each block starts a fresh rate-limit minute. */
let now = Date.now();
const nextMinute = () => {
  now += 120_000;
};
let store: Store;

/** Log lines arrive without a REST call to wake `server.waitUntil`: poll for them. */
async function poll<T>(find: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error('timed out waiting for a log line');
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Body = { type: number; data?: { content?: string; flags?: number; embeds?: Array<{ title?: string }> } };

function callbackOf(i: { id: string }, status = 204): Promise<RecordedCall> {
  return server.waitForCall((c) => c.path.startsWith(`/interactions/${i.id}/`) && c.status === status);
}
async function replyOf(i: { id: string }): Promise<Body> {
  return (await callbackOf(i)).body as Body;
}

/** A /digest interaction (subcommand + options) from a member with `permissions`. */
function digestCommand(sub: string, options: Array<{ name: string; type: number; value: string }>, permissions: bigint, user: User = server.user()) {
  const id = snowflake();
  const token = `itok-${id}`;
  const channel = { id: server.channelId, type: 0, guild_id: server.guildId, name: 'general', permissions: String(permissions) };
  server.dispatch('INTERACTION_CREATE', {
    id, application_id: server.appId, type: 2, token, version: 1, guild_id: server.guildId, channel_id: server.channelId, channel,
    member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, pending: false, permissions: String(permissions) },
    locale: 'en-US', guild_locale: 'en-US', app_permissions: String(ADMIN), entitlements: [], authorizing_integration_owners: { '0': server.guildId }, context: 0,
    data: {
      id: snowflake(), name: 'digest', type: 1, guild_id: server.guildId,
      options: [{ name: sub, type: 1, options }],
      resolved: { channels: { [server.channelId]: channel } },
    },
  });
  return { id, token };
}

beforeAll(async () => {
  server = await DiscordServer.start({ token: TOKEN, appId: APP_ID });
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_REST_URL: server.apiUrl,
    USER_COMMANDS_PER_MINUTE: '3',
    GUILD_COMMANDS_PER_MINUTE: '8',
    DM_COOLDOWN_SECONDS: '30',
    QUESTION_MAX_CHARS: '40',
  });
  const log = createLogger('info', { secrets: [TOKEN], destination: logSink });
  bot = createBot({ config, commands, engine: createFixtureEngine(), log, clock: () => now });
  store = await openStore('memory://', { info: () => {}, warn: () => {}, error: () => {} });
  const poster: Poster = { post: async () => 'ok' };
  const corpus = () => snapshot([doc('a', 'vi', 'Tin mới', 'VnExpress', '2025-03-01')]);
  bot.ctx.digest = createDigestService({ store, poster, corpus, log });
  await bot.start();
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await server?.close();
});

describe('Discord REST 500s', () => {
  beforeAll(nextMinute);
  it('retries a 500 on the interaction callback and still delivers the reply', async () => {
    const i = server.slash('sources', {}, server.user());
    server.failNext((c) => c.path.startsWith(`/interactions/${i.id}/`), 500, { message: 'Internal Server Error', code: 0 });
    const failed = await callbackOf(i, 500);
    const delivered = await callbackOf(i);
    expect(delivered.at).toBeGreaterThanOrEqual(failed.at);
    expect((delivered.body as Body).data?.embeds?.[0]?.title).toBe('Sources');
  });

  it('gives up on a callback that keeps failing, logs it without the token, and answers the next command', async () => {
    const user = server.user();
    const i = server.slash('sources', {}, user);
    for (let k = 0; k < 12; k++) server.failNext((c) => c.path.startsWith(`/interactions/${i.id}/`), 502, { message: 'Bad Gateway', code: 0 });
    const line = await poll(() => logLines.find((l) => l.includes(i.id) && l.includes('could not answer the error')), 15_000);
    expect(JSON.parse(line)).toMatchObject({ level: 50, interactionId: i.id });
    const attempts = server.calls.filter((c) => c.path.startsWith(`/interactions/${i.id}/`));
    expect(attempts.every((c) => c.status === 502)).toBe(true);
    expect(attempts.length).toBeGreaterThan(1); // retried before giving up
    const next = server.slash('help', {}, server.user());
    expect((await replyOf(next)).type).toBe(4);
    expect(logLines.join('')).not.toContain(TOKEN);
  }, 30_000);
});

describe('rate limits', () => {
  beforeEach(nextMinute);
  it('lets a user run 3 commands a minute, refuses the 4th with the wait, and does not hold others back', async () => {
    const a = server.user();
    for (let k = 0; k < 3; k++) expect((await replyOf(server.slash('help', {}, a))).type).toBe(4);
    const refused = await replyOf(server.slash('help', {}, a));
    expect(refused.data?.flags).toBe(64);
    expect(refused.data?.content).toBe('You are going a bit fast. Try again in 60 s.');
    expect((await replyOf(server.slash('help', {}, server.user()))).data?.embeds?.[0]?.title).toBeDefined();
  });

  it('limits the whole guild to 8 commands a minute across users, then lets it go on the next minute', async () => {
    const replies: Body[] = [];
    for (let k = 0; k < 10; k++) replies.push(await replyOf(server.slash('help', {}, server.user())));
    const refused = (r: Body) => r.data?.content?.startsWith('You are going a bit fast') === true;
    expect(replies.map(refused)).toEqual([false, false, false, false, false, false, false, false, true, true]);
    expect(replies.filter(refused).every((r) => r.data?.flags === 64)).toBe(true);
    nextMinute();
    expect(refused(await replyOf(server.slash('help', {}, server.user())))).toBe(false);
  });
});

describe('direct messages', () => {
  beforeAll(nextMinute);
  /**
   * Replies sent to `channelId` since `after`. Asked once a later message's answer has arrived: the gateway delivers
   * messages in order and a refused DM is decided before the handler awaits anything, so any reply to the earlier
   * messages would already be here.
   */
  function dmReplies(channelId: string, after: number): RecordedCall[] {
    return server.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages` && c.at >= after);
  }

  it('refuses a question over QUESTION_MAX_CHARS with its length; the cooldown counts every message and warns once', async () => {
    const user = server.user();
    const started = Date.now();
    const long = server.directMessage('x'.repeat(41), user);
    const tooLong = await server.waitForCall((c) => c.path === `/channels/${long.channelId}/messages` && c.at >= started);
    expect((tooLong.body as { content?: string }).content).toBe('Your question is 41 characters long; the limit is 40. Please shorten it.');

    const first = server.directMessage('When did they meet?', user);
    const cooldown = await server.waitForCall((c) => c.path === `/channels/${first.channelId}/messages` && c.at >= tooLong.at && typeof (c.body as { content?: string }).content === 'string' && (c.body as { content: string }).content.startsWith('Please wait'));
    expect((cooldown.body as { content: string }).content).toBe(`Please wait 30 s before asking again (<t:${Math.ceil((now + 30_000) / 1000)}:R>).`);
    // A flood during the cooldown gets no further reply.
    server.directMessage('And where?', user);
    server.directMessage('x'.repeat(41), user);
    // another user is not held back
    const other = server.user();
    const third = server.directMessage('When did they meet?', other);
    const otherAnswer = await server.waitForCall((c) => c.path === `/channels/${third.channelId}/messages` && c.at >= cooldown.at);
    expect(Array.isArray((otherAnswer.body as { embeds?: unknown[] }).embeds)).toBe(true);
    expect(dmReplies(first.channelId, cooldown.at + 1)).toEqual([]);
  });
});

describe('/digest needs Manage Server, checked by the bot itself', () => {
  beforeAll(nextMinute);
  it('refuses a member without Manage Server (even if the client showed the command) and changes nothing', async () => {
    const i = digestCommand('subscribe', [{ name: 'channel', type: 7, value: server.channelId }, { name: 'schedule', type: 3, value: 'daily 08:00' }], MEMBER);
    const body = await replyOf(i);
    expect(body.data).toMatchObject({ content: 'Only members with the Manage Server permission can manage digests.', flags: 64 });
    expect(await store.get(`digest:sub:${server.channelId}`)).toBeUndefined();
    const status = await replyOf(digestCommand('status', [], MEMBER));
    expect(status.data?.content).toBe('Only members with the Manage Server permission can manage digests.');
  });

  it('lets a member with Manage Server subscribe', async () => {
    const i = digestCommand('subscribe', [{ name: 'channel', type: 7, value: server.channelId }, { name: 'schedule', type: 3, value: 'daily 08:00' }], ADMIN);
    const body = await replyOf(i);
    expect(body.data?.embeds?.[0]?.title).toBe('Digest status');
    expect(await store.get(`digest:sub:${server.channelId}`)).toMatchObject({ channelId: server.channelId, cron: '0 8 * * *', guildId: server.guildId });
  });
});
