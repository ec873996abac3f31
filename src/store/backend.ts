/**
 * The key-value contract every store driver (memory, SQLite, Redis) fulfils. Repositories are written
 * against this, never against a driver, so the same code runs on a laptop and on a Redis cluster.
 * Values are plain JSON-serialisable data; keys are `:`-separated paths (`votes:slack:T1:C1:2606.13392:U1`).
 */
export interface KvBackend {
  /** Which driver this is, for logs and `/healthz` (`memory`, `sqlite`, `redis`). */
  readonly kind: "memory" | "sqlite" | "redis";
  /** Returns the value stored at `key`, or `undefined`. Expired values are never returned. */
  get<T>(key: string): Promise<T | undefined>;
  /** Returns the values for many keys at once, in order (`undefined` where absent). */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Stores `value` at `key`, replacing any previous value; with `ttlMs` it expires after that long. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Stores many entries at once (one transaction where the driver can). */
  setMany(entries: readonly (readonly [key: string, value: unknown])[]): Promise<void>;
  /** Deletes `key`; returns whether something was there. */
  delete(key: string): Promise<boolean>;
  /**
   * Stores `value` at `key` only if nothing (or only an expired value) is there, atomically across every
   * process that shares the store. Returns true when this call stored it. The basis of exactly-once claims.
   */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  /**
   * Deletes `key` only if its live value equals `expected`, atomically across every process that shares the
   * store; returns true when this call deleted it. Releases a claim without removing one that expired and was
   * taken over by another holder in the meantime (which a `get` followed by `delete` could do).
   *
   * Equality is by encoding: two values are equal when the store's JSON encoding of them is the same text
   * (Keyv's serialisation: `JSON.stringify` rules, with `toJSON` applied and strings that start with `:`
   * escaped). Numbers, strings, booleans, null and arrays compare as deep equality does, but objects compare
   * with their key order: `{ a: 1, b: 2 }` does not equal `{ b: 2, a: 1 }`, so build the expected value the
   * same way the stored one was built. An expired value never matches, and `expected` undefined never matches.
   */
  deleteIfEquals(key: string, expected: unknown): Promise<boolean>;
  /**
   * Makes `key` expire `ttlMs` from now (replacing its ttl, or giving one to a value that had none) only if its
   * live value equals `expected` by the rule of {@link deleteIfEquals}, atomically across every process; returns
   * true when this call extended it. The lease renewal of a long-running claim holder: an expired claim, or
   * one another holder has taken over, is not revived.
   */
  extendIfEquals(key: string, expected: unknown, ttlMs: number): Promise<boolean>;
  /**
   * Every live entry whose key starts with `prefix`, in key order (Unicode code point order, see
   * `compareKeys`); with `from`, only those whose key is at or after `from` in that order, so that a
   * reader of a time-ordered log fetches only its tail; with `limit`, only the first that many live
   * entries, so a reader can page through a large prefix (next page `from` the last key plus `"\0"`).
   */
  list<T>(prefix: string, options?: ListOptions): Promise<[key: string, value: T][]>;
  /** Resolves when the store answers; rejects with a cause otherwise (for `/healthz`). */
  ping(): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** Options of {@link KvBackend.list}. */
export interface ListOptions {
  /** Only keys at or after this one (code point order). */
  from?: string;
  /** At most this many entries (a positive integer): fewer means the listing reached its end. */
  limit?: number;
}

/**
 * Whether a ranged `list` (`from`, `limit`) costs only the range: true for SQLite (an index range) and
 * memory (sorted keys); false for Redis, whose listing is a SCAN of the whole keyspace whatever the range,
 * so paging through a prefix there would repeat that scan once per page.
 */
export function listsRangesCheaply(backend: Pick<KvBackend, "kind">): boolean {
  return backend.kind !== "redis";
}
