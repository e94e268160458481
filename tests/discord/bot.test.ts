/**
 * End to end through the REAL discord.js client, against tests/helpers/discord-server.ts on 127.0.0.1
 * (REST + gateway over real sockets), with the REAL deterministic engine built from the seed corpus (`loadApp` on
 * seeds/). Nothing of discord.js is mocked; the assertions are seed facts a user would see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import type { Engine } from '../../src/briefing/views.js';
import { createDigestService } from '../../src/digest/service.js';
import { createDiscordPoster } from '../../src/discord/digest-poster.js';
import { createCharts } from '../../src/charts/charts.js';
import { decodePng, inkedPixels } from '../helpers/png.js';
import { openStore, type Store } from '../../src/store/store.js';
import { commands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/discord/client.js';
import { deployCommands, commandPayloads, validateCommandPayload } from '../../src/discord/deploy.js';
import { createLogger } from '../../src/log.js';
import { captureLog } from '../helpers/log-capture.js';
import { ADMIN_PERMISSIONS, DiscordServer, messageProblems, type RecordedCall } from '../helpers/discord-server.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.test-token.secret-part-never-logged';
const APP_ID = '112233445566778899';

const SEEDS = { corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 };
/** The Russian report's sentence as a source line quotes it: cut at a word boundary to keep the sources block short. */
const LIMA_QUOTE = '[ru] “Утром 16 ноября (по местному времени) в рамках саммита АТЭС-2024 в Перу состоялась встреча президента государства…”';

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

const { lines: logLines, sink: logSink } = captureLog();

let server: DiscordServer;
let bot: Bot;
let app: App;
let store: Store;
/** The seed corpus as the digest sees it; the /digest test makes the Russian article arrive after subscribing. */
let arrived = new Set<string>();
const digestCorpus = () => ({
  knowledge: app.knowledge,
  hashes: Object.fromEntries(app.documents.filter((d) => !d.id.startsWith('002') || arrived.has(d.id)).map((d) => [d.id, d.hash])),
});

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
  app = await loadApp(SEEDS);
  bot = createBot({ config, commands, engine: withFaults(app.engine), log });
  bot.ctx.charts = createCharts(() => app.knowledge);
  store = await openStore('memory://', log);
  bot.ctx.digest = createDigestService({ store, poster: createDiscordPoster(bot.client), corpus: () => digestCorpus(), log });
  await bot.start();
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await store?.close();
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

type Field = { name: string; value: string };
type Embed = { title: string; description?: string; fields: Field[]; footer?: { text: string } };
const embedOf = (message: Message): Embed => message.embeds?.[0] as Embed;

