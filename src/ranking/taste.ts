import type { Paper } from "../papers/paper.ts";
import { forEachWord, stem } from "../search/tokenize.ts";

const DAY_MS = 86_400_000;
/** Numbers ("1", "2025") say nothing about a topic. */
const DIGITS = /^\p{N}+$/u;

/** How long it takes a reaction's weight in a channel's taste to halve: interests drift. */
export const TASTE_HALF_LIFE_DAYS = 30;
/** Reactions older than this are not read at all (their weight is below 2 %). */
export const TASTE_WINDOW_DAYS = 180;

/**
 * What one person's reaction on a paper adds to the channel's taste before it fades: an upvote (👍 ⬆️ 🔥)
 * +1, a save (🔖) +0.5, a downvote (👎) −1. A paper nobody reacted to adds nothing: silence is not dislike.
 */
export const SIGNAL_WEIGHTS = { upvote: 1, save: 0.5, downvote: -1 } as const;

/** A kind of reaction the taste learns from. */
export type SignalKind = keyof typeof SIGNAL_WEIGHTS;

/** One person's reaction to one paper in a channel. */
export interface TasteSignal {
  paperId: string;
  kind: SignalKind;
  /** When it was made (ISO instant). */
  at: string;
}

/** What a channel's reactions say about one paper: the net faded weight and how many people did what. */
export interface TasteEvidence {
  paper: Paper;
  /** Sum of the reactions' weights, each faded by its age; negative for a paper the team turned down. */
  weight: number;
  upvoters: number;
  savers: number;
  downvoters: number;
}

/**
 * Fades a reaction made at `at` as of `now`: 1 when new, ½ after `TASTE_HALF_LIFE_DAYS`, 0 beyond
 * `TASTE_WINDOW_DAYS` or in the future of `now` (a preview of a past date does not see later reactions).
 */
export function signalDecay(at: string, now: Date): number {
  const ageDays = (now.getTime() - Date.parse(at)) / DAY_MS;
  if (!(ageDays >= -1 / 24) || ageDays > TASTE_WINDOW_DAYS) return 0;
  return 0.5 ** (Math.max(0, ageDays) / TASTE_HALF_LIFE_DAYS);
}

/**
 * Groups a channel's reactions by paper into evidence, faded as of `now`. Reactions on papers not in
 * `papers` (never stored) are dropped, and papers whose reactions cancel out carry nothing. Ordered by
 * paper id, so the same reactions always give the same profile.
 */
export function gatherEvidence(
  signals: readonly TasteSignal[],
  papers: ReadonlyMap<string, Paper>,
  now: Date,
): TasteEvidence[] {
  const byPaper = new Map<string, TasteEvidence>();
  for (const signal of signals) {
    const paper = papers.get(signal.paperId);
    const decay = signalDecay(signal.at, now);
    if (!paper || decay === 0) continue;
    const evidence = byPaper.get(paper.id) ?? { paper, weight: 0, upvoters: 0, savers: 0, downvoters: 0 };
    evidence.weight += SIGNAL_WEIGHTS[signal.kind] * decay;
    if (signal.kind === "upvote") evidence.upvoters += 1;
    else if (signal.kind === "save") evidence.savers += 1;
    else evidence.downvoters += 1;
    byPaper.set(paper.id, evidence);
  }
  return [...byPaper.values()]
    .filter((evidence) => Math.abs(evidence.weight) > 1e-9)
    .sort((a, b) => (a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0));
}

/** A unit-length sparse term vector: parallel arrays of terms and weights. */
export interface TermVector {
  terms: readonly string[];
  weights: readonly number[];
}

/** How much each part of a paper counts towards its terms: the title and keywords say what it is about. */
const FIELD_WEIGHTS = { title: 2, abstract: 1, keyword: 2 } as const;

/**
 * Calls `visit` for each term of a paper with its surface form and weight: stemmed words of the title,
 * abstract and Hugging Face keywords (numbers left out), plus each multi-word keyword as one phrase term.
 */
function forEachTerm(paper: Paper, visit: (term: string, surface: string, weight: number) => void): void {
  const addWords = (text: string, weight: number) =>
    forEachWord(text, (word) => {
      if (!DIGITS.test(word)) visit(stem(word), word, weight);
    });
  addWords(paper.title, FIELD_WEIGHTS.title);
  addWords(paper.abstract, FIELD_WEIGHTS.abstract);
  for (const keyword of paper.aiKeywords) {
    const stems: string[] = [];
    forEachWord(keyword, (word) => {
      stems.push(stem(word));
      visit(stem(word), word, FIELD_WEIGHTS.keyword);
    });
    if (stems.length > 1) visit(stems.join(" "), keyword.toLowerCase(), FIELD_WEIGHTS.keyword);
  }
}

