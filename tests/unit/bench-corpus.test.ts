import { describe, expect, it } from "vitest";
import {
  type BenchPaper,
  CLUSTERS,
  generateCorpus,
  generateQueries,
  paperOrdinal,
} from "../../bench/corpus.ts";
import {
  measureMiniSearch,
  measureSearch,
  miniSearchQuery,
  onTopicShare,
  parseArgs,
  parseSize,
  percentile,
  topOverlap,
} from "../../bench/search.ts";
import { parseQuery } from "../../src/search/index.ts";

const corpus = (size: number, seed = 1): BenchPaper[] => [...generateCorpus({ size, seed })];
const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
const topicKeys = new Set(CLUSTERS.map((cluster) => cluster.key));

describe("bench corpus", () => {
  const papers = corpus(2000);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(corpus(2000)).toEqual(papers);
    expect(corpus(50, 8).map((p) => p.title)).not.toEqual(corpus(50, 7).map((p) => p.title));
  });

  it("has the requested size and unique arXiv-style ids spread over a year", () => {
    expect(corpus(0)).toEqual([]);
    expect(corpus(1)).toHaveLength(1);
    expect(papers).toHaveLength(2000);
    expect(papers[0]!.id).toBe("2601.00001");
    expect(new Set(papers.map((p) => p.id)).size).toBe(2000);
    papers.forEach((p, i) => {
      expect(p.id).toMatch(/^26(0[1-9]|1[0-2])\.\d{5}$/);
      expect(paperOrdinal(p.id, 2000)).toBe(i);
      expect(p.featuredOn.slice(0, 7)).toBe(`20${p.id.slice(0, 2)}-${p.id.slice(2, 4)}`);
      expect(Date.parse(p.publishedAt)).toBeLessThan(Date.parse(p.featuredOn));
    });
    expect(new Set(papers.map((p) => p.featuredOn.slice(0, 7))).size).toBe(12);
    expect(() => [...generateCorpus({ size: -1, seed: 1 })]).toThrow(RangeError);
  });

  it("writes 12-word titles, ~180-word abstracts, authors, heavy-tailed upvotes and topic labels", () => {
    for (const p of papers) {
      expect(words(p.title)).toHaveLength(12);
      expect(words(p.abstract).length).toBeGreaterThanOrEqual(150);
      expect(words(p.abstract).length).toBeLessThanOrEqual(215);
      expect(p.authors.length).toBeGreaterThan(0);
      expect(Number.isInteger(p.upvotes) && p.upvotes >= 0).toBe(true);
      expect(p.topics.length).toBeGreaterThan(0);
      for (const topic of p.topics) expect(topicKeys.has(topic)).toBe(true);
    }
    const meanWords = papers.reduce((sum, p) => sum + words(p.abstract).length, 0) / papers.length;
    expect(meanWords).toBeGreaterThan(170);
    expect(meanWords).toBeLessThan(190);
    const votes = papers.map((p) => p.upvotes).sort((a, b) => a - b);
    expect(votes.at(-1)!).toBeGreaterThan(50 * Math.max(1, percentile(votes, 50)));
    expect(new Set(papers.map((p) => p.topics[0])).size).toBeGreaterThanOrEqual(25);
  });

  it("makes well-formed topical queries, mostly two words, some with exclusions and phrases", () => {
    const queries = generateQueries({ count: 1000, seed: 1 });
    expect(queries).toHaveLength(1000);
    expect(generateQueries({ count: 1000, seed: 1 })).toEqual(queries);
    const sizes = [0, 0, 0, 0];
    for (const query of queries) {
      expect(topicKeys.has(query.topic)).toBe(true);
      const core = words(query.text).filter((w) => !w.startsWith("-"));
      expect(core.length).toBeGreaterThanOrEqual(1);
      expect(core.length).toBeLessThanOrEqual(3);
      sizes[core.length]!++;
      expect(query.text.split('"').length % 2).toBe(1);
      const parsed = parseQuery(query.text);
      expect(parsed.terms.length + parsed.phrases.length).toBeGreaterThan(0);
    }
    expect(sizes[2]).toBeGreaterThan(sizes[1]! + sizes[3]!);
    expect(queries.filter((q) => / -\S/.test(q.text)).length).toBeGreaterThan(50);
    expect(queries.filter((q) => q.text.includes('"')).length).toBeGreaterThan(50);
  });
});

