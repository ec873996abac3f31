import { resolve } from "node:path";
import type { ChatAdapter } from "./chat/adapter.ts";
import type { Command, CommandContext } from "./chat/command.ts";
import { completions } from "./chat/completions.ts";
import { dispatch } from "./chat/dispatch.ts";
import { channelOf, type Invocation } from "./chat/invocation.ts";
import { CommandRateLimiter } from "./chat/rate-limit.ts";
import { DEFAULT_REACTION_EMOJI, ReactionService } from "./chat/reactions.ts";
import type { Reply } from "./chat/reply.ts";
import type { Config } from "./config.ts";
import { deliverDigest } from "./digest/deliver.ts";
import type { Digest } from "./digest/digest.ts";
import { DigestService } from "./digest/digest-service.ts";
import { followUpsFromLedger } from "./followups/recap-followups.ts";
import type { Logger } from "./log.ts";
import { Metrics } from "./metrics.ts";
import { CATALOG_CALLS, Catalog, type CatalogSources } from "./papers/catalog.ts";
import type { Paper } from "./papers/paper.ts";
import { createCatalogSources } from "./papers/sources/catalog-sources.ts";
import { indexStoredPapers } from "./papers/stored-papers-indexer.ts";
import type { RankingWeights } from "./ranking/score.ts";
import type { FollowUpsOfWeek } from "./recap/recap.ts";
import { recordingUpvotes } from "./rising/record-upvotes.ts";
import { SearchIndex, tokenize } from "./search/index.ts";
import { SearchWorker } from "./search/search-worker.ts";
import { SharedPages } from "./search/shared-pages.ts";
import type { KvBackend } from "./store/backend.ts";
import { openStore } from "./store/open-store.ts";
import type { ChannelRef } from "./store/refs.ts";
import { createStore, type Store } from "./store/store.ts";

/** The assembled core: everything adapters and the CLI need, with no platform in sight. */
export interface App {
  config: Config;
  /** The `/papers` command table every platform's runtime dispatches to. */
  commands: readonly Command[];
  /** The running platforms' adapters (their chat runtimes), in the order they were handed in. */
  adapters: readonly ChatAdapter[];
  store: Store;
  catalog: Catalog;
  /** The upstream calls, measured: the catalog's, and the follow-up refresher's. */
  sources: CatalogSources;
  digests: DigestService;
  /** Turns emoji reactions on paper messages into votes and reading-list entries. */
  reactions: ReactionService;
  /** Counters and histograms for `/metrics`. */
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
  /** Answers one invocation from any adapter; never throws. */
  handle: (invocation: Invocation, adapter?: ChatAdapter) => Promise<Reply>;
  /** Suggestions for an option being typed (Discord autocomplete); never throws, `[]` on trouble. */
  complete: (invocation: Invocation, option: string, typed: string) => Promise<string[]>;
  /** Posts a digest to a channel through an adapter, exactly once per paper and day. */
  deliver: (
    adapter: ChatAdapter,
    channel: ChannelRef,
    digest: Digest,
    note?: string,
  ) => ReturnType<typeof deliverDigest>;
  /** Where the weekly recap reads the week's follow-ups from (none until something tracks them). */
  followUps: FollowUpsOfWeek;
  close: () => Promise<void>;
}

/** Builds one platform's adapter over the assembled core (a composition root hands these in). */
export type AdapterFactory = (app: App) => ChatAdapter;

/** What the composition root hands the core, and what a test or the CLI may replace. */
export interface AppOptions {
  /** The `/papers` command table (`commands/`): the core never imports it. */
  commands: readonly Command[];
  /** The platforms to run, built once the core is assembled (`app.adapters`); none for the CLI's one-shot commands. */
  adapters?: readonly AdapterFactory[];
  now?: () => Date;
  backend?: KvBackend;
  sources?: CatalogSources;
  /** Also collect the process's default metrics (heap, event loop): once per process, for `run`. */
  processMetrics?: boolean;
  /**
   * Allow topic searches in a worker thread, which then runs unless `PAPERBOY_SEARCH_WORKER=off`: for `run`,
   * where commands come in bursts; one-shot commands gain nothing from it. Default false.
   */
  searchWorker?: boolean;
  /** The weekly recap's follow-ups of the week; default none. */
  followUps?: FollowUpsOfWeek;
  /** How long after a start that had to index every stored paper its index is saved (default {@link INDEX_SAVE_DELAY_MS}). */
  indexSaveDelayMs?: number;
}

