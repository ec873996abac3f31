import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../adapters/slack/index.ts";
import { installationKey } from "../../adapters/slack/installation-store.ts";
import type { App } from "../../src/app.ts";
import { silentLogger } from "../../src/log.ts";
import { createHealthServer, listen } from "../../src/server/health-server.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import { SIGNING_SECRET, signatureHeaders } from "../helpers/slack-harness.ts";
import { createTestApp } from "../helpers/test-app.ts";

/** Slack in OAuth mode (many workspaces): the install flow's `state` and every request's signature. */
describe("Slack OAuth mode refuses forged installs and unsigned requests", () => {
  let fake: FakeSlack;
  let app: App;
  let adapter: SlackAdapter;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = await createTestApp({
      env: {
        SLACK_API_URL: fake.apiUrl,
        SLACK_CLIENT_ID: "111.222",
        SLACK_CLIENT_SECRET: "client-secret-value",
        SLACK_STATE_SECRET: "state-secret-value",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
      },
    });
    adapter = createSlackAdapter({ app, logger: silentLogger });
    await adapter.start();
    server = createHealthServer({}, silentLogger, adapter.requestListener);
    base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    await adapter?.stop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server?.closeAllConnections();
    await app?.close();
    await fake?.close();
  });

  const installed = (team: string) =>
    app.store.backend.get(installationKey({ isEnterpriseInstall: false, teamId: `T-${team}` }));

  const begin = async () => {
    const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
    const state = new URL(install.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    return { state, cookie };
  };

  it("stores nothing for a forged state, a state without its browser cookie, or no state at all", async () => {
    const { state, cookie } = await begin();
    expect(state.length).toBeGreaterThan(10);
    const attempts: [string, Record<string, string>][] = [
      [`code=F1&state=${encodeURIComponent("forged-state")}`, { cookie }],
      [`code=F2&state=${encodeURIComponent(state)}`, {}],
      [`code=F3&state=${encodeURIComponent(`${state}x`)}`, { cookie }],
      ["code=F4", { cookie }],
    ];
    for (const [query, headers] of attempts) {
      const response = await fetch(`${base}/slack/oauth_redirect?${query}`, { headers, redirect: "manual" });
      await response.text();
      expect(response.ok, query).toBe(false);
    }
    for (const team of ["F1", "F2", "F3", "F4"]) expect(await installed(team)).toBeUndefined();
    // The real flow still works, once.
    const ok = await fetch(`${base}/slack/oauth_redirect?code=G1&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: "manual",
    });
    await ok.text();
    expect(ok.status).toBe(200);
    expect(await installed("G1")).toBeDefined();
  });

  it("answers 401 to a command without a valid signature and runs nothing", async () => {
    const body = new URLSearchParams({
      team_id: "T-G1",
      channel_id: "C1",
      user_id: "U1",
      command: "/papers",
      text: "follow quokkas",
      response_url: fake.responseUrl("unsigned"),
    }).toString();
    const contentType = { "content-type": "application/x-www-form-urlencoded" };
    const forged = { ...signatureHeaders(body), "x-slack-signature": `v0=${"0".repeat(64)}` };
    for (const headers of [{}, forged]) {
      const response = await fetch(`${base}/slack/events`, {
        method: "POST",
        headers: { ...contentType, ...headers },
        body,
      });
      await response.text();
      expect(response.status).toBe(401);
    }
    const channel = { platform: "slack", workspaceId: "T-G1", channelId: "C1" } as const;
    expect((await app.store.channels.get(channel)).followedTopics).toEqual([]);
  });
});
