import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { UpstreamError } from "../../src/http/index.ts";
import { silentLogger } from "../../src/log.ts";
import {
  Catalog,
  type CatalogBudgets,
  type CatalogSources,
  DEFAULT_BUDGETS,
} from "../../src/papers/catalog.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { SearchIndex } from "../../src/search/index.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore } from "../../src/store/store.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const refused = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:9"));
const never = () => new Promise<never>(() => {});

function catalogOver(sources: CatalogSources, budgets: Partial<CatalogBudgets> = {}) {
  const clock = { now: NOW };
  const catalog = new Catalog(
    createStore(createMemoryBackend()).papers,
    new SearchIndex(),
    sources,
    silentLogger,
    () => clock.now,
    { ...DEFAULT_BUDGETS, ...budgets },
  );
  return { catalog, clock };
}

describe("the week before a quiet day", () => {
  it("keeps only papers featured in the seven days before: older ones and the day's own are not this week's best", async () => {
    const featured = (day: string) =>
      fixturePapers()
        .slice(0, 2)
        .map((paper) => ({ ...paper, id: `${paper.id}-${day}`, featuredOn: day }));
    const { catalog } = catalogOver({
      ...fakeSources({}),
      // An upstream (or a proxy) that answers the week with whatever it has.
      week: async () => [
        ...featured("2026-06-04"),
        ...featured("2026-06-05"),
        ...featured("2026-06-11"),
        ...featured("2026-06-12"),
      ],
    });
    const answer = await catalog.weekBefore("2026-06-12");
    expect(answer.note).toBeUndefined();
    expect(answer.value.map((paper) => paper.featuredOn).sort()).toEqual([
      "2026-06-05",
      "2026-06-05",
      "2026-06-11",
      "2026-06-11",
    ]);
  });
});

describe("upstream trouble is kept per source and per kind of call", () => {
  it("a failing arXiv search backs off arXiv searches only: Hugging Face's day is still fetched", async () => {
    let dailyCalls = 0;
    const base = fakeSources({ "2026-06-12": fixturePapers() });
    const { catalog } = catalogOver({
      ...base,
      arxivSearch: refused,
      daily: (date) => {
        dailyCalls += 1;
        return base.daily(date);
      },
    });

    const search = await catalog.search("sparse attention", 5);
    expect(search.note).toMatch(/^arXiv is unreachable right now\. /);
    expect(search.note).not.toMatch(/Hugging Face/);
    expect(search.unavailable).toBe("arxiv");

    const today = await catalog.forDate("2026-06-12");
    expect(dailyCalls).toBe(1);
    expect(today.note).toBeUndefined();
    expect(today.value).toHaveLength(30);
  });

  it("a failing Hugging Face daily listing does not stop Hugging Face search, and each note names its source", async () => {
    const base = fakeSources({});
    let searches = 0;
    const { catalog } = catalogOver({
      ...base,
      daily: refused,
      search: async () => {
        searches += 1;
        return fixturePapers().slice(0, 3);
      },
    });
    const today = await catalog.forDate("2026-06-12");
    expect(today).toMatchObject({
      unavailable: "huggingface",
      note: "Hugging Face is unreachable right now.",
    });
    const again = await catalog.forDate("2026-06-12");
    expect(again.unavailable).toBe("huggingface");
    const found = await catalog.search("attention", 5);
    expect(searches).toBe(1);
    expect(found.note).toBeUndefined();
  });

  it("says an answer was too large rather than that the source is unreachable", async () => {
    const tooLarge = () =>
      Promise.reject(
        new UpstreamError({ code: "too_large", url: "http://127.0.0.1/api/daily_papers", detail: "too big" }),
      );
    const { catalog } = catalogOver({ ...fakeSources({}), daily: tooLarge });
    expect((await catalog.forDate("2026-06-12")).note).toBe("Hugging Face sent an answer too large to use.");
  });

  it("counts an arXiv search failure under arxiv in the metrics, not under huggingface", async () => {
    const config = loadConfig({ PAPERBOY_STORE: "memory://" });
    const app = await createApp(config, silentLogger, {
      commands,
      backend: createMemoryBackend(),
      sources: { ...fakeSources({}), arxivSearch: refused },
    });
    try {
      await app.catalog.search("forgetting", 5);
      const body = (await app.metrics.render()).body;
      expect(body).toMatch(/paperboy_source_failures_total\{source="arxiv"\} 1/);
      expect(body).toMatch(/paperboy_source_failures_total\{source="huggingface"\} 0/);
    } finally {
      await app.close();
    }
  });
});