describe('slash commands on the seed corpus', () => {
  it('/briefing defers, then edits the reply with the latest meetings, areas and figures, each cited', async () => {
    const i = server.slash('briefing');
    const { message, deferred } = await answerOf(i);
    expect(deferred).toBe(true);
    expect(messageProblems(message)).toEqual([]);
    const embed = embedOf(message);
    expect(embed.title).toBe('Vietnam–Japan briefing');
    expect(embed.fields.map((f) => f.name).slice(0, 4)).toEqual(['Latest meetings', 'Most active cooperation areas', 'Key figures', 'Scheduled next']);
    expect(embed.fields[0]?.value).toContain('Prime Minister Takaichi Sanae met Prime Minister Pham Minh Chinh');
    expect(embed.fields[2]?.value).toContain('Doctoral students: target of 500 people (by 2030)');
    expect(embedText(message)).toContain('[de] “');
  });

  it('/meetings with:Ishiba shows the Lima meeting of 16 Nov 2024 (APEC 2024) with Luong Cuong, citing the Russian source', async () => {
    const { message, deferred } = await answerOf(server.slash('meetings', { with: 'Ishiba' }));
    expect(deferred).toBe(false);
    expect(messageProblems(message)).toEqual([]);
    const embed = embedOf(message);
    expect(embed.title).toBe('Meetings with Ishiba');
    expect(embed.description).toBe('2 meetings, newest first.');
    const lima = embed.fields.find((f) => f.name === '2. 16 Nov 2024 · Luong Cuong – Ishiba Shigeru');
    expect(lima?.value).toMatch(/^16 Nov 2024, Lima, Peru \(APEC 2024\): President Luong Cuong met Prime Minister Ishiba Shigeru — .* \[3\]\[4\]$/);
    const sources = embed.fields.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n');
    expect(sources).toContain(`[3, 4] ВИА\n> ${LIMA_QUOTE}`);
    // The near miss: a year with no Ishiba meeting finds nothing.
    const none = await answerOf(server.slash('meetings', { with: 'Ishiba', year: 2023 }));
    expect(embedOf(none.message).description).toBe('No meeting found with Ishiba, in 2023.');
  });

  it('/meetings with a Cyrillic name finds the same Lima meeting', async () => {
    const { message } = await answerOf(server.slash('meetings', { with: 'Исиба' }));
    expect(embedOf(message).fields.map((f) => f.name)).toContain('2. 16 Nov 2024 · Luong Cuong – Ishiba Shigeru');
  });

  it('/cooperation semiconductors quotes the German, Russian, French and Indonesian sentences', async () => {
    const { message } = await answerOf(server.slash('cooperation', { area: 'semiconductors' }));
    expect(messageProblems(message)).toEqual([]);
    const embed = embedOf(message);
    expect(embed.title).toBe('Cooperation: Semiconductors');
    const text = embedText(message);
    expect(text).toContain('[de] “Chinh forderte japanische Zusammenarbeit in Wissenschaft, Technologie, Halbleitern und Energie.”');
    expect(text).toContain('[ru] “Он призвал Японию поддержать Вьетнам в подготовке кадров для полупроводниковой промышленности');
    // The Indonesian article is cited by its title line (one quote per article, while the field has room).
    expect(text).toContain('“Menteri Luar Negeri Bui Thanh Son mengatakan Vietnam dan…”');
    expect(text).toContain('[fr] “');
    expect(embed.fields.find((f) => f.name === 'Key figures')?.value).toContain('Students: 106 people');
  });

  it('/sources lists the 5 seed documents with language and outlet; /sources id opens one', async () => {
    const { message } = await answerOf(server.slash('sources'));
    const embed = embedOf(message);
    expect(embed.description).toBe('5 articles in 4 languages.');
    const lines = embed.fields.filter((f) => f.name === 'Documents' || f.name.startsWith('Documents')).flatMap((f) => f.value.split('\n'));
    expect(lines.map((l) => l.split(' · ').slice(1, 2).join())).toEqual(['de', 'de', 'ru', 'fr', 'id']);
    expect(lines[2]).toContain('ВИА');
    const one = await answerOf(server.slash('sources', { id: '002_460abb11f1e7dc2e' }));
    expect(messageProblems(one.message)).toEqual([]);
    expect(embedText(one.message)).toContain('002\\\\_460abb11f1e7dc2e');
  });

  it('/timeline and /help answer within limits with their facts', async () => {
    const tl = await answerOf(server.slash('timeline', { from: '2023', to: '2024-12' }));
    expect(messageProblems(tl.message)).toEqual([]);
    expect(embedOf(tl.message).fields[0]?.name).toBe('1. 27 Nov 2023 · Vo Van Thuong – Kishida Fumio');
    const dates = embedOf(tl.message).fields.filter((f) => /^\d+\. /.test(f.name)).map((f) => f.name.replace(/^\d+\. | · .*$/g, ''));
    expect(dates).toEqual(['27 Nov 2023', '6 Aug 2024', '6 Aug 2024', '16 Nov 2024', 'Dec 2024']);
    const help = await answerOf(server.slash('help'));
    expect(help.message.flags).toBe(64);
    expect(embedText(help.message)).toContain('/digest');
    expect(embedText(help.message)).not.toContain('Model');
  });

  it('/timeline attaches the meetings chart: a PNG with alt text, shown under the list with its numbers as a line', async () => {
    const i = server.slash('timeline', { from: '2023', to: '2024-12' });
    const cb = await callback(i);
    const message = (cb.body as Body).data as Message & { attachments?: Array<Record<string, unknown>> };
    expect(messageProblems(message)).toEqual([]);
    const chartEmbed = message.embeds?.[1] as { image: { url: string }; footer: { text: string } };
    expect(chartEmbed.image.url).toBe('attachment://timeline.png');
    expect(chartEmbed.footer.text).toBe('5 meetings, Jan 2023–Dec 2024 by month: leaders 3, ministers 1, parliament 1, other 0; 0 plans; busiest Aug 2024 (2).');
    expect(message.attachments?.map((a) => a.id)).toEqual(['0']);
    expect([...(cb.files?.keys() ?? [])]).toEqual(['timeline.png']);
    expect(String(message.attachments?.[0]?.description)).toMatch(/^Bar chart of Vietnam–Japan meetings per month, .* milestones marked: 50 years of relations \(2023-09-21\), Comprehensive strategic partnership \(2023-11-27\)\. 5 meetings/);
    const png = decodePng(cb.files?.get('timeline.png') ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([960, 440]);
    expect(inkedPixels(png)).toBeGreaterThan(5000);
  });

  it('/cooperation attaches the area heat map with the asked area among its rows', async () => {
    const cb = await callback(server.slash('cooperation', { area: 'semiconductors' }));
    const message = (cb.body as Body).data as Message;
    expect((message.embeds?.[1] as { footer: { text: string } }).footer.text).toBe(
      'Most articles: Agriculture 2, Climate & green transformation 2, Defence & security 2; Aug 2024–Nov 2025 by month; Semiconductors: 2 articles, most in Aug 2024 (1).',
    );
    expect(decodePng(cb.files?.get('cooperation.png') ?? Buffer.alloc(0)).width).toBe(960);
  });

  it('/meetings with: attaches who they met as a bar chart, in the reader\'s language; none when the list says as much', async () => {
    const cb = await callback(server.slash('meetings', { with: 'VN' }));
    const message = (cb.body as Body).data as Message & { attachments?: Array<Record<string, unknown>> };
    expect(messageProblems(message)).toEqual([]);
    const chartEmbed = message.embeds?.[1] as { image: { url: string }; footer: { text: string } };
    expect(chartEmbed.image.url).toBe('attachment://meetings.png');
    expect(chartEmbed.footer.text).toBe('Vietnam: 9 meetings with 4 counterparts: Takaichi Sanae 3, Kihara Minoru 2, Ishiba Shigeru 1, Kishida Fumio 1.');
    expect(String(message.attachments?.[0]?.description)).toMatch(/^Horizontal bar chart of the people Vietnam met/);
    const png = decodePng(cb.files?.get('meetings.png') ?? Buffer.alloc(0));
    expect(png.width).toBe(960);
    expect(inkedPixels(png)).toBeGreaterThan(5000);

    const ja = await callback(server.slash('meetings', { with: 'VN' }, server.user(), 'ja'));
    expect(((ja.body as Body).data as Message).embeds?.[1]).toMatchObject({ footer: { text: 'Vietnam: 4人と会談9件: Takaichi Sanae 3、Kihara Minoru 2、Ishiba Shigeru 1、Kishida Fumio 1。' } });
    expect(decodePng(ja.files?.get('meetings.png') ?? Buffer.alloc(0)).width).toBe(960);

    const few = await callback(server.slash('meetings', { with: 'Ishiba' }));
    expect([...(few.files?.keys() ?? [])]).toEqual([]);
    expect(((few.body as Body).data as Message).embeds).toHaveLength(1);
  });

  it('/timeline with a malformed date answers an ephemeral explanation', async () => {
    const { message } = await answerOf(server.slash('timeline', { from: 'last year' }));
    expect(message.content).toBe('`from` must look like 2024, 2024-11 or 2024-11-16.');
    expect(message.flags).toBe(64);
  });

  it('/ask "semiconductor training" defers, then answers with cited seed sentences; a too-long question is refused', async () => {
    const { message, deferred } = await answerOf(server.slash('ask', { question: 'semiconductor training' }));
    expect(deferred).toBe(true);
    expect(messageProblems(message)).toEqual([]);
    const embed = embedOf(message);
    expect(embed.title).toBe('semiconductor training');
    expect(embed.description).toBe('Answered from the corpus; every line cites its source sentence.');
    expect(embed.fields.find((f) => f.name === 'Sources')?.value).toMatch(/^\[[\d, –]+\] \[Báo Nhân dân\]\(https:\/\/nhandan\.vn\/[^)]+\) · 30 Nov 2025\n/);

    // Checked before the public defer: the refusal is an ephemeral reply only the asker sees.
    const long = await answerOf(server.slash('ask', { question: 'x'.repeat(201) }));
    expect(long).toMatchObject({ deferred: false, message: { content: 'Your question is 201 characters long; the limit is 200. Please shorten it.', flags: 64 } });
  });

  it('answers in Vietnamese and Japanese UI strings when the user locale has them', async () => {
    const vi = await answerOf(server.slash('briefing', {}, server.user(), 'vi'));
    expect(embedOf(vi.message).fields.some((f) => f.name === 'Nguồn')).toBe(true);
    expect(embedOf(vi.message).fields.some((f) => f.name === 'Sources')).toBe(false);
    const ja = await answerOf(server.slash('ask', { question: 'x'.repeat(201) }, server.user(), 'ja'));
    expect(ja.message.content).toBe('質問は 201 文字です。上限は 200 文字です。短くしてください。');
  });
});

