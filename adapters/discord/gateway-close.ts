/**
 * Gateway close codes after which Discord takes no session from the bot until someone changes something
 * (discord.js stops reconnecting), with what to do: the reason `/healthz` gives.
 */
const FATAL_CLOSE_REASONS = new Map<number, string>([
  [
    4004,
    "Discord rejected the token (4004): reset it on the app's Bot page in the developer portal, set DISCORD_TOKEN and restart",
  ],
  [4010, "Discord refused the shard (4010): check the shard settings and restart"],
  [4011, "Discord requires sharding for this many servers (4011): run paperboy sharded and restart"],
  [4012, "Discord refused the gateway API version (4012): update paperboy"],
  [4013, "Discord refused the gateway intents (4013): update paperboy"],
  [
    4014,
    "Discord disallowed the bot's intents (4014): allow them under Privileged Gateway Intents on the app's Bot page in the developer portal, then restart",
  ],
]);

/** What to tell an operator after the gateway closed with `code` for good. */
export function fatalCloseReason(code: number): string {
  return (
    FATAL_CLOSE_REASONS.get(code) ?? `Discord closed the gateway for good (${code}): see the log and restart`
  );
}