describe("search bench measurements", () => {
  const papers = corpus(2000, 3);
  const queries = generateQueries({ count: 200, seed: 3 });
  const topicsOf = (id: string) => papers[paperOrdinal(id, papers.length)]!.topics;

  it("measure our index: sane numbers, and the query's topic in the top 10 for most queries", () => {
    const ours = measureSearch(papers, queries, { warmup: 20 });
    expect(ours.docs).toBe(2000);
    expect(ours.queries).toBe(200);
    expect(ours.buildMs).toBeGreaterThan(0);
    expect(ours.p50Ms).toBeGreaterThan(0);
    expect(ours.p50Ms).toBeLessThanOrEqual(ours.p99Ms);
    expect(ours.p99Ms).toBeLessThanOrEqual(ours.maxMs);
    expect(ours.memoryBytes).toBe(ours.heapUsedBytes + ours.arrayBuffersBytes);
    if (ours.gcForced) expect(ours.arrayBuffersBytes).toBeGreaterThan(1_000_000);
    expect(ours.top).toHaveLength(200);
    for (const ids of ours.top) expect(ids.length).toBeLessThanOrEqual(10);
    expect(ours.answered).toBeGreaterThan(190);
    const topicHit = ours.top.filter((ids, q) => ids.some((id) => topicsOf(id).includes(queries[q]!.topic)));
    expect(topicHit.length / queries.length).toBeGreaterThan(0.9);
    expect(onTopicShare(ours.top, queries, topicsOf)).toBeGreaterThan(0.8);
  });

  it("measures MiniSearch on the same corpus and queries", () => {
    const theirs = measureMiniSearch(papers, queries, { warmup: 20 });
    expect(theirs.docs).toBe(2000);
    expect(theirs.p50Ms).toBeLessThanOrEqual(theirs.p99Ms);
    expect(theirs.answered).toBeGreaterThan(180);
    expect(onTopicShare(theirs.top, queries, topicsOf)).toBeGreaterThan(0.8);
  });

  it("translates queries for MiniSearch: words OR-ed, phrases AND-ed, exclusions AND_NOT", () => {
    expect(miniSearchQuery(parseQuery("diffusion models"))).toEqual({
      combineWith: "OR",
      queries: ["diffus", "model"],
    });
    expect(miniSearchQuery(parseQuery('"reward model" -video'))).toEqual({
      combineWith: "AND_NOT",
      queries: [
        { combineWith: "AND", queries: ["reward", "model"] },
        { combineWith: "AND", queries: ["video"] },
      ],
    });
    expect(miniSearchQuery(parseQuery("-video"))).toBeUndefined();
  });

  it("parses sizes and options, and compares result lists", () => {
    expect([parseSize("10k"), parseSize("100k"), parseSize("1m"), parseSize("2000")]).toEqual([
      10_000, 100_000, 1_000_000, 2000,
    ]);
    expect(() => parseSize("lots")).toThrow();
    expect(parseArgs([])).toMatchObject({ sizes: [10_000, 100_000], json: false, withMiniSearch1m: false });
    expect(parseArgs(["--sizes", "10k,1m", "--json"])).toMatchObject({
      sizes: [10_000, 1_000_000],
      json: true,
    });
    expect(parseArgs(["--size", "1m", "--with-minisearch-1m"])).toMatchObject({
      sizes: [1_000_000],
      withMiniSearch1m: true,
    });
    expect(() => parseArgs(["--nope"])).toThrow(/unknown option/);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(topOverlap([["a", "b"], []], [["b", "c"], []])).toBe(0.5);
  });
});