describe('messages that help', () => {
  const STALE = "This server's slash commands are out of date";
  const FIX = 'An admin fixes it by running `npm run deploy-commands`; until then, reload Discord (Ctrl+R) to pick up the current commands.';

  it('an unknown command, a wrong option type and a missing option say the registration is stale and how to fix it', async () => {
    const unknown = await answerOf(server.slash('weather'));
    expect(unknown.message).toMatchObject({ content: `${STALE} (/weather is not one of its commands). ${FIX}`, flags: 64 });
    const wrongType = await answerOf(server.slash('meetings', { year: 'last year' }));
    expect(wrongType.message).toMatchObject({
      content: `${STALE} (/meetings: Option "year" is of type: 3; expected 4.). ${FIX}`,
      flags: 64,
    });
    const missing = await answerOf(server.slash('cooperation'));
    expect(missing.message).toMatchObject({ content: `${STALE} (/cooperation: Required option "area" not found.). ${FIX}`, flags: 64 });
    expect(logLines.filter((l) => l.includes('"code":"STALE_COMMANDS"')).map((l) => (JSON.parse(l) as { msg: string; command: string }))).toMatchObject([{ msg: 'user-facing error', command: 'weather' }, { command: 'meetings' }, { command: 'cooperation' }]);
  });

  it('an unknown area is refused ephemerally with the nearest areas by label, in the reader’s language', async () => {
    const en = await answerOf(server.slash('cooperation', { area: 'chip workers' }));
    expect(en).toMatchObject({
      deferred: false,
      message: { content: 'There is no cooperation area “chip workers”. Nearest: Labour, Semiconductors, Cybersecurity. Pick one from the list that opens as you type.', flags: 64 },
    });
    const vi = await answerOf(server.slash('cooperation', { area: 'semicondutor' }, server.user(), 'vi'));
    expect(vi.message.content).toMatch(/^Không có lĩnh vực hợp tác “semicondutor”\. Gần nhất: Bán dẫn, /);
  });

  it('registers /ask with the configured question limit as max_length', () => {
    const ask = commandPayloads(undefined, { questionMaxChars: 200 }).find((c) => c.name === 'ask');
    expect(ask?.options?.find((o) => o.name === 'question')).toMatchObject({ max_length: 200, min_length: 2 });
  });
});

