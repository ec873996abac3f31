import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import { performance } from "node:perf_hooks";
import { createSlackAdapter, type SlackAdapter } from "../../adapters/slack/index.ts";
import type { App } from "../../src/app.ts";
import { type Logger, silentLogger } from "../../src/log.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import { createHealthServer, listen } from "../../src/server/health-server.ts";
import type { ServerLimits } from "../../src/server/server-limits.ts";
import { FAKE_BOT, type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { createTestApp } from "./test-app.ts";

/** The signing secret the harness's app is configured with. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Slack's v0 request signature headers for a body sent at `timestamp` (seconds). */
export function signatureHeaders(
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${signature}`, "x-slack-request-timestamp": String(timestamp) };
}

/** What one slash command got: the HTTP ack and, once answered, what reached its response URL. */
export interface CommandResult {
  status: number;
  /** Body of the HTTP ack (empty for a plain `ack()`). */
  ackBody: string;
  ackMs: number;
  /** The messages `respond()` sent, in order. */
  responses: Record<string, unknown>[];
}

/** A real Bolt app behind paperboy's HTTP server, a fake Slack Web API, and helpers to talk to it. */
export interface SlackHarness {
  fake: FakeSlack;
  app: App;
  adapter: SlackAdapter;
  /** `http://127.0.0.1:PORT`, paperboy's one HTTP server. */
  baseUrl: string;
  /** POSTs a raw body to `/slack/events` with the given headers (signed unless you pass your own). */
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  /** Types `/papers <text>` as a user and waits for the answer. */
  command(text: string, from?: { user?: string; channel?: string; team?: string }): Promise<CommandResult>;
  /** Types `/papers <text>` and returns as soon as the ack arrives (answers come later). */
  commandAck(text: string, from?: { user?: string; channel?: string; team?: string }): Promise<CommandResult>;
  /**
   * Clicks the button `actionId` of an earlier answer (a signed `block_actions` payload with its own
   * response URL), as `from` (default the asker, U1 in C1), and waits until the click is answered.
   */
  click(
    answer: CommandResult,
    actionId: string,
    from?: { user?: string; channel?: string; team?: string; value?: string },
  ): Promise<CommandResult>;
  /** Delivers one Events API callback; returns the HTTP status. */
  event(
    event: Record<string, unknown>,
    options?: { eventId?: string; team?: string; retryNum?: number },
  ): Promise<number>;
  close(): Promise<void>;
}

let counter = 0;

/** Starts the fake Slack, a test app (or the one given), the Slack adapter and the HTTP server. */
export async function startSlackHarness(
  options: {
    env?: NodeJS.ProcessEnv;
    sources?: CatalogSources;
    now?: Date;
    /** Build the app yourself (given the fake Slack's API URL) instead of `createTestApp`. */
    createApp?: (env: NodeJS.ProcessEnv) => Promise<App>;
    processBeforeResponse?: boolean;
    /** Timeouts and connection cap of paperboy's HTTP server (small ones for tests of slow clients). */
    serverLimits?: Partial<ServerLimits>;
    /** Where the app, adapter and server log (default: nowhere). */
    logger?: Logger;
  } = {},
): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const env: NodeJS.ProcessEnv = {
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...options.env,
  };
  const app = options.createApp
    ? await options.createApp(env)
    : await createTestApp({ env, sources: options.sources, now: options.now, logger: options.logger });
  const logger = options.logger ?? silentLogger;
  const adapter = createSlackAdapter({
    app,
    logger,
    processBeforeResponse: options.processBeforeResponse ?? true,
    botId: FAKE_BOT.botId,
    botUserId: FAKE_BOT.userId,
  });
  await adapter.start();
  const server: Server = createHealthServer({}, logger, adapter.requestListener, {
    limits: options.serverLimits,
  });
  const port = await listen(server, 0, "127.0.0.1");
  const baseUrl = `http://127.0.0.1:${port}`;

  const post: SlackHarness["post"] = (body, contentType, headers) =>
    fetch(`${baseUrl}/slack/events`, {
      method: "POST",
      headers: { "content-type": contentType, ...(headers ?? signatureHeaders(body)) },
      body,
    });

  const sendCommand = async (text: string, from: { user?: string; channel?: string; team?: string } = {}) => {
    counter += 1;
    const id = `cmd-${counter}`;
    const body = new URLSearchParams({
      token: "legacy-verification-token",
      team_id: from.team ?? FAKE_BOT.teamId,
      team_domain: "fake",
      channel_id: from.channel ?? "C1",
      channel_name: "papers",
      user_id: from.user ?? "U1",
      user_name: (from.user ?? "U1").toLowerCase(),
      command: "/papers",
      text,
      api_app_id: "A1",
      response_url: fake.responseUrl(id),
      trigger_id: `trigger-${counter}`,
    }).toString();
    const started = performance.now();
    const response = await post(body, "application/x-www-form-urlencoded");
    const ackBody = await response.text();
    return { id, status: response.status, ackBody, ackMs: performance.now() - started };
  };
  const responsesFor = (id: string) =>
    fake.responses.filter((item) => item.id === id).map((item) => item.body);

  return {
    fake,
    app,
    adapter,
    baseUrl,
    post,
    async command(text, from) {
      const { id, ...ack } = await sendCommand(text, from);
      await adapter.idle();
      return { ...ack, responses: responsesFor(id) };
    },
    async commandAck(text, from) {
      const { id, ...ack } = await sendCommand(text, from);
      return {
        ...ack,
        get responses() {
          return responsesFor(id);
        },
      };
    },
    async click(answer, actionId, from = {}) {
      const button = answer.responses
        .flatMap((response) => (Array.isArray(response.blocks) ? response.blocks : []))
        .flatMap((block: { elements?: unknown[] }) => block.elements ?? [])
        .find((element) => (element as { action_id?: string }).action_id === actionId) as
        | { action_id: string; value?: string; text?: unknown }
        | undefined;
      if (!button) throw new Error(`no button ${actionId} on that answer`);
      counter += 1;
      const id = `action-${counter}`;
      const team = from.team ?? FAKE_BOT.teamId;
      const user = from.user ?? "U1";
      const channel = from.channel ?? "C1";
      const payload = {
        type: "block_actions",
        team: { id: team, domain: "fake" },
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
        api_app_id: "A1",
        token: "legacy-verification-token",
        container: {
          type: "message",
          message_ts: "1781254800.000100",
          channel_id: channel,
          is_ephemeral: true,
        },
        trigger_id: `trigger-${counter}`,
        channel: { id: channel, name: "papers" },
        response_url: fake.responseUrl(id),
        state: { values: {} },
        actions: [
          {
            type: "button",
            action_id: button.action_id,
            block_id: button.action_id,
            text: button.text,
            value: from.value ?? button.value,
            action_ts: "1781254801.000200",
          },
        ],
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const started = performance.now();
      const response = await post(body, "application/x-www-form-urlencoded");
      const ackBody = await response.text();
      const ackMs = performance.now() - started;
      await adapter.idle();
      return { status: response.status, ackBody, ackMs, responses: responsesFor(id) };
    },
    async event(event, eventOptions = {}) {
      counter += 1;
      const team = eventOptions.team ?? FAKE_BOT.teamId;
      const body = JSON.stringify({
        token: "legacy-verification-token",
        team_id: team,
        api_app_id: "A1",
        event,
        type: "event_callback",
        event_id: eventOptions.eventId ?? `Ev${counter}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: team, user_id: FAKE_BOT.userId, is_bot: true, enterprise_id: null }],
      });
      const retry: Record<string, string> =
        eventOptions.retryNum !== undefined
          ? { "x-slack-retry-num": String(eventOptions.retryNum), "x-slack-retry-reason": "http_timeout" }
          : {};
      const response = await post(body, "application/json", { ...signatureHeaders(body), ...retry });
      await response.text();
      return response.status;
    },
    async close() {
      await adapter.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.close();
      await fake.close();
    },
  };
}

/** A `reaction_added` / `reaction_removed` event on a message. */
export function reactionEvent(
  type: "reaction_added" | "reaction_removed",
  options: { user: string; reaction: string; channel?: string; ts: string; at?: Date },
): Record<string, unknown> {
  const at = options.at ?? new Date("2026-06-12T09:30:00Z");
  return {
    type,
    user: options.user,
    reaction: options.reaction,
    item_user: FAKE_BOT.userId,
    item: { type: "message", channel: options.channel ?? "C1", ts: options.ts },
    event_ts: (at.getTime() / 1000).toFixed(6),
  };
}

/** Every string anywhere inside a JSON value, for checks over whole Block Kit payloads. */
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === "object") return Object.values(value).flatMap(allStrings);
  return [];
}

/** Polls until `check` returns (or resolves to) true, or the time runs out. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Settings that put the Slack adapter in OAuth mode (many workspaces), for `startSlackHarness({ env })`. */
export const SLACK_OAUTH_ENV: NodeJS.ProcessEnv = {
  SLACK_BOT_TOKEN: "",
  SLACK_CLIENT_ID: "111.222",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_STATE_SECRET: "state-secret-value",
};

/** Opens `/slack/install` as a browser would: the `state` Slack is sent and the cookie that goes with it. */
export async function beginOAuthInstall(baseUrl: string): Promise<{ state: string; cookie: string }> {
  const install = await fetch(`${baseUrl}/slack/install`, { redirect: "manual" });
  await install.text();
  const state = new URL(install.headers.get("location") ?? "").searchParams.get("state") ?? "";
  const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { state, cookie };
}

/** Slack's redirect back with `code` after `beginOAuthInstall`; returns the answer's status. */
export async function completeOAuthInstall(
  baseUrl: string,
  code: string,
  begun: { state: string; cookie: string },
): Promise<number> {
  const callback = await fetch(
    `${baseUrl}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(begun.state)}`,
    { headers: { cookie: begun.cookie }, redirect: "manual" },
  );
  await callback.text();
  return callback.status;
}
