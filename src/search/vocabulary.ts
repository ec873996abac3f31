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
 * How the display-form votes of an index went, as runs: the `i`-th run saw word `words[wordIds[i]]` for
 * term `terms[i]` `counts[i]` times in a row (no other word of that term in between). A term's runs are
 * in the order they were seen, so replaying them after another index's votes gives what voting word by
 * word on top of that index would have given (see {@link Vocabulary.prepareAppend}). Each word is listed
 * once: at 45,000 papers there are about 900,000 runs of 80,000 words, and a string per run would cost
 * the thread receiving them tens of megabytes.
 */
export interface SurfaceVotes {
  terms: Int32Array<ArrayBuffer>;
  wordIds: Int32Array<ArrayBuffer>;
  counts: Int32Array<ArrayBuffer>;
  words: string[];
}

/** Records {@link SurfaceVotes}: per term the word of its current run and its length, and the runs that ended. */
class VoteRecorder {
  private words: string[] = [""];
  private counts = new Int32Array(1024);
  private readonly ended = { terms: [] as number[], wordIds: [] as number[], counts: [] as number[] };
  private readonly wordIds = new Map<string, number>();

  /** Makes room for term `term`, just interned. */
  grow(term: number): void {
    this.words.push("");
    this.counts = ensureCapacity(this.counts, term + 1);
  }

  see(term: number, word: string): void {
    if (this.words[term] === word) {
      this.counts[term]!++;
      return;
    }
    if (this.counts[term] !== 0) this.end(term);
    this.words[term] = word;
    this.counts[term] = 1;
  }

  private end(term: number): void {
    const word = this.words[term]!;
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.wordIds.size;
      this.wordIds.set(word, id);
    }
    this.ended.terms.push(term);
    this.ended.wordIds.push(id);
    this.ended.counts.push(this.counts[term]!);
  }

  /** Every run so far, the current ones last. */
  take(): SurfaceVotes {
    for (let term = 1; term < this.words.length; term++) if (this.counts[term] !== 0) this.end(term);
    const { terms, wordIds, counts } = this.ended;
    return {
      terms: Int32Array.from(terms),
      wordIds: Int32Array.from(wordIds),
      counts: Int32Array.from(counts),
      words: [...this.wordIds.keys()],
    };
  }
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
  private recorder: VoteRecorder | undefined;

  /** Records the display-form votes from now on, for {@link takeVotes}; call before anything is interned. */
  recordVotes(): void {
    if (this.surfaces.length > 1)
      throw new Error("[search] votes are recorded from an empty vocabulary only");
    this.recorder = new VoteRecorder();
  }

  /** The votes recorded since {@link recordVotes} (see {@link SurfaceVotes}); no longer recording after. */
  takeVotes(): SurfaceVotes {
    const none = new Int32Array(0);
    const votes = this.recorder?.take() ?? { terms: none, wordIds: none, counts: none, words: [] };
    this.recorder = undefined;
    return votes;
  }

  /**
   * Prepares appending the terms of another index's vocabulary `part`, whose documents follow this one's:
   * returns the id here of each of its term ids (`terms`; a stem new here gets the next id, in `part`'s
   * order, as interning word by word would have given it), and a function that then adds them, their
   * document frequencies, and replays `votes` (recorded while `part` was built) on top of this vocabulary's
   * display forms. Throws a RangeError, with this vocabulary unchanged, if `part` or `votes` are damaged.
   * Nothing may change this vocabulary between the two steps.
   */
  prepareAppend(part: VocabularySnapshot, votes: SurfaceVotes): { terms: Int32Array; commit: () => void } {
    const { stems, df } = part;
    const count = stems.length;
    if (count < 1 || part.surfaces.length !== count || df.length < count) {
      throw new RangeError("[search] the vocabulary to append has columns that disagree in length");
    }
    const runs = votes.terms.length;
    if (votes.wordIds.length !== runs || votes.counts.length !== runs) {
      throw new RangeError("[search] the votes to append disagree in length");
    }
    const { words } = votes;
    if (words.some((word) => typeof word !== "string"))
      throw new RangeError("[search] the votes to append are damaged");
    for (let run = 0; run < runs; run++) {
      const term = votes.terms[run]!;
      const word = votes.wordIds[run]!;
      if (!(term >= 1 && term < count && votes.counts[run]! >= 1 && word >= 0 && word < words.length)) {
        throw new RangeError("[search] the votes to append are damaged");
      }
    }
    const terms = new Int32Array(count);
    const added: number[] = [];
    let next = this.surfaces.length;
    const taken = new Uint8Array(next + count);
    for (let from = 1; from < count; from++) {
      const stem = stems[from]!;
      let term = this.ids.get(stem);
      if (term === undefined) {
        term = next++;
        added.push(from);
      }
      if (taken[term] === 1) throw new RangeError(`[search] the vocabulary to append holds "${stem}" twice`);
      taken[term] = 1;
      terms[from] = term;
    }
    const commit = () => {
      for (const from of added) this.intern(stems[from]!, part.surfaces[from]!);
      for (let from = 1; from < count; from++) this.df[terms[from]!]! += df[from]!;
      for (let run = 0; run < runs; run++) {
        this.replay(terms[votes.terms[run]!]!, words[votes.wordIds[run]!]!, votes.counts[run]!);
      }
      this.sorted = undefined;
    };
    return { terms, commit };
  }

  /** What `count` calls of {@link observe}(term, surface) in a row do, in one step. */
  private replay(term: number, surface: string, count: number): void {
    if (this.surfaces[term] === surface) this.votes[term]! += count;
    else if (this.votes[term]! >= count) this.votes[term]! -= count;
    else {
      this.surfaces[term] = surface;
      this.votes[term] = count - this.votes[term]!;
    }
  }

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
    this.recorder?.grow(id);
    return id;
  }

  /** Counts one occurrence of `surface` for `term`, possibly changing its display form. */
  observe(term: number, surface: string): void {
    this.recorder?.see(term, surface);
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
