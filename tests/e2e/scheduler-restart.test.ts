import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@keyv/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.ts";
import { createStore } from "../../src/store/store.ts";
import { type BotProcess, startBot } from "../helpers/bot-process.ts";
import { FAKE_BOT, type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import { type FakeUpstream, json, startFakeUpstream } from "../helpers/fake-upstream.ts";
import { describeWithRedis } from "../helpers/redis.ts";
import { SIGNING_SECRET, waitFor } from "../helpers/slack-harness.ts";

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
) as { paper: Record<string, unknown> }[];

/** Hugging Face serving the recorded day as if it were whatever day is asked for. */
async function startFakeHuggingFace(): Promise<FakeUpstream> {
  return startFakeUpstream({
    "/api/daily_papers": (request, response, call) => {
      const date = request.query.date ?? "2026-06-12";
      const items = fixture.map((item) => ({
        ...item,
        paper: { ...item.paper, submittedOnDailyAt: `${date}T08:00:00.000Z` },
      }));
      json(items)(request, response, call);
    },
  });
}

/** A schedule two minutes ago in UTC: due now, so every process posts it at start (catch-up). */
function justPassed() {
  const at = new Date(Date.now() - 2 * 60_000);
  const time = `${String(at.getUTCHours()).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")}`;
  return { schedule: { time, timezone: "UTC", days: "daily" as const }, date: at.toISOString().slice(0, 10) };
}

const channelRef = (channelId: string) =>
  ({ platform: "slack", workspaceId: FAKE_BOT.teamId, channelId }) as const;

/** Schedules `count` channels a digest due now; returns them and the date of that digest. */
async function scheduleChannels(storeUrl: string, count: number): Promise<{ ids: string[]; date: string }> {
  const store = createStore(await openStore(storeUrl));
  const { schedule, date } = justPassed();
  const ids = Array.from({ length: count }, (_, index) => `C${String(index).padStart(4, "0")}`);
  for (const channelId of ids) {
    await store.channels.update(channelRef(channelId), (settings) => ({ ...settings, schedule }), {
      by: "U_ADMIN",
      at: new Date(),
    });
  }
  await store.backend.close();
  return { ids, date };
}

/**
 * Waits until the store marks every channel's digest of `date` done, the marker each process checks
 * before it claims a channel: from then on no sweep posts to these channels again.
 */
async function waitUntilDone(storeUrl: string, channels: string[], date: string): Promise<void> {
  const store = createStore(await openStore(storeUrl));
  try {
    await waitFor(async () => {
      const done = await Promise.all(channels.map((id) => store.plans.done(channelRef(id), date)));
      return done.every((marker) => marker !== undefined);
    }, 60_000);
  } finally {
    await store.backend.close();
  }
}

