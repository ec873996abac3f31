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

/** What a test needing a Redis resource does: runs, skips with a visible reason, or, under CI, fails. */
export type RedisTestPlan = "run" | "skip" | "fail";

/**
 * Decides {@link RedisTestPlan} from the environment and whether the resource (a server at `REDIS_URL`,
 * the `redis-server` binary) is there: missing is a visible skip on a laptop and a failure under CI
 * (`CI` set to anything but `false` or `0`), because CI must exercise what needs Redis, not skip it.
 */
export function redisTestPlan(env: NodeJS.ProcessEnv, available: boolean): RedisTestPlan {
  if (available) return "run";
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
  return ci ? "fail" : "skip";
}

/**
 * Declares tests that need a Redis resource as {@link redisTestPlan} says: `body` when it is there,
 * a skip whose title carries `skipReason`, or under CI one failing test saying `ciFailure`.
 */
export function describeNeedingRedis(
  name: string,
  available: boolean,
  reasons: { skipReason: string; ciFailure: string },
  body: () => void,
): void {
  const plan = redisTestPlan(process.env, available);
  if (plan === "fail") {
    describe(name, () => {
      it("has what it needs from Redis", () => {
        expect.fail(reasons.ciFailure);
      });
    });
    return;
  }
  describe.skipIf(plan === "skip")(plan === "run" ? name : `${name} (${reasons.skipReason})`, body);
}

/**
 * Declares tests that need Redis: skipped with a visible reason when `REDIS_URL` is unset, except under CI,
 * where a missing Redis fails the run instead, because CI must exercise the Redis driver.
 */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  const url = redisUrl();
  describeNeedingRedis(
    name,
    url !== undefined,
    {
      skipReason: REDIS_SKIP_REASON,
      ciFailure: "CI is set but REDIS_URL is not: CI must run the Redis tests, not skip them",
    },
    () => body(url ?? ""),
  );
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
