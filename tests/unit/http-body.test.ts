import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, DEFAULT_USER_AGENT, UpstreamError } from "../../src/http/index.ts";
import { type FakeUpstream, json, startFakeUpstream, text } from "../helpers/fake-upstream.ts";

const silent = pino({ level: "silent" });
const HTML = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";

describe("http client bodies and headers", () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({
      "/ok": json([{ id: 1 }]),
      "/html": text(HTML, "text/html; charset=utf-8"),
      "/html-as-json": json(HTML),
      "/truncated": json('[{"paper": {"id": "2606.13392", "title": "MiniMax'),
      "/feed": text("<feed/>", "application/atom+xml"),
    });
  });
  afterAll(() => upstream.close());

  it("sends a paperboy User-Agent and the Accept header", async () => {
    const http = createHttpClient({ logger: silent });

    await expect(http.getJson(`${upstream.url}/ok`)).resolves.toEqual([{ id: 1 }]);
    await http.getText(`${upstream.url}/feed`, { accept: "application/atom+xml" });

    const [jsonRequest, feedRequest] = upstream.requests.filter(
      (r) => r.path === "/ok" || r.path === "/feed",
    );
    expect(jsonRequest?.headers["user-agent"]).toContain("paperboy");
    expect(jsonRequest?.headers["user-agent"]).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^paperboy\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\//);
    expect(jsonRequest?.headers.accept).toBe("application/json");
    expect(feedRequest?.headers.accept).toBe("application/atom+xml");
  });

  it("returns text bodies with their content type", async () => {
    const http = createHttpClient({ logger: silent, userAgent: "custom-agent/1" });

    await expect(http.getText(`${upstream.url}/feed`)).resolves.toEqual({
      body: "<feed/>",
      contentType: "application/atom+xml",
    });
    expect(upstream.requestsTo("/feed").at(-1)?.headers["user-agent"]).toBe("custom-agent/1");
  });

  it("fails with bad_body, without retrying, when an HTML page comes back instead of JSON", async () => {
    const http = createHttpClient({ logger: silent });

    const error = await http.getJson(`${upstream.url}/html`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "bad_body" });
    expect((error as Error).message).toMatch(
      /^\[paperboy\] \[http\] GET .*\/html → expected JSON, got text\/html$/,
    );
    expect(upstream.requestsTo("/html")).toHaveLength(1);

    await expect(http.getJson(`${upstream.url}/html-as-json`)).rejects.toMatchObject({
      code: "bad_body",
      message: expect.stringContaining("HTML page"),
    });
  });

  it("fails with bad_body when the JSON is truncated", async () => {
    const http = createHttpClient({ logger: silent });

    const error = await http.getJson(`${upstream.url}/truncated`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "bad_body", url: `${upstream.url}/truncated` });
    expect((error as Error).message).toContain("invalid JSON");
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(upstream.requestsTo("/truncated")).toHaveLength(1);
  });
});
