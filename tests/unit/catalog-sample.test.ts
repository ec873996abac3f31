import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { Catalog, type CatalogSources } from "../../src/papers/catalog.ts";
import { samplePapers } from "../../src/papers/sample.ts";
import { SearchIndex } from "../../src/search/index.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore } from "../../src/store/store.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const refused = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:9"));

function offlineCatalog(): Catalog {
  const sources: CatalogSources = { ...fakeSources({}), paper: refused, arxivPapers: refused };
  return new Catalog(
    createStore(createMemoryBackend()).papers,
    new SearchIndex(),
    sources,
    silentLogger,
    () => NOW,
  );
}

describe("paper lookup offline falls back to the bundled sample only on an empty store", () => {
  it("answers the sample papers asked for, marked as the sample, in the order asked; others stay missing", async () => {
    const [first, second] = samplePapers();
    const ids = [second?.id ?? "", "2101.00001", first?.id ?? ""];
    const answer = await offlineCatalog().papersById(ids);
    expect(answer.value.map((paper) => paper.id)).toEqual([second?.id, first?.id]);
    expect(answer).toMatchObject({ sample: true, missing: ["2101.00001"], unavailable: "huggingface" });
  });

  it("says nothing of a sample when no asked id is in it", async () => {
    const answer = await offlineCatalog().papersById(["2101.00001"]);
    expect(answer.value).toEqual([]);
    expect(answer.sample).toBeUndefined();
  });

  it("with papers stored, never answers the sample", async () => {
    const catalog = offlineCatalog();
    const sampleIds = new Set(samplePapers().map((paper) => paper.id));
    const other = fixturePapers().find((paper) => !sampleIds.has(paper.id));
    await catalog.remember(other ? [other] : []);
    const sampleId = samplePapers()[0]?.id ?? "";
    const answer = await catalog.papersById([sampleId]);
    expect(answer).toMatchObject({ value: [], missing: [sampleId], unavailable: "huggingface" });
    expect(answer.sample).toBeUndefined();
  });
});
