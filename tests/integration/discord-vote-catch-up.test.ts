import { isDeepStrictEqual } from "node:util";
import { Events } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import type { FakeMessage } from "../helpers/fake-discord.ts";
import { flakyBackend } from "../helpers/flaky-backend.ts";
import { hasRedisServer, startPrivateRedis } from "../helpers/private-redis.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const USERS = ["720000000000000001", "720000000000000002", "720000000000000003", "720000000000000004"];

/**
 * Waits until `read` answers `expected` (polling; a read that fails, the store still coming back, counts
 * as not yet), then checks it, so a miss shows the last difference or error.
 */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const matches = () =>
    read().then(
      (value) => isDeepStrictEqual(value, expected),
      () => false,
    );
  await waitFor(matches, timeoutMs).catch(() => undefined);
  expect(await read()).toEqual(expected);
}

describe("Discord votes the gateway never redelivers are caught up", () => {
  let discord: DiscordHarness | undefined;
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });

  const channel = (harness: DiscordHarness) =>
    ({ platform: "discord", workspaceId: harness.guildId, channelId: harness.channelId }) as const;
  const votes = async (harness: DiscordHarness) =>
    Object.fromEntries(await harness.app.store.votes.counts(channel(harness)));
  const paperMessages = (harness: DiscordHarness): FakeMessage[] =>
    harness.fake.messages(harness.channelId).slice(1);

  it("stores votes cast while the store was down once it answers again, and drops a 👍 taken away meanwhile", async () => {
    const backend = flakyBackend(createMemoryBackend());
    discord = await startDiscordHarness({ backend });
    await discord.command("post", {}, CHANNEL_ADMIN);
    const [paper, other] = paperMessages(discord);
    await discord.react(USERS[0]!, paper!.id, "👍");
    expect(await votes(discord)).toEqual({ "2606.13681": 1 });

    backend.down = true;
    await discord.react(USERS[1]!, paper!.id, "🔥");
    await discord.react(USERS[2]!, other!.id, "👍");
    await discord.react(USERS[0]!, paper!.id, "👍", false);
    backend.down = false;

    // Nobody calls the store: its health probe notices it is back and the adapter catches up.
    await discord.fake.waitForRequest("GET", /^\/channels\/\d+\/messages\/\d+$/, 5000);
    await discord.adapter.idle();
    expect(await votes(discord)).toEqual({ "2606.13681": 1, "2606.13392": 1 });
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("2606.13392");
    expect(top.text).not.toContain("2 team votes");
  });

  it("counts votes cast while the bot was stopped after it starts again", async () => {
    discord = await startDiscordHarness();
    await discord.command("post", {}, CHANNEL_ADMIN);
    const [paper] = paperMessages(discord);
    const harness = discord;
    await discord.restart(() => {
      for (const user of USERS.slice(0, 3)) harness.fake.setReaction(paper!.id, "👍", user);
    });
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("2606.13681");
    expect(top.text).toContain("3 team votes");
  });

  it("counts votes cast while the gateway session was lost once a new session is ready", async () => {
    discord = await startDiscordHarness();
    await discord.command("post", {}, CHANNEL_ADMIN);
    const [paper] = paperMessages(discord);
    discord.fake.setReaction(paper!.id, "🔥", USERS[2]!);
    // What discord.js reports after a re-identify (a real one waits out its 5 s identify throttle).
    discord.adapter.client.emit(Events.ShardReady, 0, undefined);
    await discord.adapter.idle();
    expect(await votes(discord)).toEqual({ "2606.13681": 1 });
  });

  it("reads only recent paper messages, at most the pass's limit, paced", async () => {
    const papers = fixturePapers();
    discord = await startDiscordHarness({
      // Other papers featured on the 27th (their twins of the 12th are too old to be that week's best).
      sources: fakeSources({
        "2026-06-12": papers,
        "2026-06-27": papers.map((paper) => ({
          ...paper,
          id: paper.id.replace(/^2606\./, "2607."),
          featuredOn: "2026-06-27",
        })),
      }),
      reconcileLimits: { windowDays: 7, maxMessages: 3 },
    });
    await discord.command("post", {}, CHANNEL_ADMIN);
    const old = paperMessages(discord);
    expect(old).toHaveLength(5);
    // Fifteen days on: the first digest is out of the 7-day window (and out of the 14-day dedup).
    discord.app.clock.now = new Date("2026-06-27T09:00:00Z");
    await discord.command("post", {}, CHANNEL_ADMIN);
    const recent = paperMessages(discord).slice(old.length + 1);
    expect(recent).toHaveLength(5);
    const harness = discord;
    await discord.restart(() => {
      harness.fake.clearRequests();
      for (const message of [...old, ...recent]) harness.fake.setReaction(message.id, "👍", USERS[0]!);
    });

    const reads = discord.fake.requests.filter(
      (request) =>
        request.method === "GET" && request.path.startsWith(`/channels/${discord!.channelId}/messages/`),
    );
    const read = new Set(reads.map((request) => request.path.split("/")[4]));
    const newest = recent.slice(-3).map((message) => message.id);
    expect([...read].sort()).toEqual([...newest].sort());
    expect(reads).toHaveLength(6);
    // Slots are 50 ms apart from the first read; arrival jitter can shorten one gap but not the span.
    expect(reads.at(-1)!.at - reads[0]!.at).toBeGreaterThanOrEqual((reads.length - 1) * 50 - 20);
    const counted = await votes(discord);
    expect(Object.values(counted)).toEqual([1, 1, 1]);
  });

  it("counts a vote once when the catch-up stored it and the live event arrives late", async () => {
    const backend = flakyBackend(createMemoryBackend());
    discord = await startDiscordHarness({ backend });
    await discord.command("post", {}, CHANNEL_ADMIN);
    const [paper] = paperMessages(discord);
    backend.down = true;
    await discord.react(USERS[3]!, paper!.id, "👍");
    backend.down = false;
    await eventually(() => votes(discord!), { "2606.13681": 1 });
    await discord.adapter.idle();
    await discord.react(USERS[3]!, paper!.id, "👍");
    await discord.restart();
    expect(await votes(discord)).toEqual({ "2606.13681": 1 });
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("1 team vote");
  });
});

describe.skipIf(!hasRedisServer())("Discord votes cast while a private redis-server is stopped", () => {
  it("are stored once Redis is back", async () => {
    const redis = await startPrivateRedis();
    const discord = await startDiscordHarness({ backend: await createRedisBackend(redis.url) });
    try {
      await discord.command("post", {}, CHANNEL_ADMIN);
      const [, paper] = discord.fake.messages(discord.channelId);
      await redis.stop();
      await discord.react(USERS[0]!, paper!.id, "👍");
      await discord.react(USERS[1]!, paper!.id, "🔥");
      await redis.start();
      const ref = {
        platform: "discord",
        workspaceId: discord.guildId,
        channelId: discord.channelId,
      } as const;
      await eventually(
        async () => Object.fromEntries(await discord.app.store.votes.counts(ref)),
        {
          "2606.13681": 2,
        },
        15_000,
      );
    } finally {
      await discord.close();
      await redis.close();
    }
  }, 30_000);
});
