import { mkdir, statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { KeyvSqlite } from "@keyv/sqlite";
import type { Keyv } from "keyv";
import type { Logger } from "pino";
import type { KvBackend, ListOptions } from "../backend.ts";
import { StoreError } from "../errors.ts";
import { guardClosed } from "./guard-closed.ts";
import { compareKeys, prefixUpperBound } from "./key-order.ts";
import { checkTtl, createKeyv, decodeEntry, type EntryCodec, encodeEntry } from "./keyv-entries.ts";
import { leaseText, requiredLeaseText } from "./lease-text.ts";
import { adoptLegacyLeases } from "./legacy-leases.ts";
import { checkLimit } from "./list-limit.ts";

/** Options for {@link createSqliteBackend}. */
export interface SqliteBackendOptions {
  /** Receives one line when the database is open. */
  logger?: Logger;
  /**
   * Caps the database at this many pages (`PRAGMA max_page_count`): writes that need more fail with
   * SQLITE_FULL, exactly as on a full disk. For tests of a full disk, or to bound the file's size.
   */
  maxPageCount?: number;
  /** How Keyv encodes plain values; Keyv's own unless a test proves nothing else depends on it. */
  codec?: EntryCodec;
  /**
   * Key prefixes under which leases were written as plain values before they had a table of their own
   * (`LEASE_NAMESPACES`): live ones are moved into the lease table at open (see `adoptLegacyLeases`).
   */
  legacyLeasePrefixes?: readonly string[];
  /** How long after open expired plain rows are purged (default {@link PURGE_DELAY_MS}). */
  purgeDelayMs?: number;
}

const TABLE = "paperboy";
/** The leases' own table: the value's text and its expiry (epoch ms) in columns of their own. */
const LEASES = "paperboy_leases";
const CREATE_LEASES = `CREATE TABLE IF NOT EXISTS ${LEASES} (
  key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID`;
const BUSY_TIMEOUT_MS = 5000;
/** Takes `?1` for value `?2` until `?3` unless a lease live at `?4` holds it. */
const CLAIM = `INSERT INTO ${LEASES} (key, value, expires_at) VALUES (?1, ?2, ?3)
  ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
  WHERE ${LEASES}.expires_at < ?4
  RETURNING key`;
/** Deletes the lease at `?1` if it holds `?2` and is live at `?3`. */
const DELETE_IF_EQUALS = `DELETE FROM ${LEASES} WHERE key = ?1 AND value = ?2 AND expires_at >= ?3 RETURNING key`;
/** Makes the lease at `?1` expire at `?4` if it holds `?2` and is live at `?3`. */
const EXTEND_IF_EQUALS = `UPDATE ${LEASES} SET expires_at = ?4
  WHERE key = ?1 AND value = ?2 AND expires_at >= ?3 RETURNING key`;
/**
 * The key in [`?1`, `?2`) with a fraction `?3` of that range's keys before it (the last one for 1), read from
 * the key index alone: one count and one skip, no value read.
 */
const SPLIT_KEY = `SELECT key FROM ${TABLE} WHERE key >= ?1 AND key < ?2 ORDER BY key LIMIT 1 OFFSET
  (SELECT max(0, min(count(*) - 1, CAST(count(*) * ?3 AS INTEGER))) FROM ${TABLE} WHERE key >= ?1 AND key < ?2)`;
/** Every plain row whose key is in [`?1`, `?2`). */
const RANGE = `SELECT key, value FROM ${TABLE} WHERE key >= ? AND key < ? ORDER BY key`;
/**
 * Deletes the plain rows whose expiry has passed, when Keyv keeps the expiry where SQL can read it
 * (`$.expires`, see {@link expiryReadableBySql}). Only tidiness: Keyv reads an expired row as absent anyway.
 */
const PURGE_EXPIRED = `DELETE FROM ${TABLE}
  WHERE json_valid(value) AND json_extract(value, '$.expires') < ?`;

/**
 * Whether this Keyv writes a value's expiry as `$.expires` in epoch ms (Keyv 5 does), so that
 * {@link PURGE_EXPIRED} deletes exactly the expired rows. Asked of Keyv itself at open, not assumed: were
 * an upgrade to write expiries otherwise, the purge is skipped rather than deleting live rows.
 */
async function expiryReadableBySql(keyv: Keyv): Promise<boolean> {
  const probe = await keyv.serialize!({ value: null, expires: 1234 });
  try {
    return (JSON.parse(probe) as { expires?: unknown } | null)?.expires === 1234;
  } catch {
    return false;
  }
}
/**
 * Expired plain rows are purged this long after open, not during it: the purge reads every row of the
 * table (a third of a second at 100,000 papers, a fifth of a restart), and expired rows are never
 * returned anyway. A process that closes the store sooner (the CLI's one-shot commands) leaves them to
 * the next long-running one.
 */
const PURGE_DELAY_MS = 60_000;
const UPSERT_MANY = `INSERT INTO ${TABLE} (key, value)
  SELECT json_extract(entry.value, '$[0]'), json_extract(entry.value, '$[1]') FROM json_each(?) AS entry WHERE true
  ON CONFLICT(key) DO UPDATE SET value = excluded.value`;
/** Below this much free space on the file's disk, the store counts as full (a page and its WAL frames need room). */
const MIN_FREE_BYTES = 1024 * 1024;
/** Whether the database can grow by a page: free pages inside it, or pages left below `max_page_count`. */
const ROOM = `SELECT (SELECT page_count FROM pragma_page_count()) AS pages,
  (SELECT max_page_count FROM pragma_max_page_count()) AS max,
  (SELECT freelist_count FROM pragma_freelist_count()) AS free`;
/**
 * Every asked key's row in one statement. `@keyv/sqlite`'s own getMany runs the same query but then finds
 * each key's row with a linear search, quadratic in the number of keys (a `/papers today` over 100,000 stored
 * papers took 44 s); this driver matches rows through a Map instead.
 */
const GET_MANY = `SELECT key, value FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?))`;
const hints: Record<string, [StoreError["code"], string]> = {
  SQLITE_NOTADB: ["not-a-database", "is not a SQLite database: move it away"],
  SQLITE_CORRUPT: [
    "not-a-database",
    "is a damaged SQLite database: restore it from a backup or move it away",
  ],
  SQLITE_CANTOPEN: ["cannot-open", "cannot be opened: make sure its directory is writable"],
  SQLITE_READONLY: ["unwritable", "is read-only: give paperboy write access to it and its directory"],
  SQLITE_PERM: ["unwritable", "is not accessible: give paperboy read and write access"],
};

/** Turns a failure at open into a StoreError that names the file and says what to do. */
function openError(file: string, cause: unknown): StoreError {
  const code = (cause as { code?: string }).code ?? "";
  const [storeCode, hint] = hints[code] ?? ["cannot-open", `cannot be used (${String(cause)})`];
  return new StoreError("sqlite", storeCode, `${file} ${hint}, or set PAPERBOY_STORE to another path`, {
    cause,
  });
}

/**
 * A store in one SQLite file (WAL mode), shared safely by every process on the machine that opens it. Plain
 * values: Keyv (`@keyv/sqlite`, table `paperboy`, keys as given) does get and set; bulk reads (linear in the
 * keys), deletes, prefix listings (an index range) and batch writes are single SQL statements on the same
 * connection, reading and writing values only through Keyv's encoder. Leases live in a table of their own
 * (`paperboy_leases`: key, value text, `expires_at`), and claims, compare-and-delete and compare-and-extend
 * are single statements on its columns, so each is atomic across processes. Expired leases are purged at
 * open and, when Keyv keeps its expiry where SQL can read it, expired plain rows a minute later. Opening creates the parent
 * directory and runs a query, so a bad path fails at start-up with a StoreError naming the file.
 */
export async function createSqliteBackend(
  path: string,
  options: SqliteBackendOptions = {},
): Promise<KvBackend> {
  const file = resolve(path);
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (cause) {
    const reason = (cause as { code?: string }).code ?? String(cause);
    throw new StoreError(
      "sqlite",
      "unwritable",
      `cannot create the directory ${dirname(file)} for ${file} (${reason}): create it or set PAPERBOY_STORE to another path`,
      { cause },
    );
  }
  const store = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: BUSY_TIMEOUT_MS });
  const keyv = createKeyv(store, undefined, options.codec);
  const rows = async (sql: string, ...params: unknown[]): Promise<{ key: string; value: string }[]> =>
    store.query(sql, ...params);
  let purgeable = false;
  try {
    await store.query("PRAGMA journal_mode=WAL");
    if (options.maxPageCount !== undefined)
      await store.query(`PRAGMA max_page_count=${options.maxPageCount}`);
    await store.query(CREATE_LEASES);
    await store.query(`DELETE FROM ${LEASES} WHERE expires_at < ?`, Date.now());
    purgeable = await expiryReadableBySql(keyv);
    for (const prefix of options.legacyLeasePrefixes ?? []) {
      await adoptLegacyLeases(
        keyv,
        (await rows(RANGE, prefix, prefixUpperBound(prefix) ?? "\u{10ffff}")).map(
          ({ key, value }) => [key, value] as const,
        ),
        {
          put: async (key, text, expiresAt) => {
            await store.query(
              `INSERT INTO ${LEASES} (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING`,
              key,
              text,
              expiresAt,
            );
          },
          remove: async (key, raw) => {
            await store.query(`DELETE FROM ${TABLE} WHERE key = ? AND value = ?`, key, raw);
          },
        },
      );
    }
  } catch (cause) {
    await store.close().catch(() => undefined);
    throw openError(file, cause);
  }
  options.logger?.info({ store: "sqlite", file }, "[paperboy] [store] [sqlite] opened");
  let purging: Promise<void> | undefined;
  const purge = purgeable
    ? setTimeout(() => {
        purging = store.query(PURGE_EXPIRED, Date.now()).then(
          () => undefined,
          (cause: unknown) =>
            options.logger?.warn({ store: "sqlite", file, err: cause }, "could not purge expired rows"),
        );
      }, options.purgeDelayMs ?? PURGE_DELAY_MS)
    : undefined;
  purge?.unref();

  return guardClosed({
    kind: "sqlite",
    get: (key) => keyv.get(key),
    async getMany<T>(keys: readonly string[]) {
      if (keys.length === 0) return [];
      const found = await rows(GET_MANY, JSON.stringify(keys));
      const byKey = new Map(found.map(({ key, value }) => [key, value]));
      return Promise.all(
        keys.map(async (key) => {
          const raw = byKey.get(key);
          return raw === undefined ? undefined : ((await decodeEntry(keyv, raw))?.value as T | undefined);
        }),
      );
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, value, ttlMs === undefined ? undefined : checkTtl(ttlMs));
    },
    async setMany(entries) {
      if (entries.length === 0) return;
      const encoded = await Promise.all(
        entries.map(async ([key, value]) => [key, await encodeEntry(keyv, value)]),
      );
      await store.query(UPSERT_MANY, JSON.stringify(encoded));
    },
    async delete(key) {
      const [row] = await rows(`DELETE FROM ${TABLE} WHERE key = ? RETURNING value`, key);
      return row !== undefined && (await decodeEntry(keyv, row.value)) !== undefined;
    },
    async setIfAbsent(key, value, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const now = Date.now();
      return (await rows(CLAIM, key, requiredLeaseText(value), now + ttl, now)).length === 1;
    },
    async deleteIfEquals(key, expected) {
      const text = leaseText(expected);
      if (text === undefined) return false;
      return (await rows(DELETE_IF_EQUALS, key, text, Date.now())).length === 1;
    },
    async extendIfEquals(key, expected, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const text = leaseText(expected);
      if (text === undefined) return false;
      const now = Date.now();
      return (await rows(EXTEND_IF_EQUALS, key, text, now, now + ttl)).length === 1;
    },
    async list<T>(prefix: string, options: ListOptions = {}) {
      const bound = prefixUpperBound(prefix);
      let start = options.from !== undefined && compareKeys(options.from, prefix) > 0 ? options.from : prefix;
      const limit = checkLimit(options.limit);
      const result: [string, T][] = [];
      // Expired rows are read but not returned, so a limited listing reads on until it has `limit` live ones.
      while (result.length < limit) {
        const wanted = limit === Number.POSITIVE_INFINITY ? -1 : limit - result.length;
        const found =
          bound === undefined
            ? await rows(`SELECT key, value FROM ${TABLE} WHERE key >= ? ORDER BY key LIMIT ?`, start, wanted)
            : await rows(
                `SELECT key, value FROM ${TABLE} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`,
                start,
                bound,
                wanted,
              );
        for (const { key, value } of found) {
          const entry = await decodeEntry(keyv, value);
          if (entry) result.push([key, entry.value as T]);
        }
        if (wanted === -1 || found.length < wanted) break;
        start = `${found[found.length - 1]!.key}\0`;
      }
      return result;
    },
    async splitKey(prefix: string, fraction: number) {
      if (!(fraction >= 0 && fraction <= 1))
        throw new RangeError(`fraction must be within 0–1, got ${fraction}`);
      const bound = prefixUpperBound(prefix) ?? "\u{10ffff}";
      const [row] = await rows(SPLIT_KEY, prefix, bound, fraction);
      return row?.key;
    },
    async ping() {
      let room: { pages: number; max: number; free: number } | undefined;
      try {
        [room] = await store.query(ROOM);
      } catch (cause) {
        throw new StoreError("sqlite", "unavailable", `${file} does not answer (${String(cause)})`, {
          cause,
        });
      }
      // A full file still answers reads and takes rewrites of rows it has room for, but no new data.
      if (room && room.free === 0 && room.pages >= room.max) {
        throw new StoreError("sqlite", "full", `${file} reached its page limit (${room.max} pages)`);
      }
      const disk = await statfs(dirname(file)).catch(() => undefined);
      if (disk && disk.bavail * disk.bsize < MIN_FREE_BYTES) {
        throw new StoreError(
          "sqlite",
          "full",
          `the disk of ${file} is full (${disk.bavail * disk.bsize} bytes free): free some space`,
        );
      }
    },
    async close() {
      clearTimeout(purge);
      await purging;
      await keyv.disconnect();
    },
  });
}
