import { createHash } from "node:crypto";
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  type MessageReaction,
  type PartialMessageReaction,
  Partials,
  type PartialUser,
  PermissionFlagsBits,
  type User,
} from "discord.js";
import { commands } from "../../commands/index.ts";
import type { App } from "../../src/app.ts";
import { ChannelUnavailableError, type ChatAdapter, type PostedMessage } from "../../src/chat/adapter.ts";
import { AnswerQueue } from "../../src/chat/answer-queue.ts";
import { ReactionReconciler, type ReconcileLimits } from "../../src/chat/reaction-reconcile.ts";
import { NUMBER_EMOJI } from "../../src/chat/reactions.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { ConfigError, describeError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import { HealthProblem } from "../../src/server/health-problem.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { fatalCloseReason } from "./gateway-close.ts";
import { InteractionWebhook, type WebhookMessage } from "./interaction-webhook.ts";
import { parseCommand, parseReaction } from "./parse.ts";
import { discordReactionReader } from "./reaction-reader.ts";
import { COMMAND_NAME } from "./register.ts";
import { type DiscordMessage, renderDiscord } from "./render.ts";
import { discordThreadReply } from "./thread-reply.ts";

export { buildCommands, commandProblems, inviteUrl, registerCommands } from "./register.ts";

/** Discord error codes that mean the bot can no longer post in a channel. */
const CHANNEL_UNAVAILABLE = new Map<number, string>([
  [10003, "Unknown Channel"],
  [50001, "Missing Access"],
  [50013, "Missing Permissions"],
]);
/** How long an answer to a lone command may take before it is deferred: well inside Discord's 3 s. */
const DEFER_AFTER_MS = 1500;
/** Discord keeps at most 25 characters of a nonce. */
const MAX_NONCE_LENGTH = 25;
/** How long start-up waits for the gateway's READY before giving up with a clear error. */
const READY_TIMEOUT_MS = 30_000;

/** Options for the Discord adapter. */
export interface DiscordAdapterOptions {
  /** The core: command handling, store, reactions. */
  app: App;
  /** Defaults to the core's logger. */
  logger?: Logger;
  /**
   * A lone command's answer not ready after this long is deferred and edited in later (0: always defer).
   * Default 1500 ms. A command that arrives while others are being answered is deferred at once.
   */
  deferAfterMs?: number;
  /** Bounds of a reaction catch-up pass (default `DEFAULT_RECONCILE_LIMITS`). */
  reconcileLimits?: ReconcileLimits;
}

/** The Discord ChatAdapter plus what operations and tests look at. */
export interface DiscordAdapter extends ChatAdapter {
  readonly platform: "discord";
  /** The underlying discord.js client (for diagnostics; paperboy's code goes through the adapter). */
  readonly client: Client;
  /** Whether the gateway session is up. */
  ready(): boolean;
  /** Resolves once every interaction and reaction still being handled is done. */
  idle(): Promise<void>;
}

