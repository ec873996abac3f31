import { describe, expect, it } from "vitest";
import { IntArena, local, PAGE_SIZE } from "../../src/search/int-arena.ts";
import { SearchIndex } from "../../src/search/search-index.ts";
import { tokenize } from "../../src/search/tokenize.ts";

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe("IntArena", () => {
  it("hands out non-overlapping runs that never cross a page and never start at 0", () => {
    const arena = new IntArena();
    const next = random(3);
    const runs: [number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(next() * 1500);
      const offset = arena.allocate(length);
      expect(offset).toBeGreaterThan(0);
      expect(local(offset) + length).toBeLessThanOrEqual(PAGE_SIZE);
      arena.page(offset).fill(i, local(offset), local(offset) + length);
      runs.push([offset, length]);
    }
    runs.forEach(([offset, length], i) => {
      const page = arena.page(offset);
      expect(page[local(offset)]).toBe(i);
      expect(page[local(offset) + length - 1]).toBe(i);
    });
    expect(arena.pages.length).toBeGreaterThan(10);
    expect(() => arena.allocate(PAGE_SIZE + 1)).toThrow(RangeError);
  });
});

describe("SearchIndex against brute force over many pages", () => {
  const WORDS = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
  const next = random(99);
  const sentence = (length: number) =>
    Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]).join(" ");
  const papers = Array.from({ length: 3000 }, (_, i) => ({
    id: `p${String(i).padStart(4, "0")}`,
    title: sentence(6),
    abstract: sentence(50),
    aiKeywords: [sentence(2), sentence(1)],
  }));
  const terms = new Map<string, Set<string>>();
  const pairs = new Map<string, Set<string>>();
  for (const paper of papers) {
    const fields = [paper.title, paper.abstract, ...paper.aiKeywords].map(tokenize);
    terms.set(paper.id, new Set(fields.flat()));
    pairs.set(paper.id, new Set(fields.flatMap((f) => f.slice(1).map((t, i) => `${f[i]} ${t}`))));
  }
  const contains = (paper: (typeof papers)[number], term: string) => terms.get(paper.id)!.has(term);
  const adjacent = (paper: (typeof papers)[number], a: string, b: string) =>
    pairs.get(paper.id)!.has(`${a} ${b}`);
  const options = { now: new Date("2026-08-05"), limit: 1000, weights: { commonTermRatio: 1 } };
  const found = (index: SearchIndex, query: string) =>
    index
      .search(query, options)
      .map((hit) => hit.id)
      .sort();

  function check(index: SearchIndex, live: typeof papers): void {
    for (let q = 0; q < 15; q++) {
      const [a, b] = [WORDS[Math.floor(next() * WORDS.length)]!, WORDS[Math.floor(next() * WORDS.length)]!];
      const [sa, sb] = [tokenize(a)[0]!, tokenize(b)[0]!];
      expect(found(index, a)).toEqual(live.filter((p) => contains(p, sa)).map((p) => p.id));
      expect(found(index, `"${a} ${b}"`)).toEqual(live.filter((p) => adjacent(p, sa, sb)).map((p) => p.id));
      expect(found(index, `${a} -${b}`)).toEqual(
        live.filter((p) => contains(p, sa) && !contains(p, sb)).map((p) => p.id),
      );
    }
  }

  it("finds exactly the papers that contain the words, before and after heavy removal", () => {
    const index = new SearchIndex();
    for (const paper of papers) index.add(paper);
    expect(index.storageBytes).toBeGreaterThan(8 * 4 * 65536);
    check(index, papers);
    const removed = new Set(papers.filter(() => next() < 0.45).map((p) => p.id));
    for (const id of removed) index.remove(id);
    expect(index.size).toBe(papers.length - removed.size);
    check(
      index,
      papers.filter((p) => !removed.has(p.id)),
    );
  });
});
