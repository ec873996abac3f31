import { userInfo } from "node:os";
import { createConsoleAdapter } from "../../adapters/console/index.ts";
import { createDiscordAdapter, type DiscordAdapter } from "../../adapters/discord/index.ts";
import { createSlackAdapter, slackMode } from "../../adapters/slack/index.ts";
import type { App } from "../app.ts";
import type { ChatAdapter } from "../chat/adapter.ts";
import { discordConfigured } from "../config.ts";
import { createHealthServer, listen } from "../server/health-server.ts";

/**
 * `paperboy run`: starts every adapter whose credentials are set, the HTTP server with `/healthz`,
 * and, with no credentials at all, the console adapter on stdin/stdout. Resolves when it should exit.
 */
export async function runBot(app: App): Promise<void> {
  const { config, logger } = app;
  const adapters: ChatAdapter[] = [];
  const slack = slackMode(config) ? createSlackAdapter({ app }) : undefined;
  if (slack) adapters.push(slack);
  const discord = discordConfigured(config) ? createDiscordAdapter({ app }) : undefined;
  if (discord) adapters.push(discord);
  const console: ReturnType<typeof createConsoleAdapter> | undefined =
    slack || discord
      ? undefined
      : createConsoleAdapter({
          input: process.stdin,
          output: process.stdout,
          userId: safeUserName(),
          interactive: Boolean(process.stdin.isTTY),
          handle: (invocation) => app.handle(invocation, console),
        });
  if (console) adapters.push(console);

  const server = createHealthServer(
    {
      store: () => app.store.backend.ping(),
      ...Object.fromEntries(adapters.map((adapter) => [adapter.platform, async () => undefined])),
      ...(discord ? { discord: async () => assertReady(discord) } : {}),
    },
    logger,
    slack?.requestListener,
  );
  let stopping = false;
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.debug({ reason }, "shutting down");
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await app.close();
    stopped();
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  if (slack) await slack.start();
  if (discord) await discord.start();
  try {
    const port = await listen(server, config.port);
    logger.info({ port }, `ready: /healthz on port ${port}`);
  } catch (error) {
    if (slack?.requestListener) throw error;
    logger.warn({ err: error }, `could not serve /healthz on port ${config.port}; set PORT to a free port`);
  }
  if (console) {
    await console.start();
    await console.done;
    await stop("console closed");
  }
  await done;
}

function assertReady(discord: DiscordAdapter): void {
  if (!discord.ready()) throw new Error("Discord gateway is not connected");
}

function safeUserName(): string {
  try {
    return userInfo().username || "you";
  } catch {
    return "you";
  }
}
