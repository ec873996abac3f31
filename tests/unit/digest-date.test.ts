import { describe, expect, it } from "vitest";
import { digestDateLine, formatDigestDate } from "../../src/digest/digest-date.ts";

describe("formatDigestDate", () => {
  it("formats a date the same on every call (the memo answers the second)", () => {
    expect(formatDigestDate("2026-06-12")).toBe("Fri 12 Jun 2026");
    expect(formatDigestDate("2026-06-12")).toBe("Fri 12 Jun 2026");
    expect(formatDigestDate("2026-12-07")).toBe("Mon 7 Dec 2026");
  });

  it("throws for a date that is not a calendar date, every time (nothing bad is remembered)", () => {
    expect(() => formatDigestDate("2026-02-30")).toThrow(RangeError);
    expect(() => formatDigestDate("2026-02-30")).toThrow(RangeError);
    expect(digestDateLine({ date: "2026-02-30", title: "x" })).toBe("📅 2026-02-30");
  });

  it("keeps answering correctly past the memo's size", () => {
    for (let day = 1; day <= 28; day += 1) {
      for (const month of ["01", "02", "03"]) {
        const date = `2027-${month}-${String(day).padStart(2, "0")}`;
        expect(formatDigestDate(date)).toMatch(new RegExp(` ${day} (Jan|Feb|Mar) 2027$`));
      }
    }
    expect(formatDigestDate("2026-06-12")).toBe("Fri 12 Jun 2026");
  });
});
