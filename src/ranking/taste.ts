import type { Paper } from "../papers/paper.ts";
import { type SparseTerms, sparseDot, type TermSpace } from "./term-space.ts";

export { DocumentFrequencies, type SparseTerms, TermSpace, Vocabulary } from "./term-space.ts";

const DAY_MS = 86_400_000;

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
  /** Ids of the terms the profile has (any reacted paper's), in the term space's vocabulary. */
  ids: Int32Array;
  /**
   * Weight of every term by id, not normalised (negative where downvoted papers dominate): dense over the
   * vocabulary as it was when the profile was built, so scoring a paper is one array lookup per term.
   */
  weights: Float32Array;
  /** Euclidean length of `weights`. */
  norm: number;
}

/** The profile of a channel without reactions: relevance 0 everywhere, so the order is trending. */
export const EMPTY_PROFILE: TasteProfile = Object.freeze({
  evidence: [],
  mass: 0,
  ids: new Int32Array(0),
  weights: new Float32Array(0),
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
  const vectors = evidence.map((item) => space.vector(item.paper));
  const size = space.vocabulary.size;
  const weights = new Float32Array(size);
  const support = new Uint16Array(size);
  const touched: number[] = [];
  let mass = 0;
  evidence.forEach((item, index) => {
    mass += Math.abs(item.weight);
    const { ids, values } = vectors[index] as SparseTerms;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (weights[id] === 0 && support[id] === 0) touched.push(id);
      weights[id] = (weights[id] as number) + item.weight * (values[i] as number);
      if (item.weight > 0) support[id] = (support[id] as number) + 1;
    }
  });
  let length = 0;
  for (const id of touched) {
    if ((weights[id] as number) > 0 && (support[id] as number) < MIN_TERM_SUPPORT)
      weights[id] = (weights[id] as number) * RARE_TERM_SHRINK;
    length += (weights[id] as number) ** 2;
  }
  const cap = TERM_CAP * Math.sqrt(length);
  let norm = 0;
  for (const id of touched) {
    const weight = weights[id] as number;
    if (Math.abs(weight) > cap) weights[id] = Math.sign(weight) * cap;
    norm += (weights[id] as number) ** 2;
  }
  return { evidence, mass, ids: Int32Array.from(touched).sort(), weights, norm: Math.sqrt(norm) };
}

/** Cosine similarity of a paper's vector to the profile, from −1 to 1; 0 for an empty profile. */
export function relevance(profile: TasteProfile, vector: SparseTerms): number {
  if (profile.norm === 0) return 0;
  const { weights } = profile;
  const { ids, values } = vector;
  let dot = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id < weights.length) dot += (weights[id] as number) * (values[i] as number);
  }
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
  let best: { evidence: TasteEvidence; similarity: number } | undefined;
  for (const evidence of profile.evidence) {
    if (evidence.weight <= 0 || evidence.paper.id === paper.id) continue;
    const similarity = sparseDot(target, space.vector(evidence.paper));
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
  const vocabulary = space.vocabulary;
  return [...profile.ids]
    .map((id) => ({ id, weight: profile.weights[id] as number }))
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || (vocabulary.term(a.id) < vocabulary.term(b.id) ? -1 : 1))
    .slice(0, count)
    .map(({ id, weight }) => ({
      term: vocabulary.surface(id),
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
