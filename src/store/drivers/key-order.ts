/**
 * Orders keys by Unicode code point (the byte order of their UTF-8 form), which is what SQLite's `ORDER BY`
 * gives; JavaScript's default sort compares UTF-16 units and would put `😀` before `ｚ`. Every driver sorts
 * this way so `list` answers the same on all of them.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The smallest string above every string that starts with `prefix`, so that a prefix search becomes the range
 * `key >= prefix AND key < bound` (an index range, with no `LIKE` wildcards to escape). Undefined when no such
 * string exists (an empty prefix, or one made only of U+10FFFF): then every key from `prefix` up matches.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix, (char) => char.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) return String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1);
  }
  return undefined;
}
