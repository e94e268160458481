import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createDiscordPoster } from '../../src/discord/digest-poster.js';
import { createDigestService } from '../../src/digest/service.js';
import { openStore, type Log } from '../../src/store/store.js';
import { DiscordServer, snowflake } from '../helpers/discord-server.js';
import { doc, snapshot } from './fixtures.js';

const TOKEN = 'digest-test-token-0123456789abcdef';
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

let server: DiscordServer;
let client: Client;

beforeAll(async () => {
  server = await DiscordServer.start({ token: TOKEN });
  client = new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: { parse: [] }, rest: { version: '10', api: server.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await server?.close();
});

describe('digest posting through Discord (local protocol server)', () => {
  it('posts the digest as embeds without mentions, and pauses on a lost permission or a deleted channel', async () => {
    const docs = [doc('old', 'en', 'Old', 'Kyodo', '2025-01-01')];
    const store = await openStore('memory://', quiet);
    const service = createDigestService({ store, poster: createDiscordPoster(client), corpus: () => snapshot(docs), log: quiet });
    await service.subscribe({ channelId: server.channelId, guildId: server.guildId, schedule: 'daily 08:00', timezone: 'Asia/Tokyo' }, new Date('2025-03-01T00:00:00Z'));
    docs.push(doc('n1', 'ja', '日越首脳会談 @everyone', 'NHK', '2025-03-01'));

    expect(await service.postDueDigests(new Date('2025-03-01T23:00:00Z'))).toEqual([
      { channelId: server.channelId, slot: '2025-03-01T23:00:00.000Z', outcome: 'posted' },
    ]);
    const posts = server.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${server.channelId}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { allowed_mentions: unknown; embeds: Array<{ title: string; fields: Array<{ name: string; value: string }> }> };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.title).toBe('Vietnam–Japan digest');
    expect(body.embeds[0]!.fields[0]!.name).toBe('New articles');
    expect(body.embeds[0]!.fields[0]!.value).toContain('日越首脳会談');

    // permission lost: Discord answers 50013 → paused, not retried
    docs.push(doc('n2', 'vi', 'Tin mới', 'VnExpress', '2025-03-02'));
    server.failNext(({ method, path }) => method === 'POST' && path === `/channels/${server.channelId}/messages`, 403, { message: 'Missing Permissions', code: 50013 });
    expect((await service.postDueDigests(new Date('2025-03-02T23:00:00Z')))[0]!.outcome).toBe('forbidden');
    expect(await service.postDueDigests(new Date('2025-03-03T23:00:00Z'))).toEqual([]);
    expect((await service.subscriptions())[0]!.paused?.reason).toBe('the bot lacks permission to post in the channel');

    // a deleted channel: Unknown Channel (10003)
    const gone = snowflake();
    await service.subscribe({ channelId: gone, guildId: server.guildId, schedule: 'daily 08:00', timezone: 'UTC' }, new Date('2025-03-04T00:00:00Z'));
    docs.push(doc('n3', 'de', 'Neue Nachricht', 'dpa', '2025-03-04'));
    server.failNext(({ method, path }) => method === 'GET' && path === `/channels/${gone}`, 404, { message: 'Unknown Channel', code: 10003 });
    expect(await service.postDueDigests(new Date('2025-03-04T08:00:00Z'))).toEqual([{ channelId: gone, slot: '2025-03-04T08:00:00.000Z', outcome: 'gone' }]);
  });
});
