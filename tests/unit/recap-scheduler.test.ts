import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChannelUnavailableError } from "../../src/chat/adapter.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { stoppedPosts } from "../../src/digest/deliver.ts";
import type { Logger } from "../../src/log.ts";
import type { Weekday } from "../../src/recap/recap-schedule.ts";
import { WeeklyRecaps } from "../../src/recap/weekly-recaps.ts";
import type { Scheduler } from "../../src/scheduler/scheduler.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";
import { appScheduler, createTestApp, fixturePapers, RecordingAdapter } from "../helpers/test-app.ts";

/**
 * Europe/Berlin falls back from CEST (UTC+2) to CET (UTC+1) at 03:00 on Sunday 25 October 2026 and
 * springs forward at 02:00 on Sunday 29 March 2026. A Monday 09:00 recap is 07:00 UTC before the change
 * and 08:00 UTC after it.
 */
const CHANNEL: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };
const SET_AT = "2026-10-01T00:00:00.000Z";

let apps: App[] = [];
let schedulers: Scheduler[] = [];
const dir = mkdtempSync(join(tmpdir(), "paperboy-recap-"));

afterEach(async () => {
  for (const scheduler of schedulers) await scheduler.stop();
  for (const app of apps) await app.close();
  schedulers = [];
  apps = [];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function testApp(now: string, options: { backend?: KvBackend; logger?: Logger } = {}) {
  const app = await createTestApp({ now: new Date(now), ...options });
  apps.push(app);
  return app;
}

async function setRecap(app: App, day: Weekday, time: string, since = SET_AT) {
  await app.store.channels.update(
    CHANNEL,
    (settings) => ({ ...settings, recap: { day, time, timezone: "Europe/Berlin", since } }),
    { by: "U_ADMIN", at: new Date(since) },
  );
}

/** A scheduler running only the recap job (no daily schedule is set), sweeps driven by the test. */
function recapScheduler(app: App & { clock: { now: Date } }, adapter: RecordingAdapter, holder = "test") {
  const scheduler = appScheduler(app, [adapter], {
    holder,
    jobs: [new WeeklyRecaps({ store: app.store, logger: app.logger })],
  });
  schedulers.push(scheduler);
  return scheduler;
}

const recaps = (adapter: RecordingAdapter) =>
  adapter.posts
    .map((post) => post.reply)
    .filter((reply): reply is Extract<Reply, { kind: "recap" }> => reply.kind === "recap");

/** The week's votes: paper 0 by three people, paper 1 by one, and one vote from before the week. */
async function seedVotes(app: App) {
  const papers = fixturePapers();
  await app.store.papers.upsert(papers);
  const [first, second] = papers as [(typeof papers)[0], (typeof papers)[0]];
  for (const user of ["U1", "U2", "U3"]) {
    await app.store.votes.add(CHANNEL, first.id, user, new Date("2026-10-20T10:00:00Z"));
  }
  await app.store.votes.add(CHANNEL, second.id, "U1", new Date("2026-10-25T12:00:00Z"));
  // Monday 19 October 08:59 CEST: the week before this recap's.
  await app.store.votes.add(CHANNEL, second.id, "U9", new Date("2026-10-19T06:59:00Z"));
  return { first, second };
}

describe("the weekly recap posts once at its local time, across a daylight-saving change", () => {
  it("Monday 09:00 Europe/Berlin the day after the clocks fell back: 08:00 UTC, once, with that week's votes", async () => {
    const app = await testApp("2026-10-26T06:59:00Z");
    await setRecap(app, "monday", "09:00");
    const { first, second } = await seedVotes(app);
    const adapter = new RecordingAdapter();
    const run = recapScheduler(app, adapter);
    // 07:00 UTC is when 09:00 was under summer time; now it is 08:00 in Berlin: not yet.
    for (const at of ["2026-10-26T06:59:00Z", "2026-10-26T07:00:00Z", "2026-10-26T07:59:00Z"]) {
      app.clock.now = new Date(at);
      await run.sweep("sweep");
    }
    expect(adapter.posts).toHaveLength(0);
    app.clock.now = new Date("2026-10-26T08:00:00Z");
    await run.sweep("sweep");
    for (const at of ["2026-10-26T08:01:00Z", "2026-10-26T09:00:00Z", "2026-10-26T13:00:00Z"]) {
      app.clock.now = new Date(at);
      await run.sweep("sweep");
    }
    const posted = recaps(adapter);
    expect(posted).toHaveLength(1);
    const { recap } = posted[0] as Extract<Reply, { kind: "recap" }>;
    // The week runs from last Monday 09:00 CEST to this Monday 09:00 CET: 169 hours.
    expect(recap.week).toEqual({
      since: "2026-10-19T07:00:00.000Z",
      until: "2026-10-26T08:00:00.000Z",
      timezone: "Europe/Berlin",
    });
    expect(recap.upvoted.map((item) => [item.paper.id, item.people])).toEqual([
      [first.id, 3],
      [second.id, 1],
    ]);
    expect(recap.upvoted[0]?.paper.title).toBe(first.title);
    expect(recap.totals).toMatchObject({ upvotes: 4, upvoters: 3 });
    expect(adapter.posts[0]?.options?.idempotencyKey).toBe("console:W1:C1:2026-10-26:_recap");

    // Next Monday at 09:00 CET (08:00 UTC) comes the next one, and only then.
    app.clock.now = new Date("2026-11-02T07:59:00Z");
    await run.sweep("sweep");
    expect(recaps(adapter)).toHaveLength(1);
    app.clock.now = new Date("2026-11-02T08:00:00Z");
    await run.sweep("sweep");
    expect(recaps(adapter)).toHaveLength(2);
    expect(recaps(adapter)[1]?.recap.upvoted).toEqual([]);
  });

  it("Sunday 02:30, a time that happens twice as the clocks fall back: posted at the first, not again at the second", async () => {
    const app = await testApp("2026-10-25T00:29:00Z");
    await setRecap(app, "sunday", "02:30");
    const adapter = new RecordingAdapter();
    const run = recapScheduler(app, adapter);
    await run.sweep("sweep");
    expect(adapter.posts).toHaveLength(0);
    // 02:30 CEST.
    app.clock.now = new Date("2026-10-25T00:30:00Z");
    await run.sweep("sweep");
    expect(recaps(adapter)).toHaveLength(1);
    // 02:30 CET, an hour later: the same local date and time, not a second recap.
    app.clock.now = new Date("2026-10-25T01:30:00Z");
    await run.sweep("sweep");
    expect(recaps(adapter)).toHaveLength(1);
  });

  it("Sunday 02:30, a time the clocks skip in spring: posted when they jump to 03:00", async () => {
    const app = await testApp("2026-03-29T00:59:00Z", {});
    await setRecap(app, "sunday", "02:30", "2026-03-01T00:00:00.000Z");
    const adapter = new RecordingAdapter();
    const run = recapScheduler(app, adapter);
    await run.sweep("sweep");
    expect(adapter.posts).toHaveLength(0);
    app.clock.now = new Date("2026-03-29T01:00:00Z");
    await run.sweep("sweep");
    expect(recaps(adapter)).toHaveLength(1);
  });

  it("a recap set after this week's time starts next week", async () => {
    const app = await testApp("2026-10-26T08:30:00Z");
    await setRecap(app, "monday", "09:00", "2026-10-26T08:10:00.000Z");
    const adapter = new RecordingAdapter();
    await recapScheduler(app, adapter).sweep("sweep");
    expect(adapter.posts).toHaveLength(0);
  });
});

describe("exactly once across restarts and replicas", () => {
  it("catches up after a restart within the grace window, with a log line", async () => {
    const logs = captureLogs();
    const path = join(dir, "restart.sqlite");
    const before = await testApp("2026-10-26T07:30:00Z", { backend: await createSqliteBackend(path) });
    await setRecap(before, "monday", "09:00");
    await seedVotes(before);
    const adapter = new RecordingAdapter();
    await recapScheduler(before, adapter).start();
    expect(adapter.posts).toHaveLength(0);
    // The process goes down before 09:00 and comes back at 11:30 Berlin time.
    await schedulers.pop()?.stop();
    await apps.pop()?.close();
    const after = await testApp("2026-10-26T10:30:00Z", {
      backend: await createSqliteBackend(path),
      logger: logs.logger,
    });
    const restarted = recapScheduler(after, adapter);
    await restarted.start();
    expect(recaps(adapter)).toHaveLength(1);
    expect(recaps(adapter)[0]?.recap.upvoted).toHaveLength(2);
    const line = logs
      .lines()
      .find((entry) => String(entry.msg).startsWith("catching up: posting the weekly recap"));
    expect(line).toMatchObject({ channel: "console:W1:C1", date: "2026-10-26", lateMinutes: 150 });
    // And a second restart the same day posts nothing more.
    await recapScheduler(after, adapter, "third").start();
    expect(recaps(adapter)).toHaveLength(1);
  });

  it("skips a recap missed by more than the grace window, with a log line", async () => {
    const logs = captureLogs();
    const app = await testApp("2026-10-26T14:30:00Z", { logger: logs.logger });
    await setRecap(app, "monday", "09:00");
    const adapter = new RecordingAdapter();
    await recapScheduler(app, adapter).start();
    expect(adapter.posts).toHaveLength(0);
    const line = logs.lines().find((entry) => String(entry.msg).startsWith("skipping the weekly recap"));
    expect(String(line?.msg)).toContain("6.5 h ago: it is beyond the 6 h grace window");
  });

  it("a failed post is retried at the next sweep; a channel closed to the bot turns its recap off", async () => {
    const app = await testApp("2026-10-26T08:00:00Z");
    await setRecap(app, "monday", "09:00");
    const adapter = new RecordingAdapter();
    adapter.failAfter = 0;
    const run = recapScheduler(app, adapter);
    await run.sweep("sweep");
    expect(adapter.posts).toHaveLength(0);
    adapter.failAfter = Number.POSITIVE_INFINITY;
    app.clock.now = new Date("2026-10-26T08:01:00Z");
    await run.sweep("sweep");
    expect(recaps(adapter)).toHaveLength(1);

    adapter.post = async (channel) => {
      throw new ChannelUnavailableError(channel, "not_in_channel");
    };
    app.clock.now = new Date("2026-11-02T08:00:00Z");
    await run.sweep("sweep");
    expect((await app.store.channels.get(CHANNEL)).recap).toBeUndefined();
  });

  it("a recap-only channel closed to the bot says its weekly recap stopped, not a daily digest", async () => {
    const logs = captureLogs();
    const app = await testApp("2026-10-26T08:00:00Z", { logger: logs.logger });
    await setRecap(app, "monday", "09:00");
    const adapter = new RecordingAdapter();
    adapter.post = async (channel) => {
      throw new ChannelUnavailableError(channel, "channel_not_found");
    };
    await recapScheduler(app, adapter).sweep("sweep");
    const stopped = logs.lines().filter((entry) => String(entry.msg).includes("is unavailable"));
    expect(stopped.length).toBeGreaterThan(0);
    for (const line of stopped) {
      expect(String(line.msg)).toContain("weekly recap");
      expect(String(line.msg)).not.toContain("daily digest");
    }
    expect((await app.store.channels.get(CHANNEL)).recap).toBeUndefined();
  });

  it("two scheduler processes sharing one SQLite file, sweeping at the same moment: one recap", async () => {
    const path = join(dir, "replicas.sqlite");
    const one = await testApp("2026-10-26T08:00:00Z", { backend: await createSqliteBackend(path) });
    const two = await testApp("2026-10-26T08:00:00Z", { backend: await createSqliteBackend(path) });
    await setRecap(one, "monday", "09:00");
    await seedVotes(one);
    const adapter = new RecordingAdapter();
    const replicas = [recapScheduler(one, adapter, "one"), recapScheduler(two, adapter, "two")];
    await Promise.all([...replicas, ...replicas].map((replica) => replica.sweep("sweep")));
    expect(recaps(adapter)).toHaveLength(1);
    expect(recaps(adapter)[0]?.recap.upvoted).toHaveLength(2);
  });
});

describeWithRedis("the weekly recap on Redis", (url) => {
  const prefixes = redisTestPrefixes(url);
  afterAll(() => prefixes.cleanup());

  it("two scheduler processes sharing Redis, sweeping at the same moment: one recap", async () => {
    const prefix = prefixes.next();
    const one = await testApp("2026-10-26T08:00:00Z", { backend: await createRedisBackend(url, { prefix }) });
    const two = await testApp("2026-10-26T08:00:00Z", { backend: await createRedisBackend(url, { prefix }) });
    await setRecap(one, "monday", "09:00");
    await seedVotes(one);
    const adapter = new RecordingAdapter();
    const replicas = [recapScheduler(one, adapter, "one"), recapScheduler(two, adapter, "two")];
    await Promise.all([...replicas, ...replicas].map((replica) => replica.sweep("sweep")));
    expect(recaps(adapter)).toHaveLength(1);
    expect(recaps(adapter)[0]?.recap.upvoted.map((item) => item.people)).toEqual([3, 1]);
  });
});

describe("what stopping a channel's scheduled posts names", () => {
  it("names the daily digest, the recap or both, and how to restart each", () => {
    expect(stoppedPosts(true, false)).toMatchObject({
      log: "its daily digest is stopped",
      restart: "/papers schedule",
    });
    expect(stoppedPosts(false, true)).toMatchObject({
      log: "its weekly recap is stopped",
      restart: "/papers recap",
    });
    expect(stoppedPosts(true, true).notice).toBe("its daily paper digest and weekly recap are stopped");
  });
});
