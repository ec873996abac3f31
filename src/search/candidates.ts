import { ensureCapacity } from "./growable.ts";
import { selectTop } from "./top-k.ts";

/**
 * A relevance factor that is too costly to compute for every candidate (phrase checks, proximity),
 * applied lazily to the leaders only. A factor of 0 drops the document.
 */
export interface Refinement {
  /** Largest value `factor` can return; bounds what an unrefined candidate could still reach. */
  maxFactor: number;
  /** 0 to drop the document, else a relevance factor in [1, maxFactor]. */
  factor(doc: number): number;
}

const FIRST_WINDOW = 32;

/**
 * The documents that survived filtering for one query, in reusable parallel typed arrays:
 * document number, text relevance and popularity/recency multiplier. Picks the best by
 * score = relevance × boost, refining only as many leaders as could still make the cut.
 */
export class Candidates {
  docs = new Int32Array(256);
  relevance = new Float64Array(256);
  private boosts = new Float64Array(256);
  private refined = new Uint8Array(256);
  private slots = new Int32Array(256);
  count = 0;

  /** Empties the set and makes room for `capacity` candidates. */
  reset(capacity: number): void {
    this.refined.fill(0, 0, this.count);
    this.count = 0;
    this.docs = ensureCapacity(this.docs, capacity);
    this.relevance = ensureCapacity(this.relevance, capacity);
    this.boosts = ensureCapacity(this.boosts, capacity);
    this.refined = ensureCapacity(this.refined, capacity);
    this.slots = ensureCapacity(this.slots, capacity);
  }

  /** Adds a candidate with its relevance and its multiplier (1 + boosts). */
  push(doc: number, relevance: number, boost: number): void {
    this.docs[this.count] = doc;
    this.relevance[this.count] = relevance;
    this.boosts[this.count] = boost;
    this.slots[this.count] = this.count;
    this.count++;
  }

  /** Blended score of a candidate slot. */
  score(slot: number): number {
    return this.relevance[slot]! * this.boosts[slot]!;
  }

  /**
   * Slots of the `limit` best candidates, best first; ties go to `before(docA, docB)`. With a
   * refinement, leaders are refined in growing windows until no unrefined candidate could overtake
   * the last kept one even with the largest factor, so the result equals refining everyone.
   */
  top(limit: number, before: (a: number, b: number) => boolean, refinement?: Refinement): number[] {
    const better = (a: number, b: number): boolean => {
      const diff = this.score(a) - this.score(b);
      return diff > 0 || (diff === 0 && before(this.docs[a]!, this.docs[b]!));
    };
    if (!refinement) return selectTop(this.slots, this.count, limit, better);
    for (let window = Math.max(FIRST_WINDOW, limit * 2); ; window *= 2) {
      const leaders = selectTop(this.slots, this.count, window, better);
      const unrefinedBest = leaders.length < this.count ? this.score(leaders.at(-1)!) : 0;
      for (const slot of leaders) {
        if (this.refined[slot] === 1) continue;
        this.refined[slot] = 1;
        this.relevance[slot]! *= refinement.factor(this.docs[slot]!);
      }
      const kept = Int32Array.from(leaders.filter((slot) => this.score(slot) > 0));
      const best = selectTop(kept, kept.length, limit, better);
      const lastKept = best.length === limit ? this.score(best.at(-1)!) : 0;
      if (leaders.length === this.count || unrefinedBest * refinement.maxFactor < lastKept) return best;
    }
  }
}
