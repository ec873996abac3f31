import { describe, expect, it } from "vitest";
import { generateCorpus, generateQueries } from "../../bench/corpus.ts";
import { isSharedPage, type Page } from "../../src/search/int-arena.ts";
import { type IndexablePaper, type IndexSnapshot, SearchIndex } from "../../src/search/search-index.ts";
import { IndexCopy, restoreMessage, type ToSearchThread } from "../../src/search/search-thread.ts";
import { SharedPages } from "../../src/search/shared-pages.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const corpus: IndexablePaper[] = [...generateCorpus({ size: 3000, seed: 11 })];
const queries = [
  ...generateQueries({ count: 60, seed: 5 }).map((query) => query.text),
  '"diffusion model"',
  "video -diffusion",
];
const results = (index: SearchIndex) => queries.map((query) => index.search(query, { now: NOW, limit: 20 }));

/** One change, applied alike to the shared index and to a plain reference index. */
type Change = { add: IndexablePaper } | { remove: string } | { compact: true };

/** Adds, replacements, enough removals to compact storage, and adds after it. */
function changes(): Change[] {
  const list: Change[] = corpus.slice(0, 2500).map((paper) => ({ add: paper }));
  for (const paper of corpus.slice(0, 200))
    list.push({ add: { ...paper, upvotes: (paper.upvotes ?? 0) + 3 } });
  for (const paper of corpus.slice(200, 1600)) list.push({ remove: paper.id });
  for (const paper of corpus.slice(2500)) list.push({ add: paper });
  list.push({ compact: true });
  for (const paper of corpus.slice(300, 400))
    list.push({ add: { ...paper, title: `${paper.title} revisited` } });
  return list;
}

function apply(index: SearchIndex, change: Change): void {
  if ("add" in change) index.add(change.add);
  else if ("remove" in change) index.remove(change.remove);
  else index.compact();
}

/** What the search worker sends its thread: everything copied but the shared pages (as a worker gets it). */
const asSent = <T>(message: T): T => structuredClone(message);

/**
 * A shared-pages index and, in the same thread, the copy the search thread would hold: the messages the
 * worker would send are queued, so the shared index can run ahead of its copy as it does across threads.
 */
function mirrored() {
  const main = new SearchIndex({ pages: new SharedPages() });
  const copy = new IndexCopy();
  const queue: ToSearchThread[] = [];
  const restore = (snapshot: IndexSnapshot) => queue.push(asSent(restoreMessage(snapshot, true).message));
  restore(main.snapshot());
  main.observe({
    added: (paper, step) => queue.push(asSent({ kind: "add", paper, step })),
    removed: (id, step) => queue.push(asSent({ kind: "remove", id, step })),
    restored: restore,
  });
  /** Applies the queued messages up to (not including) the `count`-th sent since the start. */
  let applied = 0;
  const catchUp = (count: number) => {
    while (applied < count) copy.handle(queue[applied++]!);
  };
  return { main, copy, queue, catchUp };
}

const pagesOf = (index: SearchIndex): readonly Page[] => {
  const snapshot = index.snapshot();
  return [...snapshot.documents.tokens.pages, ...snapshot.postings.arena.pages];
};

/** Whether two pages are views of the same memory: a write through one shows through the other. */
function sameMemory(a: Page, b: Page): boolean {
  const last = a.length - 1;
  const old = a[last]!;
  a[last] = old ^ 0x5a5a5a5a;
  const same = b[last] === a[last];
  a[last] = old;
  return same;
}

