import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, PacedOutError, parseRetryAfter, UpstreamError } from "../../src/http/index.ts";
import { type FakeUpstream, json, sequence, startFakeUpstream, status } from "../helpers/fake-upstream.ts";

const silent = pino({ level: "silent" });
const NOW = Date.parse("2026-06-12T09:00:00Z");

/** A client on a virtual clock that its sleeps move on, recording each sleep. */
function clockedClient(options: { maxRetryAfterMs?: number } = {}) {
  const delays: number[] = [];
  let clock = NOW;
  const http = createHttpClient({
    logger: silent,
    now: () => clock,
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    ...options,
  });
  return { http, delays };
}

describe("http client rate limits", () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({
      "/limited-once": sequence(status(429, { "retry-after": "1" }), json({ ok: true })),
      "/limited-long": status(429, { "retry-after": "120" }),
      "/limited-until": sequence(
        status(429, { "retry-after": new Date(NOW + 5000).toUTCString() }),
        json({ ok: "date" }),
      ),
      "/unavailable": sequence(status(503, { "retry-after": "2" }), json({ ok: 503 })),
      "/limited-then-ok": sequence(status(429, { "retry-after": "30" }), json({ ok: "after the wait" })),
      "/other": json({ ok: "other" }),
    });
  });
  afterAll(() => upstream.close());

  it("waits for Retry-After seconds on 429, then succeeds", async () => {
    const http = createHttpClient({ logger: silent, baseDelayMs: 1 });

    await expect(http.getJson(`${upstream.url}/limited-once`)).resolves.toEqual({ ok: true });

    const [first, second] = upstream.requestsTo("/limited-once");
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("fails at once with rate_limited when Retry-After exceeds maxRetryAfterMs", async () => {
    const http = createHttpClient({ logger: silent, maxRetryAfterMs: 60_000 });
    const started = performance.now();

    const error = await http.getJson(`${upstream.url}/limited-long`).catch((e: unknown) => e);

    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "rate_limited", status: 429, retryAfterMs: 120_000 });
    expect((error as Error).message).toContain("Retry-After 120 s exceeds the 60 s limit");
    expect(upstream.requestsTo("/limited-long")).toHaveLength(1);
  });

  it("reads Retry-After given as an HTTP date, and honours it on 503 too", async () => {
    const { http, delays } = clockedClient();

    await expect(http.getJson(`${upstream.url}/limited-until`)).resolves.toEqual({ ok: "date" });
    await expect(http.getJson(`${upstream.url}/unavailable`)).resolves.toEqual({ ok: 503 });
    expect(delays).toEqual([5000, 2000]);
  });

  it("holds the client's other requests for the wait a 429 asked for, not only the refused one", async () => {
    // Longer than this client waits: the refused request fails at once.
    const { http, delays } = clockedClient({ maxRetryAfterMs: 10_000 });
    await expect(http.getJson(`${upstream.url}/limited-then-ok`)).rejects.toMatchObject({
      code: "rate_limited",
    });
    // A command that cannot wait is told so at once, without a request going out.
    const paced = http.getJson(`${upstream.url}/other`, { maxPacingWaitMs: 500 });
    await expect(paced).rejects.toBeInstanceOf(PacedOutError);
    await expect(paced).rejects.toMatchObject({ because: "retry-after" });
    expect(upstream.requestsTo("/other")).toHaveLength(0);
    // One that can wait waits out as much of the 30 s as the client allows, then goes out.
    await expect(http.getJson(`${upstream.url}/other`)).resolves.toEqual({ ok: "other" });
    expect(delays).toEqual([10_000]);
    expect(upstream.requestsTo("/other")).toHaveLength(1);
  });

  it("parses both Retry-After forms and ignores junk", () => {
    expect(parseRetryAfter("3", NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW + 1500).toUTCString(), NOW)).toBe(1000);
    expect(parseRetryAfter(new Date(NOW - 9000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
