import type { Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../adapters/slack/index.ts";
import { installationKey } from "../../adapters/slack/installation-store.ts";
import type { App } from "../../src/app.ts";
import { ConfigError } from "../../src/errors.ts";
import { silentLogger } from "../../src/log.ts";
import { createHealthServer, listen } from "../../src/server/health-server.ts";
import { type FakeSlack, installTokens, startFakeSlack } from "../helpers/fake-slack.ts";
import { SIGNING_SECRET } from "../helpers/slack-harness.ts";
import { createTestApp } from "../helpers/test-app.ts";

describe("Slack connection set-up", () => {
  let fake: FakeSlack;
  const apps: App[] = [];
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await fake?.close();
  });
  const appWith = async (env: NodeJS.ProcessEnv) => {
    const app = await createTestApp({ env: { SLACK_API_URL: fake.apiUrl, ...env } });
    apps.push(app);
    return app;
  };
  const configError = (build: () => unknown): ConfigError => {
    try {
      build();
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error("expected a ConfigError");
  };

  it("names the missing signing secret", async () => {
    const app = await appWith({ SLACK_BOT_TOKEN: "xoxb-1" });
    expect(configError(() => createSlackAdapter({ app })).message).toContain("SLACK_SIGNING_SECRET");
  });

  it("names a malformed bot token", async () => {
    const app = await appWith({ SLACK_BOT_TOKEN: "xoxp-user-token", SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(configError(() => createSlackAdapter({ app })).message).toMatch(
      /SLACK_BOT_TOKEN: expected a bot token/,
    );
  });

  it("stops start-up naming SLACK_BOT_TOKEN when Slack rejects the token", async () => {
    const app = await appWith({ SLACK_BOT_TOKEN: "xoxb-revoked", SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const adapter = createSlackAdapter({ app, logger: silentLogger });
    fake.failNext("auth.test", "invalid_auth");
    const error = await adapter.start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain("SLACK_BOT_TOKEN");
    expect(String(error)).toContain("invalid_auth");
  });

  it("builds a Socket Mode adapter when SLACK_APP_TOKEN is set (nothing to mount on HTTP)", async () => {
    const app = await appWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-abc" });
    const adapter = createSlackAdapter({ app, logger: silentLogger });
    expect(adapter.mode).toBe("socket");
    expect(adapter.requestListener).toBeUndefined();
    const bad = await appWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-wrong-kind" });
    expect(configError(() => createSlackAdapter({ app: bad })).message).toContain("SLACK_APP_TOKEN");
  });

  it("names every missing OAuth variable", async () => {
    const app = await appWith({ SLACK_CLIENT_ID: "1.2", SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const message = configError(() => createSlackAdapter({ app })).message;
    expect(message).toContain("SLACK_CLIENT_SECRET");
    expect(message).toContain("SLACK_STATE_SECRET");
  });

  it("OAuth: /slack/install redirects to Slack, /slack/oauth_redirect stores the installation, posts use its token", async () => {
    const app = await appWith({
      SLACK_CLIENT_ID: "111.222",
      SLACK_CLIENT_SECRET: "client-secret",
      SLACK_STATE_SECRET: "state-secret",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    });
    const adapter = createSlackAdapter({ app, logger: silentLogger });
    expect(adapter.mode).toBe("oauth");
    await adapter.start();
    const server: Server = createHealthServer({}, silentLogger, adapter.requestListener);
    const base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
    try {
      const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
      expect(install.status).toBe(302);
      const location = new URL(install.headers.get("location") ?? "");
      expect(location.searchParams.get("client_id")).toBe("111.222");
      expect(location.searchParams.get("scope")?.split(",")).toEqual(
        expect.arrayContaining(["commands", "chat:write", "reactions:read", "users:read"]),
      );
      const state = location.searchParams.get("state") ?? "";
      const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

      const callback = await fetch(
        `${base}/slack/oauth_redirect?code=T9&state=${encodeURIComponent(state)}`,
        {
          headers: { cookie },
          redirect: "manual",
        },
      );
      expect(callback.status).toBe(200);
      const stored = await app.store.backend.get<{ bot?: { token: string } }>(
        installationKey({ isEnterpriseInstall: false, teamId: "T-T9" }),
      );
      expect(stored?.bot?.token).toBe(installTokens("T9").bot);

      await adapter.post(
        { platform: "slack", workspaceId: "T-T9", channelId: "C1" },
        {
          kind: "message",
          tone: "info",
          text: "hello",
        },
      );
      expect(fake.callsTo("chat.postMessage").at(-1)?.headers.authorization).toBe(
        `Bearer ${installTokens("T9").bot}`,
      );
    } finally {
      await adapter.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    }
  });
});
