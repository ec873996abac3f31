import { describe, expect, it } from "vitest";
import { createFollowups } from "../../src/followups/create-followups.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import { CHANNEL_ADMIN, startDiscordHarness } from "../helpers/discord-harness.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

/** VIA-SD (speculative decoding), with a title that tries to ping everyone. */
const FOLLOWED = "2606.12243";
const START = new Date("2026-06-12T09:00:00Z");

function climbingSources(): CatalogSources & { upvotes: Map<string, number> } {
  const papers = fixturePapers().map((paper) =>
    paper.id === FOLLOWED
      ? { ...paper, title: "VIA-SD @everyone @here <@123>: speculative decoding" }
      : paper,
  );
  const upvotes = new Map(papers.map((paper) => [paper.id, paper.upvotes]));
  return {
    ...fakeSources({}),
    upvotes,
    daily: async (date) =>
      date === "2026-06-12" ? papers.map((paper) => ({ ...paper, upvotes: upvotes.get(paper.id) ?? 0 })) : [],
  };
}

describe("rising papers on Discord", () => {
  it("turns on with the typed kind option, posts one heads-up that mentions no one, and counts 👍 and 🔖 on it", async () => {
    const sources = climbingSources();
    const discord = await startDiscordHarness({ sources, now: START });
    try {
      await discord.command("follow", { topic: "speculative decoding" }, CHANNEL_ADMIN);
      const on = await discord.command("alerts", { state: "on", kind: "rising" }, CHANNEL_ADMIN);
      expect(on.text).toContain("Rising papers are on");
      const followups = createFollowups(discord.app, [discord.adapter], "replica-a");
      await followups.runPass();
      discord.app.clock.now = new Date(START.getTime() + 2 * 3_600_000);
      sources.upvotes.set(FOLLOWED, 14 + 25);
      await followups.runPass();
      await followups.runPass();
      const sent = discord.fake
        .messages(discord.channelId)
        .filter((message) => JSON.stringify(message).includes("Rising"));
      expect(sent).toHaveLength(1);
      const description = (sent[0]?.embeds as { description?: string }[] | undefined)?.[0]?.description ?? "";
      expect(description).toContain("+25 upvotes in 2 h on Hugging Face");
      expect(description).toContain("matches “speculative decoding” \\(followed\\)");
      expect(description).toContain("https://huggingface.co/papers/2606.12243");
      expect(sent[0]).toMatchObject({ mention_everyone: false, mentions: [] });
      expect(description).not.toMatch(/(?<!\u200b)@everyone|(?<!\u200b)@here|<@123>/u);

      // The heads-up shows one paper: 👍 and 🔖 on it count like on a digest's card.
      const messageId = String(sent[0]?.id);
      await discord.react("710000000000000001", messageId, "👍");
      await discord.react("710000000000000002", messageId, "🔖");
      const top = await discord.command("top", { period: "week" });
      expect(top.text).toContain("1 team vote");
      expect(top.text).toContain("VIA-SD");
      const saved = await discord.app.store.readingLists.list({
        platform: "discord",
        workspaceId: discord.guildId,
        userId: "710000000000000002",
      });
      expect(saved.map((entry) => entry.paperId)).toEqual([FOLLOWED]);
    } finally {
      await discord.close();
    }
  }, 60_000);
});
