import { normalizeText, tokenize } from "./tokenize.ts";

/** A search query split into what must score, what must be adjacent and what must be absent. */
export interface ParsedQuery {
  /** Stemmed bare words; a document matching any of them is a candidate (BM25 ranks them). */
  terms: string[];
  /** Stemmed token sequences from "double quoted" text; each must appear adjacently in one field. */
  phrases: string[][];
  /** Stems from `-word`, or space-joined stems from `-"a phrase"`; matching documents are dropped. */
  excludes: string[];
  /** Lower-case, unstemmed last word typed with a trailing `*` (`contin*`), for prefix expansion. */
  prefix?: string;
  /** The query as typed (capped in length), for echoing back. */
  raw: string;
}

/** Limits that keep a pasted essay from turning into an expensive query. */
export const QUERY_LIMITS = {
  /** Characters of input considered at all. */
  maxChars: 1024,
  /** Distinct bare terms kept, in order of appearance. */
  maxTerms: 32,
  /** Quoted phrases kept. */
  maxPhrases: 8,
  /** Tokens kept per phrase. */
  maxPhraseTokens: 12,
  /** Excluded terms or phrases kept. */
  maxExcludes: 32,
  /** Shortest prefix (`ab*`) worth expanding. */
  minPrefixLength: 2,
} as const;

const CONTROL = /[\p{C}]/gu;
const QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u301D\u301E\uFF02]/g;
const MINUSES = /[\u2212\u2013\u2014\uFE63\uFF0D]/g;
const SPACE = /\s/;
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

/** Adds items not yet present, up to `max`. */
function pushUnique(into: string[], items: readonly string[], max: number): void {
  for (const item of items) {
    if (into.length >= max) return;
    if (!into.includes(item)) into.push(item);
  }
}

interface Draft {
  terms: string[];
  phrases: string[][];
  excludes: string[];
  prefix?: string;
}

function addExclude(draft: Draft, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  pushUnique(
    draft.excludes,
    [tokens.slice(0, QUERY_LIMITS.maxPhraseTokens).join(" ")],
    QUERY_LIMITS.maxExcludes,
  );
}

function addPhrase(draft: Draft, tokens: readonly string[]): void {
  if (tokens.length === 1) pushUnique(draft.terms, tokens, QUERY_LIMITS.maxTerms);
  if (tokens.length < 2 || draft.phrases.length >= QUERY_LIMITS.maxPhrases) return;
  const phrase = tokens.slice(0, QUERY_LIMITS.maxPhraseTokens);
  const key = phrase.join(" ");
  if (!draft.phrases.some((p) => p.join(" ") === key)) draft.phrases.push(phrase);
}

function addPrefixWord(draft: Draft, word: string): void {
  const runs = normalizeText(word).match(WORD_RUN) ?? [];
  const last = runs.pop();
  pushUnique(draft.terms, tokenize(runs.join(" ")), QUERY_LIMITS.maxTerms);
  if (last !== undefined && last.length >= QUERY_LIMITS.minPrefixLength) draft.prefix = last;
}

function clean(text: string): string {
  return text.replace(CONTROL, " ").replace(QUOTES, '"').replace(MINUSES, "-").normalize("NFKC");
}

/**
 * Parses what a user typed after `/papers topic`: bare words, "quoted phrases", `-excluded` words
 * or phrases and a trailing `prefix*`. Accepts any string (unbalanced quotes, control characters,
 * megabytes of paste) and never throws; unusable parts are ignored.
 */
export function parseQuery(text: string): ParsedQuery {
  const raw = String(text ?? "").slice(0, QUERY_LIMITS.maxChars);
  const input = clean(raw);
  const draft: Draft = { terms: [], phrases: [], excludes: [] };
  const contentEnd = input.trimEnd().length;
  let i = 0;
  while (i < input.length) {
    if (SPACE.test(input[i] ?? "")) {
      i++;
      continue;
    }
    let negated = false;
    while (input[i] === "-") {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close !== -1) {
        const tokens = tokenize(input.slice(i + 1, close));
        if (negated) addExclude(draft, tokens);
        else addPhrase(draft, tokens);
        i = close + 1;
        continue;
      }
      i++;
    }
    let end = i;
    while (end < input.length && !SPACE.test(input[end] ?? "")) end++;
    const word = input.slice(i, end);
    i = end;
    if (!negated && end >= contentEnd && word.endsWith("*")) addPrefixWord(draft, word);
    else if (negated) addExclude(draft, tokenize(word));
    else pushUnique(draft.terms, tokenize(word), QUERY_LIMITS.maxTerms);
  }
  return { ...draft, raw: raw.trim() };
}
