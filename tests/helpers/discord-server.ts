/**
 * A local server speaking enough of Discord's REST v10 and gateway v10 (JSON, no compression) for the real
 * discord.js client: /gateway/bot, HELLO/IDENTIFY/heartbeat/READY/GUILD_CREATE, RESUME with replay, dispatching
 * INTERACTION_CREATE and MESSAGE_CREATE, and the REST routes a bot uses to answer. Every REST call is recorded,
 * and every message body is checked against Discord's limits (independently of src/discord/render.ts).
 *
 * Sharding: /gateway/bot recommends `shards` (default 1); each IDENTIFY's `shard: [id, count]` opens a session of
 * its own (sequence, replay, RESUME), READY lists only that shard's guilds, and guild events (GUILD_CREATE,
 * interactions) go to the shard Discord would pick: (guild_id >> 22) % count. DMs go to shard 0.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Discord's shard for a guild: (guild_id >> 22) % shard count. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** A snowflake of a guild that Discord routes to `shard` of `count` (its timestamp part is nudged by < count ms). */
export function guildSnowflake(shard: number, count: number): string {
  increment = (increment + 1n) & 0xfffn;
  const n = BigInt(count);
  let ms = BigInt(Date.now()) - DISCORD_EPOCH;
  ms += (BigInt(shard) - (ms % n) + n) % n;
  return ((ms << 22n) | (1n << 17n) | increment).toString();
}

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
  /** What the server answered (e.g. the created message, with its id). */
  response?: unknown;
  at: number;
  /** Files of a multipart body, by file name. */
  files?: Map<string, Buffer>;
}

/** The file parts of a multipart/form-data body (`filename="…"`), by file name. */
function multipartFiles(raw: Buffer, type: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return files;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /filename="([^"]+)"/.exec(part.subarray(0, Math.max(0, headerEnd)).toString('utf8'));
    if (name && headerEnd >= 0) files.set(name[1]!, Buffer.from(part.subarray(headerEnd + 4)));
    start = next;
  }
  return files;
}

export interface GatewayEvent {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export interface User {
  id: string;
  username: string;
  global_name?: string | null;
  discriminator?: string;
  avatar?: string | null;
  bot?: boolean;
}

type Matcher = (call: { method: string; path: string }) => boolean;

interface PlannedFailure {
  match: Matcher;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Every reason Discord would refuse a message body: the oracle the bot tests check against. */
export function messageProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as Record<string, unknown>;
  const content = typeof b.content === 'string' ? b.content : '';
  if (content.length > 2000) problems.push(`content ${content.length} > 2000`);
  const embeds = Array.isArray(b.embeds) ? (b.embeds as Array<Record<string, unknown>>) : [];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds > 10`);
  let total = 0;
  for (const e of embeds) {
    const title = typeof e.title === 'string' ? e.title : '';
    const description = typeof e.description === 'string' ? e.description : '';
    const footer = (e.footer as { text?: string } | undefined)?.text ?? '';
    const fields = Array.isArray(e.fields) ? (e.fields as Array<{ name: string; value: string }>) : [];
    if (title.length > 256) problems.push(`title ${title.length} > 256`);
    if (description.length > 4096) problems.push(`description ${description.length} > 4096`);
    if (footer.length > 2048) problems.push(`footer ${footer.length} > 2048`);
    if (fields.length > 25) problems.push(`${fields.length} fields > 25`);
    for (const f of fields) {
      if (!f.name || f.name.length > 256) problems.push(`field name length ${f.name?.length ?? 0}`);
      if (!f.value || f.value.length > 1024) problems.push(`field value length ${f.value?.length ?? 0}`);
    }
    // Discord accepts an embed that only shows an image (a chart); one with nothing at all it refuses.
    if (!title && !description && fields.length === 0 && !(e.image as { url?: string } | undefined)?.url) problems.push('empty embed');
    total += title.length + description.length + footer.length + fields.reduce((s, f) => s + f.name.length + f.value.length, 0);
  }
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  const rows = Array.isArray(b.components) ? (b.components as Array<{ components?: Array<Record<string, unknown>> }>) : [];
  if (rows.length > 5) problems.push(`${rows.length} action rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    for (const c of row.components ?? []) {
      const id = c.custom_id;
      if (typeof id === 'string') {
        if (id.length > 100) problems.push(`custom_id ${id.length} > 100`);
        if (ids.has(id)) problems.push(`duplicate custom_id ${id}`);
        ids.add(id);
      }
      const options = Array.isArray(c.options) ? (c.options as Array<{ label: string; value: string; description?: string }>) : [];
      if (options.length > 25) problems.push(`${options.length} select options > 25`);
      for (const o of options) {
        if (!o.label || o.label.length > 100) problems.push(`select label ${o.label?.length ?? 0}`);
        if (!o.value || o.value.length > 100) problems.push(`select value ${o.value?.length ?? 0}`);
        if (o.description !== undefined && o.description.length > 100) problems.push(`select description ${o.description.length}`);
      }
      if (typeof c.label === 'string' && c.label.length > 80) problems.push(`button label ${c.label.length} > 80`);
    }
  }
  const mentions = b.allowed_mentions as { parse?: unknown[] } | undefined;
  if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length !== 0) problems.push('allowed_mentions.parse is not []');
  return problems;
}

