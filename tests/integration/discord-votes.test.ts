import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";

const USERS = ["710000000000000001", "710000000000000002", "710000000000000003"];

describe("reaction votes through Discord, after the bot restarted", () => {
  let discord: DiscordHarness;
  let headerId: string;
  let paperId: string;
  let otherPaperId: string;

  beforeAll(async () => {
    discord = await startDiscordHarness();
    await discord.command("post", {}, CHANNEL_ADMIN);
    const posted = discord.fake.messages(discord.channelId);
    expect(posted).toHaveLength(6);
    headerId = posted[0]?.id ?? "";
    paperId = posted[1]?.id ?? "";
    otherPaperId = posted[2]?.id ?? "";
    // A new process: the client's cache knows none of the messages it posted.
    await discord.restart();
    expect(discord.adapter.client.channels.cache.get(discord.channelId)).toBeDefined();
    expect(discord.fake.identifyCount).toBe(2);
  });
  afterAll(async () => discord?.close());

  it("counts three users' 👍 on an uncached paper message: /papers top week shows 3", async () => {
    for (const user of USERS) await discord.react(user, paperId, "👍");
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("2606.13681");
    expect(top.text).toContain("3 team votes");
  });

  it("drops the vote of a user who removes their 👍: it shows 2", async () => {
    await discord.react(USERS[0] ?? "", paperId, "👍", false);
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("2 team votes");
    expect(top.text).not.toContain("3 team votes");
  });

  it("counts a user once however many upvote emoji they add, and the same event twice once", async () => {
    await discord.react(USERS[1] ?? "", paperId, "🔥");
    await discord.react(USERS[1] ?? "", paperId, "⬆️");
    await discord.react(USERS[1] ?? "", paperId, "👍");
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("2 team votes");
  });

  it("ignores the header, other messages, other emoji and the bot's own reactions", async () => {
    const bot = discord.fake.botUser.id;
    await discord.react(USERS[2] ?? "", headerId, "👍");
    await discord.react(USERS[2] ?? "", "1234567890123456789", "👍");
    await discord.react(USERS[2] ?? "", otherPaperId, "🎉");
    await discord.react(bot, otherPaperId, "👍");
    const counts = await discord.app.store.votes.counts({
      platform: "discord",
      workspaceId: discord.guildId,
      channelId: discord.channelId,
    });
    expect(Object.fromEntries(counts)).toEqual({ "2606.13681": 2 });
  });

  it("🔖 fills that user's /papers saved, and only theirs; removing it takes it off", async () => {
    const reader = USERS[2] ?? "";
    await discord.react(reader, otherPaperId, "🔖");
    const mine = await discord.command("saved", {}, { user: reader });
    expect(mine.messages.every((message) => message.ephemeral)).toBe(true);
    expect(mine.text).toContain("2606.13392");
    const theirs = await discord.command("saved", {}, { user: USERS[0] });
    expect(theirs.text).not.toContain("2606.13392");
    await discord.react(reader, otherPaperId, "🔖", false);
    const after = await discord.command("saved", {}, { user: reader });
    expect(after.text).not.toContain("2606.13392");
  });
});

describe("numbered votes on a compact digest through Discord", () => {
  let discord: DiscordHarness;
  beforeAll(async () => {
    discord = await startDiscordHarness();
  });
  afterAll(async () => discord?.close());

  it("counts 3️⃣ as a vote for the third paper, and not the bot's own 1️⃣ … 5️⃣", async () => {
    await discord.command("layout", { style: "compact" }, CHANNEL_ADMIN);
    await discord.command("post", {}, CHANNEL_ADMIN);
    const [digest] = discord.fake.messages(discord.channelId);
    const ref = { platform: "discord", workspaceId: discord.guildId, channelId: discord.channelId } as const;
    const papers = await discord.app.store.posts.papersForMessage(ref, digest?.id ?? "");
    expect(papers).toHaveLength(5);
    await discord.restart();
    for (const emoji of ["1️⃣", "2️⃣", "3️⃣"])
      await discord.react(discord.fake.botUser.id, digest?.id ?? "", emoji);
    await discord.react(USERS[0] ?? "", digest?.id ?? "", "3️⃣");
    await discord.react(USERS[1] ?? "", digest?.id ?? "", "3️⃣");
    expect(Object.fromEntries(await discord.app.store.votes.counts(ref))).toEqual({ [papers[2] ?? ""]: 2 });
  });
});
