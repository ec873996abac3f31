import type { Paper } from "../papers/paper.ts";
import { Candidates } from "./candidates.ts";
import { DocumentTable, type DocumentTableSnapshot, FIELD_COUNT } from "./document-table.ts";
import { ensureCapacity } from "./growable.ts";
import { local, type Page, type PageSource, PLAIN_PAGES } from "./int-arena.ts";
import { addOccurrence, PostingLists, type PostingListsSnapshot } from "./postings.ts";
import { type ParsedQuery, parseQuery } from "./query.ts";
import { type Coordination, coordinationFor, type Plan, planQuery, refinementFor } from "./query-plan.ts";
import { boostFunction, SEARCH_WEIGHTS, type SearchWeights } from "./search-weights.ts";
import { SharedPages } from "./shared-pages.ts";
import {
  ASCII_FOLDED_WORD_CHARS,
  FNV_OFFSET,
  FNV_PRIME,
  hasNonAscii,
  isIndexableWord,
  MAX_TOKEN_LENGTH,
  normalizeText,
  scanWords,
  stem,
  type WordSink,
} from "./tokenize.ts";
import { SEPARATOR, type SurfaceVotes, Vocabulary, type VocabularySnapshot } from "./vocabulary.ts";
import { WordTable } from "./word-table.ts";

/** The paper fields the index reads; a full `Paper` fits. */
export type IndexablePaper = Pick<Paper, "id" | "title"> &
  Partial<Pick<Paper, "abstract" | "upvotes" | "aiKeywords" | "aiSummary" | "publishedAt" | "featuredOn">>;

/** One search result: the paper id, its blended score, its pure text relevance and the words it matched. */
export interface SearchHit {
  id: string;
  /** relevance × (1 + popularity boost + recency boost); results are sorted by it. */
  score: number;
  /** BM25F relevance (with the proximity bonus and coordination) alone; always > 0. */
  relevance: number;
  /** Display forms of the query words found in the paper, in query order. */
  matched: string[];
}

/** How to run one search. `now` is injected so that recency is deterministic. */
export interface SearchOptions {
  /** Maximum hits returned (default 10, at most 1000). */
  limit?: number;
  now: Date;
  /** Overrides of `SEARCH_WEIGHTS`. */
  weights?: Partial<SearchWeights>;
  /** Team votes per paper id, added to upvotes for the popularity boost. */
  teamVotes?: ReadonlyMap<string, number>;
}

/**
 * Everything an index holds, as typed arrays and strings, for saving it to disk and loading it back
 * without re-reading papers. The arrays are shared with the index, not copied: serialise a snapshot
 * before the index changes again.
 */
export interface IndexSnapshot {
  vocabulary: VocabularySnapshot;
  documents: DocumentTableSnapshot;
  postings: PostingListsSnapshot;
}

/**
 * What a copy of an index in another thread needs with a change, besides the change, to replay it
 * alike: the pages the change added (when the index's pages are shared, the copy allocates from the
 * very same) and the arenas' fill after it, which the copy checks its own against.
 */
export interface ChangeStep {
  /** Shared arena pages made by the change, oldest first; none when the pages are not shared. */
  pages: Page[];
  /** Ints used in the token and the posting arena after the change (see {@link SearchIndex.arenaFill}). */
  fill: [number, number];
}

/**
 * An index built apart (in another thread) from papers that follow those of the index it is to be
 * appended to (see {@link SearchIndex.append}): its state and the display-form votes it saw.
 */
export interface IndexPart {
  snapshot: IndexSnapshot;
  votes: SurfaceVotes;
}

/**
 * Told of every change to an index, in order, so that a copy elsewhere (the search worker's) can apply
 * the same and answer the same searches. Papers come as the fields the index reads, nothing more.
 */
export interface IndexObserver {
  added(paper: IndexablePaper, step: ChangeStep): void;
  removed(id: string, step: ChangeStep): void;
  restored(snapshot: IndexSnapshot): void;
}

