/** Collapses runs of whitespace and newlines into single spaces: titles and abstracts arrive hard-wrapped. */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Describes a value's JSON type for error messages (`array`, `object`, `null`, `string`, …). */
export const jsonType = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/**
 * Resolves `path` under a base URL that may or may not end with `/` (and may carry a path prefix,
 * as behind a proxy), then sets the query parameters in order.
 */
export function apiUrl(
  baseUrl: string,
  path: string,
  params: Record<string, string | undefined> = {},
): string {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const url = new URL(path.replace(/^\/+/, ""), base);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}
