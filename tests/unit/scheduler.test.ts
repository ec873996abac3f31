import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChannelUnavailableError, type ChatAdapter } from "../../src/chat/adapter.ts";
import type { Reply } from "../../src/chat/reply.ts";
import type { Scheduler, SchedulerOptions } from "../../src/scheduler/scheduler.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import {
  appScheduler,
  createTestApp,
  fakeSources,
  fixturePapers,
  RecordingAdapter,
} from "../helpers/test-app.ts";

const channel = (id: string): ChannelRef => ({ platform: "console", workspaceId: "W1", channelId: id });
const HOUR = 3_600_000;
let app: App & { clock: { now: Date } };
let schedulers: Scheduler[] = [];

afterEach(async () => {
  for (const scheduler of schedulers) await scheduler.stop();
  schedulers = [];
  await app?.close();
});

async function schedule(
  ref: ChannelRef,
  time = "09:00",
  timezone = "Europe/Berlin",
  days = "daily" as const,
) {
  await app.store.channels.update(ref, (settings) => ({ ...settings, schedule: { time, timezone, days } }), {
    by: "U_ADMIN",
    at: app.now(),
  });
}

function scheduler(adapter: ChatAdapter, overrides: Partial<SchedulerOptions> = {}): Scheduler {
  const created = appScheduler(app, [adapter], { holder: `test-${schedulers.length}`, ...overrides });
  schedulers.push(created);
  return created;
}

/** Messages per channel, and whether any ledger id went out twice. */
function tally(adapter: RecordingAdapter) {
  const perChannel = new Map<string, number>();
  for (const post of adapter.posts) {
    perChannel.set(post.channel.channelId, (perChannel.get(post.channel.channelId) ?? 0) + 1);
  }
  const keys = adapter.posts.map((post) => post.options?.idempotencyKey);
  return { perChannel: Object.fromEntries(perChannel), duplicates: keys.length - new Set(keys).size };
}

describe("the scheduler posts each channel's digest on time, exactly once", () => {
  it("posts at the channel's local time, not before, and only once however often it runs", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T06:59:00Z") });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    const run = scheduler(adapter);
    expect((await run.sweep("sweep")).posted).toEqual([]);
    app.clock.now = new Date("2026-06-12T07:00:00Z");
    expect((await run.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
    expect(adapter.posts.map((post) => post.reply.kind)).toEqual([
      "header",
      "paper",
      "paper",
      "paper",
      "paper",
      "paper",
    ]);
    app.clock.now = new Date("2026-06-12T07:01:00Z");
    await run.sweep("sweep");
    await run.sweep("sweep");
    expect(adapter.posts).toHaveLength(6);
  });

  it("catches up after downtime within the grace window, with a log line", async () => {
    const logs = captureLogs();
    app = await createTestApp({ now: new Date("2026-06-12T12:30:00Z"), logger: logs.logger });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    await scheduler(adapter).start();
    expect(adapter.posts).toHaveLength(6);
    const line = logs.lines().find((entry) => String(entry.msg).startsWith("catching up"));
    expect(line).toMatchObject({ channel: "console:W1:C1", date: "2026-06-12", lateMinutes: 330 });
  });

  it("skips a digest missed by more than the grace window, with a log line", async () => {
    const logs = captureLogs();
    app = await createTestApp({ now: new Date("2026-06-12T13:30:00Z"), logger: logs.logger });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    await scheduler(adapter).start();
    expect(adapter.posts).toHaveLength(0);
    const line = logs.lines().find((entry) => String(entry.msg).startsWith("skipping the digest"));
    expect(String(line?.msg)).toContain("6.5 h ago: it is beyond the 6 h grace window");
    expect(line).toMatchObject({ level: 40, channel: "console:W1:C1", date: "2026-06-12" });
  });

  it("honours a configured grace window", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T08:30:00Z") });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    await scheduler(adapter, { graceMs: HOUR }).start();
    expect(adapter.posts).toHaveLength(0);
    app.clock.now = new Date("2026-06-12T07:30:00Z");
    await scheduler(adapter, { graceMs: HOUR }).sweep("start");
    expect(adapter.posts).toHaveLength(6);
  });

  it("on a quiet day posts the 'no new papers today' digest with the week's best", async () => {
    app = await createTestApp({
      now: new Date("2026-06-13T07:05:00Z"),
      sources: fakeSources({ "2026-06-12": fixturePapers() }),
    });
    await app.handle({
      platform: "console",
      workspaceId: "W1",
      channelId: "C0",
      userId: "U1",
      isAdmin: false,
      command: "today",
      text: "",
    });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    await scheduler(adapter).sweep("sweep");
    const header = adapter.posts[0]?.reply as Extract<Reply, { kind: "header" }>;
    expect(header.digest.kind).toBe("quiet");
    expect(adapter.posts.length).toBeGreaterThan(1);
  });

  it("posts nothing at the weekend for a weekdays schedule", async () => {
    app = await createTestApp({ now: new Date("2026-06-13T07:05:00Z") });
    await schedule(channel("C1"), "09:00", "Europe/Berlin", "weekdays" as "daily");
    const adapter = new RecordingAdapter();
    await scheduler(adapter).sweep("sweep");
    expect(adapter.posts).toHaveLength(0);
  });
});

