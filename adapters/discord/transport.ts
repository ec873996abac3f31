import { type Client, DiscordAPIError, Events } from "discord.js";
import { ChannelUnavailableError } from "../../src/chat/adapter.ts";
import type { PlatformAdapter } from "../../src/chat/platform.ts";
import { ConfigError, describeError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import { HealthProblem } from "../../src/server/health-problem.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { fatalCloseReason } from "./gateway-close.ts";
import { nonceFor, toOptions } from "./messages.ts";
import { type DiscordMessage, renderDiscord } from "./render.ts";
import { discordThreads } from "./threads.ts";

/** Discord error codes that mean the bot can no longer post in a channel. */
const CHANNEL_UNAVAILABLE = new Map<number, string>([
  [10003, "Unknown Channel"],
  [50001, "Missing Access"],
  [50013, "Missing Permissions"],
]);
/** How long start-up waits for the gateway's READY before giving up with a clear error. */
const READY_TIMEOUT_MS = 30_000;

/**
 * Discord as the runtime's platform: embeds with link buttons; sends with the ledger key as an enforced
 * nonce, so a retried send returns the first message; a threaded digest's header starts a thread, and a reply
 * (`replyTo`) goes into the thread started from its parent, else as a message reply (see `discordThreads`); numbered reactions as Unicode keycaps; DMs; a
 * health check that knows when the gateway closed for good. Nothing it sends can ping anyone.
 */
export function discordTransport(options: {
  client: Client;
  token: string;
  logger: Logger;
  /** After the gateway is READY (catch-up work starts here). */
  onStarted(): void;
  /** As a stop begins (catch-up work is aborted here). */
  onStopping(): void;
}): PlatformAdapter<DiscordMessage> {
  const { client, logger } = options;
  const threads = discordThreads(client, logger);
  /** Why the gateway will not come back (a revoked token, disallowed intents), per shard, for `/healthz`. */
  const closedForGood = new Map<number, string>();
  client.on(Events.ShardReady, (shardId) => closedForGood.delete(shardId));
  // discord.js emits this only for close codes after which it stops reconnecting (4004, 4010-4014).
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const reason = fatalCloseReason(event.code);
    closedForGood.set(shardId, reason);
    logger.error(
      { code: event.code, shardId },
      `Discord closed the gateway and the bot stays offline: ${reason}`,
    );
  });
  client.on(Events.ShardResume, (shardId, replayed) =>
    logger.info({ shardId, replayed }, "Discord gateway session resumed"),
  );
  client.on(Events.Error, (error) =>
    logger.error({ err: error }, `Discord client error: ${describeError(error)}`),
  );

  /** The channel to post in, as something that can send. */
  async function sendable(channel: ChannelRef) {
    const found =
      client.channels.cache.get(channel.channelId) ?? (await client.channels.fetch(channel.channelId));
    if (!found?.isSendable()) throw new ChannelUnavailableError(channel, "Unknown Channel");
    return found;
  }

  return {
    platform: "discord",
    channelErrors: {
      reasonOf: (error) =>
        error instanceof DiscordAPIError && typeof error.code === "number" ? error.code : undefined,
      reasons: CHANNEL_UNAVAILABLE,
    },
    async start() {
      let timer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        const late = new Error(
          `[paperboy] [discord] no READY from the gateway within ${READY_TIMEOUT_MS / 1000} s`,
        );
        timer = setTimeout(() => reject(late), READY_TIMEOUT_MS);
        client.once(Events.ClientReady, () => resolve());
      });
      try {
        await client.login(options.token);
        await ready;
      } catch (error) {
        await client.destroy();
        throw credentialError(error) ?? error;
      } finally {
        clearTimeout(timer);
        ready.catch(() => undefined);
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "Discord adapter ready");
      options.onStarted();
    },
    stopping: options.onStopping,
    async stop() {
      await client.destroy();
    },
    async health() {
      const [reason] = closedForGood.values();
      if (reason) throw new HealthProblem(reason);
      if (!client.isReady()) throw new HealthProblem("the Discord gateway is not connected");
    },
    render: renderDiscord,
    shares: true,
    threads: true,
    async send(channel, message, { key, replyTo }) {
      const target = await sendable(channel);
      const nonce = key ? { nonce: nonceFor(key), enforceNonce: true } : {};
      const body = { ...toOptions(message), ...nonce };
      const thread = replyTo ? await threads.threadOf(replyTo) : undefined;
      if (replyTo && thread) {
        try {
          return (await thread.send(body)).id;
        } catch (error) {
          if (!threads.fallBack(channel.channelId, replyTo, error)) throw error;
        }
      }
      // A reply to a message that was deleted since still goes out, as a plain message.
      const reply = replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {};
      const sent = await target.send({ ...body, ...reply });
      if (message.startsThread) await threads.start(target, sent.id, message.startsThread);
      return sent.id;
    },
    async react(channel, messageId, [emoji]) {
      const target = await sendable(channel);
      if ("messages" in target) await target.messages.react(messageId, emoji);
    },
    async sendDirect(_workspaceId, userId, message) {
      const user = await client.users.fetch(userId);
      await user.send(toOptions(message));
    },
  };
}

/** Discord's refusal of the token, as a configuration error naming the variable. */
function credentialError(error: unknown): ConfigError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const status = (error as { status?: unknown } | null)?.status;
  if (
    code === "TokenInvalid" ||
    status === 401 ||
    /invalid token|4004|Authentication failed/i.test(String(error))
  ) {
    return new ConfigError(
      "DISCORD_TOKEN: Discord rejected the token; reset it on the app's Bot page and copy it again",
    );
  }
  return undefined;
}
