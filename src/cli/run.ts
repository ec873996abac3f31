import { hostname, userInfo } from "node:os";
import { createConsoleAdapter } from "../../adapters/console/index.ts";
import { slackMode } from "../../adapters/slack/mode.ts";
import type { App } from "../app.ts";
import type { ChatAdapter } from "../chat/adapter.ts";
import { discordConfigured } from "../config.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { healthChecks } from "../server/health-checks.ts";
import { type Serving, serve } from "../server/serve.ts";
import { installProcessFaultHandlers } from "./process-faults.ts";

/**
 * `paperboy run`: starts every adapter whose credentials are set, the scheduler, and the HTTP servers
 * (Slack, `/healthz` and `/metrics` on `PORT`, or the latter two on `PAPERBOY_METRICS_ADDR`); with no credentials at all, the console adapter on stdin/stdout.
 * SIGTERM and SIGINT stop the scheduler (finishing digests being posted), the adapters, the server and
 * the store, in that order. An unhandled rejection is logged and the bot keeps serving; an uncaught
 * exception stops it the same way and exits 1 (see `installProcessFaultHandlers`). Resolves when it
 * should exit.
 */
export async function runBot(app: App): Promise<void> {
  const { config, logger } = app;
  const adapters: ChatAdapter[] = [];
  // Bolt and discord.js take a few hundred milliseconds each to load: only what is configured is.
  const slack = slackMode(config)
    ? (await import("../../adapters/slack/index.ts")).createSlackAdapter({ app })
    : undefined;
  if (slack) adapters.push(slack);
  const discord = discordConfigured(config)
    ? (await import("../../adapters/discord/index.ts")).createDiscordAdapter({ app })
    : undefined;
  if (discord) adapters.push(discord);
  const console: ReturnType<typeof createConsoleAdapter> | undefined =
    slack || discord
      ? undefined
      : createConsoleAdapter({
          input: process.stdin,
          output: process.stdout,
          userId: safeUserName(),
          interactive: Boolean(process.stdin.isTTY),
          app,
        });
  if (console) adapters.push(console);

  const scheduler = new Scheduler({
    store: app.store,
    digests: app.digests,
    adapters,
    deliver: app.deliver,
    logger: logger.child({ component: "scheduler" }),
    now: app.now,
    metrics: app.metrics,
    holder: `${hostname()}:${process.pid}`,
    ...config.scheduler,
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

  if (slack) await slack.start();
  if (discord) await discord.start();
  serving = await serve({
    port: config.port,
    metricsAddress: config.metricsAddress,
    checks: healthChecks(app.store, adapters),
    metrics: app.metrics,
    slack: slack?.requestListener,
    logger,
  });
  // Catch-up posting at start runs in the background: commands are answered meanwhile.
  void scheduler
    .start()
    .catch((error: unknown) => logger.error({ err: error }, "the scheduler could not start"));
  if (console) {
    await console.start();
    await console.done;
    await stop("console closed");
  }
  await done;
  removeFaultHandlers();
}

function safeUserName(): string {
  try {
    return userInfo().username || "you";
  } catch {
    return "you";
  }
}
