/**
 * The model-backed bot end to end: the REAL discord.js client against tests/helpers/discord-server.ts, the engine
 * from run.ts's `engineFor` over the seed corpus, and the real openai SDK talking to tests/helpers/openai-server.ts
 * (a local OpenAI-compatible server). Answers stream into the deferred reply, at most one edit a second.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineFor, loadApp, writerFor } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { commands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/discord/client.js';
import { canStream, createThrottledEditor } from '../../src/discord/stream.js';
import { FALLBACK_NOTE } from '../../src/llm/model-engine.js';
import { createLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/store.js';
import { ADMIN_PERMISSIONS, DiscordServer, messageProblems, type RecordedCall } from '../helpers/discord-server.js';
import { manualClock } from '../helpers/manual-clock.js';
import { startOpenAIServer, type OpenAIServer, type RecordedRequest, type Reply } from '../helpers/openai-server.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.model-token.secret-part-never-logged';
const APP_ID = '112233445566778800';
const BUDGET = 100_000;
/** Retrieval finds the German, Russian and Indonesian semiconductor passages for it (no word in common). */
const QUESTION = 'What did Japan and Vietnam agree on semiconductor training?';

type Field = { name: string; value: string };
type Embed = { title: string; description?: string; fields?: Field[]; footer?: { text: string } };
type Message = Record<string, unknown> & { embeds?: Embed[]; content?: string; flags?: number };

let server: DiscordServer;
let openai: OpenAIServer;
let bot: Bot;
let store: Store;
const logLines: string[] = [];

/** The evidence passages the model was sent: `<passage n="3" lang="de" …>text</passage>`. */
function passagesOf(req: RecordedRequest): Array<{ n: number; lang: string; text: string }> {
  const messages = req.body.messages as Array<{ role: string; content: string }>;
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  return [...user.matchAll(/<passage n="(\d+)" lang="(\w+)"[^>]*>([\s\S]*?)<\/passage>/g)].map((m) => ({ n: Number(m[1]), lang: m[2]!, text: m[3]! }));
}

/** A well-behaved model: answers from the semiconductor passages it was given, citing them. */
function groundedAnswer(req: RecordedRequest): Reply {
  const chips = passagesOf(req).filter((p) => /Halbleiter|полупроводник|semikonduktor/i.test(p.text))
    .sort((a, b) => Number(/500 Doktoranden/.test(b.text)) - Number(/500 Doktoranden/.test(a.text)));
  if (chips.length < 2) return { kind: 'chat', content: 'The passages do not say.' };
  return {
    kind: 'chat',
    content:
      `Vietnam aims to train 500 doctoral students in semiconductors by 2030, and Japan offered to take about half of them [${chips[0]!.n}]. ` +
      `Vietnamese leaders asked Japan to help train highly qualified people for the semiconductor industry [${chips[1]!.n}].`,
  };
}

function callback(i: { id: string }): Promise<RecordedCall> {
  return server.waitForCall((c) => c.path.startsWith(`/interactions/${i.id}/`) && c.status === 204);
}

/** Every edit of the interaction's original message so far. */
function editsOfNow(i: { token: string }): RecordedCall[] {
  return server.calls.filter((c) => c.method === 'PATCH' && c.path.includes(`/${i.token}/messages/@original`) && c.status === 200);
}

/** Every edit of the interaction's original message, once `count` of them have arrived. */
async function editsOf(i: { token: string }, count: number): Promise<RecordedCall[]> {
  await server.waitUntil(() => (editsOfNow(i).length >= count ? true : undefined), 10_000, `${count} edits`);
  return editsOfNow(i);
}

beforeAll(async () => {
  server = await DiscordServer.start({ token: TOKEN, appId: APP_ID });
  openai = await startOpenAIServer();
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_REST_URL: server.apiUrl,
    OPENAI_API_KEY: 'sk-local-test-key',
    OPENAI_BASE_URL: openai.url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '5000',
    OPENAI_DAILY_TOKEN_BUDGET: String(BUDGET),
    USER_COMMANDS_PER_MINUTE: '1000',
    DM_COOLDOWN_SECONDS: '0',
  });
  const log = createLogger('info', {
    secrets: [TOKEN, 'sk-local-test-key'],
    destination: new Writable({ write: (chunk: Buffer, _enc, done) => void (logLines.push(chunk.toString()), done()) }),
  });
  store = await openStore('memory://', log);
  const app = await loadApp({ corpusDir: 'seeds', corpusMaxBytes: 5 * 1024 * 1024 });
  const engine = engineFor(app, config, store, log);
  expect(canStream(engine)).toBe(true);
  bot = createBot({ config, commands, engine, log, store });
  const writer = writerFor(config, store, log)!;
  bot.ctx.budgetLeft = () => writer.budgetLeft();
  await bot.start();
}, 30_000);

