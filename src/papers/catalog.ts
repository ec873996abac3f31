import type { Logger } from "../log.ts";
import type { SearchIndex } from "../search/index.ts";
import { IndexFileError, readIndexFile, writeIndexFile } from "../search/index-file.ts";
import { CHANGE_LOG_TTL_MS, type PaperRepository } from "../store/paper-repository.ts";
import { addDays } from "../time.ts";
import type { Paper } from "./paper.ts";
import { samplePapers } from "./sample.ts";

/** Papers plus a short line about where they came from when it matters (offline, sample). */
export interface CatalogAnswer<T> {
  value: T;
  note?: string;
  /** True when the answer is the bundled sample, not real data for the request. */
  sample?: boolean;
}

/** A search result: the paper and how well it matches. */
export interface CatalogHit {
  paper: Paper;
  score: number;
  matched: string[];
}

/** Why a search hit is listed, e.g. "matches forgetting, unlearning"; undefined when nothing matched by name. */
export function matchReason(hit: CatalogHit): string | undefined {
  return hit.matched.length > 0 ? `matches ${hit.matched.join(", ")}` : undefined;
}

/** The upstream calls the catalog makes; any of them may fail or hang. */
export interface CatalogSources {
  daily: (date: string) => Promise<Paper[]>;
  week: (date: string) => Promise<Paper[]>;
  paper: (id: string) => Promise<Paper | undefined>;
  search: (query: string, limit: number) => Promise<Paper[]>;
  /** arXiv's listing of the followed categories for one day (for `ingest --arxiv`). */
  arxivDay: (date: string) => Promise<Paper[]>;
}

/** How long a command waits for upstream before answering from the store (the fetch still completes). */
export interface CatalogBudgets {
  fetchMs: number;
  searchMs: number;
  /** After a failure, skip upstream for this long and answer from the store at once. */
  backoffMs: number;
  /** A day fetched this recently is not fetched again. */
  freshMs: number;
}

/** Default budgets: commands must answer well inside the platforms' 3-second window. */
export const DEFAULT_BUDGETS: CatalogBudgets = {
  fetchMs: 2500,
  searchMs: 800,
  backoffMs: 60_000,
  freshMs: 30 * 60_000,
};

const TIMED_OUT = Symbol("timed out");

/**
 * Writes whose change-log time is within this much before a catch-up are replayed again by the next
 * one: covers a write noted just before a listing but stored just after it, and clocks of processes
 * sharing the store that disagree by up to this much. Papers read again unchanged cost a lookup, not
 * re-indexing (see `SearchIndex.add`).
 */
const CATCH_UP_MARGIN_MS = 60_000;
/** Papers read from the store at a time while catching up. */
const CATCH_UP_BATCH = 1000;

/** What a saved index file records besides the index: the change-log time it is complete up to. */
interface IndexFileMeta {
  coveredUntil: number;
  papers: number;
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
 * The one place commands get papers from: the store first, upstream within a time budget, and a
 * clear note (never an error) when upstream is down. Everything fetched is stored and indexed.
 */
export class Catalog {
  private lastFailure = Number.NEGATIVE_INFINITY;
  /** Every change-log entry before this time (ms) is in the index. */
  private coveredUntil = 0;
  /** The index changed since it was loaded from or saved to a file. */
  private changed = false;
  private readonly fetchedAt = new Map<string, number>();
  /** The day fetches in flight, so concurrent callers share one. */
  private readonly dailyFetches = new Map<
    string,
    Promise<{ ok: true; value: Paper[] } | { ok: false; note: string }>
  >();

  constructor(
    private readonly papers: PaperRepository,
    private readonly index: SearchIndex,
    private readonly sources: CatalogSources,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly budgets: CatalogBudgets = DEFAULT_BUDGETS,
  ) {}

