import { afterEach, describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import { renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { buildRecap } from "../../src/recap/build-recap.ts";
import type { FollowUpsOfWeek, Recap, RecapWeek } from "../../src/recap/recap.ts";
import { weekEndingAt } from "../../src/recap/recap-week.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { messagesProblems } from "../helpers/discord-invariants.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { messageProblems } from "../helpers/slack-invariants.ts";
import { createTestApp, fixturePapers } from "../helpers/test-app.ts";

const CHANNEL: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };
const OTHER: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C2" };
const WEEK: RecapWeek = weekEndingAt(new Date("2026-06-15T07:00:00Z"), "Europe/Berlin");
const IN_WEEK = new Date("2026-06-12T09:30:00Z");
const BEFORE = new Date("2026-06-08T06:59:00Z");

let app: App;
afterEach(async () => {
  await app?.close();
});

const user = (userId: string) => ({ platform: CHANNEL.platform, workspaceId: CHANNEL.workspaceId, userId });

function paper(id: string, title: string, keywords: string[] = []): Paper {
  return {
    id,
    title,
    abstract: "",
    authors: [],
    upvotes: 0,
    comments: 0,
    aiKeywords: keywords,
    categories: [],
    sources: ["huggingface"],
    featuredOn: "2026-06-12",
  };
}

async function recapOf(options: { followUps?: FollowUpsOfWeek } = {}, logger = app.logger): Promise<Recap> {
  return buildRecap({ store: app.store, logger, followUps: options.followUps }, CHANNEL, WEEK);
}

describe("what a recap says about the week", () => {
  it("covers Monday 09:00 to Monday 09:00 in the channel's zone", () => {
    expect(WEEK).toEqual({
      since: "2026-06-08T07:00:00.000Z",
      until: "2026-06-15T07:00:00.000Z",
      timezone: "Europe/Berlin",
    });
  });

  it("lists the week's most upvoted papers with their team votes, counting each person once and only this channel", async () => {
    app = await createTestApp();
    const [a, b, c] = fixturePapers() as [Paper, Paper, Paper];
    await app.store.papers.upsert([a, b, c]);
    for (const voter of ["U1", "U2"]) await app.store.votes.add(CHANNEL, b.id, voter, IN_WEEK);
    // Two upvote emoji by one person are one vote.
    await app.store.votes.add(CHANNEL, b.id, "U1", IN_WEEK, "fire", "m1");
    await app.store.votes.add(CHANNEL, a.id, "U3", IN_WEEK);
    // Before the week, in another channel, and a downvote: none of them count.
    await app.store.votes.add(CHANNEL, c.id, "U1", BEFORE);
    await app.store.votes.add(OTHER, c.id, "U1", IN_WEEK);
    for (const voter of ["U4", "U5", "U6"]) await app.store.downvotes.add(CHANNEL, c.id, voter, IN_WEEK);
    const recap = await recapOf();
    expect(recap.upvoted.map((item) => [item.paper.title, item.people])).toEqual([
      [b.title, 2],
      [a.title, 1],
    ]);
    expect(recap.upvoted[0]?.paper.url).toBe(`https://arxiv.org/abs/${b.id}`);
    expect(recap.totals).toMatchObject({ upvotes: 3, upvoters: 3 });
  });

  it("says what was saved and by how many, from saves made in this channel during the week", async () => {
    app = await createTestApp();
    const [a, b] = fixturePapers() as [Paper, Paper];
    await app.store.papers.upsert([a, b]);
    for (const saver of ["U1", "U2", "U3"])
      await app.store.readingLists.save(user(saver), a.id, IN_WEEK, "C1");
    await app.store.readingLists.save(user("U1"), b.id, IN_WEEK, "C1");
    await app.store.readingLists.save(user("U2"), b.id, IN_WEEK, "C2");
    await app.store.readingLists.save(user("U3"), b.id, BEFORE, "C1");
    const recap = await recapOf();
    expect(recap.saved.map((item) => [item.paper.id, item.people])).toEqual([
      [a.id, 3],
      [b.id, 1],
    ]);
    expect(recap.totals.saves).toBe(4);
    const text = renderConsole({ kind: "recap", recap });
    expect(text).toContain(`${a.title} · saved by 3 of you`);
    expect(text).toContain(`${b.title} · saved by one of you`);
  });

  it("names the topics the channel read most, from the papers it reacted to and was posted", async () => {
    app = await createTestApp();
    const agents = [
      paper("2606.90001", "Memory for LLM Agents", ["LLM agents", "memory"]),
      paper("2606.90002", "Planning with LLM Agents", ["LLM agents", "planning"]),
      paper("2606.90003", "Tool-Using LLM Agents at Scale", ["LLM agents"]),
    ];
    const diffusion = [
      paper("2606.90004", "Faster Diffusion Sampling", ["diffusion models"]),
      paper("2606.90005", "Diffusion for Video", ["diffusion models"]),
    ];
    await app.store.papers.upsert([...agents, ...diffusion]);
    await app.store.votes.add(CHANNEL, agents[0]?.id ?? "", "U1", IN_WEEK);
    await app.store.votes.add(CHANNEL, agents[1]?.id ?? "", "U2", IN_WEEK);
    for (const [index, item] of [agents[2], ...diffusion].entries()) {
      await app.store.posts.record(CHANNEL, {
        paperId: item?.id ?? "",
        date: "2026-06-12",
        messageId: `m${index}`,
        postedAt: IN_WEEK.toISOString(),
      });
    }
    await app.store.posts.record(CHANNEL, {
      paperId: "_header",
      date: "2026-06-12",
      messageId: "mh",
      postedAt: IN_WEEK.toISOString(),
    });
    const recap = await recapOf();
    expect(recap.topics[0]).toEqual({ topic: "llm agents", papers: 3 });
    expect(recap.topics).toContainEqual({ topic: "diffusion models", papers: 2 });
    // `agents` and `llm` are part of `llm agents`: not listed again.
    expect(recap.topics.map((topic) => topic.topic)).not.toContain("agents");
    expect(recap.totals.posted).toBe(3);
  });

  it("takes follow-ups of the week from the provider, and leaves them out when it fails", async () => {
    app = await createTestApp();
    const [a] = fixturePapers() as [Paper];
    const followUps: FollowUpsOfWeek = async (channel, week) =>
      channel.channelId === "C1" && week === WEEK
        ? [
            {
              paper: { id: a.id, title: a.title, url: `https://arxiv.org/abs/${a.id}` },
              what: "code released",
              url: "https://github.com/example/evoarena",
              at: IN_WEEK.toISOString(),
            },
          ]
        : [];
    const recap = await recapOf({ followUps });
    expect(recap.followUps.map((item) => item.what)).toEqual(["code released"]);
    const slack = JSON.stringify(renderSlack({ kind: "recap", recap }));
    expect(slack).toContain("🔔 Follow-ups");
    expect(slack).toContain("<https://github.com/example/evoarena|");
    const logs = captureLogs();
    const failing = await recapOf(
      {
        followUps: async () => {
          throw new Error("tracker down");
        },
      },
      logs.logger,
    );
    expect(failing.followUps).toEqual([]);
    expect(
      logs.lines().some((line) => String(line.msg).includes("could not read the week's follow-ups")),
    ).toBe(true);
  });

  it("a quiet week says so in one honest line instead of empty lists", async () => {
    app = await createTestApp();
    const recap = await recapOf();
    const text = renderConsole({ kind: "recap", recap });
    expect(text).toContain("A quiet week: nobody upvoted or saved a paper.");
    expect(text).not.toContain("Most upvoted");
    expect(text).toContain("0 papers posted · no upvotes · no saves");
    const discord = renderDiscord({ kind: "recap", recap });
    expect(discord[0]?.embeds[0]?.description).toContain("A quiet week");
  });
});

describe("rendering a recap", () => {
  const hostile = "<!channel> @everyone <@U123> *bold* [x](https://evil.example) # heading ".repeat(8);
  const big: Recap = {
    week: WEEK,
    upvoted: Array.from({ length: 5 }, (_, index) => ({
      paper: { id: `2606.0000${index}`, title: hostile, url: `https://arxiv.org/abs/2606.0000${index}` },
      people: 12,
    })),
    saved: Array.from({ length: 5 }, (_, index) => ({
      paper: { id: `2606.1000${index}`, title: hostile, url: `https://arxiv.org/abs/2606.1000${index}` },
      people: 3,
    })),
    followUps: Array.from({ length: 8 }, (_, index) => ({
      paper: { id: `2606.2000${index}`, title: hostile, url: `https://arxiv.org/abs/2606.2000${index}` },
      what: hostile,
      url: index % 2 ? `https://github.com/${"a".repeat(400)}/repo` : "javascript:alert(1)",
      at: IN_WEEK.toISOString(),
    })),
    topics: Array.from({ length: 6 }, () => ({ topic: hostile, papers: 4 })),
    totals: { posted: 40, upvotes: 60, upvoters: 12, saves: 15 },
  };
  const reply: Reply = { kind: "recap", recap: big, note: hostile };

  it("stays within Slack's Block Kit limits in one message, with nothing that pings or links elsewhere", () => {
    const messages = renderSlack(reply);
    expect(messages).toHaveLength(1);
    expect(messageProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages)).not.toContain("javascript:");
  });

  it("stays within Discord's embed limits in one message, with nothing that pings or links elsewhere", () => {
    const messages = renderDiscord(reply);
    expect(messages).toHaveLength(1);
    expect(messagesProblems(messages)).toEqual([]);
    expect(JSON.stringify(messages)).not.toContain("javascript:");
  });

  it("renders every section in the console", () => {
    const text = renderConsole(reply);
    for (const heading of ["Most upvoted", "Saved to reading lists", "Follow-ups", "Topics you read most"]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("40 papers posted · 60 upvotes from 12 people · 15 saves");
  });
});
