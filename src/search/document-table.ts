import { ensureCapacity } from "./growable.ts";
import { type ArenaSnapshot, IntArena, local, PAGE_SIZE, type PageSource, PLAIN_PAGES } from "./int-arena.ts";
import { addOccurrence } from "./postings.ts";

/** Indexed fields, in the order their tokens are stored. */
export const FIELDS = ["title", "keywords", "summary", "abstract"] as const;
/** Number of indexed fields. */
export const FIELD_COUNT = FIELDS.length;

/** A document table's state, for saving an index to disk and loading it back. */
export interface DocumentTableSnapshot {
  ids: readonly string[];
  alive: Uint8Array<ArrayBuffer>;
  votes: Int32Array<ArrayBuffer>;
  dates: Float64Array<ArrayBuffer>;
  starts: Float64Array<ArrayBuffer>;
  spans: Uint16Array<ArrayBuffer>;
  lengths: Uint16Array<ArrayBuffer>;
  fingerprints: Uint32Array<ArrayBuffer>;
  tokens: ArenaSnapshot;
}

/**
 * Column store of indexed documents, addressed by dense document numbers: external id, liveness,
 * votes, date, per-field lengths, and every document's token stream (term ids) in a paged int
 * arena. The stream serves phrase checks, removal and compaction without keeping paper text.
 */
export class DocumentTable {
  /** External (arXiv) id per document number. */
  ids: string[] = [];
  alive = new Uint8Array(256);
  votes = new Int32Array(256);
  /** Milliseconds since the epoch of featuredOn ?? publishedAt, NaN when unknown. */
  dates = new Float64Array(256);
  /** Arena offset of each document's token stream. */
  starts = new Float64Array(256);
  /** Stream entries (tokens and separators) per document and field. */
  spans = new Uint16Array(256 * FIELD_COUNT);
  /** Tokens per document and field: the BM25 field length. */
  lengths = new Uint16Array(256 * FIELD_COUNT);
  /** Two 32-bit hashes per document of what was indexed, so an unchanged paper is not indexed again. */
  fingerprints = new Uint32Array(256 * 2);
  /** Token streams of all documents; a stream never crosses a page. */
  tokens: IntArena;
  private pending = new Int32Array(1024);
  private pendingLength = 0;
  /** Sum of field lengths over live documents. */
  readonly lengthTotals = new Float64Array(FIELD_COUNT);
  live = 0;
  private fieldStart = 0;

  /** An empty table whose token arena takes its pages from `pages`. */
  constructor(pages: PageSource = PLAIN_PAGES) {
    this.tokens = new IntArena(pages);
  }

  /**
   * A table as `snapshot` described it, whose token arena takes later pages from `pages`; checks that
   * every column covers every document.
   */
  static restore(state: DocumentTableSnapshot, pages: PageSource = PLAIN_PAGES): DocumentTable {
    const count = state.ids.length;
    const table = new DocumentTable();
    const { alive, votes, dates, starts, spans, lengths, fingerprints } = state;
    if (
      [alive, votes, dates, starts].some((column) => column.length < count) ||
      spans.length < count * FIELD_COUNT ||
      lengths.length < count * FIELD_COUNT ||
      fingerprints.length < count * 2
    ) {
      throw new RangeError("[search] document columns are shorter than the document count");
    }
    table.ids = state.ids.slice();
    table.alive = alive;
    table.votes = votes;
    table.dates = dates;
    table.starts = starts;
    table.spans = spans;
    table.lengths = lengths;
    table.fingerprints = fingerprints;
    table.tokens = IntArena.restore(state.tokens, pages);
    const fill = table.tokens.size;
    let live = 0;
    for (let doc = 0; doc < count; doc++) {
      const start = starts[doc]!;
      const length = table.streamLength(doc);
      if (!(start >= 1 && start + length <= fill && local(start) + length <= PAGE_SIZE)) {
        throw new RangeError(`[search] document ${doc}'s token stream lies outside the stored tokens`);
      }
      if (alive[doc] !== 1) continue;
      live++;
      for (let f = 0; f < FIELD_COUNT; f++) table.lengthTotals[f]! += lengths[doc * FIELD_COUNT + f]!;
    }
    table.live = live;
    return table;
  }

