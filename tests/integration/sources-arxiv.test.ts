import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/index.ts";
import { listArxivDay } from "../../src/papers/sources/arxiv-day.ts";
import { type ArxivSource, createArxivSource } from "../../src/papers/sources/index.ts";
import {
  type FakeHandler,
  type FakeUpstream,
  startFakeUpstream,
  status,
  text,
} from "../helpers/fake-upstream.ts";

const FEED = readFileSync(
  new URL("../fixtures/arxiv-query-transformer-2026-06-14.xml", import.meta.url),
  "utf8",
);
const ATOM = "application/atom+xml; charset=utf-8";
const QUERY = "/api/query";
const NOW = new Date("2026-06-14T06:00:00.000Z");
const FIRST_ENTRY = /<entry>[\s\S]*?<\/entry>/;
const ALL_ENTRIES = /\s*<entry>[\s\S]*<\/entry>/;
const ERROR_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title type="html">ArXiv Query: search_query=&amp;id_list=1234.12345</title>
  <id>http://arxiv.org/api/kvuntZ8c9a4Eq5CF7KY03nMug+Q</id>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>`;

describe("arXiv source", () => {
  let upstream: FakeUpstream;
  let source: ArxivSource;
  let warnings: Record<string, unknown>[];

  beforeAll(async () => {
    upstream = await startFakeUpstream();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    warnings = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const http = createHttpClient({ retries: 0, logger: pino({ level: "silent" }) });
    source = createArxivSource({ http, baseUrl: upstream.url, logger, now: () => NOW });
  });

  it("parses a recorded Atom feed: versions stripped, whitespace collapsed, categories and authors", async () => {
    upstream.route(QUERY, text(FEED, ATOM));

    const { papers, rejected, totalResults } = await source.query({ categories: ["cs.LG"] });

    expect(rejected).toEqual([]);
    expect(totalResults).toBe(28946);
    expect(papers.map((p) => p.id)).toEqual([
      "2606.13677",
      "2606.13591",
      "2606.13568",
      "2606.13515",
      "2606.13501",
    ]);
    expect(papers[0]).toMatchObject({
      title: "Mana: Dexterous Manipulation of Articulated Tools",
      authors: ["Zhao-Heng Yin", "Guanya Shi", "Pieter Abbeel", "C. Karen Liu"],
      categories: ["cs.RO", "cs.AI", "cs.CV", "cs.LG"],
      publishedAt: "2026-06-11T17:59:49Z",
      sources: ["arxiv"],
      fetchedAt: NOW.toISOString(),
      version: 1,
    });
    expect(papers[0]?.abstract).toContain("(<1 minute per tool)");
    expect(papers[2]?.authors).toEqual(["Snigdha Chandan Khilar"]);
    expect(papers[4]?.abstract).not.toMatch(/\n|\s{2}/);
    expect(papers[4]?.abstract).toContain("service quality. This paper argues");
  });

  it("asks for the categories within the submission window, newest first", async () => {
    upstream.route(QUERY, text(FEED, ATOM));

    await source.query({
      categories: ["cs.LG", "cs.CL"],
      from: "2026-06-12",
      to: "2026-06-13",
      maxResults: 50,
    });
    await source.query({ categories: ["cs.LG"], from: "2026-06-10", start: 100 });

    const [windowed, open] = upstream.requestsTo(QUERY).slice(-2);
    expect(windowed?.query).toEqual({
      search_query: "(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202606120000 TO 202606132359]",
      sortBy: "submittedDate",
      sortOrder: "descending",
      start: "0",
      max_results: "50",
    });
    expect(windowed?.headers.accept).toContain("application/atom+xml");
    expect(open?.query).toMatchObject({
      search_query: "(cat:cs.LG) AND submittedDate:[202606100000 TO 202606142359]",
      start: "100",
      max_results: "100",
    });
  });

  it("rejects category names that would inject query syntax, without a request", async () => {
    const before = upstream.requests.length;
    await expect(source.query({ categories: ["cs.LG) OR (all:x"] })).rejects.toThrow(/invalid category/);
    await expect(source.query({ categories: ["cs.LG"], from: "June 12" })).rejects.toThrow(/YYYY-MM-DD/);
    expect(upstream.requests).toHaveLength(before);
  });

  it("searches all fields, quoting several words as one phrase and dropping query syntax", async () => {
    upstream.route(QUERY, text(FEED, ATOM));

    await source.search("transformer", 5);
    await source.search('diffusion "transformer" (serving) AND cat:cs.LG');
    await expect(source.search('  "()" ')).resolves.toEqual({ papers: [], rejected: [] });

    const [single, phrase] = upstream.requestsTo(QUERY).slice(-2);
    expect(single?.query).toMatchObject({ search_query: "all:transformer", max_results: "5" });
    expect(phrase?.query.search_query).toBe('all:"diffusion transformer serving cat cs.LG"');
  });

  it("parses a single-entry feed and an empty feed", async () => {
    upstream.route(QUERY, text(FEED.replace(ALL_ENTRIES, `\n  ${FEED.match(FIRST_ENTRY)?.[0]}`), ATOM));
    const single = await source.query({ categories: ["cs.LG"] });
    expect(single.papers.map((p) => p.id)).toEqual(["2606.13677"]);
    expect(single.papers[0]?.categories).toEqual(["cs.RO", "cs.AI", "cs.CV", "cs.LG"]);

    const empty = FEED.replace(ALL_ENTRIES, "").replace(
      /<opensearch:totalResults>\d+/,
      "<opensearch:totalResults>0",
    );
    upstream.route(QUERY, text(empty, ATOM));
    await expect(source.query({ categories: ["cs.LG"] })).resolves.toEqual({
      papers: [],
      rejected: [],
      totalResults: 0,
    });
  });

  it("reports an entry without a title and keeps the others", async () => {
    upstream.route(QUERY, text(FEED.replace("<title>Adjusted Cup-Product Neural Layer</title>", ""), ATOM));

    const { papers, rejected } = await source.query({ categories: ["cs.LG"] });

    expect(papers).toHaveLength(4);
    expect(rejected).toEqual([{ index: 2, reason: expect.stringContaining("title") }]);
    expect(warnings).toEqual([expect.objectContaining({ index: 2, source: "arxiv" })]);
  });

  it("turns arXiv error feeds into bad_body errors carrying arXiv's message, whatever the status", async () => {
    upstream.route(QUERY, text(ERROR_FEED, ATOM));
    await expect(source.query({ categories: ["cs.LG"] })).rejects.toMatchObject({
      code: "bad_body",
      message: expect.stringMatching(
        /^\[paperboy\] \[arxiv\] GET .* → arXiv error: incorrect id format for 1234\.12345$/,
      ),
    });

    upstream.route(QUERY, text(ERROR_FEED, ATOM, 400));
    await expect(source.query({ categories: ["cs.LG"] })).rejects.toMatchObject({
      code: "bad_body",
      status: 400,
      message: expect.stringContaining("incorrect id format"),
    });
  });

  it("fails with bad_body on an HTML page or a truncated feed", async () => {
    upstream.route(
      QUERY,
      text("<!DOCTYPE html><html><body><p>Rate exceeded.<br></body></html>", "text/html"),
    );
    await expect(source.query({ categories: ["cs.LG"] })).rejects.toMatchObject({
      code: "bad_body",
      message: expect.stringContaining("expected an Atom feed"),
    });

    upstream.route(QUERY, text(FEED.slice(0, 3000), ATOM));
    await expect(source.query({ categories: ["cs.LG"] })).rejects.toMatchObject({ code: "bad_body" });
  });

  it("looks papers up by id with id_list, versions stripped, unknown ids simply absent", async () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
    upstream.route(QUERY, (request, response) => {
      const body =
        request.query.id_list === "cs/0112017"
          ? fixture("arxiv-id-list-quant-ph-0201082v1.xml")
          : fixture("arxiv-id-list-two-ids.xml");
      text(body, ATOM)(request, response, 0);
    });

    const two = await source.papers(["0808.05394", "arXiv:1707.08567v2"]);
    expect(two.papers[0]?.version).toBe(1);
    expect(upstream.requestsTo(QUERY).at(-1)?.query).toMatchObject({
      id_list: "0808.05394,1707.08567",
      max_results: "2",
    });
    expect(two.papers.map((paper) => paper.id)).toEqual(["1707.08567"]);

    const old = await source.papers(["cs/0112017"]);
    expect(old.papers.map((paper) => paper.id)).toEqual(["quant-ph/0201082"]);
  });

  it("asks for at most 100 ids a request", async () => {
    upstream.route(QUERY, text(FEED, ATOM));
    const before = upstream.requestsTo(QUERY).length;
    await source.papers(Array.from({ length: 150 }, (_, index) => `2606.${String(10000 + index)}`));
    const sent = upstream.requestsTo(QUERY).slice(before);
    expect(sent.map((request) => request.query.id_list?.split(",").length)).toEqual([100, 50]);
  });
});

