import { type App, topicMatcher } from "../app.ts";
import type { ChatAdapter } from "../chat/adapter.ts";
import { UpstreamGuard } from "../papers/upstream-guard.ts";
import { RisingService } from "../rising/rising-service.ts";
import { FollowupService } from "./followup-service.ts";
import { Refresher } from "./refresh.ts";

/** How long the refresher leaves a failing upstream call kind alone before trying it again. */
const BACKOFF_MS = 5 * 60_000;

/**
 * The follow-up service of an assembled app, posting through `adapters`, claiming as `holder`; its passes
 * also send rising-paper heads-ups.
 */
export function createFollowups(app: App, adapters: readonly ChatAdapter[], holder: string): FollowupService {
  const logger = app.logger.child({ component: "followups" });
  const refresher = new Refresher({
    store: app.store,
    sources: app.sources,
    guard: new UpstreamGuard(logger, app.now, BACKOFF_MS),
    logger,
    now: app.now,
    dailyRequests: app.config.followups.dailyRequests,
  });
  return new FollowupService({
    store: app.store,
    refresher,
    adapters,
    logger,
    now: app.now,
    trackDays: app.config.followups.trackDays,
    defaultTimezone: app.config.timezone,
    holder,
    rising: new RisingService({
      store: app.store,
      catalog: app.catalog,
      adapters,
      logger: app.logger.child({ component: "rising" }),
      now: app.now,
      defaultTimezone: app.config.timezone,
      matchesTopic: topicMatcher,
      holder,
    }),
    claimTtlMs: app.config.scheduler.claimTtlMs,
  });
}
