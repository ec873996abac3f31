/**
 * The `limit` of a `KvBackend.list` call as a number (none: unlimited). A limit that is not a positive
 * integer is a bug in the caller, not a request for everything or nothing.
 */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new RangeError(`[paperboy] [store] a list limit must be a positive integer, got ${limit}`);
  }
  return limit;
}
