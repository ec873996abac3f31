import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, PacedOutError } from "../../src/http/index.ts";
import { type FakeUpstream, hang, json, startFakeUpstream } from "../helpers/fake-upstream.ts";

const silent = pino({ level: "silent" });

describe("http client timeouts, cancellation and pacing", () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ "/silent": hang(), "/ok": json({ ok: true }) });
  });
  afterAll(() => upstream.close());

  it("times out each attempt after timeoutMs and reports code timeout", async () => {
    const http = createHttpClient({ logger: silent, timeoutMs: 200, retries: 1, baseDelayMs: 1 });
    const started = performance.now();

    const error = await http.getJson(`${upstream.url}/silent`).catch((e: unknown) => e);

    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ code: "timeout", attempts: 2 });
    expect((error as Error).message).toContain("timed out (200 ms) after 2 attempts");
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1200);
    expect(upstream.requestsTo("/silent")).toHaveLength(2);
  });

  it("stops at once when the caller aborts, rethrowing the caller's reason", async () => {
    const http = createHttpClient({ logger: silent, timeoutMs: 5000 });
    const controller = new AbortController();
    const reason = new Error("shutting down");
    setTimeout(() => controller.abort(reason), 50);

    await expect(http.getJson(`${upstream.url}/silent`, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("spaces a paced client's concurrent requests by its interval", async () => {
    const http = createHttpClient({ logger: silent, minIntervalMs: 150 });
    const before = upstream.requestsTo("/ok").length;

    await Promise.all([1, 2, 3].map(() => http.getJson(`${upstream.url}/ok`)));

    const times = upstream
      .requestsTo("/ok")
      .slice(before)
      .map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(140);
  });

  it("paces per client, not per host: an unpaced client on the same host never waits", async () => {
    const waits: number[] = [];
    const recordSleep = async (ms: number) => {
      waits.push(ms);
    };
    const paced = createHttpClient({ logger: silent, minIntervalMs: 3000, sleep: recordSleep, now: () => 0 });
    const unpaced = createHttpClient({ logger: silent, sleep: recordSleep, now: () => 0 });

    await paced.getJson(`${upstream.url}/ok`);
    await Promise.all([1, 2, 3].map(() => unpaced.getJson(`${upstream.url}/ok`)));
    expect(waits).toEqual([]);
    await paced.getJson(`${upstream.url}/ok`);
    expect(waits).toEqual([3000]);
  });

  it("with maxPacingWaitMs, fails at once instead of queueing, and sends nothing", async () => {
    const paced = createHttpClient({ logger: silent, minIntervalMs: 3000, now: () => 0 });
    await paced.getJson(`${upstream.url}/ok`);
    const before = upstream.requestsTo("/ok").length;

    const error = await paced
      .getJson(`${upstream.url}/ok`, { maxPacingWaitMs: 800 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PacedOutError);
    expect((error as PacedOutError).waitMs).toBe(3000);
    expect(upstream.requestsTo("/ok")).toHaveLength(before);
  });
});
