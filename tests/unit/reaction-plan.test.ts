import { describe, expect, it } from "vitest";
import { planReconcile, type ReconcileInput } from "../../src/chat/reaction-plan.ts";
import { DEFAULT_REACTION_EMOJI, ReactionService } from "../../src/chat/reactions.ts";
import { silentLogger } from "../../src/log.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore } from "../../src/store/store.ts";

const AT = new Date("2026-06-12T09:00:00Z");
const CHANNEL = { platform: "discord", workspaceId: "G1", channelId: "C1" } as const;
const service = new ReactionService(createStore(createMemoryBackend()), DEFAULT_REACTION_EMOJI, silentLogger);

/** A plan for message M1 carrying `papers`, as "+user emoji" / "-user emoji" lines. */
function plan(papers: string[], input: Partial<Pick<ReconcileInput, "observed" | "stored" | "botUserId">>) {
  const events = planReconcile({
    channel: CHANNEL,
    messageId: "M1",
    observed: [],
    stored: [],
    target: (emoji) => service.target(emoji, papers),
    at: AT,
    ...input,
  });
  return events.map((event) => `${event.added ? "+" : "-"}${event.userId} ${event.emoji}`);
}
const vote = (userId: string, emoji: string, paperId = "P1") => ({
  paperId,
  userId,
  emoji,
  at: AT.toISOString(),
});

describe("planReconcile", () => {
  it("adds every reactor's vote and save the store lacks, never the bot's", () => {
    const events = plan(["P1"], {
      observed: [
        { emoji: "👍", users: ["U1", "U2", "BOT"] },
        { emoji: "🔖", users: ["U3"] },
        { emoji: "🎉", users: ["U4"] },
      ],
      stored: [vote("U1", "👍")],
      botUserId: "BOT",
    });
    expect(events).toEqual(["+U2 👍", "+U3 🔖"]);
  });

  it("withdraws a vote cast on this message whose emoji has gone, or whose user is no longer listed", () => {
    const events = plan(["P1"], {
      observed: [{ emoji: "👍", users: ["U2"] }],
      stored: [vote("U1", "👍"), vote("U2", "👍"), vote("U3", "🔥")],
    });
    expect(events).toEqual(["-U1 👍", "-U3 🔥"]);
  });

  it("removes nothing for an emoji whose reactors could not all be read", () => {
    const events = plan(["P1"], {
      observed: [
        { emoji: "👍", users: undefined },
        { emoji: "👍🏽", users: ["U2"] },
      ],
      stored: [vote("U1", "👍")],
    });
    expect(events).toEqual(["+U2 👍🏽"]);
  });

  it("keeps a vote while a skin-tone variant of its emoji still carries the user", () => {
    const events = plan(["P1"], { observed: [{ emoji: "👍🏽", users: ["U1"] }], stored: [vote("U1", "👍")] });
    expect(events).toEqual([]);
  });

  it("judges numbered votes on a compact digest per item, and leaves votes it cannot place alone", () => {
    const events = plan(["P1", "P2", "P3"], {
      observed: [{ emoji: "3️⃣", users: ["U1"] }],
      stored: [vote("U1", "3⃣", "P3"), vote("U2", "2⃣", "P2"), vote("U3", "2⃣", "P9"), vote("U4", "*", "P1")],
    });
    expect(events).toEqual(["-U2 2⃣"]);
  });
});
