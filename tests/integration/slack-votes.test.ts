import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandResult, SlackHarness } from "../helpers/slack-harness.ts";
import { reactionEvent, startSlackHarness, waitFor } from "../helpers/slack-harness.ts";

const shown = (result: CommandResult): string => JSON.stringify(result.responses);

describe("reaction votes, reading lists and App Home through Slack", () => {
  let slack: SlackHarness;
  let headerTs: string;
  let paperTs: string;
  let otherPaperTs: string;

  beforeAll(async () => {
    slack = await startSlackHarness();
    slack.fake.users.set("U_ADMIN", { is_admin: true });
    const posted = await slack.command("post", { user: "U_ADMIN" });
    expect(shown(posted)).toContain("Posted today's digest");
    const posts = slack.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(6);
    headerTs = String(posts[0]?.response?.ts);
    paperTs = String(posts[1]?.response?.ts);
    otherPaperTs = String(posts[2]?.response?.ts);
    expect(JSON.stringify(posts[1]?.body)).toContain("EvoArena");
  });
  afterAll(async () => {
    await slack?.close();
  });

  const react = (type: "reaction_added" | "reaction_removed", user: string, ts: string, reaction = "+1") =>
    reactionEvent(type, { user, reaction, ts });

  it("counts three users' 👍 once each, even when Slack delivers one event twice", async () => {
    expect(await slack.event(react("reaction_added", "UA", paperTs), { eventId: "EvA" })).toBe(200);
    expect(await slack.event(react("reaction_added", "UB", paperTs), { eventId: "EvB" })).toBe(200);
    expect(await slack.event(react("reaction_added", "UB", paperTs), { eventId: "EvB", retryNum: 1 })).toBe(
      200,
    );
    expect(
      await slack.event(react("reaction_added", "UC", paperTs, "thumbsup::skin-tone-3"), { eventId: "EvC" }),
    ).toBe(200);
    const top = await slack.command("top week");
    expect(shown(top)).toContain("EvoArena");
    expect(shown(top)).toContain("3 team votes");
  });

  it("drops one vote when a user removes their reaction, and a late replay of the add cannot undo that", async () => {
    await slack.event(react("reaction_removed", "UA", paperTs), { eventId: "EvA-removed" });
    await slack.event(react("reaction_added", "UA", paperTs), { eventId: "EvA", retryNum: 2 });
    const top = await slack.command("top week");
    expect(shown(top)).toContain("2 team votes");
    expect(shown(top)).not.toContain("3 team votes");
  });

  it("ignores reactions on other messages, on the digest header, other emoji and the bot's own", async () => {
    await slack.event(react("reaction_added", "UD", "1700000000.000100"));
    await slack.event(react("reaction_added", "UD", headerTs));
    await slack.event(react("reaction_added", "UD", paperTs, "tada"));
    await slack.event(react("reaction_added", "UBOT", paperTs));
    await slack.event(react("reaction_added", "UBOT", otherPaperTs));
    const top = await slack.command("top week");
    expect(shown(top)).toContain("2 team votes");
    const counts = await slack.app.store.votes.counts({
      platform: "slack",
      workspaceId: "T1",
      channelId: "C1",
    });
    expect([...counts.values()]).toEqual([2]);
  });

  it("🔖 puts the paper on that user's reading list only; removing it takes it off", async () => {
    await slack.event(react("reaction_added", "UB", paperTs, "bookmark"));
    const saved = await slack.command("saved", { user: "UB" });
    expect(saved.responses[0]?.response_type).toBe("ephemeral");
    expect(shown(saved)).toContain("EvoArena");
    expect(shown(await slack.command("saved", { user: "UC" }))).toContain("Your reading list is empty");

    await slack.event(react("reaction_added", "UC", otherPaperTs, "bookmark"));
    await slack.event(react("reaction_removed", "UC", otherPaperTs, "bookmark"));
    expect(shown(await slack.command("saved", { user: "UC" }))).toContain("Your reading list is empty");
  });

  it("App Home shows the user's reading list and the team's top papers of the week", async () => {
    const published = slack.fake.callsTo("views.publish").length;
    expect(
      await slack.event({ type: "app_home_opened", user: "UB", channel: "D1", tab: "home", event_ts: "1" }),
    ).toBe(200);
    // The event is answered at once; the view is published right after.
    await waitFor(() => slack.fake.callsTo("views.publish").length > published);
    const publish = slack.fake.callsTo("views.publish").at(-1);
    expect(publish?.body.user_id).toBe("UB");
    const view = publish?.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("EvoArena");
    expect(text).toMatch(/reading list/i);

    const before = slack.fake.callsTo("views.publish").length;
    await slack.event({ type: "app_home_opened", user: "UB", channel: "D1", tab: "messages", event_ts: "2" });
    expect(slack.fake.callsTo("views.publish")).toHaveLength(before);
  });

  it("acks link-button clicks so Slack shows no error", async () => {
    const payload = {
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "UB" },
      api_app_id: "A1",
      token: "x",
      trigger_id: "t",
      container: { type: "message", message_ts: paperTs, channel_id: "C1" },
      channel: { id: "C1" },
      actions: [{ type: "button", action_id: "paperboy_link_x_arxiv", block_id: "b", action_ts: "1" }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await slack.post(body, "application/x-www-form-urlencoded");
    expect(response.status).toBe(200);
  });
});

describe("a compact digest through Slack", () => {
  let slack: SlackHarness;
  afterAll(async () => {
    await slack?.close();
  });

  it("posts one numbered message, adds :one: … under it, and counts :three: as a vote for the third paper", async () => {
    slack = await startSlackHarness();
    slack.fake.users.set("U_ADMIN", { is_admin: true });
    expect(shown(await slack.command("layout compact", { user: "U_ADMIN" }))).toContain("compact");
    expect(shown(await slack.command("post", { user: "U_ADMIN" }))).toContain("Posted today's digest");
    const posts = slack.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    const ts = String(posts[0]?.response?.ts);
    const added = slack.fake.callsTo("reactions.add").map((call) => [call.body.timestamp, call.body.name]);
    expect(added).toEqual(["one", "two", "three", "four", "five"].map((name) => [ts, name]));

    await slack.event(reactionEvent("reaction_added", { user: "UA", reaction: "three", ts }));
    await slack.event(reactionEvent("reaction_added", { user: "UBOT", reaction: "three", ts }));
    const top = await slack.command("top week");
    expect(shown(top)).toContain("1 team vote");
    expect(shown(top)).not.toContain("2 team votes");
  });
});