/**
 * A start that indexed every stored paper saves the index this long afterwards rather than before it is
 * ready: writing 100,000 papers' index holds the thread for about half a second. Closing saves it sooner.
 */
const INDEX_SAVE_DELAY_MS = 10_000;

/**
 * Assembles the core: config → store → sources → catalog and digests → command handling, then the
 * platforms' adapters it is handed. The command table and the adapters come from the composition root
 * (`app/main.ts`), so nothing under `src/` depends on a command or a platform.
 */
export async function createApp(config: Config, logger: Logger, overrides: AppOptions): Promise<App> {
  const { commands } = overrides;
  const now = overrides.now ?? (() => new Date());
  const shutdown = new AbortController();
  const backend = overrides.backend ?? (await openStore(config.storeUrl, { logger }));
  const store = createStore(backend);
  const metrics = new Metrics({
    commands: commands.map((command) => command.name),
    defaultMetrics: overrides.processMetrics ?? false,
  });
  const searchInWorker = overrides.searchWorker === true && config.searchWorker;
  // With a search thread, the index's arenas go in shared memory, which that thread reads in place.
  const index = new SearchIndex(searchInWorker ? { pages: new SharedPages() } : {});
  const sources = measuredSources(
    overrides.sources ??
      createCatalogSources({
        huggingFaceUrl: config.huggingFaceUrl,
        arxivUrl: config.arxivUrl,
        arxivCategories: config.arxivCategories,
        httpTimeoutMs: config.httpTimeoutMs,
        logger,
        signal: shutdown.signal,
      }),
    metrics,
    now,
  );
  // The catalog's daily listings also record upvote readings, for rising-paper alerts.
  const catalog = new Catalog(
    store.papers,
    index,
    recordingUpvotes(sources, store.rising, now, logger),
    logger,
    now,
  );
  const indexFile = config.indexFile && resolve(process.cwd(), config.indexFile);
  // A SQLite file takes a second connection: a worker thread indexes part of the papers while this one does the rest.
  const buildPart =
    !overrides.backend && config.storeUrl.startsWith("sqlite://")
      ? (from: string, batchSize: number) =>
          indexStoredPapers(config.storeUrl, from, batchSize, index.sharesPages)
      : undefined;
  const loaded = await catalog.load(indexFile, { deferSave: true, buildPart });
  let saving: Promise<boolean> | undefined;
  const saveBuilt =
    indexFile && loaded.from === "store"
      ? setTimeout(() => {
          saving = catalog.saveIndex(indexFile);
        }, overrides.indexSaveDelayMs ?? INDEX_SAVE_DELAY_MS)
      : undefined;
  saveBuilt?.unref();
  const searchWorker = searchInWorker ? new SearchWorker(index, { logger }) : undefined;
  searchWorker?.start();
  catalog.searchWith(searchWorker);
  logger.info(
    {
      papers: loaded.papers,
      from: loaded.from,
      caughtUp: loaded.caughtUp,
      ms: Math.round(loaded.ms),
      store: backend.kind,
    },
    loaded.from === "file" ? "search index loaded from its saved file" : "search index built from the store",
  );
  const weights: RankingWeights = config.ranking;
  const digests = new DigestService(store, catalog, {
    weights,
    defaults: { timezone: config.timezone, digestSize: config.digestSize },
    matchesTopic: topicMatcher,
    now,
  });
  const reactions = new ReactionService(
    store,
    {
      upvote:
        config.reactionEmoji.upvote.length > 0 ? config.reactionEmoji.upvote : DEFAULT_REACTION_EMOJI.upvote,
      save: config.reactionEmoji.save.length > 0 ? config.reactionEmoji.save : DEFAULT_REACTION_EMOJI.save,
      downvote:
        config.reactionEmoji.downvote.length > 0
          ? config.reactionEmoji.downvote
          : DEFAULT_REACTION_EMOJI.downvote,
    },
    logger,
  );
  const followUps = overrides.followUps ?? followUpsFromLedger(store);
  const deliver: App["deliver"] = (adapter, channel, digest, note) =>
    deliverDigest({ adapter, store, channel, digest, note, now, logger, metrics });

  const limiter = new CommandRateLimiter(config.commandsPerMinute, () => now().getTime());
  const handle: App["handle"] = async (invocation, adapter) => {
    // The console is the operator's own terminal (and scripts piped into it): never limited.
    if (invocation.platform !== "console") {
      const decision = limiter.take(`${invocation.platform}:${invocation.workspaceId}:${invocation.userId}`);
      if (!decision.allowed) {
        const seconds = Math.ceil(decision.retryAfterMs / 1000);
        logger.info(
          { platform: invocation.platform, userId: invocation.userId, command: invocation.command },
          "command refused: the user is over the per-minute limit",
        );
        return {
          kind: "message",
          tone: "warning",
          private: true,
          text: `Easy there: paperboy answers at most ${config.commandsPerMinute} commands a minute per person. Try again in ${seconds} s.`,
        };
      }
    }
    const context: CommandContext = {
      invocation,
      store,
      catalog,
      digests,
      now,
      logger,
      commands,
      followUps,
      defaults: { timezone: config.timezone, digestSize: config.digestSize },
      deliver: async (digest, note) => {
        if (!adapter) throw new Error("no adapter to post through");
        return deliver(adapter, channelOf(invocation), digest, note);
      },
    };
    const started = performance.now();
    const reply = await dispatch(commands, context);
    metrics.observeCommand(
      invocation.platform,
      invocation.command || "help",
      (performance.now() - started) / 1000,
    );
    return reply;
  };

  const complete: App["complete"] = async (invocation, option, typed) => {
    try {
      return await completions({ store, catalog }, invocation, option, typed, now());
    } catch (error) {
      logger.warn({ err: error, command: invocation.command, option }, "could not compute suggestions");
      return [];
    }
  };

  const adapters: ChatAdapter[] = [];
  const app: App = {
    config,
    commands,
    adapters,
    store,
    catalog,
    sources,
    digests,
    reactions,
    metrics,
    logger,
    now,
    handle,
    complete,
    deliver,
    followUps,
    close: async () => {
      shutdown.abort(new Error("paperboy is shutting down"));
      clearTimeout(saveBuilt);
      await saving;
      if (indexFile) await catalog.saveIndex(indexFile);
      await searchWorker?.close();
      await backend.close();
    },
  };
  try {
    for (const create of overrides.adapters ?? []) adapters.push(create(app));
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

/** Sources that report each call's success or failure to the metrics, under the call's own source. */
function measuredSources(sources: CatalogSources, metrics: Metrics, now: () => Date): CatalogSources {
  const measured: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const call of Object.keys(CATALOG_CALLS) as (keyof CatalogSources)[]) {
    const source = CATALOG_CALLS[call].source;
    const run = sources[call] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!run) continue;
    measured[call] = async (...args) => {
      try {
        const result = await run(...args);
        metrics.sourceSucceeded(source, now());
        return result;
      } catch (error) {
        metrics.sourceFailed(source);
        throw error;
      }
    };
  }
  return measured as unknown as CatalogSources;
}

/**
 * Each paper's stemmed words, read once per paper object: a day's papers are matched against every topic
 * the channels follow, and tokenizing a whole abstract per (paper, topic) was most of that work.
 */
const paperWords = new WeakMap<Paper, ReadonlySet<string>>();

function wordsOf(paper: Paper): ReadonlySet<string> {
  let words = paperWords.get(paper);
  if (!words) {
    words = new Set(tokenize(`${paper.title} ${paper.abstract} ${paper.aiKeywords.join(" ")}`));
    paperWords.set(paper, words);
  }
  return words;
}

/** A paper is about a topic when every stemmed word of the topic appears in its text. */
export function topicMatcher(paper: Paper, topic: string): boolean {
  const wanted = tokenize(topic);
  if (wanted.length === 0) return false;
  const words = wordsOf(paper);
  return wanted.every((word) => words.has(word));
}
