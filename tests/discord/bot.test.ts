/**
 * End to end through the REAL discord.js client, against tests/helpers/discord-server.ts on 127.0.0.1
 * (REST + gateway over real sockets). Nothing of discord.js is mocked.
 * The engine is injected: switch `makeEngine` to the real `createEngine` when it lands.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { Engine } from '../../src/briefing/views.js';
import { createBot, type Bot } from '../../src/discord/client.js';
import { deployCommands, commandPayloads, validateCommandPayload } from '../../src/discord/deploy.js';
import { createLogger } from '../../src/log.js';
import { createFixtureEngine } from '../helpers/fixture-engine.js';
import { DiscordServer, messageProblems, type RecordedCall } from '../helpers/discord-server.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.test-token.secret-part-never-logged';
const APP_ID = '112233445566778899';

/**
 * The one line to switch to the real engine, e.g.
 * `(await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 })).engine` (from src/app.ts).
 */
const makeEngine = async (): Promise<Engine> => createFixtureEngine({ extraMeetings: 12 });

/** Lets a test make the engine fail, whatever engine is plugged in. */
const faults = { ask: false };
function withFaults(engine: Engine): Engine {
  return {
    briefing: (topic, locale) => engine.briefing(topic, locale),
    meetings: (query, locale) => engine.meetings(query, locale),
    cooperation: (area, locale) => engine.cooperation(area, locale),
    timeline: (query, locale) => engine.timeline(query, locale),
    ask: (question, locale) => (faults.ask ? Promise.reject(new Error(`engine failed while holding ${TOKEN}`)) : engine.ask(question, locale)),
    sources: (id, locale) => engine.sources(id, locale),
    help: (locale) => engine.help(locale),
    suggest: (kind, prefix, limit) => engine.suggest(kind, prefix, limit),
  };
}

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let server: DiscordServer;
let bot: Bot;

type Body = { type: number; data?: Record<string, unknown> };
type Message = Record<string, unknown> & { embeds?: Array<Record<string, unknown>>; components?: Array<{ components: Array<Record<string, unknown>> }>; content?: string };

function callback(i: { id: string }): Promise<RecordedCall> {
  return server.waitForCall((c) => c.path.startsWith(`/interactions/${i.id}/`) && c.status === 204);
}

