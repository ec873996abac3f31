import type { Paper } from "./paper.ts";
import type { LinkedRepos } from "./sources/huggingface-repos.ts";
import type { UpstreamCall } from "./upstream-guard.ts";

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
  /** Hugging Face's listings of the ISO weeks the seven days before a date fall in. */
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
  /** Hugging Face models, datasets and Spaces citing a paper (follow-ups); absent: not checked. */
  linkedRepos?: (id: string) => Promise<LinkedRepos>;
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
  linkedRepos: { source: "huggingface", kind: "repos" },
};

/** How long a command waits for upstream before answering from the store (the fetch still completes). */
export interface CatalogBudgets {
  /** An interactive command's wait for a day's or a paper's listing. */
  fetchMs: number;
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
export const ARXIV_ANNOUNCED_BY_MS = 2 * 3_600_000;
/** The longest a day's arXiv listing may take before it is left to go on in the background. */
export const ARXIV_LISTING_BUDGET_MS = 10 * 60_000;

/** Default budgets: commands must answer well inside the platforms' 3-second window. */
export const DEFAULT_BUDGETS: CatalogBudgets = {
  fetchMs: 2500,
  searchMs: 800,
  mergeMs: 150,
  backoffMs: 60_000,
  freshMs: 30 * 60_000,
};