/** Messages per channel, and ledger keys (message metadata) sent more than once. */
function delivered(slack: FakeSlack, channels: string[]) {
  const perChannel = new Map(channels.map((id) => [id, 0]));
  const keys = new Map<string, number>();
  for (const call of slack.callsTo("chat.postMessage")) {
    const channel = String(call.body.channel);
    perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
    const key = JSON.stringify(
      (call.body.metadata as { event_payload?: unknown } | undefined)?.event_payload,
    );
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  const duplicates = [...keys.entries()].filter(([, count]) => count > 1).map(([key]) => key);
  return { perChannel, duplicates, total: slack.callsTo("chat.postMessage").length };
}

function botEnv(slack: FakeSlack, hf: FakeUpstream, storeUrl: string): NodeJS.ProcessEnv {
  return {
    PAPERBOY_STORE: storeUrl,
    HF_API_URL: hf.url,
    ARXIV_API_URL: hf.url,
    SLACK_BOT_TOKEN: "xoxb-scheduler-test",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PAPERBOY_CLAIM_TTL_SECONDS: "2",
    PAPERBOY_SCHEDULER_SWEEP_SECONDS: "1",
    PAPERBOY_FANOUT_CONCURRENCY: "25",
    // Slack's workspace-wide pace (300 a minute after a burst of 45 by default) would spread these
    // fan-outs over a minute; each channel's own pace (3 at once, then one a second) still spreads its
    // six messages over seconds, so the kills below land mid-fan-out.
    PAPERBOY_SLACK_WORKSPACE_POSTS_PER_MINUTE: "6000",
  };
}

/** Every channel got the same complete digest (a header and its papers), and nothing twice. */
function expectExactlyOnce(slack: FakeSlack, channels: string[]) {
  const { perChannel, duplicates } = delivered(slack, channels);
  expect(duplicates).toEqual([]);
  const counts = new Set(perChannel.values());
  expect([...counts]).toHaveLength(1);
  expect([...counts][0]).toBe(6);
}

describe("a process killed in the middle of a fan-out", () => {
  let slack: FakeSlack;
  let hf: FakeUpstream;
  let dir: string;
  let bots: BotProcess[] = [];
  beforeAll(async () => {
    slack = await startFakeSlack();
    hf = await startFakeHuggingFace();
    dir = mkdtempSync(join(tmpdir(), "paperboy-restart-"));
  });
  afterAll(async () => {
    for (const bot of bots) await bot.kill("SIGKILL");
    await slack?.close();
    await hf?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("SIGKILL during a fan-out to 50 channels: after a restart every channel has exactly one digest", async () => {
    const storeUrl = `sqlite://${join(dir, "store.sqlite")}`;
    const { ids: channels, date } = await scheduleChannels(storeUrl, 50);
    const env = botEnv(slack, hf, storeUrl);
    // Slow answers: at the kill, messages are in the channel that the process never heard back about.
    slack.postDelayMs = 150;
    const first = startBot(env);
    bots.push(first);
    await waitFor(() => delivered(slack, channels).total >= 60, 30_000);
    await first.kill("SIGKILL");
    const atKill = delivered(slack, channels).total;
    expect(atKill).toBeLessThan(300);
    slack.postDelayMs = 0;

    const second = startBot(env);
    bots.push(second);
    await waitUntilDone(storeUrl, channels, date);
    // A stopped process has finished every post it had begun: nothing can arrive after this.
    expect(await second.kill("SIGTERM")).toBe(0);
    bots = [];
    expectExactlyOnce(slack, channels);
    expect(second.stderr()).toContain("catching up");
    // The sends cut off by the kill were found in the channels' history, not sent again.
    expect(second.stderr()).toContain("found an earlier attempt's message");
  }, 120_000);
});

describeWithRedis("replicas sharing Redis", (redisUrl) => {
  let slack: FakeSlack;
  let hf: FakeUpstream;
  let storeUrl: string;
  let bots: BotProcess[] = [];
  beforeAll(async () => {
    slack = await startFakeSlack();
    hf = await startFakeHuggingFace();
    const url = new URL(redisUrl);
    url.pathname = "/9";
    storeUrl = url.toString();
    const client = createClient({ url: storeUrl });
    await client.connect();
    await client.flushDb();
    await client.close();
  });
  afterAll(async () => {
    for (const bot of bots) await bot.kill("SIGKILL");
    await slack?.close();
    await hf?.close();
  });

  // 40 channels of one workspace (240 messages): each channel's own pace (3 at once, then one a second)
  // spreads its six messages over seconds, so the kill at 90 is mid-fan-out.
  it("three processes, 40 channels due the same minute, one killed mid-fan-out: each channel gets exactly one digest", async () => {
    const { ids: channels, date } = await scheduleChannels(storeUrl, 40);
    const env = botEnv(slack, hf, storeUrl);
    slack.postDelayMs = 50;
    bots = [startBot(env), startBot(env), startBot(env)];
    await waitFor(() => delivered(slack, channels).total >= 90, 60_000);
    await bots[0]?.kill("SIGKILL");
    expect(delivered(slack, channels).total).toBeLessThan(240);
    await waitUntilDone(storeUrl, channels, date);
    // Stopped processes have finished every post they had begun: nothing can arrive after this.
    for (const bot of bots.slice(1)) expect(await bot.kill("SIGTERM")).toBe(0);
    bots = [];
    expectExactlyOnce(slack, channels);
  }, 120_000);
});
