import type { Paper } from "../papers/paper.ts";

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Returns a test for whether a paper mentions `phrase` as a whole word or phrase, case-insensitively,
 * in its title, abstract, AI summary or keywords (`llm` matches "LLM agents", not "LLMs" or "allm").
 * Returns `undefined` for a blank phrase, which matches nothing.
 */
export function wholeWordMatcher(phrase: string): ((paper: Paper) => boolean) | undefined {
  const words = phrase.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return undefined;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])${words.map(escapeRegExp).join("\\s+")}(?![\\p{L}\\p{N}_])`,
    "iu",
  );
  return (paper) =>
    [paper.title, paper.abstract, paper.aiSummary ?? "", ...paper.aiKeywords].some((text) =>
      pattern.test(text),
    );
}
