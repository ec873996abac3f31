import { describe, expect, it } from "vitest";
import { remember } from "../../src/memo.ts";

describe("remember", () => {
  it("makes a value once per key, and starts again once the memo holds `kept` keys", () => {
    const memo = new Map<string, number>();
    let made = 0;
    const get = (key: string) => remember(memo, key, 2, () => ++made);
    expect([get("a"), get("a"), get("b"), get("b")]).toEqual([1, 1, 2, 2]);
    expect(get("c")).toBe(3);
    // "c" emptied the full memo: only it is left, so "a" is made again.
    expect([...memo.keys()]).toEqual(["c"]);
    expect(get("a")).toBe(4);
    expect(made).toBe(4);
  });
});
