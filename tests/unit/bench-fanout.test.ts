import { describe, expect, it } from "vitest";
import { rateLimitFloorMs, runFanout } from "../../bench/fanout.ts";
import { DISCORD_RATE_LIMITS } from "../helpers/fake-discord.ts";
import { SLACK_POST_LIMIT } from "../helpers/fake-slack.ts";

describe("the fan-out benchmark", () => {
  it("computes the rate-limit floor from the enforced limits", () => {
    expect(rateLimitFloorMs("slack", 200, 6)).toBe(3000);
    expect(rateLimitFloorMs("slack", 1000, 6)).toBe(3000);
    expect(rateLimitFloorMs("slack", 10, 6, { slack: { burst: 2, perSecond: 1 } })).toBe(4000);
    expect(rateLimitFloorMs("discord", 8, 6)).toBe(5000);
    expect(rateLimitFloorMs("discord", 200, 6)).toBe(23_000);
    expect(rateLimitFloorMs("discord", 1000, 6)).toBe(119_000);
    expect(SLACK_POST_LIMIT).toEqual({ burst: 3, perSecond: 1 });
    expect(DISCORD_RATE_LIMITS.messages).toEqual({ limit: 5, windowMs: 5000 });
    expect(DISCORD_RATE_LIMITS.global).toEqual({ limit: 50, windowMs: 1000 });
  });

  // The fake Slack is stricter (bursts of 2) than the adapter's pacer (bursts of 3), so 429s are certain:
  // the adapter must wait each one out in its channel, and the ledger must keep every digest whole and single.
  it("10 Slack channels through the real scheduler and adapter: 429s honoured, nothing lost or doubled", async () => {
    const result = await runFanout({
      platform: "slack",
      channels: 10,
      concurrency: 10,
      slackLimit: { burst: 2, perSecond: 1 },
    });
    expect(result.messagesPerChannel).toBe(6);
    expect(result.accepted).toBe(result.expected);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.failed).toBe(0);
    expect(result.rateLimited).toBeGreaterThan(0);
    expect(result.ignoredRetryAfter).toBe(0);
    expect(result.floorMs).toBe(4000);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(result.floorMs);
    // The channel that started last still needs the floor after its first message.
    expect(result.allStartedMs).toBeGreaterThanOrEqual(result.firstPostMs);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(result.allStartedMs + result.floorMs - 1);
  }, 20_000);
});
