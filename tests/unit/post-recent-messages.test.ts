import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore } from "../../src/store/store.ts";

const CHANNEL = { platform: "discord", workspaceId: "G1", channelId: "C1" } as const;

describe("PostRepository.recentMessages", () => {
  it("lists the channel's paper messages since a date, newest first, bounded, without headers", async () => {
    const { posts } = createStore(createMemoryBackend());
    const post = (date: string, paperId: string, messageId: string, hour: string) =>
      posts.record(CHANNEL, { paperId, date, messageId, postedAt: `${date}T${hour}:00:00.000Z` });
    await post("2026-06-01", "P0", "M0", "09");
    await post("2026-06-10", "_header", "H1", "09");
    await post("2026-06-10", "P1", "M1", "09");
    await post("2026-06-11", "P2", "M2", "09");
    await posts.recordCompact(CHANNEL, {
      date: "2026-06-12",
      messageId: "M3",
      postedAt: "2026-06-12T09:00:00.000Z",
      marker: "_compact",
      paperIds: ["P3", "P4"],
    });
    await posts.record(
      { ...CHANNEL, channelId: "C2" },
      {
        paperId: "P5",
        date: "2026-06-12",
        messageId: "M5",
        postedAt: "2026-06-12T10:00:00.000Z",
      },
    );

    expect(await posts.recentMessages(CHANNEL, "2026-06-05", 10)).toEqual([
      { messageId: "M3", postedAt: "2026-06-12T09:00:00.000Z", paperIds: ["P3", "P4"] },
      { messageId: "M2", postedAt: "2026-06-11T09:00:00.000Z", paperIds: ["P2"] },
      { messageId: "M1", postedAt: "2026-06-10T09:00:00.000Z", paperIds: ["P1"] },
    ]);
    expect(
      (await posts.recentMessages(CHANNEL, "2026-06-05", 2)).map((message) => message.messageId),
    ).toEqual(["M3", "M2"]);
  });
});
