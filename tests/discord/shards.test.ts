import { describe, it, expect, beforeAll, afterAll, onTestFailed } from 'vitest';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createDigestService, type Poster } from '../../src/digest/service.js';
import { createDiscordPoster } from '../../src/discord/digest-poster.js';
import { startShards, shardingProblem, type ShardFleet } from '../../src/discord/shards.js';
import { createLogger } from '../../src/log.js';
import { openStore, type Log, type Store } from '../../src/store/store.js';
import { DiscordServer, shardOf, snowflake, type TestGuild } from '../helpers/discord-server.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { skipWithoutRedis, REDIS_SKIP_MESSAGE, startRedis, type RedisServer } from '../helpers/redis.js';
import { doc, snapshot } from '../digest/fixtures.js';

const TOKEN = 'shard-test-token-0123456789abcdef';
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

function config(env: Record<string, string>): Config {
  return parseConfig({ DISCORD_TOKEN: TOKEN, ...env });
}

describe('sharding needs a shared Redis store', () => {
  it('refuses memory:// and SQLite with a message naming STORE_URL, accepts redis:// and rediss://', () => {
    for (const storeUrl of ['memory://', 'sqlite://data/attache.sqlite']) {
      const problem = shardingProblem(config({ SHARDS: '2', STORE_URL: storeUrl }));
      expect(problem).toMatch(/^SHARDS=2 needs STORE_URL=redis:\/\/host:port \(the store is (memory|sqlite)\)\./);
      expect(problem).not.toContain('data/attache.sqlite');
    }
    expect(shardingProblem(config({ SHARDS: 'auto', STORE_URL: 'redis://127.0.0.1:6379' }))).toBeNull();
    expect(shardingProblem(config({ SHARDS: 'auto', STORE_URL: 'rediss://user:secret@cache.example:6380' }))).toBeNull();
    expect(shardingProblem(parseConfig({ SHARDS: '2', STORE_URL: 'redis://127.0.0.1:6379' }))).toBe('SHARDS needs DISCORD_TOKEN.');
  });
});

describe('a digest for a channel another shard serves', () => {
  it('is neither claimed, recorded nor paused here, and the serving process posts that very slot', async () => {
    const store = await openStore('memory://', quiet);
    const docs = [doc('old', 'ja', '日越首脳会談', 'NHK', '2025-01-01')];
    const posted: string[] = [];
    const poster = (mine: boolean): Poster => ({
      owns: async () => mine,
      post: async (channelId) => {
        posted.push(channelId);
        return 'ok';
      },
    });
    const elsewhere = createDigestService({ store, poster: poster(false), corpus: () => snapshot(docs), log: quiet, owner: 'shard-0' });
    const serving = createDigestService({ store, poster: poster(true), corpus: () => snapshot(docs), log: quiet, owner: 'shard-1' });
    await elsewhere.subscribe({ channelId: '42', guildId: '7', schedule: 'daily 08:00', timezone: 'Asia/Ho_Chi_Minh' }, new Date('2025-03-01T00:00:00Z'));
    docs.push(doc('new', 'vi', 'Tin mới về hợp tác', 'VnExpress', '2025-03-02'));

    const at = new Date('2025-03-02T01:30:00Z'); // 08:30 in Ho Chi Minh City
    expect(await elsewhere.postDueDigests(at)).toEqual([{ channelId: '42', slot: '2025-03-02T01:00:00.000Z', outcome: 'not-mine' }]);
    expect(await store.get('digest:claim:42:2025-03-02T01:00:00.000Z')).toBeUndefined();
    expect(await store.get('digest:last:42')).toBeUndefined();
    expect((await elsewhere.subscriptions())[0]!.paused).toBeNull();

    expect(await serving.postDueDigests(at)).toEqual([{ channelId: '42', slot: '2025-03-02T01:00:00.000Z', outcome: 'posted' }]);
    expect(posted).toEqual(['42']);
    expect(await elsewhere.postDueDigests(at)).toEqual([]);
    await store.close();
  });
});

