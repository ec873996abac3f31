import { once } from "node:events";
import { Events } from "discord.js";
import { createDiscordAdapter, type DiscordAdapter } from "../../adapters/discord/index.ts";
import type { App } from "../../src/app.ts";
import type { ReconcileLimits } from "../../src/chat/reaction-reconcile.ts";
import type { Logger } from "../../src/log.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import {
  buttonClick,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  MEMBER_PERMISSIONS,
  type OptionValue,
  Permission,
  reaction,
  slashCommand,
} from "./discord-payloads.ts";
import { type FakeDiscord, type FakeGuildSpec, startFakeDiscord } from "./fake-discord.ts";
import { createTestApp } from "./test-app.ts";

/** A token in Discord's three-part shape, which the adapter checks before connecting. */
export const DISCORD_TEST_TOKEN = "MjAwMDAwMDAwMDAwMDAwMDAy.fake.discord-test-token";

/** One message an interaction left visible to its user, with whether only they can see it. */
export interface VisibleMessage {
  ephemeral: boolean;
  body: Record<string, unknown>;
}

/** What a `/papers` interaction ended with. */
export interface InteractionAnswer {
  interactionId: string;
  /** The first response's callback type (5 = deferred) and whether it was ephemeral. */
  ack: { type?: number; ephemeral: boolean };
  /** Every message still visible after the interaction finished, in order. */
  messages: VisibleMessage[];
  /** All the JSON the messages carried, for text checks. */
  text: string;
}

/** Who runs a command: a user id and their permissions in the channel. */
export interface Member {
  user?: string;
  permissions?: bigint;
}