/**
 * How many of a set of papers (the weeks before a date) use each term. A day alone is too few documents
 * to tell a field's common words from its rare ones; these counts do not change during the day, so they
 * are computed once per date and shared by every day's term space built on them.
 */
export class DocumentFrequencies {
  readonly size: number;
  /** Ids of the papers counted, so a paper of the day is not counted twice. */
  readonly ids: ReadonlySet<string>;
  private readonly counts = new Map<string, number>();

  constructor(papers: readonly Paper[]) {
    const ids = new Set<string>();
    for (const paper of papers) {
      if (ids.has(paper.id)) continue;
      ids.add(paper.id);
      const terms = new Set<string>();
      forEachTerm(paper, (term) => terms.add(term));
      for (const term of terms) this.counts.set(term, (this.counts.get(term) ?? 0) + 1);
    }
    this.ids = ids;
    this.size = ids.size;
  }

  /** How many of the papers use `term`. */
  of(term: string): number {
    return this.counts.get(term) ?? 0;
  }
}

const NO_BACKGROUND = new DocumentFrequencies([]);

/**
 * Document frequencies over a set of papers (a day's candidates, on top of `background`: the weeks
 * before) and each paper's TF-IDF vector in it: stemmed words of the title, abstract and Hugging Face
 * keywords (sublinear term frequency), plus each multi-word keyword as one phrase term. Vectors are
 * computed once per paper and kept, so a fan-out over many channels vectorises each paper once. Terms
 * unseen in the set get the highest IDF.
 */
export class TermSpace {
  readonly size: number;
  private readonly df = new Map<string, number>();
  private readonly counts = new Map<string, ReadonlyMap<string, number>>();
  private readonly vectors = new Map<string, TermVector>();
  private readonly surfaces = new Map<string, string>();

