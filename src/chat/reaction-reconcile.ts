import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { StoreError } from "../store/errors.ts";
import type { PaperMessage } from "../store/post-repository.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import type { ReactionVote } from "../store/vote-repository.ts";
import type { ReactionOnMessage, ReactionService } from "./reactions.ts";

/** What a platform lends a reconciliation: the channels to look at and the reactions on a message. */
export interface ReactionReader {
  /** The channels the bot can see now, whose recent paper messages are checked. */
  channels(): ChannelRef[];
  /**
   * The emoji on a message now; undefined when it is gone or out of reach (it is then not judged).
   * `postedUnder` is the message it was posted under (a threaded digest's header), if any: where the
   * platform keeps such replies apart (a Discord thread), the reader looks there.
   */
  reactionsOn(
    channel: ChannelRef,
    messageId: string,
    postedUnder?: string,
  ): Promise<readonly ReactionOnMessage[] | undefined>;
}

/** How much one pass may read. */
export interface ReconcileLimits {
  /** Only messages delivered for the last this many days (by the delivery ledger's date). */
  windowDays: number;
  /** At most this many messages per pass, newest first over every channel. */
  maxMessages: number;
}

/** A week of digests (the `top week` horizon) in up to a hundred channels' worth of recent messages. */
export const DEFAULT_RECONCILE_LIMITS: ReconcileLimits = { windowDays: 7, maxMessages: 100 };

/** What one pass did. */
export interface ReconcileReport {
  /** Messages whose reactions were read. */
  messages: number;
  /** Votes and saves applied for reactions the store did not show as cast on their message (re-adding one changes nothing). */
  added: number;
  /** Votes withdrawn whose reaction had gone. */
  removed: number;
}

const DAY_MS = 86_400_000;

/**
 * Catches up on reaction events a platform never redelivers (Discord's gateway): votes and saves made
 * while the store was down or the bot was stopped. A pass re-reads the reactions on the recent paper
 * messages of every channel the bot sees, bounded by {@link ReconcileLimits}, and lets the ReactionService
 * store what is missing and withdraw what is gone (its rules: `planReconcile`). Passes never overlap: asking
 * during one runs one more after it, which covers whatever happened meanwhile. A store failure ends the pass
 * (the store's recovery asks for the next one); a message that cannot be read is skipped.
 */
export class ReactionReconciler {
  private running: Promise<ReconcileReport> | undefined;
  private again = false;

  constructor(
    private readonly options: {
      store: Store;
      reactions: ReactionService;
      reader: ReactionReader;
      now: () => Date;
      logger: Logger;
      limits?: ReconcileLimits;
      /** The bot's own user id, whose reactions never count (read when a pass starts). */
      botUserId: () => string | undefined;
    },
  ) {}

  /** Runs a pass, or, when one is running, one more after it; resolves with the last pass's report. */
  run(signal?: AbortSignal): Promise<ReconcileReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const loop = async (): Promise<ReconcileReport> => {
      try {
        let report: ReconcileReport;
        do {
          this.again = false;
          report = await this.pass(signal);
        } while (this.again && !signal?.aborted);
        return report;
      } finally {
        this.running = undefined;
      }
    };
    this.running = loop();
    return this.running;
  }

  private async pass(signal?: AbortSignal): Promise<ReconcileReport> {
    const { store, reactions, reader, now, logger } = this.options;
    const limits = this.options.limits ?? DEFAULT_RECONCILE_LIMITS;
    const report: ReconcileReport = { messages: 0, added: 0, removed: 0 };
    const since = new Date(now().getTime() - limits.windowDays * DAY_MS).toISOString().slice(0, 10);
    try {
      const found: (PaperMessage & { channel: ChannelRef })[] = [];
      for (const channel of reader.channels()) {
        const messages = await store.posts.recentMessages(channel, since, limits.maxMessages);
        found.push(...messages.map((message) => ({ ...message, channel })));
      }
      const chosen = found.sort((a, b) => b.postedAt.localeCompare(a.postedAt)).slice(0, limits.maxMessages);
      const votes = new Map<ChannelRef, Map<string, ReactionVote[]>>();
      for (const message of chosen) {
        if (signal?.aborted) break;
        const { channel, messageId, threadOf } = message;
        if (!votes.has(channel)) votes.set(channel, await castOn(store, channel));
        try {
          const outcome = await reactions.reconcile(
            message,
            () => reader.reactionsOn(channel, messageId, threadOf),
            votes.get(channel)?.get(messageId) ?? [],
            { botUserId: this.options.botUserId(), at: now() },
          );
          if (outcome.read) report.messages += 1;
          report.added += outcome.added;
          report.removed += outcome.removed;
        } catch (error) {
          if (error instanceof StoreError) throw error;
          logger.warn(
            { err: error, channelId: channel.channelId, messageId },
            `could not check the reactions on a message: ${describeError(error)}`,
          );
        }
      }
    } catch (error) {
      logger.warn({ err: error }, `reaction catch-up stopped: ${describeError(error)}`);
    }
    logger.info(report, "reactions caught up");
    return report;
  }
}

/** The channel's votes and downvotes cast by reactions, by message: an emoji's key tells the two apart. */
async function castOn(store: Store, channel: ChannelRef): Promise<Map<string, ReactionVote[]>> {
  const [votes, downvotes] = await Promise.all([
    store.votes.byMessage(channel),
    store.downvotes.byMessage(channel),
  ]);
  for (const [messageId, cast] of downvotes) votes.set(messageId, [...(votes.get(messageId) ?? []), ...cast]);
  return votes;
}
