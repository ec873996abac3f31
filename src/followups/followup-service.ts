import type { ChatAdapter, PostedMessage } from "../chat/adapter.ts";
import { ChannelUnavailableError } from "../chat/adapter.ts";
import { type Reply, shownPapers } from "../chat/reply.ts";
import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { RisingPost, RisingService } from "../rising/rising-service.ts";
import { withClaim } from "../scheduler/claimed.ts";
import type { FollowupEvent, FollowupItem } from "../store/followup-repository.ts";
import { followupClaimName, followupRefreshClaimName } from "../store/keys.ts";
import { FOLLOWUP_LEDGER_PREFIX } from "../store/post-repository.ts";
import { type ChannelRef, channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { localDate } from "../time.ts";
import { followupText } from "./message.ts";
import type { Refresher, RefreshResult } from "./refresh.ts";
import { type Tracking, trackedPapers } from "./tracked.ts";

/** How often the running bot makes a follow-up pass (the scheduler's sweep asks; passes in between are skipped). */
export const FOLLOWUP_PASS_MS = 5 * 60_000;
/** How long a replica's claim on a channel's follow-ups of a day lasts without renewal, unless configured. */
const CLAIM_TTL_MS = 10 * 60_000;
/** How long the refresh claim lasts: one pass's reading at most. */
const REFRESH_CLAIM_TTL_MS = 30 * 60_000;

/** What a follow-up pass needs. */
export interface FollowupServiceOptions {
  store: Store;
  refresher: Refresher;
  adapters: readonly ChatAdapter[];
  logger: Logger;
  now: () => Date;
  /** A paper is tracked in a channel this many days after the channel upvoted or saved it. */
  trackDays: number;
  /** The time zone of channels without a schedule: their "day" for batching. */
  defaultTimezone: string;
  /** This process's name in claims. */
  holder: string;
  /** Rising-paper heads-ups, sent at the same cadence after each pass's follow-ups. */
  rising?: RisingService;
  /** How long a channel's claim lasts without renewal (renewed while held); default 10 minutes. */
  claimTtlMs?: number;
}

/** One follow-up a pass posted, or would post in a dry run. */
export interface FollowupPost extends FollowupItem {
  channel: string;
  /** Where it landed; absent in a dry run. */
  messageId?: string;
}

/** What one pass did. */
export interface FollowupPassResult {
  tracked: number;
  refresh?: RefreshResult;
  posts: FollowupPost[];
  /** Channels whose follow-ups failed; tried again at the next pass. */
  failed: string[];
  /** Rising-paper heads-ups posted (or, in a dry run, that would be). */
  rising: RisingPost[];
  /** Channels another holder had claimed (posting, or dead and its claim not yet lapsed). */
  busy: string[];
}

/**
 * Follow-ups on tracked papers: a pass reads the tracked papers upstream (shared across channels, see
 * `Refresher`), then gives each channel with alerts on one batch a day of the changes it has not heard
 * about, one short message per paper in reply to the message that carried it. Each channel's day is
 * claimed and fixed as a plan before the first message, and each message is checked against and recorded
 * in the follow-up ledger (channel, paper, kind), so a restart, a takeover or a second replica never posts
 * one twice.
 */
export class FollowupService {
  private running: Promise<FollowupPassResult> | undefined;
  private lastPassAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: FollowupServiceOptions) {}

  /** At most one pass every `FOLLOWUP_PASS_MS`, never two at once; for the scheduler's sweep. Never throws. */
  async tick(): Promise<void> {
    const now = this.options.now().getTime();
    if (this.running || now - this.lastPassAt < FOLLOWUP_PASS_MS) return;
    this.lastPassAt = now;
    try {
      const { busy } = await this.runPass();
      // A channel claimed by a holder that died is taken over once its claim lapses, not a pass later.
      const ttlMs = this.options.claimTtlMs ?? CLAIM_TTL_MS;
      if (busy.length > 0 && ttlMs < FOLLOWUP_PASS_MS) this.lastPassAt = now - FOLLOWUP_PASS_MS + ttlMs;
    } catch (error) {
      this.options.logger.error({ err: error }, `follow-up pass failed: ${describeError(error)}`);
    }
  }

  /** Lets a pass under way finish (for shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /**
   * One refresh-and-post pass now, follow-ups then rising-paper heads-ups; `dryRun` records and posts
   * nothing and returns what it would post.
   */
  async runPass(options: { dryRun?: boolean } = {}): Promise<FollowupPassResult> {
    const dryRun = options.dryRun ?? false;
    // Rising-paper heads-ups go out after the follow-ups, also when the follow-ups failed.
    const pass = this.pass(dryRun).then(
      async (result) => ({ ...result, rising: await this.rising(dryRun) }),
      async (error: unknown) => {
        await this.rising(dryRun);
        throw error;
      },
    );
    this.running = pass;
    try {
      return await pass;
    } finally {
      this.running = undefined;
    }
  }

  /** The pass's rising-paper heads-ups; a failure is logged and leaves the follow-ups' result alone. */
  private async rising(dryRun: boolean): Promise<RisingPost[]> {
    try {
      return (await this.options.rising?.pass(dryRun)) ?? [];
    } catch (error) {
      this.options.logger.error({ err: error }, `rising-paper pass failed: ${describeError(error)}`);
      return [];
    }
  }

  private async pass(dryRun: boolean): Promise<Omit<FollowupPassResult, "rising">> {
    const { store, holder } = this.options;
    const tracked = await trackedPapers(store, this.options.now(), this.options.trackDays);
    const result: Omit<FollowupPassResult, "rising"> = {
      tracked: tracked.size,
      posts: [],
      failed: [],
      busy: [],
    };
    if (tracked.size === 0) return result;
    const refreshKey = followupRefreshClaimName;
    if (dryRun || (await store.claims.claim(refreshKey, holder, REFRESH_CLAIM_TTL_MS))) {
      try {
        result.refresh = await this.options.refresher.refresh([...tracked.keys()], !dryRun);
      } finally {
        if (!dryRun) await store.claims.release(refreshKey, holder).catch(() => undefined);
      }
    }
    const events = await store.followups.events();
    if (dryRun) {
      for (const event of result.refresh?.events ?? []) {
        const known = events.get(event.paperId) ?? [];
        if (!known.some((other) => other.kind === event.kind)) events.set(event.paperId, [...known, event]);
      }
    }
    for (const [key, papers] of byChannel(tracked)) {
      try {
        const posts = await this.channelPass(papers.channel, papers.tracked, events, dryRun);
        if (posts === "busy") result.busy.push(key);
        else result.posts.push(...posts);
      } catch (error) {
        result.failed.push(key);
        this.options.logger.error(
          { channel: key, err: error },
          `follow-ups for a channel failed; they are tried again at the next pass: ${describeError(error)}`,
        );
      }
    }
    return result;
  }

  /** The channel's follow-ups of its day: planned once, then sent unless the ledger has them; "busy" when claimed elsewhere. */
  private async channelPass(
    channel: ChannelRef,
    tracked: ReadonlyMap<string, Tracking>,
    events: ReadonlyMap<string, FollowupEvent[]>,
    dryRun: boolean,
  ): Promise<FollowupPost[] | "busy"> {
    const { store, holder, logger } = this.options;
    const adapter = this.options.adapters.find((candidate) => candidate.platform === channel.platform);
    if (!adapter && !dryRun) return [];
    // No change seen on any of its papers: nothing to plan, claim or read for this channel.
    if (![...tracked.keys()].some((paperId) => events.has(paperId))) return [];
    const settings = await store.channels.get(channel);
    if (settings.alerts === false) return [];
    const date = localDate(this.options.now(), settings.schedule?.timezone ?? this.options.defaultTimezone);
    if (await store.followups.done(channel, date)) return [];
    const key = channelKey(channel);
    if (dryRun) {
      const planned =
        (await store.followups.plan(channel, date)) ?? (await this.planFor(channel, tracked, events));
      return planned.map((item) => ({ ...item, channel: key }));
    }
    if (!adapter) return [];
    const ttlMs = this.options.claimTtlMs ?? CLAIM_TTL_MS;
    const claimed = await withClaim(
      store.claims,
      followupClaimName(channel, date),
      { holder, ttlMs },
      logger,
      () => this.claimedPass(adapter, channel, date, tracked, events),
    );
    return claimed.claimed ? claimed.value : "busy";
  }

  /** The channel's day under its claim: the plan fixed once, then each item sent unless the ledger has it. */
  private async claimedPass(
    adapter: ChatAdapter,
    channel: ChannelRef,
    date: string,
    tracked: ReadonlyMap<string, Tracking>,
    events: ReadonlyMap<string, FollowupEvent[]>,
  ): Promise<FollowupPost[]> {
    const { store, logger } = this.options;
    const key = channelKey(channel);
    try {
      if (await store.followups.done(channel, date)) return [];
      let plan = await store.followups.plan(channel, date);
      if (!plan) {
        plan = await this.planFor(channel, tracked, events);
        // Nothing new: no plan, so news later today still goes out today.
        if (plan.length === 0) return [];
        await store.followups.savePlan(channel, date, plan);
      }
      const posts: FollowupPost[] = [];
      for (const item of plan) {
        if (await store.followups.wasSent(channel, item.paperId, item.kinds[0] ?? "code")) continue;
        const landed = await this.send(adapter, channel, date, item);
        await store.followups.recordSent(channel, item, {
          messageId: landed.messageId,
          date,
          postedAt: this.options.now().toISOString(),
        });
        posts.push({ ...item, channel: key, messageId: landed.messageId });
      }
      await store.followups.markDone(channel, date, {
        finishedAt: this.options.now().toISOString(),
        posted: posts.length,
      });
      if (posts.length > 0) logger.info({ channel: key, date, posted: posts.length }, "follow-ups posted");
      return posts;
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        // The channel is closed to the bot: its follow-ups of the day are dropped, not retried every pass.
        await store.followups.markDone(channel, date, {
          finishedAt: this.options.now().toISOString(),
          posted: 0,
        });
        logger.warn(
          { channel: key, reason: error.reason },
          "channel unavailable; today's follow-ups dropped",
        );
        return [];
      }
      throw error;
    }
  }

  /** One item per paper with news the channel has not heard: changes seen since it began tracking it. */
  private async planFor(
    channel: ChannelRef,
    tracked: ReadonlyMap<string, Tracking>,
    events: ReadonlyMap<string, FollowupEvent[]>,
  ): Promise<FollowupItem[]> {
    const { store } = this.options;
    const news: [string, FollowupEvent[]][] = [];
    for (const [paperId, tracking] of tracked) {
      const unheard: FollowupEvent[] = [];
      for (const event of events.get(paperId) ?? []) {
        if (event.detectedAt < tracking.since) continue;
        if (!(await store.followups.wasSent(channel, paperId, event.kind))) unheard.push(event);
      }
      if (unheard.length > 0) news.push([paperId, unheard]);
    }
    if (news.length === 0) return [];
    const [messages, papers] = await Promise.all([
      store.posts.firstMessages(channel),
      store.papers.getMany(news.map(([paperId]) => paperId)),
    ]);
    const titles = new Map(papers.map((paper) => [paper.id, paper.title]));
    return news
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([paperId, unheard]) => {
        const title = titles.get(paperId) ?? paperId;
        const parentMessageId = messages.get(paperId);
        return {
          paperId,
          title,
          kinds: unheard.map((event) => event.kind),
          text: followupText(paperId, title, unheard),
          ...(parentMessageId ? { parentMessageId } : {}),
        };
      });
  }

  /**
   * Sends one follow-up under the paper's message (in the channel where the adapter cannot thread) and
   * records which paper it shows, so reactions on it count.
   */
  private async send(
    adapter: ChatAdapter,
    channel: ChannelRef,
    date: string,
    item: FollowupItem,
  ): Promise<PostedMessage> {
    const ledgerId = `${FOLLOWUP_LEDGER_PREFIX}${item.paperId}`;
    const possiblySent = await this.options.store.posts.markAttempt(channel, date, ledgerId);
    const options = {
      idempotencyKey: `${channelKey(channel)}:${date}:${ledgerId}`,
      ...(possiblySent ? { possiblySent } : {}),
    };
    const reply: Reply = { kind: "message", tone: "info", text: item.text, paperId: item.paperId };
    const landed =
      item.parentMessageId && adapter.replyInThread
        ? await adapter.replyInThread(channel, item.parentMessageId, reply, options)
        : await adapter.post(channel, reply, options);
    // A follow-up is about one paper: 👍, 🔖 and 👎 on it count for it, as on the paper's own message.
    await this.options.store.posts.recordMessage(channel, {
      date,
      ledgerId,
      messageId: landed.messageId,
      postedAt: this.options.now().toISOString(),
      paperIds: shownPapers(reply),
    });
    return landed;
  }
}

/** Tracked papers regrouped by channel. */
function byChannel(
  tracked: ReadonlyMap<string, Tracking[]>,
): Map<string, { channel: ChannelRef; tracked: Map<string, Tracking> }> {
  const channels = new Map<string, { channel: ChannelRef; tracked: Map<string, Tracking> }>();
  for (const [paperId, trackings] of tracked) {
    for (const tracking of trackings) {
      const key = channelKey(tracking.channel);
      const entry = channels.get(key) ?? { channel: tracking.channel, tracked: new Map() };
      entry.tracked.set(paperId, tracking);
      channels.set(key, entry);
    }
  }
  return channels;
}
