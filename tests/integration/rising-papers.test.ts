import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { createFollowups } from "../../src/followups/create-followups.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
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
});
