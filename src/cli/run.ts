import { userInfo } from "node:os";
import { createConsoleAdapter } from "../../adapters/console/index.ts";
import type { App } from "../app.ts";
import type { ChatAdapter } from "../chat/adapter.ts";
import { createHealthServer, listen } from "../server/health-server.ts";

/**
 * `paperboy run`: starts every adapter whose credentials are set, the HTTP server with `/healthz`,
 * and, with no credentials at all, the console adapter on stdin/stdout. Resolves when it should exit.
 */
export async function runBot(app: App): Promise<void> {
  const { config, logger } = app;
  const adapters: ChatAdapter[] = [];
  const configured = [
    config.slack.botToken || config.slack.appToken ? "Slack" : undefined,
    config.discord.token ? "Discord" : undefined,
  ].filter(Boolean);
  for (const platform of configured) {
    logger.warn(
      `${platform} credentials are set, but this version has no ${platform} adapter yet; ignoring them`,
    );
  }
  const console = createConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    userId: safeUserName(),
    interactive: Boolean(process.stdin.isTTY),
    handle: (invocation) => app.handle(invocation, console),
  });
  adapters.push(console);

  const server = createHealthServer(
    {
      store: () => app.store.backend.ping(),
      ...Object.fromEntries(adapters.map((adapter) => [adapter.platform, async () => undefined])),
    },
    logger,
  );
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.debug({ reason }, "shutting down");
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await app.close();
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  try {
    const port = await listen(server, config.port);
    logger.info({ port }, `ready: /healthz on port ${port}`);
  } catch (error) {
    logger.warn({ err: error }, `could not serve /healthz on port ${config.port}; set PORT to a free port`);
  }
  for (const adapter of adapters) await adapter.start();
  await console.done;
  await stop("console closed");
}

function safeUserName(): string {
  try {
    return userInfo().username || "you";
  } catch {
    return "you";
  }
}
