import { compareKeys } from "./key-order.ts";

/** A code unit at or above the surrogates, where UTF-16 order and code point order part ways. */
const ABOVE_BMP_ORDER = /[\ud800-\uffff]/;

/**
 * A Map that also keeps its keys sorted, whoever changes it (Keyv writes through `set`, the memory driver
 * through `set` and `delete`), so the keys starting with a prefix are found by binary search instead of a
 * scan of every key. The index is in UTF-16 order (JavaScript's `<`), where a prefix's keys are exactly one
 * contiguous run whatever the strings hold; {@link keysWithPrefix} puts that run in {@link compareKeys} order.
 */
export class SortedKeyMap<V> extends Map<string, V> {
  private readonly sorted: string[] = [];

  override set(key: string, value: V): this {
    if (!this.has(key)) this.sorted.splice(lowerBound(this.sorted, key), 0, key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (!super.delete(key)) return false;
    this.sorted.splice(lowerBound(this.sorted, key), 1);
    return true;
  }

  override clear(): void {
    super.clear();
    this.sorted.length = 0;
  }

  /**
   * The keys that start with `prefix`, in {@link compareKeys} order, from `from` on when given; a copy, so
   * the Map may change meanwhile.
   */
  keysWithPrefix(prefix: string, from?: string): string[] {
    const bound = codeUnitUpperBound(prefix);
    const start = lowerBound(this.sorted, prefix);
    const end = bound === undefined ? undefined : lowerBound(this.sorted, bound, start);
    const keys = this.sorted.slice(start, end);
    // Below the surrogates, UTF-16 order is code point order already.
    if (keys.some((key) => ABOVE_BMP_ORDER.test(key))) keys.sort(compareKeys);
    return from === undefined ? keys : keys.slice(firstAtOrAfter(keys, from));
  }
}

/** The first index in `keys` (in {@link compareKeys} order) whose key is not before `from`. */
function firstAtOrAfter(keys: readonly string[], from: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(keys[middle] as string, from) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index in `sorted` from `from` on whose key is not below `key`. */
function lowerBound(sorted: readonly string[], key: string, from = 0): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The smallest string, in UTF-16 order, above every string that starts with `prefix`: its last code unit
 * below U+FFFF raised by one. Undefined when there is none (an empty prefix, or only U+FFFF units).
 */
function codeUnitUpperBound(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end -= 1;
  if (end === 0) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}
