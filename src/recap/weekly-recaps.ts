import { ChannelUnavailableError } from "../chat/adapter.ts";
import { postOnce } from "../digest/deliver.ts";
import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import { withClaim } from "../scheduler/claimed.ts";
import { type DueDigest, dueDigest, lastOccurrence } from "../scheduler/occurrence.ts";
import type { SweepContext, SweepJob } from "../scheduler/scheduler.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import { type ChannelRef, channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { buildRecap } from "./build-recap.ts";
import type { FollowUpsOfWeek } from "./recap.ts";
import { type RecapSchedule, recapAsSchedule } from "./recap-schedule.ts";
import { weekEndingAt } from "./recap-week.ts";

/** The recap's id in the delivery ledger, under the local date it is posted on. */
export const RECAP_LEDGER_ID = "_recap";
/** How many channels' recaps are built and posted at once; the platform limiters pace the posts. */
const CONCURRENCY = 20;

/** What the weekly recap needs besides what the scheduler gives every sweep. */
export interface WeeklyRecapOptions {
  store: Store;
  logger: Logger;
  metrics?: Metrics;
  /** Follow-ups of the week; default none. */
  followUps?: FollowUpsOfWeek;
}

/**
 * Posts every channel's weekly recap at its local day and time, as a job of the scheduler's sweep, by the
 * daily digest's rules: due from its time (in the channel's zone, daylight-saving changes included) until
 * the grace window ends, so a process that was down catches up; claimed per (channel, local date) so one
 * replica builds it; and posted through the delivery ledger under `_recap`, so a retry, a restart or a
 * takeover never posts it twice. Posts within one sweep interval of its time.
 */
export class WeeklyRecaps implements SweepJob {
  readonly name = "weekly recap";
  private readonly reportedMisses = new Set<string>();

  constructor(private readonly options: WeeklyRecapOptions) {}

  async run(channels: readonly ChannelSettings[], context: SweepContext): Promise<void> {
    const due: { settings: ChannelSettings & { recap: RecapSchedule }; due: DueDigest }[] = [];
    for (const settings of channels) {
      if (!settings.recap || !context.adapterFor(settings)) continue;
      const schedule = recapAsSchedule(settings.recap);
      const found = dueDigest(schedule, context.now, context.graceMs);
      if (found) due.push({ settings: { ...settings, recap: settings.recap }, due: found });
      else if (context.reason === "start") await this.reportMiss(settings, settings.recap, context);
    }
    let next = 0;
    const worker = async () => {
      while (next < due.length && !context.stopped()) {
        const item = due[next++];
        if (item) await this.post(item.settings, item.due, context);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  }

  /** Builds and posts one channel's due recap unless it is out already or another process holds it. Never throws. */
  private async post(
    settings: ChannelSettings & { recap: RecapSchedule },
    due: DueDigest,
    context: SweepContext,
  ): Promise<void> {
    const { store, logger } = this.options;
    const channel: ChannelRef = {
      platform: settings.platform,
      workspaceId: settings.workspaceId,
      channelId: settings.channelId,
    };
    const adapter = context.adapterFor(channel);
    const where = { channel: channelKey(channel), date: due.date };
    try {
      if (!adapter || (await store.posts.find(channel, due.date, RECAP_LEDGER_ID))) return;
      const key = `recap:${channelKey(channel)}:${due.date}`;
      await withClaim(
        store.claims,
        key,
        { holder: context.holder, ttlMs: context.claimTtlMs },
        logger,
        async () => {
          const lateMinutes = Math.round((context.now.getTime() - due.scheduledAt.getTime()) / 60_000);
          if (lateMinutes > 1) {
            logger.info(
              { ...where, scheduledAt: due.scheduledAt.toISOString(), lateMinutes },
              `catching up: posting the weekly recap scheduled ${lateMinutes} min ago (within the grace window)`,
            );
          }
          const week = weekEndingAt(due.scheduledAt, settings.recap.timezone);
          const recap = await buildRecap({ store, logger, followUps: this.options.followUps }, channel, week);
          const outcome = await postOnce({
            adapter,
            store,
            channel,
            date: due.date,
            ledgerId: RECAP_LEDGER_ID,
            reply: { kind: "recap", recap },
            metrics: this.options.metrics,
            now: () => context.now,
            logger,
          });
          if (outcome === "posted") logger.info({ ...where, ...recap.totals }, "weekly recap posted");
        },
      );
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        await store.channels
          .update(channel, ({ recap: _off, ...rest }) => rest, { by: "paperboy", at: context.now })
          .catch(() => undefined);
        logger.error(
          { ...where, reason: error.reason },
          `channel ${channel.channelId} is unavailable (${error.reason}); its weekly recap is turned off until an admin sets it again`,
        );
        return;
      }
      logger.error(
        { ...where, err: error },
        `weekly recap failed; it is retried on the next sweep within the grace window: ${describeError(error)}`,
      );
    }
  }

  /** At start: says when a recap was missed by more than the grace window (once per process and week). */
  private async reportMiss(
    settings: ChannelSettings,
    recap: RecapSchedule,
    context: SweepContext,
  ): Promise<void> {
    const last = lastOccurrence(recapAsSchedule(recap), context.now);
    if (!last) return;
    const key = `${channelKey(settings)}:${last.date}`;
    if (this.reportedMisses.has(key)) return;
    if (await this.options.store.posts.find(settings, last.date, RECAP_LEDGER_ID)) return;
    this.reportedMisses.add(key);
    const hours = (context.now.getTime() - last.scheduledAt.getTime()) / 3_600_000;
    this.options.logger.warn(
      { channel: channelKey(settings), date: last.date, scheduledAt: last.scheduledAt.toISOString() },
      `skipping the weekly recap scheduled ${hours.toFixed(1)} h ago: it is beyond the ${context.graceMs / 3_600_000} h grace window`,
    );
  }
}
