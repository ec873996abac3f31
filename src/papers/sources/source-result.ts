import type { Logger } from "pino";
import type { z } from "zod";
import type { Paper } from "../paper.ts";

/** An upstream item that could not be turned into a paper, with the position it had in the response. */
export interface RejectedItem {
  index: number;
  reason: string;
}

/**
 * What a source returns: the papers it could parse and the items it skipped, so one drifted item is
 * reported rather than taking down the whole fetch.
 */
export interface SourceResult {
  papers: Paper[];
  rejected: RejectedItem[];
}

/** The outcome of turning one upstream item into a paper. */
export type ItemOutcome = { ok: true; paper: Paper } | { ok: false; reason: string };

/** Summarises zod issues as `path: message; …`, short enough for a log line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "item"}: ${issue.message}`)
    .join("; ");
}

/**
 * Parses each item on its own: valid ones become papers, invalid ones are logged at warn (with their
 * index and reason) and listed in `rejected`. This is the lenient edge parsing every source shares.
 */
export function collectPapers(
  items: readonly unknown[],
  toPaper: (item: unknown) => ItemOutcome,
  logger: Logger,
  source: string,
): SourceResult {
  const result: SourceResult = { papers: [], rejected: [] };
  items.forEach((item, index) => {
    const outcome = toPaper(item);
    if (outcome.ok) {
      result.papers.push(outcome.paper);
      return;
    }
    logger.warn({ source, index, reason: outcome.reason }, `[${source}] skipped an invalid item`);
    result.rejected.push({ index, reason: outcome.reason });
  });
  return result;
}
