import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelUnavailableError } from "../../src/chat/adapter.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";

const HELLO: Reply = { kind: "message", tone: "info", text: "hello" };
const channel = (channelId: string) => ({ platform: "slack", workspaceId: "T1", channelId }) as const;

describe("Slack Web API errors", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness();
    slack.fake.users.set("U_ADMIN", { is_admin: true });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("post returns the ts of the message Slack created", async () => {
    const posted = await slack.adapter.post(channel("C1"), HELLO);
    const call = slack.fake.callsTo("chat.postMessage").at(-1);
    expect(posted.messageId).toBe(call?.response?.ts);
    expect(call?.body).toMatchObject({ channel: "C1", unfurl_links: "false", unfurl_media: "false" });
  });

  for (const reason of ["not_in_channel", "channel_not_found", "is_archived"]) {
    it(`${reason} surfaces as ChannelUnavailableError`, async () => {
      slack.fake.failNext("chat.postMessage", reason);
      const error = await slack.adapter.post(channel("C9"), HELLO).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChannelUnavailableError);
      expect(error).toMatchObject({ reason, channel: channel("C9") });
    });
  }

  it("other Slack errors are not mistaken for an unavailable channel", async () => {
    slack.fake.failNext("chat.postMessage", "invalid_blocks");
    const error = await slack.adapter.post(channel("C1"), HELLO).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ChannelUnavailableError);
    expect(String(error)).toContain("invalid_blocks");
  });

  it("honours 429 Retry-After: waits, then posts once", async () => {
    const before = slack.fake.callsTo("chat.postMessage").length;
    slack.fake.statusNext("chat.postMessage", 429, { retryAfter: 1 });
    const started = Date.now();
    const posted = await slack.adapter.post(channel("C1"), HELLO);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const calls = slack.fake.callsTo("chat.postMessage").slice(before);
    expect(calls).toHaveLength(2);
    expect(posted.messageId).toBe(calls[1]?.response?.ts);
    expect((await slack.app.metrics.render()).body).toMatch(
      /^paperboy_rate_limited_total\{platform="slack"\} 1$/m,
    );
  });

  it("never retries a post after a server error, which could have hidden a message that landed", async () => {
    const before = slack.fake.callsTo("chat.postMessage").length;
    slack.fake.statusNext("chat.postMessage", 500);
    await expect(slack.adapter.post(channel("C1"), HELLO)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(before + 1);
  });

  it("/papers post into a channel the bot is not in: explains, stops the schedule, tells the admin", async () => {
    await slack.command("schedule 09:00 UTC daily", { user: "U_ADMIN", channel: "C3" });
    expect((await slack.app.store.channels.get(channel("C3"))).schedule).toBeTruthy();
    slack.fake.failNext("chat.postMessage", "not_in_channel");
    const before = slack.fake.callsTo("chat.postMessage").length;

    const result = await slack.command("post", { user: "U_ADMIN", channel: "C3" });
    expect(result.responses[0]?.response_type).toBe("ephemeral");
    expect(JSON.stringify(result.responses)).toContain("not_in_channel");
    expect((await slack.app.store.channels.get(channel("C3"))).schedule ?? null).toBeNull();
    const dm = slack.fake
      .callsTo("chat.postMessage")
      .slice(before)
      .find((call) => call.body.channel === "U_ADMIN");
    expect(JSON.stringify(dm?.body)).toContain("no longer post");
  });
});
