import { stemmer } from "stemmer";
import { IRREGULAR_FORMS, STEM_OVERRIDES } from "./stem-overrides.ts";
import { STOP_WORDS } from "./stop-words.ts";

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ASCII_WORD = /^[a-z]+$/;
const DIGITS = /^\p{N}+$/u;
/** Longer "words" are hashes, URLs or base64 noise; they would only bloat the vocabulary. */
const MAX_TOKEN_LENGTH = 48;
const STEM_CACHE_LIMIT = 20_000;
const stemCache = new Map<string, string>();

/** True for English function words ("the", "of", "with") that the index ignores. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

function computeStem(word: string): string {
  const pinned = STEM_OVERRIDES.get(word);
  if (pinned !== undefined) return pinned;
  const base = IRREGULAR_FORMS.get(word) ?? word;
  return ASCII_WORD.test(base) ? stemmer(base) : base;
}

/**
 * Reduces a lower-case word to the key the index stores, so inflections meet: Porter for plain
 * ASCII words, plus a table of irregular forms (forgotten → forget) and of topic-merging stems.
 * Words with digits or non-Latin letters are kept as they are.
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const result = computeStem(word);
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, result);
  return result;
}

/** Case-folds and compatibility-normalizes text (full-width letters, ligatures) before splitting. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/**
 * Calls `visit(word)` for every indexable word of `text` in order, normalized but not stemmed,
 * without allocating an array: the index stems through its own cache and keeps the surface form
 * people write for autocomplete.
 */
export function forEachWord(text: string, visit: (word: string) => void): void {
  for (const match of normalizeText(text).matchAll(WORD)) {
    const word = match[0];
    if (word.length > MAX_TOKEN_LENGTH) continue;
    if (word.length < 2 && !DIGITS.test(word)) continue;
    if (STOP_WORDS.has(word)) continue;
    visit(word);
  }
}

/**
 * Splits text into the stemmed search terms that queries and documents share: NFKC, lower case,
 * Unicode letters and digits only, stop words and single letters dropped, Porter-stemmed.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  forEachWord(text, (word) => {
    tokens.push(stem(word));
  });
  return tokens;
}
