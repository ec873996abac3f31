import { mkdtemp, rm } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { FIELD_LIMITS } from "../../src/papers/sources/index.ts";
import {
  type FakeHandler,
  type FakeUpstream,
  json,
  startFakeUpstream,
  text,
} from "../helpers/fake-upstream.ts";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";

const TODAY = "2026-06-12";
/** Slack's ack window, the bound the issue sets for another user's command. */
const ACK_WINDOW_MS = 3000;
/** Pause between two `help` probes while paperboy handles the big answer. */
const PROBE_SPACING_MS = 50;
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;

/** A daily listing's bytes, produced as the fake sends them. */
type Body = () => Iterable<string>;

/** What the fake Hugging Face did with the big answer, as promises a test can wait on. */
interface Delivery {
  /** It has sent `pauseAfter` bytes and holds the rest until `resume()`. */
  paused: Promise<void>;
  resume(): void;
  /** The connection is over: everything sent, or paperboy hung up. */
  closed: Promise<void>;
  sent: number;
}

/**
 * A Hugging Face whose `daily_papers?date=` sends `body` (other listings: `[]`) in 64 KB chunks,
 * stopping after `pauseAfter` bytes until the test resumes it, and stopping for good if paperboy hangs up.
 */
function bigDaily(body: Body, pauseAfter: number): { handler: FakeHandler; delivery: Delivery } {
  let resume = () => {};
  let pause = () => {};
  let close = () => {};
  const resumed = new Promise<void>((resolve) => {
    resume = resolve;
  });
  const delivery: Delivery = {
    paused: new Promise<void>((resolve) => {
      pause = resolve;
    }),
    resume: () => resume(),
    closed: new Promise<void>((resolve) => {
      close = resolve;
    }),
    sent: 0,
  };
  const handler: FakeHandler = (request, response, call) => {
    if (!request.query.date) return json([])(request, response, call);
    response.writeHead(200, { "content-type": "application/json" });
    response.on("close", close);
    void send(response, body, pauseAfter, delivery, pause, resumed);
  };
  return { handler, delivery };
}

async function send(
  response: ServerResponse,
  body: Body,
  pauseAfter: number,
  delivery: Delivery,
  pause: () => void,
  resumed: Promise<void>,
): Promise<void> {
  let paused = false;
  for (const piece of body()) {
    for (let at = 0; at < piece.length; at += CHUNK) {
      if (!paused && delivery.sent >= pauseAfter) {
        paused = true;
        pause();
        await resumed;
      }
      if (response.destroyed) return;
      const chunk = piece.slice(at, at + CHUNK);
      delivery.sent += Buffer.byteLength(chunk);
      if (!response.write(chunk)) {
        await Promise.race([new Promise((resolve) => response.once("drain", resolve)), delivery.closed]);
      }
    }
  }
  response.end();
}

/** 100,000 small, valid items: 4.7 MB, within the size limit, 1,000 times the `limit=100` asked. */
const hundredThousandItems: Body = function* () {
  const items = Array.from({ length: 100_000 }, (_, n) => ({
    paper: { id: `2606.${String(n).padStart(5, "0")}`, title: `P${n}` },
  }));
  yield JSON.stringify(items);
};

/** 50 MB of valid JSON: 100 items with 500 KB abstracts each. */
const fiftyMegabytes: Body = function* () {
  const words = "sparse attention for long context models ".repeat(12_500);
  yield "[";
  for (let n = 0; n < 100; n++) {
    yield `${n ? "," : ""}{"paper":{"id":"2606.${String(n).padStart(5, "0")}","title":"Big ${n}","summary":"${words}"}}`;
  }
  yield "]";
};

describe("nothing Hugging Face sends stalls another user's command", () => {
  let dir: string;
  let upstream: FakeUpstream;
  let slack: SlackHarness;

  const start = async (daily: FakeHandler) => {
    upstream = await startFakeUpstream({
      "/api/daily_papers": daily,
      "/api/papers/search": json([]),
      "/api/query": text('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "application/atom+xml"),
    });
    slack = await startSlackHarness({
      processBeforeResponse: false,
      createApp: async (env) =>
        createApp(
          loadConfig({
            ...env,
            PAPERBOY_STORE: `sqlite://${join(dir, "paperboy.sqlite")}`,
            PAPERBOY_INDEX_FILE: "off",
            PAPERBOY_COMMANDS_PER_MINUTE: "0",
            HF_API_URL: upstream.url,
            ARXIV_API_URL: upstream.url,
          }),
          silentLogger,
          { commands, now: () => new Date(`${TODAY}T09:00:00Z`) },
        ),
    });
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "paperboy-upstream-bounds-"));
  });
  afterEach(async () => {
    await slack?.close();
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * U1 asks `/papers today`. While the big answer is on its way, and then again and again from the moment it
   * has been sent (while paperboy handles it) until U1's answer arrives, another user's `help` is acknowledged
   * and `/healthz` answers within the ack window. Returns U1's command.
   */
  const todayWhileOthersAsk = async (delivery: Delivery) => {
    const today = await slack.commandAck("today", { user: "U1" });
    expect(today.status).toBe(200);
    const expectAckInTime = async (user: number) => {
      const healthStarted = performance.now();
      const [ack, health] = await Promise.all([
        slack.commandAck("help", { user: `U${user}`, channel: `C${user}` }),
        fetch(`${slack.baseUrl}/healthz`).then((response) => response.status),
      ]);
      expect(ack.status).toBe(200);
      expect(ack.ackMs).toBeLessThan(ACK_WINDOW_MS);
      expect(health).toBe(200);
      expect(performance.now() - healthStarted).toBeLessThan(ACK_WINDOW_MS);
    };
    await delivery.paused;
    await expectAckInTime(2);
    delivery.resume();
    await delivery.closed;
    const deadline = Date.now() + 10_000;
    for (let user = 3; today.responses.length === 0; user++) {
      expect(Date.now(), "U1's answer to /papers today").toBeLessThan(deadline);
      await expectAckInTime(user);
      await new Promise((resolve) => setTimeout(resolve, PROBE_SPACING_MS));
    }
    await slack.adapter.idle();
    return today;
  };

  it("100,000 items for limit=100: others are acknowledged in time, and only the first 100 are kept", async () => {
    const big = bigDaily(hundredThousandItems, 2 * MB);
    await start(big.handler);

    await todayWhileOthersAsk(big.delivery);

    const daily = upstream.requestsTo("/api/daily_papers").filter((request) => request.query.date);
    expect(daily.map((request) => request.query.limit)).toEqual(["100"]);
    const stored = await slack.app.store.papers.featuredOn(TODAY);
    expect(stored.map((paper) => paper.id).sort()).toEqual(
      Array.from({ length: 100 }, (_, n) => `2606.${String(n).padStart(5, "0")}`),
    );
  });

  it("a 50 MB answer: others are acknowledged in time; it is cut off past the limit, not retried nor stored", async () => {
    const big = bigDaily(fiftyMegabytes, 4 * MB);
    await start(big.handler);

    const today = await todayWhileOthersAsk(big.delivery);

    expect(big.delivery.sent).toBeLessThan(20 * MB);
    expect(upstream.requestsTo("/api/daily_papers").filter((request) => request.query.date)).toHaveLength(1);
    const stored = await slack.app.store.papers.featuredOn(TODAY);
    for (const paper of stored) expect(paper.abstract.length).toBeLessThanOrEqual(FIELD_LIMITS.abstract);
    expect(JSON.stringify(today.responses)).toContain("Hugging Face");
  });
});
