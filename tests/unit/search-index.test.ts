import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { type IndexablePaper, SearchIndex } from "../../src/search/search-index.ts";

const NOW = new Date("2026-08-05T00:00:00Z");
const NO_BOOSTS = { popularity: 0, recency: 0 };

function indexOf(...papers: IndexablePaper[]): SearchIndex {
  const index = new SearchIndex();
  for (const paper of papers) index.add(paper);
  return index;
}

const ids = (
  index: SearchIndex,
  query: string,
  options: Partial<Parameters<SearchIndex["search"]>[1]> = {},
) => index.search(query, { now: NOW, ...options }).map((hit) => hit.id);

describe("SearchIndex: adding and removing", () => {
  it("tracks size and membership, and re-adding an id replaces the paper", () => {
    const index = indexOf({ id: "a", title: "Catastrophic forgetting in continual learning" });
    expect(index.size).toBe(1);
    expect(index.has("a")).toBe(true);
    expect(ids(index, "forgetting")).toEqual(["a"]);

    index.add({ id: "a", title: "Diffusion models for video" });
    expect(index.size).toBe(1);
    expect(ids(index, "forgetting")).toEqual([]);
    expect(ids(index, "diffusion")).toEqual(["a"]);

    expect(index.remove("a")).toBe(true);
    expect(index.remove("a")).toBe(false);
    expect(index.has("a")).toBe(false);
    expect(index.size).toBe(0);
    expect(ids(index, "diffusion")).toEqual([]);
  });

  it("accepts full Paper records", () => {
    const paper: Paper = {
      id: "2606.04121",
      title: "Replay-free continual learning",
      abstract: "We reduce forgetting.",
      authors: [],
      upvotes: 5,
      comments: 0,
      aiKeywords: ["continual learning"],
      categories: [],
      sources: ["huggingface"],
    };
    expect(ids(indexOf(paper), "forgetting")).toEqual(["2606.04121"]);
  });

  it("stays correct through thousands of replacements, which trigger compaction", () => {
    const index = new SearchIndex();
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 10; i++) {
        const topic = round % 2 === 0 ? "forgetting" : "diffusion";
        index.add({ id: `p${i}`, title: `${topic} paper ${i} round ${round}`, upvotes: round });
      }
    }
    expect(index.size).toBe(10);
    expect(ids(index, "diffusion", { limit: 100 })).toHaveLength(10);
    expect(ids(index, "forgetting")).toEqual([]);
    expect(ids(index, "299")).toHaveLength(10);
    expect(ids(index, "298")).toEqual([]);
    expect(ids(index, '"paper 3"')).toEqual(["p3"]);
    const fresh = new SearchIndex();
    for (let i = 0; i < 10; i++)
      fresh.add({ id: `p${i}`, title: `diffusion paper ${i} round 299`, upvotes: 299 });
    expect(index.storageBytes).toBeLessThan(3 * fresh.storageBytes);
    index.compact();
    expect(index.storageBytes).toBe(fresh.storageBytes);
    expect(ids(index, "diffusion", { limit: 100 })).toEqual(ids(fresh, "diffusion", { limit: 100 }));
  });

  it("keeps an unchanged paper as indexed, and re-indexes any change to a field it reads", () => {
    const base: IndexablePaper = {
      id: "a",
      title: "Catastrophic forgetting in continual learning",
      abstract: "Replay buffers reduce forgetting.",
      aiKeywords: ["continual learning"],
      upvotes: 3,
      publishedAt: "2026-07-01T00:00:00Z",
    };
    const index = indexOf(base, { id: "b", title: "Forgetting curves in people" });
    const bytes = index.storageBytes;
    for (let i = 0; i < 5000; i++) index.add({ ...base, aiKeywords: [...base.aiKeywords!] });
    // 5,000 replacements would have grown the token and posting storage; none took place.
    expect(index.storageBytes).toBe(bytes);

    const score = () => index.search("forgetting", { now: NOW }).find((hit) => hit.id === "a")!.score;
    const before = score();
    index.add({ ...base, upvotes: 300 });
    expect(score()).toBeGreaterThan(before);
    index.add({ ...base, upvotes: 300, aiKeywords: ["continual learning", "quokka"] });
    expect(ids(index, "quokka")).toEqual(["a"]);
    index.add({ ...base, upvotes: 300, aiKeywords: ["continual learning", "quokka"], aiSummary: "wombat" });
    expect(ids(index, "wombat")).toEqual(["a"]);
    index.add({ ...base, abstract: "Replay buffers reduce forgetting in numbats." });
    expect(ids(index, "numbats")).toEqual(["a"]);
    expect(ids(index, "quokka")).toEqual([]);
    // A word moved from the title to the abstract is a change too: the title phrase no longer matches.
    expect(ids(index, '"forgetting in continual learning"')).toEqual(["a"]);
    index.add({
      ...base,
      title: "Catastrophic forgetting in continual",
      abstract: `learning ${base.abstract}`,
    });
    expect(ids(index, '"forgetting in continual learning"')).toEqual([]);
    expect(index.size).toBe(2);
  });
});

