import { describe, expect, it } from "vitest";
import { type BenchPaper, generateCorpus, generateQueries, paperOrdinal } from "../../bench/corpus.ts";
import { measurePeer, onTopicShare, parseArgs, parseEngines } from "../../bench/search.ts";
import { createPeer, encodeText, PEERS, peerVersion } from "../../bench/search-peers.ts";
import { tokenize } from "../../src/search/index.ts";

const papers: BenchPaper[] = [...generateCorpus({ size: 2000, seed: 3 })];
const queries = generateQueries({ count: 200, seed: 3 });
const topicsOf = (id: string) => papers[paperOrdinal(id, papers.length)]!.topics;
const byId = new Map(papers.map((paper) => [paper.id, paper]));

describe("search bench peers: FlexSearch and Orama beside MiniSearch", () => {
  for (const name of ["flexsearch", "orama"] as const) {
    it(`measures ${name} on the same corpus and queries, with sensible results`, () => {
      const measured = measurePeer(name, papers, queries, { warmup: 20 });
      expect(measured.engine).toBe(name);
      expect(measured.docs).toBe(2000);
      expect(measured.queries).toBe(200);
      expect(measured.p50Ms).toBeLessThanOrEqual(measured.p99Ms);
      expect(measured.memoryBytes).toBeGreaterThan(0);
      expect(measured.answered).toBeGreaterThan(180);
      for (const ids of measured.top) expect(ids.length).toBeLessThanOrEqual(10);
      expect(onTopicShare(measured.top, queries, topicsOf)).toBeGreaterThan(0.8);
    });

    it(`${name}: bare words match any word, a quoted phrase needs all, -word excludes`, () => {
      const engine = createPeer(name);
      engine.add(papers);
      const stemsOf = (id: string) => {
        const paper = byId.get(id)!;
        return new Set(tokenize(`${paper.title} ${paper.abstract}`));
      };
      const any = engine.search("diffusion robot", 10);
      expect(any.length).toBe(10);
      for (const id of any) expect(["diffus", "robot"].some((stem) => stemsOf(id).has(stem))).toBe(true);
      const both = engine.search('"diffusion robot"', 10);
      for (const id of both) expect(stemsOf(id).has("diffus") && stemsOf(id).has("robot")).toBe(true);
      const without = engine.search("diffusion -image", 10);
      expect(without.length).toBeGreaterThan(0);
      for (const id of without) expect(stemsOf(id).has("imag")).toBe(false);
      expect(engine.search("-image", 10)).toEqual([]);
    });
  }

  it("passes stems of a parsed query through unstemmed, and tokenizes documents as ours", () => {
    expect(encodeText("Continual learning of networks")).toEqual(tokenize("Continual learning of networks"));
    expect(encodeText("\u0001gener learn")).toEqual(["gener", "learn"]);
  });

  it("runs every peer by default; --engines picks some or none", () => {
    expect(parseArgs([])).toMatchObject({ engines: [...PEERS] });
    expect(parseArgs(["--engines", "orama,flexsearch"])).toMatchObject({ engines: ["orama", "flexsearch"] });
    expect(parseEngines("none")).toEqual([]);
    expect(() => parseEngines("lucene")).toThrow(/unknown lucene/);
    for (const name of PEERS) expect(peerVersion(name)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