describe("topic answers do not wait on slow remote search when the index already answers", () => {
  const many = (): Paper[] =>
    Array.from({ length: 12 }, (_, index) => ({
      ...fixturePapers()[0]!,
      id: `2606.${String(20000 + index)}`,
      title: `Catastrophic forgetting in continual learning, part ${index + 1}`,
    }));

  it("answers from the local index within the merge window while both remote searches hang", async () => {
    // A search budget no test could wait out: the answer must not depend on it.
    const { catalog } = catalogOver(
      { ...fakeSources({}), search: never, arxivSearch: never },
      {
        searchMs: 3_600_000,
        mergeMs: 0,
      },
    );
    await catalog.remember(many());
    const answer = await catalog.search("forgetting", 5);
    expect(answer.value).toHaveLength(5);
    expect(answer.note).toBeUndefined();
  });

  it("merges remote hits that arrive within the merge window", async () => {
    const remote = {
      ...fixturePapers()[0]!,
      id: "2606.29999",
      title: "Forgetting less: a remote-only paper",
    };
    const { catalog } = catalogOver(
      { ...fakeSources({}), search: async () => [remote], arxivSearch: async () => [] },
      { searchMs: 3_600_000, mergeMs: 3_600_000 },
    );
    await catalog.remember(many());
    const answer = await catalog.search("forgetting", 5);
    expect(answer.value.map((hit) => hit.paper.id)).toContain("2606.29999");
  });

  it("with too few local hits waits the search budget, then says which source is not answering", async () => {
    const { catalog } = catalogOver(
      { ...fakeSources({}), search: never, arxivSearch: async () => [] },
      {
        searchMs: 20,
        mergeMs: 0,
      },
    );
    const answer = await catalog.search("forgetting", 5);
    expect(answer.value).toEqual([]);
    expect(answer.note).toBe(
      "Hugging Face is not answering right now. Results come from the 0 papers stored here and the sources that answered.",
    );
  });
});

describe("arXiv's listing of a day's new submissions", () => {
  const listed = (): Paper[] =>
    fixturePapers()
      .slice(0, 4)
      .map((paper) => ({
        ...paper,
        featuredOn: undefined,
        upvotes: 0,
        sources: ["arxiv"],
        listedOn: "2026-06-11",
      }));

  it("is fetched once however many channels ask, stored, and read back by date", async () => {
    let calls = 0;
    const { catalog } = catalogOver({
      ...fakeSources({}),
      arxivDay: async () => {
        calls += 1;
        return { papers: listed(), gaps: [] };
      },
    });
    await Promise.all(Array.from({ length: 50 }, () => catalog.warmArxivListing("2026-06-11")));
    await catalog.warmArxivListing("2026-06-11");
    expect(calls).toBe(1);
    expect((await catalog.listedOn("2026-06-11")).map((paper) => paper.id).sort()).toEqual(
      listed()
        .map((paper) => paper.id)
        .sort(),
    );
    expect(await catalog.listedOn("2026-06-10")).toEqual([]);
  });

  it("is fetched again after a failure, once the back-off is over", async () => {
    let calls = 0;
    const { catalog, clock } = catalogOver({
      ...fakeSources({}),
      arxivDay: async () => {
        calls += 1;
        if (calls === 1) throw new Error("connect ECONNREFUSED 127.0.0.1:9");
        return { papers: listed(), gaps: [] };
      },
    });
    await catalog.warmArxivListing("2026-06-11");
    await catalog.warmArxivListing("2026-06-11");
    expect(calls).toBe(1);
    clock.now = new Date(NOW.getTime() + DEFAULT_BUDGETS.backoffMs + 1);
    await catalog.warmArxivListing("2026-06-11");
    expect(calls).toBe(2);
    expect(await catalog.listedOn("2026-06-11")).toHaveLength(4);
  });
});
