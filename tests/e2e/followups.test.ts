import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { ChatAdapter, PostOptions } from "../../src/chat/adapter.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { createFollowups } from "../../src/followups/create-followups.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { CHANNEL_ADMIN, startDiscordHarness } from "../helpers/discord-harness.ts";
import { refreshRequests, startFollowupUpstream } from "../helpers/fake-followup-upstream.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { reactionEvent, startSlackHarness } from "../helpers/slack-harness.ts";
import { createTestApp } from "../helpers/test-app.ts";

const DAY_1 = new Date("2026-06-12T09:00:00Z");
const DAY_5 = new Date("2026-06-16T09:00:00Z");
const DAY_6 = new Date("2026-06-17T09:00:00Z");
const REPO = "https://github.com/example/released-code";

let upstream: Awaited<ReturnType<typeof startFollowupUpstream>>;
beforeEach(async () => {
  upstream = await startFollowupUpstream();
});
afterEach(async () => upstream.close());

/** The first paper of the channel's digest that had no code when it was posted, and its message. */
async function postedWithoutCode(
  app: App,
  channel: ChannelRef,
): Promise<{ paperId: string; messageId: string }> {
  const messages = await app.store.posts.firstMessages(channel);
  for (const [paperId, messageId] of messages) {
    if (!(await app.store.papers.get(paperId))?.githubRepo) return { paperId, messageId };
  }
  throw new Error("every posted paper had code");
}

describe("follow-ups on Slack: a paper upvoted on day 1 gains code on day 5", () => {
  it("replies once in the paper's thread, across passes, days and a restart; 👍 and 🔖 on the reply count", async () => {
    const slack = await startSlackHarness({
      sources: upstream.sources,
      now: DAY_1,
      env: { PAPERBOY_ADMINS: "U1" },
    });
    try {
      const channel = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
      await slack.command("post", { channel: "C1" });
      const { paperId, messageId } = await postedWithoutCode(slack.app, channel);
      expect(
        await slack.event(
          reactionEvent("reaction_added", { user: "U7", reaction: "+1", ts: messageId, at: DAY_1 }),
        ),
      ).toBe(200);

      const clock = (slack.app as App & { clock: { now: Date } }).clock;
      clock.now = new Date(DAY_1.getTime() + 3_600_000);
      const followups = createFollowups(slack.app, [slack.adapter], "replica-a");
      expect((await followups.runPass()).posts).toEqual([]);

      upstream.state.set(paperId, { version: 1, models: [], githubRepo: REPO });
      clock.now = DAY_5;
      const posted = await followups.runPass();
      expect(posted.posts).toHaveLength(1);
      const threaded = slack.fake
        .callsTo("chat.postMessage")
        .filter((call) => call.body.thread_ts !== undefined);
      expect(threaded).toHaveLength(1);
      expect(threaded[0]?.body.thread_ts).toBe(messageId);
      expect(String(threaded[0]?.body.text)).toContain(`code is out: ${REPO}`);

      // The follow-up is about one paper: a 👍 and a 🔖 on it count for that paper.
      const followupTs = String(threaded[0]?.response?.ts);
      await slack.event(
        reactionEvent("reaction_added", { user: "U8", reaction: "+1", ts: followupTs, at: DAY_5 }),
      );
      await slack.event(
        reactionEvent("reaction_added", { user: "U9", reaction: "bookmark", ts: followupTs, at: DAY_5 }),
      );
      expect((await slack.app.store.votes.counts(channel)).get(paperId)).toBe(2);
      const saved = await slack.app.store.readingLists.list({ ...channel, userId: "U9" });
      expect(saved.map((entry) => entry.paperId)).toEqual([paperId]);

      // Later passes the same day, the next day, and a freshly started process: nothing again.
      clock.now = new Date(DAY_5.getTime() + 6 * 3_600_000);
      expect((await followups.runPass()).posts).toEqual([]);
      clock.now = DAY_6;
      expect((await createFollowups(slack.app, [slack.adapter], "replica-b").runPass()).posts).toEqual([]);
      expect(
        slack.fake.callsTo("chat.postMessage").filter((call) => call.body.thread_ts !== undefined),
      ).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });
});

describe("follow-ups on Discord", () => {
  it("replies once to the paper's message with a message reference; a 👍 on the reply counts", async () => {
    const discord = await startDiscordHarness({ sources: upstream.sources, now: DAY_1 });
    try {
      const channel = {
        platform: "discord",
        workspaceId: discord.guildId,
        channelId: discord.channelId,
      } as const;
      await discord.command("post", {}, CHANNEL_ADMIN);
      const { paperId, messageId } = await postedWithoutCode(discord.app, channel);
      await discord.react("700000000000000007", messageId, "👍");
      const followups = createFollowups(discord.app, [discord.adapter], "replica-a");
      discord.app.clock.now = new Date(DAY_1.getTime() + 3_600_000);
      await followups.runPass();

      upstream.state.set(paperId, { version: 1, models: ["example/released-model"], githubRepo: REPO });
      discord.app.clock.now = DAY_5;
      await followups.runPass();
      await followups.runPass();
      const replies = discord.fake
        .messages(discord.channelId)
        .filter((message) => message.message_reference !== undefined);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.type).toBe(19);
      expect(replies[0]?.message_reference).toMatchObject({ message_id: messageId });
      const shown = JSON.stringify(replies[0]?.embeds);
      expect(shown).toContain(REPO);
      expect(shown).toContain("model https://huggingface.co/example/released-model");

      // The follow-up is about one paper: a 👍 on it counts for that paper.
      await discord.react("700000000000000008", String(replies[0]?.id), "👍");
      expect((await discord.app.store.votes.counts(channel)).get(paperId)).toBe(2);
    } finally {
      await discord.close();
    }
  });
});

