import { parentPort, workerData } from "node:worker_threads";
import { type IndexablePaper, paperFingerprint } from "../search/search-index.ts";
import { openStore } from "../store/open-store.ts";
import { PaperRepository } from "../store/paper-repository.ts";
import type { ReaderMessage, ReaderRequest } from "./stored-papers-reader.ts";

/**
 * Runs in a worker thread (see `readStoredPapers`): reads every stored paper from its own connection to
 * the store, keeps the fields the search index reads and their fingerprints (see `paperFingerprint`), and
 * posts them in batches, at most `AHEAD` batches
 * ahead of the batches the main thread has taken, so the store never sits in memory as a whole.
 */
const AHEAD = 2;
const port = parentPort!;
const { url, batchSize } = workerData as ReaderRequest;
let taken = 0;
let posted = 0;
let wake: (() => void) | undefined;
port.on("message", () => {
  taken++;
  wake?.();
});

const fields = (paper: IndexablePaper): IndexablePaper => ({
  id: paper.id,
  title: paper.title,
  abstract: paper.abstract,
  upvotes: paper.upvotes,
  aiKeywords: paper.aiKeywords,
  aiSummary: paper.aiSummary,
  publishedAt: paper.publishedAt,
  featuredOn: paper.featuredOn,
});

const post = (message: ReaderMessage) => port.postMessage(message);
try {
  const backend = await openStore(url);
  try {
    await new PaperRepository(backend).forEachBatch(batchSize, async (papers) => {
      while (posted - taken >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      const fingerprints = new Uint32Array(papers.length * 2);
      papers.forEach((paper, index) => {
        fingerprints.set(paperFingerprint(paper), index * 2);
      });
      port.postMessage({ kind: "batch", papers: papers.map(fields), fingerprints } satisfies ReaderMessage, [
        fingerprints.buffer,
      ]);
      posted++;
    });
  } finally {
    await backend.close();
  }
  post({ kind: "done" });
} catch (error) {
  post({ kind: "error", message: error instanceof Error ? error.message : String(error) });
}
port.close();
