const PAGE_BITS = 16;
/** Ints per page; no allocation may be larger. */
export const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

/**
 * Append-only storage for many small int runs (posting blocks, token streams) in fixed 256 KB
 * pages. Unlike one doubling array it never holds more than a page of slack and never copies
 * everything to grow, which keeps 100k papers' postings within a predictable memory budget.
 * Offset 0 is never handed out, so callers can use it as "none".
 */
export class IntArena {
  /** The pages; an offset's page is `offset >>> 16`, its index within the page `offset & 0xffff`. */
  pages: Int32Array<ArrayBuffer>[] = [new Int32Array(PAGE_SIZE)];
  private used = 1;

  /** An arena holding `pages` (each `PAGE_SIZE` ints) of which the first `used` ints are taken, as `snapshot` gave them. */
  static restore(state: ArenaSnapshot): IntArena {
    const { pages, used } = state;
    if (pages.length === 0 || pages.some((page) => page.length !== PAGE_SIZE)) {
      throw new RangeError("[search] arena pages must be non-empty and PAGE_SIZE ints each");
    }
    if (!(used >= 1 && used <= pages.length * PAGE_SIZE))
      throw new RangeError("[search] arena fill out of range");
    const arena = new IntArena();
    arena.pages = pages.slice();
    arena.used = used;
    return arena;
  }

  /** The pages and fill, shared (not copied): serialise them before the arena changes again. */
  snapshot(): ArenaSnapshot {
    return { pages: this.pages, used: this.used };
  }

  /** Ints handed out so far (offsets below this are in use). */
  get size(): number {
    return this.used;
  }

  /** Reserves `length` consecutive ints within one page and returns the offset of the first. */
  allocate(length: number): number {
    if (length > PAGE_SIZE) throw new RangeError(`[search] cannot allocate ${length} ints in one page`);
    const pageEnd = this.pages.length * PAGE_SIZE;
    if (this.used + length > pageEnd) {
      this.pages.push(new Int32Array(PAGE_SIZE));
      this.used = pageEnd;
    }
    const offset = this.used;
    this.used += length;
    return offset;
  }

  /** The page holding `offset`. */
  page(offset: number): Int32Array {
    return this.pages[offset >>> PAGE_BITS]!;
  }

  /**
   * Takes over the pages of `other` after this arena's (its last page's free tail is left unused) and
   * returns how much `other`'s offsets grow by in this arena. `other` must not be used afterwards.
   */
  adopt(other: IntArena): number {
    const shift = this.pages.length * PAGE_SIZE;
    for (const page of other.pages) this.pages.push(page);
    this.used = shift + other.used;
    return shift;
  }

  /** How much the offsets of an arena {@link adopt}ed next will grow by. */
  get adoptShift(): number {
    return this.pages.length * PAGE_SIZE;
  }

  /** Bytes held by all pages. */
  get bytes(): number {
    return this.pages.length * PAGE_SIZE * 4;
  }
}

/** An arena's state, for saving an index to disk and loading it back. */
export interface ArenaSnapshot {
  pages: readonly Int32Array<ArrayBuffer>[];
  used: number;
}

/** Index of `offset` within its page. */
export const local = (offset: number): number => offset & PAGE_MASK;
