import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { BACKGROUND_DAYS } from "../../src/digest/digest-service.ts";
import { Paper } from "../../src/papers/paper.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { addDays } from "../../src/time.ts";
import {
  appScheduler,
  createTestApp,
  fakeSources,
  fixturePapers,
  invocation,
  RecordingAdapter,
} from "../helpers/test-app.ts";

/** Two of arXiv's new submissions of 11 June, in the followed categories: nobody has upvoted them yet. */
const listed = [
  Paper.parse({
    id: "2606.20001",
    version: 2,
    title: "State Space Duality for Long Sequences",
    abstract: "We revisit state space duality and show linear-time sequence models that match attention.",
    authors: ["A. Researcher"],
    publishedAt: "2026-06-11T10:00:00Z",
    listedOn: "2026-06-11",
    categories: ["cs.LG"],
    sources: ["arxiv"],
  }),
  Paper.parse({
    id: "2606.20002",
    title: "Zebrafish Heart Regeneration Imaging",
    abstract: "A microscopy pipeline for zebrafish hearts.",
    publishedAt: "2026-06-11T11:00:00Z",
    listedOn: "2026-06-11",
    categories: ["cs.CV"],
    sources: ["arxiv"],
  }),
];
const C1: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };

let app: App & { clock: { now: Date } };
let listings: string[];
afterEach(async () => app?.close());

async function appWithListing() {
  listings = [];
  const base = fakeSources({ "2026-06-12": fixturePapers() });
  app = await createTestApp({
    now: new Date("2026-06-12T06:00:00Z"),
    sources: {
      ...base,
      arxivDay: async (date) => {
        listings.push(date);
        return { papers: date === "2026-06-11" ? listed : [], gaps: [] };
      },
    },
  });
}
const follow = (topic: string, channelId = "C1") =>
  app.handle(invocation(`/papers follow ${topic}`, { isAdmin: true, channelId }));
const digestOf = (reply: Reply) => {
  expect(reply.kind).toBe("digest");
  return (reply as Extract<Reply, { kind: "digest" }>).digest;
};

describe("arXiv's new submissions in the digest", () => {
  it("enter a channel's digest on a follow, saying they are new on arXiv; never on popularity", async () => {
    await appWithListing();
    await follow("state space duality");
    await app.catalog.warmArxivListing("2026-06-11");

    const followed = digestOf(await app.handle(invocation("/papers today")));
    const item = followed.items.find((entry) => entry.paper.id === "2606.20001");
    expect(item?.why).toMatch(/^matches “state space duality” \(followed\) · new on arXiv/);
    expect(item?.paper.version).toBe(2);
    expect(followed.items.some((entry) => entry.paper.id === "2606.20002")).toBe(false);

    const other = digestOf(await app.handle(invocation("/papers today", { channelId: "C2" })));
    expect(other.items.some((entry) => entry.paper.sources.join() === "arxiv")).toBe(false);
    expect(other.items).toHaveLength(5);
  });

  it("are fetched once for every channel, ahead of the scheduled time, and a scheduled digest includes them", async () => {
    await appWithListing();
    await follow("state space duality");
    await follow("state space duality", "C2");
    for (const channelId of ["C1", "C2"]) {
      await app.store.channels.update(
        { ...C1, channelId },
        (settings) => ({
          ...settings,
          schedule: { time: "09:00", timezone: "Europe/Berlin", days: "daily" },
        }),
        { by: "U_ADMIN", at: app.now() },
      );
    }
    const adapter = new RecordingAdapter();
    const scheduler = appScheduler(app, [adapter]);
    try {
      await scheduler.sweep("sweep");
      app.clock.now = new Date("2026-06-12T07:00:00Z");
      expect((await scheduler.sweep("sweep")).posted.sort()).toEqual(["console:W1:C1", "console:W1:C2"]);
    } finally {
      await scheduler.stop();
    }
    expect(listings).toEqual(["2026-06-11"]);
    const posted = adapter.posts.flatMap((post) =>
      post.reply.kind === "paper" ? [post.reply.entry.paper.id] : [],
    );
    expect(posted.filter((id) => id === "2606.20001")).toHaveLength(2);
  });

  it("are not fetched before arXiv announces them", async () => {
    await appWithListing();
    app.clock.now = new Date("2026-06-12T01:00:00Z");
    await app.catalog.warmArxivListing("2026-06-11");
    expect(listings).toEqual([]);
    app.clock.now = new Date("2026-06-12T02:30:00Z");
    await app.catalog.warmArxivListing("2026-06-11");
    expect(listings).toEqual(["2026-06-11"]);
  });
});

describe("the taste's word statistics", () => {
  it("are read once per date, not each time the date's ranking is rebuilt", async () => {
    await appWithListing();
    await app.store.votes.add(C1, "2606.13392", "U1", new Date("2026-06-11T12:00:00Z"));
    const papers = app.store.papers;
    let reads = 0;
    const featuredBetween = papers.featuredBetween.bind(papers);
    // The statistics' read spans the 30 days before the date; a quiet day's week read spans 7.
    papers.featuredBetween = (from, to) => {
      if (addDays(to, 1 - BACKGROUND_DAYS) === from) reads += 1;
      return featuredBetween(from, to);
    };
    app.clock.now = new Date("2026-06-12T09:00:00Z");
    await app.digests.forChannel(C1, "2026-06-12");
    app.clock.now = new Date("2026-06-12T09:05:00Z");
    await app.digests.forChannel(C1, "2026-06-12");
    expect(reads).toBe(1);
    await app.digests.forChannel(C1, "2026-06-13");
    expect(reads).toBe(2);
  });
});
