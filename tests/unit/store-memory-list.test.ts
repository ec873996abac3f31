import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { compareKeys } from "../../src/store/drivers/key-order.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { SortedKeyMap } from "../../src/store/drivers/sorted-key-map.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

/** Key pieces that order differently by UTF-16 unit and by code point, and the last BMP unit. */
const PIECES = ["a", "b", ":", "ｚ", "😀", "\uffff", "\ud7ff", "\ue000", "z"];

function randomKey(random: () => number): string {
  const length = 1 + Math.floor(random() * 4);
  return Array.from({ length }, () => PIECES[Math.floor(random() * PIECES.length)]).join("");
}

/** What `list(prefix)` promises, computed the slow way: every key with the prefix, in code point order. */
const expected = (keys: Iterable<string>, prefix: string) =>
  [...keys].filter((key) => key.startsWith(prefix)).sort(compareKeys);

describe("SortedKeyMap", () => {
  it("finds a prefix's keys in code point order through any mix of sets, deletes and clears", () => {
    const random = seededRandom(7);
    const map = new SortedKeyMap<number>();
    const model = new Map<string, number>();
    for (let step = 0; step < 5_000; step += 1) {
      const key = randomKey(random);
      const roll = random();
      if (roll < 0.6) {
        map.set(key, step);
        model.set(key, step);
      } else if (roll < 0.995) {
        expect(map.delete(key)).toBe(model.delete(key));
      } else {
        map.clear();
        model.clear();
      }
      if (step % 50 === 0) {
        for (const prefix of ["", "a", "ｚ", "😀", "\uffff", "a\uffff", "\ud7ff", randomKey(random)]) {
          expect(map.keysWithPrefix(prefix), `prefix ${JSON.stringify(prefix)}`).toEqual(
            expected(model.keys(), prefix),
          );
        }
      }
    }
    expect(map.size).toBe(model.size);
    for (const from of ["a", "b:", "ｚ", "😀", "\uffff"]) {
      expect(map.keysWithPrefix("", from)).toEqual(
        expected(model.keys(), "").filter((key) => compareKeys(key, from) >= 0),
      );
    }
  });
});

describe("memory store list over many keys", () => {
  it("returns exactly the live keys under each prefix, in code point order, among 20,000 keys", async () => {
    const kv = createMemoryBackend();
    const random = seededRandom(11);
    const live = new Set<string>();
    const prefixes = ["post:slack:T1:", "post:slack:T1:C1", "attempt:", "claim:😀", "vote:ｚ"];
    const batch: [string, unknown][] = [];
    const expiring: string[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      const key = `${prefixes[index % prefixes.length]}${randomKey(random)}${index}`;
      if (index % 3 === 0) {
        await kv.set(key, index, 40);
        expiring.push(key);
      } else {
        batch.push([key, index]);
        live.add(key);
      }
    }
    await kv.setMany(batch);
    for (const key of [...live].filter((_, index) => index % 7 === 0)) {
      await kv.delete(key);
      live.delete(key);
    }
    await sleep(100);

    for (const prefix of [...prefixes, "post:", "", "nothing:"]) {
      const listed = await kv.list<number>(prefix);
      expect(
        listed.map(([key]) => key),
        `prefix ${prefix}`,
      ).toEqual(expected(live, prefix));
    }
    // An expired key written again is live again, once.
    const expiredKey = expiring[0] as string;
    await kv.set(expiredKey, "back");
    expect((await kv.list(expiredKey)).filter(([key]) => key === expiredKey)).toEqual([[expiredKey, "back"]]);
    await kv.close();
  });
});
