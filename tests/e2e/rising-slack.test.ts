import { describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { createFollowups } from "../../src/followups/create-followups.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { reactionEvent, startSlackHarness } from "../helpers/slack-harness.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

/** VIA-SD (speculative decoding), given a hostile title: it must reach the channel without pinging anyone. */
const FOLLOWED = "2606.12243";
const HOSTILE_TITLE = "VIA-SD <!channel> <!here> <@U999> @everyone: speculative decoding";
const START = new Date("2026-06-12T09:00:00Z");
const C1: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };

function climbingSources(): CatalogSources & { upvotes: Map<string, number> } {
  const papers = fixturePapers().map((paper) =>
    paper.id === FOLLOWED ? { ...paper, title: HOSTILE_TITLE } : paper,
  );
  const upvotes = new Map(papers.map((paper) => [paper.id, paper.upvotes]));
  return {
    ...fakeSources({}),
    upvotes,
    daily: async (date) =>
      date === "2026-06-12" ? papers.map((paper) => ({ ...paper, upvotes: upvotes.get(paper.id) ?? 0 })) : [],
  };
}

describe("rising papers on Slack", () => {
  it("posts one escaped heads-up through the real Bolt client, nothing on the next passes, and counts 👍 and 🔖 on it", async () => {
    const sources = climbingSources();
    const slack = await startSlackHarness({ sources, now: START, env: { PAPERBOY_ADMINS: "U1" } });
    try {
      await slack.command("follow speculative decoding");
      const turnedOn = await slack.command("alerts rising on");
      expect(JSON.stringify(turnedOn.responses)).toContain("Rising papers are on");
      const clock = (slack.app as App & { clock: { now: Date } }).clock;
      const followups = createFollowups(slack.app, [slack.adapter], "replica-a");
      expect((await followups.runPass()).rising).toEqual([]);

      clock.now = new Date(START.getTime() + 3 * 3_600_000);
      sources.upvotes.set(FOLLOWED, 14 + 42);
      expect((await followups.runPass()).rising.map((post) => post.paperId)).toEqual([FOLLOWED]);
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      sources.upvotes.set(FOLLOWED, 14 + 60);
      expect((await followups.runPass()).rising).toEqual([]);

      const posts = slack.fake.callsTo("chat.postMessage");
      expect(posts).toHaveLength(1);
      const body = JSON.stringify(posts[0]?.body);
      expect(body).toContain("+42 upvotes in 3 h on Hugging Face (56 in all)");
      expect(body).toContain("matches “speculative decoding” (followed)");
      expect(body).toContain(`https://huggingface.co/papers/${FOLLOWED}`);
      for (const ping of ["<!channel>", "<!here>", "<@U999>", "<!everyone>"])
        expect(body).not.toContain(ping);
      expect(body).toContain("&lt;!channel&gt;");

      // The heads-up shows one paper: 👍 and 🔖 on it count like on a digest's card.
      const ts = String(posts[0]?.response?.ts);
      expect(await slack.app.store.posts.papersForMessage(C1, ts)).toEqual([FOLLOWED]);
      await slack.event(reactionEvent("reaction_added", { user: "UA", reaction: "+1", ts }));
      await slack.event(reactionEvent("reaction_added", { user: "UB", reaction: "bookmark", ts }));
      expect([...(await slack.app.store.votes.counts(C1)).entries()]).toEqual([[FOLLOWED, 1]]);
      const top = await slack.command("top week");
      expect(JSON.stringify(top.responses)).toContain("1 team vote");
      const saved = await slack.app.store.readingLists.list({
        platform: "slack",
        workspaceId: "T1",
        userId: "UB",
      });
      expect(saved.map((entry) => entry.paperId)).toEqual([FOLLOWED]);

      const settings = await slack.command("settings");
      expect(JSON.stringify(settings.responses)).toContain("rising papers on");
    } finally {
      await slack.close();
    }
  }, 60_000);
});
