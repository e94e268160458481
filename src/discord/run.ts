/**
 * `npm start` with DISCORD_TOKEN: the composition root of the bot. Opens the store, loads the live corpus, builds the
 * engine (model-backed when a key is set), connects, starts the digest scheduler and the feed poller, and shuts
 * everything down gracefully on SIGINT/SIGTERM. Returns the process exit code.
 */
import { buildApp, engineFor, streamingSearchIndex, writerFor, type BuildAppOptions } from '../app.js';
import { rewriteView } from '../llm/model-engine.js';
import { openKnowledgeCache } from '../knowledge-cache/open.js';
import type { KeyValueStore } from './slash-command.js';
import type { Engine, View } from '../briefing/views.js';
import type { SentenceSource } from '../corpus/types.js';
import type { Config } from '../config.js';
import { UserFacingError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { commands } from '../../commands/index.js';
import { createBot } from './client.js';
import { createCharts } from '../charts/charts.js';
import { areaLabelIn, personOrCountryIn } from '../briefing/names.js';
import { openStore, type Store } from '../store/store.js';
import { createLiveCorpus, type LiveCorpus } from '../corpus-folder/live.js';
import { extractDocument } from '../knowledge/extract.js';
import { assembleKnowledge, createAssembler } from '../knowledge/assembler.js';
import { createDigestService } from '../digest/service.js';
import { createDiscordPoster } from './digest-poster.js';
import { startDigestScheduler, type DigestScheduler } from '../scheduler/digest-scheduler.js';
import { createFeedPoller, type FeedPoller } from '../feeds/poller.js';
import { createEnrichment } from '../llm/enrich.js';
import type { SearchIndex } from '../search/search-index.js';

export interface RunBotDeps {
  /** Defaults to the engine over the live corpus in config.corpusDir. */
  engine?: Engine;
  log?: Logger;
  store?: KeyValueStore;
  /** Resolves when the bot should stop; defaults to the first SIGINT or SIGTERM. */
  until?: Promise<unknown>;
}

function firstSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      log.info({ signal }, 'shutting down');
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function openStoreOrWarn(config: Readonly<Config>, log: Logger): Promise<Store | undefined> {
  try {
    return await openStore(config.storeUrl, log);
  } catch (error) {
    // The bot still answers every question without a store; only digests and feeds need one.
    log.error({ err: error instanceof Error ? error.message : String(error) }, 'store unavailable: digests and feeds are off until it is back and the bot restarts');
    return undefined;
  }
}

/**
 * The live corpus keeps its search index up to date document by document; engines reuse it, and read its lean
 * documents' sentences through its source.
 */
/**
 * Builds what `engine`'s views build on first use (rankings, indexes: up to a second at 100,000 articles), one step
 * per turn of the event loop, while it is the engine in use: the first reader after a start or a change does not
 * wait for them.
 */
function prepareWhileIdle(engine: Engine, inUse: () => boolean): void {
  const step = (): void => {
    if (inUse() && !(engine.prepare?.() ?? true)) setImmediate(step);
  };
  setImmediate(step);
}

/** What an app over the live corpus's current state is built with: its index, sentences and, if any, rankings. */
function appOptionsOf(corpus: LiveCorpus): BuildAppOptions {
  const index = corpus.index();
  const rankings = corpus.rankings();
  return { sentences: corpus.sentences, ...(index ? { index } : {}), ...(rankings ? { rankings } : {}) };
}

export async function runBot(config: Readonly<Config>, deps: RunBotDeps = {}): Promise<number> {
  const log = deps.log ?? createLogger(config.logLevel, { secrets: [config.discord.token, config.openai.apiKey] });
  const store = await openStoreOrWarn(config, log);
  const writer = writerFor(config, store, log);
  let live: LiveCorpus | undefined;
  const enrichment = writer && config.openai.extract ? createEnrichment(writer, log, (d) => live?.sentences(d)) : undefined;
  // Model-assisted extraction runs in the background, one pass at a time; new model facts re-assemble the knowledge.
  let enriching: Promise<void> = Promise.resolve();
  const enrich = (corpus: LiveCorpus): void => {
    if (!enrichment) return;
    enriching = enriching.then(async () => {
      if ((await enrichment.run(corpus.documents())) > 0) await corpus.reassemble();
    }).catch((error: unknown) => log.warn({ err: String(error) }, 'model extraction failed'));
  };
  let engine = deps.engine;
  if (!engine) {
    const cacheLog = { warn: (message: string) => log.warn(message) };
    const cache = await openKnowledgeCache(config.cacheDir, config.corpusDir, { log: cacheLog, readIndexAhead: true });
    live = await createLiveCorpus(config.corpusDir, {
      pipeline: {
        extract: extractDocument,
        // With OPENAI_EXTRACT, what the model read is merged in (it only adds; the rules' facts stand).
        assemble: (facts) => assembleKnowledge(enrichment ? enrichment.apply(facts, () => live?.documents() ?? []) : facts),
        // Adding an article merges only its facts (model enrichment re-assembles everything, so it goes without).
        ...(enrichment ? {} : { assembler: createAssembler }),
      },
      cache,
      indexStream: () => streamingSearchIndex(cache, cacheLog),
      log,
      ...(store ? { store } : {}),
      maxBytes: config.corpusMaxBytes,
      watch: config.corpusWatch,
      onWarning: (w) => log.warn({ file: w.file }, w.reason),
      onUpdate: (corpus) => {
        const next = engineFor(buildApp(corpus.documents(), [], corpus.knowledge(), appOptionsOf(corpus)), config, store, log, writer);
        bot.ctx.engine = next;
        prepareWhileIdle(next, () => bot.ctx.engine === next);
        enrich(corpus);
      },
    });
    engine = engineFor(buildApp(live.documents(), [], live.knowledge(), appOptionsOf(live)), config, store, log, writer);
    enrich(live);
  }
  const bot = createBot({ config, engine, log, commands, ...(deps.store ?? store ? { store: deps.store ?? store } : {}) });
  if (writer) bot.ctx.budgetLeft = () => writer.budgetLeft();
  const first = engine;
  prepareWhileIdle(first, () => bot.ctx.engine === first);
  if (live) {
    const corpus = live;
    // Area names in the heat map in the reader's language, from the same table the views use.
    bot.ctx.charts = createCharts(() => corpus.knowledge(), { areaLabel: areaLabelIn, nameLabel: personOrCountryIn });
  }
  let feeds: FeedPoller | undefined;
  let stopFeeds: (() => Promise<void>) | undefined;
  let scheduler: DigestScheduler | undefined;
  if (store && live) {
    const corpus = live;
    feeds = createFeedPoller({
      store, corpusDir: config.corpusDir, log, configFeeds: config.feeds, intervalMs: config.feedPollMinutes * 60_000,
    });
    const digest = createDigestService({
      store,
      poster: createDiscordPoster(bot.client, config.digest.language),
      corpus: () => corpus.snapshot(),
      log,
      postWhenEmpty: config.digest.postWhenEmpty,
      feedStatus: () => feeds!.statusLines(),
      ...(writer ? { rewrite: (view: View, language: string) => rewriteView(writer, view, language) } : {}),
    });
    bot.ctx.digest = digest;
    bot.ctx.feeds = feeds;
    bot.client.once('clientReady', () => {
      void digest.ensureDefault(config.digest, new Date())
        .catch((error: unknown) => log.error({ err: String(error) }, 'could not set up the default digest'))
        .finally(() => {
          scheduler = startDigestScheduler({ run: (now) => digest.postDueDigests(now), log });
        });
    });
  }
  const until = deps.until ?? firstSignal(log);
  try {
    await bot.start();
  } catch (error) {
    await bot.stop().catch(() => undefined);
    live?.close();
    await store?.close().catch(() => undefined);
    if (error instanceof UserFacingError) {
      log.error({ code: error.code }, error.message);
      return 1;
    }
    throw error;
  }
  // Feeds start once the bot is connected, so a failed login leaves nothing running.
  stopFeeds = feeds?.start();
  await until;
  await scheduler?.stop();
  await stopFeeds?.();
  await live?.flush().catch(() => undefined);
  live?.close();
  await bot.stop();
  await store?.close().catch(() => undefined);
  log.info('bot stopped');
  return 0;
}
