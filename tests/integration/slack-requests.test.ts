import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../adapters/slack/index.ts";
import { postToResponseUrl } from "../../adapters/slack/response-url.ts";
import { silentLogger } from "../../src/log.ts";
import { createHealthServer, listen } from "../../src/server/health-server.ts";
import { FAKE_BOT, type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import {
  SIGNING_SECRET,
  type SlackHarness,
  signatureHeaders,
  startSlackHarness,
  waitFor,
} from "../helpers/slack-harness.ts";
import { createTestApp, fakeSources, fixturePapers } from "../helpers/test-app.ts";

const commandBody = (responseUrl: string) =>
  new URLSearchParams({
    team_id: "T1",
    channel_id: "C1",
    user_id: "U1",
    command: "/papers",
    text: "help",
    response_url: responseUrl,
    trigger_id: "t",
  }).toString();

describe("Slack request verification (real Bolt HTTP receiver on paperboy's server)", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("answers a correctly signed slash command: empty ack, then the answer at response_url", async () => {
    const result = await slack.command("help");
    expect(result.status).toBe(200);
    expect(result.ackBody).toBe("");
    expect(result.responses).toHaveLength(1);
    expect(result.responses[0]).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(result.responses[0])).toContain("/papers topic");
  });

  it("rejects a wrong signature with 401 and runs nothing", async () => {
    const body = commandBody(slack.fake.responseUrl("forged"));
    const headers = signatureHeaders(body, undefined, "not-the-signing-secret");
    const response = await slack.post(body, "application/x-www-form-urlencoded", headers);
    expect(response.status).toBe(401);
    await slack.adapter.idle();
    expect(slack.fake.responses.filter((item) => item.id === "forged")).toEqual([]);
  });

  it("rejects a correctly signed but stale request (more than 5 minutes old) with 401", async () => {
    const body = commandBody(slack.fake.responseUrl("stale"));
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await slack.post(
      body,
      "application/x-www-form-urlencoded",
      signatureHeaders(body, sixMinutesAgo),
    );
    expect(response.status).toBe(401);
  });

  it("rejects a request without signature headers with 401", async () => {
    const body = commandBody(slack.fake.responseUrl("unsigned"));
    const response = await slack.post(body, "application/x-www-form-urlencoded", {});
    expect(response.status).toBe(401);
  });

  it("rejects a body altered after signing with 401", async () => {
    const body = commandBody(slack.fake.responseUrl("altered"));
    const headers = signatureHeaders(body);
    const response = await slack.post(
      body.replace("help", "post"),
      "application/x-www-form-urlencoded",
      headers,
    );
    expect(response.status).toBe(401);
  });

  it("shares the port with /healthz and 404s unknown paths", async () => {
    expect((await fetch(`${slack.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${slack.baseUrl}/nope`)).status).toBe(404);
  });

  it("answers Slack's url_verification challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "x" });
    const response = await slack.post(body, "application/json");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("abc123");
  });
});

describe("acks before answers", () => {
  it("a burst of commands: each is acked and answered once, at its own response URL", async () => {
    const slack = await startSlackHarness({ processBeforeResponse: false });
    try {
      const queries = Array.from({ length: 20 }, (_, index) => `agents ${index}`);
      const acks = await Promise.all(
        queries.map((query, index) => slack.commandAck(`topic ${query}`, { user: `U${index}` })),
      );
      await slack.adapter.idle();
      for (const [index, ack] of acks.entries()) {
        expect(ack.status).toBe(200);
        expect(ack.responses).toHaveLength(1);
        expect(JSON.stringify(ack.responses)).toContain(`agents ${index}`);
      }
    } finally {
      await slack.close();
    }
  });

  describe("while another request is still arriving", () => {
    let fake: FakeSlack;
    let adapter: SlackAdapter;
    let server: Server;
    let port: number;
    const searches: string[] = [];
    beforeAll(async () => {
      fake = await startFakeSlack();
      const app = await createTestApp({
        env: {
          SLACK_BOT_TOKEN: "xoxb-test-token",
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
        },
        sources: {
          ...fakeSources({ "2026-06-12": fixturePapers() }),
          search: async (query) => {
            searches.push(query);
            return [];
          },
        },
      });
      adapter = createSlackAdapter({
        app,
        logger: silentLogger,
        processBeforeResponse: false,
        botId: FAKE_BOT.botId,
        botUserId: FAKE_BOT.userId,
        ackPriorityMs: 60_000,
      });
      await adapter.start();
      server = createHealthServer({}, silentLogger, adapter.requestListener);
      port = await listen(server, 0, "127.0.0.1");
    });
    afterAll(async () => {
      await adapter?.stop();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await fake?.close();
    });

    it("a command is acked at once, but its answer waits until that request has been answered too", async () => {
      // A request whose headers are in and whose body is still on its way: it is owed an answer.
      const arriving = connect(port, "127.0.0.1");
      const received = new Promise((resolve) => server.once("request", resolve));
      arriving.write(
        "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\ncommand=",
      );
      await received;
      const body = new URLSearchParams({
        team_id: FAKE_BOT.teamId,
        channel_id: "C1",
        user_id: "U1",
        command: "/papers",
        text: "topic agents",
        response_url: fake.responseUrl("waiting"),
        trigger_id: "t",
      }).toString();
      const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(body) },
        body,
      });
      expect(ack.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(searches).toEqual([]);
      expect(fake.responses).toEqual([]);

      // The rest of the body arrives (unsigned: refused), and with that answer sent, the command's turn comes.
      const refused = new Promise<string>((resolve) =>
        arriving.once("data", (chunk) => resolve(String(chunk))),
      );
      arriving.write("%2Fpapers&x=");
      expect(await refused).toMatch(/^HTTP\/1\.1 401/);
      arriving.destroy();
      await waitFor(() => fake.responses.length === 1);
      expect(searches).toEqual(["agents"]);
      expect(JSON.stringify(fake.responses[0]?.body)).toContain("agents");
    });
  });
});

describe("answers sent to a response URL", () => {
  let server: Server;
  let base: string;
  const received: { path: string; type: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({
          path: request.url ?? "",
          type: request.headers["content-type"] ?? "",
          body: Buffer.concat(chunks).toString("utf8"),
        });
        if (request.url === "/expired") response.writeHead(404).end("expired_url");
        else response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("POSTs the message as JSON", async () => {
    await postToResponseUrl(`${base}/ok`, { response_type: "ephemeral", text: "hi" }, 5000);
    expect(received.at(-1)).toEqual({
      path: "/ok",
      type: "application/json; charset=utf-8",
      body: '{"response_type":"ephemeral","text":"hi"}',
    });
  });

  it("rejects with Slack's reason when the URL refuses the message", async () => {
    await expect(postToResponseUrl(`${base}/expired`, { text: "late" }, 5000)).rejects.toThrow(
      "response_url answered 404: expired_url",
    );
  });

  it("refuses anything but an http(s) URL", async () => {
    await expect(postToResponseUrl("file:///etc/passwd", { text: "x" }, 5000)).rejects.toThrow(
      "not a response URL",
    );
  });
});
