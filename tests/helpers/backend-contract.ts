import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KvBackend } from "../../src/store/backend.ts";
import { StoreError } from "../../src/store/errors.ts";

/**
 * Opens a driver on the store named `storeId`. Each test gets a new id, so it starts empty; calling the factory
 * again with the same id opens a second connection to the same data where the driver has such a thing.
 */
export type BackendFactory = (storeId: string) => Promise<KvBackend>;

/** What the contract may assume about a driver beyond the interface. */
export interface BackendContractOptions {
  /** Whether two connections to one store id share data that outlives a close (SQLite file, Redis server). */
  shared: boolean;
}

const SHORT_TTL_MS = 60;
const AFTER_EXPIRY_MS = 150;

/**
 * The behaviour every `KvBackend` driver promises, run against each of them so that code written against the
 * memory driver in a test behaves the same on SQLite and on Redis.
 */
export function runBackendContract(
  name: string,
  factory: BackendFactory,
  options: BackendContractOptions,
): void {
  describe(`KvBackend contract: ${name}`, () => {
    let storeId = 0;
    const opened: KvBackend[] = [];
    const connect = async (): Promise<KvBackend> => {
      const backend = await factory(`store-${storeId}`);
      opened.push(backend);
      return backend;
    };
    let kv: KvBackend;

    beforeEach(async () => {
      storeId += 1;
      kv = await connect();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((backend) => backend.close()));
    });

    it("round-trips nested JSON data and copies it in and out", async () => {
      const paper = {
        id: "2606.13392",
        title: ":colon first, ünïcödé, 😀",
        authors: [{ name: "Ada", affiliations: ["X", null] }],
        stats: { upvotes: 0, ratio: 0.25, featured: true, tags: [] },
      };
      await kv.set("papers:2606.13392", paper);
      paper.stats.upvotes = 99;
      const read = await kv.get<typeof paper>("papers:2606.13392");
      expect(read).toEqual({ ...paper, stats: { ...paper.stats, upvotes: 0 } });
      await kv.set("papers:2606.13392", "replaced");
      expect(await kv.get("papers:2606.13392")).toBe("replaced");
      expect(await kv.get("papers:missing")).toBeUndefined();
    });

    it("deletes, reporting whether a live value was there", async () => {
      await kv.set("votes:a", 1);
      await kv.set("votes:expiring", 2, SHORT_TTL_MS);
      expect(await kv.delete("votes:a")).toBe(true);
      expect(await kv.get("votes:a")).toBeUndefined();
      expect(await kv.delete("votes:a")).toBe(false);
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.delete("votes:expiring")).toBe(false);
    });

    it("gets many keys in the order asked, with gaps for absent ones", async () => {
      await kv.set("k:a", { n: 1 });
      await kv.set("k:c", [3]);
      expect(await kv.getMany(["k:c", "k:missing", "k:a", "k:c"])).toEqual([[3], undefined, { n: 1 }, [3]]);
      expect(await kv.getMany([])).toEqual([]);
    });

    it("expires values after their ttl, everywhere they could be read", async () => {
      await kv.set("ttl:short", "soon gone", SHORT_TTL_MS);
      await kv.set("ttl:forever", "stays");
      expect(await kv.get("ttl:short")).toBe("soon gone");
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.get("ttl:short")).toBeUndefined();
      expect(await kv.getMany(["ttl:short", "ttl:forever"])).toEqual([undefined, "stays"]);
      expect(await kv.list("ttl:")).toEqual([["ttl:forever", "stays"]]);
    });

    it("lets exactly one of 20 concurrent setIfAbsent callers win", async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => kv.setIfAbsent("claim:digest", { owner: i }, 10_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await kv.get("claim:digest")).toEqual({ owner: results.indexOf(true) });
    });

    it("never lets setIfAbsent replace a live value, with or without a ttl", async () => {
      await kv.set("claim:plain", "first");
      await kv.set("claim:leased", "held", 10_000);
      expect(await kv.setIfAbsent("claim:plain", "second", 1000)).toBe(false);
      expect(await kv.setIfAbsent("claim:leased", "second", 1000)).toBe(false);
      expect(await kv.getMany(["claim:plain", "claim:leased"])).toEqual(["first", "held"]);
    });

    it("lets an expired claim be taken over, once", async () => {
      expect(await kv.setIfAbsent("claim:job", "crashed holder", SHORT_TTL_MS)).toBe(true);
      await sleep(AFTER_EXPIRY_MS);
      const takeovers = await Promise.all(
        [1, 2, 3].map((n) => kv.setIfAbsent("claim:job", `holder ${n}`, 10_000)),
      );
      expect(takeovers.filter(Boolean)).toHaveLength(1);
      expect(await kv.get("claim:job")).toBe(`holder ${takeovers.indexOf(true) + 1}`);
    });

    it("does not let reading an expired claim delete the claim that replaced it", async () => {
      const keys = Array.from({ length: 10 }, (_, i) => `claim:read:${i}`);
      await Promise.all(keys.map((key) => kv.setIfAbsent(key, "old", SHORT_TTL_MS)));
      await sleep(AFTER_EXPIRY_MS);
      const races = await Promise.all(
        keys.map((key) => Promise.all([kv.get(key), kv.setIfAbsent(key, "new", 10_000)])),
      );
      for (const [read, claimed] of races) {
        expect(claimed).toBe(true);
        expect([undefined, "new"]).toContain(read);
      }
      expect(await Promise.all(keys.map((key) => kv.setIfAbsent(key, "third", 10_000)))).not.toContain(true);
      expect(await kv.getMany(keys)).toEqual(keys.map(() => "new"));
    });

    it("rejects a ttl that is not a positive number of milliseconds", async () => {
      await expect(kv.setIfAbsent("claim:bad", 1, 0)).rejects.toThrow(RangeError);
      await expect(kv.set("bad", 1, -5)).rejects.toThrow(RangeError);
    });

    it("lists live entries under a prefix in code point order, and nothing else", async () => {
      const inside = ["list:", "list:a", "list:a:2", "list:b", "list:ｚ", "list:😀"];
      const outside = ["lis", "list", "lisu:x", "other:list:a"];
      for (const key of [...inside].reverse()) await kv.set(key, key.length);
      for (const key of outside) await kv.set(key, "outside");
      await kv.set("list:expired", "gone", SHORT_TTL_MS);
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.list("list:")).toEqual(inside.map((key) => [key, key.length]));
      expect(await kv.list("nothing:")).toEqual([]);
    });

    it("treats _ % * ? [ ] \\ in a list prefix as plain characters", async () => {
      const keys = [
        "a_b:1",
        "aXb:1",
        "p%:1",
        "pp:1",
        "q*:1",
        "qq:1",
        "r?:1",
        "rr:1",
        "s[ab]:1",
        "sa:1",
        "t\\:1",
        "t:1",
      ];
      await kv.setMany(keys.map((key) => [key, key]));
      for (const prefix of ["a_b", "p%", "q*", "r?", "s[ab]", "t\\"]) {
        expect(await kv.list(prefix)).toEqual([[`${prefix}:1`, `${prefix}:1`]]);
      }
    });

    it("writes a batch with setMany, replacing values and their ttl", async () => {
      await kv.set("m:a", "old", SHORT_TTL_MS);
      await kv.setMany([
        ["m:a", { v: 1 }],
        ["m:b", { v: 2 }],
        ["m:c", [null, "x"]],
      ]);
      await kv.setMany([]);
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.list("m:")).toEqual([
        ["m:a", { v: 1 }],
        ["m:b", { v: 2 }],
        ["m:c", [null, "x"]],
      ]);
    });

    it("answers ping while open, and refuses every call once closed", async () => {
      await expect(kv.ping()).resolves.toBeUndefined();
      await kv.close();
      await kv.close();
      await expect(kv.ping()).rejects.toMatchObject({ code: "closed" });
      await expect(kv.get("any")).rejects.toBeInstanceOf(StoreError);
    });

    it.runIf(options.shared)("lets exactly one of two connections win a setIfAbsent race", async () => {
      const other = await connect();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? kv : other).setIfAbsent("claim:post", i, 10_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await (winner % 2 ? other : kv).get("claim:post")).toBe(winner);
    });

    it.runIf(options.shared)("keeps data and live claims across close and reopen", async () => {
      await kv.setMany([
        ["posts:1", { ts: "1.2" }],
        ["posts:2", { ts: "3.4" }],
      ]);
      await kv.setIfAbsent("claim:kept", "holder", 10_000);
      await kv.close();
      const reopened = await connect();
      expect(await reopened.list("posts:")).toEqual([
        ["posts:1", { ts: "1.2" }],
        ["posts:2", { ts: "3.4" }],
      ]);
      expect(await reopened.setIfAbsent("claim:kept", "intruder", 10_000)).toBe(false);
    });
  });
}
