import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, parseRetryAfter, UpstreamError } from "../../src/http/index.ts";
import { type FakeUpstream, json, sequence, startFakeUpstream, status } from "../helpers/fake-upstream.ts";

const silent = pino({ level: "silent" });
const NOW = Date.parse("2026-06-12T09:00:00Z");

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
    const delays: number[] = [];
    const http = createHttpClient({
      logger: silent,
      now: () => NOW,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    await expect(http.getJson(`${upstream.url}/limited-until`)).resolves.toEqual({ ok: "date" });
    await expect(http.getJson(`${upstream.url}/unavailable`)).resolves.toEqual({ ok: 503 });
    expect(delays).toEqual([5000, 2000]);
  });

  it("parses both Retry-After forms and ignores junk", () => {
    expect(parseRetryAfter("3", NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW + 1500).toUTCString(), NOW)).toBe(1000);
    expect(parseRetryAfter(new Date(NOW - 9000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
