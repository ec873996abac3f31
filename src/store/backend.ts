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
  /** Every live entry whose key starts with `prefix`, in key order. */
  list<T>(prefix: string): Promise<[key: string, value: T][]>;
  /** Resolves when the store answers; rejects with a cause otherwise (for `/healthz`). */
  ping(): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}
