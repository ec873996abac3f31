import type { Logger } from "../log.ts";
import type { SearchIndex } from "../search/index.ts";
import { IndexFileError, readIndexFile, writeIndexFile } from "../search/index-file.ts";
import { CHANGE_LOG_TTL_MS, type PaperRepository } from "../store/paper-repository.ts";
import { addDays } from "../time.ts";
import type { Paper } from "./paper.ts";
import { samplePapers } from "./sample.ts";
import { type SourceName, type UpstreamCall, UpstreamGuard } from "./upstream-guard.ts";

/** Papers plus a short line about where they came from when it matters (offline, sample). */
export interface CatalogAnswer<T> {
  value: T;
  note?: string;
  /** True when the answer is the bundled sample, not real data for the request. */
  sample?: boolean;
  /** The source that could not be asked for this answer; the value is what the store had. */
  unavailable?: SourceName;
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

/** arXiv's listing of the followed categories for one day, with the result ranges it could not get. */
export interface ArxivDay {
  papers: Paper[];
  /**
   * Ranges of results (0-based, end exclusive) the listing could not get: pages that came back empty
   * even after retries, or (with `reason`) the rest of the listing after a page failed.
   */
  gaps: { start: number; end: number; total: number; reason?: string }[];
}

/** The upstream calls the catalog makes; any of them may fail or hang. Each belongs to one source. */
export interface CatalogSources {
  /** Hugging Face's daily listing for a date. */
  daily: (date: string) => Promise<Paper[]>;
  /** Hugging Face's listing for the ISO week of a date. */
  week: (date: string) => Promise<Paper[]>;
  /** One paper from Hugging Face; `undefined` when it does not know the id. */
  paper: (id: string) => Promise<Paper | undefined>;
  /** Hugging Face's paper search. */
  search: (query: string, limit: number) => Promise<Paper[]>;
  /** arXiv's search; `maxPacingWaitMs` skips it rather than queue for arXiv's pace. */
  arxivSearch: (query: string, limit: number, options: { maxPacingWaitMs?: number }) => Promise<Paper[]>;
  /** Papers by id from arXiv (`id_list`); unknown ids are absent. `maxPacingWaitMs` as for search. */
  arxivPapers: (ids: readonly string[], options: { maxPacingWaitMs?: number }) => Promise<Paper[]>;
  /** arXiv's listing of the followed categories for one day (for `ingest --arxiv`). */
  arxivDay: (date: string) => Promise<ArxivDay>;
}

/** The source and kind of every catalog call, for back-off, notes and metrics. */
export const CATALOG_CALLS: Readonly<Record<keyof CatalogSources, UpstreamCall>> = {
  daily: { source: "huggingface", kind: "daily" },
  week: { source: "huggingface", kind: "week" },
  paper: { source: "huggingface", kind: "paper" },
  search: { source: "huggingface", kind: "search" },
  arxivSearch: { source: "arxiv", kind: "search" },
  arxivPapers: { source: "arxiv", kind: "id_list" },
  arxivDay: { source: "arxiv", kind: "listing" },
};

/** How long a command waits for upstream before answering from the store (the fetch still completes). */
export interface CatalogBudgets {
  /** An interactive command's wait for a day's or a paper's listing. */
  fetchMs: number;
  /** A scheduled digest's wait for its day's listing: nobody is waiting on a 3-second window. */
  scheduledFetchMs: number;
  /** A topic search's wait for remote search when the local index alone has too few hits. */
  searchMs: number;
  /** A topic search's wait for remote hits to merge when the local index already has enough. */
  mergeMs: number;
  /** After a failure, skip that source's calls of that kind for this long and answer from the store. */
  backoffMs: number;
  /** A day fetched this recently is not fetched again. */
  freshMs: number;
}

/**
 * How long after midnight UTC following a submission day its listing is surely announced (arXiv announces
 * at 20:00 in New York, 00:00 or 01:00 UTC): a listing fetched earlier would be taken for complete.
 */
const ARXIV_ANNOUNCED_BY_MS = 2 * 3_600_000;
/** The longest a day's arXiv listing may take before it is left to go on in the background. */
const ARXIV_LISTING_BUDGET_MS = 10 * 60_000;

/** Default budgets: commands must answer well inside the platforms' 3-second window. */
export const DEFAULT_BUDGETS: CatalogBudgets = {
  fetchMs: 2500,
  scheduledFetchMs: 20_000,
  searchMs: 800,
  mergeMs: 150,
  backoffMs: 60_000,
  freshMs: 30 * 60_000,
};

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
  private readonly guard: UpstreamGuard;
  /** Every change-log entry before this time (ms) is in the index. */
  private coveredUntil = 0;
  /** The index changed since it was loaded from or saved to a file. */
  private changed = false;
  private readonly fetchedAt = new Map<string, number>();
  /** The day fetches in flight, so concurrent callers share one. */
  private readonly dailyFetches = new Map<string, Promise<Paper[]>>();
  /** arXiv listings fetched (or being fetched) by this process, by date: one fetch per day for all channels. */
  private readonly arxivListings = new Map<string, Promise<void>>();

