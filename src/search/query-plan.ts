import type { Refinement } from "./candidates.ts";
import type { DocumentTable } from "./document-table.ts";
import { type ParsedQuery, QUERY_LIMITS } from "./query.ts";
import { expandExclude, expandGeneric, expandTerms } from "./query-expansion.ts";
import type { Vocabulary } from "./vocabulary.ts";

/** Scoring terms per query; matched words are tracked in a 32-bit mask per document. */
const MAX_SCORING_TERMS = 32;
/** Index words a trailing `prefix*` expands to, most frequent first. */
const PREFIX_EXPANSIONS = 8;

/** Another name of the user's words, resolved: scored below them, and adjacently when several words. */
export interface PlannedExpansion {
  /** Term ids that must stand adjacent in one field. */
  ids: number[];
  label: string;
  /**
   * Mask bits of the user's words it stands for, and those words as term ids: a paper holding
   * them adjacently already scored for this meaning, so the expansion adds nothing there. Bits are
   * 0 for a generic word's field terms, which always add.
   */
  of: number;
  ofSequence: number[];
}

/** A parsed query resolved against the vocabulary: what the index scores, requires and rejects. */
export interface Plan {
  /** Term ids that score; bit i of a document's match mask stands for terms[i]. */
  terms: number[];
  /** Synonyms and abbreviations of the query's words; bit terms.length + i stands for expansions[i]. */
  expansions: PlannedExpansion[];
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
  /**
   * Mask bits of the words typed (bare or quoted; not a prefix's expansions) that are not common,
   * for coordination: lacking "model" says little about a paper, lacking "robust" or "edges" does.
   */
  words: number;
}

/** Document frequencies above which a word counts as common and as generic, for {@link planQuery}. */
export interface PlanFrequencies {
  commonDf: number;
  genericDf: number;
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
 * Bare words are expanded with the field's other names for them (see `FIELD_TERMS`); a query of
 * only generic words is also read as the field terms that contain them. A multi-word expansion
 * made only of common words is dropped: it says little and costs a scan of most papers. Quoted
 * phrases are taken literally; an excluded field term also excludes its other names.
 */
export function planQuery(
  query: ParsedQuery,
  vocabulary: Vocabulary,
  frequencies: PlanFrequencies = { commonDf: Infinity, genericDf: Infinity },
): Plan | undefined {
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
  const isCommon = (id: number) => vocabulary.documentFrequency(id) > frequencies.commonDf;
  let words = 0;
  for (const stem of [...query.terms, ...query.phrases.flat()]) {
    const bit = terms.indexOf(vocabulary.lookup(stem) ?? -1);
    if (bit !== -1 && !isCommon(terms[bit]!)) words |= 1 << bit;
  }
  const isGeneric = (id: number) => vocabulary.documentFrequency(id) > frequencies.genericDf;
  const generic = query.phrases.length === 0 && !query.prefix && terms.length > 0 && terms.every(isGeneric);
  const candidates = [...expandTerms(query.terms), ...(generic ? expandGeneric(query.terms) : [])];
  const expansions: PlannedExpansion[] = [];
  for (const { stems, label, of } of candidates) {
    if (terms.length + expansions.length >= MAX_SCORING_TERMS) break;
    const ids = sequence(vocabulary, stems);
    if (ids === undefined || (ids.length > 1 && ids.every(isCommon))) continue;
    if (ids.length === 1 && terms.includes(ids[0]!)) continue;
    const ofSequence = of.map((stem) => vocabulary.lookup(stem) ?? -1);
    const bits = ofSequence.map((id) => terms.indexOf(id));
    const mask = bits.includes(-1) ? 0 : bits.reduce((all, bit) => all | (1 << bit), 0);
    expansions.push({ ids, label, of: mask, ofSequence });
  }
  if (terms.length + expansions.length === 0) return undefined;
  let required = 0;
  for (const id of phrases.flat()) if (terms.includes(id)) required |= 1 << terms.indexOf(id);
  const excludedTerms: number[] = [];
  const excludedPhrases: number[][] = [];
  for (const exclude of query.excludes) {
    const stems = exclude.split(" ").filter(Boolean);
    for (const names of [stems, ...expandExclude(stems)]) {
      const ids = sequence(vocabulary, names);
      if (ids?.length === 1) excludedTerms.push(ids[0]!);
      else if (ids !== undefined && ids.length > 1) excludedPhrases.push(ids);
    }
  }
  const bigrams: number[][] = [];
  for (let i = 1; i < query.terms.length; i++) {
    const pair = sequence(vocabulary, [query.terms[i - 1]!, query.terms[i]!]);
    if (pair) bigrams.push(pair);
  }
  return { terms, expansions, phrases, required, excludedTerms, excludedPhrases, bigrams, words };
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

/** Number of set bits of a 32-bit mask. */
function bitCount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Coordination for one query: which match bits it reads, and the relevance factor they give. */
export interface Coordination {
  /** Mask bits whose "is about" matters: the words counted and the other names standing for them. */
  counted: number;
  /** Relevance factor for the mask of counted bits a paper is about. */
  factor(about: number): number;
}

/**
 * Coordination for a plan: a factor of 1 for a paper about every (not common) word typed, or
 * another name for it, lowered by `coordination` × the share of those words it is not about (it
 * always counts as about one, so no paper drops to 0). Undefined when it can change nothing (fewer
 * than two such words, or a weight of 0).
 */
export function coordinationFor(plan: Plan, coordination: number): Coordination | undefined {
  const { words } = plan;
  const typed = bitCount(words);
  if (typed < 2 || coordination <= 0) return undefined;
  const weight = Math.min(1, coordination);
  const byCount = Float64Array.from(
    { length: typed + 1 },
    (_, held) => 1 - (weight * (typed - Math.max(1, held))) / typed,
  );
  const base = plan.terms.length;
  const others = plan.expansions
    .map((expansion, i) => ({ bit: 1 << (base + i), of: expansion.of & words }))
    .filter((expansion) => expansion.of !== 0);
  const counted = others.reduce((mask, { bit }) => mask | bit, words);
  if (others.length === 0) return { counted, factor: (about) => byCount[bitCount(about & words)]! };
  return {
    counted,
    factor(about) {
      let held = about & words;
      for (const { bit, of } of others) if ((about & bit) !== 0) held |= of;
      return byCount[bitCount(held)]!;
    },
  };
}