/** @everyone's default permissions (no Manage Server). */
export const MEMBER_PERMISSIONS = '1071698660929';
/** Manage Server (1 << 5) on top of @everyone's. */
export const ADMIN_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | (1n << 5n)).toString();

export interface SlashSpec {
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, string | number | { channel: string }>;
  user?: User;
  locale?: string;
  permissions?: string | bigint;
  /** Where the command is used (default: the first guild); it reaches the shard serving that guild. */
  guild?: TestGuild;
}

export interface DiscordServerOptions {
  token: string;
  appId?: string;
  guildId?: string;
  /** The shard count /gateway/bot recommends. Default 1. Without `guildId`, the first guild is on shard 0. */
  shards?: number;
}

/** A guild the bot is in, with its one text channel. */
export interface TestGuild {
  id: string;
  channelId: string;
  name: string;
}

/** One shard's gateway session: its own sequence numbers and replay buffer. */
interface Session {
  id: string;
  shard: number;
  count: number;
  socket: WebSocket | null;
  sequence: number;
  /** Dispatches by sequence number, for RESUME replay. */
  sent: Array<{ s: number; t: string; d: unknown }>;
}

export class DiscordServer {
  readonly appId: string;
  readonly guildId: string;
  readonly channelId = snowflake();
  readonly botUser: User;
  readonly calls: RecordedCall[] = [];
  /** Every gateway payload; `shard` is the session's shard once the connection has identified or resumed. */
  readonly gatewayLog: Array<{ direction: 'in' | 'out'; payload: GatewayEvent; shard?: number }> = [];
  /** Every guild, the first one being `guildId`/`channelId`. */
  readonly guilds: TestGuild[] = [];
  identifies = 0;
  resumes = 0;
  connections = 0;

  private http!: Server;
  private wss!: WebSocketServer;
  /** Sessions by shard id. */
  private readonly sessions = new Map<number, Session>();
  private readonly sessionOf = new Map<WebSocket, Session>();
  private readonly failures: PlannedFailure[] = [];
  private readonly originals = new Map<string, Record<string, unknown>>();
  private readonly dmChannels = new Map<string, string>();
  private waiters: Array<() => void> = [];
  private port = 0;

  private constructor(readonly options: DiscordServerOptions) {
    this.appId = options.appId ?? snowflake();
    this.guildId = options.guildId ?? guildSnowflake(0, options.shards ?? 1);
    this.guilds.push({ id: this.guildId, channelId: this.channelId, name: 'attache test guild' });
    this.botUser = { id: this.appId, username: 'attache', discriminator: '0000', global_name: null, avatar: null, bot: true };
  }