beforeEach(() => {
  openai.reset();
  openai.fallback = groundedAnswer;
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await openai?.close();
  await server?.close();
});

describe('/ask with a model', () => {
  // The spacing of edits (one a second) is pinned on a manual clock by the createThrottledEditor test below, never
  // on the wall clock of a loaded machine.
  it('defers, streams a partial edit, then edits once more with the full cited answer', async () => {
    const i = server.slash('ask', { question: QUESTION });
    expect(((await callback(i)).body as { type: number }).type).toBe(5);
    const isFinal = (c: RecordedCall) => (c.body as Message).embeds?.[0]?.footer?.text?.startsWith('written by') === true;
    await server.waitUntil(() => ((editsOfNow(i).some(isFinal)) ? true : undefined), 10_000, 'the final edit');
    const all = editsOfNow(i);
    expect(all.findIndex(isFinal)).toBe(all.length - 1);
    expect(all.length).toBeGreaterThanOrEqual(2);

    const partial = all[0]!.body as Message;
    expect(messageProblems(partial)).toEqual([]);
    expect(partial.embeds?.[0]?.footer?.text).toBe('Writing…');
    expect(partial.embeds?.[0]?.fields?.[0]?.value).toMatch(/^Vietnam aims to train 500 doctoral students in semiconductors by 2030/);

    const final = all.at(-1)!.body as Message;
    expect(messageProblems(final)).toEqual([]);
    const embed = final.embeds![0]!;
    expect(embed.title).toBe(QUESTION);
    expect(embed.fields?.[0]?.value).toBe(
      'Vietnam aims to train 500 doctoral students in semiconductors by 2030, and Japan offered to take about half of them [1]. ' +
        'Vietnamese leaders asked Japan to help train highly qualified people for the semiconductor industry [2].',
    );
    const sources = embed.fields!.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n');
    expect(sources).toMatch(/\[1(?:, \d+)*\] .*\n> \[de\] “Im Bereich der Halbleitertechnik strebt Vietnam die Ausbildung von 500 Doktoranden bis 2030 an/);
    expect(sources).toMatch(/\[(?:\d+, )*2(?:, \d+)*\] .*\n> \[(ru|id|de)\] “/);
    expect(embed.footer?.text).toBe('written by test-model from 2 cited source sentences');
    expect(openai.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body.stream)).toEqual([true]);
  }, 15_000);

  it('answers a model 500 with the deterministic answer and the fallback note, never an error', async () => {
    openai.fallback = () => ({ kind: 'status', status: 500 });
    const i = server.slash('ask', { question: 'Kihara Minoru defence cooperation' });
    expect(((await callback(i)).body as { type: number }).type).toBe(5);
    const [final] = await editsOf(i, 1);
    const message = final!.body as Message;
    expect(messageProblems(message)).toEqual([]);
    expect(message.content ?? '').toBe('');
    const embed = message.embeds![0]!;
    expect(embed.description).toBe('Answered from the corpus; every line cites its source sentence.');
    expect(embed.footer?.text).toBe(`${FALLBACK_NOTE} (model server error)`);
    expect(JSON.stringify(embed)).toContain('Kihara Minoru');
    expect(logLines.join('')).not.toContain('sk-local-test-key');
  });
});

