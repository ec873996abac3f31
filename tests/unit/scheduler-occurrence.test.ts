import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { cronProblem } from "../../src/scheduler/cron-fields.ts";
import {
  cronExpression,
  dueDigest,
  lastOccurrence,
  nextOccurrence,
  occurrencesOn,
  zonedInstant,
} from "../../src/scheduler/occurrence.ts";
import type { Schedule } from "../../src/store/channel-repository.ts";
import { addDays, dateRange } from "../../src/time.ts";

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const schedule = (time: string, timezone: string, days: Schedule["days"] = "daily"): Schedule => ({
  time,
  timezone,
  days,
});

/**
 * Walks an injected clock minute by minute from `from` to `to` and records every minute at which a
 * digest became due that was not already posted for its local date: exactly what the scheduler posts.
 */
function postsBetween(plan: Schedule, from: string, to: string): { date: string; at: string }[] {
  const posted = new Map<string, string>();
  for (let now = at(from).getTime(); now <= at(to).getTime(); now += 60_000) {
    const due = dueDigest(plan, new Date(now), 6 * HOUR);
    if (due && !posted.has(due.date)) posted.set(due.date, new Date(now).toISOString());
  }
  return [...posted.entries()].map(([date, when]) => ({ date, at: when }));
}

describe("daily posts across daylight-saving changes, with an injected clock", () => {
  it.each([
    // zone, spring-forward week, fall-back week
    [
      "America/New_York",
      "2026-03-07T00:00:00Z",
      "2026-03-10T23:59:00Z",
      "2026-10-31T00:00:00Z",
      "2026-11-03T23:59:00Z",
    ],
    [
      "Europe/Berlin",
      "2026-03-28T00:00:00Z",
      "2026-03-31T23:59:00Z",
      "2026-10-24T00:00:00Z",
      "2026-10-27T23:59:00Z",
    ],
  ])(
    "%s at 09:00: exactly one post each day, at 09:00 local",
    (zone, springFrom, springTo, fallFrom, fallTo) => {
      for (const [from, to] of [
        [springFrom, springTo],
        [fallFrom, fallTo],
      ] as const) {
        const posts = postsBetween(schedule("09:00", zone), from, to);
        expect(new Set(posts.map((post) => post.date)).size).toBe(posts.length);
        expect(posts.length).toBe(4);
        for (const post of posts) {
          const wall = new Intl.DateTimeFormat("en-GB", {
            timeZone: zone,
            hour: "2-digit",
            minute: "2-digit",
          }).format(at(post.at));
          expect(wall, `${zone} ${post.date}`).toBe("09:00");
        }
      }
    },
  );

  it("New York's spring-forward day: 09:00 EDT is 13:00 UTC, the day before 14:00 UTC", () => {
    const posts = postsBetween(
      schedule("09:00", "America/New_York"),
      "2026-03-07T12:00:00Z",
      "2026-03-08T23:00:00Z",
    );
    expect(posts).toEqual([
      { date: "2026-03-07", at: "2026-03-07T14:00:00.000Z" },
      { date: "2026-03-08", at: "2026-03-08T13:00:00.000Z" },
    ]);
  });

  it("Berlin's fall-back day: 09:00 CET is 08:00 UTC, the day before 07:00 UTC", () => {
    const posts = postsBetween(
      schedule("09:00", "Europe/Berlin"),
      "2026-10-24T00:00:00Z",
      "2026-10-25T23:00:00Z",
    );
    expect(posts).toEqual([
      { date: "2026-10-24", at: "2026-10-24T07:00:00.000Z" },
      { date: "2026-10-25", at: "2026-10-25T08:00:00.000Z" },
    ]);
  });

  it("a time skipped by the jump (02:30 on New York's spring-forward day) posts once, when the clocks jump", () => {
    const posts = postsBetween(
      schedule("02:30", "America/New_York"),
      "2026-03-07T00:00:00Z",
      "2026-03-09T23:00:00Z",
    );
    expect(posts).toEqual([
      { date: "2026-03-07", at: "2026-03-07T07:30:00.000Z" },
      { date: "2026-03-08", at: "2026-03-08T07:00:00.000Z" },
      { date: "2026-03-09", at: "2026-03-09T06:30:00.000Z" },
    ]);
  });

  it("a time that happens twice (01:30 on New York's fall-back day) posts once, at the first", () => {
    const posts = postsBetween(
      schedule("01:30", "America/New_York"),
      "2026-10-31T00:00:00Z",
      "2026-11-02T23:00:00Z",
    );
    expect(posts).toEqual([
      { date: "2026-10-31", at: "2026-10-31T05:30:00.000Z" },
      { date: "2026-11-01", at: "2026-11-01T05:30:00.000Z" },
      { date: "2026-11-02", at: "2026-11-02T06:30:00.000Z" },
    ]);
  });

  it("Asia/Kolkata (UTC+05:30): 09:00 local is 03:30 UTC, every day", () => {
    const posts = postsBetween(
      schedule("09:00", "Asia/Kolkata"),
      "2026-03-07T00:00:00Z",
      "2026-03-09T23:59:00Z",
    );
    expect(posts.map((post) => post.at)).toEqual([
      "2026-03-07T03:30:00.000Z",
      "2026-03-08T03:30:00.000Z",
      "2026-03-09T03:30:00.000Z",
    ]);
  });

  it("a midnight schedule in a zone ahead of UTC belongs to the local date", () => {
    const posts = postsBetween(
      schedule("00:00", "Asia/Kolkata"),
      "2026-06-11T12:00:00Z",
      "2026-06-12T12:00:00Z",
    );
    expect(posts).toEqual([{ date: "2026-06-12", at: "2026-06-11T18:30:00.000Z" }]);
  });
});

