import KeyvRedis, { createClient, defaultReconnectStrategy } from "@keyv/redis";
import type { Logger } from "pino";
import type { KvBackend, ListOptions } from "../backend.ts";
import { StoreError } from "../errors.ts";
import { guardClosed } from "./guard-closed.ts";
import { compareKeys } from "./key-order.ts";
import { checkTtl, createKeyv, decodeEntry, type EntryCodec } from "./keyv-entries.ts";
import { leaseText, requiredLeaseText } from "./lease-text.ts";
import { adoptLegacyLeases } from "./legacy-leases.ts";
import { checkLimit } from "./list-limit.ts";

/** Options for {@link createRedisBackend}. */
export interface RedisBackendOptions {
  /** Namespace in front of every key (`<prefix>:<key>`), so paperboy shares a Redis with others. Default `paperboy`. */
  prefix?: string;
  /** How long opening may take (connect and first PING) before it fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Receives one line at open and one per connection error afterwards (while node-redis reconnects). */
  logger?: Logger;
  /** How Keyv encodes plain values; Keyv's own unless a test proves nothing else depends on it. */
  codec?: EntryCodec;
  /**
   * Key prefixes under which leases were written as plain values before they had keys of their own
   * (`LEASE_NAMESPACES`): live ones are moved to lease keys at open (see `adoptLegacyLeases`).
   */
  legacyLeasePrefixes?: readonly string[];
}

const SCAN_COUNT = 1000;
const MGET_CHUNK = 500;

/**
 * Where a lease lives: `<prefix>#lease:<key>`, apart from Keyv's `<prefix>:<key>`, so no plain value shares a
 * Redis key with a lease and no listing (`<prefix>:…*`) meets one. The value is the lease's JSON text and its
 * expiry is the key's own Redis TTL: nothing in it is Keyv's.
 */
const leaseKey = (prefix: string, key: string): string => `${prefix}#lease:${key}`;
/**
 * Deletes `KEYS[1]` if it holds exactly `ARGV[1]`; returns 1 when it did. A script, which Redis runs without
 * interleaving other commands, so the GET and the DEL are one atomic step for every client. An expired key is
 * gone in Redis, so only a live lease can match.
 */
const DELETE_IF_EQUALS_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
/** Makes `KEYS[1]` expire `ARGV[2]` ms from now if it holds exactly `ARGV[1]`; returns 1 when it did. */
const EXTEND_IF_EQUALS_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** The URL with its password masked, for messages and logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the Redis URL in PAPERBOY_STORE (unparseable)";
  }
}

/** Escapes Redis glob characters, so a prefix with `*`, `?`, `[` or `\` matches only itself in SCAN MATCH. */
const escapeGlob = (text: string): string => text.replace(/[\\*?[\]]/g, "\\$&");

/** Settles with `work`, or rejects once `ms` have passed. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A store on a Redis server, shared by every replica that uses the same URL and prefix. Plain values: Keyv
 * (`@keyv/redis`, namespace `<prefix>`, separator `:`) does get, set, delete and batch writes (one MULTI), and
 * prefix listings are a SCAN (the prefix escaped) then MGET, sorted by key, decoded by Keyv. Leases are keys of
 * their own (`<prefix>#lease:<key>`) holding the value's JSON text with the expiry as their Redis TTL: claims are
 * `SET NX PX`, compare-and-delete and compare-and-extend are Lua scripts comparing that text. Opening fails
 * within `connectTimeoutMs` with a StoreError naming the URL (password masked); after that, lost connections
 * are retried with backoff and calls fail fast meanwhile.
 */