describe('direct messages with a model', () => {
  it('replies as soon as text arrives, then edits the same message into the full cited answer', async () => {
    const user = server.user();
    const dm = server.directMessage(QUESTION, user);
    const reply = await server.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${dm.channelId}/messages`);
    const sent = reply.response as { id: string };
    expect(((reply.body as Message).embeds?.[0]?.footer?.text)).toBe('Writing…');
    const edit = await server.waitForCall((c) => c.method === 'PATCH' && c.path === `/channels/${dm.channelId}/messages/${sent.id}`, 5000);
    const body = edit.body as Message;
    expect(messageProblems(body)).toEqual([]);
    expect(body.embeds?.[0]?.footer?.text).toBe('written by test-model from 2 cited source sentences');
    expect(JSON.stringify(body.embeds)).toContain('[de] “Im Bereich der Halbleitertechnik');
  }, 10_000);
});

describe('model faults as a user sees them', () => {
  it('/ask: an invented figure, date and fund are removed from the answer and counted in the footer', async () => {
    openai.fallback = (req) => {
      const good = groundedAnswer(req);
      if (good.kind !== 'chat') return good;
      const cited = /\[(\d+)\]/.exec(good.content)![1];
      return { kind: 'chat', content: `${good.content} The two sides created a 47,000 billion yen Lotus Chip Fund in 2039 [${cited}].` };
    };
    // Another wording than the other tests' question, so the answer is not served from the cache.
    const i = server.slash('ask', { question: `${QUESTION} What exactly?` });
    const isFinal = (c: RecordedCall) => (c.body as Message).embeds?.[0]?.footer?.text?.startsWith('written by') === true;
    await server.waitUntil(() => (editsOfNow(i).some(isFinal) ? true : undefined), 10_000, 'the final edit');
    const embed = (editsOfNow(i).find(isFinal)!.body as Message).embeds![0]!;
    expect(embed.footer?.text).toBe('written by test-model from 2 cited source sentences · 1 sentence not supported by its sources removed');
    expect(JSON.stringify(embed)).not.toContain('Lotus');
  });

  it('DM: a stream cut off mid-answer is not shown as the answer: the deterministic answer follows with a note', async () => {
    openai.fallback = (req) => {
      const good = groundedAnswer(req);
      return good.kind === 'chat' ? { kind: 'stream-cut', content: `${good.content} Both sides will also disc` } : good;
    };
    const user = server.user();
    const dm = server.directMessage(`${QUESTION} Tell me more.`, user);
    const inChannel = (c: RecordedCall) => c.path.startsWith(`/channels/${dm.channelId}/messages`) && (c.method === 'POST' || c.method === 'PATCH');
    const footerOf = (c: RecordedCall) => (c.body as Message).embeds?.[0]?.footer?.text ?? '';
    const last = await server.waitForCall((c) => inChannel(c) && footerOf(c).includes(FALLBACK_NOTE), 5000);
    expect(footerOf(last).split(' · ')[0]).toBe(`${FALLBACK_NOTE} (model answer incomplete)`);
    expect(messageProblems(last.body as Message)).toEqual([]);
    expect(server.calls.filter(inChannel).some((c) => footerOf(c).startsWith('written by'))).toBe(false);
  }, 10_000);
});

describe('/help with a model', () => {
  it('shows the daily budget left to a member with Manage Server, and not to other members', async () => {
    const asked = server.command({ name: 'help', permissions: ADMIN_PERMISSIONS });
    const admin = await callback(asked);
    const fields = ((admin.body as { data: Message }).data.embeds![0]!.fields ?? []);
    const used = Number((await store.get(`llm:tokens:${new Date().toISOString().slice(0, 10)}`)) ?? 0);
    expect(used).toBeGreaterThan(0);
    expect(fields.at(-1)).toEqual({ name: 'Model', value: `${(BUDGET - used).toLocaleString('en-US')} tokens of today's model budget left (test-model).` });

    const member = await callback(server.command({ name: 'help' }));
    expect(JSON.stringify((member.body as { data: Message }).data.embeds)).not.toContain('budget');
  });
});

describe('createThrottledEditor', () => {
  it('edits at most once per interval with the newest value, and the final edit waits its turn', async () => {
    const clock = manualClock(0);
    const seen: Array<{ value: string; at: number }> = [];
    const editor = createThrottledEditor<string>(async (value) => void seen.push({ value, at: clock.now() }), { intervalMs: 100, timers: clock });
    editor.offer('a');
    await clock.advance(10);
    editor.offer('b');
    editor.offer('c');
    await clock.advance(140);
    editor.offer('d');
    const finished = editor.finish(async () => void seen.push({ value: 'final', at: clock.now() }));
    await clock.scheduled(50);
    await clock.advance(50);
    await finished;
    expect(seen).toEqual([{ value: 'a', at: 0 }, { value: 'c', at: 100 }, { value: 'final', at: 200 }]);
    expect(editor.edits).toBe(3);
  });
});
