/**
 * The discord.js shell: one client with intents Guilds + DirectMessages (no privileged intent), Partials.Channel
 * for DMs, no mentions by default, and the REST base taken from DISCORD_REST_URL (the gateway URL then comes from
 * that API's /gateway/bot).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { CommandContext, KeyValueStore, SlashCommand } from './slash-command.js';
import type { Engine } from '../briefing/views.js';
import type { Config } from '../config.js';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../log.js';
import { createRateLimiter } from '../ratelimit.js';
import { createDmHandler } from './dm.js';
import { createViewStore, type ViewStore } from './pagination.js';
import { createRouter } from './router.js';

export interface BotOptions {
  config: Readonly<Config>;
  engine: Engine;
  log: Logger;
  clock?: () => number;
  onReady?: (client: Client<true>) => void;
  /** Defaults to "an OpenAI key is configured": then every command defers before calling the engine. */
  modelBacked?: boolean;
  store?: KeyValueStore;
  /** The slash commands (the registry in commands/index.ts, passed in by the composition root). */
  commands: readonly SlashCommand[];
  views?: ViewStore;
}

export interface Bot {
  client: Client;
  ctx: CommandContext;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `https://discord.com/api`, `…/api/`, `…/api/v10` all mean the API base: discord.js appends `/v10` itself. */
export function restApiBase(restUrl: string | null): string | undefined {
  if (!restUrl) return undefined;
  return restUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

export function createBot(options: BotOptions): Bot {
  const { config, engine, log } = options;
  const clock = options.clock ?? Date.now;
  const api = restApiBase(config.discord.restUrl);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: { version: '10', ...(api ? { api } : {}) },
  });
  const ctx: CommandContext = {
    engine,
    log,
    config,
    views: options.views ?? createViewStore({ clock }),
    modelBacked: options.modelBacked ?? config.openai.apiKey !== null,
    clock,
    ...(options.store ? { store: options.store } : {}),
  };
  const limiter = createRateLimiter({
    userPerMinute: config.limits.userCommandsPerMinute,
    guildPerMinute: config.limits.guildCommandsPerMinute,
    dmCooldownSeconds: config.limits.dmCooldownSeconds,
    clock,
  });
  const router = createRouter({ commands: options.commands, ctx, limiter });
  const onDm = createDmHandler({ engine: () => ctx.engine, limiter, questionMaxChars: config.limits.questionMaxChars, log, clock });

  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.on(Events.MessageCreate, (message) => void onDm(message));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.once(Events.ClientReady, (ready) => {
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'bot ready');
    options.onReady?.(ready);
  });

  return {
    client,
    ctx,
    async start() {
      const token = config.discord.token;
      if (!token) {
        throw new UserFacingError('DEPLOY_CONFIG_MISSING', 'DISCORD_TOKEN is not set: copy the bot token from the Developer Portal → Bot → Reset Token.');
      }
      const ready = once(client, Events.ClientReady);
      try {
        await client.login(token);
      } catch (error) {
        if (error instanceof Error && /TokenInvalid|invalid token/i.test(`${(error as { code?: string }).code ?? ''} ${error.message}`)) {
          throw new UserFacingError('DISCORD_UNAUTHORIZED', 'Discord rejected DISCORD_TOKEN (401): reset the token in the Developer Portal → Bot and update it.');
        }
        throw error;
      }
      await ready;
    },
    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      await client.destroy();
    },
  };
}