/** The real adapter on a real discord.js client against the fake Discord, with the core on a memory store. */
export interface DiscordHarness {
  fake: FakeDiscord;
  app: App & { clock: { now: Date } };
  adapter: DiscordAdapter;
  channelId: string;
  guildId: string;
  /** Runs `/papers <subcommand>` with typed options and waits until the answer is complete. */
  command(
    subcommand: string,
    options?: Record<string, OptionValue>,
    member?: Member,
  ): Promise<InteractionAnswer>;
  /**
   * Clicks the button whose `custom_id` begins with `customIdPrefix` on a message an earlier interaction
   * left (its last such message), as `member`, and waits until the click is answered. `customId` sends
   * that id instead of the button's own (a forged click).
   */
  click(
    answer: InteractionAnswer,
    customIdPrefix: string,
    member?: Member,
    customId?: string,
  ): Promise<InteractionAnswer>;
  /** Types into an autocomplete option and returns the suggestions. */
  autocomplete(subcommand: string, option: string, value: string): Promise<string[]>;
  /**
   * A user adds (or removes) a reaction and the adapter has handled it. The event carries the channel the
   * message is in (a thread's id for a message in a thread), as Discord's does.
   */
  react(userId: string, messageId: string, emoji: string, added?: boolean): Promise<void>;
  /**
   * Stops the adapter and starts a new client on the same store: nothing is cached any more. `whileStopped`
   * runs in between (reactions made while the bot is away); the new adapter's start-up work is awaited.
   */
  restart(whileStopped?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Someone who may change channel settings. */
export const CHANNEL_ADMIN: Member = { user: "600000000000000006", permissions: Permission.ManageChannels };

/** Starts the fake Discord, the core and the adapter, and waits until the client is ready. */
export async function startDiscordHarness(
  options: {
    env?: NodeJS.ProcessEnv;
    sources?: CatalogSources;
    now?: Date;
    logger?: Logger;
    guilds?: FakeGuildSpec[];
    /** The adapter's defer threshold (0 defers every command). */
    deferAfterMs?: number;
    /** The store under the app (default: a fresh memory store). */
    backend?: KvBackend;
    reconcileLimits?: ReconcileLimits;
  } = {},
): Promise<DiscordHarness> {
  const fake = await startFakeDiscord({ token: DISCORD_TEST_TOKEN, guilds: options.guilds });
  const env = { DISCORD_TOKEN: DISCORD_TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, ...options.env };
  const app = await createTestApp({
    env,
    sources: options.sources,
    now: options.now,
    logger: options.logger,
    backend: options.backend,
  });
  const start = async () => {
    const adapter = createDiscordAdapter({
      app,
      deferAfterMs: options.deferAfterMs,
      reconcileLimits: options.reconcileLimits,
    });
    await adapter.start();
    await adapter.idle();
    return adapter;
  };
  let adapter = await start();

  const handled = async (event: Events, send: () => void) => {
    const arrived = once(adapter.client, event);
    send();
    await arrived;
    await adapter.idle();
  };

  const harness: DiscordHarness = {
    fake,
    app,
    get adapter() {
      return adapter;
    },
    channelId: DEFAULT_CHANNEL_ID,
    guildId: DEFAULT_GUILD_ID,
    async command(subcommand, commandOptions = {}, member = {}) {
      const payload = slashCommand({
        user: { id: member.user ?? "700000000000000007" },
        subcommand,
        options: commandOptions,
        permissions: member.permissions ?? MEMBER_PERMISSIONS,
      });
      const interactionId = String(payload.id);
      await handled(Events.InteractionCreate, () => fake.dispatch("INTERACTION_CREATE", payload));
      return answerOf(fake, interactionId);
    },
    async click(answer, customIdPrefix, member = {}, forged) {
      const withButton = fake
        .interactionResponses(answer.interactionId)
        .map((record) => record.message)
        .filter((message) => customIdOf(message?.components, customIdPrefix) !== undefined)
        .at(-1);
      const customId = customIdOf(withButton?.components, customIdPrefix);
      if (!withButton || !customId) throw new Error(`no button ${customIdPrefix}… on that answer`);
      const payload = buttonClick({
        user: { id: member.user ?? "700000000000000007" },
        permissions: member.permissions ?? MEMBER_PERMISSIONS,
        customId: forged ?? customId,
        message: withButton as unknown as Record<string, unknown>,
      });
      await handled(Events.InteractionCreate, () => fake.dispatch("INTERACTION_CREATE", payload));
      return answerOf(fake, payload.id);
    },
    async autocomplete(subcommand, option, value) {
      const payload = slashCommand({
        user: { id: "700000000000000007" },
        subcommand,
        options: { [option]: value },
        focused: option,
      });
      await handled(Events.InteractionCreate, () => fake.dispatch("INTERACTION_CREATE", payload));
      const [callback] = fake.interactionResponses(String(payload.id));
      const choices = (callback?.body as { data?: { choices?: { value: string }[] } } | undefined)?.data
        ?.choices;
      return (choices ?? []).map((choice) => choice.value);
    },
    async react(userId, messageId, emoji, added = true) {
      const channelId = fake.message(messageId)?.channel_id;
      const { event, data } = reaction({ userId, messageId, emoji, added, channelId });
      await handled(added ? Events.MessageReactionAdd : Events.MessageReactionRemove, () =>
        fake.dispatch(event, data),
      );
    },
    async restart(whileStopped) {
      await adapter.stop();
      await whileStopped?.();
      adapter = await start();
    },
    async close() {
      await adapter.stop();
      await app.close();
      await fake.close();
    },
  };
  return harness;
}

const EPHEMERAL = 64;

/** The first `custom_id` beginning with `prefix` among a message's action rows. */
function customIdOf(components: unknown, prefix: string): string | undefined {
  const rows = Array.isArray(components) ? (components as { components?: { custom_id?: string }[] }[]) : [];
  return rows
    .flatMap((row) => row.components ?? [])
    .map((component) => component.custom_id)
    .find((id) => id?.startsWith(prefix));
}

/** Reads what an interaction left visible from the fake's record of callbacks, edits and follow-ups. */
function answerOf(fake: FakeDiscord, interactionId: string): InteractionAnswer {
  const records = fake.interactionResponses(interactionId);
  const callback = records.find((record) => record.kind === "callback");
  const callbackData = (callback?.body as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const deferredEphemeral = ((Number(callbackData.flags) || 0) & EPHEMERAL) !== 0;
  let original: VisibleMessage | undefined =
    callback?.type === 4 ? { ephemeral: deferredEphemeral, body: callbackData } : undefined;
  const followUps: VisibleMessage[] = [];
  for (const record of records) {
    const body = (record.body ?? {}) as Record<string, unknown>;
    if (record.kind === "editOriginal") original = { ephemeral: deferredEphemeral, body };
    if (record.kind === "deleteMessage") original = undefined;
    if (record.kind === "followup") {
      followUps.push({ ephemeral: ((Number(body.flags) || 0) & EPHEMERAL) !== 0, body });
    }
  }
  const messages = [...(original ? [original] : []), ...followUps];
  return {
    interactionId,
    ack: { type: callback?.type, ephemeral: deferredEphemeral },
    messages,
    text: JSON.stringify(messages.map((message) => message.body)),
  };
}
