import { Client, GatewayIntentBits, Partials } from "discord.js";
import { ConfigError } from "../../src/errors.ts";

/**
 * The discord.js client paperboy runs on: guild, message and reaction intents; Message, Reaction and User
 * partials so reactions on messages posted before a restart arrive; REST at `apiUrl`; no pings ever.
 * A missing or malformed token throws a `ConfigError` naming `DISCORD_TOKEN`.
 */
export function createDiscordClient(
  token: string | undefined,
  apiUrl: string,
): { client: Client; token: string } {
  if (!token) throw new ConfigError("DISCORD_TOKEN: required for the Discord adapter (the app's Bot page)");
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new ConfigError(
      "DISCORD_TOKEN: expected a bot token (three dot-separated parts); copy it from the app's Bot page",
    );
  }
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
    ],
    partials: [Partials.Message, Partials.Reaction, Partials.User],
    rest: { api: apiUrl },
    allowedMentions: { parse: [] },
  });
  return { client, token };
}