describe("follow-ups on Discord for a threaded digest", () => {
  it("go into the digest's thread, once, not into the channel", async () => {
    const discord = await startDiscordHarness({ sources: upstream.sources, now: DAY_1 });
    try {
      const channel = {
        platform: "discord",
        workspaceId: discord.guildId,
        channelId: discord.channelId,
      } as const;
      await discord.command("layout", { style: "thread" }, CHANNEL_ADMIN);
      await discord.command("post", {}, CHANNEL_ADMIN);
      const { paperId, messageId: headerId } = await postedWithoutCode(discord.app, channel);
      const posts = await discord.app.store.posts.since(channel, "2000-01-01");
      const paperMessage = posts.find((post) => post.paperId === paperId)?.messageId ?? "";
      expect(discord.fake.message(paperMessage)?.channel_id).toBe(headerId);
      await discord.react("700000000000000007", paperMessage, "👍");
      const followups = createFollowups(discord.app, [discord.adapter], "replica-a");
      discord.app.clock.now = new Date(DAY_1.getTime() + 3_600_000);
      await followups.runPass();

      upstream.state.set(paperId, { version: 1, models: [], githubRepo: REPO });
      discord.app.clock.now = DAY_5;
      await followups.runPass();
      await followups.runPass();
      expect(discord.fake.messages(discord.channelId)).toHaveLength(1);
      const inThread = discord.fake.messages(headerId);
      expect(inThread).toHaveLength(6);
      expect(JSON.stringify(inThread.at(-1)?.embeds)).toContain(REPO);
      expect(discord.fake.threads()).toHaveLength(1);
    } finally {
      await discord.close();
    }
  });
});

/** A platform that records posts and threaded replies. */
class ThreadRecorder implements ChatAdapter {
  readonly platform = "console" as const;
  readonly sent: { parent?: string; reply: Reply; options?: PostOptions }[] = [];
  async start() {}
  async stop() {}
  async post(_channel: ChannelRef, reply: Reply, options?: PostOptions) {
    this.sent.push({ reply, options });
    return { messageId: `m${this.sent.length}` };
  }
  async replyInThread(_channel: ChannelRef, parent: string, reply: Reply, options?: PostOptions) {
    this.sent.push({ parent, reply, options });
    return { messageId: `m${this.sent.length}` };
  }
}

const CONSOLE: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };

/** A test app whose channel upvoted `ids` on day 1, each posted in message `post-<id>`. */
async function appWithUpvotes(
  ids: readonly string[],
  env: NodeJS.ProcessEnv = {},
  logger?: ReturnType<typeof captureLogs>["logger"],
) {
  const app = await createTestApp({ sources: upstream.sources, now: DAY_1, env, logger });
  await app.catalog.forDate("2026-06-12");
  for (const id of ids) {
    await app.store.posts.record(CONSOLE, {
      paperId: id,
      date: "2026-06-12",
      messageId: `post-${id}`,
      postedAt: DAY_1.toISOString(),
    });
    await app.store.votes.add(CONSOLE, id, "U1", DAY_1, "+1", `post-${id}`);
  }
  return app;
}