describe("SearchIndex: relevance", () => {
  const papers: IndexablePaper[] = [
    { id: "title", title: "Catastrophic forgetting in continual learning" },
    {
      id: "abstract",
      title: "A study of adapters",
      abstract: "Adapters reduce catastrophic forgetting somewhat.",
    },
    {
      id: "other",
      title: "Diffusion models for video generation",
      upvotes: 100_000,
      featuredOn: "2026-08-05",
    },
  ];

  it("returns only papers that contain a query word, however popular the others are", () => {
    const hits = indexOf(...papers).search("forgetting", { now: NOW });
    expect(hits.map((hit) => hit.id).sort()).toEqual(["abstract", "title"]);
    for (const hit of hits) expect(hit.relevance).toBeGreaterThan(0);
  });

  it("weights a title match above an abstract match", () => {
    expect(ids(indexOf(...papers), "forgetting", { weights: NO_BOOSTS })).toEqual(["title", "abstract"]);
  });

  it("reports the query words each paper matched", () => {
    const [hit] = indexOf(...papers).search("continual forgetting quantum", { now: NOW });
    expect(hit?.matched).toEqual(["continual", "forgetting"]);
  });

  it("returns nothing for empty, unknown or exclusion-only queries", () => {
    const index = indexOf(...papers);
    expect(ids(index, "")).toEqual([]);
    expect(ids(index, "quantum chromodynamics")).toEqual([]);
    expect(ids(index, "-forgetting")).toEqual([]);
    expect(ids(new SearchIndex(), "forgetting")).toEqual([]);
  });

  it("respects the limit and breaks score ties by id", () => {
    const twins = ["c", "a", "b"].map((id) => ({ id, title: "Sparse attention kernels" }));
    const index = indexOf(...twins);
    expect(ids(index, "sparse attention")).toEqual(["a", "b", "c"]);
    expect(ids(index, "sparse attention", { limit: 2 })).toEqual(["a", "b"]);
    expect(ids(index, "sparse attention", { limit: 0 })).toEqual([]);
  });

  it("ranks papers with the query words side by side above papers with them apart", () => {
    const index = indexOf(
      { id: "apart", title: "Attention heads and sparse features" },
      { id: "adjacent", title: "Sparse attention heads and features" },
    );
    expect(ids(index, "sparse attention", { weights: NO_BOOSTS })).toEqual(["adjacent", "apart"]);
    expect(ids(index, "sparse attention", { weights: { ...NO_BOOSTS, proximity: 0 } }).sort()).toEqual([
      "adjacent",
      "apart",
    ]);
  });
});

describe("SearchIndex: coordination", () => {
  const filler =
    "We study methods and report results on several benchmarks with careful ablations of every component";
  const papers: IndexablePaper[] = [
    { id: "both", title: "Robust message passing", abstract: "Graphs stay robust when edges are noisy." },
    { id: "robust", title: "Robust training for robust classifiers", abstract: filler },
    {
      id: "mention",
      title: "Robust training for robust classifiers",
      abstract: `${filler}, edges included.`,
    },
    ...Array.from({ length: 20 }, (_, i) => ({ id: `other${i}`, title: `Other ${i}`, abstract: filler })),
  ];
  const relevance = (coordination: number) =>
    new Map(
      indexOf(...papers)
        .search("robust edges", { now: NOW, weights: { ...NO_BOOSTS, coordination } })
        .map((hit) => [hit.id, hit.relevance]),
    );

  it("lowers papers about only some of the words typed, counting a passing mention as not about it", () => {
    const plain = relevance(0);
    const coordinated = relevance(0.5);
    expect(coordinated.get("both")).toBeCloseTo(plain.get("both")!, 10);
    expect(coordinated.get("robust")! / plain.get("robust")!).toBeCloseTo(0.75, 10);
    expect(coordinated.get("mention")! / plain.get("mention")!).toBeCloseTo(0.75, 10);
    expect(plain.get("mention")).toBeGreaterThan(plain.get("robust")!);
  });

  it("is on by default and changes nothing for a one-word query", () => {
    const byDefault = new Map(
      indexOf(...papers)
        .search("robust edges", { now: NOW, weights: NO_BOOSTS })
        .map((hit) => [hit.id, hit.relevance]),
    );
    expect(byDefault.get("robust")!).toBeLessThan(relevance(0).get("robust")!);
    const one = (coordination: number) =>
      indexOf(...papers)
        .search("robust", { now: NOW, weights: { ...NO_BOOSTS, coordination } })
        .map((hit) => hit.relevance);
    expect(one(1)).toEqual(one(0));
  });
});