/**
 * Discord through discord.js: `/papers <subcommand>` is answered in one reply when it is the only command
 * being answered and its answer is ready within 1.5 s; otherwise it is deferred at once and edited in
 * (ephemeral for help, usage errors and personal views); digests are posted as embeds
 * with link buttons; reactions become votes, also on messages posted before a restart (partials).
 * Reactions the gateway never redelivers (made while the bot was stopped, its session was lost, or the store
 * was down) are caught up by re-reading recent paper messages at start, after a new gateway session and
 * whenever the store answers again (see ReactionReconciler).
 * Nothing the bot sends can ping anyone (`allowed_mentions: { parse: [] }` on every message).
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const core = options.app;
  const { token, apiUrl } = core.config.discord;
  if (!token) throw new ConfigError("DISCORD_TOKEN: required for the Discord adapter (the app's Bot page)");
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new ConfigError(
      "DISCORD_TOKEN: expected a bot token (three dot-separated parts); copy it from the app's Bot page",
    );
  }
  const logger = (options.logger ?? core.logger).child({ platform: "discord" });
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
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const admins = new Set(core.config.admins);
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const answers = new AnswerQueue();
  const webhook = new InteractionWebhook(apiUrl);

  async function answer(interaction: ChatInputCommandInteraction): Promise<void> {
    const isAdmin =
      admins.has(interaction.user.id) ||
      Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels));
    const invocation = parseCommand(interaction, isAdmin);
    const command = commands.find((candidate) => candidate.name === invocation?.command);
    const compute = (): Promise<Reply> =>
      invocation ? core.handle(invocation, adapter) : Promise.resolve(DM_REPLY);
    const deferredPrivately = !command || command.private;
    const defer = () => interaction.deferReply(deferredPrivately ? { flags: MessageFlags.Ephemeral } : {});
    // Alone, a command is answered in one request once ready; only a slow answer is deferred (Discord's
    // 3-second rule) and edited in.
    const alone = deferAfterMs > 0 && answers.idle ? await answers.runAlone(compute) : undefined;
    if (alone) {
      const early = await within(alone.working, deferAfterMs);
      if (early) {
        const [first, ...rest] = renderDiscord(early);
        const flags = early.private ? { flags: MessageFlags.Ephemeral as const } : {};
        if (first) await interaction.reply({ ...toOptions(first), ...flags });
        for (const message of rest) await webhook.followUp(interaction, { ...toBody(message), ...flags });
        return;
      }
      await defer();
      await editIn(interaction, await alone.working, deferredPrivately);
      return;
    }
    // Behind other commands: acknowledge at once, so this ack never waits for their answers, and edit
    // the answer in when its turn has come.
    const acknowledged = answers.acknowledging();
    const deferral = defer().finally(acknowledged);
    const [, reply] = await Promise.all([deferral, answers.run(compute)]);
    await editIn(interaction, reply, deferredPrivately);
  }

  /** Replaces a deferred reply with the answer (through the webhook routes, outside the global limit). */
  async function editIn(interaction: ChatInputCommandInteraction, reply: Reply, deferredPrivately: boolean) {
    const [first, ...rest] = renderDiscord(reply);
    if (reply.private && !deferredPrivately) {
      // The deferred reply is public; a private answer must not land there.
      await webhook.deleteOriginal(interaction);
      for (const message of [first, ...rest])
        if (message) await webhook.followUp(interaction, ephemeral(message));
      return;
    }
    if (first) await webhook.editOriginal(interaction, toBody(first));
    for (const message of rest) {
      await webhook.followUp(interaction, deferredPrivately ? ephemeral(message) : toBody(message));
    }
  }

  async function suggest(interaction: AutocompleteInteraction): Promise<void> {
    const invocation = parseCommand(interaction, false);
    const focused = interaction.options.getFocused(true);
    const choices = invocation ? await core.complete(invocation, focused.name, String(focused.value)) : [];
    await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
  }

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!("commandName" in interaction) || interaction.commandName !== COMMAND_NAME) return;
    const work = interaction.isAutocomplete()
      ? suggest(interaction)
      : interaction.isChatInputCommand()
        ? answer(interaction)
        : Promise.resolve();
    track(
      work.catch((error: unknown) =>
        logger.error(
          { err: error, interaction: interaction.id },
          `could not answer /${COMMAND_NAME}: ${describeError(error)}`,
        ),
      ),
    );
  });

  const onReaction =
    (added: boolean) => (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
      const event = parseReaction(
        {
          guildId: reaction.message.guildId,
          channelId: reaction.message.channelId,
          messageId: reaction.message.id,
          userId: user.id,
          emoji: { id: reaction.emoji.id, name: reaction.emoji.name },
          added,
        },
        core.now(),
      );
      if (!event) return;
      track(
        core.reactions
          .handle(event, client.user?.id)
          .catch((error: unknown) =>
            logger.error(
              { err: error, messageId: event.messageId },
              `could not count a reaction: ${describeError(error)}`,
            ),
          ),
      );
    };
  client.on(Events.MessageReactionAdd, onReaction(true));
  client.on(Events.MessageReactionRemove, onReaction(false));

  const reconciler = new ReactionReconciler({
    store: core.store,
    reactions: core.reactions,
    reader: discordReactionReader(client),
    now: core.now,
    logger,
    limits: options.reconcileLimits,
    botUserId: () => client.user?.id,
  });
  /** Set while the adapter runs: stops a catch-up pass at `stop()` and ends the store subscription. */
  let running: { aborter: AbortController; unsubscribe: () => void } | undefined;
  const catchUp = () => {
    if (!running) return;
    track(
      reconciler
        .run(running.aborter.signal)
        .catch((error: unknown) =>
          logger.error({ err: error }, `could not catch up on reactions: ${describeError(error)}`),
        ),
    );
  };
  /** Why the gateway will not come back (a revoked token, disallowed intents), per shard, for `/healthz`. */
  const closedForGood = new Map<number, string>();
  // A new session (not a resumed one) means the events in between are gone.
  client.on(Events.ShardReady, (shardId) => {
    closedForGood.delete(shardId);
    catchUp();
  });

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
  for (const rest of [client.rest, webhook.rest]) {
    rest.on("rateLimited", (info) => {
      core.metrics.rateLimited("discord");
      logger.warn(
        { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
        "Discord rate limit",
      );
    });
  }
  client.on(Events.Error, (error) =>
    logger.error({ err: error }, `Discord client error: ${describeError(error)}`),
  );

  /** The channel to post in, as something that can send; Discord's refusals become ChannelUnavailableError. */
  async function sendable(channel: ChannelRef) {
    const found =
      client.channels.cache.get(channel.channelId) ?? (await client.channels.fetch(channel.channelId));
    if (!found?.isSendable()) throw new ChannelUnavailableError(channel, "Unknown Channel");
    return found;
  }

  const adapter: DiscordAdapter = {
    platform: "discord",
    client,
    ready: () => client.isReady(),
    async health() {
      const [reason] = closedForGood.values();
      if (reason) throw new HealthProblem(reason);
      if (!client.isReady()) throw new HealthProblem("the Discord gateway is not connected");
    },
    async start() {
      let timer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`[paperboy] [discord] no READY from the gateway within ${READY_TIMEOUT_MS / 1000} s`),
            ),
          READY_TIMEOUT_MS,
        );
        client.once(Events.ClientReady, () => resolve());
      });
      try {
        await client.login(token);
        await ready;
      } catch (error) {
        await client.destroy();
        throw credentialError(error) ?? error;
      } finally {
        clearTimeout(timer);
        ready.catch(() => undefined);
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "Discord adapter ready");
      running = { aborter: new AbortController(), unsubscribe: core.store.health.onRecovered(catchUp) };
      catchUp();
    },
    async stop() {
      running?.aborter.abort();
      running?.unsubscribe();
      running = undefined;
      await adapter.idle();
      await client.destroy();
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async post(channel: ChannelRef, reply: Reply, postOptions = {}): Promise<PostedMessage> {
      try {
        const target = await sendable(channel);
        let first: string | undefined;
        // Whoever posts records which paper each message shows, so reactions on it count.
        for (const [index, message] of renderDiscord(reply, { votable: true }).entries()) {
          const key = postOptions.idempotencyKey;
          const sent = await target.send({
            ...toOptions(message),
            ...(key ? { nonce: nonceFor(`${key}:${index}`), enforceNonce: true } : {}),
          });
          first ??= sent.id;
        }
        if (!first) throw new Error("[paperboy] [discord] rendering produced no message");
        return { messageId: first };
      } catch (error) {
        throw unavailable(channel, error) ?? error;
      }
    },
    replyInThread: discordThreadReply({ sendable, toOptions, unavailable, nonceFor }),
    async addNumberReactions(channel: ChannelRef, messageId: string, count: number): Promise<void> {
      const target = await sendable(channel);
      if (!("messages" in target)) return;
      for (const [emoji] of NUMBER_EMOJI.slice(0, count)) await target.messages.react(messageId, emoji);
    },
    async notifyUser(_workspaceId: string, userId: string, reply: Reply): Promise<void> {
      const user = await client.users.fetch(userId);
      for (const message of renderDiscord(reply)) await user.send(toOptions(message));
    },
  };
  return adapter;
}

