import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ClaimRepository } from "../../src/store/claim-repository.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { flakyBackend } from "../helpers/flaky-backend.ts";

describe("ClaimRepository", () => {
  it("gives a key to exactly one of many concurrent claimants", async () => {
    const claims = new ClaimRepository(createMemoryBackend());
    const won = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        claims.claim("digest:slack:T1:C1:2026-06-12", `p${index}`, 60_000),
      ),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it("lets another process take over a claim whose holder died and let it expire", async () => {
    const claims = new ClaimRepository(createMemoryBackend());
    expect(await claims.claim("k", "dead", 30)).toBe(true);
    expect(await claims.claim("k", "alive", 60_000)).toBe(false);
    await sleep(60);
    expect(await claims.claim("k", "alive", 60_000)).toBe(true);
  });

  it("lets another process claim at once after the holder releases", async () => {
    const backend = createMemoryBackend();
    const [first, second] = [new ClaimRepository(backend), new ClaimRepository(backend)];
    expect(await first.claim("digest", "worker", 60_000)).toBe(true);
    expect(await second.claim("digest", "worker", 60_000)).toBe(false);
    expect(await first.release("digest", "worker")).toBe(true);
    expect(await second.claim("digest", "worker", 60_000)).toBe(true);
    expect(await first.release("digest", "worker")).toBe(false);
  });

  it("does nothing when someone other than the holder releases", async () => {
    const backend = createMemoryBackend();
    const [holder, other] = [new ClaimRepository(backend), new ClaimRepository(backend)];
    expect(await holder.claim("digest", "alice", 60_000)).toBe(true);
    expect(await holder.release("digest", "bob")).toBe(false);
    expect(await other.release("digest", "alice")).toBe(false);
    expect(await other.release("never-claimed", "alice")).toBe(false);
    expect(await other.claim("digest", "bob", 60_000)).toBe(false);
    expect(await holder.release("digest", "alice")).toBe(true);
  });

  it("does not let a holder whose claim expired release the claim that took it over", async () => {
    const backend = createMemoryBackend();
    const [stalled, successor] = [new ClaimRepository(backend), new ClaimRepository(backend)];
    expect(await stalled.claim("job", "worker", 30)).toBe(true);
    await sleep(60);
    expect(await successor.claim("job", "worker", 60_000)).toBe(true);
    expect(await stalled.release("job", "worker")).toBe(false);
    expect(await stalled.renew("job", "worker", 60_000)).toBe(false);
    expect(await stalled.claim("job", "worker", 60_000)).toBe(false);
    expect(await successor.release("job", "worker")).toBe(true);
  });

  it("keeps a renewed claim past its first ttl, and renews only the holder's own", async () => {
    const backend = createMemoryBackend();
    const [holder, other] = [new ClaimRepository(backend), new ClaimRepository(backend)];
    expect(await holder.claim("long-job", "worker", 50)).toBe(true);
    expect(await other.renew("long-job", "worker", 60_000)).toBe(false);
    expect(await holder.renew("long-job", "worker", 300)).toBe(true);
    await sleep(120);
    expect(await other.claim("long-job", "worker", 60_000)).toBe(false);
    expect(await holder.renew("long-job", "worker", 300)).toBe(true);
    await sleep(120);
    expect(await other.claim("long-job", "worker", 60_000)).toBe(false);
    expect(await holder.release("long-job", "worker")).toBe(true);
    expect(await other.claim("long-job", "worker", 60_000)).toBe(true);
  });

  it("lets a claim that is not renewed expire", async () => {
    const backend = createMemoryBackend();
    const [holder, other] = [new ClaimRepository(backend), new ClaimRepository(backend)];
    expect(await holder.claim("job", "worker", 50)).toBe(true);
    await sleep(100);
    expect(await holder.renew("job", "worker", 60_000)).toBe(false);
    expect(await other.claim("job", "worker", 60_000)).toBe(true);
  });

  it("takes back at once its own claim whose release failed, and only that one", async () => {
    const backend = flakyBackend(createMemoryBackend());
    const [holder, other] = [new ClaimRepository(backend), new ClaimRepository(backend)];
    expect(await holder.claim("done", "worker", 60_000)).toBe(true);
    expect(await holder.claim("busy", "worker", 60_000)).toBe(true);
    backend.down = true;
    await expect(holder.release("done", "worker")).rejects.toThrow(/test outage/);
    backend.down = false;
    expect(await other.claim("done", "worker", 60_000)).toBe(false);
    expect(await holder.claim("done", "someone-else", 60_000)).toBe(false);
    expect(await holder.claim("busy", "worker", 60_000)).toBe(false);
    expect(await holder.claim("done", "worker", 60_000)).toBe(true);
    expect(await holder.claim("done", "worker", 60_000)).toBe(false);
    expect(await holder.releaseUnreleased()).toBe(0);
    expect(await holder.release("done", "worker")).toBe(true);
  });
});