/** Options of a {@link SearchIndex}. */
export interface SearchIndexOptions {
  /**
   * Where its arenas' pages come from (plain memory by default): `SharedPages` lets a search thread
   * read them in place; a `MirrorPages` index replays another thread's changes over its pages.
   */
  pages?: PageSource;
  /** Builds a part to append to another index (see {@link SearchIndex.part}). */
  part?: boolean;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 1000;
/** Tokens indexed per field: enough for any abstract, bounded against pathological input. */
const MAX_FIELD_TOKENS = 2048;
const MAX_KEYWORDS = 64;
const EXCLUDED = 1;
const COMPACT_MIN_DEAD = 1024;
/** Term id of a stop word or single letter in the word table: seen, but not indexed. */
const NOT_INDEXED = -1;
/** Surface words whose term id is remembered; covers nearly all tokens of a Zipfian corpus. */
const WORD_CACHE_LIMIT = 100_000;
/** A phrase word filters candidates when its postings are at most this many times the rarest word's. */
const SEQUENCE_FILTER_RATIO = 8;
const TITLE = 0;
const KEYWORDS = 1;
const SUMMARY = 2;
const ABSTRACT = 3;

const dateOf = (paper: IndexablePaper): number => Date.parse(paper.featuredOn ?? paper.publishedAt ?? "");

/**
 * Two independent 32-bit FNV-1a-style hashes of everything `add` reads from a paper (a 64-bit
 * fingerprint, so an edited paper is never mistaken for the indexed one in practice), taking two
 * UTF-16 units a step (it reads every character of every paper at start). Each text ends with a
 * mark that holds its length, so moving words between fields changes the fingerprint. A paper
 * indexed by a version that hashed otherwise only looks changed, and is indexed again if re-added.
 */
function fingerprintOf(paper: IndexablePaper, keywords: readonly string[]): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  const mix = (text: string) => {
    const length = text.length;
    let i = 0;
    for (; i + 1 < length; i += 2) {
      const pair = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      a = Math.imul(a ^ pair, 0x01000193);
      b = Math.imul(b ^ pair, 0x5bd1e995);
    }
    if (i < length) {
      a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
      b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995);
    }
    a = Math.imul(a ^ ~length, 0x01000193);
    b = Math.imul(b ^ ~length, 0x5bd1e995);
  };
  mix(paper.title);
  for (const keyword of keywords) mix(keyword);
  mix(`${keywords.length}`);
  mix(paper.aiSummary ?? "");
  mix(paper.abstract ?? "");
  mix(`${paper.upvotes ?? 0}|${dateOf(paper)}`);
  return [a >>> 0, b >>> 0];
}

/** The fingerprint `SearchIndex.add` keeps of a paper, to recognise it unchanged when it comes back. */
export function paperFingerprint(paper: IndexablePaper): [number, number] {
  return fingerprintOf(paper, (paper.aiKeywords ?? []).slice(0, MAX_KEYWORDS));
}

const ASCII_CAPITAL = /[A-Z]/;

/** Only the fields `add` reads (a full `Paper` carries much more), e.g. to send a paper to another thread. */
function indexedFields(paper: IndexablePaper): IndexablePaper {
  const { id, title, abstract, upvotes, aiKeywords, aiSummary, publishedAt, featuredOn } = paper;
  return { id, title, abstract, upvotes, aiKeywords, aiSummary, publishedAt, featuredOn };
}

/**
 * In-memory topic search over papers: BM25F over title, AI keywords, AI summary and abstract,
 * with quoted phrases, exclusions, prefix expansion and a proximity bonus, blended with bounded
 * popularity and recency boosts. Built for 100k papers: dense document numbers, typed-array
 * columns, postings in a paged arena, no object per token or posting; removal tombstones and
 * compacts in bulk; costly checks run only on the leading candidates.
 */
