import { describe, expect, it } from "vitest";
import { forEachWordSpan } from "../../src/search/tokenize.ts";
import { WordTable } from "../../src/search/word-table.ts";

/** Every word span of `text` with its hash. */
const spans = (text: string): [string, number, number, number][] => {
  const found: [string, number, number, number][] = [];
  forEachWordSpan(text, (source, start, end, hash) =>
    found.push([source.slice(start, end), start, end, hash]),
  );
  return found;
};

describe("WordTable", () => {
  it("finds a word by a span of any text holding it, and only that word", () => {
    const table = new WordTable(8);
    const [[word, , , hash]] = spans("graph") as [[string, number, number, number]];
    const entry = table.add(word, hash, 42);
    for (const [, start, end, spanHash] of spans("a graph of graphs, graph")) {
      const found = table.find("a graph of graphs, graph", start, end, spanHash);
      expect(found === entry).toBe("a graph of graphs, graph".slice(start, end) === "graph");
    }
    expect(table.term(entry)).toBe(42);
    expect(table.word(entry)).toBe("graph");
  });

  it("tells apart words whose hashes collide, and forgets everything once full", () => {
    const table = new WordTable(3);
    const a = table.add("alpha", 7, 1);
    const b = table.add("beta", 7, 2);
    expect(table.find("x beta", 2, 6, 7)).toBe(b);
    expect(table.find("alpha", 0, 5, 7)).toBe(a);
    expect(table.find("gamma", 0, 5, 7)).toBe(-1);
    table.add("gamma", 9, 3);
    table.add("delta", 11, 4);
    expect(table.find("alpha", 0, 5, 7)).toBe(-1);
    expect(table.term(table.find("delta", 0, 5, 11))).toBe(4);
  });

  it("hashes a word the same wherever it stands, and different words differently", () => {
    const hashes = new Map<string, Set<number>>();
    for (const [word, , , hash] of spans("naïve 😀x naïve, x😀 bert bert2 😀x")) {
      hashes.set(word, (hashes.get(word) ?? new Set()).add(hash));
    }
    expect([...hashes.values()].every((set) => set.size === 1)).toBe(true);
    expect(new Set([...hashes.values()].map((set) => [...set][0])).size).toBe(hashes.size);
  });
});