describe('autocomplete', () => {
  const choicesOf = async (command: string, option: string, typed: string) => {
    const i = server.autocomplete(command, option, typed);
    const body = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${i.id}/`))).body as Body;
    expect(body.type).toBe(8);
    return body.data?.choices as Array<{ name: string; value: string }>;
  };

  it('offers Ishiba Shigeru first for "Исиба" and "ishi", and nothing for a near miss', async () => {
    expect((await choicesOf('meetings', 'with', 'Исиба'))[0]).toEqual({ name: 'Ishiba Shigeru', value: 'Ishiba Shigeru' });
    expect((await choicesOf('meetings', 'with', 'ishi'))[0]).toEqual({ name: 'Ishiba Shigeru', value: 'Ishiba Shigeru' });
    expect(await choicesOf('meetings', 'with', 'Исибаx')).toEqual([]);
  });

  it('completes areas from the taxonomy, at most 25 choices', async () => {
    expect(await choicesOf('cooperation', 'area', 'semi')).toEqual([{ name: 'Semiconductors', value: 'semiconductors' }]);
    const all = await choicesOf('cooperation', 'area', '');
    expect(all.length).toBeGreaterThan(5);
    expect(all.length).toBeLessThanOrEqual(25);
  });
});

describe('pagination', () => {
  it('pages /meetings with buttons, refuses another user, opens a detail, and expires unknown views', async () => {
    const owner = server.user();
    const { message } = await answerOf(server.slash('meetings', {}, owner));
    expect(messageProblems(message)).toEqual([]);
    const buttons = message.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.disabled)).toEqual([true, false]);
    const next = buttons[1]?.custom_id as string;
    expect(next).toMatch(new RegExp(`^meetings:1:${owner.id}:[\\w-]+$`));
    expect(embedOf(message).footer?.text).toBe('Page 1/2');

    const press = server.component(next, message, owner);
    const update = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${press.id}/`))).body as Body;
    expect(update.type).toBe(7);
    expect(messageProblems(update.data)).toEqual([]);
    const page2 = embedOf(update.data as Message);
    expect(page2.footer?.text).toBe('Page 2/2');
    expect(page2.fields.map((f) => f.name)).toContainEqual(expect.stringMatching(/^\d+\. 16 Nov 2024 · Luong Cuong – Ishiba Shigeru$/));
    expect(page2.fields.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n')).toContain(`> ${LIMA_QUOTE}`);

    const stranger = server.component(next, message, server.user());
    const refused = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${stranger.id}/`))).body as Body;
    expect(refused).toEqual({
      type: 4,
      data: expect.objectContaining({
        content: 'Only the person who asked can page through this list. Run the command yourself to get your own.',
        flags: 64,
      }),
    });

    const select = (update.data as Message).components?.[1]?.components[0]?.custom_id as string;
    const limaNumber = Number(/^(\d+)\./.exec(page2.fields.find((f) => f.name.includes('Luong Cuong – Ishiba Shigeru'))!.name)![1]);
    const pick = server.component(select, update.data as Message, owner, [String(limaNumber - 1)]);
    const detail = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${pick.id}/`))).body as Body;
    expect(detail.type).toBe(4);
    expect(detail.data?.flags).toBe(64);
    const detailEmbed = (detail.data?.embeds as Embed[])[0]!;
    expect(detailEmbed.title).toBe('President Luong Cuong met Prime Minister Ishiba Shigeru');
    expect(detailEmbed.description).toBe('16 Nov 2024, Lima, Peru (APEC 2024)');

    const stale = server.component(`meetings:1:${owner.id}:gone-after-restart`, message, owner);
    const expired = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${stale.id}/`))).body as Body;
    expect(expired.data?.content).toBe('This list has expired. Run the command again.');
  });

  it('pages the whole /timeline oldest first: page 2 ends with the Quang Ninh forum of 24 Nov 2025', async () => {
    const owner = server.user();
    const { message } = await answerOf(server.slash('timeline', {}, owner));
    expect(embedOf(message).fields[0]?.name).toBe('1. 27 Nov 2023 · Vo Van Thuong – Kishida Fumio');
    const next = message.components?.[0]?.components[1]?.custom_id as string;
    const press = server.component(next, message, owner);
    const update = (await server.waitForCall((c) => c.path.startsWith(`/interactions/${press.id}/`))).body as Body;
    const page2 = embedOf(update.data as Message);
    expect(messageProblems(update.data)).toEqual([]);
    expect(page2.footer?.text).toBe('Page 2/2');
    expect(page2.fields.filter((f) => /^\d+\. /.test(f.name)).at(-1)?.name).toMatch(/^\d+\. 24 Nov 2025 · Pham Minh Chinh – Le Hoai Trung$/);
  });
});

describe('/digest', () => {
  it('subscribes with Manage Server, shows status and a preview of the seed articles, and refuses a member without it', async () => {
    const admin = server.user();
    const channel = { channel: server.channelId };
    const sub = await answerOf(server.command({
      name: 'digest', subcommand: 'subscribe', options: { channel, schedule: 'daily 08:00', timezone: 'Asia/Ho_Chi_Minh' }, user: admin, permissions: ADMIN_PERMISSIONS,
    }));
    expect(messageProblems(sub.message)).toEqual([]);
    expect(sub.message.flags).toBe(64);
    expect(embedOf(sub.message).title).toBe('Digest status');
    expect(embedOf(sub.message).fields[0]).toMatchObject({
      name: 'Subscription',
      value: expect.stringContaining(`Channel: <#${server.channelId}>\nSchedule: every day at 08:00, Asia/Ho\\_Chi\\_Minh · language en`),
    });
    // The channel opens with where the relationship stands (posted after the ephemeral answer), not an empty digest.
    const opening = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${server.channelId}/messages`);
    expect(messageProblems(opening.body as Message)).toEqual([]);
    expect(embedOf(opening.body as Message)).toMatchObject({
      title: 'Vietnam–Japan: where the relationship stands',
      description: 'This channel now gets a digest every day at 08:00, Asia/Ho\\_Chi\\_Minh. To start, the state of the relationship; from the next digest on, only what is new.',
    });
    expect(embedOf(opening.body as Message).fields[0]?.name).toBe('Latest meetings');

    const status = await answerOf(server.command({ name: 'digest', subcommand: 'status', user: admin, permissions: ADMIN_PERMISSIONS }));
    expect(embedText(status.message)).toContain(server.channelId);
    // An admin with Discord in Japanese reads the status in Japanese (the subscription's own language stays en).
    const statusJa = await answerOf(server.command({ name: 'digest', subcommand: 'status', user: admin, permissions: ADMIN_PERMISSIONS, locale: 'ja' }));
    expect(embedOf(statusJa.message).title).toBe('ダイジェストの状況');
    expect(embedOf(statusJa.message).fields[0]).toMatchObject({
      name: '購読',
      value: expect.stringContaining(`チャンネル：<#${server.channelId}>\nスケジュール：毎日 08:00（Asia/Ho\\_Chi\\_Minh） · 言語 en`),
    });

    const preview = await answerOf(server.command({ name: 'digest', subcommand: 'preview', options: { channel }, user: admin, permissions: ADMIN_PERMISSIONS }));
    expect(messageProblems(preview.message)).toEqual([]);
    expect(preview.message.flags).toBe(64);
    expect(embedOf(preview.message)).toMatchObject({ title: 'Vietnam–Japan digest', description: 'Nothing new.' });

    arrived = new Set(['002_460abb11f1e7dc2e']);
    const fresh = await answerOf(server.command({ name: 'digest', subcommand: 'preview', options: { channel }, user: admin, permissions: ADMIN_PERMISSIONS }));
    expect(messageProblems(fresh.message)).toEqual([]);
    expect(embedOf(fresh.message).description).toBe('1 new article, 1 meeting.');
    const meeting = embedOf(fresh.message).fields[1];
    expect(meeting?.name).toBe('New meetings');
    // Only the Russian article arrived: its one meeting, cited, and none of the other articles' meetings.
    expect(meeting?.value).toMatch(/^(16 Nov 2024|2024-11-16)\b.*Lima.*\[2\]\[3\]$/);
    expect(meeting?.value).toContain('Luong Cuong');
    expect(meeting?.value).not.toContain('Takaichi');

    const member = await answerOf(server.command({ name: 'digest', subcommand: 'unsubscribe', options: { channel }, user: server.user() }));
    expect(member.message).toMatchObject({ content: 'Only members with the Manage Server permission can manage digests.', flags: 64 });
    expect((await bot.ctx.digest!.subscriptions()).map((s) => s.channelId)).toEqual([server.channelId]);
  });
});

