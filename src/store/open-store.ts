import { resolve } from "node:path";
import type { Logger } from "pino";
import type { KvBackend } from "./backend.ts";
import { createMemoryBackend } from "./drivers/memory.ts";
import { StoreError } from "./errors.ts";
import { LEASE_NAMESPACES } from "./keys.ts";

/** Where claims, send attempts and handled events were kept before they were leases (see `adoptLegacyLeases`). */
const legacyLeasePrefixes = LEASE_NAMESPACES.map((namespace) => `${namespace}:`);

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  /** Where the drivers log that they opened and, for Redis, lost connections. */
  logger?: Logger;
  /** How long a Redis store may take to answer at open. Default 5000 ms. */
  connectTimeoutMs?: number;
}

const FORMS =
  "memory://, sqlite://./relative/path, sqlite:///absolute/path, redis://host:port[/db] or rediss://host:port[/db]";

/** The error for a value that is no store URL; it shows a scheme but never the rest, which may hold a password. */
function invalidUrl(url: string): StoreError {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
  const problem = scheme
    ? `has an unsupported form (${scheme}…)`
    : `="${url}" has no scheme (for a file: sqlite://${url})`;
  return new StoreError("url", "invalid-url", `PAPERBOY_STORE ${problem}: use ${FORMS}`);
}

/**
 * Opens the store named by a `PAPERBOY_STORE` URL: `memory://`; `sqlite://./relative/path` (from the current
 * directory) or `sqlite:///absolute/path`; `redis://host:port[/db]` or `rediss://…`. The store is checked before
 * this resolves, so a wrong path or an unreachable server stops start-up with a StoreError saying what to do.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<KvBackend> {
  if (url === "memory://") return createMemoryBackend();
  if (url.startsWith("sqlite://")) {
    const path = url.slice("sqlite://".length);
    if (path === "") throw invalidUrl(url);
    // Drivers load on demand: the Redis client alone takes longer to load than the rest of start-up.
    const { createSqliteBackend } = await import("./drivers/sqlite.ts");
    return createSqliteBackend(resolve(process.cwd(), path), { logger: options.logger, legacyLeasePrefixes });
  }
  if (url.startsWith("redis://") || url.startsWith("rediss://")) {
    const { createRedisBackend } = await import("./drivers/redis.ts");
    return createRedisBackend(url, {
      logger: options.logger,
      connectTimeoutMs: options.connectTimeoutMs,
      legacyLeasePrefixes,
    });
  }
  throw invalidUrl(url);
}