describe("fan-out, failures and replicas", () => {
  it("posts to many channels concurrently; one failing channel never stops the others", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    for (let index = 0; index < 20; index++) await schedule(channel(`C${index}`));
    const adapter = new RecordingAdapter();
    const post = adapter.post.bind(adapter);
    adapter.post = async (ref, reply, options) => {
      if (ref.channelId === "C3") throw new ChannelUnavailableError(ref, "Missing Access");
      if (ref.channelId === "C4") throw new Error("socket hang up");
      return post(ref, reply, options);
    };
    const summary = await scheduler(adapter, { concurrency: 5 }).sweep("sweep");
    expect(summary.posted).toHaveLength(18);
    expect(summary.failed.sort()).toEqual(["console:W1:C3", "console:W1:C4"]);
    const { perChannel, duplicates } = tally(adapter);
    expect(Object.values(perChannel).every((count) => count === 6)).toBe(true);
    expect(duplicates).toBe(0);
    expect((await app.store.channels.get(channel("C3"))).schedule).toBeNull();
    expect((await app.store.channels.get(channel("C4"))).schedule).not.toBeNull();
    // Each message is counted once, where it is sent.
    const metrics = (await app.metrics.render()).body;
    expect(metrics).toMatch(/^paperboy_posts_sent_total\{platform="console"\} 108$/m);
    expect(metrics).toMatch(
      /^paperboy_posts_failed_total\{platform="console",reason="channel_unavailable"\} 1$/m,
    );
    expect(metrics).toMatch(/^paperboy_posts_failed_total\{platform="console",reason="error"\} 1$/m);
  });

  // With a store that answers at once, every due channel would take each step together: no first message
  // until every plan is fixed. An adapter that asks for it has a few channels prepare at a time.
  it("for an adapter that prepares a few channels at a time, sends the first messages before the last plans are fixed", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    const preparingAtOnce = 8;
    const count = preparingAtOnce * 4;
    for (let index = 0; index < count; index++) await schedule(channel(`C${index}`));
    const events: string[] = [];
    const savePlan = app.store.plans.savePlan.bind(app.store.plans);
    app.store.plans.savePlan = async (ref, date, plan) => {
      events.push(`plan ${ref.channelId}`);
      return savePlan(ref, date, plan);
    };
    const adapter = Object.assign(new RecordingAdapter(), { preparingAtOnce });
    const post = adapter.post.bind(adapter);
    adapter.post = async (ref, reply, options) => {
      events.push(`post ${ref.channelId}`);
      return post(ref, reply, options);
    };
    const summary = await scheduler(adapter, { concurrency: 500 }).sweep("sweep");
    expect(summary.posted).toHaveLength(count);
    const firstPost = events.findIndex((event) => event.startsWith("post "));
    const lastPlan = events.findLastIndex((event) => event.startsWith("plan "));
    expect(firstPost).toBeGreaterThanOrEqual(0);
    expect(firstPost).toBeLessThan(lastPlan);
    // Still every channel whole and once.
    const { perChannel, duplicates } = tally(adapter);
    expect(Object.keys(perChannel)).toHaveLength(count);
    expect(Object.values(perChannel).every((messages) => messages === 6)).toBe(true);
    expect(duplicates).toBe(0);
  });

  // The slots are for busy work: a channel waiting on I/O (here its day's listing) gives its slot up, so a
  // slow upstream is waited for by every channel at once, not by one slot's worth after another.
  it("lets the next channels prepare while one waits on its day's listing", async () => {
    let release: () => void = () => {};
    const listing = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sources = fakeSources({ "2026-06-12": fixturePapers() });
    const daily = sources.daily;
    sources.daily = async (date) => {
      await listing;
      return daily(date);
    };
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z"), sources });
    const count = 4;
    for (let index = 0; index < count; index++) await schedule(channel(`C${index}`));
    const claimed = new Set<string>();
    const claim = app.store.claims.claim.bind(app.store.claims);
    app.store.claims.claim = async (name, holder, ttlMs) => {
      claimed.add(name);
      return claim(name, holder, ttlMs);
    };
    const adapter = Object.assign(new RecordingAdapter(), { preparingAtOnce: 1 });
    const sweep = scheduler(adapter, { concurrency: 500, fetchBudgetMs: 60_000 }).sweep("sweep");
    // With one slot held for the whole wait, only one channel would have claimed until the listing came.
    await waitFor(() => claimed.size === count);
    release();
    const summary = await sweep;
    expect(summary.posted).toHaveLength(count);
    expect(tally(adapter).duplicates).toBe(0);
  });

  it("retries a failed channel on the next sweep without repeating what landed", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    adapter.failAfter = 3;
    const run = scheduler(adapter);
    expect((await run.sweep("sweep")).failed).toEqual(["console:W1:C1"]);
    adapter.failAfter = Number.POSITIVE_INFINITY;
    app.clock.now = new Date("2026-06-12T07:01:00Z");
    expect((await run.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
    expect(tally(adapter)).toEqual({ perChannel: { C1: 6 }, duplicates: 0 });
  });

  it("three replicas sweeping at the same moment post every channel exactly once", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    for (let index = 0; index < 30; index++) await schedule(channel(`C${index}`));
    const adapter = new RecordingAdapter();
    const replicas = [scheduler(adapter), scheduler(adapter), scheduler(adapter)];
    await Promise.all(replicas.map((replica) => replica.sweep("sweep")));
    const { perChannel, duplicates } = tally(adapter);
    expect(Object.keys(perChannel)).toHaveLength(30);
    expect(Object.values(perChannel).every((count) => count === 6)).toBe(true);
    expect(duplicates).toBe(0);
  });

  it("a holder that dies mid-digest leaves a claim that expires; the next one finishes without duplicates", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    await schedule(channel("C1"));
    const adapter = new RecordingAdapter();
    const post = adapter.post.bind(adapter);
    let hang = true;
    adapter.post = async (ref, reply, options) => {
      if (hang && adapter.posts.length === 2) return new Promise(() => undefined);
      return post(ref, reply, options);
    };
    // A process that stopped in its tracks: it never renews or releases its claim again.
    const frozenClaims = Object.assign(Object.create(app.store.claims), { renew: async () => false });
    const dying = scheduler(adapter, { claimTtlMs: 300, store: { ...app.store, claims: frozenClaims } });
    void dying.sweep("sweep");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(adapter.posts).toHaveLength(2);
    const other = scheduler(adapter, { claimTtlMs: 300, holder: "other" });
    expect((await other.sweep("sweep")).posted).toEqual([]);
    schedulers = schedulers.filter((item) => item !== dying);
    await new Promise((resolve) => setTimeout(resolve, 400));
    hang = false;
    expect((await other.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
    expect(tally(adapter)).toEqual({ perChannel: { C1: 6 }, duplicates: 0 });
  });
});

describe("node-cron tasks follow the stored schedules", () => {
  it("creates, changes and removes one task per scheduled channel without a restart", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T05:00:00Z") });
    await schedule(channel("C1"));
    await schedule(channel("C2"), "10:00", "Asia/Kolkata");
    const run = scheduler(new RecordingAdapter(), { cronTasks: true });
    await run.start();
    expect(run.taskCount).toBe(2);
    await app.store.channels.update(channel("C2"), (settings) => ({ ...settings, schedule: null }), {
      by: "U_ADMIN",
      at: app.now(),
    });
    await schedule(channel("C3"), "08:15", "America/New_York");
    await schedule(channel("C4"), "08:30", "America/New_York");
    // No explicit sweep: the settings change itself brings the tasks in line.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(run.taskCount).toBe(3);
    await run.stop();
    expect(run.taskCount).toBe(0);
  });
});
