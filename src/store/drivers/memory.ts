import type { KvBackend, ListOptions } from "../backend.ts";
import { guardClosed } from "./guard-closed.ts";
import {
  checkTtl,
  createKeyv,
  decodeEntry,
  encodeEntry,
  encodeValuePrefix,
  holdsLive,
  withExpiry,
} from "./keyv-entries.ts";
import { checkLimit } from "./list-limit.ts";
import { SortedKeyMap } from "./sorted-key-map.ts";

/** Whether a stored string is still live; synchronous, so a check and the write after it cannot be interleaved. */
const isLive = (raw: string | undefined, now: number): raw is string => {
  if (raw === undefined) return false;
  const { expires } = JSON.parse(raw) as { expires?: unknown };
  return typeof expires !== "number" || expires >= now;
};

/**
 * A store in this process's memory, for tests and for trying paperboy out: nothing survives a restart.
 * Keyv over a Map holds the entries, encoded as Keyv encodes them, so callers get copies, never shared objects;
 * the Map keeps its keys sorted, so `list` reads only the keys under its prefix.
 * Claims, deletes, compare-and-delete, compare-and-extend and batch writes check and change the Map without
 * awaiting in between (encoding happens before), which makes them atomic in a single process.
 */
export function createMemoryBackend(): KvBackend {
  const entries = new SortedKeyMap<string>();
  const keyv = createKeyv(entries);
  return guardClosed({
    kind: "memory",
    get: (key) => keyv.get(key),
    getMany: (keys) => keyv.getMany([...keys]),
    async set(key, value, ttlMs) {
      await keyv.set(key, value, ttlMs === undefined ? undefined : checkTtl(ttlMs));
    },
    async setMany(batch) {
      const encoded = await Promise.all(
        batch.map(async ([key, value]) => [key, await encodeEntry(keyv, value)] as const),
      );
      for (const [key, raw] of encoded) entries.set(key, raw);
    },
    async delete(key) {
      const raw = entries.get(key);
      entries.delete(key);
      return isLive(raw, Date.now());
    },
    async setIfAbsent(key, value, ttlMs) {
      const raw = await encodeEntry(keyv, value, checkTtl(ttlMs));
      if (isLive(entries.get(key), Date.now())) return false;
      entries.set(key, raw);
      return true;
    },
    async deleteIfEquals(key, expected) {
      const prefix = await encodeValuePrefix(keyv, expected);
      if (prefix === undefined || !holdsLive(entries.get(key), prefix, Date.now())) return false;
      entries.delete(key);
      return true;
    },
    async extendIfEquals(key, expected, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const prefix = await encodeValuePrefix(keyv, expected);
      if (prefix === undefined || !holdsLive(entries.get(key), prefix, Date.now())) return false;
      entries.set(key, withExpiry(prefix, ttl));
      return true;
    },
    async list<T>(prefix: string, options: ListOptions = {}) {
      const now = Date.now();
      const limit = checkLimit(options.limit);
      const found: [string, string][] = [];
      for (const key of entries.keysWithPrefix(prefix, options.from)) {
        if (found.length >= limit) break;
        const raw = entries.get(key);
        if (isLive(raw, now)) found.push([key, raw]);
        else entries.delete(key);
      }
      const decoded = await Promise.all(
        found.map(async ([key, raw]) => [key, await decodeEntry(keyv, raw)] as const),
      );
      return decoded.flatMap(([key, entry]) => (entry ? [[key, entry.value as T] as [string, T]] : []));
    },
    async ping() {},
    async close() {
      entries.clear();
    },
  });
}
