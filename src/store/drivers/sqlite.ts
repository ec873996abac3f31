import { mkdir, statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { KeyvSqlite } from "@keyv/sqlite";
import type { Logger } from "pino";
import type { KvBackend, ListOptions } from "../backend.ts";
import { StoreError } from "../errors.ts";
import { guardClosed } from "./guard-closed.ts";
import { compareKeys, prefixUpperBound } from "./key-order.ts";
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

/** Options for {@link createSqliteBackend}. */
export interface SqliteBackendOptions {
  /** Receives one line when the database is open. */
  logger?: Logger;
  /**
   * Caps the database at this many pages (`PRAGMA max_page_count`): writes that need more fail with
   * SQLITE_FULL, exactly as on a full disk. For tests of a full disk, or to bound the file's size.
   */
  maxPageCount?: number;
}

const TABLE = "paperboy";
const BUSY_TIMEOUT_MS = 5000;
const EXPIRED = `json_valid(${TABLE}.value) AND json_extract(${TABLE}.value, '$.expires') < ?`;
const CLAIM = `INSERT INTO ${TABLE} (key, value) VALUES (?, ?)
  ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE ${EXPIRED}
  RETURNING key`;
/**
 * The row at `?1` holds the value whose encoding prefix (`{"value":<encoding>`, see `encodeValuePrefix`) is `?2`
 * and is live at `?3`: the whole text is the prefix and `}` (no expiry), or starts with the prefix and
 * `,"expires":` and its expiry has not passed. `holdsLive` in keyv-entries.ts is the same test in JavaScript.
 * `length` and `substr` both count characters, so the prefix comparison is exact for any text. The CASE keeps
 * `json_extract` off text that is not JSON, which it would fail on.
 */
const HOLDS_LIVE = `key = ?1 AND (value = ?2 || '}' OR (
    substr(value, 1, length(?2) + ${EXPIRES_FIELD.length}) = ?2 || '${EXPIRES_FIELD}'
    AND CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') >= ?3 ELSE 0 END))`;
const DELETE_IF_EQUALS = `DELETE FROM ${TABLE} WHERE ${HOLDS_LIVE} RETURNING key`;
const EXTEND_IF_EQUALS = `UPDATE ${TABLE} SET value = ?4 WHERE ${HOLDS_LIVE} RETURNING key`;
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
 * A store in one SQLite file (WAL mode), shared safely by every process on the machine that opens it. Keyv
 * (`@keyv/sqlite`, table `paperboy`, keys as given) does get and set; bulk reads (linear in the keys), claims, deletes, compare-and-delete,
 * compare-and-extend, prefix listings and batch writes are single SQL statements on the same connection, so each
 * is atomic across processes without BEGIN/COMMIT interleaving with other queries. Expiry lives in the value as
 * Keyv writes it (`{"value":…,"expires":<epoch ms>}`), and expired rows are purged at open. Opening creates the
 * parent directory and runs a query, so a bad path fails at start-up with a StoreError naming the file.
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
  const keyv = createKeyv(store);
  try {
    await store.query("PRAGMA journal_mode=WAL");
    if (options.maxPageCount !== undefined)
      await store.query(`PRAGMA max_page_count=${options.maxPageCount}`);
    await store.query(`DELETE FROM ${TABLE} WHERE ${EXPIRED}`, Date.now());
  } catch (cause) {
    await store.close().catch(() => undefined);
    throw openError(file, cause);
  }
  options.logger?.info({ store: "sqlite", file }, "[paperboy] [store] [sqlite] opened");

  const rows = async (sql: string, ...params: unknown[]): Promise<{ key: string; value: string }[]> =>
    store.query(sql, ...params);
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
      const raw = await encodeEntry(keyv, value, checkTtl(ttlMs));
      return (await rows(CLAIM, key, raw, Date.now())).length === 1;
    },
    async deleteIfEquals(key, expected) {
      const prefix = await encodeValuePrefix(keyv, expected);
      if (prefix === undefined) return false;
      return (await rows(DELETE_IF_EQUALS, key, prefix, Date.now())).length === 1;
    },
    async extendIfEquals(key, expected, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const prefix = await encodeValuePrefix(keyv, expected);
      if (prefix === undefined) return false;
      const raw = withExpiry(prefix, ttl);
      return (await rows(EXTEND_IF_EQUALS, key, prefix, Date.now(), raw)).length === 1;
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
    close: () => keyv.disconnect(),
  });
}
