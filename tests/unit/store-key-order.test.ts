import { describe, expect, it } from "vitest";
import { compareKeys, prefixUpperBound } from "../../src/store/drivers/key-order.ts";

describe("prefixUpperBound", () => {
  it("increments the last character, so the range holds exactly the keys with that prefix", () => {
    const bound = prefixUpperBound("votes:")!;
    expect(bound).toBe("votes;");
    for (const key of ["votes:", "votes:a", "votes:\u{10ffff}\u{10ffff}"])
      expect(compareKeys(key, bound)).toBe(-1);
    for (const key of ["votes;", "votes;a", "votet"])
      expect(compareKeys(key, bound)).toBeGreaterThanOrEqual(0);
  });

  it("skips the surrogate range and carries past U+10FFFF", () => {
    expect(prefixUpperBound("a\u{d7ff}")).toBe("a\u{e000}");
    expect(prefixUpperBound("ab\u{10ffff}")).toBe("ac");
    expect(prefixUpperBound("😀")).toBe("😁");
  });

  it("has no bound when every key from the prefix up matches", () => {
    expect(prefixUpperBound("")).toBeUndefined();
    expect(prefixUpperBound("\u{10ffff}\u{10ffff}")).toBeUndefined();
  });
});

describe("compareKeys", () => {
  it("orders by code point, as SQLite does, not by UTF-16 unit", () => {
    expect(["😀", "ｚ", "b", "a:2", "a"].sort(compareKeys)).toEqual(["a", "a:2", "b", "ｚ", "😀"]);
  });
});
