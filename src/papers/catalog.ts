import type { Logger } from "../log.ts";
import type { SearchIndex } from "../search/index.ts";
import type { PaperRepository } from "../store/paper-repository.ts";
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
 * The one place commands get papers from: the store first, upstream within a time budget, and a
 * clear note (never an error) when upstream is down. Everything fetched is stored and indexed.
 */
export class Catalog {
  private lastFailure = Number.NEGATIVE_INFINITY;
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

  /** Loads every stored paper into the search index; call once at start. */
  async load(): Promise<number> {
    const all = await this.papers.all();
    for (const paper of all) this.index.add(paper);
    return all.length;
  }

  /** Stores and indexes papers (from ingest or any source). */
  async remember(papers: readonly Paper[]): Promise<Paper[]> {
    const merged = await this.papers.upsert(papers);
    for (const paper of merged) this.index.add(paper);
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
