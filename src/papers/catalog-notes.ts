/** `1 paper`, `3 papers`: a count with its noun, for notes users read. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Why a search hit is listed, e.g. "matches forgetting, unlearning"; undefined when nothing matched by name. */
export function matchReason(hit: { matched: readonly string[] }): string | undefined {
  return hit.matched.length > 0 ? `matches ${hit.matched.join(", ")}` : undefined;
}

/** The note on a day's papers when its listing could not be fetched: the failure, then what the store had. */
export function storedDayNote(failure: string, stored: number): string {
  return stored > 0 ? `${failure} Showing ${plural(stored, "stored paper")} featured that day.` : failure;
}

/**
 * The note on a search some sources did not answer: their failures, then where the results came from
 * (the papers stored here, and the other sources when some did answer).
 */
export function searchNote(
  failures: readonly string[],
  storedPapers: number,
  othersAnswered: boolean,
): string {
  return `${failures.join(" ")} Results come from the ${plural(storedPapers, "paper")} stored here${othersAnswered ? " and the sources that answered" : ""}.`;
}
