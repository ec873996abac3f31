import { gzipSync } from "node:zlib";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, UpstreamError } from "../../src/http/index.ts";
import { type FakeHandler, type FakeUpstream, json, startFakeUpstream } from "../helpers/fake-upstream.ts";

const silent = pino({ level: "silent" });
const LIMIT = 1024;

/** Streams `chunk` for ever (chunked, no Content-Length) and records how many bytes it managed to send. */
const endless =
  (sent: { bytes: number; closed: boolean }, statusCode = 200): FakeHandler =>
  (_request, response) => {
    response.writeHead(statusCode, { "content-type": "application/json" });
    const chunk = Buffer.alloc(16 * 1024, " ");
    response.write("[");
    const timer = setInterval(() => {
      if (response.destroyed) return;
      response.write(chunk);
      sent.bytes += chunk.length;
    }, 1);
    response.on("close", () => {
      sent.closed = true;
      clearInterval(timer);
    });
  };

describe("http client body size limit", () => {
  let upstream: FakeUpstream;
  const streamed = { bytes: 0, closed: false };
  const streamedError = { bytes: 0, closed: false };
  beforeAll(async () => {
    upstream = await startFakeUpstream({
      "/declared": (_request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "52428800" });
        response.write("[");
      },
      "/endless": endless(streamed),
      "/endless-500": endless(streamedError, 500),
      "/exact": json(`"${"x".repeat(LIMIT - 2)}"`),
      "/one-over": json(`"${"x".repeat(LIMIT - 1)}"`),
      "/gzip-bomb": (_request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        response.end(gzipSync(`"${"x".repeat(1024 * 1024)}"`));
      },
    });
  });
  afterAll(() => upstream.close());

  const client = () => createHttpClient({ logger: silent, maxBodyBytes: LIMIT, timeoutMs: 5000, retries: 3 });

  it("refuses a body whose Content-Length passes the limit before reading it, without retrying", async () => {
    const error = await client()
      .getJson(`${upstream.url}/declared`)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "too_large", attempts: 1 });
    expect((error as Error).message).toContain(`${upstream.url}/declared`);
    expect((error as Error).message).toContain("Content-Length 52428800 exceeds the 1 KB limit");
    expect(upstream.requestsTo("/declared")).toHaveLength(1);
  });

  it("stops reading an endless body once it passes the limit, and closes the connection", async () => {
    const error = await client()
      .getText(`${upstream.url}/endless`)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "too_large", attempts: 1 });
    expect((error as Error).message).toContain("body exceeds the 1 KB limit after 1 attempt");
    expect(upstream.requestsTo("/endless")).toHaveLength(1);
    await expect.poll(() => streamed.closed, { timeout: 5000 }).toBe(true);
  });

  it("counts the bytes after decompression, so a small gzip that unpacks to 1 MB is refused", async () => {
    await expect(client().getJson(`${upstream.url}/gzip-bomb`)).rejects.toMatchObject({ code: "too_large" });
  });

  it("accepts a body of exactly the limit and refuses one byte more", async () => {
    await expect(client().getJson(`${upstream.url}/exact`)).resolves.toBe("x".repeat(LIMIT - 2));
    await expect(client().getJson(`${upstream.url}/one-over`)).rejects.toMatchObject({ code: "too_large" });
  });

  it("keeps an error response's status and excerpt but reads no more of an endless error body", async () => {
    const http = createHttpClient({ logger: silent, maxBodyBytes: 1 << 30, timeoutMs: 5000, retries: 0 });
    const error = await http.getText(`${upstream.url}/endless-500`).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "status", status: 500 });
    expect((error as UpstreamError).body).toHaveLength(4096);
    await expect.poll(() => streamedError.closed, { timeout: 5000 }).toBe(true);
  });
});
