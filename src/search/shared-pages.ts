import { PAGE_SIZE, type Page, type PageSource } from "./int-arena.ts";

/**
 * Arena pages in shared memory, so that a search thread can read an index's postings and token
 * streams (nearly all of its memory) where they are instead of holding a copy. The pages made since
 * the last {@link drain} are what a mirror must be handed, in this order, to replay the same changes.
 */
export class SharedPages implements PageSource {
  readonly writable = true;
  readonly shared = true;
  #fresh: Page[] = [];

  page(): Page {
    const page = new Int32Array(new SharedArrayBuffer(PAGE_SIZE * Int32Array.BYTES_PER_ELEMENT));
    this.#fresh.push(page);
    return page;
  }

  /** The pages made since the last call, oldest first, and forgets them. */
  drain(): Page[] {
    const fresh = this.#fresh;
    this.#fresh = [];
    return fresh;
  }
}

/**
 * The pages of a mirror: an index in another thread that replays the changes of one built on
 * {@link SharedPages}. Every page the mirror's arenas ask for is the next one the other thread made,
 * handed over with the change that made it; the mirror never writes to them.
 */
export class MirrorPages implements PageSource {
  readonly writable = false;
  readonly shared = true;
  #queue: Page[] = [];

  /** Queues pages the other thread made, in the order it made them. */
  give(pages: readonly Page[]): void {
    for (const page of pages) this.#queue.push(page);
  }

  /** Pages given and not yet taken: 0 after a change replayed alike. */
  get pending(): number {
    return this.#queue.length;
  }

  page(): Page {
    const page = this.#queue.shift();
    if (!page) throw new RangeError("[search] the mirror needs a page its index's thread has not sent");
    return page;
  }
}
