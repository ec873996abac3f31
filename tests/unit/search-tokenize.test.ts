import { describe, expect, it } from "vitest";
import { isStopWord, stem, tokenize } from "../../src/search/tokenize.ts";

describe("tokenize", () => {
  it("stems inflections of the same word to one term", () => {
    expect(new Set(tokenize("forgetting forget forgotten forgot forgets"))).toEqual(new Set(["forget"]));
    expect(new Set(tokenize("learning learned learns learnt"))).toEqual(new Set(["learn"]));
    expect(new Set(tokenize("models model"))).toEqual(new Set(["model"]));
  });

  it("keeps topics apart that plain Porter would merge", () => {
    expect(stem("continual")).not.toBe(stem("continuous"));
    expect(stem("experience")).not.toBe(stem("experiment"));
    expect(stem("generation")).not.toBe(stem("generalization"));
    expect(stem("generative")).toBe(stem("generation"));
  });

  it("drops stop words and single letters but keeps digits", () => {
    expect(tokenize("The state of the art in a model with 3 layers")).toEqual([
      "state",
      "art",
      "model",
      "3",
      "layer",
    ]);
    expect(isStopWord("The")).toBe(true);
    expect(isStopWord("forgetting")).toBe(false);
  });

  it("splits on hyphens and punctuation", () => {
    expect(tokenize("retrieval-augmented generation")).toEqual(["retriev", "augment", "generat"]);
    expect(tokenize("pre-training, fine-tuning; sim-to-real")).toEqual([
      "pre",
      "train",
      "fine",
      "tune",
      "sim",
      "real",
    ]);
    expect(tokenize("-forgetting")).toEqual(["forget"]);
    expect(tokenize("GPT-4o")).toEqual(["gpt", "4o"]);
  });

  it("handles Unicode: case, compatibility forms, accents and non-Latin scripts", () => {
    expect(tokenize("ＦＯＲＧＥＴＴＩＮＧ")).toEqual(["forget"]);
    expect(tokenize("ﬁne-tuning")).toEqual(["fine", "tune"]);
    expect(tokenize("Représentations")).toEqual(["représentations"]);
    expect(tokenize("Repre\u0301sentations")).toEqual(tokenize("Représentations"));
    expect(tokenize("持续学习 и забывание")).toEqual(["持续学习", "забывание"]);
  });

  it("returns nothing for text without words", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("  -- ** ?! \u0000\u0007 ")).toEqual([]);
  });
});