export class SearchIndex {
  private pages: PageSource;
  private vocabulary = new Vocabulary();
  private docs: DocumentTable;
  private postings: PostingLists;
  private byId = new Map<string, number>();
  private readonly words = new WordTable(WORD_CACHE_LIMIT);
  private termFrequencies = new Uint32Array(1024);
  private readonly docTerms: number[] = [];
  private accumulators = new Float64Array(256);
  private masks = new Uint32Array(256);
  /**
   * Per document: mask bits of the query words it is about, for coordination: those whose field-
   * weighted frequency reaches k1 (half of BM25's saturation), as one in the title or keywords
   * does, or a few in the text; a single passing mention in a long abstract does not.
   */
  private about = new Uint32Array(256);
  private flags = new Uint8Array(256);
  private touched = new Int32Array(256);
  private postingDocs = new Int32Array(256);
  private postingPacked = new Uint32Array(256);
  /** Per document: how many words of a multi-word expansion it holds; all 0 between queries. */
  private hits = new Uint8Array(256);
  private otherDocs = new Int32Array(256);
  private otherPacked = new Uint32Array(256);
  private readonly candidates = new Candidates();
  /** The field being indexed and its token count so far, for {@link indexWord}. */
  private field = 0;
  private fieldLength = 0;
  private readonly sink: WordSink = {
    word: (text, start, end, hash) => this.indexWord(text, start, end, hash),
  };
  private observer: IndexObserver | undefined;

  constructor({ pages = PLAIN_PAGES, part = false }: SearchIndexOptions = {}) {
    this.pages = pages;
    this.docs = new DocumentTable(pages);
    this.postings = new PostingLists(pages);
    if (part) this.vocabulary.recordVotes();
  }

  /**
   * Tells `observer` of every change from now on (one at a time; undefined stops telling). Start it
   * from a {@link snapshot} taken just before: the pages made until now are in it.
   */
  observe(observer: IndexObserver | undefined): void {
    this.freshPages();
    this.observer = observer;
  }

  /** Whether the arenas' pages are in shared memory, for a search thread to read in place. */
  get sharesPages(): boolean {
    return this.pages.shared && this.pages.writable;
  }

  /**
   * A page of the kind this index's arenas hold (shared when it shares them), e.g. to read a saved
   * index into, so that restoring it copies nothing.
   */
  newPage(): Page {
    return this.pages.page();
  }

  /** Ints used in the token and the posting arena: two copies that replayed the same changes agree. */
  get arenaFill(): [number, number] {
    return [this.docs.tokens.size, this.postings.arenaSize];
  }

  /** Number of papers indexed. */
  get size(): number {
    return this.byId.size;
  }

  /** True if a paper with this id is indexed. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Approximate bytes held in typed arrays (vocabulary strings and the id map not included). */
  get storageBytes(): number {
    return this.docs.bytes + this.postings.bytes;
  }

  /** The index's whole state (shared, not copied); see {@link IndexSnapshot}. */
  snapshot(): IndexSnapshot {
    return {
      vocabulary: this.vocabulary.snapshot(),
      documents: this.docs.snapshot(),
      postings: this.postings.snapshot(this.vocabulary.terms),
    };
  }

  /**
   * Replaces everything indexed with a snapshot's state. The snapshot is checked as it is taken in
   * (columns long enough, streams and posting chains inside their storage); on a RangeError this
   * index is left as it was.
   */
  restore(snapshot: IndexSnapshot, { pages = this.pages }: SearchIndexOptions = {}): void {
    const vocabulary = Vocabulary.restore(snapshot.vocabulary);
    const docs = DocumentTable.restore(snapshot.documents, pages);
    const postings = PostingLists.restore(snapshot.postings, pages);
    if (snapshot.postings.head.length !== vocabulary.terms) {
      throw new RangeError("[search] postings and vocabulary disagree on the number of terms");
    }
    const byId = new Map<string, number>();
    for (let doc = 0; doc < docs.count; doc++) if (docs.alive[doc] === 1) byId.set(docs.ids[doc]!, doc);
    if (byId.size !== docs.live) throw new RangeError("[search] two live documents share an id");
    this.pages = pages;
    this.vocabulary = vocabulary;
    this.docs = docs;
    this.postings = postings;
    this.byId = byId;
    this.words.clear();
    this.termFrequencies = new Uint32Array(Math.max(1024, vocabulary.terms));
    this.docTerms.length = 0;
    this.freshPages();
    // The index's own snapshot: its pages may be copies of the given ones (into shared memory).
    this.observer?.restored(this.sharesPages ? this.snapshot() : snapshot);
  }

  /**
   * What an index made with `part: true` holds, to {@link append} to another index: its state, shared
   * (its arrays are best transferred, not copied, to the thread that appends it), and its votes. This
   * index must not be used afterwards.
   */
  part(): IndexPart {
    return { snapshot: this.snapshot(), votes: this.vocabulary.takeVotes() };
  }

