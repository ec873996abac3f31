import { describe, expect, it } from "vitest";
import { matchReason, plural, searchNote, storedDayNote } from "../../src/papers/catalog-notes.ts";

describe("the catalog's notes read right for every count", () => {
  it("counts one, none and many", () => {
    expect([0, 1, 2].map((count) => plural(count, "paper"))).toEqual(["0 papers", "1 paper", "2 papers"]);
  });

  it("a day it could not fetch names what the store had, and says nothing more when it had none", () => {
    const failure = "Hugging Face is unreachable right now.";
    expect(storedDayNote(failure, 1)).toBe(`${failure} Showing 1 stored paper featured that day.`);
    expect(storedDayNote(failure, 0)).toBe(failure);
  });

  it("a search names each source that failed and where the results came from", () => {
    expect(searchNote(["arXiv is unreachable right now."], 1, true)).toBe(
      "arXiv is unreachable right now. Results come from the 1 paper stored here and the sources that answered.",
    );
    expect(searchNote(["A.", "B."], 40, false)).toBe("A. B. Results come from the 40 papers stored here.");
  });

  it("a hit's reason lists the terms it matched, or nothing", () => {
    expect(matchReason({ matched: ["forgetting", "unlearning"] })).toBe("matches forgetting, unlearning");
    expect(matchReason({ matched: [] })).toBeUndefined();
  });
});
