import { describe, expect, it } from "vitest";
import { DEFAULT_REACTION_EMOJI, ReactionService } from "../../src/chat/reactions.ts";
import { loadConfig } from "../../src/config.ts";
import { channelSignals } from "../../src/digest/channel-taste.ts";
import { silentLogger } from "../../src/log.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore } from "../../src/store/store.ts";

const at = new Date("2026-06-12T10:00:00Z");
const slack: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };
const discord: ChannelRef = { platform: "discord", workspaceId: "100000000000000001", channelId: "C9" };

async function setUp() {
  const store = createStore(createMemoryBackend());
  const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
  for (const channel of [slack, discord]) {
    await store.posts.record(channel, {
      paperId: "2606.00001",
      date: "2026-06-12",
      messageId: "m1",
      postedAt: at.toISOString(),
    });
  }
  const react = (channel: ChannelRef, userId: string, emoji: string, added = true) =>
    reactions.handle({ channel, messageId: "m1", userId, emoji, added, at });
  return { store, react };
}

describe("👎 downvotes", () => {
  it("are recognised by their Slack names and as Discord's Unicode emoji, with skin tones", async () => {
    const { store, react } = await setUp();
    expect(await react(slack, "U1", "-1")).toBe("downvoted");
    expect(await react(slack, "U2", "thumbsdown::skin-tone-4")).toBe("downvoted");
    expect(await react(discord, "D1", "👎🏾")).toBe("downvoted");
    expect((await store.downvotes.counts(slack)).get("2606.00001")).toBe(2);
    expect((await store.downvotes.counts(discord)).get("2606.00001")).toBe(1);
  });

  it("never count as votes on the leaderboard, and removing the reaction withdraws the downvote", async () => {
    const { store, react } = await setUp();
    await react(slack, "U1", "+1");
    await react(slack, "U2", "-1");
    expect((await store.votes.counts(slack)).get("2606.00001")).toBe(1);
    expect(await react(slack, "U2", "-1", false)).toBe("undownvoted");
    expect((await store.downvotes.counts(slack)).size).toBe(0);
  });

  it("become the channel's taste signals beside upvotes and the saves made in that channel only", async () => {
    const { store, react } = await setUp();
    await react(slack, "U1", "+1");
    await react(slack, "U2", "-1");
    await react(slack, "U3", "bookmark");
    await react(discord, "D1", "🔖");
    const signals = await channelSignals(store, slack, {}, new Date("2026-06-13T00:00:00Z"));
    expect(signals.map((signal) => signal.kind).sort()).toEqual(["downvote", "save", "upvote"]);
    const other = await channelSignals(store, discord, {}, new Date("2026-06-13T00:00:00Z"));
    expect(other.map((signal) => signal.kind)).toEqual(["save"]);
  });

  it("ignore everything before a taste reset", async () => {
    const { store, react } = await setUp();
    await react(slack, "U1", "+1");
    await react(slack, "U3", "bookmark");
    const after = { tasteResetAt: "2026-06-12T11:00:00.000Z" };
    expect(await channelSignals(store, slack, after, new Date("2026-06-13T00:00:00Z"))).toEqual([]);
  });

  it("follow PAPERBOY_DOWNVOTE_EMOJI", () => {
    expect(loadConfig({ PAPERBOY_DOWNVOTE_EMOJI: "meh, 😒" }).reactionEmoji.downvote).toEqual(["meh", "😒"]);
    expect(loadConfig({}).reactionEmoji.downvote).toEqual([]);
  });
});
