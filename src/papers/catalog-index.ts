import type { Logger } from "../log.ts";
import type { SearchIndex } from "../search/index.ts";
import { IndexFileError, readIndexFile, writeIndexFile } from "../search/index-file.ts";
import type { IndexablePaper, IndexPart } from "../search/search-index.ts";
import { CHANGE_LOG_TTL_MS, type PaperRepository } from "../store/paper-repository.ts";
import type { Paper } from "./paper.ts";

/**
 * Writes whose change-log time is within this much before a catch-up are replayed again by the next
 * one: covers a write noted just before a listing but stored just after it, and clocks of processes
 * sharing the store that disagree by up to this much. Papers read again unchanged cost a lookup, not
 * re-indexing (see `SearchIndex.add`).
 */
const CATCH_UP_MARGIN_MS = 60_000;
/**
 * Papers read from the store at a time while indexing every stored paper: only the batch being indexed
 * and the few read ahead (see `forEachBatch`) are alive at once, so memory at start is the index's, not
 * the whole store's as objects. Small, because those batches are what every young-generation collection copies: at
 * 100k papers on two threads, scavenges took ~1.1 s of CPU with batches of 500, ~0.3 s with 100
 * (0.36 s with 50, 0.6 s with 200), and peak RSS went from ~420 to ~390 MB.
 */
const LOAD_BATCH = 100;
/**
 * Share of the stored papers a first start leaves to `buildPart` (another thread) when it can: a little under
 * half, since that thread starts later (it loads its modules and opens its own connection first), and this
 * one appends its part at the end.
 */
const PART_SHARE = 0.45;
/** Papers read from the store at a time while catching up. */
const CATCH_UP_BATCH = 1000;

/** What a saved index file records besides the index: the change-log time it is complete up to. */
interface IndexFileMeta {
  coveredUntil: number;
  papers: number;
}

/** Options of {@link CatalogIndex.load}. */
export interface LoadOptions {
  /** Leave saving an index built from the store to {@link CatalogIndex.save} (a bot answers before it writes). */
  deferSave?: boolean;
  /**
   * Builds the index part (see `SearchIndex.part`) of the stored papers from `from` on (a
   * `PaperRepository.splitPoint`) off this thread, in batches of `batchSize` (see `indexStoredPapers`),
   * while this thread indexes the papers before `from`. When absent, when the store cannot say where to
   * split, or when it fails, every paper is indexed here.
   */
  buildPart?: (from: string, batchSize: number) => Promise<{ part: IndexPart; papers: number }>;
}

/** How the search index was loaded at start. */
export interface IndexLoad {
  papers: number;
  /** `file`: from the saved index plus the papers written since; `store`: every stored paper re-indexed. */
  from: "file" | "store";
  /** Papers re-indexed from the change log after loading the file. */
  caughtUp: number;
  ms: number;
}

/**
 * The search index's life beside the store: filled at start from a saved file (then caught up from the
 * store's change log) or from every stored paper, kept current as papers are stored, and saved again
 * when it changed. Several processes may share the store; each keeps its own index and catches up.
 */
export class CatalogIndex {
  /** Every change-log entry before this time (ms) is in the index. */
  private coveredUntil = 0;
  /** The index changed since it was loaded from or saved to a file. */
  private changed = false;

