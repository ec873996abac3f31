import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../adapters/slack/index.ts";
import type { App } from "../../src/app.ts";
import { DEFAULT_REACTION_EMOJI, ReactionService } from "../../src/chat/reactions.ts";
import { createFollowups } from "../../src/followups/create-followups.ts";
import { silentLogger } from "../../src/log.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore } from "../../src/store/store.ts";
import { type BotProcess, startBot } from "../helpers/bot-process.ts";
import { DISCORD_TEST_TOKEN } from "../helpers/discord-harness.ts";
import { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID } from "../helpers/discord-payloads.ts";
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from "../helpers/fake-discord.ts";
import { startFollowupUpstream } from "../helpers/fake-followup-upstream.ts";
import { FAKE_BOT, type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";
import { reactionEvent, SIGNING_SECRET, startSlackHarness, waitFor } from "../helpers/slack-harness.ts";
import { createTestApp } from "../helpers/test-app.ts";

const PAPER = "2606.00467";
const REPO = "https://github.com/example/released-code";
const DAY_MS = 86_400_000;

let upstream: Awaited<ReturnType<typeof startFollowupUpstream>>;
let dir: string;
const bots: BotProcess[] = [];
beforeAll(async () => {
  upstream = await startFollowupUpstream();
  dir = mkdtempSync(join(tmpdir(), "paperboy-followups-restart-"));
});
afterAll(async () => {
  for (const bot of bots) await bot.kill("SIGKILL");
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A store where `channel`'s digest message `parent`, posted four days ago ("day 1") with the paper and no
 * code, was upvoted that day through the reaction path; upstream, the paper has code now ("day 5").
 */
async function upvotedOnDay1(storeUrl: string, channel: ChannelRef, parent: string): Promise<void> {
  const store = createStore(await openStore(storeUrl, { logger: silentLogger }));
  const day1 = new Date(Date.now() - 4 * DAY_MS);
  const paper = (await upstream.sources.daily("2026-06-12")).find((each) => each.id === PAPER);
  if (!paper) throw new Error(`the fixture has no ${PAPER}`);
  await store.papers.upsert([{ ...paper, githubRepo: undefined }]);
  await store.posts.record(channel, {
    paperId: PAPER,
    date: day1.toISOString().slice(0, 10),
    messageId: parent,
    postedAt: day1.toISOString(),
  });
  const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
  const emoji = channel.platform === "slack" ? "+1" : "👍";
  expect(
    await reactions.handle({ channel, messageId: parent, userId: "U7", emoji, added: true, at: day1 }),
  ).toBe("voted");
  await store.backend.close();
  upstream.state.set(PAPER, { version: 1, models: [], githubRepo: REPO });
}

/** The environment of a bot process: a fast sweep, and a claim lease of 2 s so a dead holder's lapses soon. */
const botEnv = (storeUrl: string, platform: Record<string, string>): NodeJS.ProcessEnv => ({
  PAPERBOY_STORE: storeUrl,
  HF_API_URL: upstream.upstream.url,
  ARXIV_API_URL: upstream.upstream.url,
  PAPERBOY_INDEX_FILE: "off",
  PAPERBOY_CLAIM_TTL_SECONDS: "2",
  PAPERBOY_SCHEDULER_SWEEP_SECONDS: "1",
  ...platform,
});

/** Starts `paperboy run`, remembered so the suite kills it if the test does not. */
function bot(env: NodeJS.ProcessEnv): BotProcess {
  const started = startBot(env);
  bots.push(started);
  return started;
}

describe("a bot killed while posting a follow-up, then restarted", () => {
  let slack: FakeSlack | undefined;
  let discord: FakeDiscord | undefined;
  afterEach(async () => {
    for (const each of bots.splice(0)) await each.kill("SIGKILL");
    await slack?.close();
    await discord?.close();
    slack = undefined;
    discord = undefined;
  });

  it("Slack: the follow-up is in the paper's thread exactly once", async () => {
    const fake = await startFakeSlack();
    slack = fake;
    const storeUrl = `sqlite://${join(dir, "slack.sqlite")}`;
    const channel: ChannelRef = { platform: "slack", workspaceId: FAKE_BOT.teamId, channelId: "C1" };
    // The digest message the paper went out in, four days ago.
    const posted = (await (
      await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer xoxb-followups" },
        body: JSON.stringify({ channel: "C1", text: "A paper card" }),
      })
    ).json()) as { ts: string };
    const parent = posted.ts;
    await upvotedOnDay1(storeUrl, channel, parent);
    const threaded = () =>
      fake.callsTo("chat.postMessage").filter((call) => call.body.thread_ts !== undefined);
    const env = botEnv(storeUrl, {
      SLACK_BOT_TOKEN: "xoxb-followups",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });

    // The follow-up lands in the thread, and Slack's answer never comes back: the process dies waiting.
    fake.holdPosts = (body) => body.thread_ts === parent;
    const first = bot(env);
    await waitFor(() => threaded().length === 1, 60_000);
    await first.kill("SIGKILL");
    fake.holdPosts = undefined;

    const second = bot(env);
    await waitFor(() => second.stderr().includes("follow-ups posted"), 60_000);
    // The restarted process found the message in the thread instead of posting it again.
    expect(second.stderr()).toContain("found an earlier attempt's message");
    const replies = threaded();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body.thread_ts).toBe(parent);
    expect(String(replies[0]?.body.text)).toContain(`code is out: ${REPO}`);
    expect(await second.kill("SIGTERM")).toBe(0);

    const store = createStore(await openStore(storeUrl, { logger: silentLogger }));
    try {
      expect(await store.followups.wasSent(channel, PAPER, "code")).toBe(true);
    } finally {
      await store.backend.close();
    }
  }, 120_000);

  it("Discord: the reply to the paper's message exists exactly once", async () => {
    const fake = await startFakeDiscord({ token: DISCORD_TEST_TOKEN });
    discord = fake;
    const storeUrl = `sqlite://${join(dir, "discord.sqlite")}`;
    const channel: ChannelRef = {
      platform: "discord",
      workspaceId: DEFAULT_GUILD_ID,
      channelId: DEFAULT_CHANNEL_ID,
    };
    const created = (await (
      await fetch(`${fake.apiUrl}/v10/channels/${DEFAULT_CHANNEL_ID}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bot ${DISCORD_TEST_TOKEN}` },
        body: JSON.stringify({ content: "A paper card" }),
      })
    ).json()) as { id: string };
    const parent = created.id;
    await upvotedOnDay1(storeUrl, channel, parent);
    const isReply = (request: RecordedRequest) =>
      request.method === "POST" &&
      request.path === `/channels/${DEFAULT_CHANNEL_ID}/messages` &&
      (request.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
        ?.message_id === parent;
    const replies = () =>
      fake
        .messages(DEFAULT_CHANNEL_ID)
        .filter(
          (message) =>
            (message.message_reference as { message_id?: string } | undefined)?.message_id === parent,
        );
    const env = botEnv(storeUrl, { DISCORD_TOKEN: DISCORD_TEST_TOKEN, DISCORD_API_URL: fake.apiUrl });

    fake.holdResponses(isReply);
    const first = bot(env);
    await waitFor(() => replies().length === 1, 60_000);
    await first.kill("SIGKILL");
    fake.holdResponses(null);

    const second = bot(env);
    await waitFor(() => second.stderr().includes("follow-ups posted"), 60_000);
    // The restarted process sent again, with the same enforced nonce: Discord answered the first message.
    const sends = fake.requests.filter(isReply);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    const nonces = new Set(sends.map((request) => (request.body as { nonce?: string }).nonce));
    expect([...nonces]).toHaveLength(1);
    expect(replies()).toHaveLength(1);
    expect(JSON.stringify(replies()[0]?.embeds)).toContain(REPO);
    expect(await second.kill("SIGTERM")).toBe(0);
  }, 120_000);
});

