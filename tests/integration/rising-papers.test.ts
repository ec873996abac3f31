import { Writable } from "node:stream";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { PostOptions } from "../../src/chat/adapter.ts";
import { followupsOnce } from "../../src/cli/followups.ts";
import { createFollowups } from "../../src/followups/create-followups.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";
import {
  createTestApp,
  fakeSources,
  fixturePapers,
  invocation,
  RecordingAdapter,
} from "../helpers/test-app.ts";

/** VIA-SD (speculative decoding), 14 upvotes in the fixture: the followed paper that climbs. */
const FOLLOWED = "2606.12243";
/** HYDRA-X (multimodal models), 25 upvotes: a fast climber nobody here follows. */
const UNFOLLOWED = "2606.13289";
const START = new Date("2026-06-12T09:00:00Z");
const MINUTE = 60_000;
const C1: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };

/** Hugging Face's daily listing of 2026-06-12 with upvotes a test raises between refreshes. */
function climbingSources(): CatalogSources & { upvotes: Map<string, number>; dailyCalls: () => number } {
  const papers = fixturePapers();
  const upvotes = new Map(papers.map((paper) => [paper.id, paper.upvotes]));
  let calls = 0;
  const base = fakeSources({});
  return {
    ...base,
    upvotes,
    dailyCalls: () => calls,
    daily: async (date) => {
      calls += 1;
      if (date !== "2026-06-12") return [];
      return papers.map((paper) => ({ ...paper, upvotes: upvotes.get(paper.id) ?? 0 }));
    },
  };
}

let backend: KvBackend;
let sources: ReturnType<typeof climbingSources>;
let app: App & { clock: { now: Date } };
let adapter: RecordingAdapter;

beforeEach(async () => {
  backend = createMemoryBackend();
  sources = climbingSources();
  app = await createTestApp({ now: START, sources, backend });
  adapter = new RecordingAdapter();
});
afterEach(async () => app.close());

const admin = (line: string, channelId = "C1") => app.handle(invocation(line, { isAdmin: true, channelId }));
const pass = (target: App = app, holder = "replica-a") =>
  createFollowups(target, [adapter], holder).runPass();
/** Moves the clock on and lets both papers climb by `gain`. */
function later(minutes: number, gain: number): void {
  app.clock.now = new Date(app.clock.now.getTime() + minutes * MINUTE);
  for (const id of [FOLLOWED, UNFOLLOWED]) sources.upvotes.set(id, (sources.upvotes.get(id) ?? 0) + gain);
}
const risingPosts = () =>
  adapter.posts.filter((post) => post.reply.kind === "message" && post.reply.text.startsWith("📈"));

