import type { KvBackend, ListOptions } from "../backend.ts";
import { guardClosed } from "./guard-closed.ts";
import { checkTtl, createKeyv, decodeEntry, type EntryCodec, encodeEntry } from "./keyv-entries.ts";
import { leaseText, requiredLeaseText } from "./lease-text.ts";
import { checkLimit } from "./list-limit.ts";
import { SortedKeyMap } from "./sorted-key-map.ts";

/** Options for {@link createMemoryBackend}. */
export interface MemoryBackendOptions {
  /** How Keyv encodes plain values; Keyv's own unless a test proves nothing else depends on it. */
  codec?: EntryCodec;
}

/** A lease as the memory driver keeps it: its value's text and when it expires (epoch ms). */
interface Lease {
  text: string;
  expiresAt: number;
}

/**
 * A store in this process's memory, for tests and for trying paperboy out: nothing survives a restart.
 * Keyv over a Map holds the plain values, encoded as Keyv encodes them, so callers get copies, never shared
 * objects; the Map keeps its keys sorted, so `list` reads only the keys under its prefix. Leases live in a
 * Map of their own (value text and expiry), which claims, compare-and-delete and compare-and-extend check and
 * change without awaiting in between, which makes them atomic in a single process.
 */
export function createMemoryBackend(options: MemoryBackendOptions = {}): KvBackend {
  const entries = new SortedKeyMap<string>();
  const leases = new Map<string, Lease>();
  const keyv = createKeyv(entries, undefined, options.codec);
  /** The live lease at `key` holding `text`, if there is one. */
  const held = (key: string, text: string | undefined): Lease | undefined => {
    const lease = leases.get(key);
    return lease && text !== undefined && lease.text === text && lease.expiresAt >= Date.now()
      ? lease
      : undefined;
  };
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
      return raw !== undefined && (await decodeEntry(keyv, raw)) !== undefined;
    },
    async setIfAbsent(key, value, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const text = requiredLeaseText(value);
      const lease = leases.get(key);
      if (lease && lease.expiresAt >= Date.now()) return false;
      leases.set(key, { text, expiresAt: Date.now() + ttl });
      return true;
    },
    async deleteIfEquals(key, expected) {
      if (!held(key, leaseText(expected))) return false;
      leases.delete(key);
      return true;
    },
    async extendIfEquals(key, expected, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const lease = held(key, leaseText(expected));
      if (!lease) return false;
      lease.expiresAt = Date.now() + ttl;
      return true;
    },
    async list<T>(prefix: string, options: ListOptions = {}) {
      const limit = checkLimit(options.limit);
      const found: [string, T][] = [];
      for (const key of entries.keysWithPrefix(prefix, options.from)) {
        if (found.length >= limit) break;
        const raw = entries.get(key);
        if (raw === undefined) continue;
        const entry = await decodeEntry(keyv, raw);
        if (entry) found.push([key, entry.value as T]);
        // Expired: dropped, unless it was rewritten while this listing waited.
        else if (entries.get(key) === raw) entries.delete(key);
      }
      return found;
    },
    async ping() {},
    async close() {
      entries.clear();
      leases.clear();
    },
  });
}
