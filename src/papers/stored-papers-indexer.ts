import { siblingModule, startModuleWorker } from "../module-worker.ts";
import type { IndexPart } from "../search/search-index.ts";

/** What the indexer worker is asked: the store to open, where its share of the papers starts, the batch size. */
export interface IndexerRequest {
  url: string;
  from: string;
  batchSize: number;
  /** Build the part's arena pages in shared memory, for an index whose pages are shared (`SharedPages`). */
  sharedPages: boolean;
}

/** What the indexer worker posts: the index part it built and how many papers it read, or why it failed. */
export type IndexerMessage =
  | { kind: "part"; part: IndexPart; papers: number }
  | { kind: "error"; message: string };

/** A part of the search index built by the worker, and the number of stored papers it holds. */
export interface BuiltPart {
  part: IndexPart;
  papers: number;
}

/** Where the worker's code is: beside this file, compiled or (tests, tsx) as TypeScript. */
const WORKER = siblingModule(import.meta.url, "stored-papers-indexer-worker");

/**
 * Builds, in a worker thread over its own connection to the store at `url` (SQLite: a file any number of
 * connections share), the search index of the stored papers from `from` on (a `PaperRepository.splitPoint`),
 * read in batches of `batchSize`, as an index part (see `SearchIndex.part`) for the caller to append to
 * the index it builds meanwhile of the papers before `from`: reading, decoding and indexing the stored
 * papers then run on both cores at once. The part's arrays are transferred, not copied. Rejects if the
 * worker fails or exits first.
 */
export function indexStoredPapers(
  url: string,
  from: string,
  batchSize: number,
  sharedPages = false,
): Promise<BuiltPart> {
  return new Promise((resolve, reject) => {
    const workerData: IndexerRequest = { url, from, batchSize, sharedPages };
    const worker = startModuleWorker(WORKER, workerData);
    let settled = false;
    const settle = (error: Error | undefined, built?: BuiltPart) => {
      if (settled) return;
      settled = true;
      if (error) {
        void worker.terminate();
        reject(error);
      } else resolve(built!);
    };
    worker.on("message", (message: IndexerMessage) => {
      if (message.kind === "part") settle(undefined, { part: message.part, papers: message.papers });
      else settle(new Error(`[paperboy] [index] the store indexer failed: ${message.message}`));
    });
    worker.once("error", (error) => settle(error));
    worker.once("exit", (code) =>
      settle(new Error(`[paperboy] [index] the store indexer exited (${code}) before it finished`)),
    );
  });
}
