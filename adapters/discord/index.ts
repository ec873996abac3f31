import {
  type AutocompleteInteraction,
  type Client,
  Events,
  type Interaction,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  PermissionFlagsBits,
  type User,
} from "discord.js";
import type { Configurer } from "../../src/chat/invocation.ts";
import { ReactionReconciler, type ReconcileLimits } from "../../src/chat/reaction-reconcile.ts";
import { ChatRuntime, type RuntimeCore } from "../../src/chat/runtime.ts";
import type { Config } from "../../src/config.ts";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/store.ts";
import { createDiscordClient } from "./client.ts";
import { interactionResponder } from "./interaction-responder.ts";
import { InteractionWebhook } from "./interaction-webhook.ts";
import { OUTSIDE_SERVER_REPLY, parseCommand, parseReaction, parseShareClick } from "./parse.ts";
import { discordReactionReader } from "./reaction-reader.ts";
import { COMMAND_NAME } from "./register.ts";
import { type DiscordMessage, SHARE_CUSTOM_ID_PREFIX } from "./render.ts";
import { discordTransport } from "./transport.ts";

export { nonceFor } from "./messages.ts";
export { buildCommands, commandProblems, inviteUrl, registerCommands } from "./register.ts";

/** Who may configure a channel on Discord, besides its paperboy admins. */
const MANAGE_CHANNELS: Configurer = { who: "members with Manage Channels in this channel" };

/** How long an answer to a lone command may take before it is deferred: well inside Discord's 3 s. */
const DEFER_AFTER_MS = 1500;

/** Options for the Discord adapter. */
export interface DiscordAdapterOptions {
  /** The core: commands, store, reactions. */
  app: RuntimeCore & { config: Config; store: Store; now: () => Date };
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

/** Discord's runtime plus what operations and tests look at. */
export type DiscordAdapter = ChatRuntime<DiscordMessage> & {
  /** The underlying discord.js client (for diagnostics; paperboy's code goes through the runtime). */
  readonly client: Client;
  /** Whether the gateway session is up. */
  ready(): boolean;
};

/**
 * Discord through discord.js: `/papers <subcommand>` is answered in one reply when it is the only command
 * being answered and its answer is ready within 1.5 s; otherwise it is deferred at once and edited in
 * (ephemeral for help, usage errors and personal views); digests are posted as embeds with link buttons;
 * reactions become votes, also on messages posted before a restart (partials) and in a threaded digest's
 * thread (they count for the thread's channel). Reactions the gateway never
 * redelivers (made while the bot was stopped, its session was lost, or the store was down) are caught up by
 * re-reading recent paper messages at start, after a new gateway session and whenever the store answers
 * again (see ReactionReconciler).
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const core = options.app;
  const { apiUrl } = core.config.discord;
  const { client, token } = createDiscordClient(core.config.discord.token, apiUrl);
  const logger = (options.logger ?? core.logger).child({ platform: "discord" });
  const webhook = new InteractionWebhook(apiUrl);
  /** Set while the adapter runs: stops a catch-up pass at `stop()` and ends the store subscription. */
  let running: { aborter: AbortController; unsubscribe: () => void } | undefined;
  const transport = discordTransport({
    client,
    token,
    logger,
    onStarted() {
      running = { aborter: new AbortController(), unsubscribe: core.store.health.onRecovered(catchUp) };
      catchUp();
    },
    onStopping() {
      running?.aborter.abort();
      running?.unsubscribe();
      running = undefined;
    },
  });
  const runtime = new ChatRuntime(core, transport, {
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    logger,
  });

  async function suggest(interaction: AutocompleteInteraction): Promise<void> {
    const invocation = parseCommand(interaction);
    const focused = interaction.options.getFocused(true);
    const choices = invocation ? await runtime.complete(invocation, focused.name, String(focused.value)) : [];
    await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
  }

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    const click = interaction.isButton() && parseShareClick(interaction, SHARE_CUSTOM_ID_PREFIX);
    if (click) void runtime.share({ click, respond: interactionResponder(interaction, webhook) });
    if (!("commandName" in interaction) || interaction.commandName !== COMMAND_NAME) return;
    if (interaction.isAutocomplete()) runtime.track(suggest(interaction), `suggest /${COMMAND_NAME} options`);
    if (!interaction.isChatInputCommand()) return;
    void runtime.answer({
      invocation: parseCommand(interaction) ?? OUTSIDE_SERVER_REPLY,
      // The member's permissions in this channel, overwrites included (Administrator implies them all).
      isAdmin: async () => Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels)),
      whoCan: async () => [MANAGE_CHANNELS],
      respond: interactionResponder(interaction, webhook),
    });
  });

  const onReaction =
    (added: boolean) => (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
      const { message, emoji } = reaction;
      const at = core.now();
      // A message in a thread (a threaded digest's paper) counts for the channel the thread hangs off.
      const channel = client.channels.cache.get(message.channelId);
      const channelId = channel?.isThread() && channel.parentId ? channel.parentId : message.channelId;
      const fields = { guildId: message.guildId, channelId, messageId: message.id };
      const event = parseReaction({ ...fields, userId: user.id, emoji, added }, at);
      if (!event) return;
      const work = runtime.reaction(event, { botUserId: client.user?.id });
      runtime.track(work, "count a reaction", { messageId: event.messageId });
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
  function catchUp() {
    if (running) runtime.track(reconciler.run(running.aborter.signal), "catch up on reactions");
  }
  // A new session (not a resumed one) means the events in between are gone.
  client.on(Events.ShardReady, catchUp);
  for (const rest of [client.rest, webhook.rest]) {
    rest.on("rateLimited", (info) =>
      runtime.rateLimited({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }),
    );
  }
  return Object.assign(runtime, { client, ready: () => client.isReady() });
}
