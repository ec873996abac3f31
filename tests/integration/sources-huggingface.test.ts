import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpClient, UpstreamError } from "../../src/http/index.ts";
import { createHuggingFaceSource, type HuggingFaceSource } from "../../src/papers/sources/index.ts";
import { type FakeUpstream, json, startFakeUpstream, status, text } from "../helpers/fake-upstream.ts";

type Item = { paper: Record<string, unknown>; [key: string]: unknown };
const fixture = (name: string): Item[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));
const JUNE = fixture("hf-daily-papers-2026-06-12.json");
const AUGUST = fixture("hf-daily-papers-2026-08-03.json");
const NOW = new Date("2026-06-12T08:00:00.000Z");
const DAILY = "/api/daily_papers";

describe("Hugging Face source", () => {
  let upstream: FakeUpstream;
  let warnings: Record<string, unknown>[];
  let source: HuggingFaceSource;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    warnings = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const http = createHttpClient({ retries: 0, logger: pino({ level: "silent" }) });
    source = createHuggingFaceSource({ http, baseUrl: upstream.url, logger, now: () => NOW });
  });

  it("parses a recorded daily_papers payload into canonical papers", async () => {
    upstream.route(DAILY, json(JUNE));

    const { papers, rejected } = await source.daily({ date: "2026-06-12" }, 30);

    expect(rejected).toEqual([]);
    expect(papers).toHaveLength(30);
    for (const paper of papers) expect(paper.id).toMatch(/^\d{4}\.\d{5}$/);
    expect(papers.find((p) => p.id === "2606.13681")?.upvotes).toBe(118);
    const msa = papers.find((p) => p.id === "2606.13392");
    expect(msa).toMatchObject({
      title: "MiniMax Sparse Attention",
      githubRepo: "https://github.com/MiniMax-AI/MSA",
      githubStars: 251,
      comments: 4,
      featuredOn: "2026-06-12",
      organization: "MiniMax",
      sources: ["huggingface"],
      fetchedAt: NOW.toISOString(),
    });
    expect(msa?.authors.slice(0, 2)).toEqual(["Xunhao Lai", "Weiqi Xu"]);
    expect(msa?.aiKeywords).toContain("sparse attention");
    expect(msa?.aiSummary).toBeTruthy();
    expect(papers.find((p) => p.id === "2606.09446")?.abstract).not.toContain("\n");
  });

  it("sends the date and limit in the query, with a paperboy User-Agent", async () => {
    upstream.route(DAILY, json(JUNE));

    await source.daily({ date: "2026-06-12" }, 30);

    const request = upstream.requestsTo(DAILY).at(-1);
    expect(request?.query).toEqual({ date: "2026-06-12", limit: "30" });
    expect(request?.headers["user-agent"]).toContain("paperboy");
  });

  it("asks for weeks and months, defaults the limit to 50 and caps it at 100", async () => {
    upstream.route(DAILY, json([]));

    await source.daily({ week: "2026-W24" });
    await source.daily({ month: "2026-06" }, 500, { sort: "trending" });

    const [week, month] = upstream.requestsTo(DAILY).slice(-2);
    expect(week?.query).toEqual({ week: "2026-W24", limit: "50" });
    expect(month?.query).toEqual({ month: "2026-06", limit: "100", sort: "trending" });
    await expect(source.daily({ week: "2026-24" })).rejects.toThrow(/expected YYYY-Www/);
  });

  it("accepts a base URL with a trailing slash and a path prefix", async () => {
    upstream.route("/hf/api/daily_papers", json(AUGUST));
    const http = createHttpClient({ retries: 0 });
    const proxied = createHuggingFaceSource({ http, baseUrl: `${upstream.url}/hf/` });

    const { papers } = await proxied.daily({ date: "2026-08-03" });

    expect(papers).toHaveLength(3);
    expect(upstream.requestsTo("/hf/api/daily_papers")).toHaveLength(1);
  });

  it("parses items without ai_summary, with organization on both levels", async () => {
    upstream.route(DAILY, json(AUGUST));

    const { papers, rejected } = await source.daily({ date: "2026-08-03" });

    expect(rejected).toEqual([]);
    expect(papers.map((p) => p.id)).toEqual(["2607.26654", "2607.28229", "2607.27851"]);
    expect(papers.every((p) => p.aiSummary === undefined && p.featuredOn === "2026-08-03")).toBe(true);
    expect(papers[0]).toMatchObject({
      githubRepo: "https://github.com/desBugger/constitutional-mt",
      githubStars: 2,
      projectPage: "https://www.lesswrong.com/posts/n5htoDGvKKJFAjji2",
      organization: "University of Oxford",
      upvotes: 3,
      comments: 1,
    });
    expect(papers[1]?.githubRepo).toBe("https://github.com/petroni-lab/librarian");
    expect(papers[0]?.authors).toHaveLength(7);
  });

  it("keeps items whose optional fields are missing or drifted, and dates them from the query", async () => {
    const drifted = structuredClone(JUNE);
    for (const item of drifted) {
      for (const key of ["ai_summary", "ai_keywords", "githubRepo", "githubStars", "organization"]) {
        delete item.paper[key];
      }
      delete item.paper.submittedOnDailyAt;
      delete item.organization;
      delete item.numComments;
    }
    delete drifted[0]!.paper.summary;
    delete drifted[0]!.paper.authors;
    drifted[1]!.paper.githubStars = "lots";
    drifted[2]!.paper.title = "  A title\n   wrapped over\tlines ";
    upstream.route(DAILY, json(drifted));

    const { papers, rejected } = await source.daily({ date: "2026-06-11" });

    expect(rejected).toEqual([]);
    expect(papers).toHaveLength(30);
    expect(papers.every((p) => p.featuredOn === "2026-06-11" && p.comments === 0)).toBe(true);
    expect(papers[0]).toMatchObject({ abstract: "", authors: [], aiKeywords: [] });
    expect(papers[1]?.githubStars).toBeUndefined();
    expect(papers[2]?.title).toBe("A title wrapped over lines");
    expect(warnings).toEqual([]);
  });

  it("reports an item with a wrong-typed upvotes or id and keeps the other 29", async () => {
    const drifted = structuredClone(JUNE);
    drifted[4]!.paper.upvotes = "many";
    upstream.route(DAILY, json(drifted));

    const upvotes = await source.daily({ date: "2026-06-12" });

    expect(upvotes.papers).toHaveLength(29);
    expect(upvotes.papers.map((p) => p.id)).not.toContain(JUNE[4]!.paper.id);
    expect(upvotes.rejected).toEqual([{ index: 4, reason: expect.stringContaining("paper.upvotes") }]);
    expect(warnings).toEqual([expect.objectContaining({ level: 40, index: 4, source: "huggingface" })]);

    const badId = structuredClone(JUNE);
    badId[7]!.paper.id = 42;
    badId[9]!.paper.id = "not-a-paper";
    upstream.route(DAILY, json(badId));

    const ids = await source.daily({ date: "2026-06-12" });

    expect(ids.papers).toHaveLength(28);
    expect(ids.rejected.map((r) => r.index)).toEqual([7, 9]);
    expect(ids.rejected[0]?.reason).toMatch(/^paper\.id: .*expected string/);
    expect(ids.rejected[1]?.reason).toContain("not an arXiv id");
  });

  it("fails with bad_body on truncated JSON, an HTML page or a non-array body", async () => {
    upstream.route(DAILY, json(JSON.stringify(JUNE).slice(0, 5000)));
    await expect(source.daily({ date: "2026-06-12" })).rejects.toMatchObject({ code: "bad_body" });

    upstream.route(DAILY, text("<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"));
    await expect(source.daily({ date: "2026-06-12" })).rejects.toMatchObject({
      code: "bad_body",
      message: expect.stringContaining("text/html"),
    });

    upstream.route(DAILY, json({ error: "Invalid date" }));
    const error = await source.daily({ date: "2026-06-12" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(
      /^\[paperboy\] \[huggingface\] GET .* → expected a JSON array, got object$/,
    );
  });

  it("fetches one bare paper object by id or URL, and returns undefined on 404", async () => {
    upstream.route(
      "/api/papers/2606.13392",
      json(JUNE.find((item) => item.paper.id === "2606.13392")?.paper),
    );
    upstream.route("/api/papers/2606.99999", status(404));

    const paper = await source.paper("https://huggingface.co/papers/2606.13392");

    expect(paper).toMatchObject({
      id: "2606.13392",
      upvotes: 103,
      githubStars: 251,
      organization: "MiniMax",
    });
    await expect(source.paper("arXiv:2606.99999v2")).resolves.toBeUndefined();
    await expect(source.paper("hello")).resolves.toBeUndefined();
    expect(upstream.requestsTo("/api/papers/2606.99999")).toHaveLength(1);
  });

  it("searches, accepting both wrapped and bare items, up to the limit", async () => {
    const [first, second, third] = JUNE;
    upstream.route("/api/papers/search", json([first, second!.paper, third]));

    const { papers } = await source.search("  sparse attention ", 2);

    expect(papers.map((p) => p.id)).toEqual([first!.paper.id, second!.paper.id]);
    expect(papers[0]?.comments).toBe(first!.numComments);
    expect(upstream.requestsTo("/api/papers/search").at(-1)?.query).toEqual({ q: "sparse attention" });
  });
});