  constructor(
    private readonly papers: PaperRepository,
    private readonly index: SearchIndex,
    private readonly sources: CatalogSources,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly budgets: CatalogBudgets = DEFAULT_BUDGETS,
  ) {
    this.guard = new UpstreamGuard(logger, now, budgets.backoffMs);
  }

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

  /**
   * Fetches and stores one day of arXiv listings in the followed categories (for `ingest --arxiv`);
   * `gaps` are the result ranges arXiv kept answering empty.
   */
  async ingestArxiv(date: string): Promise<ArxivDay> {
    const day = await this.sources.arxivDay(date);
    return { papers: await this.remember(day.papers), gaps: day.gaps };
  }

  /**
   * Papers featured on a date: fetched when not fresh (one fetch per date at a time, shared by every
   * caller), else from the store. When the fetch fails or overruns `budgetMs`, the answer is what the
   * store holds for the date, with a note and `unavailable` naming the source: never the sample, never
   * another day's papers.
   */
  async forDate(date: string, options: { budgetMs?: number } = {}): Promise<CatalogAnswer<Paper[]>> {
    const stale = this.now().getTime() - (this.fetchedAt.get(date) ?? 0) > this.budgets.freshMs;
    let failed: { note: string; source: SourceName } | undefined;
    if (stale) {
      const fetched = await this.guarded(
        "daily",
        `daily ${date}`,
        options.budgetMs ?? this.budgets.fetchMs,
        () => {
          // A fan-out to hundreds of channels asks for the same day at once: one fetch serves them all.
          let fetching = this.dailyFetches.get(date);
          if (!fetching) {
            fetching = this.sources.daily(date).then((papers) => {
              this.fetchedAt.set(date, this.now().getTime());
              return this.remember(papers);
            });
            this.dailyFetches.set(date, fetching);
            void fetching.then(
              () => this.dailyFetches.delete(date),
              () => this.dailyFetches.delete(date),
            );
          }
          return fetching;
        },
      );
      if (!fetched.ok) failed = fetched;
    }
    const stored = await this.papers.featuredOn(date);
    if (!failed) return { value: stored };
    return {
      value: stored,
      unavailable: failed.source,
      note:
        stored.length > 0
          ? `${failed.note} Showing ${plural(stored.length, "stored paper")} featured that day.`
          : failed.note,
    };
  }

  /** Papers featured in the seven days before `date` (the quiet-day fallback): stored, else fetched. */
  async weekBefore(date: string): Promise<CatalogAnswer<Paper[]>> {
    const stored = await this.papers.featuredBetween(addDays(date, -7), addDays(date, -1));
    if (stored.length > 0) return { value: stored };
    const fetched = await this.guarded("week", `week of ${date}`, this.budgets.fetchMs, async () =>
      this.remember(await this.sources.week(date)),
    );
    if (fetched.ok) return { value: fetched.value.filter((paper) => (paper.featuredOn ?? "") < date) };
    return { value: [], note: fetched.note, unavailable: fetched.source };
  }

  /**
   * Fetches and stores arXiv's listing of new submissions of `date` in the followed categories, once
   * per process and date however many channels ask (a listing is up to ten pages at arXiv's pace of one
   * request every 3 s), and not before it is announced (02:00 UTC the day after). A listing that failed is
   * fetched again at a later call (after the back-off); one that came with gaps keeps what came. Resolves
   * when done; never rejects.
   */
  warmArxivListing(date: string): Promise<void> {
    // arXiv announces a day's submissions at 20:00 New York time; before that the listing is not out.
    if (this.now().getTime() < Date.parse(`${addDays(date, 1)}T00:00:00Z`) + ARXIV_ANNOUNCED_BY_MS) {
      return Promise.resolve();
    }
    let running = this.arxivListings.get(date);
    if (!running) {
      running = this.guarded("arxivDay", `listing ${date}`, ARXIV_LISTING_BUDGET_MS, () =>
        this.ingestArxiv(date),
      ).then((fetched) => {
        if (!fetched.ok) this.arxivListings.delete(date);
        else if (fetched.value.gaps.length > 0) {
          this.logger.warn({ date, gaps: fetched.value.gaps }, "[arxiv] the day's listing is incomplete");
        }
      });
      this.arxivListings.set(date, running);
    }
    return running;
  }