describe('the Discord poster of shard 1 of 2 (local protocol server)', () => {
  let server: DiscordServer;
  let client: Client;
  let mine: TestGuild;
  let theirs: TestGuild;

  beforeAll(async () => {
    server = await DiscordServer.start({ token: TOKEN, shards: 2 });
    theirs = server.guilds[0]!;
    mine = server.addGuild(1, 'Hội đồng');
    client = new Client({ intents: [GatewayIntentBits.Guilds], shards: [1], shardCount: 2, rest: { version: '10', api: server.apiUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login(TOKEN);
    await ready;
  });
  afterAll(async () => {
    await client?.destroy();
    await server?.close();
  });

  it('owns the channels of its guilds only, finding the guild of a subscription without one through REST', async () => {
    expect([shardOf(theirs.id, 2), shardOf(mine.id, 2)]).toEqual([0, 1]);
    expect([...client.guilds.cache.keys()]).toEqual([mine.id]);
    const poster = createDiscordPoster(client);
    expect(await poster.owns!(mine.channelId, mine.id)).toBe(true);
    expect(await poster.owns!(mine.channelId, null)).toBe(true);
    expect(await poster.owns!(theirs.channelId, theirs.id)).toBe(false);
    expect(await poster.owns!(theirs.channelId, null)).toBe(false);
    expect(server.calls.filter((c) => c.method === 'GET' && c.path === `/channels/${theirs.channelId}`)).toHaveLength(1);
    // a deleted channel: unknown to everyone, so any shard may claim the slot and report it gone
    expect(await poster.owns!(snowflake(), null)).toBe(true);
  });
});

if (skipWithoutRedis()) console.warn(`tests/discord/shards.test.ts: ${REDIS_SKIP_MESSAGE}`);

/** Resolves with the first value `get` gives (asked until then, a few times a second), or fails after `timeoutMs`. */
async function eventually<T>(get: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const value = await get();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

describe.skipIf(skipWithoutRedis())('two shard processes on one Redis (local Discord server, real child processes)', () => {
  let redis: RedisServer;
  let server: DiscordServer;
  let openai: OpenAIServer;
  let store: Store;
  let fleet: ShardFleet | undefined;
  let guildA: TestGuild;
  let guildB: TestGuild;
  let slotIso: string;
  const output = ['', ''];
  const today = new Date().toISOString().slice(0, 10);

  const showOutputOnFailure = (): void =>
    onTestFailed(() => {
      console.error(`shard 0 output:\n${output[0]!.slice(-4000)}\nshard 1 output:\n${output[1]!.slice(-4000)}`);
    });

  beforeAll(async () => {
    [redis, server, openai] = await Promise.all([startRedis(), DiscordServer.start({ token: TOKEN, shards: 2 }), startOpenAIServer()]);
    guildA = server.guilds[0]!;
    guildB = server.addGuild(1, 'ギルド B');
    store = await openStore(redis.url, quiet);

    // Two subscriptions whose slot passed two minutes ago (so each shard's start-up catch-up owes it), with every
    // seed article still unsent: one in shard 1's guild, one without a guild id (like DIGEST_CHANNEL_ID's).
    const seeding = createDigestService({ store, poster: { post: async () => 'ok' }, corpus: () => snapshot([]), log: quiet });
    const slot = new Date(Date.now() - 2 * 60_000);
    slotIso = new Date(Math.floor(slot.getTime() / 60_000) * 60_000).toISOString();
    const daily = `daily ${String(slot.getUTCHours()).padStart(2, '0')}:${String(slot.getUTCMinutes()).padStart(2, '0')}`;
    const created = new Date(Date.now() - 10 * 60_000);
    await seeding.subscribe({ channelId: guildB.channelId, guildId: guildB.id, schedule: daily, timezone: 'UTC' }, created);
    await seeding.subscribe({ channelId: guildA.channelId, guildId: null, schedule: daily, timezone: 'UTC' }, created);

    const cfg = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: server.appId,
      DISCORD_REST_URL: server.apiUrl,
      SHARDS: 'auto',
      STORE_URL: redis.url,
      CORPUS_DIR: resolve('seeds'),
      CORPUS_WATCH: 'false',
      OPENAI_API_KEY: 'sk-shard-test-0123456789',
      OPENAI_BASE_URL: openai.url,
      OPENAI_DAILY_TOKEN_BUDGET: '100',
      LOG_LEVEL: 'info',
    });
    fleet = await startShards(cfg, {
      log: createLogger('silent'),
      spawnDelayMs: 0,
      readyTimeoutMs: 40_000,
      respawn: false,
      output: (shard, text) => {
        output[shard] += text;
      },
    }).catch((error: unknown) => {
      console.error(`shard output:\n${output.join('\n---\n').slice(-6000)}`);
      throw error;
    });
  }, 60_000);

  afterAll(async () => {
    await fleet?.stop();
    await store?.close();
    await Promise.all([server?.close(), openai?.close(), redis?.stop()]);
  }, 20_000);

  it('asks the shard count through DISCORD_REST_URL and each process identifies as its own shard', () => {
    showOutputOnFailure();
    expect(fleet!.count).toBe(2);
    expect(fleet!.manager.shards.map((s) => s.process?.pid !== process.pid)).toEqual([true, true]);
    const identifies = server.gatewayLog.filter((e) => e.direction === 'in' && e.payload.op === 2).map((e) => (e.payload.d as { shard: number[] }).shard);
    expect(identifies.sort()).toEqual([[0, 2], [1, 2]]);
    const guildsOf = (shard: number) =>
      server.gatewayLog.filter((e) => e.direction === 'out' && e.payload.t === 'GUILD_CREATE' && e.shard === shard).map((e) => (e.payload.d as { id: string }).id);
    expect([guildsOf(0), guildsOf(1)]).toEqual([[guildA.id], [guildB.id]]);
  });

  it('a command in a guild of shard 1 reaches shard 1 only, and shard 1 answers it', async () => {
    showOutputOnFailure();
    const i = server.command({ name: 'sources', options: { id: '002_460abb11f1e7dc2e' }, guild: guildB });
    const delivered = server.gatewayLog.filter((e) => e.direction === 'out' && e.payload.t === 'INTERACTION_CREATE' && (e.payload.d as { id: string }).id === i.id);
    expect(delivered.map((e) => e.shard)).toEqual([1]);
    const callback = await server.waitForCall((c) => c.path === `/interactions/${i.id}/${i.token}/callback`, 10_000);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } }); // deferred: the engine is model-backed
    const edit = await server.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/${i.token}/messages/@original`), 10_000);
    const embed = (edit.body as { embeds: Array<{ description: string; fields: Array<{ name: string; value: string }> }> }).embeds[0]!;
    expect(embed.description).toBe('002\\_460abb11f1e7dc2e · ru · ВИА · date unknown');
    expect(embed.fields.find((f) => f.name === 'Meetings reported')?.value).toMatch(/^16 Nov 2024, Lima, Peru \(APEC 2024\): President Luong Cuong met Prime Minister Ishiba Shigeru/);
  });

  it('posts each subscription exactly once across both shards, by the shard serving its guild, pausing none', async () => {
    showOutputOnFailure();
    const postsTo = (channelId: string) => server.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);
    await server.waitUntil(() => (postsTo(guildA.channelId).length > 0 && postsTo(guildB.channelId).length > 0 ? true : undefined), 15_000, 'both digests');
    // Recorded as posted (after the post, under the slot's claim): from then on no shard posts that slot again.
    for (const guild of [guildA, guildB]) {
      await eventually(async () => ((await store.get<{ outcome: string }>(`digest:last:${guild.channelId}`))?.outcome === 'posted' ? true : undefined), `the ${guild.id} record`);
    }
    for (const guild of [guildA, guildB]) {
      // One digest, each page once and in order (a single page has no page footer): a second post would repeat page 1.
      const embeds = postsTo(guild.channelId).map((c) => (c.body as { embeds: Array<{ title: string; footer?: { text: string } }> }).embeds[0]!);
      const pages = embeds.map((e) => /(\d+)\D+(\d+)$/.exec(e.footer?.text ?? '')?.slice(1, 3).join('/'));
      expect(embeds.map((e) => e.title)).toEqual(embeds.map(() => 'Vietnam–Japan digest'));
      expect(pages).toEqual(embeds.length === 1 ? [undefined] : embeds.map((_, n) => `${n + 1}/${embeds.length}`));
      expect(await store.get(`digest:last:${guild.channelId}`)).toMatchObject({ slot: slotIso, outcome: 'posted', articles: 5 });
      expect(await store.get(`digest:claim:${guild.channelId}:${slotIso}`)).toMatchObject({ owner: expect.any(String) });
    }
    const subs = await createDigestService({ store, poster: { post: async () => 'ok' }, corpus: () => snapshot([]), log: quiet }).subscriptions();
    expect(subs.map((s) => [s.channelId, s.paused])).toEqual([[guildB.channelId, null], [guildA.channelId, null]]);
  });

  it('charges one model budget key in Redis: shard 0 spends it, shard 1 then answers without the model', async () => {
    showOutputOnFailure();
    const chats = () => openai.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const first = server.command({ name: 'ask', options: { question: 'When did Luong Cuong meet Ishiba?' }, guild: guildA });
    await server.waitForCall((c) => c.path === `/interactions/${first.id}/${first.token}/callback`, 10_000);
    const spent = await server.waitUntil(() => (chats().length === 1 ? true : undefined), 10_000, 'the model call');
    expect(spent).toBe(true);
    // 100 prompt + 20 completion tokens (the local server's usage), written by shard 0 into the shared key
    const used = await eventually(() => store.get<number>(`llm:tokens:${today}`), 'the budget key');
    expect(used).toBe(120);

    const second = server.command({ name: 'ask', options: { question: 'Which areas did Vietnam and Japan cooperate in?' }, guild: guildB });
    const edit = await server.waitForCall(
      (c) => c.method === 'PATCH' && c.path.includes(`/${second.token}/messages/@original`) && JSON.stringify(c.body).includes('daily model budget used up'),
      10_000,
    );
    expect(edit.status).toBe(200);
    expect(chats()).toHaveLength(1);
    expect(await store.get<number>(`llm:tokens:${today}`)).toBe(120);
  });
});
