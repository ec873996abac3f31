import { describe, expect, it } from "vitest";
import { canonicalId } from "../../src/papers/canonical-id.ts";
import { dedupePapers, mergePapers } from "../../src/papers/merge.ts";
import { Paper } from "../../src/papers/paper.ts";

describe("canonicalId", () => {
  it.each([
    ["2606.13392", "2606.13392"],
    ["2606.13392v2", "2606.13392"],
    ["arXiv:2606.13392", "2606.13392"],
    ["arxiv:2606.13392v3", "2606.13392"],
    ["https://arxiv.org/abs/2606.13392", "2606.13392"],
    ["https://arxiv.org/abs/2606.13392v1", "2606.13392"],
    ["http://export.arxiv.org/abs/2606.13392v2", "2606.13392"],
    ["https://arxiv.org/pdf/2606.13392", "2606.13392"],
    ["https://arxiv.org/pdf/2606.13392v2.pdf", "2606.13392"],
    ["arxiv.org/pdf/2606.13392v2", "2606.13392"],
    ["https://huggingface.co/papers/2606.13392", "2606.13392"],
    ["https://huggingface.co/papers/2606.13392?utm=x#comments", "2606.13392"],
    ["  2606.13392  ", "2606.13392"],
    ["1501.00001", "1501.00001"],
    ["0704.0001", "0704.0001"],
    ["cs/0112017", "cs/0112017"],
    ["cs/0112017v1", "cs/0112017"],
    ["https://arxiv.org/abs/cs/0112017v2", "cs/0112017"],
    ["math.GT/0309136", "math.GT/0309136"],
    ["hep-th/9901001", "hep-th/9901001"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalId(input)).toBe(expected);
  });

  it.each([
    "",
    "hello",
    "2606.1",
    "26061.3392",
    "https://example.org/abs/2606.13392",
    "cs/01120",
    "<@U123>",
    "2606.13392 extra",
  ])("rejects %j", (input) => {
    expect(canonicalId(input)).toBeUndefined();
  });
});

describe("mergePapers", () => {
  const huggingFace = Paper.parse({
    id: "2606.13392",
    title: "MiniMax Sparse Attention",
    abstract: "Short.",
    authors: ["A", "B"],
    publishedAt: "2026-06-11T00:00:00.000Z",
    featuredOn: "2026-06-12",
    upvotes: 103,
    comments: 4,
    githubStars: 251,
    aiSummary: "Sparse attention.",
    aiKeywords: ["sparse attention"],
    sources: ["huggingface"],
  });
  const arxivV2 = Paper.parse({
    id: "2606.13392",
    title: "MiniMax Sparse Attention",
    abstract: "A much longer abstract from arXiv, version two.",
    authors: ["A", "B", "C"],
    publishedAt: "2026-06-10T17:59:00Z",
    categories: ["cs.LG", "cs.CL"],
    sources: ["arxiv"],
    version: 2,
    listedOn: "2026-06-10",
  });

  it("keeps the fullest text, the highest counts, both sources and the earliest dates", () => {
    const merged = mergePapers(huggingFace, arxivV2);
    expect(merged).toMatchObject({
      id: "2606.13392",
      abstract: "A much longer abstract from arXiv, version two.",
      authors: ["A", "B", "C"],
      publishedAt: "2026-06-10T17:59:00Z",
      featuredOn: "2026-06-12",
      upvotes: 103,
      comments: 4,
      githubStars: 251,
      aiSummary: "Sparse attention.",
      categories: ["cs.LG", "cs.CL"],
      sources: ["huggingface", "arxiv"],
      version: 2,
      listedOn: "2026-06-10",
    });
    expect(mergePapers(arxivV2, { ...arxivV2, version: 1, listedOn: "2026-06-12" })).toMatchObject({
      version: 2,
      listedOn: "2026-06-10",
    });
  });

  it("is the same paper whichever arrives first", () => {
    const a = mergePapers(huggingFace, arxivV2);
    const b = mergePapers(arxivV2, huggingFace);
    expect({ ...a, sources: [] }).toEqual({ ...b, sources: [] });
  });

  it("refuses to merge different papers", () => {
    expect(() => mergePapers(huggingFace, { ...arxivV2, id: "2606.00001" })).toThrow(/cannot merge/);
  });

  it("dedupes a list into one paper per canonical id, first-seen order", () => {
    const other = Paper.parse({ id: "2606.00467", title: "Other" });
    const papers = dedupePapers([huggingFace, other, arxivV2]);
    expect(papers.map((paper) => paper.id)).toEqual(["2606.13392", "2606.00467"]);
    expect(papers[0]?.sources).toEqual(["huggingface", "arxiv"]);
  });
});