function edit(i: { token: string }): Promise<RecordedCall> {
  return server.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/${i.token}/messages/@original`) && c.status === 200);
}

/** The message the user finally sees for a slash command (reply, or the edit after a defer). */
async function answerOf(i: { id: string; token: string }): Promise<{ message: Message; deferred: boolean }> {
  const cb = await callback(i);
  const body = cb.body as Body;
  if (body.type === 5) return { message: (await edit(i)).body as Message, deferred: true };
  return { message: body.data as Message, deferred: false };
}

function embedText(message: Message): string {
  return JSON.stringify(message.embeds ?? []);
}

beforeAll(async () => {
  server = await DiscordServer.start({ token: TOKEN, appId: APP_ID });
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_REST_URL: server.apiUrl,
    USER_COMMANDS_PER_MINUTE: '1000',
    DM_COOLDOWN_SECONDS: '60',
    QUESTION_MAX_CHARS: '200',
  });
  const log = createLogger('info', { secrets: [TOKEN], destination: logSink });
  bot = createBot({ config, engine: withFaults(await makeEngine()), log });
  await bot.start();
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await server?.close();
});

describe('connection', () => {
  it('identifies with Guilds + DirectMessages only (no privileged intent) and reaches READY with the application id', () => {
    const identify = server.gatewayLog.find((e) => e.direction === 'in' && e.payload.op === 2);
    const d = identify?.payload.d as { intents: number; token: string };
    expect(d.intents).toBe((1 << 0) | (1 << 12));
    expect(d.token).toBe(TOKEN);
    expect(bot.client.application?.id).toBe(APP_ID);
    expect(server.calls.find((c) => c.path === '/gateway/bot')?.status).toBe(200);
  });
});

describe('slash commands', () => {
  it('/briefing defers, then edits the reply with the latest meetings and numbered sources', async () => {
    const i = server.slash('briefing');
    const { message, deferred } = await answerOf(i);
    expect(deferred).toBe(true);
    expect(messageProblems(message)).toEqual([]);
    const embed = message.embeds?.[0] as { title: string; fields: Array<{ name: string; value: string }> };
    expect(embed.title).toBe('Vietnam–Japan briefing');
    expect(embed.fields.map((f) => f.name)).toEqual(['Latest meetings', 'Most active areas', 'Scheduled next', 'Sources']);
    expect(embed.fields[0]?.value).toContain('2025-10-26 · Kuala Lumpur, Malaysia (ASEAN Summit): Pham Minh Chinh and Takaichi Sanae met. [1]');
    expect(embed.fields[3]?.value).toContain('[1] Vietnam.vn · 2025-10-27 · <https://example.org/vietnam-vn/de/takaichi>');
    expect(embed.fields[3]?.value).toContain('> [de] “Chinh forderte japanische Zusammenarbeit');
  });

  it('/meetings with a Cyrillic name finds the Lima meeting, answered directly (no model → no defer)', async () => {
    const i = server.slash('meetings', { with: 'Исиба' });
    const { message, deferred } = await answerOf(i);
    expect(deferred).toBe(false);
    expect(messageProblems(message)).toEqual([]);
    const embed = message.embeds?.[0] as { title: string; fields: Array<{ name: string; value: string }> };
    expect(embed.title).toBe('Meetings with Исиба');
    expect(embed.fields[0]).toEqual({ name: '1. 2024-11-16 · Luong Cuong – Ishiba Shigeru', value: 'Lima, Peru, APEC 2024. [1]' });
    expect(embed.fields[1]?.value).toContain('> [ru] “Утром 16 ноября');
  });

  it('/cooperation, /timeline, /sources and /help each answer within limits with their facts', async () => {
    const expectations: Array<[string, Record<string, string>, string]> = [
      ['cooperation', { area: 'semiconductors' }, 'Pham Minh Chinh and Takaichi Sanae met'],
      ['timeline', { from: '2023', to: '2024-12' }, '2023-11-27 · Vo Van Thuong – Kishida Fumio'],
      ['sources', { id: '002_460abb11f1e7dc2e' }, '[ru] 002\\\\_460abb11f1e7dc2e'],
      ['help', {}, '/briefing'],
    ];
    for (const [name, options, fact] of expectations) {
      const { message } = await answerOf(server.slash(name, options));
      expect(messageProblems(message), name).toEqual([]);
      expect(embedText(message), name).toContain(fact);
    }
  });

  it('/timeline with a malformed date answers an ephemeral explanation', async () => {
    const { message } = await answerOf(server.slash('timeline', { from: 'last year' }));
    expect(message.content).toBe('`from` must look like 2024, 2024-11 or 2024-11-16.');
    expect(message.flags).toBe(64);
  });

  it('/ask defers, then edits with the answer citing the Russian evidence; a too-long question is refused', async () => {
    const { message, deferred } = await answerOf(server.slash('ask', { question: 'When did Luong Cuong meet Ishiba?' }));
    expect(deferred).toBe(true);
    expect(embedText(message)).toContain('16 November 2024 in Lima');
    expect(embedText(message)).toContain('[ru]');

    const long = await answerOf(server.slash('ask', { question: 'x'.repeat(201) }));
    expect(long.message.content).toBe('Your question is 201 characters long; the limit is 200. Please shorten it.');
  });

  it('answers in Vietnamese and Japanese UI strings when the user locale has them', async () => {
    const vi = await answerOf(server.slash('briefing', {}, server.user(), 'vi'));
    expect((vi.message.embeds?.[0] as { fields: Array<{ name: string }> }).fields.at(-1)?.name).toBe('Nguồn');
    const ja = await answerOf(server.slash('ask', { question: 'x'.repeat(201) }, server.user(), 'ja'));
    expect(ja.message.content).toBe('質問は 201 文字です。上限は 200 文字です。短くしてください。');
  });
});

describe('autocomplete', () => {
  it('offers Ishiba Shigeru for "Исиба" and for "ishi", and nothing for a near miss', async () => {
    for (const typed of ['Исиба', 'ishi']) {
      const i = server.autocomplete('meetings', 'with', typed);
      const body = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${i.id}/`))).body as Body;
      expect(body.type).toBe(8);
      expect(body.data?.choices).toEqual([{ name: 'Ishiba Shigeru', value: 'Ishiba Shigeru' }]);
    }
    const miss = server.autocomplete('meetings', 'with', 'Исибаx');
    expect(((await server.waitForCall((c) => c.path.startsWith(`/interactions/${miss.id}/`))).body as Body).data?.choices).toEqual([]);
  });

  it('completes areas from the taxonomy, at most 25 choices', async () => {
    const i = server.autocomplete('cooperation', 'area', 'semi');
    const body = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${i.id}/`))).body as Body;
    expect(body.data?.choices).toEqual([{ name: 'Semiconductors', value: 'semiconductors' }]);
    const all = server.autocomplete('cooperation', 'area', '');
    const choices = ((await server.waitForCall((c) => c.path.startsWith(`/interactions/${all.id}/`))).body as Body).data?.choices as unknown[];
    expect(choices.length).toBeGreaterThan(5);
    expect(choices.length).toBeLessThanOrEqual(25);
  });
});

describe('pagination', () => {
  it('pages with buttons, refuses another user, opens a detail, and expires unknown views', async () => {
    const owner = server.user();
    const { message } = await answerOf(server.slash('meetings', {}, owner));
    const buttons = message.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.disabled)).toEqual([true, false]);
    const next = buttons[1]?.custom_id as string;
    expect(next).toMatch(new RegExp(`^meetings:1:${owner.id}:[\\w-]+$`));
    expect((message.embeds?.[0]?.footer as { text: string }).text).toBe('Composed from extracted facts (no model). · Page 1/4');

    const press = server.component(next, message, owner);
    const update = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${press.id}/`))).body as Body;
    expect(update.type).toBe(7);
    expect(messageProblems(update.data)).toEqual([]);
    const page2 = update.data as Message;
    expect((page2.embeds?.[0]?.footer as { text: string }).text).toContain('Page 2/4');
    expect((page2.embeds?.[0]?.fields as Array<{ name: string }>)[0]?.name).toMatch(/^6\. 2022-/);

    const stranger = server.component(next, message, server.user());
    const refused = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${stranger.id}/`))).body as Body;
    expect(refused).toEqual({
      type: 4,
      data: expect.objectContaining({
        content: 'Only the person who asked can page through this list. Run the command yourself to get your own.',
        flags: 64,
      }),
    });

    const select = message.components?.[1]?.components[0]?.custom_id as string;
    const pick = server.component(select, message, owner, ['0']);
    const detail = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${pick.id}/`))).body as Body;
    expect(detail.type).toBe(4);
    expect(detail.data?.flags).toBe(64);
    expect(JSON.stringify(detail.data?.embeds)).toContain('Luong Cuong – Ishiba Shigeru, 2024-11-16');

    const stale = server.component(`meetings:1:${owner.id}:gone-after-restart`, message, owner);
    const expired = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${stale.id}/`))).body as Body;
    expect(expired.data?.content).toBe('This list has expired. Run the command again.');
  });
});

describe('direct messages', () => {
  it('answers a DM like /ask, with citations, then asks a fast second question to wait', async () => {
    const user = server.user();
    const dm = server.directMessage('Who met Ishiba in Lima?', user);
    const reply = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${dm.channelId}/messages`);
    const body = reply.body as Message & { message_reference?: { message_id: string }; allowed_mentions: unknown };
    expect(messageProblems(body)).toEqual([]);
    expect(body.message_reference?.message_id).toBe(dm.id);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(embedText(body)).toContain('Luong Cuong met Prime Minister Ishiba Shigeru');
    expect(embedText(body)).toContain('[ru]');

    const before = server.calls.length;
    const again = server.directMessage('And in Tokyo?', user);
    const cooldown = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${again.channelId}/messages` && server.calls.indexOf(c) >= before);
    expect((cooldown.body as Message).content).toMatch(/^Please wait (59|60) s before asking again \(<t:\d+:R>\)\.$/);
  });

  it('ignores messages from bots', async () => {
    const botUser = server.user();
    server.directMessage('I am a bot', botUser, { bot: true });
    const marker = server.directMessage('x'.repeat(201), server.user());
    const refused = await server.waitForCall((c) => c.path === `/channels/${marker.channelId}/messages`);
    expect((refused.body as Message).content).toBe('Your question is 201 characters long; the limit is 200. Please shorten it.');
    expect(server.calls.filter((c) => c.path.includes('/channels/') && JSON.stringify(c.body ?? '').includes('I am a bot'))).toEqual([]);
    expect(server.calls.filter((c) => c.path === `/users/@me/channels`)).toEqual([]);
  });
});

describe('resilience', () => {
  it('honours a 429 with retry_after and still delivers the reply', async () => {
    server.rateLimitNext((c) => c.method === 'PATCH' && c.path.includes('/messages/@original'), 1);
    const i = server.slash('ask', { question: 'When did Luong Cuong meet Ishiba?' });
    const limited = await server.waitForCall((c) => c.path.includes(`/${i.token}/messages/@original`) && c.status === 429);
    const delivered = await edit(i);
    expect(delivered.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(embedText(delivered.body as Message)).toContain('16 November 2024 in Lima');
  });

  it('resumes after the gateway drops (close 4000, then abrupt) and answers the command sent meanwhile', async () => {
    for (const how of [4000, 'abrupt'] as const) {
      const resumesBefore = server.resumes;
      server.dropGateway(how);
      const i = server.slash('sources', { id: '002_460abb11f1e7dc2e' });
      const { message } = await answerOf(i);
      expect(server.resumes).toBe(resumesBefore + 1);
      expect(embedText(message)).toContain('002_460abb11f1e7dc2e');
    }
    expect(server.identifies).toBe(1);
  }, 15_000);

  it('answers an engine failure with a short ephemeral line and logs it with the interaction id, never the token', async () => {
    faults.ask = true;
    try {
      const i = server.slash('ask', { question: 'When did Luong Cuong meet Ishiba?' });
      const { message, deferred } = await answerOf(i);
      expect(deferred).toBe(true);
      expect(message.content).toBe('Something went wrong on our side. Please try again in a moment.');
      const line = await server.waitUntil(() => logLines.find((l) => l.includes(i.id)), 2000, 'log line');
      expect(JSON.parse(line)).toMatchObject({ level: 50, msg: 'interaction failed', interactionId: i.id, command: 'ask' });
      expect(line).toContain('engine failed while holding [redacted]');
    } finally {
      faults.ask = false;
    }
    expect(logLines.join('')).not.toContain('secret-part-never-logged');
  });
});

describe('deploy-commands', () => {
  it('sends a payload Discord would accept to the guild route, localized in vi and ja', async () => {
    const result = await deployCommands({ token: TOKEN, clientId: APP_ID, guildId: server.guildId, restUrl: server.apiUrl });
    expect(result).toEqual({ scope: 'guild', names: ['briefing', 'meetings', 'cooperation', 'timeline', 'ask', 'sources', 'help'] });
    const put = await server.waitForCall((c) => c.method === 'PUT' && c.path === `/applications/${APP_ID}/guilds/${server.guildId}/commands`);
    expect(validateCommandPayload(put.body)).toEqual([]);
    expect(put.body).toEqual(commandPayloads());
    const meetings = (put.body as Array<{ name: string; name_localizations: Record<string, string> }>).find((c) => c.name === 'meetings');
    expect(meetings?.name_localizations).toEqual({ vi: 'cuộc-gặp', ja: '会談' });
  });

  it('explains a wrong token (401) and a missing client id', async () => {
    await expect(deployCommands({ token: 'wrong-token-wrong-token-wrong', clientId: APP_ID, restUrl: server.apiUrl })).rejects.toThrow(
      'Discord rejected DISCORD_TOKEN (401 Unauthorized)',
    );
    await expect(deployCommands({ token: TOKEN, clientId: null, restUrl: server.apiUrl })).rejects.toThrow('DISCORD_CLIENT_ID is not set');
  });
});
