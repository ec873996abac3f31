import { ensureCapacity } from "./growable.ts";

/** Term id 0 is never a word: document token streams use it to mark field and keyword boundaries. */
export const SEPARATOR = 0;

/** A vocabulary's state, for saving an index to disk and loading it back. */
export interface VocabularySnapshot {
  stems: readonly string[];
  surfaces: readonly string[];
  votes: Int32Array<ArrayBuffer>;
  df: Int32Array<ArrayBuffer>;
}

/**
 * Every stem the index has seen, numbered densely from 1, with its live document frequency and a
 * display form: the surface word most often seen for it (a majority vote, so one string per term),
 * so that autocomplete offers words people write ("diffusion") rather than stems ("diffus").
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private surfaces: string[] = [""];
  private votes = new Int32Array(1024);
  private df = new Int32Array(1024);
  private sorted: { surfaces: string[]; terms: Int32Array } | undefined;

  /** A vocabulary as `snapshot` described it. */
  static restore(state: VocabularySnapshot): Vocabulary {
    const { stems, surfaces, votes, df } = state;
    const terms = stems.length;
    if (terms < 1 || surfaces.length !== terms || votes.length < terms || df.length < terms) {
      throw new RangeError("[search] vocabulary columns disagree in length");
    }
    const vocabulary = new Vocabulary();
    for (let term = 1; term < terms; term++) vocabulary.ids.set(stems[term]!, term);
    vocabulary.surfaces = surfaces.slice();
    vocabulary.votes = votes;
    vocabulary.df = df;
    return vocabulary;
  }

  /** Stems and display forms by term id (index 0 is the separator), with their vote and frequency columns. */
  snapshot(): VocabularySnapshot {
    const stems: string[] = new Array(this.surfaces.length).fill("");
    // forEach, not for…of: no [stem, term] pair made per word (100k+ of them, garbage at once).
    this.ids.forEach((term, stem) => {
      stems[term] = stem;
    });
    const terms = this.surfaces.length;
    return {
      stems,
      surfaces: this.surfaces,
      votes: this.votes.subarray(0, terms),
      df: this.df.subarray(0, terms),
    };
  }

  /** Number of term ids handed out, the separator included. */
  get terms(): number {
    return this.surfaces.length;
  }

  /** The id of `stem`, if the index has ever seen it. */
  lookup(stem: string): number | undefined {
    return this.ids.get(stem);
  }

  /** The id of `stem`, assigning the next one if it is new. */
  intern(stem: string, surface: string): number {
    const known = this.ids.get(stem);
    if (known !== undefined) return known;
    const id = this.surfaces.length;
    this.ids.set(stem, id);
    this.surfaces.push(surface);
    this.votes = ensureCapacity(this.votes, id + 1);
    this.df = ensureCapacity(this.df, id + 1);
    this.sorted = undefined;
    return id;
  }

  /** Counts one occurrence of `surface` for `term`, possibly changing its display form. */
  observe(term: number, surface: string): void {
    if (this.surfaces[term] === surface) this.votes[term]!++;
    else if (this.votes[term] === 0) {
      this.surfaces[term] = surface;
      this.votes[term] = 1;
      this.sorted = undefined;
    } else this.votes[term]!--;
  }

  /** The display form of `term`. */
  surface(term: number): string {
    return this.surfaces[term] ?? "";
  }

  /** Live documents containing `term`. */
  documentFrequency(term: number): number {
    return this.df[term] ?? 0;
  }

  /** Adjusts the live document frequency of `term` by `delta`. */
  count(term: number, delta: number): void {
    this.df[term]! += delta;
  }

  private sortedSurfaces(): { surfaces: string[]; terms: Int32Array } {
    if (this.sorted) return this.sorted;
    const order = Array.from({ length: this.surfaces.length - 1 }, (_, i) => i + 1);
    order.sort((a, b) => {
      const x = this.surfaces[a]!;
      const y = this.surfaces[b]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    this.sorted = { surfaces: order.map((t) => this.surfaces[t]!), terms: Int32Array.from(order) };
    return this.sorted;
  }

  /**
   * Terms in live documents whose display form starts with `prefix`, most frequent first (ties by
   * display form), at most `limit`. Backed by a sorted copy rebuilt only after the vocabulary changed.
   */
  withPrefix(prefix: string, limit: number): number[] {
    if (prefix === "" || limit <= 0) return [];
    const { surfaces, terms } = this.sortedSurfaces();
    let lo = 0;
    let hi = surfaces.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (surfaces[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let i = lo; i < surfaces.length && surfaces[i]!.startsWith(prefix); i++) {
      const term = terms[i]!;
      if (this.documentFrequency(term) > 0) found.push(term);
    }
    found.sort(
      (a, b) =>
        this.documentFrequency(b) - this.documentFrequency(a) || (this.surface(a) < this.surface(b) ? -1 : 1),
    );
    return found.slice(0, limit);
  }
}
