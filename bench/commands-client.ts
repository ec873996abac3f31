/**
 * The command-latency benchmark's client side, run in a worker thread: the fake Slack and the fake Discord
 * (Discord's rate limits on) and the load generator that types `/papers topic …`. Every timestamp is taken
 * here, where a user and the platform would see it, so the bot on the main thread has its event loop and
 * its core to itself and is measured from the outside.
 */
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { isMainThread, workerData } from "node:worker_threads";
import { slashCommand } from "../tests/helpers/discord-payloads.ts";
import { DISCORD_RATE_LIMITS, type FakeDiscord, startFakeDiscord } from "../tests/helpers/fake-discord.ts";
import { FAKE_BOT, type FakeSlack, startFakeSlack } from "../tests/helpers/fake-slack.ts";
import { signatureHeaders } from "../tests/helpers/slack-harness.ts";
import { linkToWorker, serveCalls, startTsWorker } from "./ts-worker.ts";

/** One command's timings from the moment the user sent it: to the ack and to the final answer. */
export interface Timing {
  ackMs: number;
  finalMs: number;
}

/** One platform's run: every command's timings and what the fake's rate limits refused meanwhile. */
export interface ClientRun {
  timings: Timing[];
  /** Commands whose ack or final answer never came (counted as NaN in `timings`). */
  unanswered: number;
  /** Discord: 429s the fake answered during the run (interaction routes are exempt, as in Discord). */
  rateLimited: number;
}

/** What the load generator is asked to do. */
export interface RunRequest {
  platform: "slack" | "discord";
  queries: string[];
  concurrency: number;
  /** Slack: paperboy's HTTP server, `http://127.0.0.1:PORT`. */
  baseUrl?: string;
}

/** The running client side, wherever it runs. */
export interface CommandClient {
  slackApiUrl: string;
  discordApiUrl: string;
  discordToken: string;
  run(request: RunRequest): Promise<ClientRun>;
  close(): Promise<void>;
}

/** How long a round may wait for its last answer before the missing ones count as unanswered. */
const ROUND_TIMEOUT_MS = 30_000;
/** Discord's global window: the Discord run starts after the one the bot's start-up opened has ended. */
const SETTLE_MS = DISCORD_RATE_LIMITS.global.windowMs + 100;

/** Starts the fakes and the load generator in this thread. */
async function startClient(options: { discordToken: string }): Promise<CommandClient> {
  const slack = await startFakeSlack();
  const discord = await startFakeDiscord({ token: options.discordToken, rateLimits: DISCORD_RATE_LIMITS });
  const slackFinals = watchSlack(slack);
  const discordTimes = watchDiscord(discord);
  return {
    slackApiUrl: slack.apiUrl,
    discordApiUrl: discord.apiUrl,
    discordToken: discord.token,
    run: async (request) =>
      request.platform === "slack"
        ? runSlack(slack, slackFinals, request)
        : runDiscord(discord, discordTimes, request),
    close: async () => {
      agent.destroy();
      await discord.close();
      await slack.close();
    },
  };
}

/** When things arrived, by key, first arrival only; `until` resolves once every key has arrived. */
class Arrivals {
  readonly #times = new Map<string, number>();
  readonly #waiters = new Set<() => void>();

