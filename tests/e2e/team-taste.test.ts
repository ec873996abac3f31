import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordedDays, recordedItems } from "../../bench/hf-days.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { runCli } from "../helpers/cli.ts";
import { CHANNEL_ADMIN, startDiscordHarness } from "../helpers/discord-harness.ts";
import { type FakeUpstream, json, startFakeUpstream, status } from "../helpers/fake-upstream.ts";
import { reactionEvent, startSlackHarness } from "../helpers/slack-harness.ts";
import { fakeSources } from "../helpers/test-app.ts";

/** Two real consecutive days: the team reads the first, and the second is "tomorrow". */
const TODAY = "2025-10-13";
const TOMORROW = "2025-10-14";
/** The team works on visual generation: these words in a title or Hugging Face keywords mark its papers. */
const TEAM_TOPIC = /diffusion|text-to-image|image generation|video generation|image editing/;
const onTopic = (paper: Pick<Paper, "title" | "aiKeywords">) =>
  TEAM_TOPIC.test(`${paper.title} | ${paper.aiKeywords.join(" | ")}`.toLowerCase());

const days = recordedDays();
const todays = days.find((day) => day.date === TODAY)?.papers ?? [];
const tomorrows = days.find((day) => day.date === TOMORROW)?.papers ?? [];
const tomorrowItems = recordedItems().find((day) => day.date === TOMORROW)?.items ?? [];
const byId = new Map(tomorrows.map((paper) => [paper.id, paper]));