describe("follow-ups from arXiv, the alerts switch and the budget", () => {
  it("a v2 in arXiv's id_list answer gives one follow-up in the paper's thread", async () => {
    const app = await appWithUpvotes(["2606.00467"]);
    try {
      const adapter = new ThreadRecorder();
      const followups = createFollowups(app, [adapter], "test");
      await followups.runPass();
      upstream.state.set("2606.00467", { version: 2, models: [] });
      app.clock.now = new Date(DAY_1.getTime() + 25 * 3_600_000);
      await followups.runPass();
      app.clock.now = new Date(DAY_1.getTime() + 50 * 3_600_000);
      await followups.runPass();
      expect(adapter.sent).toHaveLength(1);
      expect(adapter.sent[0]?.parent).toBe("post-2606.00467");
      expect(adapter.sent[0]?.reply).toMatchObject({
        kind: "message",
        text: expect.stringContaining("arXiv v2: https://arxiv.org/abs/2606.00467v2"),
      });
    } finally {
      await app.close();
    }
  });

  it("with alerts off, nothing is posted; turned on again, the news goes out", async () => {
    const app = await appWithUpvotes(["2606.00467"]);
    try {
      const adapter = new ThreadRecorder();
      const followups = createFollowups(app, [adapter], "test");
      const console = {
        platform: "console" as const,
        workspaceId: "W1",
        channelId: "C1",
        userId: "U1",
        isAdmin: true,
      };
      expect(await app.handle({ ...console, command: "alerts", text: "off" })).toMatchObject({
        tone: "success",
      });
      await followups.runPass();
      upstream.state.set("2606.00467", { version: 1, models: [], githubRepo: REPO });
      app.clock.now = DAY_5;
      await followups.runPass();
      expect(adapter.sent).toEqual([]);
      expect(await app.handle({ ...console, isAdmin: false, command: "alerts", text: "on" })).toMatchObject({
        tone: "warning",
      });
      await app.handle({ ...console, command: "alerts", text: "on" });
      await followups.runPass();
      expect(adapter.sent).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it("spends at most the daily budget, reads each paper once for all channels, and says what it deferred", async () => {
    const ids = (await upstream.sources.daily("2026-06-12")).map((paper) => paper.id);
    expect(ids.length).toBe(30);
    const logs = captureLogs();
    const app = await appWithUpvotes(ids, { PAPERBOY_FOLLOWUP_DAILY_REQUESTS: "41" }, logs.logger);
    try {
      // A second channel tracking the same papers costs no request more.
      const other = { ...CONSOLE, channelId: "C2" };
      for (const id of ids) await app.store.votes.add(other, id, "U2", DAY_1, "+1");
      const before = upstream.upstream.requests.length;
      const followups = createFollowups(app, [new ThreadRecorder()], "test");
      const first = await followups.runPass();
      expect(first.refresh?.refreshed).toHaveLength(20);
      expect(first.refresh?.deferred).toHaveLength(10);
      await followups.runPass();
      const spent = upstream.upstream.requests.slice(before);
      expect(spent.length).toBeLessThanOrEqual(41);
      expect(refreshRequests(upstream.upstream)).toEqual({ huggingface: 40, arxiv: 1 });
      const budgetLines = logs.lines().filter((line) => String(line.msg).includes("over its daily budget"));
      expect(budgetLines).toHaveLength(1);
      expect(String(budgetLines[0]?.msg)).toContain("10 tracked papers deferred to tomorrow");
      // The next UTC day, the deferred papers are read first.
      app.clock.now = new Date(DAY_1.getTime() + 24 * 3_600_000);
      const next = await followups.runPass();
      expect(next.refresh?.refreshed.slice(0, 10).sort()).toEqual(
        [...(first.refresh?.deferred ?? [])].sort(),
      );
    } finally {
      await app.close();
    }
  });
});

describe("two replicas on one store", () => {
  it("post each follow-up once when their passes run at the same time", async () => {
    const app = await appWithUpvotes(["2606.00467", "2606.13594"]);
    try {
      const [a, b] = [new ThreadRecorder(), new ThreadRecorder()];
      const replicas = [createFollowups(app, [a], "replica-a"), createFollowups(app, [b], "replica-b")];
      await Promise.all(replicas.map((replica) => replica.runPass()));
      upstream.state.set("2606.00467", { version: 2, models: [], githubRepo: REPO });
      upstream.state.set("2606.13594", { version: 1, models: ["org/model"] });
      app.clock.now = DAY_5;
      await Promise.all(replicas.map((replica) => replica.runPass()));
      await Promise.all(replicas.map((replica) => replica.runPass()));
      const sent = [...a.sent, ...b.sent];
      expect(sent.map((item) => item.parent).sort()).toEqual(["post-2606.00467", "post-2606.13594"]);
      const texts = sent.map((item) => (item.reply as { text: string }).text).sort();
      expect(texts[0]).toMatch(/code is out: .+ · arXiv v2: /);
      expect(texts[1]).toContain("on Hugging Face: model https://huggingface.co/org/model");
    } finally {
      await app.close();
    }
  });
});