  note(key: string, at: number): void {
    if (this.#times.has(key)) return;
    this.#times.set(key, at);
    for (const waiter of this.#waiters) waiter();
  }

  get(key: string): number {
    return this.#times.get(key) ?? Number.NaN;
  }

  /** Resolves when every key has arrived, or after the round timeout (missing ones stay NaN). */
  async until(keys: readonly string[]): Promise<void> {
    const done = () => keys.every((key) => this.#times.has(key));
    if (done()) return;
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = setTimeout(finish, ROUND_TIMEOUT_MS);
      this.#waiters.add(check);
    });
  }
}

/** When each command's first `response_url` message arrived (the fake records what, not when). */
function watchSlack(slack: FakeSlack): Arrivals {
  const finals = new Arrivals();
  const push = slack.responses.push.bind(slack.responses);
  slack.responses.push = (...items) => {
    const at = performance.now();
    for (const item of items) finals.note(item.id, at);
    return push(...items);
  };
  return finals;
}

/**
 * When the fake accepted each interaction's first callback (`ack:<interaction id>`) and its final answer
 * (`final:<token>`): a type 4 callback (a direct reply: ack and answer at once), else the first accepted
 * edit of the deferred reply.
 */
function watchDiscord(discord: FakeDiscord): Arrivals {
  const times = new Arrivals();
  const push = discord.requests.push.bind(discord.requests);
  discord.requests.push = (...items) => {
    // The fake answers a request synchronously right after recording it: look once the status is set.
    queueMicrotask(() => {
      for (const request of items) {
        if (request.status === undefined || request.status >= 300) continue;
        const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(request.path);
        const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(request.path);
        if (callback?.[1] && callback[2]) {
          times.note(`ack:${callback[1]}`, request.at);
          if ((request.body as { type?: number } | undefined)?.type === 4) {
            times.note(`final:${callback[2]}`, request.at);
          }
        }
        if (edit?.[1] && request.method === "PATCH") times.note(`final:${edit[1]}`, request.at);
      }
    });
    return push(...items);
  };
  return times;
}

/**
 * Commands sent so far: every command comes from a different user, so paperboy's per-user limit (a few
 * commands a minute) never answers one in place of the search, whatever the rounds and warm-up.
 */
let sentCount = 0;

/** Signed slash-command requests to the real Bolt receiver; final = the first `response_url` message. */
async function runSlack(slack: FakeSlack, finals: Arrivals, request: RunRequest): Promise<ClientRun> {
  const { baseUrl, queries, concurrency } = request;
  if (!baseUrl) throw new Error("[bench] commands: the Slack run needs the bot's base URL");
  const timings: Timing[] = [];
  for (let start = 0; start < queries.length; start += concurrency) {
    const round = queries.slice(start, start + concurrency).map((query) => {
      sentCount += 1;
      const id = `bench-${sentCount}`;
      const body = new URLSearchParams({
        token: "legacy-verification-token",
        team_id: FAKE_BOT.teamId,
        team_domain: "fake",
        channel_id: "C1",
        channel_name: "papers",
        user_id: `U${String(sentCount).padStart(6, "0")}`,
        user_name: "bench",
        command: "/papers",
        text: `topic ${query}`,
        api_app_id: "A1",
        response_url: slack.responseUrl(id),
        trigger_id: `trigger-${sentCount}`,
      }).toString();
      return { id, body, headers: signatureHeaders(body) };
    });
    const acks = await Promise.all(
      round.map(async ({ id, body, headers }) => {
        const sent = performance.now();
        const status = await post(`${baseUrl}/slack/events`, body, headers);
        return { id, sent, ack: status === 200 ? performance.now() : Number.NaN };
      }),
    );
    await finals.until(round.map(({ id }) => id));
    for (const { id, sent, ack } of acks) timings.push({ ackMs: ack - sent, finalMs: finals.get(id) - sent });
  }
  return { timings, unanswered: countUnanswered(timings), rateLimited: 0 };
}

/** Interaction dispatches over the fake gateway to the real discord.js client; timestamps from the fake. */
async function runDiscord(discord: FakeDiscord, times: Arrivals, request: RunRequest): Promise<ClientRun> {
  const { queries, concurrency } = request;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const limitedBefore = discord.rateLimitStats.route + discord.rateLimitStats.global;
  const timings: Timing[] = [];
  for (let start = 0; start < queries.length; start += concurrency) {
    const round = queries.slice(start, start + concurrency).map((query) => {
      sentCount += 1;
      return slashCommand({
        user: { id: `71000000000${String(sentCount).padStart(7, "0")}` },
        subcommand: "topic",
        options: { query },
      });
    });
    const sent = new Map<string, number>();
    for (const payload of round) {
      sent.set(payload.id, performance.now());
      discord.dispatch("INTERACTION_CREATE", payload as unknown as Record<string, unknown>);
    }
    await times.until(round.map((payload) => `final:${payload.token}`));
    for (const payload of round) {
      const began = sent.get(payload.id) ?? Number.NaN;
      timings.push({
        ackMs: times.get(`ack:${payload.id}`) - began,
        finalMs: times.get(`final:${payload.token}`) - began,
      });
    }
  }
  const limited = discord.rateLimitStats.route + discord.rateLimitStats.global - limitedBefore;
  return { timings, unanswered: countUnanswered(timings), rateLimited: limited };
}

/** Keeps connections to the bot open between rounds, as Slack's own senders do. */
const agent = new Agent({ keepAlive: true });

/**
 * POSTs a form body with node:http (lighter than fetch, so sending fifty at once does not delay the first)
 * and resolves with the status once the whole answer has arrived (0 on a network error).
 */
function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const request = httpRequest(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", () => resolve(0));
    request.end(body);
  });
}

const countUnanswered = (timings: readonly Timing[]): number =>
  timings.filter((timing) => Number.isNaN(timing.ackMs) || Number.isNaN(timing.finalMs)).length;

const WORKER_MARK = "paperboy-commands-client";
/** A call to the client worker. */
type Message = { name: "run"; request: RunRequest } | { name: "close"; request?: undefined };

/** Starts the client side in a worker thread and talks to it by messages. */
export async function startClientInWorker(options: { discordToken: string }): Promise<CommandClient> {
  const link = linkToWorker(startTsWorker(import.meta.url, { kind: WORKER_MARK, options }), "command client");
  const ready = await link.ready<Pick<CommandClient, "slackApiUrl" | "discordApiUrl" | "discordToken">>();
  return {
    ...ready,
    run: (request) => link.call<ClientRun>({ name: "run", request }),
    close: () => link.close(),
  };
}

/** The worker's side: start the client, answer calls. */
function serveInWorker(options: { discordToken: string }): Promise<void> {
  return serveCalls(
    () => startClient(options),
    ({ slackApiUrl, discordApiUrl, discordToken }) => ({ slackApiUrl, discordApiUrl, discordToken }),
    (client, message) =>
      message.name === "run" ? client.run((message as Message & { name: "run" }).request) : client.close(),
  );
}

const data = workerData as { kind?: string; options?: { discordToken: string } } | null;
if (!isMainThread && data?.kind === WORKER_MARK && data.options) void serveInWorker(data.options);
