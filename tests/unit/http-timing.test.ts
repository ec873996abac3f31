import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/index.ts";
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

  it("spaces concurrent requests to a paced host by the interval", async () => {
    const host = new URL(upstream.url).host;
    const http = createHttpClient({ logger: silent, pacing: { [host]: 150 } });
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

  it("does not pace hosts that are not listed", async () => {
    const http = createHttpClient({ logger: silent, pacing: { "export.arxiv.org": 3000 } });
    const before = upstream.requestsTo("/ok").length;

    await Promise.all([1, 2, 3].map(() => http.getJson(`${upstream.url}/ok`)));

    const times = upstream
      .requestsTo("/ok")
      .slice(before)
      .map((r) => r.at);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(100);
  });
});
