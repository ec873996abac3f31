import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MessagePoster } from "../../adapters/slack/post-message.ts";
import { MAX_SOCKETS } from "../../adapters/slack/post-worker.ts";
import { rateLimitWaitMs, slackErrorCode } from "../../adapters/slack/web-api.ts";
import { ChannelUnavailableError } from "../../src/chat/adapter.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { FAKE_BOT, type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";

const channel = (channelId: string) =>
  ({ platform: "slack", workspaceId: FAKE_BOT.teamId, channelId }) as const;
const HELLO: Reply = { kind: "message", tone: "info", text: "hello" };
const rateLimitedTotal = async (slack: SlackHarness) =>
  Number(
    /^paperboy_rate_limited_total\{platform="slack"\} (\d+)$/m.exec(
      (await slack.app.metrics.render()).body,
    )?.[1] ?? 0,
  );

describe("Slack posts through paperboy's own chat.postMessage client", () => {
  let slack: SlackHarness;
  const postsTo = (channelId: string) =>
    slack.fake.callsTo("chat.postMessage").filter((call) => call.body.channel === channelId);
  beforeAll(async () => {
    slack = await startSlackHarness();
    slack.fake.users.set("U_ADMIN", { is_admin: true });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("lands with the bot token in the Authorization header and the message, key and unfurl settings in the body", async () => {
    const posted = await slack.adapter.post(channel("CBODY"), HELLO, {
      idempotencyKey: "slack:T1:CBODY:d:_header",
    });
    const [call] = postsTo("CBODY");
    expect(call?.headers.authorization).toBe("Bearer xoxb-test-token");
    expect(call?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(call?.body).toMatchObject({
      channel: "CBODY",
      text: expect.stringContaining("hello"),
      blocks: expect.any(Array),
      unfurl_links: "false",
      unfurl_media: "false",
      metadata: { event_type: "paperboy_post", event_payload: { key: "slack:T1:CBODY:d:_header:0" } },
    });
    expect(call?.body).not.toHaveProperty("token");
    expect(posted.messageId).toBe(call?.response?.ts);
  });

  it("channel_not_found stops the channel's schedule as an unavailable channel, after one attempt", async () => {
    await slack.command("schedule 09:00 UTC daily", { user: "U_ADMIN", channel: "CGONE" });
    expect((await slack.app.store.channels.get(channel("CGONE"))).schedule).toBeTruthy();
    slack.fake.failNext("chat.postMessage", "channel_not_found");
    const error = await slack.adapter.post(channel("CGONE"), HELLO).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelUnavailableError);
    expect(error).toMatchObject({ reason: "channel_not_found" });

    slack.fake.failNext("chat.postMessage", "channel_not_found");
    const result = await slack.command("post", { user: "U_ADMIN", channel: "CGONE" });
    expect(JSON.stringify(result.responses)).toContain("channel_not_found");
    expect((await slack.app.store.channels.get(channel("CGONE"))).schedule ?? null).toBeNull();
    expect(postsTo("CGONE")).toHaveLength(2);
  });

  it("a 429 is waited out in that channel alone, counted, and the message lands once", async () => {
    const before = await rateLimitedTotal(slack);
    slack.fake.statusNext("chat.postMessage", 429, { retryAfter: 1 });
    const limited = slack.adapter.post(channel("C429"), HELLO);
    const other = await slack.adapter.post(channel("CFREE"), HELLO);
    expect(postsTo("CFREE").map((call) => call.status)).toEqual([200]);
    const posted = await limited;
    const calls = postsTo("C429");
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000 - 5);
    expect(posted.messageId).toBe(calls[1]?.response?.ts);
    expect(other.messageId).not.toBe(posted.messageId);
    expect(await rateLimitedTotal(slack)).toBe(before + 1);
    expect(slack.fake.rateLimitStats.ignoredRetryAfter).toBe(0);
  }, 10_000);

  it("a connection reset after the message landed is not resent: the next delivery finds it in the channel", async () => {
    slack.fake.resetNext("chat.postMessage");
    const cut = await slack.command("post", { user: "U_ADMIN", channel: "CRESET" });
    expect(JSON.stringify(cut.responses)).not.toContain("Posted today's digest");
    const [header] = postsTo("CRESET");
    expect(postsTo("CRESET")).toHaveLength(1);
    expect(header?.status).toBeUndefined();

    const retried = await slack.command("post", { user: "U_ADMIN", channel: "CRESET" });
    expect(JSON.stringify(retried.responses)).toContain("Posted today's digest");
    const calls = postsTo("CRESET");
    expect(calls).toHaveLength(6);
    const keys = calls.map((call) => JSON.stringify(call.body.metadata));
    expect(new Set(keys).size).toBe(6);
    expect(
      slack.fake.callsTo("conversations.history").filter((call) => call.body.channel === "CRESET"),
    ).toHaveLength(1);
  });
});

describe("MessagePoster errors", () => {
  let fake: FakeSlack;
  let poster: MessagePoster;
  beforeAll(async () => {
    fake = await startFakeSlack();
    poster = new MessagePoster({ apiUrl: fake.apiUrl, token: "xoxb-default", timeoutMs: 300 });
  });
  afterAll(async () => {
    poster?.close();
    await fake?.close();
  });
  const failure = (channelId: string) =>
    poster.postMessage({ channel: channelId, text: "x" }).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );

  it("uses the token a call brings (OAuth: the team's) over its own", async () => {
    await poster.postMessage({ token: "xoxb-team", channel: "C1", text: "x" });
    await poster.postMessage({ channel: "C1", text: "y" });
    expect(fake.callsTo("chat.postMessage").map((call) => call.headers.authorization)).toEqual([
      "Bearer xoxb-team",
      "Bearer xoxb-default",
    ]);
  });

  it("reads as the WebClient's errors, and never sends twice", async () => {
    const before = fake.callsTo("chat.postMessage").length;
    fake.failNext("chat.postMessage", "not_in_channel");
    expect(slackErrorCode(await failure("C1"))).toBe("not_in_channel");
    fake.statusNext("chat.postMessage", 429, { retryAfter: 2 });
    expect(rateLimitWaitMs(await failure("C1"))).toBe(2000);
    fake.statusNext("chat.postMessage", 503);
    const server = await failure("C1");
    expect(server).toMatchObject({ code: "slack_webapi_http_error", statusCode: 503 });
    expect(slackErrorCode(server)).toBeUndefined();
    fake.resetNext("chat.postMessage");
    const reset = await failure("C1");
    expect(reset?.code).toBe("slack_webapi_request_error");
    expect(rateLimitWaitMs(reset)).toBeUndefined();
    fake.postDelayMs = 1000;
    const timedOut = await failure("C1");
    fake.postDelayMs = 0;
    expect(timedOut?.code).toBe("slack_webapi_request_error");
    expect(timedOut?.message).toContain("300ms");
    expect(fake.callsTo("chat.postMessage")).toHaveLength(before + 5);
    for (const error of [server, reset, timedOut])
      expect(JSON.stringify(error)).not.toContain("xoxb-default");
  });

  // A fan-out's first messages go all at once: they share MAX_SOCKETS connections instead of opening one each.
  it(`keeps at most ${MAX_SOCKETS} connections however many posts are in flight, and answers every post`, async () => {
    let connections = 0;
    const held: ServerResponse[] = [];
    const answer = (response: ServerResponse) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true, ts: "1781254800.000001" }));
    };
    let releasing = false;
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        if (releasing) return answer(response);
        // Held until every allowed connection carries a post, so a poster without the cap opens more.
        held.push(response);
        if (held.length === MAX_SOCKETS) {
          releasing = true;
          for (const waiting of held.splice(0)) answer(waiting);
        }
      });
    });
    server.on("connection", () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const poster = new MessagePoster({
      apiUrl: `http://127.0.0.1:${port}/api/`,
      token: "xoxb-cap",
      timeoutMs: 30_000,
    });
    try {
      const posts = Array.from({ length: MAX_SOCKETS + 44 }, (_, index) =>
        poster.postMessage({ channel: `C${index}`, text: "hello" }),
      );
      const answers = await Promise.all(posts);
      expect(answers).toHaveLength(MAX_SOCKETS + 44);
      expect(answers.every((result) => result.ok === true)).toBe(true);
      expect(connections).toBe(MAX_SOCKETS);
    } finally {
      poster.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
