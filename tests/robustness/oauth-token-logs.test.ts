import type { Server } from "node:http";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../adapters/slack/index.ts";
import type { App } from "../../src/app.ts";
import { createLogger } from "../../src/log.ts";
import { redactSecrets } from "../../src/secrets.ts";
import { createHealthServer, listen } from "../../src/server/health-server.ts";
import { type FakeSlack, installTokens, startFakeSlack } from "../helpers/fake-slack.ts";
import { SIGNING_SECRET } from "../helpers/slack-harness.ts";
import { createTestApp } from "../helpers/test-app.ts";

/** A real OAuth install at LOG_LEVEL=debug: Bolt's Web API client logs `oauth.v2.access`'s answer. */
describe("tokens an OAuth install hands out never reach the logs", () => {
  const lines: string[] = [];
  let fake: FakeSlack;
  let app: App;
  let adapter: SlackAdapter;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("debug", { destination });
    fake = await startFakeSlack();
    app = await createTestApp({
      logger,
      env: {
        LOG_LEVEL: "debug",
        SLACK_API_URL: fake.apiUrl,
        SLACK_CLIENT_ID: "111.222",
        SLACK_CLIENT_SECRET: "client-secret-value",
        SLACK_STATE_SECRET: "state-secret-value",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
      },
    });
    adapter = createSlackAdapter({ app, logger });
    await adapter.start();
    server = createHealthServer({}, logger, adapter.requestListener);
    base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    await adapter?.stop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server?.closeAllConnections();
    await app?.close();
    await fake?.close();
  });

  it("logs the install at debug level with every bot, refresh and user token redacted", async () => {
    const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
    const state = new URL(install.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const callback = await fetch(
      `${base}/slack/oauth_redirect?code=LOGGED&state=${encodeURIComponent(state)}`,
      {
        headers: { cookie },
        redirect: "manual",
      },
    );
    await callback.text();
    expect(callback.status).toBe(200);
    // A post in that workspace: authorize() and the Web API log at debug level too.
    await adapter.post(
      { platform: "slack", workspaceId: "T-LOGGED", channelId: "C1" },
      { kind: "message", tone: "info", text: "hello" },
    );
    const text = lines.join("");
    expect(text).toContain("oauth.v2.access");
    const tokens = Object.values(installTokens("LOGGED"));
    expect(tokens.filter((token) => text.includes(token))).toEqual([]);
    expect(text).toContain("[redacted]");
  });

  it("redacts tokens by their shape, configured or not", () => {
    const shaped = [
      "xoxb-1234-5678-abcdEFGH",
      "xoxp-1-2-3-abc",
      "xoxa-2-abc",
      "xoxr-abc-123",
      "xoxs-abc-123",
      "xoxe-1-My0xLTEyMw",
      "xoxe.xoxp-1-Mi0yLTM",
      "xoxe.xoxb-1-Mi0yLTM",
      "xapp-1-A111-222-abc",
      "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
    ];
    for (const token of shaped) {
      expect(redactSecrets(`{"msg":"answer","token":"${token}"}`), token).toBe(
        '{"msg":"answer","token":"[redacted]"}',
      );
    }
    const harmless = "fetched 2026-06-12: 30 papers from https://huggingface.co/api/daily_papers?limit=100";
    expect(redactSecrets(harmless)).toBe(harmless);
  });
});