let hf: FakeUpstream;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "paperboy-taste-"));
  hf = await startFakeUpstream({
    "/api/daily_papers": (request, response, call) =>
      json(request.query.date === TOMORROW ? tomorrowItems : [])(request, response, call),
    "/api/papers/search": status(503),
  });
});
afterAll(async () => {
  await hf?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface JsonDigest {
  items: { id: string; why: string }[];
}

/** `paperboy digest --date <tomorrow> --format json`, for a channel or none, on the shared store file. */
async function digestTomorrow(store: string, channel?: string): Promise<JsonDigest> {
  const args = ["digest", "--date", TOMORROW, "--format", "json", ...(channel ? ["--channel", channel] : [])];
  const result = await runCli(args, {
    env: { PAPERBOY_STORE: store, HF_API_URL: hf.url, ARXIV_API_URL: hf.url, PAPERBOY_TIMEZONE: "UTC" },
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JsonDigest;
}

/** What tomorrow's digests show: the team's channel puts its topic first, an untouched channel gets trending. */
async function expectTeamTopicFirst(store: string, team: ChannelRef, untouched: ChannelRef) {
  const trending = await digestTomorrow(store);
  const topicIn = (digest: JsonDigest) =>
    digest.items.filter((item) => onTopic(byId.get(item.id) ?? { title: "", aiKeywords: [] })).length;
  expect(topicIn(trending), "trending alone carries at most one of the team's papers").toBeLessThanOrEqual(1);

  const ours = await digestTomorrow(store, `${team.platform}:${team.workspaceId}:${team.channelId}`);
  const first = byId.get(ours.items[0]?.id ?? "");
  expect(first && onTopic(first), `first item ${first?.title}`).toBe(true);
  expect(ours.items[0]?.why).toMatch(/^like “.+” that 3 of you upvoted · \d+ upvotes on Hugging Face/);
  expect(topicIn(ours)).toBeGreaterThanOrEqual(3);
  expect(
    ours.items.map((item) => item.id),
    "the day's top trending paper keeps its slot",
  ).toContain(trending.items[0]?.id);

  const other = await digestTomorrow(
    store,
    `${untouched.platform}:${untouched.workspaceId}:${untouched.channelId}`,
  );
  expect(other.items.map((item) => item.id)).toEqual(trending.items.map((item) => item.id));
  expect(other.items.map((item) => item.why)).toEqual(trending.items.map((item) => item.why));
}

describe("a team's reactions rank its next digest (real data, real CLI, shared SQLite store)", () => {
  it("through Slack: 👍 on the team's topic and 👎 on the rest put that topic first tomorrow", async () => {
    const store = `sqlite://${join(dir, "slack.sqlite")}`;
    const slack = await startSlackHarness({
      createApp: async (env) => {
        const { createTestApp } = await import("../helpers/test-app.ts");
        return createTestApp({
          env,
          now: new Date(`${TODAY}T09:00:00Z`),
          backend: await openStore(store),
          sources: fakeSources({ [TODAY]: todays }),
        });
      },
    });
    const channel: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };
    try {
      slack.fake.users.set("U_ADMIN", { is_admin: true });
      const posted = await slack.command("post", { user: "U_ADMIN" });
      expect(JSON.stringify(posted.responses)).toContain("Posted today's digest");
      const posts = (await slack.app.store.posts.since(channel, TODAY)).filter(
        (post) => !post.paperId.startsWith("_"),
      );
      const papers = await slack.app.store.papers.getMany(posts.map((post) => post.paperId));
      const liked = papers.filter(onTopic).map((paper) => paper.id);
      expect(liked.length).toBeGreaterThanOrEqual(2);
      const at = new Date(`${TODAY}T09:30:00Z`);
      for (const post of posts) {
        const reactions = liked.includes(post.paperId)
          ? ["UA", "UB", "UC"].map((user) => ({ user, reaction: "+1" }))
          : [{ user: "UD", reaction: "-1" }];
        for (const { user, reaction } of reactions) {
          await slack.event(reactionEvent("reaction_added", { user, reaction, ts: post.messageId, at }));
        }
      }
      expect((await slack.app.store.downvotes.counts(channel)).size).toBe(posts.length - liked.length);
    } finally {
      await slack.close();
    }
    await expectTeamTopicFirst(store, channel, { platform: "slack", workspaceId: "T2", channelId: "C1" });
  });

  it("through Discord: the same reactions with 👍 and 👎 do the same", async () => {
    const store = `sqlite://${join(dir, "discord.sqlite")}`;
    const discord = await startDiscordHarness({
      now: new Date(`${TODAY}T09:00:00Z`),
      backend: await openStore(store),
      sources: fakeSources({ [TODAY]: todays }),
    });
    const channel: ChannelRef = {
      platform: "discord",
      workspaceId: discord.guildId,
      channelId: discord.channelId,
    };
    try {
      const posted = await discord.command("post", {}, CHANNEL_ADMIN);
      expect(posted.text).toContain("Posted today's digest");
      const posts = (await discord.app.store.posts.since(channel, TODAY)).filter(
        (post) => !post.paperId.startsWith("_"),
      );
      const papers = await discord.app.store.papers.getMany(posts.map((post) => post.paperId));
      const liked = papers.filter(onTopic).map((paper) => paper.id);
      discord.app.clock.now = new Date(`${TODAY}T09:30:00Z`);
      for (const post of posts) {
        if (liked.includes(post.paperId)) {
          for (const user of ["700000000000000001", "700000000000000002", "700000000000000003"]) {
            await discord.react(user, post.messageId, "👍");
          }
        } else await discord.react("700000000000000004", post.messageId, "👎");
      }
      expect((await discord.app.store.votes.counts(channel)).size).toBe(liked.length);
    } finally {
      await discord.close();
    }
    await expectTeamTopicFirst(store, channel, {
      platform: "discord",
      workspaceId: "100000000000000999",
      channelId: discord.channelId,
    });
  });
});

describe("paperboy digest --channel", () => {
  it.each(["slack:T1", "teams:T1:C1", "slack::C1", "slack:T1:C1:extra"])(
    "refuses %s with a one-line reason and a non-zero exit",
    async (channel) => {
      const result = await runCli(["digest", "--channel", channel, "--format", "json"], {
        env: { PAPERBOY_STORE: "memory://", HF_API_URL: hf.url, ARXIV_API_URL: hf.url },
      });
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain("expected platform:workspace:channel");
    },
  );
});
