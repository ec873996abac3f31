import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandRateLimiter } from "../../src/chat/rate-limit.ts";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";

const LIMITED = { PAPERBOY_COMMANDS_PER_MINUTE: "10", PAPERBOY_ADMINS: "U_ADMIN,600000000000000006" };
const POLITE = /at most 10 commands a minute per person\. Try again in \d+ s\./;

describe("CommandRateLimiter", () => {
  it("allows a burst of the limit, then one more per refill interval, per user", () => {
    let now = 1_000_000;
    const limiter = new CommandRateLimiter(10, () => now);
    for (let i = 0; i < 10; i++) expect(limiter.take("u1")).toEqual({ allowed: true });
    expect(limiter.take("u1")).toEqual({ allowed: false, retryAfterMs: 6000 });
    expect(limiter.take("u2")).toEqual({ allowed: true });
    now += 3000;
    expect(limiter.take("u1")).toEqual({ allowed: false, retryAfterMs: 3000 });
    now += 3000;
    expect(limiter.take("u1")).toEqual({ allowed: true });
    expect(limiter.take("u1").allowed).toBe(false);
    now += 60_000;
    for (let i = 0; i < 10; i++) expect(limiter.take("u1").allowed).toBe(true);
  });

  it("is off at 0, and survives a clock that goes backwards", () => {
    let now = 5_000;
    const off = new CommandRateLimiter(0, () => now);
    for (let i = 0; i < 1000; i++) expect(off.take("u").allowed).toBe(true);
    const limiter = new CommandRateLimiter(2, () => now);
    limiter.take("u");
    limiter.take("u");
    now -= 60_000;
    expect(limiter.take("u").allowed).toBe(false);
  });
});

describe("the per-user command limit through Slack", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness({ env: LIMITED });
    slack.fake.users.set("U_ADMIN", { is_admin: true });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("answers the 11th command in a minute politely and privately, and does not run it", async () => {
    for (let i = 0; i < 10; i++) {
      const result = await slack.command("help", { user: "U_ADMIN" });
      expect(JSON.stringify(result.responses)).toContain("/papers topic");
    }
    const refused = await slack.command("follow quokkas", { user: "U_ADMIN" });
    expect(refused.status).toBe(200);
    expect(refused.responses).toHaveLength(1);
    expect(refused.responses[0]?.response_type).toBe("ephemeral");
    expect(JSON.stringify(refused.responses)).toMatch(POLITE);
    const channel = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
    expect((await slack.app.store.channels.get(channel)).followedTopics).toEqual([]);
    // Someone else in the same channel is not held back.
    expect(JSON.stringify((await slack.command("help", { user: "U_OTHER" })).responses)).toContain(
      "/papers topic",
    );
  });
});

describe("the per-user command limit through Discord", () => {
  let discord: DiscordHarness;
  beforeAll(async () => {
    discord = await startDiscordHarness({ env: LIMITED });
  });
  afterAll(async () => {
    await discord?.close();
  });

  it("answers the 11th command in a minute politely and privately, and does not run it", async () => {
    for (let i = 0; i < 10; i++)
      expect((await discord.command("help", {}, CHANNEL_ADMIN)).text).toContain("topic");
    const refused = await discord.command("follow", { topic: "quokkas" }, CHANNEL_ADMIN);
    expect(refused.messages).toHaveLength(1);
    expect(refused.messages[0]?.ephemeral).toBe(true);
    expect(refused.text).toMatch(POLITE);
    const channel = {
      platform: "discord",
      workspaceId: discord.guildId,
      channelId: discord.channelId,
    } as const;
    expect((await discord.app.store.channels.get(channel)).followedTopics).toEqual([]);
    expect((await discord.command("help")).text).toContain("topic");
  });
});
