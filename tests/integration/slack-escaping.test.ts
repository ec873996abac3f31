import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allStrings,
  reactionEvent,
  type SlackHarness,
  startSlackHarness,
  waitFor,
} from "../helpers/slack-harness.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const HOSTILE_TITLE = "<!channel> @everyone <@U024BE7LH> <http://evil.example|click>";
const HOSTILE_ID = "2606.99999";

/** The only links paperboy itself builds: arXiv, Hugging Face and GitHub pages. */
const TRUSTED_LINK = /^<https:\/\/(arxiv\.org|huggingface\.co|github\.com)\/[\w./-]+(\|[^<>]*)?>/;

/** Fails unless no string in the payload can ping, mention or hide a link. */
function expectInert(payload: unknown, where: string): void {
  const strings = allStrings(payload);
  expect(strings.length, where).toBeGreaterThan(0);
  for (const text of strings) {
    expect(text, where).not.toMatch(/<[!@#]/);
    expect(text, where).not.toMatch(/@(everyone|here|channel)\b/i);
    expect(text, where).not.toMatch(/<http:\/\/evil/);
    for (let index = text.indexOf("<"); index >= 0; index = text.indexOf("<", index + 1)) {
      expect(text.slice(index), where).toMatch(TRUSTED_LINK);
    }
  }
}

describe("untrusted text renders inert in every Slack surface", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    const [first, ...rest] = fixturePapers();
    const hostile = {
      ...first!,
      id: HOSTILE_ID,
      title: HOSTILE_TITLE,
      upvotes: 900,
      authors: ["<!here>", "@channel Smith", "<#C0123|general>"],
      organization: "<@U024BE7LH>",
      aiSummary: "Click <http://evil.example|here> now <!subteam^S0123> *bold* `code`.",
      githubRepo: "http://evil.example/repo",
    };
    slack = await startSlackHarness({ sources: fakeSources({ "2026-06-12": [hostile, ...rest] }) });
    slack.fake.users.set("U_ADMIN", { is_admin: true });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("digest messages sent with chat.postMessage", async () => {
    await slack.command("post", { user: "U_ADMIN" });
    const posts = slack.fake.callsTo("chat.postMessage");
    expect(posts.length).toBeGreaterThan(1);
    expect(JSON.stringify(posts[1]?.body)).toContain("&lt;!channel&gt;");
    for (const post of posts) {
      expectInert({ text: post.body.text, blocks: post.body.blocks }, "chat.postMessage");
    }
  });

  it("command answers sent to response_url: paper, today, top, saved", async () => {
    const paperTs = String(slack.fake.callsTo("chat.postMessage")[1]?.response?.ts);
    await slack.event(reactionEvent("reaction_added", { user: "U2", reaction: "+1", ts: paperTs }));
    await slack.event(reactionEvent("reaction_added", { user: "U2", reaction: "bookmark", ts: paperTs }));
    for (const line of [`paper ${HOSTILE_ID}`, "today", "top week", "saved"]) {
      const result = await slack.command(line, { user: "U2" });
      expect(JSON.stringify(result.responses), line).toContain("&lt;@U024BE7LH&gt;");
      expectInert(result.responses, line);
    }
  });

  it("the App Home view sent with views.publish", async () => {
    const published = slack.fake.callsTo("views.publish").length;
    await slack.event({ type: "app_home_opened", user: "U2", channel: "D2", tab: "home", event_ts: "1" });
    await waitFor(() => slack.fake.callsTo("views.publish").length > published);
    const view = slack.fake.callsTo("views.publish").at(-1)?.body.view;
    expect(JSON.stringify(view)).toContain("&lt;!channel&gt;");
    expectInert(view, "views.publish");
  });

  it("text a user typed, echoed back in answers", async () => {
    for (const line of [
      "topic <!channel> @here attention",
      "follow <!here> <@U024BE7LH>",
      "mute <http://evil.example|x>",
    ]) {
      const result = await slack.command(line, { user: "U_ADMIN" });
      expect(result.responses.length, line).toBeGreaterThan(0);
      expectInert(result.responses, line);
    }
  });
});
