import { webApi } from "@slack/bolt";

/** How many 429s in a row one Web API call sits out (each waits the server's `Retry-After`). */
export const MAX_RATE_LIMIT_RETRIES = 5;

/** Web API error codes meaning "this channel cannot take posts from us any more". */
export const CHANNEL_UNAVAILABLE_ERRORS: ReadonlySet<string> = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
]);

/** The WebClient's message for the retry it schedules after sleeping out a 429's `Retry-After`. */
const RATE_LIMIT_RETRY = /^A rate limit was exceeded/;

/**
 * Whether a failed attempt is the WebClient's own "slept out a 429, now retry" signal. Web API v8
 * (Bolt 5) wraps that signal, like every transport failure, in a `WebAPIRequestError` whose `original`
 * carries the message; anything else with a code is a real failure.
 */
function isRateLimitRetry(error: Error & { code?: unknown; original?: unknown }): boolean {
  if (error.code === undefined) return RATE_LIMIT_RETRY.test(error.message);
  if (error.code !== webApi.ErrorCode.RequestError) return false;
  return error.original instanceof Error && RATE_LIMIT_RETRY.test(error.original.message);
}

/**
 * The retry policy of Bolt's Web API client (every call but posts, see `MessagePoster`). A 429 means Slack did nothing, so the client sleeps out
 * `Retry-After` and tries again. Every other failure (a timeout, a reset connection, a 5xx) may have
 * hidden a message that did land, and `chat.postMessage` has no idempotency key: those fail at once
 * and the delivery ledger decides what to resend. The client hands this object to p-retry, whose
 * `onFailedAttempt` stops retrying by throwing.
 */
export const RETRY_RATE_LIMITS_ONLY = {
  retries: MAX_RATE_LIMIT_RETRIES,
  minTimeout: 0,
  maxTimeout: 0,
  onFailedAttempt: (error: Error & { code?: unknown; original?: unknown }) => {
    if (!isRateLimitRetry(error)) throw error;
  },
};

/**
 * The wait, in milliseconds, that a 429 rejected at once (by `MessagePoster`) asks for
 * (its `Retry-After`); undefined for any other failure.
 */
export function rateLimitWaitMs(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const limited = error as { code?: unknown; retryAfter?: unknown };
  if (limited.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  return typeof limited.retryAfter === "number" && limited.retryAfter >= 0
    ? limited.retryAfter * 1000
    : undefined;
}

/** The Web API's error code (`not_in_channel`, `invalid_auth`, …) of a failed call, if Slack answered one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const coded = error as { code?: unknown; data?: { error?: unknown } };
  if (coded.code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof coded.data?.error === "string" ? coded.data.error : undefined;
}
