import { ensureCapacity } from "./growable.ts";
import { type ArenaSnapshot, IntArena, local, type PageSource, PLAIN_PAGES } from "./int-arena.ts";

const NONE = 0;
const HEADER = 2;
const FIRST_BLOCK = 1;
const MAX_BLOCK = 512;
const FIELD_BITS = 8;
const FIELD_MAX = 255;

/** Reads the term frequency of field `field` (0–3) from a packed posting value. */
export const fieldFrequency = (packed: number, field: number): number =>
  (packed >>> (field * FIELD_BITS)) & FIELD_MAX;

/** Adds one occurrence in `field` to a packed posting value, saturating at 255 per field. */
export const addOccurrence = (packed: number, field: number): number =>
  fieldFrequency(packed, field) === FIELD_MAX ? packed : (packed + (1 << (field * FIELD_BITS))) >>> 0;

/** Posting lists' state, for saving an index to disk and loading it back. */
export interface PostingListsSnapshot {
  arena: ArenaSnapshot;
  head: Int32Array<ArrayBuffer>;
  tail: Int32Array<ArrayBuffer>;
  fill: Int32Array<ArrayBuffer>;
  lengths: Int32Array<ArrayBuffer>;
}

/**
 * Posting lists for every term in one paged int arena: each list is a chain of blocks that double
 * in size (1, 2, 4 … 512 entries), each entry a document number and its per-field term
 * frequencies packed into 32 bits. Millions of postings cost two ints each and no objects.
 * Entries and links are written once, past what the per-term columns cover, so a mirror over the
 * same arena pages (another thread's, see `PageSource`) reads a consistent list through its own
 * columns while this one appends.
 */
export class PostingLists {
  private arena: IntArena;
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  private fill = new Int32Array(1024);
  private lengths = new Int32Array(1024);

  /** Empty lists whose arena takes its pages from `pages`. */
  constructor(pages: PageSource = PLAIN_PAGES) {
    this.arena = new IntArena(pages);
  }

  /**
   * Posting lists as `snapshot` described them, taking later pages from `pages`; checks that every
   * chain stays inside the arena.
   */
  static restore(state: PostingListsSnapshot, pages: PageSource = PLAIN_PAGES): PostingLists {
    const { head, tail, fill, lengths } = state;
    const terms = head.length;
    if (tail.length !== terms || fill.length !== terms || lengths.length !== terms) {
      throw new RangeError("[search] posting columns disagree in length");
    }
    const lists = new PostingLists();
    lists.arena = IntArena.restore(state.arena, pages);
    const size = lists.arena.size;
    for (let term = 0; term < terms; term++) {
      if (head[term]! < 0 || head[term]! >= size || tail[term]! < 0 || tail[term]! >= size) {
        throw new RangeError(`[search] the postings of term ${term} lie outside the stored postings`);
      }
    }
    lists.head = head;
    lists.tail = tail;
    lists.fill = fill;
    lists.lengths = lengths;
    return lists;
  }

  /** The per-term columns trimmed to `terms` (views, not copies) and the arena. */
  snapshot(terms: number): PostingListsSnapshot {
    const count = Math.min(terms, this.head.length);
    const trimmed = (column: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      if (count === terms) return column.subarray(0, terms);
      const padded = new Int32Array(terms);
      padded.set(column.subarray(0, count));
      return padded;
    };
    return {
      arena: this.arena.snapshot(),
      head: trimmed(this.head),
      tail: trimmed(this.tail),
      fill: trimmed(this.fill),
      lengths: trimmed(this.lengths),
    };
  }

  /** Ints used in the arena so far. */
  get arenaSize(): number {
    return this.arena.size;
  }