  static async start(options: DiscordServerOptions): Promise<DiscordServer> {
    const server = new DiscordServer(options);
    await server.listen();
    return server;
  }

  /** The API base to give discord.js (`rest.api`): it appends `/v10` itself. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The shard count of the connected bot (from its IDENTIFY), else the recommended one. */
  get shardCount(): number {
    for (const session of this.sessions.values()) if (session.socket) return session.count;
    return this.options.shards ?? 1;
  }

  /** The shard serving a guild at the current shard count. */
  shardFor(guildId: string): number {
    return shardOf(guildId, this.shardCount);
  }

  /**
   * Adds a guild (with one text channel) that Discord routes to `shard` of the recommended count; a shard already
   * connected receives its GUILD_CREATE (the bot joined it).
   */
  addGuild(shard = 0, name = `guild on shard ${shard}`): TestGuild {
    const guild = { id: guildSnowflake(shard, this.options.shards ?? 1), channelId: snowflake(), name };
    this.guilds.push(guild);
    if (this.sessions.get(this.shardFor(guild.id))?.socket) this.dispatchToGuild(guild.id, 'GUILD_CREATE', this.guildPayload(guild));
    return guild;
  }

  private async listen(): Promise<void> {
    this.http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.route(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res));
    });
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (ws) => this.onConnection(ws));
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---------------------------------------------------------------- REST

  /** The next `times` calls matching `match` are answered 429 with Discord's headers and `retry_after`. */
  rateLimitNext(match: Matcher, retryAfterSeconds: number, options: { global?: boolean; times?: number } = {}): void {
    const headers: Record<string, string> = {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.now() / 1000 + retryAfterSeconds),
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-bucket': 'test-bucket',
      'x-ratelimit-scope': options.global ? 'global' : 'user',
    };
    if (options.global) headers['x-ratelimit-global'] = 'true';
    for (let i = 0; i < (options.times ?? 1); i++) {
      this.failures.push({
        match,
        status: 429,
        headers,
        body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: options.global ?? false, code: 0 },
      });
    }
  }

  /** The next call matching `match` is answered with `status` and a Discord-shaped error body. */
  failNext(match: Matcher, status: number, body: unknown = { message: `${status}`, code: 0 }): void {
    this.failures.push({ match, status, body, headers: {} });
  }

  /** Resolves with the first recorded call (past or future) satisfying `pred`. */
  async waitForCall(pred: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitUntil(() => this.calls.find(pred), timeoutMs, 'REST call');
  }

  /** Resolves once `find` returns a value (re-checked on every REST call and gateway message). */
  async waitUntil<T>(find: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const found = find();
    if (found !== undefined) return found;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        const value = find();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(value);
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private message(channelId: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...extra,
    };
  }

  private route(method: string, rawUrl: string, headers: IncomingHttpHeaders, raw: Buffer, res: ServerResponse): void {
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    let body: unknown = null;
    let files: Map<string, Buffer> | undefined;
    const type = headers['content-type'] ?? '';
    if (raw.length && type.includes('application/json')) body = JSON.parse(raw.toString('utf8'));
    else if (raw.length && type.includes('multipart/form-data')) {
      const match = /name="payload_json"\r\n(?:Content-Type: application\/json\r\n)?\r\n([\s\S]*?)\r\n--/.exec(raw.toString('utf8'));
      body = match ? JSON.parse(match[1] as string) : raw.toString('utf8');
      files = multipartFiles(raw, type);
    }
    const record = (status: number, response?: unknown): void => {
      this.calls.push({ method, path, query: url.searchParams, headers, body, status, response, at: Date.now(), ...(files ? { files } : {}) });
      setImmediate(() => this.notify());
    };
    const send = (status: number, payload?: unknown, extraHeaders: Record<string, string> = {}): void => {
      record(status, payload);
      res.writeHead(status, { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };

    if (!url.pathname.startsWith('/api/v10/')) return send(404, { message: '404: Not Found', code: 0 });

    const failure = this.failures.findIndex((f) => f.match({ method, path }));
    if (failure >= 0) {
      const [planned] = this.failures.splice(failure, 1);
      if (planned) return send(planned.status, planned.body, planned.headers);
    }

    const tokenRoute = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (!tokenRoute && headers.authorization !== `Bot ${this.options.token}`) {
      return send(401, { message: '401: Unauthorized', code: 0 });
    }

    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, { url: this.gatewayUrl, shards: this.options.shards ?? 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const data = (body as { type: number; data?: Record<string, unknown> }) ?? { type: 0 };
      if (data.type === 4 || data.type === 7) this.originals.set(m[2] as string, this.message(this.channelId, data.data ?? {}));
      if (data.type === 5) this.originals.set(m[2] as string, this.message(this.channelId, { content: '' }));
      if (url.searchParams.get('with_response') === 'true') {
        return send(200, { interaction: { id: m[1], type: 2 }, resource: { type: data.type, message: this.originals.get(m[2] as string) } });
      }
      return send(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/.exec(path))) {
      const token = m[2] as string;
      if (method === 'GET') return send(200, this.originals.get(token) ?? this.message(this.channelId, {}));
      if (method === 'PATCH') {
        const edited = { ...this.message(this.channelId, (body as Record<string, unknown>) ?? {}), edited_timestamp: new Date().toISOString() };
        if (m[3] === '@original') this.originals.set(token, edited);
        return send(200, edited);
      }
      if (method === 'DELETE') return send(204);
    }
    if (method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      return send(200, this.message(this.channelId, (body as Record<string, unknown>) ?? {}, { webhook_id: this.appId }));
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = (body as { recipient_id: string }).recipient_id;
      const id = this.dmChannels.get(recipient) ?? snowflake();
      this.dmChannels.set(recipient, id);
      return send(200, { id, type: 1, recipients: [{ id: recipient, username: 'someone', discriminator: '0', avatar: null }], last_message_id: null });
    }
    if (method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(path))) {
      const guild = this.guilds.find((g) => g.channelId === m?.[1]);
      if (!guild) return send(404, { message: 'Unknown Channel', code: 10003 });
      return send(200, this.channelPayload(guild));
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/typing$/.exec(path))) return send(204);
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      return send(200, this.message(m[1] as string, (body as Record<string, unknown>) ?? {}));
    }
    if (method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      return send(200, { ...this.message(m[1] as string, (body as Record<string, unknown>) ?? {}), id: m[2], edited_timestamp: new Date().toISOString() });
    }
    if (method === 'PUT' && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (m[1] !== this.appId) return send(403, { message: 'Missing Access', code: 50001 });
      const list = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [];
      return send(200, list.map((c) => ({ ...c, id: snowflake(), application_id: this.appId, version: snowflake(), ...(m?.[2] ? { guild_id: m[2] } : {}) })));
    }
    return send(404, { message: '404: Not Found', code: 0 });
  }

  /** REST calls answering interaction `id` (callback) or its token (webhook edits and follow-ups). */
  callsFor(interaction: { id: string; token: string }): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes(`/interactions/${interaction.id}/`) || c.path.includes(`/${interaction.token}`));
  }

  // ------------------------------------------------------------- gateway

  private sendRaw(ws: WebSocket, payload: GatewayEvent): void {
    const shard = this.sessionOf.get(ws)?.shard;
    this.gatewayLog.push({ direction: 'out', payload, ...(shard === undefined ? {} : { shard }) });
    ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.connections++;
    this.sendRaw(ws, { op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null });
    ws.on('message', (data) => {
      const payload = JSON.parse(data.toString()) as GatewayEvent;
      const shard = this.sessionOf.get(ws)?.shard;
      this.gatewayLog.push({ direction: 'in', payload, ...(shard === undefined ? {} : { shard }) });
      this.onGatewayMessage(ws, payload);
      setImmediate(() => this.notify());
    });
    ws.on('close', () => {
      const session = this.sessionOf.get(ws);
      if (session?.socket === ws) session.socket = null;
      this.sessionOf.delete(ws);
    });
  }

  private session(shard: number): Session {
    let session = this.sessions.get(shard);
    if (!session) {
      session = { id: `session-${snowflake()}`, shard, count: this.options.shards ?? 1, socket: null, sequence: 0, sent: [] };
      this.sessions.set(shard, session);
    }
    return session;
  }

  private onGatewayMessage(ws: WebSocket, payload: GatewayEvent): void {
    switch (payload.op) {
      case 1:
        this.sendRaw(ws, { op: 11, d: null });
        break;
      case 2: {
        this.identifies++;
        const [shard, count] = (payload.d as { shard?: [number, number] }).shard ?? [0, 1];
        const session = this.session(shard);
        // A fresh IDENTIFY starts the shard's session over.
        if (session.socket && session.socket !== ws) this.sessionOf.delete(session.socket);
        Object.assign(session, { count, socket: ws, sequence: 0 });
        session.sent.length = 0;
        this.sessionOf.set(ws, session);
        const mine = this.guilds.filter((g) => shardOf(g.id, count) === shard);
        this.dispatch('READY', {
          v: 10,
          user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: this.gatewayUrl,
          shard: [shard, count],
          application: { id: this.appId, flags: 0 },
          private_channels: [],
          relationships: [],
          user_settings: {},
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
        }, shard);
        for (const guild of mine) this.dispatch('GUILD_CREATE', this.guildPayload(guild), shard);
        break;
      }
      case 6: {
        this.resumes++;
        const { seq, session_id: sessionId } = payload.d as { seq: number; session_id: string };
        const session = [...this.sessions.values()].find((x) => x.id === sessionId);
        if (!session) {
          this.sendRaw(ws, { op: 9, d: false });
          break;
        }
        session.socket = ws;
        this.sessionOf.set(ws, session);
        for (const event of session.sent.filter((e) => e.s > seq)) this.sendRaw(ws, { op: 0, s: event.s, t: event.t, d: event.d });
        this.dispatch('RESUMED', {}, session.shard);
        break;
      }
      default:
        break;
    }
  }

  private channelPayload(guild: TestGuild): Record<string, unknown> {
    return { id: guild.channelId, type: 0, guild_id: guild.id, name: 'general', position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 };
  }

  private guildPayload(guild: TestGuild): Record<string, unknown> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [{ id: guild.id, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      channels: [this.channelPayload(guild)],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** Sends a dispatch on `shard`'s session with its next sequence number; while disconnected it is kept for the RESUME replay. */
  dispatch(t: string, d: unknown, shard = 0): void {
    const session = this.session(shard);
    const s = ++session.sequence;
    session.sent.push({ s, t, d });
    const ws = session.socket;
    if (ws && ws.readyState === ws.OPEN) this.sendRaw(ws, { op: 0, s, t, d });
  }

  /** Sends a dispatch to the shard serving `guildId`. */
  dispatchToGuild(guildId: string, t: string, d: unknown): void {
    this.dispatch(t, d, this.shardFor(guildId));
  }

  /** Drops the gateway connection: a close frame with `code` (e.g. 4000) or, with 'abrupt', a dead TCP socket. */
  dropGateway(how: number | 'abrupt' = 4000, shard = 0): void {
    const session = this.sessions.get(shard);
    const ws = session?.socket ?? null;
    if (session) session.socket = null;
    if (!ws) return;
    if (how === 'abrupt') ws.terminate();
    else ws.close(how, 'test drop');
  }

  // -------------------------------------------------------- interactions

  user(id = snowflake(), username = 'analyst'): User {
    return { id, username, global_name: username, discriminator: '0', avatar: null };
  }

  private interactionBase(type: number, user: User, locale: string, permissions = MEMBER_PERMISSIONS, guild: TestGuild = this.guilds[0]!): { id: string; token: string; payload: Record<string, unknown> } {
    const id = snowflake();
    const token = `itok-${id}`;
    return {
      id,
      token,
      payload: {
        id,
        application_id: this.appId,
        type,
        token,
        version: 1,
        guild_id: guild.id,
        channel_id: guild.channelId,
        channel: { id: guild.channelId, type: 0, guild_id: guild.id, name: 'general', permissions: '1071698660929' },
        member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, pending: false, permissions },
        locale,
        guild_locale: 'en-US',
        app_permissions: '1071698660929',
        entitlements: [],
        authorizing_integration_owners: { '0': guild.id },
        context: 0,
      },
    };
  }

  /** Dispatches a slash command; options are `{ name: value }` (strings → type 3, integers → type 4). */
  slash(name: string, options: Record<string, string | number> = {}, user = this.user(), locale = 'en-US'): { id: string; token: string } {
    return this.command({ name, options, user, locale });
  }

  /**
   * Dispatches a slash command with everything a test may vary: a subcommand (inside a group), channel options
   * (`{ channel: id }` → type 7, resolved like Discord does) and the member's permissions (default: @everyone's,
   * which do not include Manage Server).
   */
  command(spec: SlashSpec): { id: string; token: string } {
    const guild = spec.guild ?? this.guilds[0]!;
    const { id, token, payload } = this.interactionBase(2, spec.user ?? this.user(), spec.locale ?? 'en-US', String(spec.permissions ?? MEMBER_PERMISSIONS), guild);
    const channels: Record<string, unknown> = {};
    const options = Object.entries(spec.options ?? {}).map(([n, value]) => {
      if (typeof value === 'object') {
        channels[value.channel] = { id: value.channel, type: 0, name: 'general', guild_id: guild.id, permissions: MEMBER_PERMISSIONS, parent_id: null };
        return { name: n, type: 7, value: value.channel };
      }
      return { name: n, type: typeof value === 'number' ? 4 : 3, value };
    });
    const sub = spec.subcommand ? [{ name: spec.subcommand, type: 1, options }] : options;
    const top = spec.group ? [{ name: spec.group, type: 2, options: sub }] : sub;
    payload.data = {
      id: snowflake(),
      name: spec.name,
      type: 1,
      guild_id: guild.id,
      options: top,
      ...(Object.keys(channels).length > 0 ? { resolved: { channels } } : {}),
    };
    this.dispatchToGuild(guild.id, 'INTERACTION_CREATE', payload);
    return { id, token };
  }

  autocomplete(name: string, focused: string, value: string, user = this.user(), locale = 'en-US'): { id: string; token: string } {
    const { id, token, payload } = this.interactionBase(4, user, locale);
    payload.data = { id: snowflake(), name, type: 1, guild_id: this.guildId, options: [{ name: focused, type: 3, value, focused: true }] };
    this.dispatchToGuild(this.guildId, 'INTERACTION_CREATE', payload);
    return { id, token };
  }

  /** Presses a button (component_type 2) or picks select values (component_type 3) on `message`. */
  component(customId: string, message: Record<string, unknown>, user: User, values?: string[], locale = 'en-US'): { id: string; token: string } {
    const { id, token, payload } = this.interactionBase(3, user, locale);
    payload.message = { ...this.message(this.channelId, {}), ...message, author: this.botUser, application_id: this.appId };
    payload.data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
    this.dispatchToGuild(this.guildId, 'INTERACTION_CREATE', payload);
    return { id, token };
  }

  /** A user's direct message to the bot (MESSAGE_CREATE in a DM channel the client has never seen). */
  directMessage(content: string, user: User, options: { bot?: boolean } = {}): { id: string; channelId: string } {
    const channelId = this.dmChannels.get(user.id) ?? snowflake();
    this.dmChannels.set(user.id, channelId);
    const id = snowflake();
    this.dispatch('MESSAGE_CREATE', {
      ...this.message(channelId, { content }),
      id,
      author: { ...user, bot: options.bot ?? false },
      channel_type: 1,
    });
    return { id, channelId };
  }
}
