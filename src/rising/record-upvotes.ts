import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { CatalogSources } from "../papers/catalog.ts";
import type { RisingRepository } from "../store/rising-repository.ts";
import { addDays } from "../time.ts";

/**
 * The catalog's sources, with every Hugging Face daily listing fetched also recorded as one upvote reading
 * per paper featured today or yesterday (UTC): the history rising-paper alerts measure velocity on.
 * The catalog fetches a day again once its copy is older than its freshness window (30 minutes), so
 * readings come that often while anything asks for the day. Older days (`ingest`) record nothing. A
 * reading that cannot be stored is logged; the listing still reaches the catalog.
 */
export function recordingUpvotes(
  sources: CatalogSources,
  rising: Pick<RisingRepository, "record">,
  now: () => Date,
  logger: Logger,
): CatalogSources {
  return {
    ...sources,
    daily: async (date) => {
      const papers = await sources.daily(date);
      const at = now();
      const today = at.toISOString().slice(0, 10);
      const recent = papers.filter(
        (paper) => paper.featuredOn !== undefined && paper.featuredOn >= addDays(today, -1),
      );
      try {
        await rising.record(
          recent.map((paper) => ({ paperId: paper.id, upvotes: paper.upvotes })),
          at,
        );
      } catch (error) {
        logger.warn({ err: error, date }, `could not record upvote readings: ${describeError(error)}`);
      }
      return papers;
    },
  };
}