  constructor(
    private readonly papers: PaperRepository,
    private readonly index: SearchIndex,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * Fills the search index; call once at start. With `indexFile`, loads the index saved there and
   * catches up with the papers written since (in any process sharing the store), which is much faster
   * than re-indexing every stored paper; when the file is missing, damaged, of another version or
   * older than the change log, it re-indexes every stored paper and saves the file for next time:
   * at once, or with `deferSave` only when {@link save} is called (a bot answers before it writes).
   */
  async load(indexFile?: string, { deferSave = false, buildPart }: LoadOptions = {}): Promise<IndexLoad> {
    const started = performance.now();
    if (indexFile) {
      try {
        const { snapshot, meta } = readIndexFile<IndexFileMeta>(indexFile, () => this.index.newPage());
        if (
          !(
            Number.isFinite(meta.coveredUntil) && meta.coveredUntil > this.now().getTime() - CHANGE_LOG_TTL_MS
          )
        ) {
          throw new IndexFileError("it is older than the change log that would bring it up to date");
        }
        this.index.restore(snapshot);
        this.coveredUntil = meta.coveredUntil;
        const caughtUp = await this.catchUp();
        return { papers: this.index.size, from: "file", caughtUp, ms: performance.now() - started };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          this.logger.info({ indexFile }, "no saved search index yet: indexing every stored paper");
        } else {
          const reason =
            error instanceof IndexFileError || error instanceof RangeError ? error.message : String(error);
          this.logger.warn(
            { indexFile, reason },
            "cannot use the saved search index: indexing every stored paper",
          );
        }
      }
    }
    const listedAt = this.now().getTime();
    let papers = 0;
    const visit = (batch: readonly IndexablePaper[]) => {
      for (const paper of batch) this.index.add(paper);
      papers += batch.length;
    };
    const from = buildPart && (await this.splitPoint());
    if (buildPart && from !== undefined) {
      const part = buildPart(from, LOAD_BATCH);
      // Awaited below, after this thread's share; a failure meanwhile must not go unhandled.
      part.catch(() => undefined);
      await this.papers.forEachBatch(LOAD_BATCH, visit, { before: from });
      const own = performance.now();
      try {
        const built = await part;
        const arrived = performance.now();
        this.index.append(built.part);
        this.logger.debug(
          {
            here: papers,
            there: built.papers,
            ownMs: Math.round(own - started),
            waitedMs: Math.round(arrived - own),
            appendMs: Math.round(performance.now() - arrived),
          },
          "search index built on two threads",
        );
        papers += built.papers;
      } catch (error) {
        this.logger.warn(
          { err: error },
          "could not index the stored papers off the main thread: indexing them here",
        );
        await this.papers.forEachBatch(LOAD_BATCH, visit, { from });
      }
    } else await this.papers.forEachBatch(LOAD_BATCH, visit);
    this.coveredUntil = listedAt - CATCH_UP_MARGIN_MS;
    this.changed = true;
    if (indexFile && !deferSave) await this.save(indexFile);
    return { papers, from: "store", caughtUp: 0, ms: performance.now() - started };
  }

  /** Where the other thread's share of the stored papers starts, if the store can tell (else undefined, with a warning). */
  private async splitPoint(): Promise<string | undefined> {
    try {
      return await this.papers.splitPoint(1 - PART_SHARE);
    } catch (error) {
      this.logger.warn(
        { err: error },
        "could not split the stored papers between two threads: indexing them here",
      );
      return undefined;
    }
  }

  /**
   * Saves the search index to `indexFile` if it changed since it was loaded or saved, after catching
   * up with papers other processes wrote. Never throws: a failure is logged and the next start
   * re-indexes. Returns whether a file was written.
   */
  async save(indexFile: string): Promise<boolean> {
    if (!this.changed) return false;
    try {
      await this.catchUp();
      const meta: IndexFileMeta = { coveredUntil: this.coveredUntil, papers: this.index.size };
      const bytes = writeIndexFile(indexFile, this.index.snapshot(), meta);
      this.changed = false;
      this.logger.debug({ indexFile, papers: meta.papers, bytes }, "search index saved");
      return true;
    } catch (error) {
      this.logger.warn(
        { indexFile, err: error },
        "could not save the search index; the next start re-indexes",
      );
      return false;
    }
  }

  /** Indexes papers this process has just stored (merged as the store holds them). */
  add(papers: readonly Paper[]): void {
    for (const paper of papers) this.index.add(paper);
    if (papers.length > 0) this.changed = true;
  }

  /** Indexes papers written since `coveredUntil` (by any process); returns how many were indexed. */
  private async catchUp(): Promise<number> {
    const listedAt = this.now().getTime();
    const ids = await this.papers.changedSince(this.coveredUntil);
    let indexed = 0;
    for (let start = 0; start < ids.length; start += CATCH_UP_BATCH) {
      const papers = await this.papers.getMany(ids.slice(start, start + CATCH_UP_BATCH));
      for (const paper of papers) this.index.add(paper);
      indexed += papers.length;
    }
    this.coveredUntil = Math.max(this.coveredUntil, listedAt - CATCH_UP_MARGIN_MS);
    if (indexed > 0) this.changed = true;
    return indexed;
  }
}
