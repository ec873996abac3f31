import { describe, expect, it } from "vitest";
import { collapseWhitespace, splitSentences } from "../../src/digest/sentences.ts";
import { TLDR_MAX_CHARS, tldr, tldrSentences } from "../../src/digest/tldr.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

const paper = (abstract: string, extra: { aiSummary?: string; title?: string } = {}) => ({
  id: "2606.00001",
  title: extra.title ?? "A Title",
  abstract,
  aiSummary: extra.aiSummary,
});

const VOCABULARY = [
  "model",
  "attention",
  "benchmark",
  "representations",
  "the",
  "of",
  "and",
  "retrieval-augmented",
  "e.g. GPT-4",
  "i.e. Llama",
  "Smith et al. Jones",
  "34.8%",
  "v2.0",
  "(see Fig. 3)",
  "U.S. English",
  "pneumonoultramicroscopicsilicovolcanoconiosis",
  "tokens",
];

function generatedAbstract(random: () => number): { text: string; sentences: string[] } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sentences = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
    const length = 3 + Math.floor(random() * (random() < 0.2 ? 120 : 30));
    const words = Array.from({ length }, () => pick(VOCABULARY));
    return `Results ${words.join(" ")} ${pick(["improve", "hold", "degrade"])}${pick([".", ".", "?", "!"])}`;
  });
  const text = sentences.map((s) => s + pick([" ", "  ", "\n", " \t"])).join("");
  return { text, sentences };
}

describe("splitSentences", () => {
  it("splits at sentence ends but not at abbreviations, initials, decimals or versions", () => {
    expect(
      splitSentences(
        "Baselines include e.g. GPT-4, i.e. Llama, and Smith et al. Jones's work (cf. Fig. 2). Gains reach 34.8% with v2.0 by R. Smith. Does it hold? Yes!",
      ),
    ).toEqual([
      "Baselines include e.g. GPT-4, i.e. Llama, and Smith et al. Jones's work (cf. Fig. 2).",
      "Gains reach 34.8% with v2.0 by R. Smith.",
      "Does it hold?",
      "Yes!",
    ]);
  });
});

