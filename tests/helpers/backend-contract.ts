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

/** Whether the live lease at `key` holds `value` (renewing it, which no test here minds). */
const holds = (kv: KvBackend, key: string, value: unknown): Promise<boolean> =>
  kv.extendIfEquals(key, value, 10_000);
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

    it("gets 20,000 keys in one call, in the order asked, with gaps and repeats", async () => {
      const keys = Array.from({ length: 20_000 }, (_, n) => `bulk:${String(n).padStart(5, "0")}`);
      const stored = (n: number) => n % 3 !== 0;
      await kv.setMany(keys.flatMap((key, n) => (stored(n) ? [[key, { n }] as const] : [])));
      const asked = [...keys.keys()].reverse().concat([7, 7, 9]);
      const read = await kv.getMany(asked.map((n) => keys[n] as string));
      expect(read).toEqual(asked.map((n) => (stored(n) ? { n } : undefined)));
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
      expect(await holds(kv, "claim:digest", { owner: results.indexOf(true) })).toBe(true);
    });

    it("keeps leases and plain values apart: neither sees, replaces nor deletes the other", async () => {
      await kv.set("claim:plain", "plain");
      expect(await kv.setIfAbsent("claim:plain", "lease", 10_000)).toBe(true);
      expect(await kv.setIfAbsent("claim:plain", "another", 10_000)).toBe(false);
      expect(await kv.get("claim:plain")).toBe("plain");
      expect(await kv.list("claim:")).toEqual([["claim:plain", "plain"]]);
      expect(await kv.deleteIfEquals("claim:plain", "plain")).toBe(false);
      expect(await kv.delete("claim:plain")).toBe(true);
      expect(await holds(kv, "claim:plain", "lease")).toBe(true);
      await kv.set("plain:only", ["x", 1]);
      expect(await kv.extendIfEquals("plain:only", ["x", 1], 10_000)).toBe(false);
      expect(await kv.deleteIfEquals("plain:only", ["x", 1])).toBe(false);
      expect(await kv.get("plain:only")).toEqual(["x", 1]);
    });

    it("lets an expired claim be taken over, once", async () => {
      expect(await kv.setIfAbsent("claim:job", "crashed holder", SHORT_TTL_MS)).toBe(true);
      await sleep(AFTER_EXPIRY_MS);
      const takeovers = await Promise.all(
        [1, 2, 3].map((n) => kv.setIfAbsent("claim:job", `holder ${n}`, 10_000)),
      );
      expect(takeovers.filter(Boolean)).toHaveLength(1);
      expect(await holds(kv, "claim:job", `holder ${takeovers.indexOf(true) + 1}`)).toBe(true);
      expect(await holds(kv, "claim:job", "crashed holder")).toBe(false);
    });

    it("rejects a ttl that is not a positive number of milliseconds, and a lease without a value", async () => {
      await expect(kv.setIfAbsent("claim:bad", 1, 0)).rejects.toThrow(RangeError);
      await expect(kv.set("bad", 1, -5)).rejects.toThrow(RangeError);
      await kv.setIfAbsent("claim:bad", 1, 10_000);
      await expect(kv.extendIfEquals("claim:bad", 1, 0)).rejects.toThrow(RangeError);
      await expect(kv.extendIfEquals("claim:bad", 1, Number.NaN)).rejects.toThrow(RangeError);
      await expect(kv.setIfAbsent("claim:none", undefined, 10_000)).rejects.toThrow(RangeError);
    });

    it("deleteIfEquals deletes a live lease equal to the expected one", async () => {
      const holder = { owner: "worker-1", token: "a1b2", nested: [1, { ok: true }], note: ":colon ü 😀" };
      expect(await kv.setIfAbsent("claim:eq", holder, 10_000)).toBe(true);
      expect(await kv.setIfAbsent("claim:list", [":x", null, 0.5], 10_000)).toBe(true);
      expect(await kv.setIfAbsent("claim:text", "::y", 10_000)).toBe(true);
      expect(await kv.deleteIfEquals("claim:eq", { ...holder, nested: [1, { ok: true }] })).toBe(true);
      expect(await kv.deleteIfEquals("claim:list", [":x", null, 0.5])).toBe(true);
      expect(await kv.deleteIfEquals("claim:text", "::y")).toBe(true);
      expect(await kv.deleteIfEquals("claim:eq", holder)).toBe(false);
      for (const key of ["claim:eq", "claim:list", "claim:text"])
        expect(await kv.setIfAbsent(key, "next holder", 10_000)).toBe(true);
    });

    it("deleteIfEquals leaves a lease that differs from the expected one", async () => {
      await kv.setIfAbsent("claim:other", { owner: "worker-2", token: "b" }, 10_000);
      const cases: [key: string, stored: unknown, expected: unknown][] = [
        ["n", 12, 1],
        ["n2", 1, 12],
        ["s", "ab", "a"],
        ["s2", "1", 1],
        ["colon", ":a", "::a"],
        ["arr", [1, 2], [1]],
        ["obj", { a: 1, b: 2 }, { a: 1 }],
        ["order", { a: 1, b: 2 }, { b: 2, a: 1 }],
        ["null", null, false],
      ];
      for (const [key, stored] of cases) await kv.setIfAbsent(`ne:${key}`, stored, 10_000);
      expect(await kv.deleteIfEquals("claim:other", { owner: "worker-1", token: "a" })).toBe(false);
      expect(await kv.deleteIfEquals("claim:other", { owner: "worker-2" })).toBe(false);
      expect(await kv.deleteIfEquals("claim:other", undefined)).toBe(false);
      expect(await kv.deleteIfEquals("claim:missing", { owner: "worker-2", token: "b" })).toBe(false);
      for (const [key, , expected] of cases)
        expect(await kv.deleteIfEquals(`ne:${key}`, expected)).toBe(false);
      expect(await holds(kv, "claim:other", { owner: "worker-2", token: "b" })).toBe(true);
      for (const [key, stored] of cases) expect(await holds(kv, `ne:${key}`, stored)).toBe(true);
    });

    it("deleteIfEquals ignores an expired lease and does not delete the lease that replaced it", async () => {
      await kv.setIfAbsent("claim:stale", "old holder", SHORT_TTL_MS);
      await kv.setIfAbsent("claim:taken", "old holder", SHORT_TTL_MS);
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.deleteIfEquals("claim:stale", "old holder")).toBe(false);
      expect(await kv.setIfAbsent("claim:taken", "new holder", 10_000)).toBe(true);
      expect(await kv.deleteIfEquals("claim:taken", "old holder")).toBe(false);
      expect(await holds(kv, "claim:taken", "new holder")).toBe(true);
      expect(await kv.setIfAbsent("claim:taken", "third holder", 10_000)).toBe(false);
    });

    it("lets only the winner of 20 setIfAbsent racers delete the claim with deleteIfEquals", async () => {
      const holders = Array.from({ length: 20 }, (_, i) => ({ owner: `p${i}`, token: `t${i}` }));
      const claimed = await Promise.all(
        holders.map((holder) => kv.setIfAbsent("claim:race", holder, 10_000)),
      );
      const winner = claimed.indexOf(true);
      expect(claimed.filter(Boolean)).toHaveLength(1);
      const losers = holders.filter((_, i) => i !== winner);
      expect(
        await Promise.all(losers.map((holder) => kv.deleteIfEquals("claim:race", holder))),
      ).not.toContain(true);
      const released = await Promise.all(holders.map((holder) => kv.deleteIfEquals("claim:race", holder)));
      expect(released.filter(Boolean)).toHaveLength(1);
      expect(released.indexOf(true)).toBe(winner);
      expect(await kv.setIfAbsent("claim:race", "next", 10_000)).toBe(true);
    });

    it("deleteIfEquals never deletes a lease taken while it runs", async () => {
      // A read-then-delete would delete "B" when the claim lands between its read and its delete; staggering
      // the claims by 0 to 39 microtask turns makes that happen for some key. Atomic, a "B" taken survives.
      const keys = Array.from({ length: 40 }, (_, i) => `claim:atomic:${i}`);
      await Promise.all(keys.map((key) => kv.setIfAbsent(key, "A", 10_000)));
      const later = async <T>(turns: number, work: () => Promise<T>): Promise<T> => {
        for (let turn = 0; turn < turns; turn += 1) await null;
        return work();
      };
      const taken = await Promise.all(
        keys.map((key, i) =>
          Promise.all([kv.deleteIfEquals(key, "A"), later(i, () => kv.setIfAbsent(key, "B", 10_000))]),
        ),
      );
      for (const [index, [deleted, tookB]] of taken.entries()) {
        expect(deleted).toBe(true);
        expect(await holds(kv, keys[index]!, "B")).toBe(tookB);
      }
    });

    it("extendIfEquals keeps only the matching value alive past its original ttl", async () => {
      await kv.setIfAbsent("lease:mine", { owner: "a" }, SHORT_TTL_MS);
      await kv.setIfAbsent("lease:theirs", { owner: "b" }, SHORT_TTL_MS);
      expect(await kv.extendIfEquals("lease:mine", { owner: "a" }, 300)).toBe(true);
      expect(await kv.extendIfEquals("lease:theirs", { owner: "a" }, 300)).toBe(false);
      expect(await kv.extendIfEquals("lease:missing", { owner: "a" }, 300)).toBe(false);
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.setIfAbsent("lease:mine", { owner: "b" }, 10_000)).toBe(false);
      expect(await kv.extendIfEquals("lease:theirs", { owner: "b" }, 300)).toBe(false);
      expect(await kv.setIfAbsent("lease:theirs", { owner: "b" }, 10_000)).toBe(true);
      await sleep(250);
      expect(await kv.extendIfEquals("lease:mine", { owner: "a" }, 300)).toBe(false);
      expect(await kv.setIfAbsent("lease:mine", { owner: "b" }, 10_000)).toBe(true);
    });

    it("extendIfEquals replaces a lease's ttl, shorter or longer, and the value stays equal", async () => {
      await kv.setIfAbsent("lease:short", ["x", 1], 10_000);
      expect(await kv.extendIfEquals("lease:short", ["x", 1], SHORT_TTL_MS)).toBe(true);
      await sleep(AFTER_EXPIRY_MS);
      expect(await kv.setIfAbsent("lease:short", "next", 10_000)).toBe(true);
      await kv.setIfAbsent("lease:renewed", { owner: "a" }, SHORT_TTL_MS);
      expect(await kv.extendIfEquals("lease:renewed", { owner: "a" }, 10_000)).toBe(true);
      expect(await kv.extendIfEquals("lease:renewed", { owner: "a" }, 10_000)).toBe(true);
      expect(await kv.deleteIfEquals("lease:renewed", { owner: "a" })).toBe(true);
      expect(await kv.setIfAbsent("lease:renewed", { owner: "b" }, 10_000)).toBe(true);
    });

    it("lists only the tail of a prefix from a given key, in the same order", async () => {
      await kv.setMany([
        ["log:0001:a", 1],
        ["log:0002:b", 2],
        ["log:0002:c", 3],
        ["log:0003:d", 4],
        ["logx:0009", 9],
      ]);
      await kv.set("log:0004:gone", 5, 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await kv.list("log:", { from: "log:0002" })).toEqual([
        ["log:0002:b", 2],
        ["log:0002:c", 3],
        ["log:0003:d", 4],
      ]);
      expect(await kv.list("log:", { from: "log:0002:c" })).toEqual([
        ["log:0002:c", 3],
        ["log:0003:d", 4],
      ]);
      // A `from` before the prefix changes nothing; one past every key leaves nothing.
      expect((await kv.list("log:", { from: "a" })).map(([key]) => key)).toEqual([
        "log:0001:a",
        "log:0002:b",
        "log:0002:c",
        "log:0003:d",
      ]);
      expect(await kv.list("log:", { from: "log:9" })).toEqual([]);
    });

    it("lists at most `limit` live entries, so a reader can page through a prefix", async () => {
      await kv.setMany([
        ["page:1", 1],
        ["page:3", 3],
        ["page:4", 4],
        ["page:6", 6],
        ["pagex:0", 0],
      ]);
      await kv.set("page:2", "gone", 1);
      await kv.set("page:5", "gone", 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      // Expired entries neither count towards the limit nor end a page early.
      expect(await kv.list("page:", { limit: 2 })).toEqual([
        ["page:1", 1],
        ["page:3", 3],
      ]);
      expect(await kv.list("page:", { from: "page:3\0", limit: 2 })).toEqual([
        ["page:4", 4],
        ["page:6", 6],
      ]);
      expect(await kv.list("page:", { from: "page:6\0", limit: 2 })).toEqual([]);
      expect(await kv.list("page:", { limit: 10 })).toHaveLength(4);
      await expect(kv.list("page:", { limit: 0 })).rejects.toThrow(RangeError);
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
      expect(await holds(winner % 2 ? other : kv, "claim:post", winner)).toBe(true);
    });

    it.runIf(options.shared)(
      "lets only the holder release or renew a claim from another connection",
      async () => {
        const other = await connect();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? kv : other).setIfAbsent("claim:shared", { i }, 10_000),
          ),
        );
        const winner = results.indexOf(true);
        const renewed = await Promise.all(
          results.map((_, i) => (i % 2 ? other : kv).extendIfEquals("claim:shared", { i }, 10_000)),
        );
        expect(renewed.indexOf(true)).toBe(winner);
        expect(renewed.filter(Boolean)).toHaveLength(1);
        const released = await Promise.all(
          results.map((_, i) => (i % 2 ? other : kv).deleteIfEquals("claim:shared", { i })),
        );
        expect(released.indexOf(true)).toBe(winner);
        expect(released.filter(Boolean)).toHaveLength(1);
        expect(await kv.setIfAbsent("claim:shared", "next", 10_000)).toBe(true);
      },
    );

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
