import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackCall } from "../helpers/fake-slack.ts";
import {
  type CommandResult,
  reactionEvent,
  type SlackHarness,
  startSlackHarness,
} from "../helpers/slack-harness.ts";

const shown = (result: CommandResult): string => JSON.stringify(result.responses);
const tsOf = (call: SlackCall | undefined): string => String(call?.response?.ts);

describe("a threaded digest through the real Bolt receiver", () => {
  let slack: SlackHarness;
  let posts: SlackCall[];
  let headerTs: string;

  beforeAll(async () => {
    slack = await startSlackHarness();
    slack.fake.users.set("U_ADMIN", { is_admin: true });
  });
  afterAll(async () => slack?.close());

  it("lets an admin choose the thread layout and shows it in settings", async () => {
    const changed = await slack.command("layout thread", { user: "U_ADMIN" });
    expect(shown(changed)).toContain("now posted as thread");
    expect(shown(await slack.command("settings"))).toContain("a header with one reply per paper under it");
    expect(shown(await slack.command("layout thread", { user: "U1" }))).not.toContain("now posted as thread");
  });

  it("resumes a digest cut off mid-thread: one header, each paper once in its thread, found there after the cut", async () => {
    // The header and the first paper land; the second lands too, but its answer is lost on the way back.
    slack.fake.resetNext("chat.postMessage", 1, 2);
    expect(shown(await slack.command("post", { user: "U_ADMIN" }))).not.toContain("Posted today's digest");
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(3);

    // The next delivery (a restarted process, the scheduler's next sweep or this admin again).
    const resumed = await slack.command("post", { user: "U_ADMIN" });
    expect(shown(resumed)).toContain("Posted today's digest: 5 papers (2 already here, skipped)");
    posts = slack.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(6);
    const [header, ...replies] = posts;
    headerTs = tsOf(header);
    expect(header?.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(header?.body.blocks)).toContain("in the replies to this message");
    expect(replies.map((call) => call.body.thread_ts)).toEqual(replies.map(() => headerTs));
    // The cut-off reply was looked up in the header's thread, not posted again.
    const lookups = slack.fake.callsTo("conversations.replies");
    expect(lookups.map((call) => call.body.ts)).toEqual([headerTs]);
    const keys = replies.map((call) => JSON.stringify(call.body.metadata));
    expect(new Set(keys).size).toBe(5);

    const again = await slack.command("post", { user: "U_ADMIN" });
    expect(shown(again)).toContain("already in this channel");
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(6);
  });

  it("counts 👍 on replies in the thread as team votes, the cut-off one included, and 🔖 saves", async () => {
    const cutOff = tsOf(posts[2]);
    const other = tsOf(posts[1]);
    for (const user of ["UA", "UB"]) {
      expect(await slack.event(reactionEvent("reaction_added", { user, reaction: "+1", ts: cutOff }))).toBe(
        200,
      );
    }
    await slack.event(reactionEvent("reaction_added", { user: "UC", reaction: "+1", ts: headerTs }));
    await slack.event(reactionEvent("reaction_added", { user: "UC", reaction: "bookmark", ts: other }));
    const top = await slack.command("top week");
    expect(shown(top)).toContain("2 team votes");
    const votes = await slack.app.store.votes.counts({
      platform: "slack",
      workspaceId: "T1",
      channelId: "C1",
    });
    expect([...votes.values()]).toEqual([2]);
    const [votedPaper] = votes.keys();
    expect(JSON.stringify(posts[2]?.body.blocks)).toContain(String(votedPaper));
    expect(shown(await slack.command("saved", { user: "UC" }))).not.toContain("Your reading list is empty");
  });
});
