import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { runBackendContract } from "../helpers/backend-contract.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";

runBackendContract("memory", async () => createMemoryBackend(), { shared: false });

const sqliteDir = await mkdtemp(join(tmpdir(), "paperboy-store-"));
afterAll(() => rm(sqliteDir, { recursive: true, force: true }));
runBackendContract("sqlite", (storeId) => createSqliteBackend(join(sqliteDir, `${storeId}.sqlite`)), {
  shared: true,
});

describeWithRedis("redis", (url) => {
  const prefixes = redisTestPrefixes(url);
  const storePrefixes = new Map<string, string>();
  afterAll(() => prefixes.cleanup());
  runBackendContract(
    "redis",
    (storeId) => {
      if (!storePrefixes.has(storeId)) storePrefixes.set(storeId, prefixes.next());
      return createRedisBackend(url, { prefix: storePrefixes.get(storeId) });
    },
    { shared: true },
  );
});
