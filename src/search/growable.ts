/** The typed-array kinds the index stores its columns in. */
export type Column = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/**
 * Returns `column` if it holds at least `needed` items, else a copy at least twice as long.
 * Columns grow by doubling so that appending stays amortized O(1) without per-item objects.
 */
export function ensureCapacity<T extends Column>(column: T, needed: number): T {
  if (needed <= column.length) return column;
  const Ctor = column.constructor as new (length: number) => T;
  const grown = new Ctor(Math.max(needed, column.length * 2, 16));
  (grown as Column).set(column as ArrayLike<number>);
  return grown;
}
