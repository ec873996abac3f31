import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { channelSettingsKey } from "../../src/store/keys.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };
const run = (line: string, isAdmin = false) =>
  app.handle(invocation(line, { isAdmin }), new RecordingAdapter());
const text = (reply: Reply) => JSON.stringify(reply);

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

describe("/papers ranking", () => {
  it("lets an admin pick the blend, which the channel's settings keep", async () => {
    expect(text(await run("/papers ranking team", true))).toContain("now ranked team");
    expect((await app.store.channels.get(CHANNEL)).ranking).toBe("team");
    expect(text(await run("/papers ranking TEAM", true))).toContain("already ranked team");
  });

  it("refuses people who are not admins and blends it does not know", async () => {
    expect(text(await run("/papers ranking team"))).toContain(
      "can change this channel's ranking with `/papers ranking trending|balanced|team`",
    );
    expect((await app.store.channels.get(CHANNEL)).ranking).toBeUndefined();
    const reply = await run("/papers ranking viral", true);
    expect(reply.kind).toBe("usage");
    expect(text(reply)).toContain("The ranking is trending, balanced or team.");
  });

  it("says which ranking the channel has when asked bare, to anyone", async () => {
    expect(text(await run("/papers ranking"))).toContain("ranked balanced (the default)");
    await run("/papers ranking trending", true);
    const reply = await run("/papers ranking");
    expect(reply.kind).toBe("message");
    expect(text(reply)).toContain("This channel's digest is ranked trending: Hugging Face trending order");
    expect(text(reply)).not.toContain("(the default)");
  });

  it("reads a channel stored before blends existed as balanced, keeping its other settings", async () => {
    await app.store.backend.set(channelSettingsKey(CHANNEL), {
      v: 1,
      data: {
        ...CHANNEL,
        schedule: null,
        followedTopics: ["forgetting"],
        mutedWords: [],
        layout: "messages",
      },
    });
    const settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toEqual(["forgetting"]);
    expect(settings.ranking ?? "balanced").toBe("balanced");
    expect(text(await run("/papers ranking balanced", true))).toContain("already ranked balanced");
  });
});

describe("/papers taste", () => {
  const at = "2026-06-12T08:30:00.000Z";
  const react = async (paperId: string, userId: string, kind: "up" | "down" | "save") => {
    if (kind === "up") await app.store.votes.add(CHANNEL, paperId, userId, new Date(at), "+1", "m1");
    else if (kind === "down")
      await app.store.downvotes.add(CHANNEL, paperId, userId, new Date(at), "-1", "m1");
    else await app.store.readingLists.save({ ...CHANNEL, userId }, paperId, new Date(at), CHANNEL.channelId);
  };

  it("says there is nothing learned yet, and that the digest stays trending", async () => {
    const reply = await run("/papers taste");
    expect(reply.kind).toBe("papers");
    expect(text(reply)).toContain("No reactions to learn from yet");
    expect(text(reply)).toContain("Ranking: balanced");
  });

  it("shows the papers it learned from with what the team did, its terms, follows and blend", async () => {
    await run("/papers today");
    const [first, second] = (await app.store.papers.featuredOn("2026-06-12")).map((paper) => paper.id);
    await react(first!, "U1", "up");
    await react(first!, "U2", "up");
    await react(first!, "U3", "save");
    await react(second!, "U4", "down");
    await run("/papers follow forgetting", true);
    const reply = await run("/papers taste");
    if (reply.kind !== "papers") throw new Error(text(reply));
    expect(reply.title).toBe("This channel's taste: learned from 2 papers");
    expect(reply.entries.map((entry) => entry.why)).toEqual([
      "2 of you upvoted · one of you saved",
      "one of you downvoted",
    ]);
    expect(reply.note).toMatch(/^Ranking: balanced · strongest terms: .+ · follows: “forgetting”$/);
  });

  it("lets an admin forget the reactions, keeping the leaderboard's votes", async () => {
    await run("/papers today");
    const [first] = (await app.store.papers.featuredOn("2026-06-12")).map((paper) => paper.id);
    await react(first!, "U1", "up");
    expect(text(await run("/papers taste reset"))).toContain("can reset this channel's taste");
    app.clock.now = new Date("2026-06-12T10:00:00Z");
    expect(text(await run("/papers taste reset", true))).toContain("Forgot this channel's taste");
    expect(text(await run("/papers taste"))).toContain("No reactions to learn from yet");
    expect((await app.store.votes.counts(CHANNEL)).get(first!)).toBe(1);
    await react(first!, "U9", "up");
    expect(text(await run("/papers taste"))).toContain("No reactions to learn from yet");
  });
});
