import { hostname } from "node:os";
import type { App } from "../app.ts";
import { createFollowups } from "../followups/create-followups.ts";
import { WeeklyRecaps } from "../recap/weekly-recaps.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { healthChecks } from "../server/health-checks.ts";
import { type Serving, serve } from "../server/serve.ts";
import { installProcessFaultHandlers } from "./process-faults.ts";

/**
 * `paperboy run`: starts the app's adapters (the composition root chose them from the credentials set:
 * Slack, Discord, or the console when none is), the scheduler, and the HTTP servers (Slack, `/healthz` and
 * `/metrics` on `PORT`, or the latter two on `PAPERBOY_METRICS_ADDR`).
 * SIGTERM and SIGINT stop the scheduler (finishing digests being posted), the adapters, the server and
 * the store, in that order. An unhandled rejection is logged and the bot keeps serving; an uncaught
 * exception stops it the same way and exits 1 (see `installProcessFaultHandlers`). An interactive adapter
 * (the console) starts last, and its end stops the bot. Resolves when it should exit.
 */
export async function runBot(app: App): Promise<void> {
  const { config, logger, adapters } = app;
  const holder = `${hostname()}:${process.pid}`;
  const followups = createFollowups(app, [...adapters], holder);
  const scheduler = new Scheduler({
    store: app.store,
    digests: app.digests,
    adapters: [...adapters],
    deliver: app.deliver,
    logger: logger.child({ component: "scheduler" }),
    now: app.now,
    metrics: app.metrics,
    holder,
    ...config.scheduler,
    jobs: [
      new WeeklyRecaps({
        store: app.store,
        logger: logger.child({ component: "recap" }),
        metrics: app.metrics,
        followUps: app.followUps,
      }),
      // Follow-ups on tracked papers ride on the sweep: a pass every 5 minutes at most, not awaited (it
      // keeps its own pace and never runs twice at once).
      { name: "followups", run: async () => void followups.tick() },
    ],
  });
  let serving: Serving | undefined;
  let stopping = false;
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.debug({ reason }, "shutting down");
    await scheduler.stop();
    await followups.idle();
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await serving?.close();
    await app.close();
    stopped();
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  // A stop already under way resolves at once: the fault handler waits for the whole of it.
  const removeFaultHandlers = installProcessFaultHandlers({
    logger,
    stop: (reason) => stop(reason).then(() => done),
  });

  const interactive = adapters.filter((adapter) => adapter.done);
  for (const adapter of adapters) if (!adapter.done) await adapter.start();
  serving = await serve({
    port: config.port,
    metricsAddress: config.metricsAddress,
    checks: healthChecks(app.store, [...adapters]),
    metrics: app.metrics,
    slack: adapters.find((adapter) => adapter.requestListener)?.requestListener,
    logger,
  });
  // Catch-up posting at start runs in the background: commands are answered meanwhile.
  void scheduler
    .start()
    .catch((error: unknown) => logger.error({ err: error }, "the scheduler could not start"));
  for (const adapter of interactive) await adapter.start();
  if (interactive.length > 0) {
    await Promise.race(interactive.map((adapter) => adapter.done));
    await stop("console closed");
  }
  await done;
  removeFaultHandlers();
}