describe("a day's arXiv listing", () => {
  const EMPTY_PAGE = readFileSync(
    new URL("../fixtures/arxiv-empty-page-mid-result-2022.xml", import.meta.url),
    "utf8",
  );
  const withTotal = (xml: string, total: number) =>
    xml.replace(/(<opensearch:totalResults[^>]*>)\d+/, `$1${total}`);
  let upstream: FakeUpstream;
  let source: ArxivSource;
  const silent = pino({ level: "silent" });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    const http = createHttpClient({ retries: 0, logger: silent });
    source = createArxivSource({ http, baseUrl: upstream.url, logger: silent, now: () => NOW });
  });
  afterAll(() => upstream.close());

  /** Pages of 5 over 15 results; the page at `start` 5 is empty for its first `emptyTimes` answers. */
  const pages = (emptyTimes: number): FakeHandler => {
    let emptyAnswers = 0;
    return (request, response) => {
      const start = Number(request.query.start);
      const empty = start === 5 && emptyAnswers++ < emptyTimes;
      text(withTotal(empty ? EMPTY_PAGE : FEED, 15), ATOM)(request, response, 0);
    };
  };
  const options = { categories: ["cs.LG"], pageSize: 5, maxResults: 2000, logger: silent };
  /** The `start` of each listing request since `before`. */
  const startsSince = (before: number) =>
    upstream
      .requestsTo(QUERY)
      .slice(before)
      .map((request) => request.query.start);

  it("asks again for a page that came back empty mid-result, and keeps going when it then answers", async () => {
    upstream.route(QUERY, pages(1));
    const before = upstream.requestsTo(QUERY).length;
    const day = await listArxivDay(source, "2026-06-12", options);
    expect(startsSince(before)).toEqual(["0", "5", "5", "10"]);
    expect(day.gaps).toEqual([]);
    expect(day.papers).toHaveLength(15);
  });

  it("records a page that stays empty as a gap and lists the rest, instead of stopping at 0", async () => {
    upstream.route(QUERY, pages(10));
    const before = upstream.requestsTo(QUERY).length;
    const day = await listArxivDay(source, "2026-06-12", options);
    expect(startsSince(before)).toEqual(["0", "5", "5", "5", "10"]);
    expect(day.gaps).toEqual([{ start: 5, end: 10, total: 15 }]);
    expect(day.papers).toHaveLength(10);
  });

  it("keeps the pages before one that fails, names the rest as a gap, and marks each paper listed that day", async () => {
    upstream.route(QUERY, (request, response, call) => {
      if (request.query.start === "5") return status(503)(request, response, call);
      text(withTotal(FEED, 15), ATOM)(request, response, call);
    });
    const day = await listArxivDay(source, "2026-06-12", options);
    expect(day.papers).toHaveLength(5);
    expect(day.papers.every((paper) => paper.listedOn === "2026-06-12")).toBe(true);
    expect(day.gaps).toEqual([{ start: 5, end: 15, total: 15, reason: expect.stringContaining("503") }]);
  });

  it("takes the recorded empty page at the first offset for what it is: a gap, not the end", async () => {
    upstream.route(QUERY, text(EMPTY_PAGE, ATOM));
    const day = await listArxivDay(source, "2026-06-12", { ...options, pageSize: 100, maxResults: 200 });
    expect(day.papers).toEqual([]);
    expect(day.gaps).toEqual([
      { start: 0, end: 100, total: 37211 },
      { start: 100, end: 200, total: 37211 },
    ]);
  });
});