describe('direct messages', () => {
  it('answers a DM like /ask, with citations, then asks a fast second question to wait', async () => {
    const user = server.user();
    const dm = server.directMessage('When did Luong Cuong meet Ishiba?', user);
    const reply = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${dm.channelId}/messages`);
    const body = reply.body as Message & { message_reference?: { message_id: string }; allowed_mentions: unknown };
    expect(messageProblems(body)).toEqual([]);
    expect(body.message_reference?.message_id).toBe(dm.id);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(embedText(body)).toContain('16 Nov 2024, Lima, Peru (APEC 2024): President Luong Cuong met Prime Minister Ishiba Shigeru');
    expect(embedText(body)).toContain(LIMA_QUOTE);

    const before = server.calls.length;
    const again = server.directMessage('And in Tokyo?', user);
    const cooldown = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${again.channelId}/messages` && server.calls.indexOf(c) >= before);
    expect((cooldown.body as Message).content).toMatch(/^Please wait (59|60) s before asking again \(<t:\d+:R>\)\.$/);
  });

  it('runs a DM written like a slash command as that command, with a hint that slash commands work in DMs', async () => {
    const dm = server.directMessage('/meetings with:Ishiba year:2024', server.user());
    const reply = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${dm.channelId}/messages`);
    const body = reply.body as Message;
    expect(messageProblems(body)).toEqual([]);
    expect(body.content).toBe('Ran /meetings for you. Slash commands work in DMs too: type / here and pick one.');
    expect(embedOf(body)).toMatchObject({ title: 'Meetings with Ishiba, in 2024', description: '1 meeting, newest first.' });
    expect(embedOf(body).fields[0]?.name).toBe('1. 16 Nov 2024 · Luong Cuong – Ishiba Shigeru');
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
    // One refused attempt, then the one that delivered: no hammering, nothing lost (the wait itself is discord.js's).
    const attempts = server.calls.filter((c) => c.method === 'PATCH' && c.path.includes(`/${i.token}/messages/@original`));
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts.indexOf(delivered)).toBeGreaterThan(attempts.indexOf(limited));
    expect(embedText(delivered.body as Message)).toContain(LIMA_QUOTE);
  });

  it('resumes after the gateway drops (close 4000, then abrupt) and answers the command sent meanwhile', async () => {
    for (const how of [4000, 'abrupt'] as const) {
      const resumesBefore = server.resumes;
      server.dropGateway(how);
      const i = server.slash('sources', { id: '002_460abb11f1e7dc2e' });
      const { message } = await answerOf(i);
      expect(server.resumes).toBe(resumesBefore + 1);
      expect(embedOf(message).title).toBe('Президент Вьетнама встретился встретился с премьер-министром Японии в кулуарах саммита АТЭС');
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
    expect(result).toEqual({ scope: 'guild', names: ['briefing', 'meetings', 'cooperation', 'timeline', 'ask', 'sources', 'digest', 'help'] });
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
