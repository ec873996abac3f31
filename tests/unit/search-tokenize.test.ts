import { describe, expect, it } from "vitest";
import { forEachWord, isStopWord, normalizeText, stem, tokenize } from "../../src/search/tokenize.ts";

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

describe("forEachWord", () => {
  /** The definition the scanner implements: maximal runs of Unicode letters, marks and digits. */
  const reference = (text: string): string[] =>
    [...normalizeText(text).matchAll(/[\p{L}\p{M}\p{N}]+/gu)]
      .map((match) => match[0])
      .filter((word) => word.length <= 48 && (word.length >= 2 || /^\p{N}+$/u.test(word)))
      .filter((word) => !isStopWord(word));
  const words = (text: string): string[] => {
    const found: string[] = [];
    forEachWord(text, (word) => found.push(word));
    return found;
  };

  it("finds the same words as the regular expression it replaces, in any script", () => {
    const samples = [
      "Self-Supervised ViT-L/14 (ours) beats GPT-4o; see arXiv:2606.13392v2.",
      "naïve café ﬁne-tuning Ｆｕｌｌ-width Ⅻ ½ ²",
      "Transformer 😀 models 𝐁𝐨𝐥𝐝 math 𠀋 CJK 大型语言模型 and Ελληνικά, русский, العربية",
      "e\u0301tude combining marks, lone \ud800 surrogate, \udc00 trailing, end\ud83d",
      `${"a".repeat(48)} ${"b".repeat(49)} x 7 ٣ q`,
      "",
      "   ",
    ];
    const pool = "aZ09 -_.,;:/é\u0301ß𝐁😀大٣\ud800\udc00\t\n'\"()";
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      let text = "";
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        text += pool[seed % pool.length];
      }
      samples.push(text);
    }
    for (const text of samples) {
      expect(normalizeText(text), text).toBe(text.normalize("NFKC").toLowerCase());
      expect(words(text), text).toEqual(reference(text));
    }
  });
});
