import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KvBackend } from "../../src/store/backend.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";

type All = (this: sqlite3.Database, sql: string, ...rest: unknown[]) => unknown;
type Rows = Record<string, unknown>[];

const KEYS = 20_000;

/**
 * Watches what the SQLite connection answers: each query's SQL, and every read of a returned row's `key`.
 * Past `budget` key reads the read throws, so a quadratic match fails at once instead of running for seconds.
 */
const watch = { on: false, queries: [] as string[], rows: 0, keyReads: 0, budget: Number.POSITIVE_INFINITY };
const originalAll = sqlite3.Database.prototype.all as unknown as All;

const instrument = (row: Record<string, unknown>) =>
  new Proxy(row, {
    get(target, property, receiver) {
      if (property === "key" && ++watch.keyReads > watch.budget) {
        throw new Error(`more than ${watch.budget} reads of row keys for ${watch.rows} rows`);
      }
      return Reflect.get(target, property, receiver);
    },
  });

const instrumentedAll: All = function (sql, ...rest) {
  const callback = rest.at(-1);
  if (!watch.on || typeof callback !== "function") return originalAll.call(this, sql, ...rest);
  watch.queries.push(sql);
  return originalAll.call(this, sql, ...rest.slice(0, -1), (error: Error | null, rows?: Rows) => {
    watch.rows += rows?.length ?? 0;
    (callback as (error: Error | null, rows?: Rows) => void)(error, rows?.map(instrument));
  });
};

describe("SQLite bulk reads", () => {
  let dir: string;
  let kv: KvBackend;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "paperboy-get-many-"));
    // @keyv/sqlite binds `Database#all` when it connects, so the instrument goes in before the store opens.
    (sqlite3.Database.prototype as unknown as { all: All }).all = instrumentedAll;
    kv = await createSqliteBackend(join(dir, "store.sqlite"));
  });
  afterAll(async () => {
    (sqlite3.Database.prototype as unknown as { all: All }).all = originalAll;
    await kv.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads 20,000 keys with one query, matching each row once, in the order asked", async () => {
    const keys = Array.from({ length: KEYS }, (_, n) => `papers:${String(n).padStart(5, "0")}`);
    await kv.setMany(keys.map((key, n) => [key, { n }]));
    const asked = [...keys].reverse();
    Object.assign(watch, { on: true, queries: [], rows: 0, keyReads: 0, budget: 2 * KEYS });

    const values = await kv.getMany<{ n: number }>(asked).finally(() => {
      watch.on = false;
    });

    expect(values.map((value) => value?.n)).toEqual(asked.map((_, i) => KEYS - 1 - i));
    expect(watch.queries).toHaveLength(1);
    expect(watch.rows).toBe(KEYS);
    expect(watch.keyReads).toBeLessThanOrEqual(2 * KEYS);
  });
});
