import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import type { KvBackend } from "../../src/store/backend.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { LEASE_NAMESPACES } from "../../src/store/keys.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";

const legacyLeasePrefixes = LEASE_NAMESPACES.map((namespace) => `${namespace}:`);

/**
 * A store written by the version before leases had storage of their own (claims, send attempts and handled
 * event ids were plain values, written through Keyv with a ttl), opened by this version: the live ones still
 * hold, so an upgrade neither frees a held digest claim nor forgets a send that may have landed.
 */
function adoptionSuite(open: (options: { legacyLeasePrefixes?: readonly string[] }) => Promise<KvBackend>) {
  it("keeps the claims, attempts and event ids an older version left, until they expire", async () => {
    const old = await open({});
    const claim = { owner: "scheduler", holder: "old-process" };
    await old.set("claim:digest:slack:T1:C1:2026-06-12", claim, 10_000);
    await old.set("attempt:slack:T1:C1:2026-06-12:2606.13392", 1, 10_000);
    await old.set("event:slack:Ev1", 1, 10_000);
    await old.set("claim:digest:slack:T1:C2:2026-06-12", claim, 50);
    await old.set("post:slack:T1:C1:2026-06-12:2606.13392", { v: 1, data: "kept as it is" });
    await old.close();
    await sleep(120);

    const upgraded = await open({ legacyLeasePrefixes });
    try {
      expect(await upgraded.setIfAbsent("claim:digest:slack:T1:C1:2026-06-12", claim, 60_000)).toBe(false);
      expect(await upgraded.setIfAbsent("attempt:slack:T1:C1:2026-06-12:2606.13392", 1, 60_000)).toBe(false);
      expect(await upgraded.setIfAbsent("event:slack:Ev1", "token", 60_000)).toBe(false);
      // The old holder's value still releases it, as it did before the upgrade.
      expect(await upgraded.deleteIfEquals("claim:digest:slack:T1:C1:2026-06-12", claim)).toBe(true);
      // An expired one is gone, and nothing is left among plain values.
      expect(await upgraded.setIfAbsent("claim:digest:slack:T1:C2:2026-06-12", "new", 60_000)).toBe(true);
      expect(await upgraded.list("claim:")).toEqual([]);
      expect(await upgraded.list("attempt:")).toEqual([]);
      expect(await upgraded.get("post:slack:T1:C1:2026-06-12:2606.13392")).toEqual({
        v: 1,
        data: "kept as it is",
      });
    } finally {
      await upgraded.close();
    }
  });
}

describe("legacy leases: sqlite", async () => {
  const dir = await mkdtemp(join(tmpdir(), "paperboy-legacy-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  adoptionSuite((options) => createSqliteBackend(join(dir, "store.sqlite"), options));
});

describeWithRedis("legacy leases: redis", (url) => {
  const prefixes = redisTestPrefixes(url);
  const prefix = prefixes.next();
  afterAll(() => prefixes.cleanup());
  adoptionSuite((options) => createRedisBackend(url, { prefix, ...options }));
});
