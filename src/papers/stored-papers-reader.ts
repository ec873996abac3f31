import { siblingModule, startModuleWorker } from "../module-worker.ts";
import type { IndexablePaper } from "../search/search-index.ts";

/** What the reader worker is asked: the store to open and the batch size. */
export interface ReaderRequest {
  url: string;
  batchSize: number;
}

/** What the reader worker posts: a batch of papers' indexable fields and fingerprints (two a paper), the end, or why it failed. */
export type ReaderMessage =
  | { kind: "batch"; papers: IndexablePaper[]; fingerprints: Uint32Array }
  | { kind: "done" }
  | { kind: "error"; message: string };

/** Where the worker's code is: beside this file, compiled or (tests, tsx) as TypeScript. */
const WORKER = siblingModule(import.meta.url, "stored-papers-worker");

/**
 * Calls `visit` with the indexable fields of every stored paper and their fingerprints (`paperFingerprint`,
 * two numbers a paper), in batches of at most `batchSize`, read
 * by a worker thread over its own connection to the store at `url` (SQLite: a file any number of
 * connections share). Reading and decoding the store and fingerprinting the papers (about a fifth of
 * indexing them at first start) then run on the other core while this thread indexes the previous batch. Rejects if the worker fails;
 * the batches visited until then were complete papers.
 */
export function readStoredPapers(
  url: string,
  batchSize: number,
  visit: (papers: IndexablePaper[], fingerprints: Uint32Array) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const workerData: ReaderRequest = { url, batchSize };
    const worker = startModuleWorker(WORKER, workerData);
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) {
        void worker.terminate();
        reject(error);
      } else resolve();
    };
    worker.on("message", (message: ReaderMessage) => {
      if (message.kind === "batch") {
        try {
          visit(message.papers, message.fingerprints);
        } catch (error) {
          settle(error as Error);
          return;
        }
        worker.postMessage("next");
      } else if (message.kind === "done") settle();
      else settle(new Error(`[paperboy] [index] the store reader failed: ${message.message}`));
    });
    worker.once("error", (error) => settle(error));
    worker.once("exit", (code) =>
      settle(new Error(`[paperboy] [index] the store reader exited (${code}) before it finished`)),
    );
  });
}