describeWithRedis("two replicas on Redis running the follow-up pass at the same time", (redisUrl) => {
  const prefixes = redisTestPrefixes(redisUrl);
  afterAll(() => prefixes.cleanup());

  it("post one follow-up per paper and kind, in each paper's thread", async () => {
    const DAY_1 = new Date("2026-06-12T09:00:00Z");
    const prefix = prefixes.next();
    // Each replica has its own connection to the shared store, its own app and its own Slack client.
    const replica = (env: NodeJS.ProcessEnv) =>
      createRedisBackend(redisUrl, { prefix }).then((backend) =>
        createTestApp({ env, backend, sources: upstream.sources, now: DAY_1 }),
      );
    const slack = await startSlackHarness({ createApp: replica, env: { PAPERBOY_ADMINS: "U1" } });
    const appB = await replica({
      PAPERBOY_ADMINS: "U1",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.fake.apiUrl,
    });
    const adapterB = createSlackAdapter({
      app: appB,
      logger: silentLogger,
      processBeforeResponse: true,
      botId: FAKE_BOT.botId,
      botUserId: FAKE_BOT.userId,
    });
    await adapterB.start();
    try {
      const apps = [slack.app, appB] as (App & { clock: { now: Date } })[];
      const setClock = (at: Date) => {
        for (const app of apps) app.clock.now = at;
      };
      const channel: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };
      await slack.command("post", { channel: "C1" });
      const messages = await slack.app.store.posts.firstMessages(channel);
      const withoutCode: [string, string][] = [];
      for (const [paperId, messageId] of messages) {
        if (!(await slack.app.store.papers.get(paperId))?.githubRepo) withoutCode.push([paperId, messageId]);
      }
      const [[codePaper, codeMessage], [hubPaper, hubMessage]] = withoutCode as [
        [string, string],
        [string, string],
      ];
      for (const ts of [codeMessage, hubMessage]) {
        expect(
          await slack.event(reactionEvent("reaction_added", { user: "U7", reaction: "+1", ts, at: DAY_1 })),
        ).toBe(200);
      }
      const replicas = [
        createFollowups(slack.app, [slack.adapter], "replica-a"),
        createFollowups(appB, [adapterB], "replica-b"),
      ];
      setClock(new Date(DAY_1.getTime() + 3_600_000));
      await Promise.all(replicas.map((each) => each.runPass()));

      // Day 5: one paper gains code, the other a v2 and a model. Replica A refreshes and starts posting
      // (Slack answers slowly); replica B's pass runs while A's first follow-up is in flight, when the
      // changes are stored and the channel's plan is fixed but not yet in the ledger.
      upstream.state.set(codePaper, { version: 1, models: [], githubRepo: REPO });
      upstream.state.set(hubPaper, { version: 2, models: ["org/model"] });
      setClock(new Date(DAY_1.getTime() + 4 * DAY_MS));
      const threadedCalls = () =>
        slack.fake.callsTo("chat.postMessage").filter((call) => call.body.thread_ts !== undefined);
      slack.fake.postDelayMs = 300;
      const [first, second] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
      const passA = first.runPass();
      await waitFor(() => threadedCalls().length === 1, 10_000);
      const passB = second.runPass();
      const [a, b] = await Promise.all([passA, passB]);
      slack.fake.postDelayMs = 0;
      expect(b.busy).toEqual(["slack:T1:C1"]);
      expect([...a.posts, ...b.posts]).toHaveLength(2);
      // Both again at once: nothing more.
      const again = await Promise.all(replicas.map((each) => each.runPass()));
      expect(again.flatMap((pass) => pass.posts)).toEqual([]);

      const threaded = threadedCalls();
      expect(threaded.map((call) => call.body.thread_ts).sort()).toEqual([codeMessage, hubMessage].sort());
      const textOf = (ts: string) => String(threaded.find((call) => call.body.thread_ts === ts)?.body.text);
      expect(textOf(codeMessage)).toContain(`code is out: ${REPO}`);
      expect(textOf(hubMessage)).toMatch(
        /arXiv v2: .+ · on Hugging Face: model https:\/\/huggingface.co\/org\/model/,
      );
      const sent = await appB.store.followups.sentBetween(channel, "", "~");
      expect(sent.map(({ paperId, kind }) => `${paperId}:${kind}`).sort()).toEqual(
        [`${codePaper}:code`, `${hubPaper}:version`, `${hubPaper}:model`].sort(),
      );
    } finally {
      await adapterB.stop();
      await appB.close();
      await slack.close();
    }
  }, 60_000);
});
