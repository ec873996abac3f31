import { describe, expect, it } from "vitest";
import { Candidates } from "../../src/search/candidates.ts";
import { selectTop } from "../../src/search/top-k.ts";

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe("selectTop", () => {
  it("returns the k best, best first, like a full sort", () => {
    const next = random(7);
    const values = Array.from({ length: 500 }, () => Math.floor(next() * 100));
    const items = Int32Array.from(values.keys());
    const better = (a: number, b: number) => values[a]! > values[b]! || (values[a] === values[b] && a < b);
    const sorted = [...items].sort((a, b) => (better(a, b) ? -1 : 1));
    expect(selectTop(items, items.length, 20, better)).toEqual(sorted.slice(0, 20));
    expect(selectTop(items, items.length, 1000, better)).toEqual(sorted);
    expect(selectTop(items, items.length, 0, better)).toEqual([]);
  });
});

describe("Candidates.top with a refinement", () => {
  it("equals refining every candidate (dropping some), while refining only the leaders", () => {
    const next = random(11);
    for (let trial = 0; trial < 50; trial++) {
      const count = 1 + Math.floor(next() * 400);
      const factors = Array.from({ length: count }, () => 1 + next() * 0.5);
      const relevance = Array.from({ length: count }, () => next() * 10);
      const boosts = Array.from({ length: count }, () => 1 + next() * 0.6);
      const candidates = new Candidates();
      candidates.reset(count);
      for (let doc = 0; doc < count; doc++) candidates.push(doc, relevance[doc]!, boosts[doc]!);
      let refined = 0;
      const dropped = (doc: number) => doc % 7 === 3;
      const top = candidates.top(10, (a, b) => a < b, {
        maxFactor: 1.5,
        factor: (doc) => {
          refined++;
          return dropped(doc) ? 0 : factors[doc]!;
        },
      });
      const full = [...relevance.keys()]
        .filter((doc) => !dropped(doc))
        .map((doc) => ({ doc, score: relevance[doc]! * factors[doc]! * boosts[doc]! }))
        .sort((a, b) => b.score - a.score || a.doc - b.doc)
        .slice(0, 10)
        .map((entry) => entry.doc);
      expect(top.map((slot) => candidates.docs[slot])).toEqual(full);
      if (count > 200) expect(refined).toBeLessThan(count);
    }
  });
});
