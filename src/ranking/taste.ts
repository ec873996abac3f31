import type { Paper } from "../papers/paper.ts";
import type { SparseTerms, TermSpace } from "./term-space.ts";

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
  /** Term ids (of the term space's vocabulary, in no order) → weight, not normalised; negative where downvotes dominate. */
  terms: SparseTerms;
  /** Euclidean length of `terms`. */
  norm: number;
}

/** The profile of a channel without reactions: relevance 0 everywhere, so the order is trending. */
export const EMPTY_PROFILE: TasteProfile = Object.freeze({
  evidence: [],
  mass: 0,
  terms: { ids: new Int32Array(0), values: new Float32Array(0) },
  norm: 0,
});

/**
 * Dense scratch arrays indexed by term id, reused by every profile built or scored (both synchronous), so
 * a fan-out does not allocate one vocabulary-sized array per channel. Always left all zero.
 */
const scratch = { weights: new Float64Array(4096), support: new Uint16Array(4096) };

function scratchFor(size: number): typeof scratch {
  if (scratch.weights.length < size) {
    const length = Math.max(size, scratch.weights.length * 2);
    scratch.weights = new Float64Array(length);
    scratch.support = new Uint16Array(length);
  }
  return scratch;
}

/**
 * Rocchio's relevance feedback over TF-IDF vectors: the sum of each reacted paper's unit vector times
 * its faded weight (upvotes pull towards a paper, downvotes push away), then regularised: terms that fewer
 * than `MIN_TERM_SUPPORT` liked papers share are shrunk, and no term may exceed `TERM_CAP` of the length.
 * Pure: the same evidence in the same space gives the same profile.
 */
export function buildProfile(evidence: readonly TasteEvidence[], space: TermSpace): TasteProfile {
  if (evidence.length === 0) return EMPTY_PROFILE;
  const vectors = evidence.map((item) => space.vector(item.paper));
  const { weights, support } = scratchFor(space.vocabulary.size);
  const touched: number[] = [];
  let mass = 0;
  for (let index = 0; index < evidence.length; index++) {
    const weight = (evidence[index] as TasteEvidence).weight;
    const { ids, values } = vectors[index] as SparseTerms;
    mass += Math.abs(weight);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (weights[id] === 0 && support[id] === 0) touched.push(id);
      weights[id] = (weights[id] as number) + weight * (values[i] as number);
      if (weight > 0) support[id] = (support[id] as number) + 1;
    }
  }
  const ids = Int32Array.from(touched);
  const values = new Float32Array(ids.length);
  let length = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    const weight = weights[id] as number;
    const value =
      weight > 0 && (support[id] as number) < MIN_TERM_SUPPORT ? weight * RARE_TERM_SHRINK : weight;
    values[i] = value;
    length += value * value;
    weights[id] = 0;
    support[id] = 0;
  }
  const cap = TERM_CAP * Math.sqrt(length);
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Math.abs(value) > cap) values[i] = Math.sign(value) * cap;
    norm += (values[i] as number) ** 2;
  }
  return { evidence, mass, terms: { ids, values }, norm: Math.sqrt(norm) };
}

/** Cosine similarity of a paper's vector to the profile, from −1 to 1; 0 for an empty profile. */
export function relevance(profile: TasteProfile, vector: SparseTerms): number {
  return relevances(profile, [vector])[0] ?? 0;
}

/**
 * `relevance` of many papers' vectors at once (a day's candidates): the profile is spread over a dense
 * array once, so each paper costs one lookup per term of its own.
 */
export function relevances(profile: TasteProfile, vectors: readonly SparseTerms[]): Float64Array {
  const scores = new Float64Array(vectors.length);
  if (profile.norm === 0) return scores;
  const { ids, values } = profile.terms;
  let size = 0;
  for (const id of ids) size = Math.max(size, id + 1);
  const { weights } = scratchFor(size);
  for (let i = 0; i < ids.length; i++) weights[ids[i] as number] = values[i] as number;
  for (let index = 0; index < vectors.length; index++) {
    const vector = vectors[index] as SparseTerms;
    let dot = 0;
    for (let i = 0; i < vector.ids.length; i++) {
      const id = vector.ids[i] as number;
      if (id < size) dot += (weights[id] as number) * (vector.values[i] as number);
    }
    scores[index] = dot / profile.norm;
  }
  for (const id of ids) weights[id] = 0;
  return scores;
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
  const liked = profile.evidence.filter((item) => item.weight > 0 && item.paper.id !== paper.id);
  const similarities = relevances(
    { evidence: [], mass: 0, terms: target, norm: 1 },
    liked.map((item) => space.vector(item.paper)),
  );
  let best: { evidence: TasteEvidence; similarity: number } | undefined;
  liked.forEach((evidence, index) => {
    const similarity = similarities[index] as number;
    const pull = similarity * evidence.weight;
    if (similarity >= NEAREST_MIN_SIMILARITY && (!best || pull > best.similarity * best.evidence.weight)) {
      best = { evidence, similarity };
    }
  });
  return best;
}

/**
 * The profile's strongest positive terms, as people write them, best first. A word pair stands in for
 * its words ("continual learning", not also "continual"), and a term whose words all appear in stronger
 * terms already shown is left out.
 */
export function strongestTerms(
  profile: TasteProfile,
  space: TermSpace,
  count: number,
): { term: string; weight: number }[] {
  const vocabulary = space.vocabulary;
  const { ids, values } = profile.terms;
  const strongest: { term: string; weight: number; words: string[] }[] = [];
  const ranked = [...ids]
    .map((id, i) => ({ id, weight: values[i] as number }))
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || (vocabulary.term(a.id) < vocabulary.term(b.id) ? -1 : 1));
  for (const { id, weight } of ranked) {
    if (strongest.length >= count) break;
    const words = vocabulary.term(id).split(" ");
    const shown = new Set(strongest.flatMap((entry) => entry.words));
    if (words.every((word) => shown.has(word))) continue;
    const entry = { term: vocabulary.surface(id), weight: profile.norm ? weight / profile.norm : 0, words };
    const within = strongest.findIndex((other) => other.words.every((word) => words.includes(word)));
    if (within < 0) strongest.push(entry);
    else {
      entry.weight = strongest[within]?.weight ?? entry.weight;
      strongest.splice(within, 1, entry);
      for (let i = strongest.length - 1; i > within; i--) {
        if (strongest[i]?.words.every((word) => words.includes(word))) strongest.splice(i, 1);
      }
    }
  }
  return strongest.map(({ term, weight }) => ({ term, weight }));
}

/**
 * How far the ranking trusts a profile, from 0 (no reactions) towards 1: mass / (mass + 1). One fresh
 * upvote gives ½, ten give about 0.9, so a single 👍 cannot take over a digest.
 */
export function tasteConfidence(profile: TasteProfile): number {
  return profile.mass / (profile.mass + 1);
}
