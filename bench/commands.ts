import { once } from "node:events";
import { Events } from "discord.js";
import type { App } from "../src/app.ts";
import type { CatalogSources } from "../src/papers/catalog.ts";
import { Paper } from "../src/papers/paper.ts";
import { startDiscordHarness } from "../tests/helpers/discord-harness.ts";
import { slashCommand } from "../tests/helpers/discord-payloads.ts";
import { startSlackHarness } from "../tests/helpers/slack-harness.ts";
import { fakeSources } from "../tests/helpers/test-app.ts";
import { generateCorpus, generateQueries } from "./corpus.ts";
import { option } from "./options.ts";
import { machineDescription, parseSize, percentile } from "./search.ts";

/** The targets with 50 concurrent commands and the remote search unavailable. */
const TARGET_ACK_P99_MS = 50;
const TARGET_FINAL_P99_MS = 300;
const BATCH = 5000;

/** One command's timings, from the request leaving the user to the ack and to the final answer. */
interface Timing {
  ackMs: number;
  finalMs: number;
}

/**
 * `npm run bench -- commands [--size 100k] [--concurrency 50] [--rounds 4]`: `/papers topic …` through
 * the real Slack receiver (signed HTTP) and the real discord.js client (gateway dispatch), both against
 * the local fakes, with `size` papers stored and indexed and Hugging Face search unreachable. Each round
 * fires `concurrency` commands at once; p50/p99 to the ack and to the final answer.
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write(
      "npm run bench -- commands [--size 100k] [--concurrency 50] [--rounds 4] [--json]\n",
    );
    return;
  }
  const size = parseSize(option(argv, "--size") ?? "100k");
  const concurrency = Number(option(argv, "--concurrency") ?? 50);
  const rounds = Number(option(argv, "--rounds") ?? 4);
  const queries = generateQueries({ count: concurrency * rounds, seed: 11 }).map((query) => query.text);
  const results = {
    slack: await benchSlack(size, queries, concurrency),
    discord: await benchDiscord(size, queries, concurrency),
  };
  if (argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ size, concurrency, rounds, ...summarise(results) })}\n`);
    return;
  }
  const lines = [
    Object.entries(machineDescription())
      .map(([key, value]) => `${key}: ${value}`)
      .join(", "),
    "",
    `/papers topic with ${size.toLocaleString("en")} papers, ${concurrency} at once, ${rounds} rounds, remote search unreachable:`,
  ];
  for (const [platform, stats] of Object.entries(summarise(results))) {
    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
    lines.push(
      `  ${platform.padEnd(8)} ack p50 ${stats.ackP50.toFixed(1)} ms, p99 ${stats.ackP99.toFixed(1)} ms (≤ ${TARGET_ACK_P99_MS}: ${verdict(stats.ackP99 <= TARGET_ACK_P99_MS)})` +
        ` · final p50 ${stats.finalP50.toFixed(1)} ms, p99 ${stats.finalP99.toFixed(1)} ms (≤ ${TARGET_FINAL_P99_MS}: ${verdict(stats.finalP99 <= TARGET_FINAL_P99_MS)})`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

function summarise(results: Record<string, Timing[]>) {
  return Object.fromEntries(
    Object.entries(results).map(([platform, timings]) => {
      const ack = timings.map((timing) => timing.ackMs).sort((a, b) => a - b);
      const final = timings.map((timing) => timing.finalMs).sort((a, b) => a - b);
      return [
        platform,
        {
          commands: timings.length,
          ackP50: percentile(ack, 50),
          ackP99: percentile(ack, 99),
          finalP50: percentile(final, 50),
          finalP99: percentile(final, 99),
        },
      ];
    }),
  );
}

/** Sources with the recorded day and a Hugging Face search that refuses connections. */
function offlineSearch(): CatalogSources {
  return {
    ...fakeSources({}),
    search: async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:9");
    },
  };
}

