/**
 * The search worker's thread: a copy of the main thread's search index, kept in step by the changes the
 * main thread sends (in order, so a search always sees every paper added before it was asked), answering
 * searches so that their CPU time is not spent on the main thread's event loop (see `search-worker.ts`).
 * When the main thread's index keeps its arenas in shared memory (nearly all of its bytes), the copy is
 * a mirror: it reads those pages in place and replays each change only in its own small columns.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isSharedPage, type Page, PLAIN_PAGES } from "./int-arena.ts";
import {
  type ChangeStep,
  type IndexablePaper,
  type IndexSnapshot,
  SearchIndex,
  type SearchOptions,
} from "./search-index.ts";
import { MirrorPages } from "./shared-pages.ts";

/**
 * The message that hands the thread `snapshot`, and the buffers to transfer with it: a copy of its
 * columns whose memory moves to the thread (not serialised and copied again there) and, with
 * `sharedPages`, its arena pages as they are (shared memory: both threads read them).
 */
export function restoreMessage(
  snapshot: IndexSnapshot,
  sharedPages: boolean,
): { message: ToSearchThread; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const shared = new Set<unknown>(
    sharedPages ? [...snapshot.documents.tokens.pages, ...snapshot.postings.arena.pages] : [],
  );
  const copy = copyArrays(snapshot, transfer, shared) as IndexSnapshot;
  return { message: { kind: "restore", snapshot: copy }, transfer };
}

/**
 * `value` with every typed array in it copied (only its viewed part), each copy's buffer added to
 * `transfer`, except those in `shared`, which stay as they are (shared memory, passed and not copied).
 */
function copyArrays(value: unknown, transfer: ArrayBuffer[], shared: ReadonlySet<unknown>): unknown {
  if (shared.has(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const copy = (value as Uint8Array).slice();
    transfer.push(copy.buffer);
    return copy;
  }
  if (Array.isArray(value)) {
    // Lists of strings (ids, stems) go as they are: mapping 100k+ items only made garbage.
    if (value.every((inner) => inner === null || typeof inner !== "object")) return value;
    return value.map((inner) => copyArrays(inner, transfer, shared));
  }
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, copyArrays(inner, transfer, shared)]),
  );
}

/** What the main thread sends the worker. */
export type ToSearchThread =
  | { kind: "restore"; snapshot: IndexSnapshot }
  | { kind: "add"; paper: IndexablePaper; step: ChangeStep }
  | { kind: "remove"; id: string; step: ChangeStep }
  | { kind: "search"; id: number; query: string; options: SearchOptions }
  | { kind: "sync"; id: number };

/**
 * What the worker answers: a search's hits or why it could not, that it holds a restored copy, or that it
 * has applied every change sent before a `sync`.
 */
export type FromSearchThread =
  | { id: number; hits: ReturnType<SearchIndex["search"]> }
  | { id: number; error: string }
  | { restored: true }
  | { synced: number };

/** Marks the worker's `workerData`, so that importing this module elsewhere does nothing. */
export const SEARCH_THREAD_MARK = "paperboy-search-thread";

/** The thread's copy of the index, and the pages it mirrors when the main thread shares them. */
export class IndexCopy {
  readonly index = new SearchIndex();
  #mirror: MirrorPages | undefined;

  /** Applies one message; returns the answer it gets. Throws when a change was not replayed alike. */
  handle(message: ToSearchThread): FromSearchThread | undefined {
    switch (message.kind) {
      case "restore": {
        const shared = message.snapshot.postings.arena.pages.every(isSharedPage);
        this.#mirror = shared ? new MirrorPages() : undefined;
        this.index.restore(message.snapshot, { pages: this.#mirror ?? PLAIN_PAGES });
        return { restored: true };
      }
      case "add":
        this.#replay(message.step, () => this.index.add(message.paper));
        return undefined;
      case "remove":
        this.#replay(message.step, () => this.index.remove(message.id));
        return undefined;
      case "sync":
        return { synced: message.id };
      case "search":
        try {
          return { id: message.id, hits: this.index.search(message.query, message.options) };
        } catch (error) {
          return { id: message.id, error: error instanceof Error ? error.message : String(error) };
        }
    }
  }

  /**
   * Applies a change with the pages it made, then checks that it used them all and filled the arenas
   * as far as the main thread did: a copy that drifted would read the shared pages wrongly, so it
   * stops instead (the worker is then replaced, from a fresh snapshot).
   */
  #replay(step: ChangeStep, change: () => void): void {
    this.#mirror?.give(step.pages as Page[]);
    change();
    const [tokens, postings] = this.index.arenaFill;
    if (tokens !== step.fill[0] || postings !== step.fill[1] || (this.#mirror?.pending ?? 0) !== 0) {
      throw new Error(
        `[search] the search thread's index drifted from the main thread's (arena fill ${tokens}/${postings}, expected ${step.fill[0]}/${step.fill[1]})`,
      );
    }
  }
}

function serve(): void {
  const port = parentPort;
  if (!port) return;
  const copy = new IndexCopy();
  port.on("message", (message: ToSearchThread) => {
    const answer = copy.handle(message);
    if (answer) port.postMessage(answer);
  });
}

const data = workerData as { kind?: string } | null;
if (!isMainThread && data?.kind === SEARCH_THREAD_MARK) serve();
