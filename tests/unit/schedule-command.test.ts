import { afterEach, describe, expect, it, vi } from "vitest";
import { buildCommands } from "../../adapters/discord/register.ts";
import { commands } from "../../commands/index.ts";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { cronExpression } from "../../src/scheduler/occurrence.ts";
import type { Scheduler, SchedulerOptions } from "../../src/scheduler/scheduler.ts";
import type { Schedule } from "../../src/store/channel-repository.ts";
import { appScheduler, createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };
let schedulers: Scheduler[] = [];

afterEach(async () => {
  for (const scheduler of schedulers) await scheduler.stop();
  schedulers = [];
  vi.useRealTimers();
  await app?.close();
});

const admin = (line: string) => app.handle(invocation(line, { isAdmin: true }), new RecordingAdapter());
const stored = async () => (await app.store.channels.get(CHANNEL)).schedule as Schedule;

function expectKind<K extends Reply["kind"]>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind, JSON.stringify(reply).slice(0, 300)).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

function scheduler(adapter: RecordingAdapter, overrides: Partial<SchedulerOptions> = {}): Scheduler {
  const created = appScheduler(app, [adapter], { holder: `test-${schedulers.length}`, ...overrides });
  schedulers.push(created);
  return created;
}

describe("schedule arguments: every accepted form works, every refused one says why", () => {
  it("accepts weekends as a days option, in text and as Discord's typed choice", async () => {
    app = await createTestApp();
    const reply = expectKind(await admin("/papers schedule 08:30 weekends"), "message");
    expect(reply.text).toMatch(
      /^The digest will be posted here every Saturday and Sunday at 08:30 \(UTC\)\./,
    );
    expect(reply.text).toContain("First digest tomorrow at 08:30 UTC.");
    expect(await stored()).toMatchObject({ time: "08:30", days: "weekends" });
    expect(cronExpression(await stored())).toBe("30 8 * * 0,6");
    await app.handle(
      invocation("/papers schedule", {
        isAdmin: true,
        options: { time: "07:00", timezone: "Europe/Berlin", days: "weekends" },
      }),
    );
    expect(await stored()).toMatchObject({ time: "07:00", timezone: "Europe/Berlin", days: "weekends" });
    const days = buildCommands(commands)[0]?.options?.find((option) => option.name === "schedule");
    expect(JSON.stringify(days)).toContain('{"name":"weekends","value":"weekends"}');
  });

  it.each([
    ["/papers schedule 09:00 Europe/Berlin", "09:00", "Europe/Berlin"],
    ["/papers schedule Europe/Berlin 9.15 daily", "09:15", "Europe/Berlin"],
    ["/papers schedule weekend 18h00 Asia/Kolkata", "18:00", "Asia/Kolkata"],
  ])("%s is stored", async (line, time, timezone) => {
    app = await createTestApp();
    expectKind(await admin(line), "message");
    expect(await stored()).toMatchObject({ time, timezone });
  });

  it.each([
    ["/papers schedule cron 61 8 * * *", "Cron minute 61 is out of range: use 0–59."],
    ["/papers schedule 61 8 * * *", "Cron minute 61 is out of range: use 0–59."],
    ["/papers schedule cron 0 24 * * *", "Cron hour 24 is out of range: use 0–23."],
    ["/papers schedule cron 0 9 * 13 *", "Cron month 13 is out of range: use 1–12 or JAN–DEC."],
    ["/papers schedule cron 0 9 * * 1#6", "Cron day of week “1#6” isn't valid"],
    ["/papers schedule cron 0 9 31 2 *", "Cron day of month “31” never comes in the months given"],
    [
      "/papers schedule cron 0 9 L * 1#1",
      "never matches a day: the day of month and the day of week must both match",
    ],
    ["/papers schedule cron 0 0 9 * * 1", "six fields: paperboy schedules to the minute"],
    ["/papers schedule cron @daily", "Cron nicknames like @daily aren't supported"],
    ["/papers schedule cron 0 9 * *", "has 4"],
    ["/papers schedule cron", "Give the cron expression after cron"],
    ["/papers schedule cron 30 8 * * 1-5 weekdays", "A cron expression says which days itself"],
    [
      "/papers schedule 08:30 sometimes",
      "“sometimes” isn't a days option or a time zone. Days are daily, weekdays or weekends",
    ],
    ["/papers schedule 08:30 Mars/Olympus", "Unknown time zone “Mars/Olympus”"],
    ["/papers schedule weekends", "Say when"],
    ["/papers schedule 9am", "“9am” isn't a time"],
  ])("%s → %s", async (line, message) => {
    app = await createTestApp();
    const reply = expectKind(await admin(line), "usage");
    expect(reply.error).toContain(message);
    expect((await app.store.channels.get(CHANNEL)).schedule).toBeNull();
  });

  it("takes a cron expression typed into Discord's time option, and refuses a bad one with the reason", async () => {
    app = await createTestApp();
    const typed = (time: string) =>
      app.handle(invocation("/papers schedule", { isAdmin: true, options: { time, timezone: "UTC" } }));
    expectKind(await typed("0 9 * * MON#1"), "message");
    expect(await stored()).toMatchObject({ cron: "0 9 * * MON#1", timezone: "UTC" });
    expect(expectKind(await typed("cron 0 9 * * 8"), "usage").error).toContain(
      "Cron day of week 8 is out of range",
    );
  });
});