/** Stores and indexes `size` generated papers through the catalog, as ingest would. */
async function fill(app: App, size: number): Promise<void> {
  let batch: Paper[] = [];
  for (const paper of generateCorpus({ size, seed: 6 })) {
    batch.push(Paper.parse({ ...paper, sources: ["huggingface"] }));
    if (batch.length === BATCH) {
      await app.catalog.remember(batch);
      batch = [];
    }
  }
  await app.catalog.remember(batch);
}

async function benchSlack(size: number, queries: string[], concurrency: number): Promise<Timing[]> {
  // As in production: the HTTP ack goes out as soon as ack() is called.
  const slack = await startSlackHarness({ sources: offlineSearch(), processBeforeResponse: false });
  try {
    await fill(slack.app, size);
    const arrived = new WeakMap<object, number>();
    const push = slack.fake.responses.push.bind(slack.fake.responses);
    slack.fake.responses.push = (...items) => {
      for (const item of items) arrived.set(item.body, performance.now());
      return push(...items);
    };
    const timings: Timing[] = [];
    for (let start = 0; start < queries.length; start += concurrency) {
      const round = queries.slice(start, start + concurrency);
      const acks = await Promise.all(
        round.map(async (query) => {
          const sent = performance.now();
          const ack = await slack.commandAck(`topic ${query}`);
          return { sent, ack };
        }),
      );
      await slack.adapter.idle();
      for (const { sent, ack } of acks) {
        const [first] = ack.responses;
        timings.push({
          ackMs: ack.ackMs,
          finalMs: (first ? (arrived.get(first) ?? Number.NaN) : Number.NaN) - sent,
        });
      }
    }
    return timings;
  } finally {
    await slack.close();
  }
}

async function benchDiscord(size: number, queries: string[], concurrency: number): Promise<Timing[]> {
  const discord = await startDiscordHarness({ sources: offlineSearch() });
  try {
    await fill(discord.app, size);
    const seen = new Map<string, { ack?: number; final?: number }>();
    const requests = discord.fake.requests;
    const push = requests.push.bind(requests);
    requests.push = (...items) => {
      const at = performance.now();
      for (const item of items) {
        const callback = /^\/interactions\/(\d+)\//.exec(item.path);
        const token = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(item.path);
        if (callback?.[1]) {
          // A direct answer (type 4) is both the ack and the final answer; a deferral (5) is only the ack.
          const direct = (item.body as { type?: number } | undefined)?.type === 4;
          seen.set(callback[1], { ...seen.get(callback[1]), ack: at, ...(direct ? { final: at } : {}) });
        }
        if (token?.[1] && item.method === "PATCH") seen.set(`token:${token[1]}`, { final: at });
      }
      return push(...items);
    };
    const timings: Timing[] = [];
    for (let start = 0; start < queries.length; start += concurrency) {
      const round = queries.slice(start, start + concurrency).map((query, index) =>
        slashCommand({
          user: { id: `7100000000000${String(start + index).padStart(5, "0")}` },
          subcommand: "topic",
          options: { query },
        }),
      );
      const sent = new Map<string, number>();
      const delivered = Promise.all(round.map(() => once(discord.adapter.client, Events.InteractionCreate)));
      for (const payload of round) {
        sent.set(payload.id, performance.now());
        discord.fake.dispatch("INTERACTION_CREATE", payload as unknown as Record<string, unknown>);
      }
      await delivered;
      await discord.adapter.idle();
      for (const payload of round) {
        const began = sent.get(payload.id) ?? Number.NaN;
        timings.push({
          ackMs: (seen.get(payload.id)?.ack ?? Number.NaN) - began,
          finalMs:
            (seen.get(payload.id)?.final ?? seen.get(`token:${payload.token}`)?.final ?? Number.NaN) - began,
        });
      }
    }
    return timings;
  } finally {
    await discord.close();
  }
}