describe("days, cron expressions and the grace window", () => {
  it("weekdays skip Saturday and Sunday in the channel's zone", () => {
    const posts = postsBetween(
      schedule("09:00", "Europe/Berlin", "weekdays"),
      "2026-06-12T00:00:00Z",
      "2026-06-15T23:00:00Z",
    );
    expect(posts.map((post) => post.date)).toEqual(["2026-06-12", "2026-06-15"]);
  });

  it("a cron expression fires at its first matching time of the day, once per day", () => {
    const plan = { ...schedule("09:00", "UTC"), cron: "15 8,14 * * mon,wed" };
    expect(cronExpression(plan)).toBe("15 8,14 * * mon,wed");
    expect(occurrencesOn(plan, "2026-06-15").map((date) => date.toISOString())).toEqual([
      "2026-06-15T08:15:00.000Z",
      "2026-06-15T14:15:00.000Z",
    ]);
    expect(occurrencesOn(plan, "2026-06-16")).toEqual([]);
    const posts = postsBetween(plan, "2026-06-15T00:00:00Z", "2026-06-17T23:00:00Z");
    expect(posts).toEqual([
      { date: "2026-06-15", at: "2026-06-15T08:15:00.000Z" },
      { date: "2026-06-17", at: "2026-06-17T08:15:00.000Z" },
    ]);
  });

  it("is due within the grace window after the scheduled time and not after it", () => {
    const plan = schedule("09:00", "Europe/Berlin");
    expect(dueDigest(plan, at("2026-06-12T06:59:00Z"), 6 * HOUR)).toBeUndefined();
    expect(dueDigest(plan, at("2026-06-12T07:00:00Z"), 6 * HOUR)?.date).toBe("2026-06-12");
    expect(dueDigest(plan, at("2026-06-12T12:59:00Z"), 6 * HOUR)?.scheduledAt).toEqual(
      at("2026-06-12T07:00:00Z"),
    );
    expect(dueDigest(plan, at("2026-06-12T13:01:00Z"), 6 * HOUR)).toBeUndefined();
  });

  it("validates cron expressions: five fields, real values", () => {
    expect(cronProblem("30 8 * * 1-5")).toBeUndefined();
    expect(cronProblem("0 30 8 * * 1-5")).toMatch(/six fields/);
    expect(cronProblem("61 8 * * *")).toMatch(/minute 61 is out of range/);
    expect(cronProblem("every morning")).toMatch(/five fields/);
  });

  it("zonedInstant maps wall-clock times to instants in odd zones", () => {
    expect(zonedInstant("2026-06-12", 9, 0, "Asia/Kathmandu").toISOString()).toBe("2026-06-12T03:15:00.000Z");
    expect(zonedInstant("2026-06-12", 9, 0, "UTC").toISOString()).toBe("2026-06-12T09:00:00.000Z");
  });
});

