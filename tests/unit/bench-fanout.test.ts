import { describe, expect, it } from "vitest";
import { rateLimitFloorMs, runFanout } from "../../bench/fanout.ts";
import { runBarePosts } from "../../bench/fanout-bare.ts";
import { DISCORD_RATE_LIMITS } from "../helpers/fake-discord.ts";
import { SLACK_POST_LIMIT, SLACK_WORKSPACE_POST_LIMIT } from "../helpers/fake-slack.ts";

describe("the fan-out benchmark", () => {
  it("computes the rate-limit floor from the enforced limits", () => {
    // One workspace: 300 a minute with bursts of 50 sets the pace past 10 channels.
    expect(rateLimitFloorMs("slack", 10, 6)).toBe(3000);
    expect(rateLimitFloorMs("slack", 200, 6)).toBe(230_000);
    expect(rateLimitFloorMs("slack", 1000, 6)).toBe(1_190_000);
    // Many small workspaces: the largest one's share decides; 10 channels or fewer, the channel limit.
    expect(rateLimitFloorMs("slack", 1000, 6, { largestWorkspace: 10 })).toBe(3000);
    expect(rateLimitFloorMs("slack", 1000, 6, { largestWorkspace: 20 })).toBe(14_000);
    expect(rateLimitFloorMs("slack", 1000, 6, { slackWorkspace: null })).toBe(3000);
    expect(rateLimitFloorMs("slack", 10, 6, { slack: { burst: 2, perSecond: 1 } })).toBe(4000);
    expect(rateLimitFloorMs("discord", 8, 6)).toBe(5000);
    expect(rateLimitFloorMs("discord", 200, 6)).toBe(23_000);
    expect(rateLimitFloorMs("discord", 1000, 6)).toBe(119_000);
    expect(SLACK_POST_LIMIT).toEqual({ burst: 3, perSecond: 1 });
    expect(SLACK_WORKSPACE_POST_LIMIT).toEqual({ burst: 50, perMinute: 300 });
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
    // Every channel's own messages need the floor from its first to its last.
    expect(result.channelSpanMs.median).toBeGreaterThanOrEqual(result.floorMs - 1);
    expect(result.channelSpanMs.max).toBeGreaterThanOrEqual(result.channelSpanMs.median);
  }, 20_000);

  // 60 channels over 4 workspaces (OAuth installs): each workspace's 90 posts need 8 s of its limit (300
  // a minute, bursts of 50), so the pacer, not 429s, must hold them back.
  it("Slack channels over several workspaces: each paced to its workspace's limit, nothing lost", async () => {
    const result = await runFanout({
      platform: "slack",
      channels: 60,
      workspaces: 4,
      concurrency: 60,
    });
    expect(result.workspaces).toBe(4);
    expect(result.accepted).toBe(result.expected);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.ignoredRetryAfter).toBe(0);
    expect(result.rateLimited).toBe(0);
    expect(result.floorMs).toBe(8000);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(result.floorMs);
    // The CPU breakdown: the posting thread and the fake's thread each did their share of 360 posts.
    if (process.platform === "linux") {
      expect(result.threadCpuMs.posting).toBeGreaterThan(0);
      expect(result.threadCpuMs.fake).toBeGreaterThan(0);
      expect(result.threadCpuMs.main).toBeGreaterThan(0);
      expect(result.cpuToAllStartedMs).toBeGreaterThan(0);
      expect(result.cpuToAllStartedMs).toBeLessThanOrEqual(result.sweepCpuMs);
    }
  }, 60_000);

  // The transport baseline: one message per channel through the real posting thread, no bot work.
  it("--bare posts each channel's first message once, over its workspace's token, within every limit", async () => {
    const result = await runBarePosts({ channels: 30, workspaces: 3 });
    expect(result.channels).toBe(30);
    expect(result.workspaces).toBe(3);
    expect(result.rateLimited).toBe(0);
    expect(result.firstAcceptedMs).toBeGreaterThanOrEqual(0);
    expect(result.allAcceptedMs).toBeGreaterThanOrEqual(result.firstAcceptedMs);
    expect(result.cpuMs).toBeGreaterThan(0);
  }, 20_000);
});
