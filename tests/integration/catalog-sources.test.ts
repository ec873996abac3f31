import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { PacedOutError } from "../../src/http/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createCatalogSources } from "../../src/papers/sources/catalog-sources.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { type FakeUpstream, json, startFakeUpstream, text } from "../helpers/fake-upstream.ts";

const items = JSON.parse(
  readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
) as { paper: { id: string; title: string } }[];
const feed = readFileSync(
  new URL("../fixtures/arxiv-query-transformer-2026-06-14.xml", import.meta.url),
  "utf8",
);

/**
 * Hugging Face and arXiv behind one local server, as behind one proxy or gateway: pacing and back-off
 * must stay with each source, not with the host they share.
 */
describe("Hugging Face and arXiv on one host", () => {
  let gateway: FakeUpstream;
  beforeAll(async () => {
    gateway = await startFakeUpstream({
      "/api/daily_papers": json(items),
      "/api/papers/search": (request, response, call) =>
        json(items.filter((item) => /sparse attention/i.test(item.paper.title)))(request, response, call),
      "/api/query": text(feed, "application/atom+xml"),
    });
  });
  afterAll(() => gateway.close());

  const sources = (waits: number[]) =>
    createCatalogSources({
      huggingFaceUrl: gateway.url,
      arxivUrl: gateway.url,
      arxivCategories: ["cs.LG"],
      httpTimeoutMs: 5000,
      logger: silentLogger,
      signal: new AbortController().signal,
      sleep: async (ms) => {
        waits.push(ms);
      },
      now: () => 0,
    });

  it("keeps arXiv's 3-second pace for arXiv alone: Hugging Face calls never wait", async () => {
    const waits: number[] = [];
    const both = sources(waits);
    await both.arxivSearch("transformer", 5, {});
    for (const date of ["2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11", "2026-06-12"]) {
      await both.daily(date);
    }
    await both.search("sparse attention", 5);
    expect(waits).toEqual([]);
    await both.arxivDay("2026-06-12");
    expect(waits).toEqual([3000]);
  });

  it("asks for each ISO week the seven days before a date touch: last week alone on a Monday, two midweek", async () => {
    const both = sources([]);
    const weeksAsked = async (date: string) => {
      const before = gateway.requestsTo("/api/daily_papers").length;
      await both.week(date);
      return gateway
        .requestsTo("/api/daily_papers")
        .slice(before)
        .map((request) => request.query.week)
        .sort();
    };
    // Monday 7 Dec 2026: the week before is 30 Nov – 6 Dec, all of ISO week 49 (not week 50, which starts today).
    expect(await weeksAsked("2026-12-07")).toEqual(["2026-W49"]);
    // Wednesday 9 Dec: 2 – 8 Dec spans weeks 49 and 50.
    expect(await weeksAsked("2026-12-09")).toEqual(["2026-W49", "2026-W50"]);
    // Across the new year: 29 Dec 2026 – 4 Jan 2027 is 2026-W53 and 2027-W01.
    expect(await weeksAsked("2027-01-05")).toEqual(["2026-W53", "2027-W01"]);
  });

  it("an arXiv search that would queue past its budget is skipped without sending", async () => {
    const both = sources([]);
    await both.arxivSearch("transformer", 5, {});
    const before = gateway.requestsTo("/api/query").length;
    await expect(both.arxivSearch("transformer", 5, { maxPacingWaitMs: 800 })).rejects.toBeInstanceOf(
      PacedOutError,
    );
    expect(gateway.requestsTo("/api/query")).toHaveLength(before);
  });

  it("answers topic searches back to back from Hugging Face, with no excuse, while arXiv keeps its pace", async () => {
    const config = loadConfig({
      PAPERBOY_STORE: "memory://",
      HF_API_URL: gateway.url,
      ARXIV_API_URL: gateway.url,
    });
    const app = await createApp(config, silentLogger, { commands, backend: createMemoryBackend() });
    try {
      for (let round = 0; round < 3; round++) {
        const answer = await app.catalog.search("sparse attention", 5);
        expect(answer.note).toBeUndefined();
        expect(answer.value[0]?.paper.title).toBe("MiniMax Sparse Attention");
      }
      const searches = gateway.requests.filter((request) => request.path === "/api/papers/search");
      expect(searches.length).toBeGreaterThanOrEqual(3);
    } finally {
      await app.close();
    }
  });
});