  /** The columns trimmed to the documents (views, not copies) and the token arena. */
  snapshot(): DocumentTableSnapshot {
    const count = this.count;
    return {
      ids: this.ids,
      alive: this.alive.subarray(0, count),
      votes: this.votes.subarray(0, count),
      dates: this.dates.subarray(0, count),
      starts: this.starts.subarray(0, count),
      spans: this.spans.subarray(0, count * FIELD_COUNT),
      lengths: this.lengths.subarray(0, count * FIELD_COUNT),
      fingerprints: this.fingerprints.subarray(0, count * 2),
      tokens: this.tokens.snapshot(),
    };
  }

  /**
   * Prepares appending the documents of `other` after this table's, numbered on from {@link count}:
   * rewrites `other`'s token streams in place into this index's term ids (`terms[t]` for its term `t`;
   * the separator stays), throwing a RangeError, with this table unchanged, if a stream holds a term
   * `terms` does not cover. The returned function then appends the documents, taking over `other`'s
   * token pages rather than copying them. Nothing may change this table between the two steps.
   */
  prepareAppend(other: DocumentTable, terms: Int32Array): () => void {
    const size = other.tokens.size;
    other.tokens.pages.forEach((page, index) => {
      const end = Math.min(PAGE_SIZE, size - index * PAGE_SIZE);
      for (let i = 0; i < end; i++) {
        const term = page[i]!;
        if (!(term >= 0 && term < terms.length)) {
          throw new RangeError("[search] a token stream to append holds an unknown term");
        }
        page[i] = terms[term]!;
      }
    });
    return () => {
      const offset = this.count;
      const count = other.count;
      const total = offset + count;
      this.alive = ensureCapacity(this.alive, total);
      this.votes = ensureCapacity(this.votes, total);
      this.dates = ensureCapacity(this.dates, total);
      this.starts = ensureCapacity(this.starts, total);
      this.spans = ensureCapacity(this.spans, total * FIELD_COUNT);
      this.lengths = ensureCapacity(this.lengths, total * FIELD_COUNT);
      this.fingerprints = ensureCapacity(this.fingerprints, total * 2);
      this.alive.set(other.alive.subarray(0, count), offset);
      this.votes.set(other.votes.subarray(0, count), offset);
      this.dates.set(other.dates.subarray(0, count), offset);
      this.spans.set(other.spans.subarray(0, count * FIELD_COUNT), offset * FIELD_COUNT);
      this.lengths.set(other.lengths.subarray(0, count * FIELD_COUNT), offset * FIELD_COUNT);
      this.fingerprints.set(other.fingerprints.subarray(0, count * 2), offset * 2);
      const shift = this.tokens.adopt(other.tokens);
      for (let doc = 0; doc < count; doc++) {
        this.ids.push(other.ids[doc]!);
        this.starts[offset + doc] = other.starts[doc]! + shift;
      }
      for (let f = 0; f < FIELD_COUNT; f++) this.lengthTotals[f]! += other.lengthTotals[f]!;
      this.live += other.live;
    };
  }

  /** Document numbers handed out, live or removed. */
  get count(): number {
    return this.ids.length;
  }

  /** Starts a document; push its tokens field by field, closing each field, then `finish` it. */
  begin(id: string, votes: number, date: number, fingerprint: readonly [number, number] = [0, 0]): number {
    const doc = this.ids.length;
    this.ids.push(id);
    this.alive = ensureCapacity(this.alive, doc + 1);
    this.votes = ensureCapacity(this.votes, doc + 1);
    this.dates = ensureCapacity(this.dates, doc + 1);
    this.starts = ensureCapacity(this.starts, doc + 1);
    this.spans = ensureCapacity(this.spans, (doc + 1) * FIELD_COUNT);
    this.lengths = ensureCapacity(this.lengths, (doc + 1) * FIELD_COUNT);
    this.fingerprints = ensureCapacity(this.fingerprints, (doc + 1) * 2);
    this.fingerprints[doc * 2] = fingerprint[0];
    this.fingerprints[doc * 2 + 1] = fingerprint[1];
    this.votes[doc] = votes;
    this.dates[doc] = date;
    this.pendingLength = 0;
    this.fieldStart = 0;
    return doc;
  }

