import { afterEach, describe, expect, it } from "vitest";
import { SHARE_ACTION_ID } from "../../adapters/slack/render.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import {
  type CommandResult,
  reactionEvent,
  type SlackHarness,
  startSlackHarness,
} from "../helpers/slack-harness.ts";
import { fakeSources } from "../helpers/test-app.ts";

const shown = (result: CommandResult): string => JSON.stringify(result.responses);
const C1: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "C1" };

describe("quiet answers through Slack: private, with a Share to channel button", () => {
  let slack: SlackHarness | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  it("answers /papers paper to the asker only; Share posts the card once, and a 👍 and a 🔖 on it count", async () => {
    slack = await startSlackHarness();
    const answer = await slack.command("paper 2606.13392");
    expect(answer.responses.map((response) => response.response_type)).toEqual(["ephemeral"]);
    expect(shown(answer)).toContain("Share to channel");
    expect(shown(answer)).not.toMatch(/react/i);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(0);

    const shared = await slack.click(answer, SHARE_ACTION_ID);
    expect(shared.status).toBe(200);
    expect(shared.responses.map((response) => response.response_type)).toEqual(["ephemeral"]);
    expect(shown(shared)).toContain("Shared in the channel: 1 paper");
    const posts = slack.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.channel).toBe("C1");
    expect(JSON.stringify(posts[0]?.body)).toContain("MiniMax Sparse Attention");
    expect(JSON.stringify(posts[0]?.body)).not.toContain("Share to channel");
    const ts = String(posts[0]?.response?.ts);
    expect(await slack.app.store.posts.papersForMessage(C1, ts)).toEqual(["2606.13392"]);

    const again = await slack.click(answer, SHARE_ACTION_ID);
    expect(shown(again)).toContain("Already shared in this channel");
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(1);

    await slack.event(reactionEvent("reaction_added", { user: "UA", reaction: "+1", ts }));
    await slack.event(reactionEvent("reaction_added", { user: "UB", reaction: "bookmark", ts }));
    expect([...(await slack.app.store.votes.counts(C1)).entries()]).toEqual([["2606.13392", 1]]);
    const saved = await slack.app.store.readingLists.list({
      platform: "slack",
      workspaceId: "T1",
      userId: "UB",
    });
    expect(saved.map((entry) => entry.paperId)).toEqual(["2606.13392"]);
  });

  it("shares /papers today as one lead and one votable card per paper in its thread, once for two quick clicks", async () => {
    slack = await startSlackHarness();
    const answer = await slack.command("today");
    expect(answer.responses.every((response) => response.response_type === "ephemeral")).toBe(true);
    expect(shown(answer)).not.toMatch(/react/i);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(0);

    const clicks = await Promise.all([
      slack.click(answer, SHARE_ACTION_ID),
      slack.click(answer, SHARE_ACTION_ID),
    ]);
    const said = clicks.map(shown).join("\n");
    expect(said).toContain("Shared in the channel: 5 papers");
    expect(said).toMatch(/Already (being )?shared/);
    const posts = slack.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(6);
    const leadTs = String(posts[0]?.response?.ts);
    expect(JSON.stringify(posts[0]?.body)).toContain("5 papers in the replies");
    expect(posts.slice(1).every((post) => post.body.thread_ts === leadTs)).toBe(true);
    const cardTs = String(posts[1]?.response?.ts);
    const [first] = await slack.app.store.posts.papersForMessage(C1, cardTs);
    expect(first).toEqual(expect.any(String));

    await slack.event(reactionEvent("reaction_added", { user: "UA", reaction: "+1", ts: cardTs }));
    expect((await slack.app.store.votes.counts(C1)).get(first ?? "")).toBe(1);
    // Shared cards are not the day's digest: its ledger still has no paper, so `/papers post` posts them all.
    const ledger = await slack.app.store.posts.since(C1, "2000-01-01");
    expect(ledger).toHaveLength(7);
    expect(ledger.every((post) => post.paperId.startsWith("_share"))).toBe(true);
  });

  it("shows the bundled SAMPLE of a brand-new offline install privately, with no Share button", async () => {
    slack = await startSlackHarness({ sources: fakeSources({}, { down: true }) });
    const answer = await slack.command("today");
    expect(shown(answer)).toContain("SAMPLE papers");
    expect(answer.responses.every((response) => response.response_type === "ephemeral")).toBe(true);
    expect(shown(answer)).not.toContain("Share to channel");
    expect(shown(answer)).not.toContain(SHARE_ACTION_ID);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("answers a stale, forged or someone else's button privately and posts nothing", async () => {
    slack = await startSlackHarness();
    const answer = await slack.command("paper 2606.13392");
    const forged = await slack.click(answer, SHARE_ACTION_ID, { value: "AAAAAAAAAAAAAAAAAAAAAA" });
    expect(shown(forged)).toContain("That Share button no longer works");
    const junk = await slack.click(answer, SHARE_ACTION_ID, { value: '{"kind":"paper"}' });
    expect(shown(junk)).toContain("That Share button no longer works");
    const other = await slack.click(answer, SHARE_ACTION_ID, { user: "U2" });
    expect(shown(other)).toContain("That Share button no longer works");
    const elsewhere = await slack.click(answer, SHARE_ACTION_ID, { channel: "C2" });
    expect(shown(elsewhere)).toContain("That Share button no longer works");
    expect([...forged.responses, ...other.responses].map((r) => r.response_type)).toEqual([
      "ephemeral",
      "ephemeral",
    ]);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("counts a share against the per-user command limit", async () => {
    slack = await startSlackHarness({ env: { PAPERBOY_COMMANDS_PER_MINUTE: "1" } });
    const answer = await slack.command("paper 2606.13392");
    expect(shown(answer)).toContain("Share to channel");
    const refused = await slack.click(answer, SHARE_ACTION_ID);
    expect(shown(refused)).toContain("Easy there");
    expect(refused.responses.map((response) => response.response_type)).toEqual(["ephemeral"]);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});
