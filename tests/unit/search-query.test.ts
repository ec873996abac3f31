import { describe, expect, it } from "vitest";
import { parseQuery, QUERY_LIMITS } from "../../src/search/query.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

const ALPHABET = [
  '"',
  "-",
  "*",
  " ",
  "\t",
  "\n",
  "\u0000",
  "\u001b",
  "\u200b",
  "\ud800",
  "“",
  "”",
  "−",
  "a",
  "é",
  "Ж",
  "学",
  "7",
  "forgetting ",
  "learning",
];

function garbage(next: () => number, length: number): string {
  let text = "";
  while (text.length < length) {
    const pick = next();
    text +=
      pick < 0.7
        ? ALPHABET[Math.floor(next() * ALPHABET.length)]
        : String.fromCharCode(Math.floor(next() * 0xffff));
  }
  return text;
}

describe("parseQuery", () => {
  it("stems bare terms", () => {
    const query = parseQuery("Forgetting in LLMs");
    expect(query.terms).toEqual(["forget", "llm"]);
    expect(query.phrases).toEqual([]);
    expect(query.excludes).toEqual([]);
    expect(query.prefix).toBeUndefined();
    expect(query.raw).toBe("Forgetting in LLMs");
  });

  it("reads quoted phrases as stemmed sequences", () => {
    const query = parseQuery('"continual learning" benchmarks');
    expect(query.phrases).toEqual([["continual", "learn"]]);
    expect(query.terms).toEqual(["benchmark"]);
  });

  it('reads -word and -"phrase" as exclusions', () => {
    const query = parseQuery('forgetting -catastrophic -"large language models"');
    expect(query.terms).toEqual(["forget"]);
    expect(query.excludes).toEqual(["catastroph", "larg languag model"]);
  });

  it("treats a typographic minus and curly quotes like their ASCII forms", () => {
    const query = parseQuery("forgetting −unlearning “sparse attention”");
    expect(query.excludes).toEqual(["unlearn"]);
    expect(query.phrases).toEqual([["spars", "attent"]]);
  });

  it("keeps a trailing word* as a raw lower-case prefix", () => {
    const query = parseQuery("catastrophic Contin*");
    expect(query.prefix).toBe("contin");
    expect(query.terms).toEqual(["catastroph"]);
    expect(parseQuery("contin* learning").prefix).toBeUndefined();
    expect(parseQuery("c*").prefix).toBeUndefined();
  });

  it("ignores lone dashes, unbalanced quotes and a one-word phrase's quotes", () => {
    expect(parseQuery("forgetting - -").excludes).toEqual([]);
    const unbalanced = parseQuery('"continual learning');
    expect(unbalanced.terms).toEqual(["continual", "learn"]);
    expect(unbalanced.phrases).toEqual([]);
    expect(parseQuery('"diffusion"')).toMatchObject({ terms: ["diffus"], phrases: [] });
  });

  it("caps the number of terms and the length it reads", () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(" ");
    expect(parseQuery(words).terms).toHaveLength(QUERY_LIMITS.maxTerms);
    expect(parseQuery("x".repeat(100_000)).raw.length).toBe(QUERY_LIMITS.maxChars);
  });

  it("never throws on 1,000 random inputs, including 100 KB and control characters", () => {
    const next = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const length = i % 100 === 0 ? 100_000 : Math.floor(next() * 200);
      const query = parseQuery(garbage(next, length));
      expect(query.terms.length).toBeLessThanOrEqual(QUERY_LIMITS.maxTerms);
      expect(query.phrases.length).toBeLessThanOrEqual(QUERY_LIMITS.maxPhrases);
      expect(query.excludes.length).toBeLessThanOrEqual(QUERY_LIMITS.maxExcludes);
      for (const term of [...query.terms, ...query.phrases.flat()])
        expect(term).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
    }
  });

  it("accepts empty and whitespace-only input", () => {
    expect(parseQuery("")).toEqual({ terms: [], phrases: [], excludes: [], raw: "" });
    expect(parseQuery(" \n\t ")).toEqual({ terms: [], phrases: [], excludes: [], raw: "" });
  });
});
