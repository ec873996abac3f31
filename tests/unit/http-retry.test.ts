import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, UpstreamError } from "../../src/http/index.ts";
import { type FakeUpstream, json, sequence, startFakeUpstream, status } from "../helpers/fake-upstream.ts";

const noSleep = async () => {};
const silent = pino({ level: "silent" });

describe("http client retries", () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({
      "/flaky": sequence(status(500), status(502), json({ ok: true })),
      "/down": status(500),
      "/missing": status(404),
      "/forbidden": status(403),
    });
  });
  afterAll(() => upstream.close());

  it("retries 5xx answers and returns the first success, logging each retry", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const http = createHttpClient({ sleep: noSleep, random: () => 0.5, logger });

    await expect(http.getJson(`${upstream.url}/flaky`)).resolves.toEqual({ ok: true });

    expect(upstream.requestsTo("/flaky")).toHaveLength(3);
    const retries = lines.filter((line) => line.level === 40);
    expect(retries.map((line) => [line.attempt, line.status, line.delayMs])).toEqual([
      [1, 500, 250],
      [2, 502, 500],
    ]);
    expect(retries[0]?.url).toBe(`${upstream.url}/flaky`);
  });

  it("fails with a status UpstreamError naming the attempts once retries are exhausted", async () => {
    const http = createHttpClient({ sleep: noSleep, retries: 3, logger: silent });
    const error = await http.getJson(`${upstream.url}/down`).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "status", status: 500, attempts: 4, url: `${upstream.url}/down` });
    expect((error as Error).message).toBe(
      `[paperboy] [http] GET ${upstream.url}/down → 500 after 4 attempts`,
    );
    expect(upstream.requestsTo("/down")).toHaveLength(4);
  });

  it("does not retry other 4xx answers", async () => {
    const http = createHttpClient({ sleep: noSleep, logger: silent });

    await expect(http.getJson(`${upstream.url}/missing`)).rejects.toMatchObject({
      code: "status",
      status: 404,
    });
    await expect(http.getText(`${upstream.url}/forbidden`)).rejects.toMatchObject({
      status: 403,
      attempts: 1,
    });
    expect(upstream.requestsTo("/missing")).toHaveLength(1);
    expect(upstream.requestsTo("/forbidden")).toHaveLength(1);
  });

  it("grows the backoff exponentially up to maxDelayMs, with jitter from random()", async () => {
    const delays: number[] = [];
    const recordSleep = async (ms: number) => {
      delays.push(ms);
    };
    const http = createHttpClient({ sleep: recordSleep, random: () => 1, retries: 4, maxDelayMs: 3000 });

    await expect(http.getJson(`${upstream.url}/down`)).rejects.toMatchObject({ attempts: 5 });
    expect(delays).toEqual([500, 1000, 2000, 3000]);

    delays.length = 0;
    const jittered = createHttpClient({ sleep: recordSleep, random: () => 0.25, retries: 2, logger: silent });
    await expect(jittered.getJson(`${upstream.url}/down`)).rejects.toBeInstanceOf(UpstreamError);
    expect(delays).toEqual([125, 250]);
  });

  it("retries network errors and reports them with code network", async () => {
    const gone = await startFakeUpstream();
    await gone.close();
    const http = createHttpClient({ sleep: noSleep, retries: 1, logger: silent });

    const error = await http.getJson(`${gone.url}/anything`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "network", attempts: 2 });
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