  /**
   * Fills the search index; call once at start. With `indexFile`, loads the index saved there and
   * catches up with the papers written since (in any process sharing the store), which is much faster
   * than re-indexing every stored paper; when the file is missing, damaged, of another version or
   * older than the change log, it re-indexes every stored paper and saves the file for next time.
   */
  async load(indexFile?: string): Promise<IndexLoad> {
    const started = performance.now();
    if (indexFile) {
      try {
        const { snapshot, meta } = readIndexFile<IndexFileMeta>(indexFile);
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
    const all = await this.papers.all();
    for (const paper of all) this.index.add(paper);
    this.coveredUntil = listedAt - CATCH_UP_MARGIN_MS;
    this.changed = true;
    if (indexFile) await this.saveIndex(indexFile);
    return { papers: all.length, from: "store", caughtUp: 0, ms: performance.now() - started };
  }

  /**
   * Saves the search index to `indexFile` if it changed since it was loaded or saved, after catching
   * up with papers other processes wrote. Never throws: a failure is logged and the next start
   * re-indexes. Returns whether a file was written.
   */
  async saveIndex(indexFile: string): Promise<boolean> {
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

  /** Stores and indexes papers (from ingest or any source). */
  async remember(papers: readonly Paper[]): Promise<Paper[]> {
    const merged = await this.papers.upsert(papers, this.now().getTime());
    for (const paper of merged) this.index.add(paper);
    if (merged.length > 0) this.changed = true;
    return merged;
  }

  /** Fetches and stores one day of Hugging Face daily papers, without a time budget (for `ingest`). */
  async ingest(date: string): Promise<Paper[]> {
    const papers = await this.remember(await this.sources.daily(date));
    this.fetchedAt.set(date, this.now().getTime());
    return papers;
  }

  /** Fetches and stores one day of arXiv listings in the followed categories (for `ingest --arxiv`). */
  async ingestArxiv(date: string): Promise<Paper[]> {
    return this.remember(await this.sources.arxivDay(date));
  }

  /** Papers featured on a date: fetched when not fresh, else from the store; the sample when offline and empty. */
  async forDate(date: string): Promise<CatalogAnswer<Paper[]>> {
    const stale = this.now().getTime() - (this.fetchedAt.get(date) ?? 0) > this.budgets.freshMs;
    let note: string | undefined;
    if (stale) {
      // One fetch per date at a time: a fan-out to hundreds of channels asks for the same day at once.
      let fetching = this.dailyFetches.get(date);
      if (!fetching) {
        fetching = this.attempt(`daily ${date}`, this.budgets.fetchMs, async () => {
          const papers = await this.sources.daily(date);
          this.fetchedAt.set(date, this.now().getTime());
          return this.remember(papers);
        });
        this.dailyFetches.set(date, fetching);
        void fetching.finally(() => this.dailyFetches.delete(date));
      }
      const fetched = await fetching;
      if (!fetched.ok) note = fetched.note;
    }
    const stored = await this.papers.featuredOn(date);
    if (stored.length === 0 && note) return this.sample(note);
    return { value: stored, note: note && `${note} Showing ${plural(stored.length, "stored paper")}.` };
  }

  /** Papers featured in the seven days before `date` (the quiet-day fallback). */
  async weekBefore(date: string): Promise<CatalogAnswer<Paper[]>> {
    const stored = await this.papers.featuredBetween(addDays(date, -7), addDays(date, -1));
    if (stored.length > 0) return { value: stored };
    const fetched = await this.attempt(`week of ${date}`, this.budgets.fetchMs, async () =>
      this.remember(await this.sources.week(date)),
    );
    if (fetched.ok) return { value: fetched.value.filter((paper) => (paper.featuredOn ?? "") < date) };
    return this.sample(fetched.note);
  }

  /** One paper by canonical id: stored, else fetched. */
  async paper(id: string): Promise<CatalogAnswer<Paper | undefined>> {
    const stored = await this.papers.get(id);
    if (stored) return { value: stored };
    const fetched = await this.attempt(`paper ${id}`, this.budgets.fetchMs, async () => {
      const paper = await this.sources.paper(id);
      return paper ? (await this.remember([paper]))[0] : undefined;
    });
    if (fetched.ok) return { value: fetched.value };
    const sample = samplePapers().find((paper) => paper.id === id);
    return { value: sample, note: fetched.note, sample: sample !== undefined };
  }

  /**
   * Topic search over the local index, merged with Hugging Face search when it answers within the
   * budget; still useful (and fast) when it does not.
   */
  async search(query: string, limit: number): Promise<CatalogAnswer<CatalogHit[]>> {
    const remote = await this.attempt(`search “${query}”`, this.budgets.searchMs, async () =>
      this.remember(await this.sources.search(query, 20)),
    );
    const hits = this.index.search(query, { limit, now: this.now() });
    const papers = await this.papers.getMany(hits.map((hit) => hit.id));
    const byId = new Map(papers.map((paper) => [paper.id, paper]));
    const value = hits.flatMap((hit) => {
      const paper = byId.get(hit.id);
      return paper ? [{ paper, score: hit.score, matched: hit.matched }] : [];
    });
    const note = remote.ok
      ? undefined
      : `${remote.note} Results come from the ${plural(this.index.size, "paper")} stored here.`;
    return { value, note };
  }

  /** Index terms starting with `prefix`, for autocomplete. */
  suggest(prefix: string, limit: number): string[] {
    return this.index.suggest(prefix, limit);
  }

  private sample(note: string | undefined): CatalogAnswer<Paper[]> {
    return {
      value: samplePapers(),
      sample: true,
      note: `${note ?? "No papers are stored yet."} Showing a bundled SAMPLE of papers (Hugging Face, 12 Jun 2026), not today's.`,
    };
  }

  /** Runs an upstream call within a budget; failures become a one-line note and a short back-off. */
  private async attempt<T>(
    what: string,
    budgetMs: number,
    call: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; note: string }> {
    if (this.now().getTime() - this.lastFailure < this.budgets.backoffMs) {
      return { ok: false, note: "Hugging Face is unreachable right now." };
    }
    const running = call();
    running.catch(() => {
      this.lastFailure = this.now().getTime();
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
    });
    try {
      const result = await Promise.race([running, timeout]);
      if (result === TIMED_OUT) {
        this.logger.warn({ what, budgetMs }, "upstream is slow; answering from the store");
        return { ok: false, note: "Hugging Face is not answering right now." };
      }
      return { ok: true, value: result };
    } catch (error) {
      this.logger.warn({ what, err: error }, "upstream failed; answering from the store");
      return { ok: false, note: "Hugging Face is unreachable right now." };
    } finally {
      clearTimeout(timer);
    }
  }
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;