describe("SearchIndex: common words", () => {
  const papers: IndexablePaper[] = [
    { id: "diffusion", title: "Diffusion models for video" },
    ...Array.from({ length: 9 }, (_, i) => ({ id: `llm${i}`, title: `Language models, part ${i}` })),
  ];

  it("does not return papers that match only a word most papers contain", () => {
    const index = indexOf(...papers);
    expect(ids(index, "diffusion models", { limit: 100 })).toEqual(["diffusion"]);
    expect(ids(index, "models", { limit: 100 })).toHaveLength(10);
    expect(ids(index, "diffusion models", { limit: 100, weights: { commonTermRatio: 1 } })).toHaveLength(10);
  });
});

describe("SearchIndex: phrases, exclusions and prefixes", () => {
  const papers: IndexablePaper[] = [
    { id: "adjacent", title: "Continual learning without replay" },
    { id: "apart", title: "Continual pre-training and learning rate schedules" },
    { id: "split", title: "Towards continual", abstract: "Learning new tasks in order." },
    { id: "keywords", title: "Adapters", aiKeywords: ["continual", "learning rate"] },
    {
      id: "unlearning",
      title: "Machine unlearning is not forgetting",
      abstract: "Continual learning differs.",
    },
  ];

  it("matches a quoted phrase only where its words are adjacent in one field", () => {
    expect(ids(indexOf(...papers), '"continual learning"').sort()).toEqual(["adjacent", "unlearning"]);
  });

  it("drops papers containing an excluded word or phrase", () => {
    const index = indexOf(...papers);
    expect(ids(index, "continual -unlearning").sort()).toEqual(["adjacent", "apart", "keywords", "split"]);
    expect(ids(index, 'continual -"learning rate"').sort()).toEqual(["adjacent", "split", "unlearning"]);
    expect(ids(index, "continual -nonexistent")).toHaveLength(5);
  });

  it("returns nothing when a phrase word is unknown", () => {
    expect(ids(indexOf(...papers), '"continual quantum"')).toEqual([]);
  });

  it("expands a trailing prefix to indexed words", () => {
    const index = indexOf(
      { id: "continual", title: "Continual learning" },
      { id: "continuous", title: "Continuous control" },
      { id: "other", title: "Contrastive learning" },
    );
    expect(ids(index, "contin*").sort()).toEqual(["continual", "continuous"]);
  });
});

describe("SearchIndex: popularity and recency", () => {
  const twin = (id: string, extra: Partial<IndexablePaper>): IndexablePaper => ({
    id,
    title: "Catastrophic forgetting in large language models",
    ...extra,
  });

  it("lets upvotes and team votes reorder equally relevant papers", () => {
    const index = indexOf(twin("a", { upvotes: 2 }), twin("b", { upvotes: 300 }));
    expect(ids(index, "forgetting")).toEqual(["b", "a"]);
    expect(ids(index, "forgetting", { teamVotes: new Map([["a", 5000]]) })).toEqual(["a", "b"]);
    expect(ids(index, "forgetting", { weights: NO_BOOSTS })).toEqual(["a", "b"]);
  });

  it("prefers recently featured papers, using featuredOn before publishedAt", () => {
    const index = indexOf(
      twin("a", { publishedAt: "2020-01-01T00:00:00Z", featuredOn: "2026-08-04" }),
      twin("b", { publishedAt: "2026-08-01T00:00:00Z", featuredOn: "2024-01-01" }),
    );
    expect(ids(index, "forgetting")).toEqual(["a", "b"]);
    expect(ids(index, "forgetting", { now: new Date("invalid") })).toEqual(["a", "b"]);
  });

  it("never lets boosts lift a paper above one with 1.6 times its relevance", () => {
    const index = indexOf(
      { id: "on-topic", title: "Forgetting", abstract: "Forgetting in networks.", publishedAt: "2015-01-01" },
      {
        id: "passing",
        title: "Scaling laws for mixture-of-experts models with many layers",
        abstract: "Upcycled experts show little forgetting of their dense abilities across many benchmarks.",
        upvotes: 1_000_000,
        featuredOn: "2026-08-05",
      },
    );
    const hits = index.search("forgetting", { now: NOW });
    const [first, second] = hits;
    expect(first?.relevance).toBeGreaterThan(1.6 * (second?.relevance ?? Number.POSITIVE_INFINITY));
    expect(hits.map((hit) => hit.id)).toEqual(["on-topic", "passing"]);
    expect(second?.score).toBeCloseTo((second?.relevance ?? 0) * 1.6, 6);
  });
});

