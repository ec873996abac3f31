import { describe, expect, it } from "vitest";
import {
  DEFAULT_REACTION_EMOJI,
  normalizeEmoji,
  onFirstDelivery,
  ReactionService,
} from "../../src/chat/reactions.ts";
import { silentLogger } from "../../src/log.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { legacyVoteKey, messageKey } from "../../src/store/keys.ts";
import { createStore } from "../../src/store/store.ts";

describe("onFirstDelivery", () => {
  it("runs an event once however often the platform delivers it", async () => {
    const store = createStore(createMemoryBackend());
    let runs = 0;
    const work = async () => {
      runs += 1;
    };
    const results = await Promise.all([1, 2, 3].map(() => onFirstDelivery(store, "slack", "Ev1", work)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it("releases the event when handling fails, so the platform's retry is applied, not lost", async () => {
    const store = createStore(createMemoryBackend());
    const failing = async () => {
      throw new Error("store briefly unavailable");
    };
    await expect(onFirstDelivery(store, "slack", "Ev2", failing)).rejects.toThrow(
      "store briefly unavailable",
    );
    let applied = false;
    const retried = await onFirstDelivery(store, "slack", "Ev2", async () => {
      applied = true;
    });
    expect(retried).toBe(true);
    expect(applied).toBe(true);
    expect(await onFirstDelivery(store, "slack", "Ev2", async () => undefined)).toBe(false);
  });
});

describe("normalizeEmoji", () => {
  it.each([
    ["+1::skin-tone-3", "+1"],
    [":fire:", "fire"],
    ["👍🏽", "👍"],
    ["⬆️", "⬆"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeEmoji(input)).toBe(expected);
  });
});

describe("messages recorded by an older version", () => {
  it("migrates a version-1 message record, so reactions on old posts still count", async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    const channel = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
    await backend.set(messageKey(channel, "1718182800.000100"), {
      v: 1,
      data: { paperId: "2606.13681" },
    });
    const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
    const outcome = await reactions.handle({
      channel,
      messageId: "1718182800.000100",
      userId: "U1",
      emoji: "+1",
      added: true,
      at: new Date("2026-06-12T10:00:00Z"),
    });
    expect(outcome).toBe("voted");
    expect(Object.fromEntries(await store.votes.counts(channel))).toEqual({ "2606.13681": 1 });
  });

  it("counts a vote stored before votes were kept per emoji, and lets any upvote emoji withdraw it", async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    const channel = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
    await store.posts.record(channel, {
      paperId: "2606.13681",
      date: "2026-06-12",
      messageId: "1718182800.000100",
      postedAt: "2026-06-12T09:00:00.000Z",
    });
    await backend.set(legacyVoteKey("vote", channel, "2606.13681", "U1"), {
      v: 1,
      data: { paperId: "2606.13681", userId: "U1", at: "2026-06-12T10:00:00.000Z" },
    });
    expect(Object.fromEntries(await store.votes.counts(channel))).toEqual({ "2606.13681": 1 });
    const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
    const react = (added: boolean) =>
      reactions.handle({
        channel,
        messageId: "1718182800.000100",
        userId: "U1",
        emoji: "fire",
        added,
        at: new Date("2026-06-12T11:00:00Z"),
      });
    expect(await react(true)).toBe("voted");
    expect(Object.fromEntries(await store.votes.counts(channel))).toEqual({ "2606.13681": 1 });
    expect(await react(false)).toBe("unvoted");
    expect(Object.fromEntries(await store.votes.counts(channel))).toEqual({});
  });
});
