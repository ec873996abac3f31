import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/index.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { createArxivSource, createHuggingFaceSource, FIELD_LIMITS } from "../../src/papers/sources/index.ts";
import { LONE_SURROGATE } from "../../src/truncate.ts";
import { type FakeUpstream, json, startFakeUpstream, text } from "../helpers/fake-upstream.ts";

const NOW = new Date("2026-06-12T08:00:00.000Z");
const ATOM = "application/atom+xml; charset=utf-8";
/** A family emoji (ZWJ sequence of surrogate pairs): a cut inside it would leave a broken character. */
const FAMILY = "👨‍👩‍👧‍👦";
const id = (n: number) => `2606.${String(n).padStart(5, "0")}`;

/** `count` valid daily items followed by `junk` items that would each be rejected if parsed. */
const dailyItems = (count: number, junk: number): unknown[] => [
  ...Array.from({ length: count }, (_, n) => ({ paper: { id: id(n), title: `Paper ${n}` } })),
  ...Array.from({ length: junk }, () => ({ paper: { id: 42, title: null } })),
];

const entry = (body: string) => `<entry>${body}</entry>`;
const feed = (entries: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">${entries.join("")}</feed>`;
const CATEGORY = '<category term="cs.LG"/><arxiv:primary_category term="cs.LG"/>';
const arxivEntry = (n: number) =>
  entry(
    `<id>http://arxiv.org/abs/${id(n)}v1</id><title>Paper ${n}</title><summary>About ${n}.</summary>${CATEGORY}`,
  );

/** Every text of a paper's bounded fields, for a check that none holds a lone surrogate. */
const texts = (paper: Paper): string[] => [
  paper.title,
  paper.abstract,
  paper.aiSummary ?? "",
  paper.organization ?? "",
  ...paper.authors,
  ...paper.aiKeywords,
  ...paper.categories,
];

const expectBounded = (paper: Paper) => {
  expect(paper.title.length).toBeLessThanOrEqual(FIELD_LIMITS.title);
  expect(paper.abstract.length).toBeLessThanOrEqual(FIELD_LIMITS.abstract);
  expect(paper.authors.length).toBeLessThanOrEqual(FIELD_LIMITS.authors);
  for (const author of paper.authors) expect(author.length).toBeLessThanOrEqual(FIELD_LIMITS.author);
  expect(paper.aiKeywords.length).toBeLessThanOrEqual(FIELD_LIMITS.keywords);
  for (const keyword of paper.aiKeywords) expect(keyword.length).toBeLessThanOrEqual(FIELD_LIMITS.keyword);
  expect(paper.categories.length).toBeLessThanOrEqual(FIELD_LIMITS.categories);
  expect((paper.aiSummary ?? "").length).toBeLessThanOrEqual(FIELD_LIMITS.summary);
  expect((paper.organization ?? "").length).toBeLessThanOrEqual(FIELD_LIMITS.organization);
  for (const field of texts(paper)) expect(field).not.toMatch(LONE_SURROGATE);
};

/** `length` UTF-16 units of `x` with a family emoji straddling `at`. */
const longText = (length: number, at: number) =>
  `${"x".repeat(at - 3)}${FAMILY}${"y".repeat(length - at - FAMILY.length + 3)}`;

describe("sources keep what was asked for, within sane lengths", () => {
  let upstream: FakeUpstream;
  let warnings: Record<string, unknown>[];
  const http = createHttpClient({ retries: 0, logger: pino({ level: "silent" }) });
  const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  const huggingFace = () => createHuggingFaceSource({ http, baseUrl: upstream.url, logger, now: () => NOW });
  const arxiv = () => createArxivSource({ http, baseUrl: upstream.url, logger, now: () => NOW });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    warnings = [];
  });

  it("keeps at most the limit a daily listing asked for and parses nothing past it", async () => {
    upstream.route("/api/daily_papers", json(dailyItems(100, 5_000)));

    const { papers, rejected } = await huggingFace().daily({ date: "2026-06-12" }, 30);

    expect(upstream.requestsTo("/api/daily_papers").at(-1)?.query.limit).toBe("30");
    expect(papers.map((paper) => paper.id)).toEqual(Array.from({ length: 30 }, (_, n) => id(n)));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({ source: "huggingface", asked: 30, got: 5_100, level: 40 }),
    ]);
  });

  it("keeps at most Hugging Face's 100 whatever limit is asked for", async () => {
    upstream.route("/api/daily_papers", json(dailyItems(1_000, 0)));

    const { papers } = await huggingFace().daily({ week: "2026-W24" }, 10_000);

    expect(upstream.requestsTo("/api/daily_papers").at(-1)?.query.limit).toBe("100");
    expect(papers).toHaveLength(100);
  });

  it("keeps at most a search's limit, quietly (search takes no limit upstream)", async () => {
    upstream.route("/api/papers/search", json(dailyItems(20, 2_000)));

    const { papers, rejected } = await huggingFace().search("attention", 20);

    expect(papers).toHaveLength(20);
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("keeps at most max_results arXiv entries and parses nothing past them", async () => {
    const junk = Array.from({ length: 1_000 }, () => entry("<title>no id</title>"));
    upstream.route(
      "/api/query",
      text(feed([...Array.from({ length: 20 }, (_, n) => arxivEntry(n)), ...junk]), ATOM),
    );

    const { papers, rejected } = await arxiv().search("attention", 20);

    expect(upstream.requestsTo("/api/query").at(-1)?.query.max_results).toBe("20");
    expect(papers).toHaveLength(20);
    expect(rejected).toEqual([]);
  });

  it("cuts Hugging Face titles, abstracts, summaries, author and keyword lists between graphemes", async () => {
    const paper = {
      id: id(1),
      title: longText(5_000, FIELD_LIMITS.title - 1),
      summary: longText(50_000, FIELD_LIMITS.abstract - 1),
      ai_summary: longText(20_000, FIELD_LIMITS.summary - 1),
      authors: Array.from({ length: 5_000 }, (_, n) => ({
        name: `${n} ${longText(1_000, FIELD_LIMITS.author - 1)}`,
      })),
      ai_keywords: Array.from({ length: 500 }, (_, n) => `${n} ${"k".repeat(1_000)}`),
      organization: { fullname: "o".repeat(10_000) },
    };
    upstream.route("/api/daily_papers", json([{ paper }]));

    const [kept] = (await huggingFace().daily({ date: "2026-06-12" }, 1)).papers;

    expect(kept).toBeDefined();
    expectBounded(kept as Paper);
    expect(kept?.title.endsWith("…")).toBe(true);
    expect(kept?.title.length).toBeGreaterThan(FIELD_LIMITS.title - FAMILY.length - 2);
    expect(kept?.authors).toHaveLength(FIELD_LIMITS.authors);
    expect(kept?.authors[199]?.startsWith("199 ")).toBe(true);
    expect(kept?.aiKeywords).toHaveLength(FIELD_LIMITS.keywords);
    expect(kept?.abstract.startsWith("xxx")).toBe(true);
  });

  it("drops a project page URL too long to be one, and keeps ordinary fields as they were", async () => {
    const paper = { id: id(2), title: "Short", projectPage: `https://example.org/${"p".repeat(5_000)}` };
    upstream.route(
      "/api/daily_papers",
      json([{ paper }, { paper: { ...paper, id: id(3), projectPage: "https://example.org/p" } }]),
    );

    const { papers } = await huggingFace().daily({ date: "2026-06-12" }, 2);

    expect(papers.map((p) => p.projectPage)).toEqual([undefined, "https://example.org/p"]);
    expect(papers[0]?.title).toBe("Short");
  });

  it("cuts arXiv titles, abstracts, authors and categories the same way", async () => {
    const authors = Array.from(
      { length: 3_000 },
      (_, n) => `<author><name>${n} ${"a".repeat(500)}</name></author>`,
    );
    const categories = Array.from({ length: 300 }, (_, n) => `<category term="cs.${n}${"c".repeat(200)}"/>`);
    const body = entry(
      `<id>http://arxiv.org/abs/${id(7)}v2</id><title>${longText(5_000, FIELD_LIMITS.title - 1)}</title>` +
        `<summary>${longText(50_000, FIELD_LIMITS.abstract - 1)}</summary>${authors.join("")}${categories.join("")}<arxiv:primary_category term="cs.LG"/>`,
    );
    upstream.route("/api/query", text(feed([body]), ATOM));

    const [kept] = (await arxiv().search("attention", 5)).papers;

    expect(kept?.id).toBe(id(7));
    expectBounded(kept as Paper);
    expect(kept?.authors).toHaveLength(FIELD_LIMITS.authors);
    expect(kept?.categories).toHaveLength(FIELD_LIMITS.categories);
    expect(kept?.title.endsWith("…")).toBe(true);
  });
});
