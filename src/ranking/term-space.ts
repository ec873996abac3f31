import type { Paper } from "../papers/paper.ts";
import { forEachWord, stem } from "../search/tokenize.ts";

/** Numbers ("1", "2025") say nothing about a topic. */
const DIGITS = /^\p{N}+$/u;

/** How much each part of a paper counts towards its terms: the title and keywords say what it is about. */
const FIELD_WEIGHTS = { title: 2, abstract: 1, keyword: 2 } as const;

/** What a pair of adjacent words of the title or abstract counts, against one word (½ and 2 did worse on tuning). */
const BIGRAM_WEIGHT = 1;

/**
 * Calls `visit` for each term of a paper with its surface form and weight: stemmed words of the title,
 * abstract and Hugging Face keywords (numbers left out), each pair of adjacent words of the title and
 * abstract ("continual learning", stop words skipped), and each multi-word keyword as one phrase term.
 */
function forEachTerm(paper: Paper, visit: (term: string, surface: string, weight: number) => void): void {
  const addWords = (text: string, weight: number) => {
    let previous: { term: string; word: string } | undefined;
    forEachWord(text, (word) => {
      if (DIGITS.test(word)) {
        previous = undefined;
        return;
      }
      const term = stem(word);
      visit(term, word, weight);
      if (previous) visit(`${previous.term} ${term}`, `${previous.word} ${word}`, weight * BIGRAM_WEIGHT);
      previous = { term, word };
    });
  };
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

/** A paper's terms as ids of a `Vocabulary`, ascending, with one number per id (a count or a weight). */
export interface SparseTerms {
  ids: Int32Array;
  values: Float32Array;
}

/**
 * Integer ids for terms, so a taste is built and compared with array lookups instead of string maps. One
 * vocabulary serves a date: every channel's profile and every paper's vector of that date share its ids.
 */
export class Vocabulary {
  private readonly byTerm = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly surfaces: string[] = [];

  /** How many terms have an id (ids are 0 … size − 1). */
  get size(): number {
    return this.terms.length;
  }

  /** The term's id, given one on first sight (with `surface` as the form shown for it). */
  idOf(term: string, surface: string): number {
    let id = this.byTerm.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.byTerm.set(term, id);
      this.terms.push(term);
      this.surfaces.push(surface);
    }
    return id;
  }

  /** The id of a term (stemmed), if it has one. */
  find(term: string): number | undefined {
    return this.byTerm.get(term);
  }

  /** The term (stemmed) of an id. */
  term(id: number): string {
    return this.terms[id] ?? "";
  }

  /** The term as people write it (the first form seen), for showing a profile. */
  surface(id: number): string {
    return this.surfaces[id] ?? this.term(id);
  }
}

/**
 * How many of a set of papers (the weeks before a date) use each term, and every paper's term counts
 * in the date's `Vocabulary`. A day alone is too few documents to tell a field's common words from its
 * rare ones; these counts do not change during the day, so they are computed once per date, and each
 * paper (of the weeks before, of the day, or one a channel reacted to) is read into terms once per date
 * whichever channel or re-ranking asks for it.
 */
export class DocumentFrequencies {
  readonly size: number;
  /** Ids of the papers counted, so a paper of the day is not counted twice. */
  readonly ids: ReadonlySet<string>;
  readonly vocabulary = new Vocabulary();
  private readonly counts: number[] = [];
  private readonly termsByPaper = new Map<string, SparseTerms>();

  constructor(papers: readonly Paper[]) {
    const ids = new Set<string>();
    for (const paper of papers) {
      if (ids.has(paper.id)) continue;
      ids.add(paper.id);
      for (const id of this.termsOf(paper).ids) this.counts[id] = (this.counts[id] ?? 0) + 1;
    }
    this.ids = ids;
    this.size = ids.size;
  }

  /** How many of the papers use the term with id `id`. */
  of(id: number): number {
    return this.counts[id] ?? 0;
  }

  /** The paper's weighted term counts (title and keywords count double), read on first use. */
  termsOf(paper: Paper): SparseTerms {
    let known = this.termsByPaper.get(paper.id);
    if (!known) {
      const found = new Map<number, number>();
      forEachTerm(paper, (term, surface, weight) => {
        const id = this.vocabulary.idOf(term, surface);
        found.set(id, (found.get(id) ?? 0) + weight);
      });
      const ids = Int32Array.from(found.keys()).sort();
      known = { ids, values: Float32Array.from(ids, (id) => found.get(id) ?? 0) };
      this.termsByPaper.set(paper.id, known);
    }
    return known;
  }
}

/**
 * Document frequencies over a set of papers (a day's candidates, on top of `background`: the weeks
 * before) and each paper's TF-IDF vector in it (sublinear term frequency) over the terms `forEachTerm`
 * reads: words, adjacent word pairs and keyword phrases. Vectors are
 * computed once per paper and kept, so a fan-out over many channels vectorises each paper once. Terms
 * unseen in the set get the highest IDF.
 */
export class TermSpace {
  readonly size: number;
  private readonly df = new Map<number, number>();
  private readonly vectors = new Map<string, SparseTerms>();

  constructor(
    papers: readonly Paper[],
    readonly background: DocumentFrequencies = new DocumentFrequencies([]),
  ) {
    const seen = new Set<string>();
    for (const paper of papers) {
      if (seen.has(paper.id) || background.ids.has(paper.id)) continue;
      seen.add(paper.id);
      for (const id of background.termsOf(paper).ids) this.df.set(id, (this.df.get(id) ?? 0) + 1);
    }
    this.size = background.size + seen.size;
  }

  /** The vocabulary the vectors' ids belong to. */
  get vocabulary(): Vocabulary {
    return this.background.vocabulary;
  }

  /**
   * Inverse document frequency of a term in this set: ln((N + 1) / (df + ½)), so a word nearly every paper
   * of the day uses ("based", "models") counts for almost nothing and a rare one for most.
   */
  idf(id: number): number {
    const df = (this.df.get(id) ?? 0) + this.background.of(id);
    return Math.max(0, Math.log((this.size + 1) / (df + 0.5)));
  }

  /** The paper's unit-length TF-IDF vector (ids ascending), computed on first use. */
  vector(paper: Paper): SparseTerms {
    let vector = this.vectors.get(paper.id);
    if (!vector) {
      const { ids, values: counts } = this.background.termsOf(paper);
      const values = new Float32Array(ids.length);
      let norm = 0;
      for (let i = 0; i < ids.length; i++) {
        const weight = (1 + Math.log(counts[i] as number)) * this.idf(ids[i] as number);
        values[i] = weight;
        norm += weight * weight;
      }
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / norm;
      vector = { ids, values };
      this.vectors.set(paper.id, vector);
    }
    return vector;
  }

  /** A term as people write it, for showing a profile. */
  surface(id: number): string {
    return this.vocabulary.surface(id);
  }
}
