const PAGE_BITS = 16;
/** Ints per page; no allocation may be larger. */
export const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

/** One arena page: `PAGE_SIZE` ints, in plain or shared memory (see {@link PageSource}). */
export type Page = Int32Array<ArrayBufferLike>;

/**
 * Where arenas get their pages. By default plain memory; an index whose pages a search thread reads
 * too takes them from shared memory (`shared-pages.ts`), and that thread's copy, a mirror, takes the
 * very same pages and never writes to them.
 */
export interface PageSource {
  /** A new page of zeros, in the order the arenas ask for them. */
  page(): Page;
  /** False for a mirror: another thread writes the pages and this one only reads them. */
  readonly writable: boolean;
  /** Whether pages live in shared memory (a restored page that does not is copied into one that does). */
  readonly shared: boolean;
}

/** Plain, unshared pages: what an index uses unless told otherwise. */
export const PLAIN_PAGES: PageSource = {
  page: () => new Int32Array(PAGE_SIZE),
  writable: true,
  shared: false,
};

/** Whether `page` lives in shared memory. */
export const isSharedPage = (page: Page): boolean => page.buffer instanceof SharedArrayBuffer;

/** `page` as an arena taking pages from `source` keeps it: copied into shared memory if the source's are. */
function heldPage(page: Page, source: PageSource): Page {
  if (!source.shared || isSharedPage(page)) return page;
  const copy = source.page();
  copy.set(page);
  return copy;
}

/**
 * Append-only storage for many small int runs (posting blocks, token streams) in fixed 256 KB
 * pages. Unlike one doubling array it never holds more than a page of slack and never copies
 * everything to grow, which keeps 100k papers' postings within a predictable memory budget.
 * Offset 0 is never handed out, so callers can use it as "none". A run, once written, is never
 * written again: that is what lets another thread read the pages while this one appends.
 */
export class IntArena {
  /** The pages; an offset's page is `offset >>> 16`, its index within the page `offset & 0xffff`. */
  pages: Page[];
  private used = 1;

  constructor(
    private readonly source: PageSource = PLAIN_PAGES,
    pages?: Page[],
  ) {
    this.pages = pages ?? [source.page()];
  }

  /**
   * An arena holding `pages` (each `PAGE_SIZE` ints) of which the first `used` ints are taken, as
   * `snapshot` gave them, which takes its later pages from `source`. Pages not in shared memory are
   * copied into the source's when it is shared; a mirror (not writable) takes only shared pages.
   */
  static restore(state: ArenaSnapshot, source: PageSource = PLAIN_PAGES): IntArena {
    const { pages, used } = state;
    if (pages.length === 0 || pages.some((page) => page.length !== PAGE_SIZE)) {
      throw new RangeError("[search] arena pages must be non-empty and PAGE_SIZE ints each");
    }
    if (!(used >= 1 && used <= pages.length * PAGE_SIZE))
      throw new RangeError("[search] arena fill out of range");
    if (!source.writable && !pages.every(isSharedPage)) {
      throw new RangeError("[search] a mirror arena takes only pages in shared memory");
    }
    const held = pages.map((page) => heldPage(page, source));
    const arena = new IntArena(source, held);
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

  /** False when another thread writes these pages (a mirror): callers then only allocate, never write. */
  get writable(): boolean {
    return this.source.writable;
  }

  /** Reserves `length` consecutive ints within one page and returns the offset of the first. */
  allocate(length: number): number {
    if (length > PAGE_SIZE) throw new RangeError(`[search] cannot allocate ${length} ints in one page`);
    const pageEnd = this.pages.length * PAGE_SIZE;
    if (this.used + length > pageEnd) {
      this.pages.push(this.source.page());
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
    // Into shared memory when this arena's pages are shared: a search thread reads them in place, and
    // would never see what this thread later writes into a page of plain memory.
    for (const page of other.pages) this.pages.push(heldPage(page, this.source));
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
  pages: readonly Page[];
  used: number;
}

/** Index of `offset` within its page. */
export const local = (offset: number): number => offset & PAGE_MASK;
