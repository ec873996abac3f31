/**
 * Converts a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `nowMs`,
 * so a rate-limited request waits exactly as long as the server asked. Returns `undefined` when the
 * header is absent or unreadable, letting the caller fall back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
