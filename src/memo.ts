/**
 * The value `memo` holds under `key`, made by `make` the first time. A memo holds at most `kept` keys:
 * when full it is emptied and starts again, which costs one recomputation per key and needs no
 * bookkeeping per hit (the memos here serve a day's or a fan-out's repeated work, not a working set
 * that must stay warm).
 */
export function remember<K, V>(memo: Map<K, V>, key: K, kept: number, make: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = make();
    if (memo.size >= kept) memo.clear();
    memo.set(key, value);
  }
  return value;
}
