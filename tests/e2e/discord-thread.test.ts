import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import { discordError, type FakeMessage } from "../helpers/fake-discord.ts";

const USERS = ["710000000000000001", "710000000000000002", "710000000000000003"];
const REPLY = 19;
const referenced = (message: FakeMessage) =>
  (message.message_reference as { message_id?: string } | undefined)?.message_id;

describe("a threaded digest through discord.js", () => {
  let discord: DiscordHarness;
  let posted: FakeMessage[];

  beforeAll(async () => {
    discord = await startDiscordHarness();
  });
  afterAll(async () => discord?.close());

  const ref = () =>
    ({ platform: "discord", workspaceId: discord.guildId, channelId: discord.channelId }) as const;

  it("lets a channel admin, and no one else, pick the thread layout", async () => {
    const refused = await discord.command("layout", { style: "thread" });
    expect(refused.text).not.toContain("now posted as thread");
    const changed = await discord.command("layout", { style: "thread" }, CHANNEL_ADMIN);
    expect(changed.text).toContain("now posted as thread");
    expect((await discord.command("settings")).text).toContain(
      "5 papers, a header with one reply per paper under it",
    );
  });

  it("posts the header once and each paper once as a reply to it, across a failure and a restart", async () => {
    // Discord refuses the third message (the second paper): the delivery stops there.
    let creates = 0;
    discord.fake.failNext(
      (request) =>
        request.method === "POST" && /\/channels\/\d+\/messages$/.test(request.path) && ++creates === 3,
      discordError(400, 50035, "Invalid Form Body"),
    );
    const failed = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(failed.text).not.toContain("Posted today's digest");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(2);

    // A new process on the same store resumes the digest where it stopped.
    await discord.restart();
    const resumed = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(resumed.text).toMatch(/Posted today's digest: 5 papers \\*\(2 already here, skipped/);
    posted = discord.fake.messages(discord.channelId);
    expect(posted).toHaveLength(6);
    const [header, ...replies] = posted;
    expect(header?.message_reference).toBeUndefined();
    expect(JSON.stringify(header?.embeds)).toContain("in the replies to this message");
    expect(replies.map((message) => [message.type, referenced(message)])).toEqual(
      replies.map(() => [REPLY, header?.id]),
    );
    for (const reply of replies) {
      expect((await discord.app.store.posts.papersForMessage(ref(), reply.id)).length).toBe(1);
    }

    await discord.restart();
    const again = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(again.text).toContain("already in this channel");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(6);
  });

  it("counts 👍 on a reply (uncached after the restart) in /papers top, not on the header", async () => {
    const [header, , reply] = posted;
    const [paperId] = await discord.app.store.posts.papersForMessage(ref(), reply?.id ?? "");
    await discord.react(USERS[0] ?? "", reply?.id ?? "", "👍");
    await discord.react(USERS[1] ?? "", reply?.id ?? "", "🔥");
    await discord.react(USERS[2] ?? "", header?.id ?? "", "👍");
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain(String(paperId));
    expect(top.text).toContain("2 team votes");
    expect(Object.fromEntries(await discord.app.store.votes.counts(ref()))).toEqual({ [String(paperId)]: 2 });
  });
});
