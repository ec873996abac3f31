import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import {
  BOT_PERMISSIONS,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  Permission,
} from "../helpers/discord-payloads.ts";
import { discordError, type FakeMessage } from "../helpers/fake-discord.ts";
import { captureLogs } from "../helpers/log-capture.ts";

const USERS = ["710000000000000001", "710000000000000002", "710000000000000003"];
const REPLY = 19;
const THREAD_ALREADY_CREATED = 160004;
const referenced = (message: FakeMessage) =>
  (message.message_reference as { message_id?: string } | undefined)?.message_id;
const isCreate = (method: string, path: string) => method === "POST" && /\/messages$/.test(path);
const isThreadStart = (method: string, path: string) => method === "POST" && /\/threads$/.test(path);

describe("a threaded digest through discord.js", () => {
  let discord: DiscordHarness;
  let papers: FakeMessage[];

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

  it("posts the header in the channel and each paper once in a thread started from it, across failures and restarts", async () => {
    // The thread is started but its answer is lost, each time discord.js asks: the header is out, unrecorded.
    let losing = true;
    discord.fake.loseAnswerNext(
      (request) => losing && isThreadStart(request.method, request.path),
      discordError(500, 0, "500: Internal Server Error"),
      100,
    );
    const lostAnswer = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(lostAnswer.text).not.toContain("Posted today's digest");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(1);
    expect(discord.fake.threads()).toHaveLength(1);
    losing = false;

    // A new process sends the header again (its nonce returns the same message) and starts its thread
    // again: Discord refuses a second thread (160004), whose id is the header's. Discord then refuses the
    // third message (the second paper): the delivery stops there.
    await discord.restart();
    discord.fake.clearRequests();
    let creates = 0;
    discord.fake.failNext(
      (request) => isCreate(request.method, request.path) && ++creates === 3,
      discordError(400, 50035, "Invalid Form Body"),
    );
    const failed = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(failed.text).not.toContain("Posted today's digest");
    const starts = discord.fake.requests.filter((request) => isThreadStart(request.method, request.path));
    expect(starts.map((request) => [request.status, (request.response as { code?: number }).code])).toEqual([
      [400, THREAD_ALREADY_CREATED],
    ]);
    const [thread] = discord.fake.threads();
    expect(discord.fake.messages(discord.channelId)).toHaveLength(1);
    expect(discord.fake.messages(thread?.id ?? "")).toHaveLength(1);

    // Another process resumes in the same thread (Discord lists it in GUILD_CREATE) and starts none.
    await discord.restart();
    discord.fake.clearRequests();
    const resumed = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(resumed.text).toMatch(/Posted today's digest: 5 papers \\*\(2 already here, skipped/);
    expect(discord.fake.requests.filter((request) => isThreadStart(request.method, request.path))).toEqual(
      [],
    );

    const inChannel = discord.fake.messages(discord.channelId);
    expect(inChannel).toHaveLength(1);
    const [header] = inChannel;
    expect(JSON.stringify(header?.embeds)).toContain("in this message's thread");
    expect(discord.fake.threads()).toEqual([
      {
        id: header?.id,
        parentId: discord.channelId,
        name: expect.stringMatching(/^Top papers · \w{3} \d{1,2} \w{3} \d{4}$/),
        autoArchive: 1440,
      },
    ]);
    papers = discord.fake.messages(header?.id ?? "");
    expect(papers).toHaveLength(5);
    expect(papers.map((message) => [message.type, referenced(message)])).toEqual(
      papers.map(() => [0, undefined]),
    );
    for (const paper of papers) {
      expect((await discord.app.store.posts.papersForMessage(ref(), paper.id)).length).toBe(1);
    }

    await discord.restart();
    const again = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(again.text).toContain("already in this channel");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(1);
    expect(discord.fake.messages(header?.id ?? "")).toHaveLength(5);
    expect(discord.fake.threads()).toHaveLength(1);
  });

  it("counts 👍 on a paper in the thread (uncached after the restart) for the channel in /papers top", async () => {
    const [header] = discord.fake.messages(discord.channelId);
    const paper = papers[1];
    // The reaction events carry the thread's id as their channel, as Discord's do.
    expect(paper?.channel_id).toBe(header?.id);
    const [paperId] = await discord.app.store.posts.papersForMessage(ref(), paper?.id ?? "");
    await discord.react(USERS[0] ?? "", paper?.id ?? "", "👍");
    await discord.react(USERS[1] ?? "", paper?.id ?? "", "🔥");
    await discord.react(USERS[2] ?? "", header?.id ?? "", "👍");
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain(String(paperId));
    expect(top.text).toContain("2 team votes");
    expect(Object.fromEntries(await discord.app.store.votes.counts(ref()))).toEqual({ [String(paperId)]: 2 });
  });

  it("catches up on a 👍 made in the thread while the bot was stopped", async () => {
    const paper = papers[2];
    const [paperId] = await discord.app.store.posts.papersForMessage(ref(), paper?.id ?? "");
    await discord.restart(() => discord.fake.setReaction(paper?.id ?? "", "👍", USERS[0] ?? ""));
    expect(Object.fromEntries(await discord.app.store.votes.counts(ref()))).toMatchObject({
      [String(paperId)]: 1,
    });
  });
});

describe("a threaded digest where the bot may not use threads", () => {
  it.each([
    ["Create Public Threads", Permission.CreatePublicThreads, [403]],
    ["Send Messages in Threads", Permission.SendMessagesInThreads, []],
  ])(
    "without %s, posts the papers as replies to the header in the channel and says so once",
    async (name, permission, starts) => {
      const logs = captureLogs();
      const discord = await startDiscordHarness({
        logger: logs.logger,
        guilds: [
          {
            id: DEFAULT_GUILD_ID,
            name: "Paper Club",
            channels: [{ id: DEFAULT_CHANNEL_ID, name: "general" }],
            botPermissions: BOT_PERMISSIONS & ~permission,
          },
        ],
      });
      try {
        await discord.command("layout", { style: "thread" }, CHANNEL_ADMIN);
        const posted = await discord.command("post", {}, CHANNEL_ADMIN);
        expect(posted.text).toMatch(/Posted today's digest: 5 papers/);
        const [header, ...replies] = discord.fake.messages(discord.channelId);
        expect(replies.map((message) => [message.type, referenced(message)])).toEqual(
          Array.from({ length: 5 }, () => [REPLY, header?.id]),
        );
        expect(discord.fake.messages(header?.id ?? "")).toEqual([]);
        const threadStarts = discord.fake.requests.filter((request) =>
          isThreadStart(request.method, request.path),
        );
        expect(threadStarts.map((request) => request.status)).toEqual(starts);
        const warnings = logs.lines().filter((line) => String(line.msg).includes(name));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.msg).toContain("posting the digest's papers as replies in the channel");
        for (const reply of replies) {
          const channel = {
            platform: "discord",
            workspaceId: DEFAULT_GUILD_ID,
            channelId: DEFAULT_CHANNEL_ID,
          } as const;
          expect(await discord.app.store.posts.papersForMessage(channel, reply.id)).toHaveLength(1);
        }
      } finally {
        await discord.close();
      }
    },
  );
});