  /**
   * arXiv's new submissions of `date` as stored, after waiting at most `waitMs` for a listing of that
   * date being fetched (0: answer from the store at once).
   */
  async listedOn(date: string, waitMs = 0): Promise<Paper[]> {
    const running = this.arxivListings.get(date);
    if (running && waitMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
    return this.papers.listedOn(date);
  }

  /** Whether no paper at all is stored (a brand-new install). */
  get empty(): boolean {
    return this.index.size === 0;
  }

  /**
   * Papers by canonical id: stored, else from Hugging Face, else from arXiv (`id_list`), which knows
   * every paper including those Hugging Face never featured. `missing` lists the ids nobody knows;
   * `unavailable` names a source that could not be asked, so a missing id may just be unreachable.
   * Offline on an empty store, a sample paper with that id is answered, marked `sample`.
   */
  async papersById(ids: readonly string[]): Promise<CatalogAnswer<Paper[]> & { missing: string[] }> {
    const stored = await this.papers.getMany(ids);
    const found = new Map(stored.map((paper) => [paper.id, paper]));
    const notes: string[] = [];
    let unavailable: SourceName | undefined;
    const lookFor = async (
      call: "paper" | "arxivPapers",
      fetch: (wanted: string[]) => Promise<Paper[]>,
    ): Promise<void> => {
      const wanted = ids.filter((id) => !found.has(id));
      if (wanted.length === 0) return;
      const fetched = await this.guarded(call, `papers ${wanted.join(",")}`, this.budgets.fetchMs, async () =>
        this.remember(await fetch(wanted)),
      );
      if (!fetched.ok) {
        notes.push(fetched.note);
        unavailable ??= fetched.source;
        return;
      }
      for (const paper of fetched.value) if (wanted.includes(paper.id)) found.set(paper.id, paper);
    };
    await lookFor("paper", async (wanted) => {
      const answers = await Promise.all(wanted.map((id) => this.sources.paper(id)));
      return answers.filter((paper): paper is Paper => paper !== undefined);
    });
    await lookFor("arxivPapers", (wanted) =>
      this.sources.arxivPapers(wanted, { maxPacingWaitMs: this.budgets.fetchMs }),
    );
    let sample = false;
    if (unavailable && this.empty) {
      for (const paper of samplePapers()) {
        if (ids.includes(paper.id) && !found.has(paper.id)) {
          found.set(paper.id, paper);
          sample = true;
        }
      }
    }
    const value = ids.flatMap((id) => found.get(id) ?? []);
    return {
      value,
      missing: ids.filter((id) => !found.has(id)),
      note: notes.length > 0 ? notes.join(" ") : undefined,
      unavailable,
      sample: sample || undefined,
    };
  }

  /**
   * Topic search over the local index, merged with what Hugging Face's and arXiv's searches bring in
   * time. When the local index alone fills the answer, remote hits get only a short merge window
   * (`mergeMs`); otherwise they get the search budget. Remote searches that overrun go on in the
   * background, and what they bring is stored and indexed for the next search.
   */
  async search(query: string, limit: number): Promise<CatalogAnswer<CatalogHit[]>> {
    const local = this.index.search(query, { limit, now: this.now() });
    const enough = local.length >= limit;
    const budgetMs = enough ? this.budgets.mergeMs : this.budgets.searchMs;
    const remote = await Promise.all([
      this.guarded(
        "search",
        `search “${query}”`,
        budgetMs,
        async () => this.remember(await this.sources.search(query, 20)),
        { quietWhenSlow: enough },
      ),
      this.guarded(
        "arxivSearch",
        `search “${query}”`,
        budgetMs,
        async () => this.remember(await this.sources.arxivSearch(query, 20, { maxPacingWaitMs: budgetMs })),
        { quietWhenSlow: enough },
      ),
    ]);
    const added = remote.some((answer) => answer.ok && answer.value.length > 0);
    const hits = added ? this.index.search(query, { limit, now: this.now() }) : local;
    const papers = await this.papers.getMany(hits.map((hit) => hit.id));
    const byId = new Map(papers.map((paper) => [paper.id, paper]));
    const value = hits.flatMap((hit) => {
      const paper = byId.get(hit.id);
      return paper ? [{ paper, score: hit.score, matched: hit.matched }] : [];
    });
    // A source that was merely slow to add to a full answer, or skipped to keep arXiv's pace, is no news.
    const worth = remote.flatMap((answer) =>
      answer.ok || answer.failure === "paced" || (enough && answer.failure === "slow") ? [] : [answer],
    );
    if (worth.length === 0) return { value };
    const names = worth.map((answer) => answer.note).join(" ");
    return {
      value,
      note: `${names} Results come from the ${plural(this.index.size, "paper")} stored here${worth.length < remote.length ? " and the sources that answered" : ""}.`,
      unavailable: worth[0]?.source,
    };
  }

  /** Index terms starting with `prefix`, for autocomplete. */
  suggest(prefix: string, limit: number): string[] {
    return this.index.suggest(prefix, limit);
  }

  /** Runs one catalog call through the per-source, per-kind budget and back-off. */
  private guarded<T>(
    call: keyof CatalogSources,
    what: string,
    budgetMs: number,
    run: () => Promise<T>,
    options?: { quietWhenSlow?: boolean },
  ) {
    return this.guard.attempt(CATALOG_CALLS[call], what, budgetMs, run, options);
  }
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;
