import type { Logger } from "pino";
import { describeError } from "../../errors.ts";
import type { ArxivDay } from "../catalog.ts";
import type { ArxivSource } from "./arxiv.ts";
import type { ArxivResult } from "./arxiv-feed.ts";

/** Paging of a day's arXiv listing. */
export interface ArxivDayOptions {
  categories: string[];
  /** Results per page. */
  pageSize: number;
  /** The most results one day may bring (arXiv asks for at most a few thousand per query). */
  maxResults: number;
  /** Extra tries of a page that came back empty in the middle of a result. Default 2. */
  emptyPageRetries?: number;
  logger: Logger;
}

/**
 * Lists one day's submissions in the categories, page by page. arXiv sometimes answers a page in the
 * middle of a result with no entries at all (seen with `totalResults` 37211 at `startIndex` 21100):
 * that is not the end. Such a page is asked again (the arXiv client keeps the 3-second pace), and if it
 * stays empty it is recorded as a gap and the listing goes on with the next page.
 */
export async function listArxivDay(
  arxiv: ArxivSource,
  date: string,
  options: ArxivDayOptions,
): Promise<ArxivDay> {
  const retries = options.emptyPageRetries ?? 2;
  const day: ArxivDay = { papers: [], gaps: [] };
  let knownTotal: number | undefined;
  for (let start = 0; start < options.maxResults; start += options.pageSize) {
    const query = {
      categories: options.categories,
      from: date,
      to: date,
      start,
      maxResults: options.pageSize,
    };
    let page: ArxivResult;
    try {
      page = await arxiv.query(query);
    } catch (error) {
      // The first page failing is the listing failing; a later one keeps the pages before it.
      if (start === 0) throw error;
      const total = knownTotal ?? start;
      const end = Math.max(start, Math.min(total, options.maxResults));
      day.gaps.push({ start, end, total, reason: describeError(error) });
      options.logger.warn({ date, start, err: error }, "[arxiv] a page failed; keeping the pages before it");
      break;
    }
    knownTotal = page.totalResults ?? knownTotal;
    const total = () => page.totalResults ?? 0;
    const empty = () => page.papers.length + page.rejected.length === 0;
    for (let retry = 0; retry < retries && empty() && start < total(); retry++) {
      options.logger.warn(
        { date, start, total: total(), retry: retry + 1 },
        "[arxiv] an empty page mid-result; asking again",
      );
      page = await arxiv.query(query);
    }
    if (empty() && start < total()) {
      const end = Math.min(start + options.pageSize, total());
      day.gaps.push({ start, end, total: total() });
      options.logger.warn(
        { date, start, end, total: total() },
        "[arxiv] a page stayed empty; results in it are missing",
      );
      if (end >= total()) break;
      continue;
    }
    day.papers.push(...page.papers.map((paper) => ({ ...paper, listedOn: date })));
    if (page.papers.length + page.rejected.length < options.pageSize || start + options.pageSize >= total()) {
      break;
    }
  }
  return day;
}
