import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";

/** Keys of the rows in the file's plain-value table, read with a connection of its own. */
function storedKeys(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      db.all("SELECT key FROM paperboy ORDER BY key", (queryError, rows: { key: string }[]) => {
        db.close();
        if (queryError) reject(queryError);
        else resolve(rows.map((row) => row.key));
      });
    });
  });
}

/** Resolves once `condition` holds, polling the file (the purge runs on a timer of the driver's). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("SQLite purge of expired rows", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "paperboy-purge-"));
    file = join(dir, "store.sqlite");
    const kv = await createSqliteBackend(file);
    await kv.set("gone", { n: 1 }, 1);
    await kv.set("kept", { n: 2 });
    await kv.set("later", { n: 3 }, 3_600_000);
    const expiry = Date.now() + 2;
    await until(async () => Date.now() > expiry);
    await kv.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("leaves expired rows alone while opening, so start-up does not read the whole table", async () => {
    const kv = await createSqliteBackend(file, { purgeDelayMs: 3_600_000 });
    expect(await storedKeys(file)).toEqual(["gone", "kept", "later"]);
    expect(await kv.get("gone")).toBeUndefined();
    expect(await kv.list("")).toEqual([
      ["kept", { n: 2 }],
      ["later", { n: 3 }],
    ]);
    await kv.close();
    expect(await storedKeys(file)).toEqual(["gone", "kept", "later"]);
  });

  it("deletes exactly the expired rows once the purge delay has passed", async () => {
    const kv = await createSqliteBackend(file, { purgeDelayMs: 0 });
    await until(async () => !(await storedKeys(file)).includes("gone"));
    expect(await storedKeys(file)).toEqual(["kept", "later"]);
    expect(await kv.get("later")).toEqual({ n: 3 });
    await kv.close();
  });
});