  /**
   * Appends an index part built from papers that come after every paper of this index (in the order
   * they would have been added), none of them indexed here: afterwards this index answers every
   * search and suggestion as if those papers had been added here one by one, in order (same documents
   * in the same order, same term ids, same frequencies and display forms; only the storage layout
   * differs). The part's token and posting pages are taken over, not copied: it must not be used
   * afterwards. Throws a RangeError, with this index unchanged, if the part is damaged or holds a
   * paper indexed here.
   */
  append(part: IndexPart): void {
    const { snapshot } = part;
    const docs = DocumentTable.restore(snapshot.documents);
    const postings = PostingLists.restore(snapshot.postings);
    if (snapshot.postings.head.length !== snapshot.vocabulary.stems.length) {
      throw new RangeError("[search] the part's postings and vocabulary disagree on the number of terms");
    }
    const offset = this.docs.count;
    const added = new Map<string, number>();
    for (let doc = 0; doc < docs.count; doc++) {
      if (docs.alive[doc] !== 1) continue;
      const id = docs.ids[doc]!;
      if (this.byId.has(id) || added.has(id)) throw new RangeError(`[search] the part indexes ${id} again`);
      added.set(id, offset + doc);
    }
    const { terms, commit } = this.vocabulary.prepareAppend(snapshot.vocabulary, part.votes);
    const appendPostings = this.postings.prepareAppend(postings, terms, offset);
    const appendDocuments = this.docs.prepareAppend(docs, terms);
    commit();
    appendDocuments();
    appendPostings();
    for (const [id, doc] of added) this.byId.set(id, doc);
    this.termFrequencies = ensureCapacity(this.termFrequencies, this.vocabulary.terms);
    // The part's pages were copied into shared memory if this index shares its pages (`IntArena.adopt`):
    // they are in the snapshot the observer is handed.
    this.freshPages();
    this.observer?.restored(this.snapshot());
  }

  /**
   * Indexes a paper; adding an id again replaces the earlier version. `fingerprint`, if given, must be
   * {@link paperFingerprint} of this paper (computed elsewhere, e.g. by the thread that read the paper).
   */
  add(paper: IndexablePaper, fingerprint: readonly [number, number] = paperFingerprint(paper)): void {
    const keywords = (paper.aiKeywords ?? []).slice(0, MAX_KEYWORDS);
    const indexed = this.byId.get(paper.id);
    // Papers come back unchanged all the time (every fetch of a day, every catch-up): keep them as they are.
    if (indexed !== undefined && this.docs.hasFingerprint(indexed, fingerprint)) return;
    this.freshPages();
    this.forget(paper.id);
    const doc = this.docs.begin(paper.id, paper.upvotes ?? 0, dateOf(paper), fingerprint);
    this.indexField(doc, TITLE, [paper.title]);
    this.indexField(doc, KEYWORDS, keywords);
    this.indexField(doc, SUMMARY, [paper.aiSummary ?? ""]);
    this.indexField(doc, ABSTRACT, [paper.abstract ?? ""]);
    this.docs.finish(doc);
    this.commitTerms(doc, true);
    this.byId.set(paper.id, doc);
    const pages = this.freshPages();
    this.observer?.added(indexedFields(paper), { pages, fill: this.arenaFill });
  }

  /** Removes a paper; returns whether it was indexed. */
  remove(id: string): boolean {
    this.freshPages();
    const removed = this.forget(id);
    const pages = this.freshPages();
    if (removed) this.observer?.removed(id, { pages, fill: this.arenaFill });
    return removed;
  }

  /**
   * The shared pages made since the last call (none unless the pages are shared): what an observer
   * must be handed with a change, or forgotten when the change is not one it replays.
   */
  private freshPages(): Page[] {
    return this.pages instanceof SharedPages ? this.pages.drain() : [];
  }

