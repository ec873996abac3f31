import { describe, expect, it } from "vitest";
import { followUpsFromLedger } from "../../src/followups/recap-followups.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore } from "../../src/store/store.ts";
import { fixturePapers } from "../helpers/test-app.ts";

const channel: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C:1" };
const other: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C2" };
const week = {
  since: "2026-06-08T07:00:00.000Z",
  until: "2026-06-15T07:00:00.000Z",
  timezone: "Europe/Berlin",
};

describe("the recap's follow-ups of the week come from the follow-up ledger", () => {
  it("lists what this channel was sent during the week, with the stored title and where to see it", async () => {
    const store = createStore(createMemoryBackend());
    const [paper] = fixturePapers();
    if (!paper) throw new Error("no fixture paper");
    await store.papers.upsert([paper]);
    await store.followups.saveRefresh(new Map(), [
      {
        paperId: paper.id,
        kind: "code",
        detail: ["https://github.com/o/r"],
        detectedAt: "2026-06-10T08:00:00.000Z",
      },
      { paperId: paper.id, kind: "version", detail: ["2"], detectedAt: "2026-06-10T08:00:00.000Z" },
      { paperId: "2606.99999", kind: "model", detail: ["org/model"], detectedAt: "2026-06-01T08:00:00.000Z" },
    ]);
    const sent = (postedAt: string) => ({ messageId: "1.2", date: postedAt.slice(0, 10), postedAt });
    await store.followups.recordSent(
      channel,
      { paperId: paper.id, kinds: ["code", "version"] },
      sent("2026-06-10T09:00:00.000Z"),
    );
    // Last week's, and another channel's, stay out.
    await store.followups.recordSent(
      channel,
      { paperId: "2606.99999", kinds: ["model"] },
      sent("2026-06-02T09:00:00.000Z"),
    );
    await store.followups.recordSent(
      other,
      { paperId: paper.id, kinds: ["code"] },
      sent("2026-06-11T09:00:00.000Z"),
    );

    const lines = await followUpsFromLedger(store)(channel, week);

    expect(lines).toEqual([
      {
        paper: { id: paper.id, title: paper.title, url: `https://arxiv.org/abs/${paper.id}` },
        what: "code released",
        url: "https://github.com/o/r",
        at: "2026-06-10T09:00:00.000Z",
      },
      {
        paper: { id: paper.id, title: paper.title, url: `https://arxiv.org/abs/${paper.id}` },
        what: "v2 on arXiv",
        url: `https://arxiv.org/abs/${paper.id}v2`,
        at: "2026-06-10T09:00:00.000Z",
      },
    ]);
  });

  it("is empty for a week without follow-ups", async () => {
    const store = createStore(createMemoryBackend());
    expect(await followUpsFromLedger(store)(channel, week)).toEqual([]);
  });
});
