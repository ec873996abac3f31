import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import { renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import { commands } from "../../commands/index.ts";
import { type Reply, shownPapers } from "../../src/chat/reply.ts";
import { sharedPosts } from "../../src/chat/share.ts";
import { buildDigest } from "../../src/digest/build-digest.ts";
import { sampleDigest } from "../../src/digest/sample-digest.ts";
import { followupText } from "../../src/followups/message.ts";
import { risingText } from "../../src/rising/rising-message.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { FOLLOWUP_LEDGER_PREFIX, RISING_LEDGER_PREFIX } from "../../src/store/post-repository.ts";
import { createStore } from "../../src/store/store.ts";
import { fixturePapers } from "../helpers/test-app.ts";

/**
 * Issue 16's rule, per Reply kind and on every surface: a message invites reactions on itself ("React 👍
 * to upvote", "React with a paper's number") only when it is posted votable and shows papers its poster
 * records (`shownPapers`), so a 👍 on it is never ignored; a card or compact digest posted votable does
 * invite them; nothing rendered as an answer (not votable) does.
 */

const INVITES = /React 👍 to upvote|React with a paper's number/;
const papers = fixturePapers();
const digest = buildDigest(papers, [], {
  date: "2026-06-12",
  timezone: "UTC",
  now: new Date("2026-06-12T09:00:00Z"),
  followedTopics: [],
  mutedWords: [],
  recentlyPosted: new Set(),
});
const first = digest.items[0]!;
const entry = { paper: first.paper, tldr: first.tldr, why: first.why };
const quietWeek = {
  week: { since: "2026-06-08T07:00:00.000Z", until: "2026-06-15T07:00:00.000Z", timezone: "UTC" },
  upvoted: [],
  saved: [],
  followUps: [],
  topics: [],
  totals: { posted: 5, upvotes: 0, upvoters: 0, saves: 0 },
};
const climb = { gained: 42, spanMs: 3 * 3_600_000, upvotes: 57, perHour: 14 };

/** One reply of every kind a channel can be sent, plus the answers that never are. */
const cases: { name: string; reply: Reply }[] = [
  { name: "digest paper card", reply: { kind: "paper", entry, rank: 1 } },
  { name: "compact digest", reply: { kind: "digest", digest } },
  { name: "digest header", reply: { kind: "header", digest } },
  { name: "threaded digest header", reply: { kind: "header", digest, threaded: true } },
  { name: "empty digest header", reply: { kind: "header", digest: { ...digest, items: [] } } },
  { name: "share lead", reply: sharedPosts({ kind: "digest", digest })!.lead! },
  {
    name: "rising heads-up",
    reply: {
      kind: "message",
      tone: "info",
      text: risingText(first.paper, climb, ["matches “agents” (followed)"]),
      paperId: first.paper.id,
    },
  },
  {
    name: "follow-up",
    reply: {
      kind: "message",
      tone: "info",
      text: followupText(first.paper.id, first.paper.title, [
        {
          paperId: first.paper.id,
          kind: "code",
          detail: ["https://github.com/o/r"],
          detectedAt: "2026-06-16",
        },
      ]),
      paperId: first.paper.id,
    },
  },
  {
    name: "channel unavailable notice",
    reply: { kind: "message", tone: "warning", text: "I can no longer post in channel C1 (not_in_channel)." },
  },
  { name: "weekly recap (quiet week)", reply: { kind: "recap", recap: quietWeek } },
  { name: "papers list", reply: { kind: "papers", title: "Top this week", entries: [entry], empty: "" } },
  {
    name: "settings",
    reply: {
      kind: "settings",
      settings: {
        platform: "slack",
        workspaceId: "T1",
        channelId: "C1",
        schedule: null,
        followedTopics: [],
        mutedWords: [],
        layout: "messages",
      },
      defaults: { timezone: "UTC", digestSize: 5 },
    },
  },
  { name: "usage", reply: { kind: "usage", error: "Unknown period “year”.", usage: "/papers top" } },
  {
    name: "help",
    reply: {
      kind: "help",
      entries: commands.map(({ name, usage, summary, admin, options }) => ({
        name,
        usage,
        summary,
        admin,
        options,
      })),
    },
  },
];

const surfaces = {
  slack: (reply: Reply, votable: boolean) => JSON.stringify(renderSlack(reply, { votable })),
  discord: (reply: Reply, votable: boolean) => JSON.stringify(renderDiscord(reply, { votable })),
  console: (reply: Reply) => renderConsole(reply),
};

describe("a message invites reactions only if reactions on it count", () => {
  it.each(cases)("$name", ({ reply }) => {
    const shows = shownPapers(reply).length > 0;
    for (const [surface, render] of Object.entries(surfaces)) {
      expect(render(reply, false), `${surface}, as an answer`).not.toMatch(INVITES);
      const posted = render(reply, true);
      if (!shows) expect(posted, `${surface}, posted`).not.toMatch(INVITES);
      // A card or a compact digest posted in a channel says how to vote on it, where the platform shows hints.
      if ((reply.kind === "paper" || reply.kind === "digest") && surface !== "console")
        expect(posted, `${surface}, posted`).toMatch(INVITES);
    }
  });

  it("every message about one paper (rising, follow-up) shows that paper; headers, leads and notices none", () => {
    const shown = Object.fromEntries(cases.map(({ name, reply }) => [name, shownPapers(reply)]));
    expect(shown["rising heads-up"]).toEqual([first.paper.id]);
    expect(shown["follow-up"]).toEqual([first.paper.id]);
    expect(shown["digest paper card"]).toEqual([first.paper.id]);
    expect(shown["compact digest"]).toEqual(digest.items.map((item) => item.paper.id));
    for (const name of ["digest header", "threaded digest header", "share lead", "weekly recap (quiet week)"])
      expect(shown[name], name).toEqual([]);
  });

  it("covers every kind of the Reply union", () => {
    const union = readFileSync(new URL("../../src/chat/reply.ts", import.meta.url), "utf8").matchAll(
      /\{ kind: "(\w+)"/g,
    );
    const kinds = new Set(cases.map(({ reply }) => reply.kind));
    expect([...union].map((match) => match[1]).filter((kind) => !kinds.has(kind as Reply["kind"]))).toEqual(
      [],
    );
  });

  it("never offers the bundled sample for sharing", () => {
    const sample = sampleDigest({ timezone: "UTC", limit: 5 });
    expect(sample.sample).toBe(true);
    expect(sharedPosts({ kind: "digest", digest: sample, private: true })).toBeUndefined();
    expect(sharedPosts({ kind: "digest", digest, private: true })).toBeDefined();
  });
});

describe("a rising heads-up and a follow-up in the ledger", () => {
  it("map their message to their paper and are read by a reaction catch-up, but are no delivery of it", async () => {
    const store = createStore(createMemoryBackend());
    const channel = { platform: "discord" as const, workspaceId: "G1", channelId: "C1" };
    const common = { date: "2026-06-12", paperIds: ["2606.13392"] };
    await store.posts.recordMessage(channel, {
      ...common,
      ledgerId: `${RISING_LEDGER_PREFIX}2606.13392`,
      messageId: "m1",
      postedAt: "2026-06-12T09:00:00.000Z",
    });
    await store.posts.recordMessage(channel, {
      ...common,
      ledgerId: `${FOLLOWUP_LEDGER_PREFIX}2606.13392`,
      messageId: "m2",
      postedAt: "2026-06-12T10:00:00.000Z",
    });
    expect(await store.posts.papersForMessage(channel, "m1")).toEqual(["2606.13392"]);
    expect((await store.posts.recentMessages(channel, "2026-06-01", 10)).map((m) => m.messageId)).toEqual([
      "m2",
      "m1",
    ]);
    expect(await store.posts.find(channel, "2026-06-12", "2606.13392")).toBe(undefined);
    // Follow-ups go under the paper's own message, never under a heads-up or an earlier follow-up.
    expect(await store.posts.firstMessages(channel)).toEqual(new Map());
  });
});
