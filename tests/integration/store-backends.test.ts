import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { EntryCodec } from "../../src/store/drivers/keyv-entries.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { runBackendContract } from "../helpers/backend-contract.ts";
import { FOREIGN_ENVELOPE } from "../helpers/foreign-envelope.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";

const sqliteDir = await mkdtemp(join(tmpdir(), "paperboy-store-"));
afterAll(() => rm(sqliteDir, { recursive: true, force: true }));

// Each driver runs the contract twice: with Keyv's own encoding of plain values, and with another one, as a
// Keyv upgrade that changed its envelope would write; claims and every other promise must hold either way.
for (const [encoding, codec] of [
  ["", undefined],
  [" (Keyv envelope changed)", FOREIGN_ENVELOPE],
] as [string, EntryCodec | undefined][]) {
  runBackendContract(`memory${encoding}`, async () => createMemoryBackend({ codec }), { shared: false });

  runBackendContract(
    `sqlite${encoding}`,
    (storeId) =>
      createSqliteBackend(join(sqliteDir, `${storeId}${codec ? "-foreign" : ""}.sqlite`), { codec }),
    { shared: true },
  );

  describeWithRedis(`redis${encoding}`, (url) => {
    const prefixes = redisTestPrefixes(url);
    const storePrefixes = new Map<string, string>();
    afterAll(() => prefixes.cleanup());
    runBackendContract(
      `redis${encoding}`,
      (storeId) => {
        if (!storePrefixes.has(storeId)) storePrefixes.set(storeId, prefixes.next());
        return createRedisBackend(url, { prefix: storePrefixes.get(storeId), codec });
      },
      { shared: true },
    );
  });
}
