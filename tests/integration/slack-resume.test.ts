import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/reply.ts";
import { FAKE_BOT } from "../helpers/fake-slack.ts";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";

const channel = { platform: "slack", workspaceId: FAKE_BOT.teamId, channelId: "C9" } as const;
const reply: Reply = { kind: "message", tone: "info", text: "a digest message" };

describe("Slack posts after an attempt was cut off", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness();
  });
  afterAll(async () => slack?.close());

  it("marks each post with its ledger key, and finds it instead of posting again when it may be out", async () => {
    const first = await slack.adapter.post(channel, reply, {
      idempotencyKey: "slack:T:C9:2026-06-12:_header",
    });
    const sent = slack.fake.callsTo("chat.postMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.metadata).toEqual({
      event_type: "paperboy_post",
      event_payload: { key: "slack:T:C9:2026-06-12:_header:0" },
    });
    const again = await slack.adapter.post(channel, reply, {
      idempotencyKey: "slack:T:C9:2026-06-12:_header",
      possiblySent: true,
    });
    expect(again.messageId).toBe(first.messageId);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(slack.fake.callsTo("conversations.history")).toHaveLength(1);
  });

  it("posts when the cut-off attempt never reached Slack", async () => {
    const posted = await slack.adapter.post(channel, reply, {
      idempotencyKey: "slack:T:C9:2026-06-12:2606.13681",
      possiblySent: true,
    });
    expect(posted.messageId).toMatch(/^\d+\.\d+$/);
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });
});