describe("SearchIndex: suggest", () => {
  const index = indexOf(
    { id: "1", title: "Continual learning", abstract: "Continual adaptation." },
    { id: "2", title: "Continual pre-training" },
    { id: "3", title: "Continuous control" },
    { id: "4", title: "Forgetting curves", abstract: "We forget." },
  );

  it("offers the most frequent words with the prefix, as people write them", () => {
    expect(index.suggest("contin")).toEqual(["continual", "continuous"]);
    expect(index.suggest("CONTIN", 1)).toEqual(["continual"]);
    expect(index.suggest("forg")).toEqual(["forgetting"]);
  });

  it("returns nothing for an empty or unknown prefix and forgets removed papers' words", () => {
    const local = indexOf({ id: "3", title: "Continuous control" }, { id: "1", title: "Continual learning" });
    expect(local.suggest("")).toEqual([]);
    expect(local.suggest("xyz")).toEqual([]);
    local.remove("3");
    expect(local.suggest("contin")).toEqual(["continual"]);
  });
});

describe("SearchIndex: robustness", () => {
  it("answers any query text without throwing", () => {
    const index = indexOf({ id: "a", title: "Forgetting" });
    for (const query of [
      '"',
      "-",
      '-"',
      "*",
      "**",
      '"" -"" *',
      "\u0000\ud800",
      "a".repeat(100_000),
      "- - -x",
    ]) {
      expect(() => index.search(query, { now: NOW })).not.toThrow();
    }
    expect(() =>
      index.search({ terms: [], phrases: [[]], excludes: [""], raw: "" }, { now: NOW }),
    ).not.toThrow();
  });
});

/**
 * ASCII text is split by the index's own loop (`indexAscii`, written out for speed), other text by
 * `scanWords`, which queries use too: the two must find the same words, or a query would miss what was
 * indexed. An em dash is not a word character, so appending one sends the same words through `scanWords`.
 */
describe("the index's ASCII loop and scanWords", () => {
  const edges = [
    "GPT-4o beats ResNet50 on x86_64, U.S.A. and e.g. MoE/ViT; 3D-R1 (2025)",
    `${"a".repeat(48)} ${"b".repeat(49)} ${"C".repeat(60)}Tail short`,
    "CamelCase WORDS, snake_case_words and dotted.words-with-hyphens",
    Array.from({ length: 2100 }, (_, i) => `w${i % 300}`).join(" "),
    "",
    "   ...   ",
  ];
  const papers: IndexablePaper[] = [
    ...[...generateCorpus({ size: 300, seed: 21 })],
    ...edges.map((text, i) => ({
      id: `2601.0000${i}`,
      title: text,
      abstract: `${text} ${text}`,
      aiKeywords: [text],
      aiSummary: text,
    })),
  ];
  const viaScanWords = (paper: IndexablePaper): IndexablePaper => ({
    ...paper,
    title: `${paper.title} —`,
    abstract: `${paper.abstract ?? ""} —`,
    aiSummary: `${paper.aiSummary ?? ""} —`,
    aiKeywords: (paper.aiKeywords ?? []).map((keyword) => `${keyword} —`),
  });

  it("find the same words, so both index a paper alike", () => {
    const ascii = new SearchIndex();
    const scanned = new SearchIndex();
    for (const paper of papers) {
      ascii.add(paper);
      scanned.add(viaScanWords(paper));
    }
    const state = (index: SearchIndex) => {
      const { vocabulary, documents } = index.snapshot();
      return {
        stems: [...vocabulary.stems],
        surfaces: [...vocabulary.surfaces],
        df: [...vocabulary.df],
        spans: [...documents.spans],
        lengths: [...documents.lengths],
      };
    };
    expect(state(scanned)).toEqual(state(ascii));
    expect(state(ascii).stems.length).toBeGreaterThan(500);
    for (const query of ["resnet50", "x86_64", "gpt 4o", "camelcase", "w299", "b".repeat(49)]) {
      expect(ascii.search(query, { now: NOW }), query).toEqual(scanned.search(query, { now: NOW }));
    }
  });
});