describe("rising papers: a paper on a followed topic climbs fast across two refreshes", () => {
  beforeEach(async () => {
    await admin("/papers follow speculative decoding");
    await admin("/papers follow speculative decoding", "C2");
  });

  it("posts exactly one heads-up, saying why, in the channel with rising on; later passes and a restart post none", async () => {
    expect(await admin("/papers alerts rising on")).toMatchObject({ kind: "message", tone: "success" });
    expect((await pass()).rising).toEqual([]); // the first reading: nothing climbed yet
    later(40, 20); // VIA-SD 14 → 34, HYDRA-X 25 → 45: both climbed 20 in 40 minutes
    const second = await pass();
    // Each pass refreshed today's and yesterday's listings (stale after the catalog's 30 minutes).
    expect(sources.dailyCalls()).toBe(4);
    expect(second.rising.map((post) => [post.channel, post.paperId])).toEqual([["console:W1:C1", FOLLOWED]]);
    expect(risingPosts()).toHaveLength(1);
    const [posted] = risingPosts();
    expect(posted?.channel).toEqual(C1);
    expect(posted?.reply).toMatchObject({ kind: "message" });
    const text = posted?.reply.kind === "message" ? posted.reply.text : "";
    expect(text).toContain("“VIA-SD: Verification via Intra-Model Routing for Speculative Decoding");
    expect(text).toContain(
      "+20 upvotes in 40 min on Hugging Face (34 in all); matches “speculative decoding” (followed)",
    );
    expect(text).toContain(`https://huggingface.co/papers/${FOLLOWED}`);

    // It keeps climbing: the next passes (another replica, then a restarted process) post nothing more.
    later(40, 20);
    expect((await pass(app, "replica-b")).rising).toEqual([]);
    const restarted = await createTestApp({ now: app.clock.now, sources, backend });
    try {
      later(40, 20);
      restarted.clock.now = app.clock.now;
      expect((await pass(restarted, "replica-c")).rising).toEqual([]);
    } finally {
      await restarted.close();
    }
    expect(risingPosts()).toHaveLength(1);
  });

  it("posts nothing with rising off (the default), nor after it is turned off", async () => {
    await pass();
    later(40, 20);
    expect((await pass()).rising).toEqual([]);
    await admin("/papers alerts rising on");
    await admin("/papers alerts rising off");
    later(40, 20);
    expect((await pass()).rising).toEqual([]);
    expect(risingPosts()).toEqual([]);
    // With no channel asking, the pass does not even ask Hugging Face.
    expect(sources.dailyCalls()).toBe(0);
  });

  it("posts nothing for a paper already in the channel's digest today", async () => {
    await admin("/papers alerts rising on");
    await pass();
    await app.store.posts.record(C1, {
      date: "2026-06-12",
      paperId: FOLLOWED,
      messageId: "m-digest",
      postedAt: app.clock.now.toISOString(),
    });
    later(40, 20);
    expect((await pass()).rising).toEqual([]);
  });

  it("posts nothing for a paper climbing slower than the threshold, nor for a muted one", async () => {
    await admin("/papers alerts rising on");
    await pass();
    later(40, 10); // VIA-SD 14 → 24: +10, below both bars
    expect((await pass()).rising).toEqual([]);
    await admin("/papers mute verification");
    later(40, 20); // 24 → 44: +30 within the window, but "verification" is muted here
    expect((await pass()).rising).toEqual([]);
  });

  it("keeps `/papers alerts on|off` for follow-ups apart, and shows both in settings", async () => {
    await admin("/papers alerts rising on");
    await admin("/papers alerts off");
    const settings = await app.store.channels.get(C1);
    expect(settings).toMatchObject({ alerts: false, risingAlerts: true });
    const shown = await app.handle(invocation("/papers settings"));
    expect(shown.kind).toBe("settings");
    const { renderText } = await import("../../src/chat/render-text.ts");
    expect(renderText(shown, { clean: (text) => text })).toContain(
      "Alerts: follow-ups off · rising papers on",
    );
    const follows = await app.handle(invocation("/papers follows"));
    expect(follows).toMatchObject({ kind: "message" });
    expect(follows.kind === "message" && follows.text).toContain("Rising papers (a heads-up");
    expect(follows.kind === "message" && follows.text).toMatch(/climbs fast\): on\.$/);
  });
});

describe("paperboy followups --dry-run lists rising heads-ups", () => {
  it("returns what it would post and records nothing", async () => {
    await admin("/papers follow speculative decoding");
    await admin("/papers alerts rising on");
    await pass();
    later(40, 20);
    const followups = createFollowups(app, [adapter], "dry");
    const dry = await followups.runPass({ dryRun: true });
    expect(dry.rising.map((post) => post.paperId)).toEqual([FOLLOWED]);
    expect(dry.rising[0]?.messageId).toBeUndefined();
    expect(risingPosts()).toEqual([]);
    expect(await app.store.rising.wasSent(C1, FOLLOWED)).toBe(false);
    expect((await pass()).rising.map((post) => post.paperId)).toEqual([FOLLOWED]);
  });

  it("prints each heads-up it would post and their count", async () => {
    await admin("/papers follow speculative decoding");
    await admin("/papers alerts rising on");
    await pass();
    later(40, 20);
    let printed = "";
    const out = new Writable({
      write(chunk, _encoding, done) {
        printed += String(chunk);
        done();
      },
    });
    await followupsOnce(app, { dryRun: true }, out);
    expect(printed).toContain("would post in console:W1:C1: 📈 Rising: “VIA-SD");
    expect(printed).toContain("1 rising-paper heads-up would post\n");
    expect(await app.store.rising.wasSent(C1, FOLLOWED)).toBe(false);
  });
});

