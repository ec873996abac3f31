import { describe, expect, it } from "vitest";
import { redisTestPlan } from "../helpers/redis.ts";

describe("tests that need Redis or redis-server", () => {
  it.each([
    [{}, true, "run"],
    [{ CI: "true" }, true, "run"],
    [{}, false, "skip"],
    [{ CI: "false" }, false, "skip"],
    [{ CI: "0" }, false, "skip"],
    [{ CI: "true" }, false, "fail"],
    [{ CI: "1" }, false, "fail"],
  ] as const)("with env %o and the resource there: %s, they %s", (env, available, plan) => {
    expect(redisTestPlan(env, available)).toBe(plan);
  });
});
