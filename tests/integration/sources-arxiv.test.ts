import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/index.ts";
import { type ArxivSource, arxivPacing, createArxivSource } from "../../src/papers/sources/index.ts";
import { type FakeUpstream, startFakeUpstream, text } from "../helpers/fake-upstream.ts";

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

  it("paces arXiv's host at one request every 3 seconds", () => {
    expect(arxivPacing()).toEqual({ "export.arxiv.org": 3000 });
    expect(arxivPacing("https://export.arxiv.org/")).toEqual({ "export.arxiv.org": 3000 });
    expect(arxivPacing(upstream.url)).toEqual({ [new URL(upstream.url).host]: 3000 });
  });
});
