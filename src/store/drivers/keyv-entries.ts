import { Keyv, type KeyvStoreAdapter } from "keyv";

/** An entry as Keyv stores it, decoded: the value and its expiry in epoch milliseconds (none: never). */
export interface StoredEntry {
  value?: unknown;
  expires?: number | null;
}

const isLive = (entry: StoredEntry, now: number): boolean =>
  typeof entry.expires !== "number" || entry.expires >= now;

/**
 * A Keyv over a driver's store with the settings every driver shares: keys stored as given (no `keyv:`
 * prefix, so the database stays readable), errors thrown instead of swallowed, and expired entries decoded
 * as absent. The last one matters for claims: Keyv deletes an expired entry it reads, and between that read
 * and that delete another process may take the key over with `setIfAbsent`, so the delete would drop a live
 * claim. Expired entries are instead overwritten by the next claim or purged under a condition on expiry.
 */
export function createKeyv(store: KeyvStoreAdapter | Map<string, string>, namespace?: string): Keyv {
  const keyv = new Keyv({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
  const decode = keyv.deserialize!;
  keyv.deserialize = async <Value>(raw: string) => {
    const entry = await decode<Value>(raw);
    return entry && isLive(entry, Date.now()) ? entry : undefined;
  };
  return keyv;
}

/** Encodes `value` the way Keyv does (`{"value":…,"expires":…}`), for writes that bypass Keyv, so `get` reads them back. */
export async function encodeEntry(keyv: Keyv, value: unknown, ttlMs?: number): Promise<string> {
  return keyv.serialize!({ value, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
}

/** Decodes a stored string; undefined when it has expired (so lists never show expired entries). */
export async function decodeEntry(keyv: Keyv, raw: string): Promise<StoredEntry | undefined> {
  return keyv.deserialize!(raw);
}

/**
 * Checks a time-to-live and rounds it up to whole milliseconds: Redis `PX` takes integers only, and a zero or
 * negative ttl is a bug in the caller, not a request for "no expiry" (which Keyv would make of 0).
 */
export function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`[paperboy] [store] ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}
