import { type Logger, pino } from "pino";
import type { HttpClient } from "../../http/http-client.ts";
import { UpstreamError } from "../../http/upstream-error.ts";
import { type ArxivResult, arxivErrorMessage, parseArxivFeed } from "./arxiv-feed.ts";
import { type ArxivQuery, listingQuery, searchQuery } from "./arxiv-query.ts";
import { apiUrl } from "./text.ts";

/** Settings for {@link createArxivSource}. */
export interface ArxivSourceOptions {
  /** Should be created with `pacing: arxivPacing(baseUrl)`: arXiv allows one request every 3 s. */
  http: HttpClient;
  /** Default `https://export.arxiv.org`; a trailing `/` is optional (`ARXIV_API_URL`). */
  baseUrl?: string;
  logger?: Logger;
  /** Clock for `fetchedAt` and for a window without `to`. Default `() => new Date()`. */
  now?: () => Date;
}

/** Papers from the arXiv API: category listings by submission date, and free-text search. */
export interface ArxivSource {
  /** Newest first listing of the categories within the submission window. */
  query(query: ArxivQuery): Promise<ArxivResult>;
  /** Relevance-ordered search over all fields; at most `limit` (default 20) results. */
  search(text: string, limit?: number): Promise<ArxivResult>;
}

/** Default arXiv API base URL. */
export const ARXIV_URL = "https://export.arxiv.org";
/** arXiv's requested spacing between API calls. */
export const ARXIV_INTERVAL_MS = 3000;
/** Most results arXiv returns in one slice. */
export const ARXIV_MAX_RESULTS = 2000;

const ORIGIN = "arxiv";
const ATOM = "application/atom+xml, application/xml;q=0.9, */*;q=0.1";

/**
 * The HTTP client `pacing` entry for an arXiv base URL (`{ "export.arxiv.org": 3000 }`), so every
 * caller sharing the client keeps to arXiv's one-request-per-3-seconds rule.
 */
export function arxivPacing(baseUrl: string = ARXIV_URL): Record<string, number> {
  return { [new URL(baseUrl).host]: ARXIV_INTERVAL_MS };
}

const clamp = (value: number, min: number, max: number): number =>
  Math.max(min, Math.min(max, Math.floor(value)));

/**
 * Creates the arXiv source. Entries are parsed leniently (see `SourceResult`); a body that is not an
 * Atom feed, or an arXiv error feed (even one served with a 4xx status), fails with `bad_body`.
 */
export function createArxivSource(options: ArxivSourceOptions): ArxivSource {
  const { http } = options;
  const baseUrl = options.baseUrl ?? ARXIV_URL;
  const logger = options.logger ?? pino({ level: "silent" });
  const now = options.now ?? (() => new Date());

  const fetchFeed = async (params: Record<string, string>): Promise<ArxivResult> => {
    const url = apiUrl(baseUrl, "api/query", params);
    let body: string;
    try {
      ({ body } = await http.getText(url, { accept: ATOM }));
    } catch (error) {
      const message =
        error instanceof UpstreamError && error.body ? arxivErrorMessage(error.body) : undefined;
      if (!message || !(error instanceof UpstreamError)) throw error;
      throw new UpstreamError({
        origin: ORIGIN,
        code: "bad_body",
        url,
        status: error.status,
        detail: `arXiv error: ${message}`,
        cause: error,
      });
    }
    return parseArxivFeed(body, { url, logger, fetchedAt: now().toISOString() });
  };

  return {
    async query(query) {
      return fetchFeed({
        search_query: listingQuery(query, now().toISOString().slice(0, 10)),
        sortBy: "submittedDate",
        sortOrder: "descending",
        start: String(clamp(query.start ?? 0, 0, Number.MAX_SAFE_INTEGER)),
        max_results: String(clamp(query.maxResults ?? 100, 1, ARXIV_MAX_RESULTS)),
      });
    },

    async search(text, limit = 20) {
      const searchText = searchQuery(text);
      if (!searchText) return { papers: [], rejected: [] };
      return fetchFeed({
        search_query: searchText,
        sortBy: "relevance",
        sortOrder: "descending",
        start: "0",
        max_results: String(clamp(limit, 1, ARXIV_MAX_RESULTS)),
      });
    },
  };
}
