import { describe, expect, it } from "vitest";
import { expandExclude, expandGeneric, expandTerms } from "../../src/search/query-expansion.ts";
import { SearchIndex } from "../../src/search/search-index.ts";
import { SEARCH_WEIGHTS } from "../../src/search/search-weights.ts";
import { FIELD_TERMS } from "../../src/search/synonyms.ts";
import { tokenize } from "../../src/search/tokenize.ts";

const NOW = new Date("2026-08-05T00:00:00Z");
const stemsOf = (query: string) => expandTerms(tokenize(query)).map((e) => e.stems.join(" "));

/** Papers alike in all but how they name their topic, plus fillers so that IDF means something. */
function indexOf(papers: { id: string; title: string; abstract?: string }[]): SearchIndex {
  const index = new SearchIndex();
  for (const paper of papers) index.add({ upvotes: 10, publishedAt: "2026-07-01T00:00:00Z", ...paper });
  for (let i = 0; i < 20; i++) {
    index.add({ id: `filler-${i}`, title: `Protein binders number ${i}`, abstract: "Wet-lab validation." });
  }
  return index;
}

describe("the field's vocabulary", () => {
  it("names every field term in words the tokenizer keeps, each name in one entry only", () => {
    const seen = new Map<string, number>();
    FIELD_TERMS.forEach((names, entry) => {
      for (const name of names) {
        const key = tokenize(name).join(" ");
        expect(key, name).not.toBe("");
        expect(seen.get(key), name).toBeUndefined();
        seen.set(key, entry);
      }
    });
  });

  it("expands abbreviations and synonyms both ways", () => {
    expect(stemsOf("moe")).toEqual([tokenize("mixture of experts").join(" ")]);
    expect(stemsOf("mixture-of-experts routing")).toEqual(["moe"]);
    expect(stemsOf("vit")).toEqual([tokenize("vision transformer").join(" ")]);
    expect(stemsOf("model editing")).toEqual([tokenize("knowledge editing").join(" ")]);
    expect(stemsOf("test-time compute")).toEqual(
      ["test-time scaling", "inference-time scaling", "inference-time compute"].map((n) =>
        tokenize(n).join(" "),
      ),
    );
  });

  it("prefers the longest name: RLHF's words bring RLHF, not RL", () => {
    expect(stemsOf("reinforcement learning from human feedback")).toEqual(["rlhf"]);
    expect(stemsOf("rl")).toEqual([tokenize("reinforcement learning").join(" ")]);
  });

  it("leaves out names that contain the typed words or that the query already holds", () => {
    expect(stemsOf("speech recognition")).not.toContain(tokenize("automatic speech recognition").join(" "));
    expect(stemsOf("moe mixture of experts")).toEqual([]);
    expect(stemsOf("forgetting")).toEqual([]);
  });

  it("reads a generic word as the field terms that contain it", () => {
    const learning = expandGeneric(tokenize("learning")).map((e) => e.label);
    expect(learning).toContain("continual learning");
    expect(learning).not.toContain("machine unlearning");
    expect(expandGeneric(tokenize("models")).map((e) => e.label)).toContain("diffusion model");
  });

  it("excludes an excluded term's other names", () => {
    expect(expandExclude(["moe"])).toEqual([tokenize("mixture of experts")]);
    expect(expandExclude(["forget"])).toEqual([]);
  });
});

describe("search with expansion", () => {
  const index = indexOf([
    { id: "abbrev", title: "Load balancing for MoE layers" },
    { id: "spelled", title: "Load balancing for mixture of experts layers" },
    { id: "apart", title: "A mixture of data from many domains, labelled by experts" },
  ]);

  it("finds a paper that spells out what the user abbreviated, and only where the words stand adjacent", () => {
    const found = index.search("moe", { now: NOW }).map((hit) => hit.id);
    expect(found).toEqual(["abbrev", "spelled"]);
  });

  it("scores another name below the user's own words", () => {
    const abbreviated = index.search("moe", { now: NOW });
    expect(abbreviated[1]!.relevance).toBeLessThan(abbreviated[0]!.relevance);
    const spelled = index.search("mixture of experts", { now: NOW });
    expect(spelled[0]!.id).toBe("spelled");
    expect(spelled.find((hit) => hit.id === "abbrev")!.relevance).toBeLessThan(spelled[0]!.relevance);
    const unweighted = index.search("moe", { now: NOW, weights: { expansion: 1 } });
    expect(SEARCH_WEIGHTS.expansion).toBeLessThan(1);
    expect(unweighted.find((hit) => hit.id === "spelled")!.relevance).toBeGreaterThan(
      abbreviated.find((hit) => hit.id === "spelled")!.relevance,
    );
  });

  it("says which other name matched", () => {
    const spelled = index.search("moe", { now: NOW }).find((hit) => hit.id === "spelled")!;
    expect(spelled.matched).toEqual(["mixture of experts (MoE)"]);
  });

  it("takes quoted phrases literally", () => {
    expect(index.search('"load balancing" moe', { now: NOW }).map((hit) => hit.id)).toEqual([
      "abbrev",
      "spelled",
    ]);
    expect(index.search('"mixture of experts"', { now: NOW }).map((hit) => hit.id)).toEqual(["spelled"]);
  });

  it("excludes papers that use another name of an excluded term", () => {
    expect(index.search("load balancing -moe", { now: NOW })).toEqual([]);
    expect(index.search("load balancing -mixture-of-experts", { now: NOW })).toEqual([]);
  });

  it("adds another name where the user's words occur only apart, as generic words do", () => {
    const editing = indexOf([
      { id: "facts", title: "Knowledge editing changes facts in language models" },
      { id: "images", title: "Image editing with diffusion models" },
    ]);
    const hits = editing.search("model editing", { now: NOW });
    expect(hits.map((hit) => hit.id)).toEqual(["facts", "images"]);
    expect(hits[0]!.matched).toContain("knowledge editing (model editing)");
  });
});