  private forget(id: string): boolean {
    const doc = this.byId.get(id);
    if (doc === undefined) return false;
    this.byId.delete(id);
    this.docs.kill(doc);
    const page = this.docs.streamPage(doc);
    const start = local(this.docs.starts[doc]!);
    for (let i = start, end = start + this.docs.streamLength(doc); i < end; i++) {
      const term = page[i]!;
      if (term === SEPARATOR || this.termFrequencies[term] !== 0) continue;
      this.termFrequencies[term] = 1;
      this.docTerms.push(term);
    }
    for (const term of this.docTerms) {
      this.vocabulary.count(term, -1);
      this.termFrequencies[term] = 0;
    }
    this.docTerms.length = 0;
    const dead = this.docs.count - this.docs.live;
    if (dead >= COMPACT_MIN_DEAD && dead * 4 >= this.docs.live) this.rewrite();
    return true;
  }

  /**
   * Rewrites storage without removed or replaced papers; runs automatically once enough pile up (as
   * part of a change, which a copy replays); called here, the observer is handed the new state.
   */
  compact(): void {
    this.freshPages();
    this.rewrite();
    this.freshPages();
    this.observer?.restored(this.snapshot());
  }

  private rewrite(): void {
    const old = this.docs;
    this.docs = new DocumentTable(this.pages);
    this.postings = new PostingLists(this.pages);
    for (let from = 0; from < old.count; from++) {
      if (old.alive[from] !== 1) continue;
      const doc = this.docs.begin(old.ids[from]!, old.votes[from]!, old.dates[from]!, [
        old.fingerprints[from * 2]!,
        old.fingerprints[from * 2 + 1]!,
      ]);
      const page = old.streamPage(from);
      let position = local(old.starts[from]!);
      for (let field = 0; field < FIELD_COUNT; field++) {
        const span = old.spans[from * FIELD_COUNT + field]!;
        for (let k = 0; k < span; k++) {
          const term = page[position++]!;
          this.docs.push(term);
          if (term !== SEPARATOR) this.countOccurrence(term, field);
        }
        this.docs.closeField(doc, field, old.lengths[from * FIELD_COUNT + field]!);
      }
      this.docs.finish(doc);
      this.commitTerms(doc, false);
      this.byId.set(old.ids[from]!, doc);
    }
  }

  private indexField(doc: number, field: number, texts: readonly string[]): void {
    this.field = field;
    this.fieldLength = 0;
    if (field > 0) this.docs.push(SEPARATOR);
    for (let index = 0; index < texts.length; index++) {
      if (index > 0) this.docs.push(SEPARATOR);
      const text = texts[index]!;
      if (hasNonAscii(text)) scanWords(text, this.sink);
      else this.indexAscii(text);
    }
    this.docs.closeField(doc, field, this.fieldLength);
  }

  /**
   * Indexes the words of ASCII `text` (nearly every paper's), found exactly as `scanWords` finds them and
   * each indexed as {@link indexWord} does, written out in the scanning loop: through `scanWords` and its
   * callback, whether the per-word step was compiled into the loop differed from run to run and thread to
   * thread, and where it was not, indexing took about a third longer (first start at 100k papers,
   * 2026-12-07 profiles).
   */
  private indexAscii(text: string): void {
    const { words, vocabulary, docs, field } = this;
    const length = text.length;
    let start = -1;
    let hash = FNV_OFFSET;
    for (let index = 0; index <= length; index++) {
      const folded = index < length ? ASCII_FOLDED_WORD_CHARS[text.charCodeAt(index)]! : 0;
      if (folded !== 0) {
        if (start < 0) {
          start = index;
          hash = FNV_OFFSET;
        }
        hash = Math.imul(hash ^ folded, FNV_PRIME);
        continue;
      }
      if (start < 0) continue;
      const from = start;
      start = -1;
      if (index - from > MAX_TOKEN_LENGTH || this.fieldLength >= MAX_FIELD_TOKENS) continue;
      let entry = words.find(text, from, index, hash >>> 0);
      if (entry < 0) entry = this.learnSpan(text, from, index, hash >>> 0);
      const term = words.term(entry);
      if (term === NOT_INDEXED) continue;
      vocabulary.observe(term, words.word(entry));
      docs.push(term);
      this.countOccurrence(term, field);
      this.fieldLength++;
    }
  }

