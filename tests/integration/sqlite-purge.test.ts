import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { waitFor } from "../helpers/slack-harness.ts";

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
    await waitFor(() => Date.now() > expiry, 60_000);
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
    await waitFor(async () => !(await storedKeys(file)).includes("gone"), 60_000);
    expect(await storedKeys(file)).toEqual(["kept", "later"]);
    expect(await kv.get("later")).toEqual({ n: 3 });
    await kv.close();
  });
});
