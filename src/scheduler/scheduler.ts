import cron, { type ScheduledTask } from "node-cron";
import { ChannelUnavailableError, type ChatAdapter } from "../chat/adapter.ts";
import { DEFAULT_SCHEDULER_TIMINGS } from "../config/scheduler-timings.ts";
import type { DeliveryResult } from "../digest/deliver.ts";
import type { Digest } from "../digest/digest.ts";
import type { DigestService } from "../digest/digest-service.ts";
import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import { SOURCE_LABELS } from "../papers/upstream-guard.ts";
import type { ChannelSettings, Schedule } from "../store/channel-repository.ts";
import { digestClaimName } from "../store/keys.ts";
import { type ChannelRef, channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { localDate } from "../time.ts";
import { cronExpression, type DueDigest, dueDigest, lastOccurrence } from "./occurrence.ts";
import { type Slots, slots } from "./slots.ts";
import { takeTurns } from "./take-turns.ts";

/** How the scheduler behaves; the defaults suit one process or a few replicas sharing Redis. */
export interface SchedulerOptions {
  store: Store;
  digests: DigestService;
  /** The adapters that can post; a channel whose platform has none here is left to another process. */
  adapters: readonly ChatAdapter[];
  deliver: (
    adapter: ChatAdapter,
    channel: ChannelRef,
    digest: Digest,
    note?: string,
  ) => Promise<DeliveryResult>;
  logger: Logger;
  now: () => Date;
  metrics?: Metrics;
  /** A digest missed by at most this much (process down at the time) is still posted. Default 6 h. */
  graceMs?: number;
  /** How long a channel's claim lasts without renewal; a dead holder's claim expires after it. */
  claimTtlMs?: number;
  /** How often every channel is checked (catch-up, settings changed on other replicas). Default 60 s. */
  sweepMs?: number;
  /** How many channels post at once. Default 500: the platform limiters do the pacing. */
  concurrency?: number;
  /** This process's name in claims. */
  holder: string;
  /** Create node-cron tasks per channel (off in tests that drive `runDue` with an injected clock). */
  cronTasks?: boolean;
  /** How long a scheduled digest waits for its day's listing. Default 20 s (nobody waits on a command). */
  fetchBudgetMs?: number;
  /**
   * How long after the scheduled time a digest whose day cannot be fetched (and has nothing stored) is
   * retried at each sweep, before the week's best from the store is posted instead with a note, or
   * nothing when the store has nothing new either. Default 2 h.
   */
  fetchRetryMs?: number;
  /** Other scheduled work that runs at every sweep (the weekly recap); see {@link SweepJob}. */
  jobs?: readonly SweepJob[];
}

/** Why a sweep runs: at start (catch-up), the regular interval, or a settings change. */
export type SweepReason = "start" | "sweep" | "settings";

/**
 * Scheduled work besides the daily digest that rides on the scheduler's sweep, such as the weekly recap.
 * Every sweep (so also at start, for catch-up) calls `run` with every channel that has settings, after
 * the digests. The job decides what is due and makes it exactly-once itself (claims and the delivery
 * ledger); one that throws is logged and the sweep goes on.
 */
export interface SweepJob {
  readonly name: string;
  run(channels: readonly ChannelSettings[], context: SweepContext): Promise<void>;
}

/** What a sweep job gets from the scheduler: the moment, why, and the scheduler's own terms. */
export interface SweepContext {
  reason: SweepReason;
  now: Date;
  /** This process's name in claims, and how long a claim lasts without renewal. */
  holder: string;
  claimTtlMs: number;
  /** How late a scheduled post may still go out. */
  graceMs: number;
  /** The adapter that posts to the channel's platform, if this process has one. */
  adapterFor(channel: ChannelRef): ChatAdapter | undefined;
  /** True once the scheduler is stopping: start nothing new. */
  stopped(): boolean;
}

/** What one pass over the channels did. */
export interface RunSummary {
  /** Channels whose digest this pass sent (or finished sending). */
  posted: string[];
  /** Channels whose digest failed this pass; they are retried on the next sweep within the grace window. */
  failed: string[];
  /** Channels whose day could not be fetched yet; they are retried on the next sweep (`fetchRetryMs`). */
  waiting: string[];
}

/** What one channel's turn did. */
type Outcome = "posted" | "skipped" | "failed" | "waiting";

/**
 * How long a channel keeps its preparing slot (`ChatAdapter.preparingAtOnce`) at most. The slots are for
 * work that keeps the thread busy (a memory store answers at once); a channel that waits longer on I/O (its
 * day's listing from a slow upstream, a remote store) gives its slot to the next one, so such waits still
 * overlap: 32 channels waiting 20 s each for a listing that does not come must not take 32 at a time.
 */
const PREPARING_SLOT_MS = 100;

/** Settings changes in quick succession (a few commands) lead to one pass. */
const SETTINGS_DEBOUNCE_MS = 200;

const DEFAULTS = {
  ...DEFAULT_SCHEDULER_TIMINGS,
  fetchBudgetMs: 20_000,
  fetchRetryMs: 2 * 3_600_000,
  jobs: [] as readonly SweepJob[],
};

/**
 * Posts every channel's digest on its schedule, exactly once, on one process or many.
 *
 * - node-cron runs a task per scheduled channel at its local time; a sweep every minute (and one at
 *   start) checks every channel too, so a missed or doubled timer, a restart or a settings change on
 *   another replica never loses or repeats a post. Both only ask "is a digest due now?".
 * - A due digest is claimed atomically in the store for (channel, local date); the claim is renewed
 *   while posting and released after. A holder that dies leaves a claim that expires and is taken over.
 * - The digest is fixed as a plan before the first message, and each message is checked against and
 *   recorded in the delivery ledger, so a takeover resumes where the last holder stopped.
 * - Missed by more than the grace window: skipped, with a log line.
 */
export class Scheduler {
  private readonly options: Required<Omit<SchedulerOptions, "metrics">> & { metrics?: Metrics };
  private readonly tasks = new Map<string, { task: ScheduledTask; pattern: string }>();
  private readonly running = new Map<string, Promise<Outcome>>();
  private readonly reportedMisses = new Set<string>();
  /** Dates (and sources) whose fetch failure was already logged, so a fan-out logs it once. */
  private readonly reportedWaits = new Set<string>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private settingsTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private sweeping: Promise<unknown> | undefined;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.options = { ...DEFAULTS, cronTasks: true, ...options };
  }

  /** Sets up the channels' tasks, posts what is due (catch-up after downtime) and starts the sweep. */
  async start(): Promise<void> {
    this.stopped = false;
    // A schedule changed here takes effect at once (debounced), not at the next sweep.
    this.unsubscribe = this.options.store.channels.onChange(() => {
      clearTimeout(this.settingsTimer);
      this.settingsTimer = setTimeout(() => void this.sweep("settings"), SETTINGS_DEBOUNCE_MS);
      this.settingsTimer.unref();
    });
    await this.sweep("start");
    if (this.stopped) return;
    this.sweepTimer = setInterval(() => void this.sweep("sweep"), this.options.sweepMs);
    this.sweepTimer.unref();
  }

  /** Stops the timers, lets digests being posted finish, and releases their claims. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.settingsTimer);
    this.unsubscribe?.();
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await this.sweeping;
    await Promise.allSettled([...this.running.values()]);
  }

  /** One pass: brings the node-cron tasks in line with the stored schedules and posts what is due. */
  async sweep(reason: SweepReason): Promise<RunSummary> {
    const pass = (async () => {
      // Claims left behind by an outage as their work ended: released before anything is claimed.
      await this.options.store.claims.releaseUnreleased();
      const all = await this.options.store.channels.list();
      const channels = all.filter((settings) => settings.schedule && this.adapterFor(settings));
      this.options.metrics?.scheduledChannels(channels.length);
      if (this.options.cronTasks && !this.stopped) this.reconcile(channels);
      const summary = await this.runDue(channels, reason);
      await this.runJobs(all, reason);
      return summary;
    })();
    this.sweeping = pass.catch(() => undefined);
    try {
      return await pass;
    } catch (error) {
      this.options.logger.error({ err: error }, `scheduler pass failed: ${describeError(error)}`);
      return { posted: [], failed: [], waiting: [] };
    }
  }

  /** Runs every sweep job over the channels; a failing job is logged and the others still run. */
  private async runJobs(channels: readonly ChannelSettings[], reason: SweepReason): Promise<void> {
    const { holder, claimTtlMs, graceMs, logger } = this.options;
    for (const job of this.options.jobs) {
      if (this.stopped) return;
      const context: SweepContext = {
        reason,
        now: this.options.now(),
        holder,
        claimTtlMs,
        graceMs,
        adapterFor: (channel) => this.adapterFor(channel),
        stopped: () => this.stopped,
      };
      await job
        .run(channels, context)
        .catch((error: unknown) =>
          logger.error(
            { err: error, job: job.name },
            `${job.name} failed this sweep: ${describeError(error)}`,
          ),
        );
    }
  }

  /** Posts the digest of every channel that is due now, a few channels at a time. */
  async runDue(channels: readonly ChannelSettings[], reason: string): Promise<RunSummary> {
    const now = this.options.now();
    // What the day's digests need that takes long (arXiv's listing) is fetched ahead, once per date.
    const dates = new Set(
      channels.map((settings) => localDate(now, (settings.schedule as Schedule).timezone)),
    );
    for (const date of dates) this.options.digests.prepare(date);
    const found: { settings: ChannelSettings; due: DueDigest }[] = [];
    for (const settings of channels) {
      const schedule = settings.schedule as Schedule;
      const digest = dueDigest(schedule, now, this.options.graceMs);
      if (digest) found.push({ settings, due: digest });
      else if (reason === "start") await this.reportMiss(settings, schedule, now);
    }
    // Workspaces take turns for the posting slots: a big workspace, paced by its workspace-wide limit,
    // never holds them all while the channels of other workspaces wait.
    const due = takeTurns(found, ({ settings }) => `${settings.platform}:${settings.workspaceId}`);
    const summary: RunSummary = { posted: [], failed: [], waiting: [] };
    // Per adapter that asks for it, a few channels at a time prepare (see `ChatAdapter.preparingAtOnce`).
    const gates = new Map<ChatAdapter, Slots>();
    const preparing = (settings: ChannelSettings): Slots | undefined => {
      const adapter = this.adapterFor(settings);
      if (adapter?.preparingAtOnce === undefined) return undefined;
      const gate = gates.get(adapter) ?? slots(adapter.preparingAtOnce);
      gates.set(adapter, gate);
      return gate;
    };
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.stopped) {
        const item = due[next++];
        if (!item) continue;
        const outcome = await this.runChannel(item.settings, item.due, reason, preparing);
        if (outcome === "posted") summary.posted.push(channelKey(item.settings));
        if (outcome === "failed") summary.failed.push(channelKey(item.settings));
        if (outcome === "waiting") summary.waiting.push(channelKey(item.settings));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, worker));
    return summary;
  }

  /** Posts one channel's due digest unless it is done or another process holds it. Never throws. */
  private async runChannel(
    settings: ChannelSettings,
    due: DueDigest,
    reason: string,
    preparing: (settings: ChannelSettings) => Slots | undefined,
  ): Promise<Outcome> {
    const ref: ChannelRef = settings;
    const key = `${channelKey(ref)}:${due.date}`;
    const inFlight = this.running.get(key);
    if (inFlight) {
      await inFlight;
      return "skipped";
    }
    const work = this.claimAndPost(settings, due, reason, preparing);
    this.running.set(key, work);
    try {
      return await work;
    } finally {
      this.running.delete(key);
    }
  }

  /** Claims the channel's digest and posts it; its platform's `preparing` slot is held until delivery begins. */
  private async claimAndPost(
    settings: ChannelSettings,
    due: DueDigest,
    reason: string,
    preparing: (settings: ChannelSettings) => Slots | undefined,
  ): Promise<Outcome> {
    const prepared = (await preparing(settings)?.take()) ?? (() => {});
    const givenUp = setTimeout(prepared, PREPARING_SLOT_MS);
    givenUp.unref();
    try {
      return await this.claimAndDeliver(settings, due, reason, prepared);
    } finally {
      clearTimeout(givenUp);
      prepared();
    }
  }

  private async claimAndDeliver(
    settings: ChannelSettings,
    due: DueDigest,
    reason: string,
    prepared: () => void,
  ): Promise<Outcome> {
    const { store, logger, holder, claimTtlMs } = this.options;
    const ref: ChannelRef = settings;
    const where = { channel: channelKey(ref), date: due.date };
    if (await this.options.store.plans.done(ref, due.date)) return "skipped";
    const claimKey = digestClaimName(ref, due.date);
    if (!(await store.claims.claim(claimKey, holder, claimTtlMs))) return "skipped";
    const renewal = setInterval(
      () => void store.claims.renew(claimKey, holder, claimTtlMs).catch(() => undefined),
      Math.max(1000, claimTtlMs / 3),
    );
    renewal.unref();
    try {
      // Another holder may have finished between our check and our claim.
      if (await this.options.store.plans.done(ref, due.date)) return "skipped";
      const adapter = this.adapterFor(settings);
      if (!adapter) return "skipped";
      const lagMs = this.options.now().getTime() - due.scheduledAt.getTime();
      if (reason === "start" && lagMs > 60_000) {
        logger.info(
          { ...where, scheduledAt: due.scheduledAt.toISOString(), lateMinutes: Math.round(lagMs / 60_000) },
          `catching up: posting the digest scheduled ${Math.round(lagMs / 60_000)} min ago (within the grace window)`,
        );
      }
      let plan = await this.options.store.plans.plan(ref, due.date);
      if (!plan) {
        const made = await this.makePlan(ref, due);
        if (made === "waiting") return "waiting";
        if (made === "nothing") {
          await this.options.store.plans.markDone(ref, due.date, {
            scheduledAt: due.scheduledAt.toISOString(),
            finishedAt: this.options.now().toISOString(),
            posted: 0,
          });
          return "skipped";
        }
        plan = made;
      }
      prepared();
      const result = await this.options.deliver(adapter, ref, plan.digest, plan.note);
      const finishedAt = this.options.now();
      await this.options.store.plans.markDone(ref, due.date, {
        scheduledAt: due.scheduledAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        posted: result.posted,
      });
      this.options.metrics?.digestLag(
        ref.platform,
        (finishedAt.getTime() - due.scheduledAt.getTime()) / 1000,
      );
      return "posted";
    } catch (error) {
      // The delivery already counted the failed message; a closed channel already stopped its schedule.
      if (!(error instanceof ChannelUnavailableError)) {
        logger.error(
          { ...where, err: error },
          `scheduled digest failed; it is retried on the next sweep within the grace window: ${describeError(error)}`,
        );
      }
      return "failed";
    } finally {
      clearInterval(renewal);
      await store.claims
        .release(claimKey, holder)
        .catch((error: unknown) =>
          logger.warn(
            { ...where, err: error },
            `could not release the digest's claim; it is released as soon as the store answers again: ${describeError(error)}`,
          ),
        );
    }
  }

  /**
   * Fixes the digest for the date before anything is sent, so every holder posts the same papers. When
   * the day cannot be fetched and nothing is stored for it, nothing is fixed: `waiting` until
   * `fetchRetryMs` after the scheduled time (each sweep tries again), then the week's best from the
   * store, whose title and note say the day could not be fetched, or `nothing` when that is empty too.
   */
  private async makePlan(ref: ChannelRef, due: DueDigest) {
    const { logger, fetchRetryMs, fetchBudgetMs } = this.options;
    const answer = await this.options.digests.forChannel(ref, due.date, { budgetMs: fetchBudgetMs });
    if (answer.unavailable) {
      const source = SOURCE_LABELS[answer.unavailable];
      const giveUpAt = due.scheduledAt.getTime() + fetchRetryMs;
      const waiting = this.options.now().getTime() < giveUpAt;
      const report = `${due.date}:${answer.unavailable}:${waiting ? "waiting" : "gave-up"}`;
      if (!this.reportedWaits.has(report)) {
        this.reportedWaits.add(report);
        const where = { date: due.date, source: answer.unavailable };
        if (waiting) {
          logger.warn(
            { ...where, retryUntil: new Date(giveUpAt).toISOString() },
            `${source} could not be reached for ${due.date}'s papers: digests of that date wait and retry each sweep until ${new Date(giveUpAt).toISOString()}`,
          );
        } else {
          logger.error(
            where,
            `${source} could not be reached for ${due.date}'s papers within the retry window: posting the week's best stored papers with a note, where a channel has any`,
          );
        }
      }
      if (waiting) return "waiting" as const;
      if (answer.digest.items.length === 0) return "nothing" as const;
    }
    const plan = { digest: answer.digest, note: answer.note, scheduledAt: due.scheduledAt.toISOString() };
    await this.options.store.plans.savePlan(ref, due.date, plan);
    return plan;
  }

  /** At start: says when a scheduled digest was missed by more than the grace window (once per day). */
  private async reportMiss(settings: ChannelSettings, schedule: Schedule, now: Date): Promise<void> {
    const last = lastOccurrence(schedule, now);
    if (!last) return;
    const key = `${channelKey(settings)}:${last.date}`;
    if (this.reportedMisses.has(key) || (await this.options.store.plans.done(settings, last.date))) return;
    this.reportedMisses.add(key);
    const hours = (now.getTime() - last.scheduledAt.getTime()) / 3_600_000;
    this.options.logger.warn(
      { channel: channelKey(settings), date: last.date, scheduledAt: last.scheduledAt.toISOString() },
      `skipping the digest scheduled ${hours.toFixed(1)} h ago: it is beyond the ${this.options.graceMs / 3_600_000} h grace window`,
    );
  }

  /** Creates, changes and removes node-cron tasks so each scheduled channel has one at its local time. */
  private reconcile(channels: readonly ChannelSettings[]): void {
    const wanted = new Map(channels.map((settings) => [channelKey(settings), settings]));
    for (const [key, { task }] of this.tasks) {
      if (!wanted.has(key)) {
        void task.destroy();
        this.tasks.delete(key);
      }
    }
    for (const [key, settings] of wanted) {
      const schedule = settings.schedule as Schedule;
      const pattern = `${cronExpression(schedule)} @ ${schedule.timezone}`;
      const existing = this.tasks.get(key);
      if (existing?.pattern === pattern) continue;
      if (existing) void existing.task.destroy();
      const task = cron.schedule(cronExpression(schedule), () => this.onTimer(settings), {
        timezone: schedule.timezone,
        name: `paperboy:${key}`,
        noOverlap: true,
      });
      this.tasks.set(key, { task, pattern });
    }
  }

  /** A channel's timer fired: re-read its settings and post if a digest is due. */
  private async onTimer(settings: ChannelSettings): Promise<void> {
    if (this.stopped) return;
    const current = await this.options.store.channels.get(settings);
    if (!current.schedule) return;
    await this.runDue([current], "timer");
  }

  private adapterFor(channel: ChannelRef): ChatAdapter | undefined {
    return this.options.adapters.find((adapter) => adapter.platform === channel.platform);
  }

  /** How many node-cron tasks exist (for tests and diagnostics). */
  get taskCount(): number {
    return this.tasks.size;
  }
}
