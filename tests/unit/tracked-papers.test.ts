import { describe, expect, it } from "vitest";
import { DEFAULT_REACTION_EMOJI, ReactionService } from "../../src/chat/reactions.ts";
import { trackedPapers } from "../../src/followups/tracked.ts";
import { silentLogger } from "../../src/log.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore, type Store } from "../../src/store/store.ts";

const C1: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };
const C2: ChannelRef = { platform: "discord", workspaceId: "G1", channelId: "C:2" };
const DAY_MS = 86_400_000;
const DAY_1 = new Date("2026-06-12T09:00:00Z");
const later = (days: number) => new Date(DAY_1.getTime() + days * DAY_MS);

/** `paperId` posted alone in message `m-<paperId>` of the channel. */
async function posted(store: Store, channel: ChannelRef, paperId: string): Promise<string> {
  const messageId = `m-${paperId}`;
  await store.posts.record(channel, {
    paperId,
    date: "2026-06-12",
    messageId,
    postedAt: DAY_1.toISOString(),
  });
  return messageId;
}

const summary = (tracked: Map<string, { channel: ChannelRef; since: string }[]>) =>
  Object.fromEntries(
    [...tracked].map(([paperId, trackings]) => [
      paperId,
      trackings.map((tracking) => `${tracking.channel.channelId}@${tracking.since.slice(0, 10)}`).sort(),
    ]),
  );

describe("tracked papers are indexed when a channel upvotes or saves", () => {
  it("a pass reads the index, not the votes: upvotes and saves by reaction are tracked, downvotes are not", async () => {
    const store = createStore(createMemoryBackend());
    // Adoption of what was stored before the index happens at the first read; nothing is stored yet.
    expect(await trackedPapers(store, DAY_1, 60)).toEqual(new Map());
    const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
    const react = async (channel: ChannelRef, paperId: string, emoji: string, at: Date, added = true) =>
      reactions.handle({
        channel,
        messageId: await posted(store, channel, paperId),
        userId: "U1",
        emoji,
        added,
        at,
      });
    expect(await react(C1, "2606.00001", "+1", DAY_1)).toBe("voted");
    expect(await react(C2, "2606.00001", "🔖", later(2))).toBe("saved");
    expect(await react(C1, "2606.00002", "-1", DAY_1)).toBe("downvoted");
    expect(await react(C1, "2606.00003", "fire", later(1))).toBe("voted");
    // Taking the upvote back ends nothing: the channel showed interest.
    expect(await react(C1, "2606.00003", "fire", later(1), false)).toBe("unvoted");
    // A vote written past the reaction path, after adoption, is not found: the votes are not scanned.
    await store.votes.add(C2, "2606.00009", "U2", DAY_1, "+1");

    expect(summary(await trackedPapers(store, later(3), 60))).toEqual({
      "2606.00001": ["C1@2026-06-12", "C:2@2026-06-14"],
      "2606.00003": ["C1@2026-06-13"],
    });
  });

  it("tracking lasts trackDays after the latest upvote or save; records past it are deleted", async () => {
    const store = createStore(createMemoryBackend());
    await store.tracked.markAdopted(DAY_1);
    await store.tracked.track(C1, "2606.00001", DAY_1);
    await store.tracked.track(C1, "2606.00002", DAY_1);
    // A second upvote 30 days on keeps the paper tracked 60 days from then, and keeps its first date.
    await store.tracked.track(C1, "2606.00002", later(30));
    expect(summary(await trackedPapers(store, later(59), 60))).toEqual({
      "2606.00001": ["C1@2026-06-12"],
      "2606.00002": ["C1@2026-06-12"],
    });
    expect(summary(await trackedPapers(store, later(61), 60))).toEqual({
      "2606.00002": ["C1@2026-06-12"],
    });
    expect((await store.tracked.all()).map((record) => record.paperId)).toEqual(["2606.00002"]);
  });

  it("adopts the votes and saves stored before the index, once, keeping each channel's first date", async () => {
    const store = createStore(createMemoryBackend());
    await store.votes.add(C1, "2606.00001", "U1", DAY_1, "+1");
    await store.votes.add(C1, "2606.00001", "U2", later(3), "+1");
    await store.votes.add(C1, "2606.00002", "U1", later(-90), "+1");
    await store.downvotes.add(C1, "2606.00003", "U1", DAY_1, "-1");
    await store.readingLists.save({ ...C2, userId: "U3" }, "2606.00001", later(1), C2.channelId);
    expect(summary(await trackedPapers(store, later(5), 60))).toEqual({
      "2606.00001": ["C1@2026-06-12", "C:2@2026-06-13"],
    });
    expect(await store.tracked.adopted()).toBe(true);
    // Adopted once: a vote stored past the reaction path afterwards stays out.
    await store.votes.add(C1, "2606.00004", "U1", later(5), "+1");
    expect([...(await trackedPapers(store, later(6), 60)).keys()]).toEqual(["2606.00001"]);
  });
});
