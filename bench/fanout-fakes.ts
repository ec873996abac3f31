/**
 * The fan-out benchmark's fake platforms (`tests/helpers/fake-slack.ts`, `fake-discord.ts` with their rate
 * limits on), hosted in this thread or in a worker thread. In a worker, the fake's own CPU (HTTP parsing,
 * bookkeeping) runs beside the bot instead of competing with it, as a real platform would.
 */
import { performance } from "node:perf_hooks";
import { isMainThread, workerData } from "node:worker_threads";
import {
  DISCORD_RATE_LIMITS,
  type DiscordRateLimits,
  type FakeGuildSpec,
  startFakeDiscord,
} from "../tests/helpers/fake-discord.ts";
import {
  SLACK_POST_LIMIT,
  type SlackRateLimit,
  type SlackWorkspaceLimit,
  startFakeSlack,
} from "../tests/helpers/fake-slack.ts";
import { linkToWorker, serveCalls, startTsWorker } from "./ts-worker.ts";

/** Which fake to start, with what it enforces. */
export type FakeSpec =
  | { platform: "slack"; limit?: SlackRateLimit; workspaceLimit?: SlackWorkspaceLimit }
  | { platform: "discord"; limits?: DiscordRateLimits; token: string; guilds: FakeGuildSpec[] };

/** One message the fake accepted (stored). */
export interface AcceptedMessage {
  channel: string;
  /** When the fake accepted it, in epoch milliseconds with sub-millisecond precision (any thread). */
  at: number;
  /** Its delivery-ledger key: Slack message metadata, Discord nonce. */
  key: string;
  /** Its body as sent, for spotting a message posted twice under different keys. */
  body: string;
}

/** What the fake's limits did since `mark()`. */
export interface LimitCounts {
  /** 429s answered. */
  rateLimited: number;
  /** Of which the global limit (Discord) or the workspace-wide limit (Slack). */
  global: number;
  /** Requests to a channel that arrived before a 429's wait for it ran out. */
  ignoredRetryAfter: number;
}

/** A running fake, wherever it runs. */
export interface FakeHost {
  apiUrl: string;
  /** Starts counting 429s from now (start-up requests excluded). */
  mark(): Promise<void>;
  accepted(): Promise<AcceptedMessage[]>;
  /** How many messages were accepted so far (cheap, for progress). */
  acceptedCount(): Promise<number>;
  limits(): Promise<LimitCounts>;
  close(): Promise<void>;
}

/** High-resolution epoch milliseconds, comparable across threads. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Starts the fake in this thread. */
export async function hostFake(spec: FakeSpec): Promise<FakeHost> {
  const toEpoch = (at: number) => performance.timeOrigin + at;
  if (spec.platform === "slack") {
    const fake = await startFakeSlack({
      rateLimit: spec.limit ?? SLACK_POST_LIMIT,
      workspaceRateLimit: spec.workspaceLimit,
    });
    const posts = () =>
      fake.calls.filter(
        (call) => call.method === "chat.postMessage" && call.status === 200 && call.response?.ok === true,
      );
    let base = { ...fake.rateLimitStats };
    return {
      apiUrl: fake.apiUrl,
      mark: async () => {
        base = { ...fake.rateLimitStats };
      },
      accepted: async () =>
        posts().map((call) => ({
          channel: String(call.body.channel),
          at: toEpoch(call.at),
          key: JSON.stringify((call.body.metadata as { event_payload?: unknown } | undefined)?.event_payload),
          body: JSON.stringify([call.body.text, call.body.blocks]),
        })),
      acceptedCount: async () => posts().length,
      limits: async () => ({
        rateLimited: fake.rateLimitStats.limited - base.limited,
        global: fake.rateLimitStats.workspaceLimited - base.workspaceLimited,
        ignoredRetryAfter: fake.rateLimitStats.ignoredRetryAfter - base.ignoredRetryAfter,
      }),
      close: () => fake.close(),
    };
  }
  const fake = await startFakeDiscord({
    token: spec.token,
    guilds: spec.guilds,
    rateLimits: spec.limits ?? DISCORD_RATE_LIMITS,
  });
  // A create answered with a message that already existed is Discord's nonce dedup (enforce_nonce), not a
  // new message: count each stored message once.
  const posts = () => {
    const seen = new Set<string>();
    return fake.requests.filter((request) => {
      if (request.method !== "POST" || request.status !== 200) return false;
      if (!/^\/channels\/\d+\/messages$/.test(request.path)) return false;
      const id = String((request.response as { id?: unknown } | undefined)?.id);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  };
  const stats = fake.rateLimitStats;
  let base = { ...stats };
  return {
    apiUrl: fake.apiUrl,
    mark: async () => {
      base = { ...stats };
    },
    accepted: async () =>
      posts().map((request) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        return {
          channel: request.path.split("/")[2] ?? "",
          at: toEpoch(request.at),
          key: body.nonce === undefined ? "" : String(body.nonce),
          body: JSON.stringify([body.content, body.embeds, body.components]),
        };
      }),
    acceptedCount: async () => posts().length,
    limits: async () => ({
      rateLimited: stats.route - base.route + (stats.global - base.global),
      global: stats.global - base.global,
      ignoredRetryAfter: stats.ignoredRetryAfter - base.ignoredRetryAfter,
    }),
    close: () => fake.close(),
  };
}

const WORKER_MARK = "paperboy-fanout-fake";
type Call = "mark" | "accepted" | "acceptedCount" | "limits" | "close";

/** Starts the fake in a worker thread and talks to it by messages. */
export async function hostFakeInWorker(spec: FakeSpec): Promise<FakeHost> {
  const link = linkToWorker(startTsWorker(import.meta.url, { kind: WORKER_MARK, spec }), "fan-out fake");
  const call = <T>(name: Call): Promise<T> => link.call<T>({ name });
  return {
    apiUrl: await link.ready<string>(),
    mark: () => call("mark"),
    accepted: () => call("accepted"),
    acceptedCount: () => call("acceptedCount"),
    limits: () => call("limits"),
    close: () => link.close(),
  };
}

/** The worker's side: start the fake, answer calls. */
function serveInWorker(spec: FakeSpec): Promise<void> {
  return serveCalls(
    () => hostFake(spec),
    (host) => host.apiUrl,
    (host, message) => host[message.name as Call](),
  );
}

const data = workerData as { kind?: string; spec?: FakeSpec } | null;
if (!isMainThread && data?.kind === WORKER_MARK && data.spec) void serveInWorker(data.spec);
