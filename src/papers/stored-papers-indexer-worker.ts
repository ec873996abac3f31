import { parentPort, workerData } from "node:worker_threads";
import { SearchIndex } from "../search/search-index.ts";
import { SharedPages } from "../search/shared-pages.ts";
import { openStore } from "../store/open-store.ts";
import { PaperRepository } from "../store/paper-repository.ts";
import type { IndexerMessage, IndexerRequest } from "./stored-papers-indexer.ts";

/**
 * Runs in a worker thread (see `indexStoredPapers`): reads the stored papers from `from` on over its own
 * connection to the store, a batch at a time, indexes them into an index part, and posts the part with
 * its arrays' memory handed over (transferred, not copied).
 */
const port = parentPort!;
const { url, from, batchSize, sharedPages } = workerData as IndexerRequest;

/**
 * Every ArrayBuffer under `value`, once each (a transfer list may not name one twice). Shared memory is
 * left out: it is shared with the receiving thread as it is, and cannot be transferred.
 */
function buffersOf(value: unknown, found: Set<ArrayBuffer>): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(value)) {
    if (!(value.buffer instanceof SharedArrayBuffer)) found.add(value.buffer as ArrayBuffer);
  } else if (Array.isArray(value)) {
    if (typeof value[0] !== "string") for (const inner of value) buffersOf(inner, found);
  } else if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) buffersOf(inner, found);
  }
  return found;
}

try {
  const backend = await openStore(url);
  // In shared memory when the index it is appended to is (a search thread reads that index's pages in place).
  const index = new SearchIndex({ part: true, ...(sharedPages ? { pages: new SharedPages() } : {}) });
  let papers = 0;
  try {
    await new PaperRepository(backend).forEachBatch(
      batchSize,
      (batch) => {
        for (const paper of batch) index.add(paper);
        papers += batch.length;
      },
      { from },
    );
  } finally {
    await backend.close();
  }
  const part = index.part();
  port.postMessage({ kind: "part", part, papers } satisfies IndexerMessage, [...buffersOf(part, new Set())]);
} catch (error) {
  port.postMessage({
    kind: "error",
    message: error instanceof Error ? error.message : String(error),
  } satisfies IndexerMessage);
}
port.close();
