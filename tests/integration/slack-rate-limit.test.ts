import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/reply.ts";
import { type SlackHarness, startSlackHarness, waitFor } from "../helpers/slack-harness.ts";

const channel = (channelId: string) => ({ platform: "slack", workspaceId: "T1", channelId }) as const;
const message = (text: string): Reply => ({ kind: "message", tone: "info", text });
const rateLimitedTotal = async (slack: SlackHarness) =>
  Number(
    /^paperboy_rate_limited_total\{platform="slack"\} (\d+)$/m.exec(
      (await slack.app.metrics.render()).body,
    )?.[1] ?? 0,
  );

describe("Slack 429s during posting", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("hold back only the limited channel: another channel's posts land while it waits", async () => {
    const before = await rateLimitedTotal(slack);
    slack.fake.statusNext("chat.postMessage", 429, { retryAfter: 3 });
    let limitedDone = false;
    const limited = slack.adapter.post(channel("CLIMITED"), message("limited")).then((posted) => {
      limitedDone = true;
      return posted;
    });
    const toLimited = () =>
      slack.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "CLIMITED");
    await waitFor(() => toLimited().length === 1 && toLimited()[0]?.status === 429);

    for (const text of ["one", "two", "three"]) await slack.adapter.post(channel("COTHER"), message(text));
    expect(limitedDone, "the other channel's three posts waited for the limited one").toBe(false);
    const other = slack.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "COTHER");
    expect(other.map((call) => call.status)).toEqual([200, 200, 200]);

    const posted = await limited;
    const calls = toLimited();
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(3000 - 5);
    expect(posted.messageId).toBe(calls[1]?.response?.ts);
    expect(await rateLimitedTotal(slack)).toBe(before + 1);
  }, 15_000);

  it("on Bolt's other calls are still waited out and retried by its client", async () => {
    const before = await rateLimitedTotal(slack);
    const { messageId } = await slack.adapter.post(channel("CREACT"), message("react to me"));
    slack.fake.statusNext("reactions.add", 429, { retryAfter: 1 });
    await slack.adapter.addNumberReactions?.(channel("CREACT"), messageId, 1);
    expect(slack.fake.callsTo("reactions.add").map((call) => call.status)).toEqual([429, 200]);
    expect(await rateLimitedTotal(slack)).toBe(before + 1);
  }, 15_000);
});