  /** Indexes one word that `scanWords` found (see there for the ASCII capitals `text` may hold). */
  private indexWord(text: string, start: number, end: number, hash: number): void {
    if (this.fieldLength >= MAX_FIELD_TOKENS) return;
    let entry = this.words.find(text, start, end, hash);
    if (entry < 0) entry = this.learnSpan(text, start, end, hash);
    const term = this.words.term(entry);
    if (term === NOT_INDEXED) return;
    this.vocabulary.observe(term, this.words.word(entry));
    this.docs.push(term);
    this.countOccurrence(term, this.field);
    this.fieldLength++;
  }

  /** {@link learn}s the word `text[start, end)` (its ASCII capitals lower-cased); returns its entry. */
  private learnSpan(text: string, start: number, end: number, hash: number): number {
    const word = text.slice(start, end);
    return this.learn(ASCII_CAPITAL.test(word) ? word.toLowerCase() : word, hash);
  }

  /** Remembers a word not in `words` with its term id ({@link NOT_INDEXED} for stop words); returns its entry. */
  private learn(word: string, hash: number): number {
    if (!isIndexableWord(word)) return this.words.add(word, hash, NOT_INDEXED);
    const term = this.vocabulary.intern(stem(word), word);
    this.termFrequencies = ensureCapacity(this.termFrequencies, term + 1);
    return this.words.add(word, hash, term);
  }

  /** Counts an occurrence of `term` (interned, so `termFrequencies` covers it) in `field`. */
  private countOccurrence(term: number, field: number): void {
    const packed = this.termFrequencies[term]!;
    if (packed === 0) this.docTerms.push(term);
    this.termFrequencies[term] = addOccurrence(packed, field);
  }

  private commitTerms(doc: number, countDocument: boolean): void {
    for (const term of this.docTerms) {
      this.postings.append(term, doc, this.termFrequencies[term]!);
      if (countDocument) this.vocabulary.count(term, 1);
      this.termFrequencies[term] = 0;
    }
    this.docTerms.length = 0;
  }

  private ensureScratch(): void {
    const needed = this.docs.count;
    this.accumulators = ensureCapacity(this.accumulators, needed);
    this.masks = ensureCapacity(this.masks, needed);
    this.about = ensureCapacity(this.about, needed);
    this.flags = ensureCapacity(this.flags, needed);
    this.touched = ensureCapacity(this.touched, needed);
    this.hits = ensureCapacity(this.hits, needed);
  }

  /** Copies the postings of `term` into the scratch buffers and returns their number. */
  private decode(term: number): number {
    const length = this.postings.length(term);
    this.postingDocs = ensureCapacity(this.postingDocs, length);
    this.postingPacked = ensureCapacity(this.postingPacked, length);
    return this.postings.decode(term, this.postingDocs, this.postingPacked);
  }

  /**
   * Copies into the scratch buffers the live papers where the term ids stand adjacent in one field,
   * with their per-field counts packed like postings; returns their number. Only papers holding
   * the other words have their token stream scanned, except words too frequent to be worth it
   * (common, or far more frequent than the rarest: their postings cost more than they filter out).
   */
  private decodeSequence(ids: readonly number[], commonDf: number): number {
    const byRarity = [...new Set(ids)].sort(
      (x, y) => this.vocabulary.documentFrequency(x) - this.vocabulary.documentFrequency(y),
    );
    const bound = Math.min(commonDf, SEQUENCE_FILTER_RATIO * this.vocabulary.documentFrequency(byRarity[0]!));
    const others = byRarity.slice(1).filter((id) => this.vocabulary.documentFrequency(id) <= bound);
    const { hits } = this;
    for (const id of others) {
      const postings = this.decode(id);
      for (let p = 0; p < postings; p++) hits[this.postingDocs[p]!]!++;
    }
    const postings = this.decode(byRarity[0]!);
    const { postingDocs, postingPacked, docs } = this;
    let count = 0;
    for (let p = 0; p < postings; p++) {
      const doc = postingDocs[p]!;
      if (hits[doc] !== others.length || docs.alive[doc] !== 1) continue;
      const packed = docs.sequenceFrequencies(doc, ids);
      if (packed === 0) continue;
      postingDocs[count] = doc;
      postingPacked[count++] = packed;
    }
    for (const id of others) {
      const length = this.postings.length(id);
      this.otherDocs = ensureCapacity(this.otherDocs, length);
      this.otherPacked = ensureCapacity(this.otherPacked, length);
      const decoded = this.postings.decode(id, this.otherDocs, this.otherPacked);
      for (let p = 0; p < decoded; p++) hits[this.otherDocs[p]!] = 0;
    }
    return count;
  }

