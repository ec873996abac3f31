import type { Logger } from "pino";
import { createHttpClient, type HttpClient, type HttpClientOptions } from "../../http/index.ts";
import { addDays, isoWeek } from "../../time.ts";
import type { CatalogSources } from "../catalog.ts";
import { ARXIV_INTERVAL_MS, createArxivSource } from "./arxiv.ts";
import { listArxivDay } from "./arxiv-day.ts";
import { createHuggingFaceSource } from "./huggingface.ts";
import { fetchLinkedRepos } from "./huggingface-repos.ts";

/** arXiv listing page size, and the most papers one day's listing may bring. */
const ARXIV_PAGE = 200;
const ARXIV_MAX_PER_DAY = 2000;

/** Where the sources are and how to reach them. */
export interface CatalogSourcesOptions {
  huggingFaceUrl: string;
  arxivUrl: string;
  arxivCategories: string[];
  httpTimeoutMs: number;
  logger: Logger;
  /** Cancels every request and its retry back-offs (the app's shutdown). */
  signal: AbortSignal;
  /** Injectable waits and clock, for tests of pacing and retries. */
  sleep?: HttpClientOptions["sleep"];
  now?: HttpClientOptions["now"];
}

/**
 * Hugging Face and arXiv, each behind its own HTTP client: arXiv's client keeps arXiv's pace (one
 * request every 3 s), Hugging Face's is not paced, so the two stay independent even when both base
 * URLs point at one proxy or gateway.
 */
export function createCatalogSources(options: CatalogSourcesOptions): CatalogSources {
  const client = (minIntervalMs: number): HttpClient => {
    const http = createHttpClient({
      timeoutMs: options.httpTimeoutMs,
      minIntervalMs,
      logger: options.logger,
      sleep: options.sleep,
      now: options.now,
    });
    return {
      getJson: (url, init) => http.getJson(url, { ...init, signal: init?.signal ?? options.signal }),
      getText: (url, init) => http.getText(url, { ...init, signal: init?.signal ?? options.signal }),
    };
  };
  const { logger } = options;
  const huggingFaceHttp = client(0);
  const huggingFace = createHuggingFaceSource({
    http: huggingFaceHttp,
    baseUrl: options.huggingFaceUrl,
    logger,
  });
  const arxiv = createArxivSource({ http: client(ARXIV_INTERVAL_MS), baseUrl: options.arxivUrl, logger });
  return {
    daily: async (date) => (await huggingFace.daily({ date }, 100)).papers,
    week: async (date) => {
      // The seven days before `date` span up to two ISO weeks (all of last week on a Monday): ask for each.
      const weeks = [...new Set([isoWeek(addDays(date, -7)), isoWeek(addDays(date, -1))])];
      const answers = await Promise.all(weeks.map((week) => huggingFace.daily({ week }, 100)));
      return answers.flatMap((answer) => answer.papers);
    },
    paper: async (id) => huggingFace.paper(id),
    search: async (query, limit) => (await huggingFace.search(query, limit)).papers,
    arxivSearch: async (query, limit, searchOptions) =>
      (await arxiv.search(query, limit, searchOptions)).papers,
    arxivPapers: async (ids, lookup) => (await arxiv.papers(ids, lookup)).papers,
    // No followed categories: no listing (an empty category filter would list all of arXiv).
    arxivDay: async (date) =>
      options.arxivCategories.length === 0
        ? { papers: [], gaps: [] }
        : listArxivDay(arxiv, date, {
            categories: options.arxivCategories,
            pageSize: ARXIV_PAGE,
            maxResults: ARXIV_MAX_PER_DAY,
            logger,
          }),
    linkedRepos: (id) => fetchLinkedRepos(huggingFaceHttp, options.huggingFaceUrl, id),
  };
}
