import { afterEach, describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../adapters/discord/index.ts";
import { ConfigError } from "../../src/errors.ts";
import {
  CHANNEL_ADMIN,
  DISCORD_TEST_TOKEN,
  type DiscordHarness,
  startDiscordHarness,
} from "../helpers/discord-harness.ts";
import { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID } from "../helpers/discord-payloads.ts";
import { DiscordErrors, rateLimited, startFakeDiscord } from "../helpers/fake-discord.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { createTestApp } from "../helpers/test-app.ts";

const SECOND_CHANNEL = "400000000000000044";
let discord: DiscordHarness | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

const ref = (channelId: string) =>
  ({ platform: "discord", workspaceId: DEFAULT_GUILD_ID, channelId }) as const;

describe("Discord refusing a channel", () => {
  it.each([
    ["Missing Access", DiscordErrors.missingAccess],
    ["Missing Permissions", DiscordErrors.missingPermissions],
    ["Unknown Channel", DiscordErrors.unknownChannel],
  ])(
    "%s stops that channel's schedule with a clear log line and a clear answer",
    async (reason, response) => {
      const logs = captureLogs();
      discord = await startDiscordHarness({ logger: logs.logger });
      await discord.command("schedule", { time: "09:00", timezone: "UTC" }, CHANNEL_ADMIN);
      discord.fake.failNext({ method: "POST", path: `/channels/${DEFAULT_CHANNEL_ID}/messages` }, response);

      const answer = await discord.command("post", {}, CHANNEL_ADMIN);
      expect(answer.text).toContain("I can't post in this channel");
      expect(answer.text).toContain(reason);
      expect((await discord.app.store.channels.get(ref(DEFAULT_CHANNEL_ID))).schedule).toBeNull();
      const line = logs.lines().find((entry) => String(entry.msg).includes("is unavailable"));
      expect(line).toMatchObject({ reason, level: 50 });
      expect(String(line?.msg)).toContain("daily digest is stopped");
    },
  );

  it("one failing channel never stops the others", async () => {
    discord = await startDiscordHarness({
      guilds: [
        {
          id: DEFAULT_GUILD_ID,
          channels: [
            { id: DEFAULT_CHANNEL_ID, name: "papers" },
            { id: SECOND_CHANNEL, name: "reading-group" },
          ],
        },
      ],
    });
    discord.fake.setRouteOverride((request) =>
      request.method === "POST" && request.path === `/channels/${DEFAULT_CHANNEL_ID}/messages`
        ? DiscordErrors.missingAccess
        : undefined,
    );
    const { app } = discord;
    const digest = (await app.digests.forChannel(ref(SECOND_CHANNEL), "2026-06-12")).digest;
    const results = await Promise.allSettled(
      [DEFAULT_CHANNEL_ID, SECOND_CHANNEL].map((channelId) =>
        app.deliver(discord!.adapter, ref(channelId), digest),
      ),
    );
    expect(results[0]?.status).toBe("rejected");
    expect(results[1]).toMatchObject({ status: "fulfilled", value: { posted: 6, skipped: 0 } });
    expect(discord.fake.messages(SECOND_CHANNEL)).toHaveLength(6);
    expect(discord.fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(0);
  });
});

describe("Discord rate limits and the gateway", () => {
  it("waits out a 429 with Retry-After through discord.js's limiter and posts each message once", async () => {
    discord = await startDiscordHarness();
    discord.fake.failNext(
      { method: "POST", path: `/channels/${DEFAULT_CHANNEL_ID}/messages` },
      rateLimited({ retryAfter: 0.2 }),
      2,
    );
    await discord.command("post", {}, CHANNEL_ADMIN);
    const limited = discord.fake.requests.filter((request) => request.status === 429);
    expect(limited).toHaveLength(2);
    expect(discord.fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(6);
    expect((await discord.app.metrics.render()).body).toMatch(
      /^paperboy_rate_limited_total\{platform="discord"\} 2$/m,
    );
  });

  it("resumes after the gateway drops the connection and keeps answering", async () => {
    discord = await startDiscordHarness();
    await discord.fake.disconnectAll();
    await discord.fake.waitFor(() => discord?.fake.resumeCount === 1, 5000);
    expect(discord.fake.identifyCount).toBe(1);
    const answer = await discord.command("today");
    expect(answer.text).toContain("2606.13681");
  });
});

describe("Discord credentials", () => {
  it("a missing or malformed token stops start-up naming DISCORD_TOKEN", async () => {
    const app = await createTestApp();
    expect(() => createDiscordAdapter({ app })).toThrow(/^DISCORD_TOKEN: required/);
    Object.assign(app.config.discord, { token: "not a token" });
    expect(() => createDiscordAdapter({ app })).toThrow(ConfigError);
    expect(() => createDiscordAdapter({ app })).toThrow(/^DISCORD_TOKEN: expected a bot token/);
    await app.close();
  });

  it("a token Discord rejects stops start-up naming DISCORD_TOKEN", async () => {
    const fake = await startFakeDiscord({ token: DISCORD_TEST_TOKEN });
    const app = await createTestApp({
      env: { DISCORD_TOKEN: "MTAw.wrong.token", DISCORD_API_URL: fake.apiUrl },
    });
    const adapter = createDiscordAdapter({ app });
    await expect(adapter.start()).rejects.toThrow(/^DISCORD_TOKEN: Discord rejected the token/);
    await app.close();
    await fake.close();
  });
});