  constructor(
    papers: readonly Paper[],
    private readonly background: DocumentFrequencies = NO_BACKGROUND,
  ) {
    const seen = new Set<string>();
    for (const paper of papers) {
      if (seen.has(paper.id) || background.ids.has(paper.id)) continue;
      seen.add(paper.id);
      for (const term of this.countsOf(paper).keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
    this.size = background.size + seen.size;
  }

  /**
   * Inverse document frequency of a term in this set: ln((N + 1) / (df + ½)), so a word nearly every paper
   * of the day uses ("based", "models") counts for almost nothing and a rare one for most.
   */
  idf(term: string): number {
    const df = (this.df.get(term) ?? 0) + this.background.of(term);
    return Math.max(0, Math.log((this.size + 1) / (df + 0.5)));
  }

  /** The paper's unit-length TF-IDF vector, computed on first use. */
  vector(paper: Paper): TermVector {
    let vector = this.vectors.get(paper.id);
    if (!vector) {
      const terms: string[] = [];
      const weights: number[] = [];
      let norm = 0;
      for (const [term, count] of this.countsOf(paper)) {
        const weight = (1 + Math.log(count)) * this.idf(term);
        terms.push(term);
        weights.push(weight);
        norm += weight * weight;
      }
      norm = Math.sqrt(norm) || 1;
      vector = { terms, weights: weights.map((weight) => weight / norm) };
      this.vectors.set(paper.id, vector);
    }
    return vector;
  }

  /** A term as people write it (the first form seen), for showing a profile. */
  surface(term: string): string {
    return this.surfaces.get(term) ?? term;
  }

  private countsOf(paper: Paper): ReadonlyMap<string, number> {
    let counts = this.counts.get(paper.id);
    if (!counts) {
      const found = new Map<string, number>();
      forEachTerm(paper, (term, surface, weight) => {
        found.set(term, (found.get(term) ?? 0) + weight);
        if (!this.surfaces.has(term)) this.surfaces.set(term, surface);
      });
      counts = found;
      this.counts.set(paper.id, counts);
    }
    return counts;
  }
}

/**
 * A term is only trusted once this many liked papers share it; rarer terms are shrunk by
 * `RARE_TERM_SHRINK`, so two liked papers do not become a filter on their rarest words.
 */
export const MIN_TERM_SUPPORT = 2;
/** Factor on a term too few liked papers share (see `MIN_TERM_SUPPORT`). */
export const RARE_TERM_SHRINK = 0.25;
/** No term carries more than this share of the profile's length, so one word cannot decide alone. */
export const TERM_CAP = 0.3;

/** A channel's taste: a term vector learned from the papers it reacted to, and that evidence. */
export interface TasteProfile {
  evidence: readonly TasteEvidence[];
  /** Total faded weight of the reactions (absolute), what the ranking's confidence grows with. */
  mass: number;
  /** Term → weight (not normalised; negative where downvoted papers dominate). */
  weights: ReadonlyMap<string, number>;
  /** Euclidean length of `weights`. */
  norm: number;
}

/** The profile of a channel without reactions: relevance 0 everywhere, so the order is trending. */
export const EMPTY_PROFILE: TasteProfile = Object.freeze({
  evidence: [],
  mass: 0,
  weights: new Map(),
  norm: 0,
});

/**
 * Rocchio's relevance feedback over TF-IDF vectors: the sum of each reacted paper's unit vector times
 * its faded weight (upvotes pull towards a paper, downvotes push away), then regularised: terms that fewer
 * than `MIN_TERM_SUPPORT` liked papers share are shrunk, and no term may exceed `TERM_CAP` of the length.
 * Pure: the same evidence in the same space gives the same profile.
 */
export function buildProfile(evidence: readonly TasteEvidence[], space: TermSpace): TasteProfile {
  if (evidence.length === 0) return EMPTY_PROFILE;
  const weights = new Map<string, number>();
  const support = new Map<string, number>();
  let mass = 0;
  for (const item of evidence) {
    mass += Math.abs(item.weight);
    const { terms, weights: values } = space.vector(item.paper);
    terms.forEach((term, index) => {
      weights.set(term, (weights.get(term) ?? 0) + item.weight * (values[index] ?? 0));
      if (item.weight > 0) support.set(term, (support.get(term) ?? 0) + 1);
    });
  }
  for (const [term, weight] of weights) {
    if (weight > 0 && (support.get(term) ?? 0) < MIN_TERM_SUPPORT)
      weights.set(term, weight * RARE_TERM_SHRINK);
  }
  const cap = TERM_CAP * lengthOf(weights.values());
  for (const [term, weight] of weights) {
    if (Math.abs(weight) > cap) weights.set(term, Math.sign(weight) * cap);
  }
  return { evidence, mass, weights, norm: lengthOf(weights.values()) };
}

/** Cosine similarity of a paper's vector to the profile, from −1 to 1; 0 for an empty profile. */
export function relevance(profile: TasteProfile, vector: TermVector): number {
  if (profile.norm === 0) return 0;
  let dot = 0;
  vector.terms.forEach((term, index) => {
    dot += (profile.weights.get(term) ?? 0) * (vector.weights[index] ?? 0);
  });
  return dot / profile.norm;
}

/** Below this cosine a liked paper is not close enough to name as the reason for another. */
export const NEAREST_MIN_SIMILARITY = 0.04;

/**
 * The liked paper (positive evidence) that pulls `paper` up most, its faded weight times its similarity,
 * for the `why`: "like “…” that 3 of you upvoted". Undefined when none is at least
 * `NEAREST_MIN_SIMILARITY` alike.
 */
export function nearestLiked(
  profile: TasteProfile,
  paper: Paper,
  space: TermSpace,
): { evidence: TasteEvidence; similarity: number } | undefined {
  const target = space.vector(paper);
  const index = new Map(target.terms.map((term, i) => [term, target.weights[i] ?? 0]));
  let best: { evidence: TasteEvidence; similarity: number } | undefined;
  for (const evidence of profile.evidence) {
    if (evidence.weight <= 0 || evidence.paper.id === paper.id) continue;
    const { terms, weights } = space.vector(evidence.paper);
    let similarity = 0;
    terms.forEach((term, i) => {
      similarity += (index.get(term) ?? 0) * (weights[i] ?? 0);
    });
    const pull = similarity * evidence.weight;
    if (similarity >= NEAREST_MIN_SIMILARITY && (!best || pull > best.similarity * best.evidence.weight)) {
      best = { evidence, similarity };
    }
  }
  return best;
}

/** The profile's strongest positive terms, as people write them, best first. */
export function strongestTerms(
  profile: TasteProfile,
  space: TermSpace,
  count: number,
): { term: string; weight: number }[] {
  return [...profile.weights]
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([term, weight]) => ({
      term: space.surface(term),
      weight: profile.norm ? weight / profile.norm : 0,
    }));
}

/**
 * How far the ranking trusts a profile, from 0 (no reactions) towards 1: mass / (mass + 1). One fresh
 * upvote gives ½, ten give about 0.9, so a single 👍 cannot take over a digest.
 */
export function tasteConfidence(profile: TasteProfile): number {
  return profile.mass / (profile.mass + 1);
}

function lengthOf(values: Iterable<number>): number {
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum);
}
