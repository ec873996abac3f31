import KeyvRedis, { createClient, defaultReconnectStrategy } from "@keyv/redis";
import type { Logger } from "pino";
import type { KvBackend, ListOptions } from "../backend.ts";
import { StoreError } from "../errors.ts";
import { guardClosed } from "./guard-closed.ts";
import { compareKeys } from "./key-order.ts";
import {
  checkTtl,
  createKeyv,
  decodeEntry,
  EXPIRES_FIELD,
  encodeEntry,
  encodeValuePrefix,
  withExpiry,
} from "./keyv-entries.ts";
import { checkLimit } from "./list-limit.ts";

/** Options for {@link createRedisBackend}. */
export interface RedisBackendOptions {
  /** Namespace in front of every key (`<prefix>:<key>`), so paperboy shares a Redis with others. Default `paperboy`. */
  prefix?: string;
  /** How long opening may take (connect and first PING) before it fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Receives one line at open and one per connection error afterwards (while node-redis reconnects). */
  logger?: Logger;
}

const SCAN_COUNT = 1000;
const MGET_CHUNK = 500;

/**
 * Lua for compare-and-delete and compare-and-extend; Redis runs a script without interleaving other commands,
 * which makes the GET and the DEL or SET after it atomic for every client. Values cannot be compared by decoding
 * them in Lua: cjson re-encodes objects in its own key order and numbers in its own format. Instead the stored
 * string is compared with the encoding of the expected value as text, the way `holdsLive` in keyv-entries.ts
 * does: it must be `ARGV[1]` (`{"value":<encoding>`) and `}` (no expiry), or `ARGV[1]` and `,"expires":<ms>}`
 * with that expiry at or after `ARGV[2]` (the caller's clock, as Keyv's own expiry check uses). The Redis TTL
 * removes the key at about the same moment; the envelope check makes a value Keyv already treats as expired
 * count as expired here too.
 */
const HOLDS_LIVE_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if raw ~= ARGV[1] .. '}' then
  local head = ARGV[1] .. '${EXPIRES_FIELD}'
  if string.sub(raw, 1, #head) ~= head or string.sub(raw, -1) ~= '}' then return 0 end
  local expires = tonumber(string.sub(raw, #head + 1, -2))
  if expires == nil or expires < tonumber(ARGV[2]) then return 0 end
end`;
/** Deletes `KEYS[1]` if it holds the value (see {@link HOLDS_LIVE_LUA}); returns 1 when it did. */
const DELETE_IF_EQUALS_LUA = `${HOLDS_LIVE_LUA}
return redis.call('DEL', KEYS[1])`;
/**
 * Rewrites `KEYS[1]` with `ARGV[3]` (the same value with its new `expires`) and Redis TTL `ARGV[4]` ms if it holds
 * the value; returns 1 when it did. The envelope's expiry must move with the TTL, or Keyv would read the
 * renewed value as expired once its first expiry passed, so this is a SET … PX rather than a PEXPIRE.
 */
const EXTEND_IF_EQUALS_LUA = `${HOLDS_LIVE_LUA}
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
return 1`;

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
 * A store on a Redis server, shared by every replica that uses the same URL and prefix. Keyv (`@keyv/redis`,
 * namespace `<prefix>`, separator `:`) does get, set, delete and batch writes (one MULTI); the node-redis client
 * underneath does claims (`SET NX PX`), compare-and-delete and compare-and-extend (Lua scripts) and prefix
 * listings (SCAN with the prefix escaped, then MGET, sorted by key). Values are encoded as Keyv encodes them,
 * with the expiry inside and as the Redis TTL, so either path reads what the other wrote. Opening fails within
 * `connectTimeoutMs` with a StoreError naming the URL (password masked); after that, lost connections are
 * retried with backoff and calls fail fast meanwhile.
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
  const keyv = createKeyv(store, prefix);
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
      const raw = await encodeEntry(keyv, value, ttl);
      const reply = await client.set(redisKey(key), raw, {
        condition: "NX",
        expiration: { type: "PX", value: ttl },
      });
      return reply === "OK";
    },
    async deleteIfEquals(key, expected) {
      const prefix = await encodeValuePrefix(keyv, expected);
      if (prefix === undefined) return false;
      const reply = await client.eval(DELETE_IF_EQUALS_LUA, {
        keys: [redisKey(key)],
        arguments: [prefix, String(Date.now())],
      });
      return reply === 1;
    },
    async extendIfEquals(key, expected, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const prefix = await encodeValuePrefix(keyv, expected);
      if (prefix === undefined) return false;
      const reply = await client.eval(EXTEND_IF_EQUALS_LUA, {
        keys: [redisKey(key)],
        arguments: [prefix, String(Date.now()), withExpiry(prefix, ttl), String(ttl)],
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
