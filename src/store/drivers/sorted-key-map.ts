import { compareKeys } from "./key-order.ts";

/** A code unit at or above the surrogates, where UTF-16 order and code point order part ways. */
const ABOVE_BMP_ORDER = /[\ud800-\uffff]/;

/**
 * A Map that also keeps its keys sorted, whoever changes it (Keyv writes through `set`, the memory driver
 * through `set` and `delete`), so the keys starting with a prefix are found by binary search instead of a
 * scan of every key. The index is in UTF-16 order (JavaScript's `<`), where a prefix's keys are exactly one
 * contiguous run whatever the strings hold; {@link keysWithPrefix} puts that run in {@link compareKeys} order.
 * New keys wait in a list of their own and are merged into the index when it is next read: a fan-out writes
 * thousands of ledger keys between two listings, and inserting each into the sorted array at once moved
 * the whole array every time.
 */
export class SortedKeyMap<V> extends Map<string, V> {
  private sorted: string[] = [];
  /** Keys added since the index was last read, in no order. */
  private added: string[] = [];

  override set(key: string, value: V): this {
    if (!this.has(key)) this.added.push(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (!super.delete(key)) return false;
    const sorted = this.index();
    sorted.splice(lowerBound(sorted, key), 1);
    return true;
  }

  override clear(): void {
    super.clear();
    this.sorted = [];
    this.added = [];
  }

  /**
   * The keys that start with `prefix`, in {@link compareKeys} order, from `from` on when given; a copy, so
   * the Map may change meanwhile.
   */
  keysWithPrefix(prefix: string, from?: string): string[] {
    const sorted = this.index();
    const bound = codeUnitUpperBound(prefix);
    const start = lowerBound(sorted, prefix);
    const end = bound === undefined ? undefined : lowerBound(sorted, bound, start);
    const keys = sorted.slice(start, end);
    // Below the surrogates, UTF-16 order is code point order already.
    if (keys.some((key) => ABOVE_BMP_ORDER.test(key))) keys.sort(compareKeys);
    return from === undefined ? keys : keys.slice(firstAtOrAfter(keys, from));
  }

  /** Every key in UTF-16 order: the index, with the keys added since it was last read merged in. */
  private index(): string[] {
    if (this.added.length === 0) return this.sorted;
    const added = this.added.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const merged: string[] = new Array(this.sorted.length + added.length);
    let left = 0;
    let right = 0;
    for (let at = 0; at < merged.length; at += 1) {
      const next = this.sorted[left];
      if (next !== undefined && (right >= added.length || next < (added[right] as string))) {
        merged[at] = next;
        left += 1;
      } else {
        merged[at] = added[right] as string;
        right += 1;
      }
    }
    this.sorted = merged;
    this.added = [];
    return merged;
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