describe("a new or changed schedule starts at its next occurrence", () => {
  it("set after today's time: nothing posts now, the answer says tomorrow, and tomorrow it posts", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T10:00:00Z") });
    const adapter = new RecordingAdapter();
    const run = scheduler(adapter);
    await run.start();
    const reply = expectKind(await admin("/papers schedule 09:00 Europe/Berlin daily"), "message");
    expect(reply.text).toContain("First digest tomorrow at 09:00 Europe/Berlin.");
    expect((await run.sweep("settings")).posted).toEqual([]);
    expect(adapter.posts).toHaveLength(0);
    app.clock.now = new Date("2026-06-13T06:59:00Z");
    expect((await run.sweep("sweep")).posted).toEqual([]);
    app.clock.now = new Date("2026-06-13T07:00:00Z");
    expect((await run.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
  });

  it("set before a later time today: the answer says today, and it posts then", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T10:00:00Z") });
    const adapter = new RecordingAdapter();
    const reply = expectKind(await admin("/papers schedule 17:30 Europe/Berlin daily"), "message");
    expect(reply.text).toContain("First digest today at 17:30 Europe/Berlin.");
    app.clock.now = new Date("2026-06-12T15:30:00Z");
    expect((await scheduler(adapter).sweep("sweep")).posted).toEqual(["console:W1:C1"]);
  });

  it("a schedule set before a missed time still catches up after downtime", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T06:00:00Z") });
    await admin("/papers schedule 09:00 Europe/Berlin daily");
    app.clock.now = new Date("2026-06-12T10:30:00Z");
    const adapter = new RecordingAdapter();
    await scheduler(adapter).start();
    expect(adapter.posts.length).toBeGreaterThan(0);
  });

  it("moved to later on a day whose digest already went out: the answer says tomorrow", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T06:00:00Z") });
    await admin("/papers schedule 09:00 Europe/Berlin daily");
    app.clock.now = new Date("2026-06-12T07:00:00Z");
    await scheduler(new RecordingAdapter()).sweep("sweep");
    const reply = expectKind(await admin("/papers schedule 17:30"), "message");
    expect(reply.text).toContain("First digest tomorrow at 17:30 Europe/Berlin (today's is already posted).");
  });
});

describe("an accepted cron expression posts at its occurrence", () => {
  it("0 9 * * 1#1 (first Monday): not on other Mondays, and on the first at 09:00 local", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T10:00:00Z") });
    const reply = expectKind(await admin("/papers schedule cron 0 9 * * 1#1 Europe/Berlin"), "message");
    expect(reply.text).toContain("First digest on Monday 6 July at 09:00 Europe/Berlin.");
    const adapter = new RecordingAdapter();
    const run = scheduler(adapter);
    for (const monday of ["2026-06-15", "2026-06-22", "2026-06-29"]) {
      app.clock.now = new Date(`${monday}T07:00:00Z`);
      expect((await run.sweep("sweep")).posted).toEqual([]);
    }
    app.clock.now = new Date("2026-07-06T06:59:00Z");
    expect((await run.sweep("sweep")).posted).toEqual([]);
    app.clock.now = new Date("2026-07-06T07:00:00Z");
    expect((await run.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
  });

  it("the channel's real node-cron task fires and posts the digest (L: last day of the month)", async () => {
    // setImmediate stays real: loading the stored papers yields to the event loop between batches with it.
    vi.useFakeTimers({
      now: new Date("2026-06-30T06:59:30Z"),
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
    });
    app = await createTestApp({ now: new Date("2026-06-30T06:59:30Z") });
    await app.store.channels.update(
      CHANNEL,
      (settings) => ({
        ...settings,
        schedule: { time: "09:00", timezone: "Europe/Berlin", days: "daily", cron: "0 9 L * *" },
      }),
      { by: "U_ADMIN", at: new Date() },
    );
    const adapter = new RecordingAdapter();
    // No sweep within the test: only the node-cron task can post.
    const run = scheduler(adapter, { cronTasks: true, now: () => new Date(), sweepMs: 7 * 86_400_000 });
    await run.start();
    expect(run.taskCount).toBe(1);
    expect(adapter.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(31_000);
    await vi.waitFor(() => expect(adapter.posts.length).toBeGreaterThan(0));
    expect(adapter.posts[0]?.reply).toMatchObject({ kind: "header" });
  });
});
