import { describe, expect, it } from "vitest";
import { labelledPapers, runTldrEval } from "../../bench/tldr-eval.ts";
import { TLDR_MAX_CHARS, tldr } from "../../src/digest/tldr.ts";

/**
 * `npm run eval -- tldr` on the hand-labelled real abstracts: guards the measured figures (all 60 and the
 * 16 held out contain a contribution sentence today) with floors a little below them, and the TL;DR rules.
 */
describe("the TL;DR evaluation", () => {
  const set = labelledPapers();
  const [all, tuning, heldOut] = runTldrEval(set);

  it("covers at least 40 labelled abstracts, some held out", () => {
    expect(all!.size).toBeGreaterThanOrEqual(40);
    expect(tuning!.size + heldOut!.size).toBe(all!.size);
    expect(heldOut!.size).toBeGreaterThanOrEqual(15);
  });

  it("states a labelled contribution far more often than the opening sentence or the old lead picker", () => {
    expect(all!.after.contains).toBeGreaterThanOrEqual(0.93);
    expect(all!.after.leads).toBeGreaterThanOrEqual(0.9);
    expect(heldOut!.after.contains).toBeGreaterThanOrEqual(0.87);
    expect(all!.after.leads).toBeGreaterThan(all!.before.leads);
    expect(all!.before.contains).toBeGreaterThan(all!.firstSentence.contains);
  });

  it("keeps every TL;DR non-empty, within the limit and ending on a boundary", () => {
    for (const item of set) {
      const line = tldr({ ...item.paper, aiSummary: undefined });
      expect(line.length, item.id).toBeGreaterThan(0);
      expect(line.length, item.id).toBeLessThanOrEqual(TLDR_MAX_CHARS);
      expect(line, item.id).toMatch(/(?:[.?!]["'”’)\]]*|…)$/u);
    }
  });
});