  /**
   * Adds BM25F scores of the query's terms and then, weighted by `weights.expansion`, of their
   * expansions (a multi-word expansion scores as one word, where its words stand adjacent; it adds
   * nothing to a paper that holds the user's name for it, adjacently); returns how many documents
   * were touched.
   * Unless `anyTerm`, query words in more than `commonTermRatio` of papers ("model", "learning") are
   * scored after the rarer ones and only for papers those matched, so they cannot make a match alone.
   */
  private accumulate(
    plan: Plan,
    weights: SearchWeights,
    anyTerm: boolean,
    coordination: Coordination | undefined,
  ): number {
    const { docs, accumulators, masks, about, touched } = this;
    const { alive, lengths } = docs;
    const fieldWeights = [weights.title, weights.keywords, weights.summary, weights.abstract];
    const inverseAverages = Array.from(docs.lengthTotals, (total) => (total > 0 ? docs.live / total : 1));
    const { k1, b } = weights;
    const commonDf = weights.commonTermRatio * docs.live;
    const common = plan.terms.map((term) => this.vocabulary.documentFrequency(term) > commonDf);
    const restrict = !anyTerm && common.includes(false);
    const order = plan.terms.map((_, bit) => bit).sort((x, y) => Number(common[x]) - Number(common[y]));
    for (let i = 0; i < plan.expansions.length; i++) order.push(plan.terms.length + i);
    let count = 0;
    for (const bit of order) {
      const expansion = plan.expansions[bit - plan.terms.length];
      const ids = expansion ? expansion.ids : [plan.terms[bit]!];
      const onlyTouched = restrict && common[bit] === true;
      const covered = expansion?.of ?? 0;
      const coveredPhrase = expansion && expansion.ofSequence.length > 1 ? expansion.ofSequence : undefined;
      const postings = ids.length === 1 ? this.decode(ids[0]!) : this.decodeSequence(ids, commonDf);
      const df = ids.length === 1 ? this.vocabulary.documentFrequency(ids[0]!) : postings;
      const weight = expansion ? weights.expansion : 1;
      const idf = weight * Math.log(1 + (docs.live - df + 0.5) / (df + 0.5));
      const postingDocs = this.postingDocs;
      const postingPacked = this.postingPacked;
      const flag = 1 << bit;
      const aboutFlag = coordination !== undefined && (coordination.counted & flag) !== 0 ? flag : 0;
      for (let p = 0; p < postings; p++) {
        const doc = postingDocs[p]!;
        if (alive[doc] !== 1 || (onlyTouched && masks[doc] === 0)) continue;
        if (
          covered !== 0 &&
          (masks[doc]! & covered) === covered &&
          (coveredPhrase === undefined || docs.hasSequence(doc, coveredPhrase))
        ) {
          continue;
        }
        const packed = postingPacked[p]!;
        let weighted = 0;
        for (let field = 0; field < FIELD_COUNT; field++) {
          const tf = (packed >>> (field * 8)) & 255;
          if (tf === 0) continue;
          const norm = 1 - b + b * lengths[doc * FIELD_COUNT + field]! * inverseAverages[field]!;
          weighted += (fieldWeights[field]! * tf) / norm;
        }
        if (weighted <= 0) continue;
        if (masks[doc] === 0) touched[count++] = doc;
        accumulators[doc]! += (idf * weighted * (k1 + 1)) / (k1 + weighted);
        masks[doc]! |= flag;
        if (aboutFlag !== 0 && weighted >= k1) about[doc]! |= aboutFlag;
      }
    }
    return count;
  }

