import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { type FakeUpstream, startFakeUpstream } from "../helpers/fake-upstream.ts";
import { type SlackHarness, startSlackHarness, waitFor } from "../helpers/slack-harness.ts";

/** Answers after five seconds, like a Hugging Face (or arXiv) having a bad day. */
const slow = () => (_request: unknown, response: ServerResponse) => {
  setTimeout(() => {
    if (!response.destroyed) response.writeHead(200, { "content-type": "application/json" }).end("[]");
  }, 5000).unref();
};

describe("a slow Hugging Face never delays the slash-command ack", () => {
  let upstream: FakeUpstream;
  let slack: SlackHarness;
  beforeAll(async () => {
    upstream = await startFakeUpstream({
      "/api/papers/search": slow(),
      "/api/daily_papers": slow(),
      "/api/query": slow(),
    });
    slack = await startSlackHarness({
      processBeforeResponse: false,
      createApp: async (env) =>
        createApp(
          loadConfig({
            ...env,
            PAPERBOY_STORE: "memory://",
            HF_API_URL: upstream.url,
            ARXIV_API_URL: upstream.url,
          }),
          silentLogger,
          { commands, backend: createMemoryBackend(), now: () => new Date("2026-06-12T09:00:00Z") },
        ),
    });
  });
  afterAll(async () => {
    await slack?.close();
    await upstream?.close();
  });

  it("acks /papers topic at once and sends the answer to response_url afterwards", async () => {
    const started = Date.now();
    const result = await slack.commandAck("topic continual learning");
    expect(result.status).toBe(200);
    expect(result.ackMs).toBeLessThan(500);
    expect(result.responses).toHaveLength(0);
    await waitFor(() => result.responses.length > 0, 4000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(JSON.stringify(result.responses)).toContain("continual learning");
    expect(upstream.requestsTo("/api/papers/search")).toHaveLength(1);
  });
});
