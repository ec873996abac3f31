import type { Logger } from "../log.ts";
import type { SearchHit, SearchIndex, SearchOptions } from "../search/index.ts";
import type { PaperRepository } from "../store/paper-repository.ts";
import { addDays } from "../time.ts";
import { CatalogIndex, type IndexLoad, type LoadOptions } from "./catalog-index.ts";
import { searchNote, storedDayNote } from "./catalog-notes.ts";
import {
  ARXIV_ANNOUNCED_BY_MS,
  ARXIV_LISTING_BUDGET_MS,
  type ArxivDay,
  CATALOG_CALLS,
  type CatalogBudgets,
  type CatalogSources,
  DEFAULT_BUDGETS,
} from "./catalog-upstream.ts";
import type { Paper } from "./paper.ts";
import { samplePapersWithIds } from "./sample.ts";
import { type SourceName, UpstreamGuard } from "./upstream-guard.ts";

export type { IndexLoad } from "./catalog-index.ts";
export { matchReason } from "./catalog-notes.ts";
export type { ArxivDay, CatalogBudgets, CatalogSources };
export { CATALOG_CALLS, DEFAULT_BUDGETS };

/** Papers plus a short line about where they came from when it matters (offline, sample). */
export interface CatalogAnswer<T> {
  value: T;
  note?: string;
  /** True when the answer is the bundled sample, not real data for the request. */
  sample?: boolean;
  /** The source that could not be asked for this answer; the value is what the store had. */
  unavailable?: SourceName;
}

/** Something that answers searches as the catalog's index would, elsewhere (the search worker). */
export interface IndexSearcher {
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
  /** Resolves once searches see every change made to the index so far. */
  inStep(): Promise<void>;
}

/** A search result: the paper and how well it matches. */
export interface CatalogHit {
  paper: Paper;
  score: number;
  matched: string[];
}

/**
 * The one place commands get papers from: the store first, upstream within a time budget, and a
 * clear note (never an error) when upstream is down. Everything fetched is stored and indexed.
 */
export class Catalog {
  private readonly guard: UpstreamGuard;
  /** Loads, catches up and saves the search index beside the store. */
  private readonly lifecycle: CatalogIndex;
  private readonly fetchedAt = new Map<string, number>();
  /** The day fetches in flight, so concurrent callers share one. */
  private readonly dailyFetches = new Map<string, Promise<Paper[]>>();
  /** arXiv listings fetched (or being fetched) by this process, by date: one fetch per day for all channels. */
  private readonly arxivListings = new Map<string, Promise<void>>();
  /** Answers topic searches in place of the index on this thread (the search worker), when set. */
  private searcher: IndexSearcher | undefined;

  constructor(
    private readonly papers: PaperRepository,
    private readonly index: SearchIndex,
    private readonly sources: CatalogSources,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly budgets: CatalogBudgets = DEFAULT_BUDGETS,
  ) {
    this.guard = new UpstreamGuard(logger, now, budgets.backoffMs);
    this.lifecycle = new CatalogIndex(papers, index, logger, now);
  }

  /**
   * Fills the search index; call once at start. With `indexFile`, loads the index saved there and
   * catches up with the papers written since; otherwise, or when the file cannot be used, re-indexes
   * every stored paper (see {@link CatalogIndex.load} for the options).
   */
  load(indexFile?: string, options: LoadOptions = {}): Promise<IndexLoad> {
    return this.lifecycle.load(indexFile, options);
  }

  /** Saves the search index to `indexFile` if it changed; never throws (see {@link CatalogIndex.save}). */
  saveIndex(indexFile: string): Promise<boolean> {
    return this.lifecycle.save(indexFile);
  }

  /** Stores and indexes papers (from ingest or any source). */
  async remember(papers: readonly Paper[]): Promise<Paper[]> {
    const merged = await this.papers.upsert(papers, this.now().getTime());
    this.lifecycle.add(merged);
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
    return { value: stored, unavailable: failed.source, note: storedDayNote(failed.note, stored.length) };
  }

  /** Papers featured in the seven days before `date` (the quiet-day fallback): stored, else fetched. */
  async weekBefore(date: string): Promise<CatalogAnswer<Paper[]>> {
    const stored = await this.papers.featuredBetween(addDays(date, -7), addDays(date, -1));
    if (stored.length > 0) return { value: stored };
    const fetched = await this.guarded("week", `week of ${date}`, this.budgets.fetchMs, async () =>
      this.remember(await this.sources.week(date)),
    );
    if (fetched.ok) {
      // Only the seven days before: an upstream that answers with older papers (or the day itself) must not
      // have them shown as this week's best.
      const from = addDays(date, -7);
      return {
        value: fetched.value.filter((paper) => {
          const featured = paper.featuredOn ?? "";
          return featured >= from && featured < date;
        }),
      };
    }
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
    const sample = unavailable && this.empty ? samplePapersWithIds(ids.filter((id) => !found.has(id))) : [];
    for (const paper of sample) found.set(paper.id, paper);
    const value = ids.flatMap((id) => found.get(id) ?? []);
    return {
      value,
      missing: ids.filter((id) => !found.has(id)),
      note: notes.length > 0 ? notes.join(" ") : undefined,
      unavailable,
      sample: sample.length > 0 || undefined,
    };
  }

  /**
   * Topic search over the local index, merged with what Hugging Face's and arXiv's searches bring in
   * time. When the local index alone fills the answer, remote hits get only a short merge window
   * (`mergeMs`); otherwise they get the search budget. Remote searches that overrun go on in the
   * background, and what they bring is stored and indexed for the next search.
   */
  async search(query: string, limit: number): Promise<CatalogAnswer<CatalogHit[]>> {
    const local = await this.searchIndex(query, limit);
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
    const hits = added ? await this.searchIndex(query, limit) : local;
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
    return {
      value,
      note: searchNote(
        worth.map((answer) => answer.note),
        this.index.size,
        worth.length < remote.length,
      ),
      unavailable: worth[0]?.source,
    };
  }

  /** Has topic searches answered by `searcher` (which must answer as the index would) instead of the index. */
  searchWith(searcher: IndexSearcher | undefined): void {
    this.searcher = searcher;
  }

  /** Resolves once topic searches see every paper remembered so far (the search worker has caught up). */
  async searchesInStep(): Promise<void> {
    await this.searcher?.inStep();
  }

  private searchIndex(query: string, limit: number): Promise<SearchHit[]> | SearchHit[] {
    const options = { limit, now: this.now() };
    return this.searcher ? this.searcher.search(query, options) : this.index.search(query, options);
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
