import { describe, expect, it } from "vitest";
import { takeTurns } from "../../src/scheduler/take-turns.ts";

describe("takeTurns", () => {
  it("interleaves groups round by round, keeping each group's order and the groups' first-seen order", () => {
    const channels = ["A1", "A2", "A3", "A4", "B1", "C1", "C2"];
    expect(takeTurns(channels, (channel) => channel[0] ?? "")).toEqual([
      "A1",
      "B1",
      "C1",
      "A2",
      "C2",
      "A3",
      "A4",
    ]);
  });

  it("puts a small workspace's channels among the first posting slots, however big the one listed before it", () => {
    const big = Array.from({ length: 1000 }, (_, index) => `slack:T-big:C${index}`);
    const small = ["slack:T-small:C1", "slack:T-small:C2"];
    const ordered = takeTurns([...big, ...small], (key) => key.split(":")[1] ?? "");
    expect(ordered).toHaveLength(1002);
    expect(ordered.indexOf("slack:T-small:C1")).toBe(1);
    expect(ordered.indexOf("slack:T-small:C2")).toBe(3);
    expect(new Set(ordered).size).toBe(1002);
    expect(takeTurns([], () => "x")).toEqual([]);
  });
});