  /**
   * Prepares appending the lists of `other` (built from documents that follow this one's, numbered from 0)
   * to this one's: checks every chain of `other` and rewrites it in place, its documents numbered from
   * `docOffset` and its block links as they will be in this arena. Throws a RangeError, leaving this
   * lists as they were, if a chain is damaged. The returned function then links each term `t` of
   * `other` after the postings of term `terms[t]` here, taking over `other`'s pages: no posting is
   * copied, and decoding a term yields this index's postings and then `other`'s, as if appended one by one.
   * Nothing may change this lists between the two steps.
   */
  prepareAppend(other: PostingLists, terms: Int32Array, docOffset: number): () => void {
    const shift = this.arena.adoptShift;
    const size = other.arena.size;
    const count = Math.min(other.head.length, terms.length);
    let maxTerm = 0;
    for (let term = 1; term < count; term++) {
      const first = other.head[term]!;
      if (first === NONE) continue;
      maxTerm = Math.max(maxTerm, terms[term]!);
      const last = other.tail[term]!;
      let seen = 0;
      for (let block = first; ; ) {
        if (block < 1 || block >= size || seen > other.lengths[term]!) {
          throw new RangeError(`[search] the postings of term ${term} to append are damaged`);
        }
        const page = other.arena.page(block);
        const start = local(block);
        const entries = block === last ? other.fill[term]! : page[start + 1]!;
        if (entries < 1 || start + HEADER + entries * 2 > page.length) {
          throw new RangeError(`[search] the postings of term ${term} to append are damaged`);
        }
        seen += entries;
        if (block === last) break;
        block = page[start]!;
      }
      if (seen !== other.lengths[term]) {
        throw new RangeError(`[search] the postings of term ${term} to append are damaged`);
      }
    }
    for (let term = 1; term < count; term++) {
      const last = other.tail[term]!;
      for (let block = other.head[term]!; block !== NONE; ) {
        const page = other.arena.page(block);
        const start = local(block);
        const entries = block === last ? other.fill[term]! : page[start + 1]!;
        for (let slot = start + HEADER, end = slot + entries * 2; slot < end; slot += 2)
          page[slot]! += docOffset;
        if (block === last) break;
        const next = page[start]!;
        page[start] = next + shift;
        block = next;
      }
    }
    return () => {
      if (maxTerm >= this.head.length) {
        this.head = ensureCapacity(this.head, maxTerm + 1);
        this.tail = ensureCapacity(this.tail, maxTerm + 1);
        this.fill = ensureCapacity(this.fill, maxTerm + 1);
        this.lengths = ensureCapacity(this.lengths, maxTerm + 1);
      }
      this.arena.adopt(other.arena);
      for (let from = 1; from < count; from++) {
        const first = other.head[from]!;
        if (first === NONE) continue;
        const term = terms[from]!;
        const tail = this.tail[term]!;
        if (tail === NONE) this.head[term] = first + shift;
        else {
          // The block that was last is no longer: its entry count becomes its capacity, as `decode` reads it.
          const page = this.arena.page(tail);
          page[local(tail) + 1] = this.fill[term]!;
          page[local(tail)] = first + shift;
        }
        this.tail[term] = other.tail[from]! + shift;
        this.fill[term] = other.fill[from]!;
        this.lengths[term]! += other.lengths[from]!;
      }
    };
  }

  /** Approximate bytes held by the posting storage. */
  get bytes(): number {
    return this.arena.bytes + this.head.byteLength * 4;
  }

  /** Number of postings of `term`, including those of removed documents. */
  length(term: number): number {
    return this.lengths[term] ?? 0;
  }

  private allocate(capacity: number): number {
    const block = this.arena.allocate(HEADER + capacity * 2);
    if (!this.arena.writable) return block;
    const page = this.arena.page(block);
    page[local(block)] = NONE;
    page[local(block) + 1] = capacity;
    return block;
  }

  /** Appends (doc, packed frequencies) to the list of `term`. */
  append(term: number, doc: number, packed: number): void {
    if (term >= this.head.length) {
      this.head = ensureCapacity(this.head, term + 1);
      this.tail = ensureCapacity(this.tail, term + 1);
      this.fill = ensureCapacity(this.fill, term + 1);
      this.lengths = ensureCapacity(this.lengths, term + 1);
    }
    let block = this.tail[term]!;
    if (block === NONE) {
      block = this.allocate(FIRST_BLOCK);
      this.head[term] = block;
      this.tail[term] = block;
      this.fill[term] = 0;
    } else if (this.fill[term] === this.arena.page(block)[local(block) + 1]) {
      const next = this.allocate(Math.min(this.arena.page(block)[local(block) + 1]! * 2, MAX_BLOCK));
      if (this.arena.writable) this.arena.page(block)[local(block)] = next;
      this.tail[term] = next;
      this.fill[term] = 0;
      block = next;
    }
    if (this.arena.writable) {
      const slot = local(block) + HEADER + this.fill[term]! * 2;
      const page = this.arena.page(block);
      page[slot] = doc;
      page[slot + 1] = packed | 0;
    }
    this.fill[term]!++;
    this.lengths[term]!++;
  }

  /**
   * Copies the postings of `term` into `docs` and `packed` (each at least `length(term)` long), in
   * the order they were appended, and returns how many were copied. Callers then loop over flat
   * arrays, which is what keeps scoring a common term fast. Stops at the term's last block, not at
   * its link: another thread appending to the same pages may have linked a block beyond it.
   */
  decode(term: number, docs: Int32Array, packed: Uint32Array): number {
    if (term >= this.head.length) return 0;
    const last = this.tail[term]!;
    let count = 0;
    for (let block = this.head[term]!; block !== NONE; ) {
      const page = this.arena.page(block);
      const start = local(block);
      const entries = block === last ? this.fill[term]! : page[start + 1]!;
      for (let slot = start + HEADER, end = slot + entries * 2; slot < end; slot += 2) {
        docs[count] = page[slot]!;
        packed[count++] = page[slot + 1]!;
      }
      block = block === last ? NONE : page[start]!;
    }
    return count;
  }
}
