import { type Logger, pino } from "pino";
import { VARIABLES } from "../../config/variables.ts";
import type { HttpClient } from "../../http/http-client.ts";
import { UpstreamError } from "../../http/upstream-error.ts";
import { canonicalId } from "../canonical-id.ts";
import { type ArxivResult, arxivErrorMessage, parseArxivFeed } from "./arxiv-feed.ts";
import { type ArxivQuery, listingQuery, searchQuery } from "./arxiv-query.ts";
import { apiUrl } from "./text.ts";

/** Settings for {@link createArxivSource}. */
export interface ArxivSourceOptions {
  /**
   * arXiv's own client, created with `minIntervalMs: ARXIV_INTERVAL_MS` (one request every 3 s) and
   * shared with no other source, so arXiv's pace never slows another source behind the same host.
   */
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
  /**
   * Relevance-ordered search over all fields; at most `limit` (default 20) results. With
   * `maxPacingWaitMs`, fails at once (`PacedOutError`) rather than queue longer for arXiv's pace.
   */
  search(text: string, limit?: number, options?: { maxPacingWaitMs?: number }): Promise<ArxivResult>;
  /**
   * Papers by arXiv id (`id_list`, up to {@link ARXIV_ID_LIST_MAX} a request, paged beyond), versions
   * stripped; ids arXiv does not know are simply absent from the result.
   */
  papers(ids: readonly string[], options?: { maxPacingWaitMs?: number }): Promise<ArxivResult>;
}

/** Default arXiv API base URL. */
export const ARXIV_URL = VARIABLES.ARXIV_API_URL.default;
/** arXiv's requested spacing between API calls. */
export const ARXIV_INTERVAL_MS = 3000;
/** Most results arXiv returns in one slice. */
export const ARXIV_MAX_RESULTS = 2000;
/** Most ids paperboy puts in one `id_list` request (arXiv's guidance for a polite request). */
export const ARXIV_ID_LIST_MAX = 100;

const ORIGIN = "arxiv";
const ATOM = "application/atom+xml, application/xml;q=0.9, */*;q=0.1";

const clamp = (value: number, min: number, max: number): number =>
  Math.max(min, Math.min(max, Math.floor(value)));

/**
 * Creates the arXiv source. Entries are parsed leniently (see `SourceResult`), at most the `max_results`
 * each request asks for; a body that is not an Atom feed, or an arXiv error feed (even one served with a
 * 4xx status), fails with `bad_body`.
 */
export function createArxivSource(options: ArxivSourceOptions): ArxivSource {
  const { http } = options;
  const baseUrl = options.baseUrl ?? ARXIV_URL;
  const logger = options.logger ?? pino({ level: "silent" });
  const now = options.now ?? (() => new Date());

  const fetchFeed = async (
    params: Record<string, string>,
    maxPacingWaitMs?: number,
  ): Promise<ArxivResult> => {
    const url = apiUrl(baseUrl, "api/query", params);
    let body: string;
    try {
      ({ body } = await http.getText(url, { accept: ATOM, maxPacingWaitMs }));
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
    return parseArxivFeed(body, {
      url,
      logger,
      fetchedAt: now().toISOString(),
      maxEntries: params.max_results === undefined ? undefined : Number(params.max_results),
    });
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

    async search(text, limit = 20, searchOptions = {}) {
      const searchText = searchQuery(text);
      if (!searchText) return { papers: [], rejected: [] };
      return fetchFeed(
        {
          search_query: searchText,
          sortBy: "relevance",
          sortOrder: "descending",
          start: "0",
          max_results: String(clamp(limit, 1, ARXIV_MAX_RESULTS)),
        },
        searchOptions.maxPacingWaitMs,
      );
    },

    async papers(ids, lookup = {}) {
      const wanted = [...new Set(ids.flatMap((id) => canonicalId(id) ?? []))];
      const result: ArxivResult = { papers: [], rejected: [] };
      for (let start = 0; start < wanted.length; start += ARXIV_ID_LIST_MAX) {
        const batch = wanted.slice(start, start + ARXIV_ID_LIST_MAX);
        const page = await fetchFeed(
          { id_list: batch.join(","), max_results: String(batch.length) },
          start === 0 ? lookup.maxPacingWaitMs : undefined,
        );
        result.papers.push(...page.papers);
        result.rejected.push(...page.rejected);
      }
      return result;
    },
  };
}
