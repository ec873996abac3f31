/** Which arXiv listing to fetch: categories, an optional submission window and a page. */
export interface ArxivQuery {
  /** arXiv categories such as `cs.LG`, `cs.CL`, `math-ph`; combined with OR. */
  categories: string[];
  /** First submission day, `YYYY-MM-DD` (UTC). Without `to`, the window ends today. */
  from?: string;
  /** Last submission day, `YYYY-MM-DD` (UTC). Without `from`, the window is that one day. */
  to?: string;
  /** Offset of the first result, for paging. Default 0. */
  start?: number;
  /** Results per page. Default 100, at most 2000 (arXiv's slice limit). */
  maxResults?: number;
}

const CATEGORY = /^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const compactDay = (day: string, name: string): string => {
  const match = DAY.exec(day);
  if (!match)
    throw new RangeError(`[paperboy] [arxiv] invalid ${name} ${JSON.stringify(day)}: expected YYYY-MM-DD`);
  return `${match[1]}${match[2]}${match[3]}`;
};

/**
 * Builds arXiv's `search_query` for categories and a submission window, e.g.
 * `(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202606120000 TO 202606122359]`. Category names are
 * checked so user input cannot inject query syntax.
 */
export function listingQuery(query: ArxivQuery, today: string): string {
  for (const category of query.categories) {
    if (!CATEGORY.test(category)) {
      throw new RangeError(
        `[paperboy] [arxiv] invalid category ${JSON.stringify(category)}: expected e.g. cs.LG`,
      );
    }
  }
  const clauses: string[] = [];
  if (query.categories.length > 0) {
    clauses.push(`(${query.categories.map((category) => `cat:${category}`).join(" OR ")})`);
  }
  if (query.from !== undefined || query.to !== undefined) {
    const from = compactDay(query.from ?? query.to ?? today, "from");
    const to = compactDay(query.to ?? today, "to");
    if (from > to) throw new RangeError(`[paperboy] [arxiv] from ${query.from} is after to ${query.to}`);
    clauses.push(`submittedDate:[${from}0000 TO ${to}2359]`);
  }
  if (clauses.length === 0) throw new RangeError("[paperboy] [arxiv] a query needs categories or dates");
  return clauses.join(" AND ");
}

/**
 * Builds `all:<terms>` for free-text search: query syntax characters are dropped and several words
 * are quoted as one phrase, so user text can never change the query's structure.
 */
export function searchQuery(text: string): string | undefined {
  const words = text
    .replace(/["()[\]:\\]/g, " ")
    .split(/\s+/)
    .filter((word) => word && !/^(AND|OR|ANDNOT)$/.test(word));
  if (words.length === 0) return undefined;
  return words.length === 1 ? `all:${words[0]}` : `all:"${words.join(" ")}"`;
}
