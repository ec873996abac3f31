import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_REACTION_EMOJI, onFirstDelivery, ReactionService } from "../../src/chat/reactions.ts";
import { silentLogger } from "../../src/log.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore, type Store } from "../../src/store/store.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

const CHANNEL: ChannelRef = { platform: "slack", workspaceId: "T1", channelId: "CLAB" };
const USERS = 100;
const PAPERS = 20;
const EVENTS = 1000;
const UPVOTE_EMOJI = ["+1", "fire", "arrow_up"];

interface Delivery {
  id: string;
  userId: string;
  messageId: string;
  emoji: string;
  added: boolean;
}

/**
 * 1,000 reaction events by 100 users on 20 papers' messages: each (user, paper) pair gets a short,
 * valid sequence of adds and removes of the upvote emoji (a user may hold 👍 and 🔥 at once). Also the
 * expected final count per paper: users still holding at least one upvote emoji on it.
 */
function workload(seed: number): { chains: Delivery[][]; expected: Record<string, number> } {
  const random = seededRandom(seed);
  const chains = new Map<string, Delivery[]>();
  const held = new Map<string, Set<string>>();
  for (let n = 0; n < EVENTS; n++) {
    const userId = `U${Math.floor(random() * USERS)}`;
    const paper = Math.floor(random() * PAPERS);
    const pair = `${userId}:${paper}`;
    const emoji = UPVOTE_EMOJI[Math.floor(random() * UPVOTE_EMOJI.length)]!;
    const holding = held.get(pair) ?? new Set<string>();
    held.set(pair, holding);
    const added = !holding.has(emoji);
    if (added) holding.add(emoji);
    else holding.delete(emoji);
    const chain = chains.get(pair) ?? [];
    chains.set(pair, chain);
    chain.push({ id: `Ev${n}`, userId, messageId: `m${paper}`, emoji, added });
  }
  const expected: Record<string, number> = {};
  for (const [pair, holding] of held) {
    const paperId = `2611.${String(Number(pair.split(":")[1]) + 10000).padStart(5, "0")}`;
    if (holding.size > 0) expected[paperId] = (expected[paperId] ?? 0) + 1;
  }
  return { chains: [...chains.values()], expected };
}

/**
 * Delivers every chain at once (pairs interleave freely; one pair's events arrive in order, as one
 * user's reactions on one message do), a fifth of the events twice at the same moment, as platforms
 * retry, through the same first-delivery guard the adapters use.
 */
async function deliverAll(store: Store, chains: Delivery[][], seed: number): Promise<number> {
  const random = seededRandom(seed);
  const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
  let applied = 0;
  const deliver = async (event: Delivery) => {
    const ran = await onFirstDelivery(store, "slack", event.id, () =>
      reactions.handle({ channel: CHANNEL, at: new Date("2026-11-20T10:00:00Z"), ...event }),
    );
    if (ran) applied++;
  };
  await Promise.all(
    chains.map(async (chain) => {
      for (const event of chain) {
        await (random() < 0.2 ? Promise.all([deliver(event), deliver(event)]) : deliver(event));
      }
    }),
  );
  return applied;
}

async function postPapers(store: Store): Promise<void> {
  for (let paper = 0; paper < PAPERS; paper++) {
    await store.posts.record(CHANNEL, {
      paperId: `2611.${String(paper + 10000).padStart(5, "0")}`,
      date: "2026-11-20",
      messageId: `m${paper}`,
      postedAt: "2026-11-20T09:00:00.000Z",
    });
  }
}

function concurrencySuite(open: () => Promise<KvBackend>) {
  let backend: KvBackend;
  beforeEach(async () => {
    backend = await open();
  });
  afterEach(async () => {
    await backend.close();
  });

  it("counts 1,000 concurrent, partly duplicated reaction events exactly, each applied once", async () => {
    const store = createStore(backend);
    await postPapers(store);
    const { chains, expected } = workload(7);
    expect(chains.flat()).toHaveLength(EVENTS);
    const applied = await deliverAll(store, chains, 8);
    expect(applied).toBe(EVENTS);
    const counts = Object.fromEntries(await store.votes.counts(CHANNEL));
    expect(counts).toEqual(expected);
    // The workload is not trivial: most papers keep votes, and removals took many away.
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(PAPERS - 1);
    expect(Object.values(expected).reduce((sum, count) => sum + count, 0)).toBeLessThan(
      new Set(chains.map((chain) => `${chain[0]!.userId}:${chain[0]!.messageId}`)).size,
    );
    // Delivering everything again changes nothing: every event id was seen.
    expect(await deliverAll(store, chains, 9)).toBe(0);
    expect(Object.fromEntries(await store.votes.counts(CHANNEL))).toEqual(expected);
  });

  it("keeps a user's vote while another of their upvote emoji remains", async () => {
    const store = createStore(backend);
    await postPapers(store);
    const reactions = new ReactionService(store, DEFAULT_REACTION_EMOJI, silentLogger);
    const react = (emoji: string, added: boolean) =>
      reactions.handle({ channel: CHANNEL, messageId: "m0", userId: "U1", emoji, added, at: new Date() });
    await Promise.all([react("+1", true), react("fire", true)]);
    expect(Object.fromEntries(await store.votes.counts(CHANNEL))).toEqual({ "2611.10000": 1 });
    await react("fire", false);
    expect(Object.fromEntries(await store.votes.counts(CHANNEL))).toEqual({ "2611.10000": 1 });
    await react("+1", false);
    expect(Object.fromEntries(await store.votes.counts(CHANNEL))).toEqual({});
  });
}

describe("reactions under concurrency on SQLite", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-reactions-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  concurrencySuite(() => createSqliteBackend(join(dir, "store.sqlite")));
});

describeWithRedis("reactions under concurrency on Redis", (url) => {
  const prefixes = redisTestPrefixes(url);
  afterEach(() => prefixes.cleanup());
  concurrencySuite(() => createRedisBackend(url, { prefix: prefixes.next() }));
});
