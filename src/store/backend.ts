/**
 * The key-value contract every store driver (memory, SQLite, Redis) fulfils. Repositories are written
 * against this, never against a driver, so the same code runs on a laptop and on a Redis cluster.
 * Values are plain JSON-serialisable data; keys are `:`-separated paths (`vote:slack:T1:C1:2606.13392:U1`), named
 * in `keys.ts`. Plain values go through Keyv (`get`, `set`, `list`…); leases (see `setIfAbsent`) are the
 * driver's own.
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
  /*
   * Leases: the atomic operations, the heart of the contract. A lease is a JSON value with an expiry, kept by
   * each driver in its own form (SQLite: a table of its own with an expiry column; Redis: a key of its own
   * whose TTL is the expiry; memory: a Map), apart from plain values: `get`, `list` and `delete` never see a
   * lease, and these three never see a plain value. Nothing here reads the text Keyv writes, so a Keyv
   * upgrade that changed its encoding cannot break a claim. Two lease values are equal when their
   * `JSON.stringify` texts are: objects compare with their key order (`{ a: 1, b: 2 }` is not
   * `{ b: 2, a: 1 }`), so build the expected value the same way the stored one was built.
   */
  /**
   * Takes the lease `key` with `value` for `ttlMs` only if no live lease holds it, atomically across every
   * process that shares the store; true when this call took it. The basis of exactly-once claims.
   */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  /**
   * Deletes the lease `key` only if it is live and holds `expected`, atomically across every process; true
   * when this call deleted it. Releases a claim without removing one that expired and was taken over by
   * another holder meanwhile (which a read followed by a delete could do). `expected` undefined never matches.
   */
  deleteIfEquals(key: string, expected: unknown): Promise<boolean>;
  /**
   * Makes the lease `key` expire `ttlMs` from now (longer or shorter) only if it is live and holds
   * `expected`, atomically across every process; true when this call extended it. The renewal of a
   * long-running holder: an expired lease, or one another holder has taken over, is not revived.
   */
  extendIfEquals(key: string, expected: unknown, ttlMs: number): Promise<boolean>;
  /**
   * Every live entry whose key starts with `prefix`, in key order (Unicode code point order, see
   * `compareKeys`); with `from`, only those whose key is at or after `from` in that order, so that a
   * reader of a time-ordered log fetches only its tail; with `limit`, only the first that many live
   * entries, so a reader can page through a large prefix (next page `from` the last key plus `"\0"`).
   */
  list<T>(prefix: string, options?: ListOptions): Promise<[key: string, value: T][]>;
  /**
   * A key under `prefix` with about `fraction` (0–1) of the keys under `prefix` before it in key order, to
   * split a listing between two readers (`from` it, and up to it); undefined when no key is under `prefix`.
   * Expired entries not yet purged count as keys. Only drivers that answer it from an index without
   * reading values have it (SQLite).
   */
  splitKey?(prefix: string, fraction: number): Promise<string | undefined>;
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