/** Both replicas' clocks move on together, and the followed paper climbs by `gain`. */
function together(
  apps: (App & { clock: { now: Date } })[],
  minutes: number,
  gain: number,
  on: typeof sources,
) {
  for (const replica of apps) replica.clock.now = new Date(replica.clock.now.getTime() + minutes * MINUTE);
  on.upvotes.set(FOLLOWED, (on.upvotes.get(FOLLOWED) ?? 0) + gain);
}

/** Two replicas over one store (`backends` may be one shared object or two connections) race their passes. */
async function raceTwoReplicas(backends: [KvBackend, KvBackend]): Promise<void> {
  const upstream = climbingSources();
  const replicas = [
    await createTestApp({ now: START, sources: upstream, backend: backends[0] }),
    await createTestApp({ now: START, sources: upstream, backend: backends[1] }),
  ];
  const adapters = [new RecordingAdapter(), new RecordingAdapter()];
  const race = () =>
    Promise.all(
      replicas.map((replica, index) =>
        createFollowups(replica, [adapters[index] as RecordingAdapter], `replica-${index}`).runPass(),
      ),
    );
  try {
    const first = replicas[0] as App;
    await first.handle(invocation("/papers follow speculative decoding", { isAdmin: true }));
    await first.handle(invocation("/papers alerts rising on", { isAdmin: true }));
    await race();
    together(replicas, 40, 20, upstream);
    const results = await race();
    expect(results.flatMap((result) => result.rising).map((post) => post.paperId)).toEqual([FOLLOWED]);
    together(replicas, 40, 20, upstream);
    expect((await race()).flatMap((result) => result.rising)).toEqual([]);
    expect(adapters.flatMap((adapter) => adapter.posts)).toHaveLength(1);
  } finally {
    await replicas[1]?.close();
    await replicas[0]?.close();
  }
}

describe("rising papers across replicas and cut-off sends", () => {
  it("two replicas racing on one store post one heads-up between them", async () => {
    const shared = createMemoryBackend();
    await raceTwoReplicas([shared, shared]);
  });

  it("a send cut off after it landed is looked up, not sent again, under the same key", async () => {
    /** Lands the first message but loses the answer (as a killed process would), then finds it by key. */
    class CutOffAdapter extends RecordingAdapter {
      readonly calls: { key?: string; possiblySent?: boolean }[] = [];
      override async post(
        channel: ChannelRef,
        reply: Parameters<RecordingAdapter["post"]>[1],
        options?: PostOptions,
      ) {
        this.calls.push({ key: options?.idempotencyKey, possiblySent: options?.possiblySent });
        const landed = this.posts.find((post) => post.options?.idempotencyKey === options?.idempotencyKey);
        if (landed && options?.possiblySent) return { messageId: landed.messageId };
        const sent = await super.post(channel, reply, options);
        if (this.calls.length === 1) throw new Error("socket hang up");
        return sent;
      }
    }
    const cutOff = new CutOffAdapter();
    await admin("/papers follow speculative decoding");
    await admin("/papers alerts rising on");
    await createFollowups(app, [cutOff], "replica-a").runPass();
    later(40, 20);
    expect((await createFollowups(app, [cutOff], "replica-a").runPass()).rising).toEqual([]);
    expect(await app.store.rising.wasSent(C1, FOLLOWED)).toBe(false);
    const resumed = await createFollowups(app, [cutOff], "replica-b").runPass();
    expect(resumed.rising.map((post) => post.messageId)).toEqual(["m1"]);
    expect(cutOff.posts).toHaveLength(1);
    expect(cutOff.calls).toEqual([
      { key: cutOff.calls[0]?.key, possiblySent: undefined },
      { key: cutOff.calls[0]?.key, possiblySent: true },
    ]);
    expect((await createFollowups(app, [cutOff], "replica-c").runPass()).rising).toEqual([]);
  });
});

describeWithRedis("rising papers with two replicas on Redis", (url) => {
  const prefixes = redisTestPrefixes(url);
  afterAll(() => prefixes.cleanup());

  it("post one heads-up between them", async () => {
    const prefix = prefixes.next();
    await raceTwoReplicas([
      await createRedisBackend(url, { prefix }),
      await createRedisBackend(url, { prefix }),
    ]);
  });
});