  /** Appends a term id (or the separator) to the stream of the document being built. */
  push(term: number): void {
    if (this.pendingLength === this.pending.length)
      this.pending = ensureCapacity(this.pending, this.pendingLength + 1);
    this.pending[this.pendingLength++] = term;
  }

  /** Ends field `field` of `doc`, which had `length` tokens (separators excluded). */
  closeField(doc: number, field: number, length: number): void {
    this.spans[doc * FIELD_COUNT + field] = this.pendingLength - this.fieldStart;
    this.lengths[doc * FIELD_COUNT + field] = length;
    this.fieldStart = this.pendingLength;
  }

  /**
   * Stores the stream of `doc` (a mirror only reserves its place: the thread it mirrors wrote it),
   * marks it live and counts its field lengths into the averages.
   */
  finish(doc: number): void {
    const start = this.tokens.allocate(this.pendingLength);
    if (this.tokens.writable) {
      this.tokens.page(start).set(this.pending.subarray(0, this.pendingLength), local(start));
    }
    this.starts[doc] = start;
    this.alive[doc] = 1;
    this.live++;
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthTotals[f]! += this.lengths[doc * FIELD_COUNT + f]!;
  }

  /** True if `doc` was indexed from content with this fingerprint. */
  hasFingerprint(doc: number, fingerprint: readonly [number, number]): boolean {
    return this.fingerprints[doc * 2] === fingerprint[0] && this.fingerprints[doc * 2 + 1] === fingerprint[1];
  }

  /** Marks `doc` removed and takes its lengths out of the averages. */
  kill(doc: number): void {
    if (this.alive[doc] !== 1) return;
    this.alive[doc] = 0;
    this.live--;
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthTotals[f]! -= this.lengths[doc * FIELD_COUNT + f]!;
  }

  /** Number of stream entries (tokens and separators) of `doc`. */
  streamLength(doc: number): number {
    let length = 0;
    for (let f = 0; f < FIELD_COUNT; f++) length += this.spans[doc * FIELD_COUNT + f]!;
    return length;
  }

  /** The page holding the stream of `doc`; the stream starts at `local(starts[doc])`. */
  streamPage(doc: number): Int32Array {
    return this.tokens.page(this.starts[doc]!);
  }

  /** True if the stream of `doc` holds `sequence` at consecutive positions (never across a separator). */
  hasSequence(doc: number, sequence: readonly number[]): boolean {
    const first = sequence[0];
    if (first === undefined) return true;
    const tokens = this.streamPage(doc);
    const start = local(this.starts[doc]!);
    const last = start + this.streamLength(doc) - sequence.length;
    outer: for (let i = start; i <= last; i++) {
      if (tokens[i] !== first) continue;
      for (let j = 1; j < sequence.length; j++) if (tokens[i + j] !== sequence[j]) continue outer;
      return true;
    }
    return false;
  }

  /**
   * How often `sequence` stands at consecutive positions in each field of `doc`, packed like a
   * posting (8 bits per field); 0 when it never does. Lets a multi-word synonym score like a word.
   */
  sequenceFrequencies(doc: number, sequence: readonly number[]): number {
    const first = sequence[0];
    if (first === undefined) return 0;
    const tokens = this.streamPage(doc);
    let position = local(this.starts[doc]!);
    let packed = 0;
    for (let field = 0; field < FIELD_COUNT; field++) {
      const end = position + this.spans[doc * FIELD_COUNT + field]!;
      outer: for (let i = position; i + sequence.length <= end; i++) {
        if (tokens[i] !== first) continue;
        for (let j = 1; j < sequence.length; j++) if (tokens[i + j] !== sequence[j]) continue outer;
        packed = addOccurrence(packed, field);
      }
      position = end;
    }
    return packed;
  }

  /** Approximate bytes held by the columns and streams. */
  get bytes(): number {
    return (
      this.alive.byteLength +
      this.votes.byteLength +
      this.dates.byteLength +
      this.starts.byteLength +
      this.spans.byteLength +
      this.lengths.byteLength +
      this.fingerprints.byteLength +
      this.tokens.bytes
    );
  }
}