describe("tldr", () => {
  it("prefers Hugging Face's AI summary, with whitespace collapsed", () => {
    const result = tldr(
      paper("We propose something else.", { aiSummary: "  A  new\nbenchmark shows\tgains.  " }),
    );
    expect(result).toBe("A new benchmark shows gains.");
  });

  it("shortens an AI summary that is too long", () => {
    const long = `${"Word ".repeat(100).trim()}.`;
    const result = tldr(paper("", { aiSummary: long }));
    expect(result.length).toBeLessThanOrEqual(TLDR_MAX_CHARS);
    expect(result).toMatch(/^Word( Word)*…$/);
  });

  it("states the contribution, not the opening background, ending on a sentence boundary", () => {
    const abstract =
      "Sparse attention cuts the cost of long contexts. We introduce MSA, a blockwise sparse attention. " +
      "It matches dense quality at a fraction of the compute on every benchmark we tried and more.";
    expect(tldr(paper(abstract))).toBe("We introduce MSA, a blockwise sparse attention.");
  });

  it("skips background that opens the abstract and adds the result sentence when both fit (issue 16)", () => {
    const abstract =
      "Building learning agents that accumulate knowledge over time is the core goal of the continual learning research field. " +
      "However, existing methods forget earlier tasks. " +
      "We propose Recall, a replay buffer that stores compressed gradients. " +
      "It has three parts. " +
      "Experiments show that Recall outperforms strong baselines by 12% on five benchmarks. " +
      "Code is available at https://example.org.";
    expect(tldr(paper(abstract, { title: "Recall: Compressed Replay for Continual Learning" }))).toBe(
      "We propose Recall, a replay buffer that stores compressed gradients. Experiments show that Recall outperforms strong baselines by 12% on five benchmarks.",
    );
  });

  it("cuts an over-long first sentence at a word boundary and adds …", () => {
    const abstract = `${"Longwords ".repeat(40)}end. Second sentence.`;
    const result = tldr(paper(abstract));
    expect(result.length).toBeLessThanOrEqual(TLDR_MAX_CHARS);
    expect(result.endsWith("Longwords…")).toBe(true);
  });

  it("keeps abbreviations, initials and decimals inside the sentence it picks, and leaves a pointer out", () => {
    const abstract =
      "We compare with baselines, e.g. GPT-4 and the system of Smith et al. Results for v2.0 of R. Smith's toolkit improve by 34.8% (see Fig. 3). Code is public.";
    expect(tldr(paper(abstract))).toBe(abstract.slice(0, -" Code is public.".length));
  });

  it("drops boilerplate openers", () => {
    expect(tldr(paper("In this paper, we propose Foo, a faster tokenizer."))).toBe(
      "We propose Foo, a faster tokenizer.",
    );
    expect(tldr(paper("To address this gap, we introduce EvoArena. It tracks memory."))).toBe(
      "We introduce EvoArena.",
    );
  });

  it("starts at the contribution when the background would crowd it out", () => {
    const background = `Large language models are ${"increasingly ".repeat(15)}used. Yet evaluations assume ${"very ".repeat(20)}static environments.`;
    const result = tldr(paper(`${background} We introduce EvoArena, a benchmark for changing environments.`));
    expect(result).toBe("We introduce EvoArena, a benchmark for changing environments.");
  });

  it("falls back to the title when there is no abstract", () => {
    expect(tldr(paper("   ", { title: "EvoArena: Tracking Memory Evolution" }))).toBe(
      "EvoArena: Tracking Memory Evolution",
    );
  });

  it("is never longer than the limit, never empty, and never cuts inside a word (generated abstracts)", () => {
    const random = seededRandom(20260612);
    for (let run = 0; run < 500; run++) {
      const { text, sentences } = generatedAbstract(random);
      const source = collapseWhitespace(text);
      expect(splitSentences(text)).toEqual(sentences);
      const result = tldr(paper(text));
      expect(result.length).toBeGreaterThan(0);
      expect(result.length).toBeLessThanOrEqual(TLDR_MAX_CHARS);
      const head = result.endsWith("…") ? result.slice(0, -1) : result;
      const at = source.indexOf(head);
      expect(at, result).toBeGreaterThanOrEqual(0);
      expect([undefined, " "]).toContain(source[at - 1]);
      expect([undefined, " "]).toContain(source[at + head.length]);
      const lead = sentences[tldrSentences(sentences, "A Title")[0]!]!;
      if (lead.length <= TLDR_MAX_CHARS) {
        expect(result, "the chosen sentence fits, so the TL;DR is whole sentences").toMatch(/[.?!]$/);
        expect(result.startsWith(lead)).toBe(true);
      } else {
        expect(result.endsWith("…")).toBe(true);
      }
    }
  });
});

describe("a TL;DR already chosen", () => {
  it("is chosen again when the paper's text changes under the same id, never served stale", () => {
    const paper = {
      id: "2606.00001",
      title: "Sparse attention for long contexts",
      abstract:
        "Long contexts are costly. We propose sparse attention that keeps quality at a tenth of the cost.",
    };
    const first = tldr(paper);
    expect(tldr({ ...paper })).toBe(first);
    const revised = tldr({
      ...paper,
      abstract: "Long contexts are costly. We show a v2 method that halves memory.",
    });
    expect(revised).toContain("halves memory");
    expect(revised).not.toBe(first);
    // An AI summary arriving later, or a new title where there is no abstract, counts as a change too.
    expect(tldr({ ...paper, aiSummary: "A summary from Hugging Face." })).toBe(
      "A summary from Hugging Face.",
    );
    expect(tldr({ ...paper, abstract: "", title: "Old title" })).toBe("Old title");
    expect(tldr({ ...paper, abstract: "", title: "New title" })).toBe("New title");
  });
});