export async function createRedisBackend(url: string, options: RedisBackendOptions = {}): Promise<KvBackend> {
  const { prefix = "paperboy", connectTimeoutMs = 5000, logger } = options;
  const shownUrl = redactUrl(url);
  let opened = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => (opened ? defaultReconnectStrategy(retries) : false),
    },
  });
  const store = new KeyvRedis(client, {
    namespace: prefix,
    keyPrefixSeparator: ":",
    throwOnErrors: true,
    throwOnConnectError: true,
  });
  const keyv = createKeyv(store, prefix, options.codec);
  const redisKey = (key: string): string => store.createKeyPrefix(key, prefix);

  try {
    await within(
      connectTimeoutMs,
      client.connect().then(() => client.ping()),
    );
  } catch (cause) {
    if (client.isOpen) client.destroy();
    throw new StoreError(
      "redis",
      "unreachable",
      `cannot reach Redis at ${shownUrl} (${cause instanceof Error ? cause.message : String(cause)}): start it or set PAPERBOY_STORE to another URL`,
      { cause },
    );
  }
  opened = true;
  client.on("error", (error: unknown) =>
    logger?.warn(
      { err: error, store: "redis", url: shownUrl },
      "[paperboy] [store] [redis] connection error",
    ),
  );
  try {
    for (const legacy of options.legacyLeasePrefixes ?? []) await adopt(legacy);
  } catch (cause) {
    client.destroy();
    throw new StoreError(
      "redis",
      "unavailable",
      `cannot read the leases of an older version (${String(cause)})`,
      {
        cause,
      },
    );
  }
  async function adopt(legacy: string): Promise<void> {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({
      MATCH: `${escapeGlob(redisKey(legacy))}*`,
      COUNT: SCAN_COUNT,
    }))
      keys.push(...batch);
    const values = keys.length === 0 ? [] : await client.mGet(keys);
    const rows = keys.flatMap((key, index) => {
      const raw = values[index];
      return typeof raw === "string" ? [[key.slice(redisKey("").length), raw] as const] : [];
    });
    await adoptLegacyLeases(keyv, rows, {
      put: async (key, text, expiresAt) => {
        const ttl = expiresAt - Date.now();
        if (ttl > 0)
          await client.set(leaseKey(prefix, key), text, {
            condition: "NX",
            expiration: { type: "PX", value: ttl },
          });
      },
      remove: async (key, raw) => {
        await client.eval(DELETE_IF_EQUALS_LUA, { keys: [redisKey(key)], arguments: [raw] });
      },
    });
  }
  logger?.info({ store: "redis", url: shownUrl, prefix }, "[paperboy] [store] [redis] opened");

  return guardClosed({
    kind: "redis",
    get: (key) => keyv.get(key),
    getMany: (keys) => keyv.getMany([...keys]),
    async set(key, value, ttlMs) {
      await keyv.set(key, value, ttlMs === undefined ? undefined : checkTtl(ttlMs));
    },
    async setMany(entries) {
      if (entries.length === 0) return;
      await keyv.setMany(entries.map(([key, value]) => ({ key, value })));
    },
    delete: (key) => keyv.delete(key),
    async setIfAbsent(key, value, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const reply = await client.set(leaseKey(prefix, key), requiredLeaseText(value), {
        condition: "NX",
        expiration: { type: "PX", value: ttl },
      });
      return reply === "OK";
    },
    async deleteIfEquals(key, expected) {
      const text = leaseText(expected);
      if (text === undefined) return false;
      const reply = await client.eval(DELETE_IF_EQUALS_LUA, {
        keys: [leaseKey(prefix, key)],
        arguments: [text],
      });
      return reply === 1;
    },
    async extendIfEquals(key, expected, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const text = leaseText(expected);
      if (text === undefined) return false;
      const reply = await client.eval(EXTEND_IF_EQUALS_LUA, {
        keys: [leaseKey(prefix, key)],
        arguments: [text, String(ttl)],
      });
      return reply === 1;
    },
    async list<T>(listPrefix: string, options: ListOptions = {}) {
      const keys = new Set<string>();
      for await (const batch of client.scanIterator({
        MATCH: `${escapeGlob(redisKey(listPrefix))}*`,
        COUNT: SCAN_COUNT,
      })) {
        for (const key of batch) keys.add(key);
      }
      const from = options.from === undefined ? undefined : redisKey(options.from);
      const sorted = [...keys]
        .filter((key) => from === undefined || compareKeys(key, from) >= 0)
        .sort(compareKeys);
      const limit = checkLimit(options.limit);
      const result: [string, T][] = [];
      for (let start = 0; start < sorted.length && result.length < limit; start += MGET_CHUNK) {
        const chunk = sorted.slice(start, start + MGET_CHUNK);
        const values = await client.mGet(chunk);
        for (const [index, raw] of values.entries()) {
          const entry = raw === null ? undefined : await decodeEntry(keyv, raw);
          if (entry && result.length < limit)
            result.push([chunk[index]!.slice(redisKey("").length), entry.value as T]);
        }
      }
      return result;
    },
    async ping() {
      try {
        await client.ping();
      } catch (cause) {
        throw new StoreError(
          "redis",
          "unavailable",
          `Redis at ${shownUrl} does not answer (${String(cause)})`,
          { cause },
        );
      }
    },
    close: () => keyv.disconnect(),
  });
}
