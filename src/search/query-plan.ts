import type { Refinement } from "./candidates.ts";
import type { DocumentTable } from "./document-table.ts";
import { type ParsedQuery, QUERY_LIMITS } from "./query.ts";
import type { Vocabulary } from "./vocabulary.ts";

/** Scoring terms per query; matched words are tracked in a 32-bit mask per document. */
const MAX_SCORING_TERMS = 32;
/** Index words a trailing `prefix*` expands to, most frequent first. */
const PREFIX_EXPANSIONS = 8;

/** A parsed query resolved against the vocabulary: what the index scores, requires and rejects. */
export interface Plan {
  /** Term ids that score; bit i of a document's match mask stands for terms[i]. */
  terms: number[];
  /** Required phrases as term id sequences. */
  phrases: number[][];
  /** Mask bits that phrases need: a cheap filter before the phrase check. */
  required: number;
  /** Excluded single terms, dropped through their postings. */
  excludedTerms: number[];
  /** Excluded phrases, checked only for leading candidates. */
  excludedPhrases: number[][];
  /** Consecutive bare query terms, for the proximity bonus. */
  bigrams: number[][];
}

/** Term ids of a stem sequence, or undefined if some stem is in no live paper. */
function sequence(vocabulary: Vocabulary, stems: readonly string[]): number[] | undefined {
  const ids: number[] = [];
  for (const stem of stems) {
    const id = vocabulary.lookup(stem);
    if (id === undefined || vocabulary.documentFrequency(id) === 0) return undefined;
    ids.push(id);
  }
  return ids;
}

/**
 * Resolves a parsed query against the vocabulary; undefined when nothing can match (no known
 * word, or a phrase with a word no paper contains). Unknown excluded words are simply ignored.
 */
export function planQuery(query: ParsedQuery, vocabulary: Vocabulary): Plan | undefined {
  const phrases: number[][] = [];
  for (const phrase of query.phrases.slice(0, QUERY_LIMITS.maxPhrases)) {
    const ids = sequence(vocabulary, phrase);
    if (ids === undefined) return undefined;
    if (ids.length > 0) phrases.push(ids);
  }
  const scoring = new Set<number>();
  for (const stem of query.terms) {
    const id = vocabulary.lookup(stem);
    if (id !== undefined && vocabulary.documentFrequency(id) > 0) scoring.add(id);
  }
  for (const id of phrases.flat()) scoring.add(id);
  if (query.prefix) for (const id of vocabulary.withPrefix(query.prefix, PREFIX_EXPANSIONS)) scoring.add(id);
  const terms = [...scoring].slice(0, MAX_SCORING_TERMS);
  if (terms.length === 0) return undefined;
  let required = 0;
  for (const id of phrases.flat()) if (terms.includes(id)) required |= 1 << terms.indexOf(id);
  const excludedTerms: number[] = [];
  const excludedPhrases: number[][] = [];
  for (const exclude of query.excludes) {
    const ids = sequence(vocabulary, exclude.split(" ").filter(Boolean));
    if (ids?.length === 1) excludedTerms.push(ids[0]!);
    else if (ids !== undefined && ids.length > 1) excludedPhrases.push(ids);
  }
  const bigrams: number[][] = [];
  for (let i = 1; i < query.terms.length; i++) {
    const pair = sequence(vocabulary, [query.terms[i - 1]!, query.terms[i]!]);
    if (pair) bigrams.push(pair);
  }
  return { terms, phrases, required, excludedTerms, excludedPhrases, bigrams };
}

/**
 * The checks too costly for every candidate, applied to leaders only: required phrases, excluded
 * phrases, and a bonus of up to `proximity` for papers where consecutive query words stand adjacent.
 */
export function refinementFor(plan: Plan, docs: DocumentTable, proximity: number): Refinement | undefined {
  const { phrases, excludedPhrases, bigrams } = plan;
  const bonus = bigrams.length > 0 ? Math.max(0, proximity) : 0;
  if (phrases.length === 0 && excludedPhrases.length === 0 && bonus === 0) return undefined;
  return {
    maxFactor: 1 + bonus,
    factor(doc) {
      if (!phrases.every((phrase) => docs.hasSequence(doc, phrase))) return 0;
      if (excludedPhrases.some((phrase) => docs.hasSequence(doc, phrase))) return 0;
      if (bonus === 0) return 1;
      return 1 + (bonus * bigrams.filter((pair) => docs.hasSequence(doc, pair)).length) / bigrams.length;
    },
  };
}
