import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { rankingClock } from "../../src/digest/digest-service.ts";
import { createTestApp } from "../helpers/test-app.ts";

let app: App & { clock: { now: Date } };
afterEach(async () => app?.close());

describe("a digest of a past date is ranked as of that date", () => {
  it("gives the same order and scores half a year later as at the end of that day", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T23:59:59Z") });
    const options = { date: "2026-06-12", timezone: "UTC", limit: 5 };
    const then = (await app.digests.standalone(options)).digest;
    app.clock.now = new Date("2026-12-06T09:00:00Z");
    const later = (await app.digests.standalone(options)).digest;

    expect(later.items.every((item) => item.score > 0.5)).toBe(true);
    expect(later.items.map((item) => [item.paper.id, item.score.toFixed(3)])).toEqual(
      then.items.map((item) => [item.paper.id, item.score.toFixed(3)]),
    );
    expect(later.items[0]?.why).toMatch(/featured today$/);
  });

  it("ranks today by the clock, and a past date at its end", () => {
    const now = new Date("2026-06-12T09:00:00Z");
    expect(rankingClock("2026-06-12", now)).toBe(now);
    expect(rankingClock("2026-06-01", now).toISOString()).toBe("2026-06-02T00:00:00.000Z");
  });

  it("narrowed to a topic no paper of the day is about, says so instead of that no papers were featured", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T23:59:59Z") });
    const narrowed = (
      await app.digests.standalone({
        date: "2026-06-12",
        timezone: "UTC",
        limit: 5,
        topics: ["catastrophic forgetting"],
      })
    ).digest;
    expect(narrowed.kind).toBe("quiet");
    expect(narrowed.note).toMatch(/^No paper featured on Fri 12 Jun 2026 is about “catastrophic forgetting”/);
    expect(narrowed.note).not.toContain("weekends and holidays");
    // A topic some paper is about still gives the day's digest.
    const matching = (
      await app.digests.standalone({ date: "2026-06-12", timezone: "UTC", limit: 5, topics: ["agents"] })
    ).digest;
    expect(matching.kind).toBe("daily");
  });
});