describe("an index over shared pages and its mirror", () => {
  it("the mirror answers as the index did at each change it has replayed, while the index runs ahead", () => {
    const { main, copy, queue, catchUp } = mirrored();
    const reference = new SearchIndex();
    const all = changes();
    const sentAfter: number[] = [];
    for (const change of all) {
      apply(main, change);
      sentAfter.push(queue.length);
    }
    // The main index has made every change (and compacted, twice); the mirror replays them in steps.
    expect(pagesOf(main).length).toBeGreaterThan(4);
    expect(pagesOf(main).every(isSharedPage)).toBe(true);
    const checkpoints = [0, 700, 2499, 2700, 3200, 4100, all.length - 1];
    let done = 0;
    for (const at of checkpoints) {
      while (done <= at) apply(reference, all[done++]!);
      catchUp(sentAfter[at]!);
      expect(copy.index.size, `after change ${at}`).toBe(reference.size);
      expect(results(copy.index), `after change ${at}`).toEqual(results(reference));
    }
    // Every page the mirror reads is the memory of one the main index made: nothing was copied.
    const mainPages = pagesOf(main);
    const copyPages = pagesOf(copy.index);
    expect(copyPages).toHaveLength(mainPages.length);
    expect(copyPages.every((page, at) => sameMemory(page, mainPages[at]!))).toBe(true);
    // And the main index, whose pages the mirror read throughout, still answers as a plain one does.
    expect(results(main)).toEqual(results(reference));
    expect(results(main).flat().length).toBeGreaterThan(300);
  });

  it("the mirror never writes to the shared pages", () => {
    const { main, queue, catchUp } = mirrored();
    for (const paper of corpus.slice(0, 800)) main.add(paper);
    for (const paper of corpus.slice(0, 100)) main.remove(paper.id);
    const before = pagesOf(main).map((page) => page.slice());
    catchUp(queue.length);
    expect(pagesOf(main).map((page) => page.slice())).toEqual(before);
  });

  it("a change the mirror replays otherwise than the index did stops it", () => {
    const { main, queue, catchUp } = mirrored();
    for (const paper of corpus.slice(0, 50)) main.add(paper);
    catchUp(queue.length);
    // A change the mirror is not told of puts the shared pages past what it expects at the next one.
    main.observe(undefined);
    main.add(corpus[60]!);
    const told: ToSearchThread[] = [];
    main.observe({
      added: (paper, step) => told.push(asSent({ kind: "add", paper, step })),
      removed: () => undefined,
      restored: () => undefined,
    });
    main.add(corpus[61]!);
    const copy = new IndexCopy();
    copy.handle(queue[0]!);
    for (const message of queue.slice(1)) copy.handle(message);
    expect(() => copy.handle(told[0]!)).toThrow(/drifted/);
  });

  it.each([
    ["in plain memory (copied into shared pages)", false],
    ["in shared memory (taken as they are)", true],
  ])("a part built apart %s and appended keeps the mirror in step with later changes", (_, sharedPart) => {
    const { main, copy, queue, catchUp } = mirrored();
    const reference = new SearchIndex();
    for (const paper of corpus.slice(0, 1200)) {
      main.add(paper);
      reference.add(paper);
    }
    const part = new SearchIndex({ part: true, ...(sharedPart ? { pages: new SharedPages() } : {}) });
    for (const paper of corpus.slice(1200, 2400)) {
      part.add(paper);
      reference.add(paper);
    }
    const built = part.part();
    const partPages = [...built.snapshot.documents.tokens.pages, ...built.snapshot.postings.arena.pages];
    main.append(structuredClone(built));
    expect(pagesOf(main).every(isSharedPage)).toBe(true);
    expect(pagesOf(main).some((page) => partPages.some((given) => sameMemory(page, given)))).toBe(sharedPart);
    // Papers added after the append write into the appended pages' free space and into new pages.
    for (const paper of corpus.slice(2400)) {
      main.add(paper);
      reference.add(paper);
    }
    for (const paper of corpus.slice(1300, 1400)) {
      main.add({ ...paper, title: `${paper.title} revisited` });
      reference.add({ ...paper, title: `${paper.title} revisited` });
    }
    catchUp(queue.length);
    expect(copy.index.size).toBe(reference.size);
    expect(results(copy.index)).toEqual(results(reference));
    expect(results(main)).toEqual(results(reference));
  });

  it("restoring plain pages into a shared index puts them in shared memory; a saved index can be read into them", () => {
    const plain = new SearchIndex();
    for (const paper of corpus.slice(0, 600)) plain.add(paper);
    const shared = new SearchIndex({ pages: new SharedPages() });
    shared.restore(structuredClone(plain.snapshot()));
    expect(shared.sharesPages).toBe(true);
    expect(pagesOf(shared).every(isSharedPage)).toBe(true);
    expect(isSharedPage(shared.newPage())).toBe(true);
    expect(results(shared)).toEqual(results(plain));
    expect(new SearchIndex().sharesPages).toBe(false);
  });
});
