import { truncate } from "../../truncate.ts";
import { collapseWhitespace } from "./text.ts";

/**
 * The longest text and the most entries a paper field keeps when it arrives from a source, in UTF-16
 * code units. Real papers sit far below (the longest arXiv abstract is about 1,920 characters, the
 * longest titles a few hundred); the bounds stop a drifted or hostile answer from filling the store,
 * the search index and every digest with megabytes per paper.
 */
export const FIELD_LIMITS = {
  title: 1_000,
  abstract: 10_000,
  /** Hugging Face's `ai_summary`: a sentence or two. */
  summary: 2_000,
  /** Authors kept, in the order given (collaboration papers list thousands). */
  authors: 200,
  author: 200,
  keywords: 50,
  keyword: 100,
  categories: 50,
  category: 100,
  organization: 200,
  /** A project page URL longer than this is dropped, not cut: half a URL leads nowhere. */
  url: 2_000,
} as const;

/** Source text as a paper field: whitespace collapsed, cut between graphemes to `max` with an ellipsis. */
export const fieldText = (text: string, max: number): string => truncate(collapseWhitespace(text), max);

/**
 * The first `maxItems` non-empty texts of `texts`, each as {@link fieldText} to `maxLength`; stops
 * reading once it has enough, so a list of a million names costs no more than one of `maxItems`.
 */
export function fieldList(texts: Iterable<string>, maxItems: number, maxLength: number): string[] {
  const kept: string[] = [];
  for (const text of texts) {
    if (kept.length >= maxItems) break;
    const field = fieldText(text, maxLength);
    if (field) kept.push(field);
  }
  return kept;
}
