import { once } from "node:events";
import {
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type MessageReaction,
  type PartialMessageReaction,
  Partials,
  type PartialUser,
  type TextChannel,
  type User,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, reaction, slashCommand } from "../helpers/discord-payloads.ts";
import { DiscordErrors, type FakeDiscord, rateLimited, startFakeDiscord } from "../helpers/fake-discord.ts";

const USER = { id: "700000000000000007", username: "ada" };

/** The arguments of `messageReactionAdd` / `messageReactionRemove`. */
type ReactionEvent = [MessageReaction | PartialMessageReaction, User | PartialUser];

describe("fake Discord with the real discord.js client", () => {
  let fake: FakeDiscord;
  const clients: Client[] = [];

  beforeEach(async () => {
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.destroy()));
    await fake.close();
  });

  const newClient = (): Client => {
    const client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.GuildMessageReactions,
      ],
      partials: [Partials.Message, Partials.Reaction, Partials.User],
      rest: { api: fake.apiUrl },
    });
    clients.push(client);
    return client;
  };

  /** Logs in and waits for ClientReady (login resolves at READY, before the GUILD_CREATEs). */
  const ready = async (client = newClient()): Promise<Client<true>> => {
    const isReady = once(client, Events.ClientReady);
    await client.login(fake.token);
    await isReady;
    if (!client.isReady()) throw new Error("client not ready");
    return client;
  };

  it("logs in, becomes ready and caches the guild and its channel", async () => {
    const client = await ready();
    expect(client.user.id).toBe(fake.botUser.id);
    expect(client.application.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(DEFAULT_GUILD_ID);
    expect(guild?.available).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    const channel = client.channels.cache.get(DEFAULT_CHANNEL_ID);
    expect(channel?.isTextBased()).toBe(true);
    expect(fake.identifyCount).toBe(1);
    expect(fake.identifies[0]?.intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMessageReactions,
    );
    expect(fake.gatewayConnections[0]?.url).toBe("/?v=10&encoding=json");
    const gatewayBot = fake.requests.find((request) => request.path === "/gateway/bot");
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  it("rejects a wrong token: REST 401 at login, close 4004 at IDENTIFY", async () => {
    const client = newClient();
    await expect(client.login("wrong-token")).rejects.toMatchObject({
      code: "TokenInvalid",
      message: "An invalid token was provided.",
    });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/gateway/bot", status: 401 });

    const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
    const [hello] = (await once(socket, "message")) as [Buffer];
    expect(JSON.parse(hello.toString())).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
    socket.send(JSON.stringify({ op: 2, d: { token: "wrong-token", intents: 1, properties: {} } }));
    const [code] = (await once(socket, "close")) as [number];
    expect(code).toBe(4004);
    expect(fake.identifyCount).toBe(0);
  });

  it("delivers a slash command and records the deferral and the @original edit", async () => {
    const client = await ready();
    const seen = new Promise<ChatInputCommandInteraction>((resolve) => {
      client.on(Events.InteractionCreate, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        await interaction.editReply({ content: "hi", allowedMentions: { parse: [] } });
        resolve(interaction);
      });
    });
    const payload = slashCommand({
      user: USER,
      subcommand: "search",
      options: { query: "diffusion", limit: 3 },
    });
    expect(fake.dispatch("INTERACTION_CREATE", payload)).toBeGreaterThan(0);

    const interaction = await seen;
    expect(interaction.commandName).toBe("papers");
    expect(interaction.options.getSubcommand()).toBe("search");
    expect(interaction.options.getString("query")).toBe("diffusion");
    expect(interaction.options.getInteger("limit")).toBe(3);
    expect(interaction.memberPermissions?.has("ManageChannels")).toBe(false);
    expect(interaction.user.id).toBe(USER.id);

    const responses = fake.interactionResponses(payload.id);
    expect(responses.map((response) => response.kind)).toEqual(["callback", "editOriginal"]);
    expect(responses[0]).toMatchObject({ type: 5, query: { with_response: "false" } });
    expect(responses[1]?.body).toMatchObject({ content: "hi", allowed_mentions: { parse: [] } });
    expect(responses[1]?.message).toMatchObject({ content: "hi", flags: 0, channel_id: DEFAULT_CHANNEL_ID });
    // Interaction routes are called without the bot token, as on Discord.
    const callback = fake.requests.find((request) => request.path.startsWith("/interactions/"));
    expect(callback?.headers.authorization).toBeUndefined();
  });

  it("delivers reactions on an uncached message as partials, add then remove", async () => {
    const sender = await ready();
    const channel = sender.channels.cache.get(DEFAULT_CHANNEL_ID) as TextChannel;
    const sent = await channel.send({ content: "paper of the day" });
    await sender.destroy();
    expect(fake.messages(DEFAULT_CHANNEL_ID).map((message) => message.id)).toEqual([sent.id]);

    const client = await ready();
    const added = once(client, Events.MessageReactionAdd) as Promise<ReactionEvent>;
    const removed = once(client, Events.MessageReactionRemove) as Promise<ReactionEvent>;
    fake.dispatch(reaction({ userId: USER.id, messageId: sent.id, emoji: "👍", added: true }));
    const [addedReaction, addedBy] = await added;
    expect(addedReaction.partial || addedReaction.message.partial).toBe(true);
    expect(addedReaction.message.id).toBe(sent.id);
    expect(addedReaction.emoji.name).toBe("👍");
    expect(addedBy.id).toBe(USER.id);

    fake.dispatch(reaction({ userId: USER.id, messageId: sent.id, emoji: "👍", added: false }));
    const [removedReaction, removedBy] = await removed;
    expect(removedReaction.message.id).toBe(sent.id);
    expect(removedReaction.emoji.name).toBe("👍");
    expect(removedBy.id).toBe(USER.id);
  });

  it("resumes after a disconnect and keeps delivering events", async () => {
    const client = await ready();
    const resumed = once(client, Events.ShardResume);
    await fake.disconnectAll();
    await resumed;
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    expect(fake.gatewayConnections.at(-1)?.url).toBe("/resume?v=10&encoding=json");

    const delivered = once(client, Events.InteractionCreate);
    const payload = slashCommand({ user: USER, subcommand: "top" });
    fake.dispatch("INTERACTION_CREATE", payload);
    const [interaction] = (await delivered) as [ChatInputCommandInteraction];
    expect(interaction.id).toBe(payload.id);
  });

  it("creates one message for two POSTs with the same enforced nonce", async () => {
    const client = await ready();
    const channel = client.channels.cache.get(DEFAULT_CHANNEL_ID) as TextChannel;
    const first = await channel.send({ content: "digest", nonce: "digest-2026-06-14", enforceNonce: true });
    const second = await channel.send({ content: "digest", nonce: "digest-2026-06-14", enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(1);
    const posts = fake.requests.filter(
      (request) => request.method === "POST" && request.path.endsWith("/messages"),
    );
    expect(posts.map((request) => request.body)).toEqual([
      expect.objectContaining({ nonce: "digest-2026-06-14", enforce_nonce: true }),
      expect.objectContaining({ nonce: "digest-2026-06-14", enforce_nonce: true }),
    ]);
  });

  it("injects errors and rate limits that discord.js understands", async () => {
    const client = await ready();
    const channel = client.channels.cache.get(DEFAULT_CHANNEL_ID) as TextChannel;
    const path = `/channels/${DEFAULT_CHANNEL_ID}/messages`;
    fake.failNext({ method: "POST", path }, DiscordErrors.missingAccess);
    await expect(channel.send("nope")).rejects.toMatchObject({ status: 403, code: 50001 });

    fake.failNext({ method: "POST", path }, rateLimited({ retryAfter: 0.05 }));
    const started = Date.now();
    await channel.send("after the limit");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fake.requests.filter((request) => request.path === path).map((request) => request.status)).toEqual(
      [403, 429, 200],
    );
    expect(fake.messages(DEFAULT_CHANNEL_ID).map((message) => message.content)).toEqual(["after the limit"]);
  });
});
