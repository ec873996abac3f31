import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { samplePapers } from "../../src/papers/sample.ts";
import type { Scheduler } from "../../src/scheduler/scheduler.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import {
  appScheduler,
  createTestApp,
  fakeSources,
  fixturePapers,
  invocation,
  RecordingAdapter,
} from "../helpers/test-app.ts";

const C1: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };
const papers = fixturePapers();
/** Fifteen papers featured on Friday the 12th (stored), fifteen on Saturday the 13th (upstream only). */
const friday = papers.slice(0, 15);
const saturday = papers.slice(15).map((paper): Paper => ({ ...paper, featuredOn: "2026-06-13" }));
const sampleIds = new Set(samplePapers().map((paper) => paper.id));

let app: App & { clock: { now: Date } };
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await app?.close();
});

/** An app with Friday stored, Hugging Face down, and C1 scheduled at 09:00 Berlin (07:00 UTC). */
async function fridayStoredThenDown(options: { stored?: boolean } = {}) {
  const sources = fakeSources({ "2026-06-12": friday, "2026-06-13": saturday });
  app = await createTestApp({ now: new Date("2026-06-12T20:00:00Z"), sources });
  if (options.stored ?? true) await app.catalog.ingest("2026-06-12");
  await app.store.channels.update(
    C1,
    (settings) => ({ ...settings, schedule: { time: "09:00", timezone: "Europe/Berlin", days: "daily" } }),
    { by: "U_ADMIN", at: app.now() },
  );
  sources.state.down = true;
  const adapter = new RecordingAdapter();
  scheduler = appScheduler(app, [adapter]);
  return { sources, adapter, scheduler };
}

const at = (iso: string) => {
  app.clock.now = new Date(iso);
};
const headers = (adapter: RecordingAdapter) =>
  adapter.posts.flatMap((post) => (post.reply.kind === "header" ? [post.reply] : []));
const postedIds = (adapter: RecordingAdapter) =>
  adapter.posts.flatMap((post) => (post.reply.kind === "paper" ? [post.reply.entry.paper.id] : []));

describe("a scheduled digest whose day cannot be fetched", () => {
  it("waits and retries at each sweep, then posts the real day once Hugging Face answers", async () => {
    const { sources, adapter, scheduler } = await fridayStoredThenDown();
    at("2026-06-13T07:00:00Z");
    expect(await scheduler.sweep("sweep")).toMatchObject({ posted: [], waiting: ["console:W1:C1"] });
    at("2026-06-13T07:40:00Z");
    expect(await scheduler.sweep("sweep")).toMatchObject({ posted: [], waiting: ["console:W1:C1"] });
    expect(adapter.posts).toEqual([]);

    sources.state.down = false;
    at("2026-06-13T08:10:00Z");
    expect((await scheduler.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
    expect(headers(adapter)[0]?.digest).toMatchObject({ kind: "daily", date: "2026-06-13" });
    expect(postedIds(adapter).every((id) => saturday.some((paper) => paper.id === id))).toBe(true);
  });

  it("after the retry window posts the week's best from the store, saying the day could not be fetched", async () => {
    const { adapter, scheduler } = await fridayStoredThenDown();
    at("2026-06-13T07:00:00Z");
    await scheduler.sweep("sweep");
    at("2026-06-13T09:01:00Z");
    expect((await scheduler.sweep("sweep")).posted).toEqual(["console:W1:C1"]);

    const [header] = headers(adapter);
    expect(header?.digest.kind).toBe("quiet");
    expect(header?.digest.title).toBe("Today's papers couldn't be fetched — the week's best instead");
    expect(header?.digest.note).toMatch(/^Hugging Face could not be reached for Sat 13 Jun 2026's papers/);
    expect(JSON.stringify(header)).not.toMatch(/Top papers|SAMPLE|No papers were featured/);
    const ids = postedIds(adapter);
    expect(ids.length).toBe(5);
    expect(ids.every((id) => friday.some((paper) => paper.id === id))).toBe(true);
    // Exactly once: later sweeps post nothing more.
    at("2026-06-13T10:00:00Z");
    expect((await scheduler.sweep("sweep")).posted).toEqual([]);
    expect(headers(adapter)).toHaveLength(1);
  });

  it("on an empty store posts nothing at all: never the bundled sample, nothing entered in the dedup", async () => {
    const { adapter, scheduler } = await fridayStoredThenDown({ stored: false });
    at("2026-06-13T07:00:00Z");
    await scheduler.sweep("sweep");
    at("2026-06-13T09:01:00Z");
    expect(await scheduler.sweep("sweep")).toMatchObject({ posted: [], failed: [] });
    at("2026-06-13T09:30:00Z");
    await scheduler.sweep("sweep");
    expect(adapter.posts).toEqual([]);
    const recorded = await app.store.posts.since(C1, "2026-06-01");
    expect(recorded.filter((post) => sampleIds.has(post.paperId))).toEqual([]);
  });
});

describe("interactive answers while Hugging Face is down", () => {
  const expectKind = <K extends Reply["kind"]>(reply: Reply, kind: K) => {
    expect(reply.kind, JSON.stringify(reply).slice(0, 300)).toBe(kind);
    return reply as Extract<Reply, { kind: K }>;
  };

  it("/papers post posts nothing and says why, naming the source", async () => {
    await fridayStoredThenDown();
    at("2026-06-13T08:00:00Z");
    const adapter = new RecordingAdapter();
    const reply = expectKind(
      await app.handle(invocation("/papers post", { isAdmin: true }), adapter),
      "message",
    );
    expect(reply.text).toMatch(/^Nothing was posted: Hugging Face could not be reached for today's papers/);
    expect(reply.private).toBe(true);
    expect(adapter.posts).toEqual([]);
  });

  it("/papers today shows the honest week's best from the store, not the sample", async () => {
    await fridayStoredThenDown();
    at("2026-06-13T08:00:00Z");
    const reply = expectKind(await app.handle(invocation("/papers today")), "digest");
    expect(reply.digest.title).toBe("Today's papers couldn't be fetched — the week's best instead");
    const fridayIds = new Set(friday.map((paper) => paper.id));
    expect(reply.digest.items.length).toBe(5);
    expect(reply.digest.items.every((item) => fridayIds.has(item.paper.id))).toBe(true);
    expect(reply.note).toBeUndefined();
  });

  it("/papers today on an empty store shows the sample, labelled in its title and note", async () => {
    await fridayStoredThenDown({ stored: false });
    at("2026-06-13T08:00:00Z");
    const reply = expectKind(await app.handle(invocation("/papers today")), "digest");
    expect(reply.digest.title).toMatch(/^SAMPLE papers · Fri 12 Jun 2026 \(not today's\)$/);
    expect(reply.note).toMatch(
      /^Hugging Face is unreachable right now\. No papers are stored yet: showing a bundled SAMPLE/,
    );
    expect(reply.digest.items.every((item) => sampleIds.has(item.paper.id))).toBe(true);
  });
});
