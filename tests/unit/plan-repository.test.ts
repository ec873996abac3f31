import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Digest } from "../../src/digest/digest.ts";
import { NAMESPACES, planKey } from "../../src/store/keys.ts";
import type { DigestPlan } from "../../src/store/plan-repository.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { appScheduler, createTestApp, RecordingAdapter } from "../helpers/test-app.ts";

const DATE = "2026-06-12";
const channel = (id: string): ChannelRef => ({ platform: "console", workspaceId: "W1", channelId: id });
let app: App & { clock: { now: Date } };

afterEach(async () => {
  await app?.close();
});

async function todaysPlan(ref: ChannelRef): Promise<DigestPlan> {
  const answer = await app.digests.forChannel(ref, DATE);
  expect(answer.digest.items.length).toBeGreaterThan(1);
  return { digest: answer.digest, note: "a note", scheduledAt: "2026-06-12T07:00:00.000Z" };
}

/** Every stored paper record a plan refers to. */
const paperRecords = () => app.store.backend.list(`${NAMESPACES.planPaper}:`);

describe("digest plans", () => {
  it("read back exactly as they were saved: the papers, each channel's rank, why, TL;DR and votes", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    const plan = await todaysPlan(channel("C1"));
    const voted = { ...plan.digest.items[0], votes: 3, why: "3 team votes · why of C1" };
    const digest: Digest = {
      ...plan.digest,
      items: [voted as Digest["items"][number], ...plan.digest.items.slice(1)],
    };
    await app.store.plans.savePlan(channel("C1"), DATE, { ...plan, digest });
    const read = await app.store.plans.plan(channel("C1"), DATE);
    expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify({ ...plan, digest })));
    expect(await app.store.plans.plan(channel("C2"), DATE)).toBeUndefined();
  });

  it("store each paper once for every channel that carries it, and a channel's own part in its plan", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    const refs = Array.from({ length: 20 }, (_, index) => channel(`C${index}`));
    const plans = await Promise.all(refs.map((ref) => todaysPlan(ref)));
    await Promise.all(
      refs.map((ref, index) => app.store.plans.savePlan(ref, DATE, plans[index] as DigestPlan)),
    );
    const ids = new Set(plans.flatMap((plan) => plan.digest.items.map((item) => item.paper.id)));
    expect(
      (await paperRecords()).map(([, record]) => (record as { data: { id: string } }).data.id).sort(),
    ).toEqual([...ids].sort());
    // A channel's plan record holds no paper: far smaller than the papers it names.
    const stored = JSON.stringify(await app.store.backend.get(planKey(channel("C3"), DATE)));
    const papers = JSON.stringify(plans[3]?.digest.items.map((item) => item.paper));
    expect(stored.length).toBeLessThan(papers.length / 2);
    expect(stored).not.toContain(plans[3]?.digest.items[0]?.paper.abstract.slice(0, 40));
    for (const [index, ref] of refs.entries()) {
      expect(await app.store.plans.plan(ref, DATE)).toEqual(plans[index]);
    }
  });

  it("keep the paper as it was planned when the paper changes afterwards", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    const plan = await todaysPlan(channel("C1"));
    await app.store.plans.savePlan(channel("C1"), DATE, plan);
    const [first, ...rest] = plan.digest.items;
    if (!first) throw new Error("no item");
    const changed = { ...first, paper: { ...first.paper, upvotes: first.paper.upvotes + 100 } };
    const later = { ...plan, digest: { ...plan.digest, items: [changed, ...rest] } };
    await app.store.plans.savePlan(channel("C2"), DATE, later);
    expect((await app.store.plans.plan(channel("C1"), DATE))?.digest.items[0]?.paper.upvotes).toBe(
      first.paper.upvotes,
    );
    expect((await app.store.plans.plan(channel("C2"), DATE))?.digest.items[0]?.paper.upvotes).toBe(
      first.paper.upvotes + 100,
    );
    expect(await paperRecords()).toHaveLength(plan.digest.items.length + 1);
  });

  it("read as no plan when a paper they name is gone, so none is posted half-known", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    const plan = await todaysPlan(channel("C1"));
    await app.store.plans.savePlan(channel("C1"), DATE, plan);
    const [key] = (await paperRecords())[0] ?? [];
    await app.store.backend.delete(key as string);
    expect(await app.store.plans.plan(channel("C1"), DATE)).toBeUndefined();
  });

  // Plans written before papers were stored by reference (version 1) hold whole papers: a process
  // upgraded mid-fan-out still finishes such a channel with the digest it fixed.
  it("written whole by an earlier version are still read, and the scheduler posts what they fixed", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z") });
    const ref = channel("C1");
    await app.store.channels.update(
      ref,
      (settings) => ({ ...settings, schedule: { time: "09:00", timezone: "Europe/Berlin", days: "daily" } }),
      { by: "U_ADMIN", at: app.now() },
    );
    const plan = await todaysPlan(ref);
    const fixed: DigestPlan = {
      ...plan,
      digest: { ...plan.digest, title: "Fixed by the old version", items: plan.digest.items.slice(-2) },
    };
    await app.store.backend.set(planKey(ref, DATE), { v: 1, data: fixed });
    expect(await app.store.plans.plan(ref, DATE)).toEqual(fixed);
    const adapter = new RecordingAdapter();
    const scheduler = appScheduler(app, [adapter], { holder: "upgraded" });
    expect((await scheduler.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
    await scheduler.stop();
    const [header, ...papers] = adapter.posts.map((post) => post.reply);
    expect(header).toMatchObject({ kind: "header", digest: { title: "Fixed by the old version" } });
    expect(papers.map((reply) => (reply.kind === "paper" ? reply.entry.paper.id : reply.kind))).toEqual(
      fixed.digest.items.map((item) => item.paper.id),
    );
  });
});
