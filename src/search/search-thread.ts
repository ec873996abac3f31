/**
 * The search worker's thread: a copy of the main thread's search index, kept in step by the changes the
 * main thread sends (in order, so a search always sees every paper added before it was asked), answering
 * searches so that their CPU time is not spent on the main thread's event loop (see `search-worker.ts`).
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { type IndexablePaper, type IndexSnapshot, SearchIndex, type SearchOptions } from "./search-index.ts";

/** What the main thread sends the worker. */
export type ToSearchThread =
  | { kind: "restore"; snapshot: IndexSnapshot }
  | { kind: "add"; paper: IndexablePaper }
  | { kind: "remove"; id: string }
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

/** Applies one message to the thread's index; returns the answer a search gets. */
export function handleMessage(index: SearchIndex, message: ToSearchThread): FromSearchThread | undefined {
  switch (message.kind) {
    case "restore":
      index.restore(message.snapshot);
      return { restored: true };
    case "add":
      index.add(message.paper);
      return undefined;
    case "remove":
      index.remove(message.id);
      return undefined;
    case "sync":
      return { synced: message.id };
    case "search":
      try {
        return { id: message.id, hits: index.search(message.query, message.options) };
      } catch (error) {
        return { id: message.id, error: error instanceof Error ? error.message : String(error) };
      }
  }
}

function serve(): void {
  const port = parentPort;
  if (!port) return;
  const index = new SearchIndex();
  port.on("message", (message: ToSearchThread) => {
    const answer = handleMessage(index, message);
    if (answer) port.postMessage(answer);
  });
}

const data = workerData as { kind?: string } | null;
if (!isMainThread && data?.kind === SEARCH_THREAD_MARK) serve();