/** The answer to a command typed outside a server. */
const DM_REPLY: Reply = {
  kind: "message",
  tone: "info",
  text: "paperboy answers in server channels, not in DMs.",
  private: true,
};

/** A rendered message as the webhook routes take it; `allowed_mentions` stays empty. */
const toBody = (message: DiscordMessage): WebhookMessage => ({
  ...message,
  content: message.content ?? "",
  allowed_mentions: { parse: [] },
});

/** A rendered message as discord.js send/edit options; `allowed_mentions` stays empty. */
function toOptions(message: DiscordMessage) {
  return {
    content: message.content ?? "",
    embeds: message.embeds,
    components: message.components,
    allowedMentions: { parse: [] as [] },
  };
}

/** `work`'s value if it settles within `ms`, else undefined (the timer is cleared either way). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const ephemeral = (message: DiscordMessage): WebhookMessage => ({
  ...toBody(message),
  flags: MessageFlags.Ephemeral,
});

/** A delivery's ledger key as a Discord nonce (≤ 25 characters), so a retried send returns the first message. */
export function nonceFor(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, MAX_NONCE_LENGTH);
}

/** Discord saying the channel is gone or closed to the bot, as a ChannelUnavailableError. */
function unavailable(channel: ChannelRef, error: unknown): ChannelUnavailableError | undefined {
  if (error instanceof ChannelUnavailableError) return error;
  if (!(error instanceof DiscordAPIError) || typeof error.code !== "number") return undefined;
  const reason = CHANNEL_UNAVAILABLE.get(error.code);
  return reason ? new ChannelUnavailableError(channel, reason, { cause: error }) : undefined;
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
