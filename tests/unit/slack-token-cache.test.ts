import { describe, expect, it } from "vitest";
import { reusedTokens } from "../../adapters/slack/token-cache.ts";

describe("workspace bot tokens in a fan-out", () => {
  it("are read once per workspace within the reuse window, and again after it", async () => {
    let clock = 0;
    const reads: string[] = [];
    let version = 1;
    const tokenFor = reusedTokens(
      async (teamId) => {
        reads.push(teamId);
        return `xoxb-${teamId}-${version}`;
      },
      { reuseMs: 1000, now: () => clock },
    );
    const first = await Promise.all(["T1", "T2", "T1", "T1", "T2"].map(tokenFor));
    expect(first).toEqual(["xoxb-T1-1", "xoxb-T2-1", "xoxb-T1-1", "xoxb-T1-1", "xoxb-T2-1"]);
    expect(reads).toEqual(["T1", "T2"]);
    version = 2;
    clock = 999;
    expect(await tokenFor("T1")).toBe("xoxb-T1-1");
    clock = 1000;
    expect(await tokenFor("T1")).toBe("xoxb-T1-2");
    expect(reads).toEqual(["T1", "T2", "T1"]);
  });

  it("never keep a failed read: the next post asks again", async () => {
    let fail = true;
    let reads = 0;
    const tokenFor = reusedTokens(
      async () => {
        reads += 1;
        if (fail) throw new Error("store down");
        return "xoxb-1";
      },
      { reuseMs: 60_000, now: () => 0 },
    );
    await expect(tokenFor("T1")).rejects.toThrow("store down");
    fail = false;
    expect(await tokenFor("T1")).toBe("xoxb-1");
    expect(reads).toBe(2);
  });
});