  /** Fills `this.candidates` with touched documents that pass the cheap filters, with their boosts. */
  private collect(
    count: number,
    plan: Plan,
    weights: SearchWeights,
    options: SearchOptions,
    coordination: Coordination | undefined,
  ): void {
    const { docs, accumulators, masks, about, flags, touched, candidates } = this;
    for (const term of plan.excludedTerms) {
      const postings = this.decode(term);
      for (let p = 0; p < postings; p++) flags[this.postingDocs[p]!] = EXCLUDED;
    }
    const teamVotes = new Map<number, number>();
    for (const [id, votes] of options.teamVotes ?? []) {
      const doc = this.byId.get(id);
      if (doc !== undefined) teamVotes.set(doc, votes);
    }
    const boost = boostFunction(weights, options.now);
    const { votes, dates } = docs;
    candidates.reset(count);
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      if (flags[doc] === EXCLUDED || (masks[doc]! & plan.required) !== plan.required) continue;
      const team = teamVotes.size > 0 ? (teamVotes.get(doc) ?? 0) : 0;
      const relevance = coordination
        ? accumulators[doc]! * coordination.factor(about[doc]!)
        : accumulators[doc]!;
      candidates.push(doc, relevance, 1 + boost(votes[doc]! + team, dates[doc]!));
    }
    for (const term of plan.excludedTerms) {
      const postings = this.decode(term);
      for (let p = 0; p < postings; p++) flags[this.postingDocs[p]!] = 0;
    }
  }

  private clearScratch(count: number, coordination: Coordination | undefined): void {
    const { touched, accumulators, masks, about } = this;
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      accumulators[doc] = 0;
      masks[doc] = 0;
    }
    if (coordination) for (let i = 0; i < count; i++) about[touched[i]!] = 0;
  }

  /**
   * Papers matching a query (text as typed, or already parsed), best first: blended score
   * descending, then id. Only papers with positive text relevance appear; every quoted phrase must
   * occur adjacently in one field; papers containing an excluded word or phrase are dropped;
   * papers matching only very common words ("model") are left out when a rarer word is present;
   * papers where consecutive query words stand next to each other get a proximity bonus; papers
   * about only some of the query's words lose a share of their relevance (coordination).
   */
  search(query: string | ParsedQuery, options: SearchOptions): SearchHit[] {
    const parsed = typeof query === "string" ? parseQuery(query) : query;
    const weights: SearchWeights = { ...SEARCH_WEIGHTS, ...options.weights };
    const limit = Number.isFinite(options.limit)
      ? Math.min(MAX_LIMIT, Math.floor(options.limit!))
      : DEFAULT_LIMIT;
    if (this.docs.live === 0 || limit <= 0) return [];
    const plan = planQuery(parsed, this.vocabulary, {
      commonDf: weights.commonTermRatio * this.docs.live,
      genericDf: weights.genericTermRatio * this.docs.live,
    });
    if (plan === undefined) return [];
    this.ensureScratch();
    const coordination = coordinationFor(plan, weights.coordination);
    const count = this.accumulate(plan, weights, plan.phrases.length > 0, coordination);
    try {
      this.collect(count, plan, weights, options, coordination);
      const { candidates, masks } = this;
      const ids = this.docs.ids;
      const order = candidates.top(
        limit,
        (a, b) => ids[a]! < ids[b]!,
        refinementFor(plan, this.docs, weights.proximity),
      );
      return order.map((slot): SearchHit => {
        const doc = candidates.docs[slot]!;
        const mask = masks[doc]!;
        return {
          id: ids[doc]!,
          score: candidates.score(slot),
          relevance: candidates.relevance[slot]!,
          matched: [
            ...plan.terms.map((term) => this.vocabulary.surface(term)),
            ...plan.expansions.map((expansion) => expansion.label),
          ].filter((_, bit) => (mask >>> bit) & 1),
        };
      });
    } finally {
      this.clearScratch(count, coordination);
    }
  }

  /**
   * Autocomplete: up to `limit` indexed words starting with `prefix` (as typed, case-insensitive),
   * most common first, in the form people write them ("continual", not the stem).
   */
  suggest(prefix: string, limit = 10): string[] {
    const normalized = normalizeText(String(prefix ?? "")).trim();
    const max = Number.isFinite(limit) ? Math.min(MAX_LIMIT, Math.floor(limit)) : 10;
    return this.vocabulary.withPrefix(normalized, max).map((term) => this.vocabulary.surface(term));
  }
}
