import { userInfo } from "node:os";
import { createConsoleAdapter } from "../adapters/console/index.ts";
import { slackMode } from "../adapters/slack/mode.ts";
import type { AdapterFactory } from "../src/app.ts";
import { type Config, discordConfigured } from "../src/config.ts";

/**
 * The adapters `paperboy run` starts: Slack and Discord where their credentials are set, else the console
 * on stdin/stdout. Bolt and discord.js take a few hundred milliseconds each to load: only what is
 * configured is.
 */
export async function platformsFor(config: Config): Promise<AdapterFactory[]> {
  const factories: AdapterFactory[] = [];
  if (slackMode(config)) {
    const { createSlackAdapter } = await import("../adapters/slack/index.ts");
    factories.push((app) => createSlackAdapter({ app }));
  }
  if (discordConfigured(config)) {
    const { createDiscordAdapter } = await import("../adapters/discord/index.ts");
    factories.push((app) => createDiscordAdapter({ app }));
  }
  if (factories.length > 0) return factories;
  return [
    (app) =>
      createConsoleAdapter({
        app,
        input: process.stdin,
        output: process.stdout,
        userId: safeUserName(),
        interactive: Boolean(process.stdin.isTTY),
      }),
  ];
}

function safeUserName(): string {
  try {
    return userInfo().username || "you";
  } catch {
    return "you";
  }
}
