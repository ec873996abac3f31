import { afterEach, describe, expect, it } from "vitest";
import { ClaimRepository } from "../../src/store/claim-repository.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore } from "../../src/store/store.ts";
import { type FlakyBackend, flakyBackend } from "../helpers/flaky-backend.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import { appScheduler, createTestApp, RecordingAdapter } from "../helpers/test-app.ts";

const C1: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A platform that takes the store away right after its `downAfter`-th message lands. */
class OutageAdapter extends RecordingAdapter {
  constructor(
    private readonly backend: FlakyBackend,
    private readonly downAfter: number,
  ) {
    super();
  }
  override async post(...args: Parameters<RecordingAdapter["post"]>) {
    const posted = await super.post(...args);
    if (this.posts.length === this.downAfter) this.backend.down = true;
    return posted;
  }
}

describe("a claim whose release failed during a store outage", () => {
  it("does not hold the channel's remaining posts for the claim's ttl: the next sweep finishes the digest", async () => {
    const backend = flakyBackend(createMemoryBackend());
    const app = await createTestApp({ now: new Date("2026-06-12T07:00:00Z"), backend });
    closers.push(() => app.close());
    await app.store.channels.update(
      C1,
      (settings) => ({ ...settings, schedule: { time: "09:00", timezone: "Europe/Berlin", days: "daily" } }),
      { by: "U_ADMIN", at: app.now() },
    );
    const adapter = new OutageAdapter(backend, 3);
    // The default ten-minute lease: a claim left in the store would hold the channel far past this test.
    const scheduler = appScheduler(app, [adapter], { claimTtlMs: 10 * 60_000 });
    closers.push(() => scheduler.stop());

    const first = await scheduler.sweep("sweep");
    expect(first.failed).toEqual(["console:W1:C1"]);
    expect(adapter.posts).toHaveLength(3);

    backend.down = false;
    app.clock.now = new Date("2026-06-12T07:01:00Z");
    const next = await scheduler.sweep("sweep");

    expect(next.posted).toEqual(["console:W1:C1"]);
    const ledgerIds = new Set(adapter.posts.map((post) => post.options?.idempotencyKey));
    expect(ledgerIds.size).toBe(6);
  });

  it("is released as soon as the store answers again, so another process can claim it", async () => {
    const backend = flakyBackend(createMemoryBackend());
    const store = createStore(backend);
    closers.push(() => store.backend.close());
    const other = new ClaimRepository(createStore(backend).backend);
    expect(await store.claims.claim("digest:C1", "p1", 10 * 60_000)).toBe(true);
    backend.down = true;
    await expect(store.claims.release("digest:C1", "p1")).rejects.toThrow(/test outage/);
    backend.down = false;
    // Nothing else touches the store: the health probe finds it back and the claim is released.
    await waitFor(() => other.claim("digest:C1", "p2", 60_000));
  });
});
