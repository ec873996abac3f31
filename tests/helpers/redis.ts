import { randomUUID } from "node:crypto";
import { createClient } from "@keyv/redis";
import { describe, expect, it } from "vitest";

/** The Redis server for integration tests (`REDIS_URL`), or undefined when there is none. */
export function redisUrl(): string | undefined {
  return process.env.REDIS_URL || undefined;
}

/** Shown in the title of skipped Redis tests, so a skip is never silent. */
export const REDIS_SKIP_REASON =
  "skipped: REDIS_URL is not set (start redis-server and export REDIS_URL=redis://127.0.0.1:6379)";

/**
 * Declares tests that need Redis: skipped with a visible reason when `REDIS_URL` is unset, except under CI,
 * where a missing Redis fails the run instead, because CI must exercise the Redis driver.
 */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  const url = redisUrl();
  if (!url && process.env.CI) {
    describe(name, () => {
      it("has a Redis server to test against", () => {
        expect.fail("CI is set but REDIS_URL is not: CI must run the Redis tests, not skip them");
      });
    });
    return;
  }
  describe.skipIf(!url)(url ? name : `${name} (${REDIS_SKIP_REASON})`, () => body(url ?? ""));
}

/**
 * Key prefixes unique to this test run, so runs never see each other's data on a shared server, and a cleanup
 * that deletes every key written under them.
 */
export function redisTestPrefixes(url: string): { next(): string; cleanup(): Promise<void> } {
  const run = `paperboy-test-${randomUUID().slice(0, 8)}`;
  let count = 0;
  return {
    next: () => `${run}-${++count}`,
    async cleanup() {
      const client = createClient({ url });
      await client.connect();
      try {
        for await (const keys of client.scanIterator({ MATCH: `${run}-*`, COUNT: 1000 })) {
          if (keys.length > 0) await client.unlink(keys);
        }
      } finally {
        await client.close();
      }
    },
  };
}