describe("node-cron's extras: our calendar and the node-cron task agree on every day", () => {
  it.each([
    "0 9 * * 1#1",
    "0 9 * * 0#2,5#5",
    "0 9 * * 7#1",
    "0 9 * * 5L",
    "0 9 * * 0L",
    "0 9 L * *",
    "0 9 L-3 * *",
    "0 9 15W * *",
    "0 9 1W * *",
    "0 9 LW * *",
    "0 9 31W * *",
    "0 9 ? * MON-FRI",
    "0 9 1-7 * mon",
    "0 9 * FEB,dec sat,sunday",
    "0 9 */10 * fri-mon",
    "0 9 29 2 *",
  ])("%s", (expression) => {
    const plan = { ...schedule("09:00", "Europe/Berlin"), cron: expression };
    expect(cronProblem(expression)).toBeUndefined();
    const task = cron.createTask(expression, () => undefined, { timezone: "Europe/Berlin" });
    try {
      const ours: string[] = [];
      const theirs: string[] = [];
      for (const date of dateRange("2026-01-01", "2028-12-31")) {
        if (occurrencesOn(plan, date).length > 0) ours.push(date);
        if (task.match(zonedInstant(date, 9, 0, "Europe/Berlin"))) theirs.push(date);
      }
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(theirs);
    } finally {
      task.destroy();
    }
  });

  it("first Monday, last day and nearest weekday land on the right dates", () => {
    const dates = (expression: string) =>
      dateRange("2026-06-01", "2026-09-30").filter(
        (date) => occurrencesOn({ ...schedule("09:00", "UTC"), cron: expression }, date).length > 0,
      );
    expect(dates("0 9 * * 1#1")).toEqual(["2026-06-01", "2026-07-06", "2026-08-03", "2026-09-07"]);
    expect(dates("0 9 L * *")).toEqual(["2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"]);
    // 1 August 2026 is a Saturday: the nearest weekday in the month is Monday 3 August.
    expect(dates("0 9 1W * *")).toEqual(["2026-06-01", "2026-07-01", "2026-08-03", "2026-09-01"]);
  });
});

describe("a schedule counts from when it was set", () => {
  const plan = { ...schedule("09:00", "Europe/Berlin"), since: "2026-06-12T10:00:00.000Z" };

  it("a time that passed before the schedule was set is not due; the next one is", () => {
    expect(dueDigest(plan, at("2026-06-12T10:00:00Z"), 6 * HOUR)).toBeUndefined();
    expect(lastOccurrence(plan, at("2026-06-12T12:00:00Z"))).toBeUndefined();
    expect(dueDigest(plan, at("2026-06-13T07:00:00Z"), 6 * HOUR)?.date).toBe("2026-06-13");
  });

  it("a record without since (stored before the field existed) catches up as before", () => {
    const { since: _, ...old } = plan;
    expect(dueDigest(old, at("2026-06-12T10:00:00Z"), 6 * HOUR)?.date).toBe("2026-06-12");
  });

  it("nextOccurrence is the first time at or after the moment, skipping a date already posted", () => {
    expect(nextOccurrence(plan, at("2026-06-12T10:00:00Z"))?.scheduledAt).toEqual(at("2026-06-13T07:00:00Z"));
    const early = { ...plan, since: "2026-06-12T05:00:00.000Z" };
    expect(nextOccurrence(early, at("2026-06-12T05:00:00Z"))?.date).toBe("2026-06-12");
    const skipToday = (date: string) => date === "2026-06-12";
    expect(nextOccurrence(early, at("2026-06-12T05:00:00Z"), skipToday)?.date).toBe(addDays("2026-06-12", 1));
  });
});
