import { describe, expect, it } from "vitest";
import { buildDigest, DEFAULT_DIGEST_LIMIT } from "../../src/digest/build-digest.ts";
import type { DigestOptions } from "../../src/digest/digest.ts";
import { Paper, type PaperInput } from "../../src/papers/paper.ts";
import { FOLLOW_BOOST } from "../../src/ranking/blend.ts";
import { scorePaper } from "../../src/ranking/score.ts";

const now = new Date("2026-06-12T07:00:00Z");
const paper = (input: Partial<PaperInput> & { id: string }): Paper =>
  Paper.parse({
    title: `Paper ${input.id}`,
    abstract: `About paper ${input.id}.`,
    featuredOn: "2026-06-12",
    ...input,
  });

const options = (overrides: Partial<DigestOptions> = {}): DigestOptions => ({
  date: "2026-06-12",
  timezone: "Europe/Berlin",
  followedTopics: [],
  mutedWords: [],
  recentlyPosted: new Set(),
  now,
  ...overrides,
});

const today = [
  paper({ id: "2606.00001", upvotes: 118, title: "EvoArena: Memory Evolution for LLM Agents" }),
  paper({
    id: "2606.00002",
    upvotes: 103,
    title: "MiniMax Sparse Attention",
    aiSummary: "MSA makes long context cheap.",
  }),
  paper({ id: "2606.00003", upvotes: 74, title: "Robust multimodal models", aiKeywords: ["diffusion"] }),
  paper({
    id: "2606.00004",
    upvotes: 25,
    abstract: "We study catastrophic forgetting in continual learning.",
  }),
  paper({ id: "2606.00005", upvotes: 18, abstract: "A survey of LLMs for code." }),
  paper({ id: "2606.00006", upvotes: 14 }),
  paper({ id: "2606.00007", upvotes: 12 }),
];
const ids = (digest: { items: { paper: Paper }[] }) => digest.items.map((item) => item.paper.id);

describe("buildDigest on a day with papers", () => {
  it("posts the top papers, ranked, with a dated title, reasons and TL;DRs", () => {
    const digest = buildDigest(today, [], options({ limit: 3 }));
    expect(digest).toMatchObject({ kind: "daily", date: "2026-06-12", timezone: "Europe/Berlin" });
    expect(digest.title).toBe("Top papers · Fri 12 Jun 2026");
    expect(digest.note).toBeUndefined();
    expect(ids(digest)).toEqual(["2606.00001", "2606.00002", "2606.00003"]);
    expect(digest.items.map((item) => item.rank)).toEqual([1, 2, 3]);
    expect(digest.items[0]?.why).toBe("118 upvotes on Hugging Face · featured today");
    expect(digest.items[1]?.tldr).toBe("MSA makes long context cheap.");
  });

  it("carries five papers unless told otherwise", () => {
    expect(buildDigest(today, [], options()).items).toHaveLength(DEFAULT_DIGEST_LIMIT);
    expect(DEFAULT_DIGEST_LIMIT).toBe(5);
    expect(() => buildDigest(today, [], options({ limit: 0 }))).toThrow(RangeError);
  });

  it("leaves out papers mentioning a muted word, as a whole word, in title, abstract or keywords", () => {
    const digest = buildDigest(
      today,
      [],
      options({ mutedWords: ["evoarena", "Diffusion", "LLM"], limit: 10 }),
    );
    expect(ids(digest)).not.toContain("2606.00001");
    expect(ids(digest)).not.toContain("2606.00003");
    expect(ids(digest), "“LLMs” is not the word “LLM”").toContain("2606.00005");
    expect(ids(digest)).toHaveLength(today.length - 2);
  });

  it("leaves out papers this channel got in the last 14 days", () => {
    const digest = buildDigest(today, [], options({ recentlyPosted: new Set(["2606.00001", "2606.00003"]) }));
    expect(ids(digest)).toEqual(["2606.00002", "2606.00004", "2606.00005", "2606.00006", "2606.00007"]);
  });

  it("lists a paper once even if the caller passes it twice", () => {
    const digest = buildDigest([...today, paper({ id: "2606.00001", upvotes: 120 })], [], options());
    expect(ids(digest).filter((id) => id === "2606.00001")).toHaveLength(1);
    expect(digest.items[0]?.paper.upvotes).toBe(120);
  });

  it("boosts papers on a followed topic and says so", () => {
    const forgetting = today[3]!;
    const base = scorePaper(forgetting, { now, today: "2026-06-12" });
    const top = scorePaper(today[0]!, { now, today: "2026-06-12" });
    const digest = buildDigest(today, [], options({ followedTopics: ["forgetting"], limit: 3 }));
    const item = digest.items.find((i) => i.paper.id === forgetting.id);
    expect(item?.rank).toBe(1);
    expect(item?.score).toBeCloseTo(base.score + FOLLOW_BOOST * top.score, 12);
    expect(item?.why).toBe("matches “forgetting” (followed) · 25 upvotes on Hugging Face · featured today");
    expect(buildDigest(today, [], options({ limit: 3 })).items.map((i) => i.paper.id)).not.toContain(
      forgetting.id,
    );
  });

  it("asks the injected topic matcher", () => {
    const matchesTopic = (p: Paper, topic: string) => topic === "memory" && p.id === "2606.00007";
    const digest = buildDigest(today, [], options({ followedTopics: ["memory"], matchesTopic, limit: 10 }));
    const boosted = digest.items.filter((item) => item.why.startsWith("matches “memory”"));
    expect(boosted.map((item) => item.paper.id)).toEqual(["2606.00007"]);
  });

  it("rejects a date that is not a calendar date", () => {
    expect(() => buildDigest(today, [], options({ date: "2026-02-30" }))).toThrow(/YYYY-MM-DD/);
  });
});

describe("buildDigest on a quiet day", () => {
  const week = [
    paper({ id: "2606.00101", upvotes: 20, featuredOn: "2026-06-11" }),
    paper({ id: "2606.00102", upvotes: 50, featuredOn: "2026-06-08" }),
    paper({ id: "2606.00103", upvotes: 90, featuredOn: "2026-06-09" }),
  ];
  const saturday = { date: "2026-06-13", now: new Date("2026-06-13T07:00:00Z") };

  it("posts the week's best instead, ranked by the same signals without the daily decay", () => {
    const digest = buildDigest([], week, options({ ...saturday, recentlyPosted: new Set(["2606.00103"]) }));
    expect(digest.kind).toBe("quiet");
    expect(digest.title).toBe("No new papers today — the week's best instead");
    expect(digest.note).toContain("No papers were featured on Sat 13 Jun 2026");
    expect(ids(digest)).toEqual(["2606.00102", "2606.00101"]);
    expect(digest.items[0]?.why).toBe("50 upvotes on Hugging Face · featured 5 days ago");
  });

  it("falls back to the week's best when every paper of the day was already posted or muted", () => {
    const digest = buildDigest(
      today.slice(0, 2),
      week,
      options({ recentlyPosted: new Set(["2606.00001"]), mutedWords: ["sparse"] }),
    );
    expect(digest.kind).toBe("quiet");
    expect(digest.note).toContain("All 2 of today's papers were already posted here or muted");
    expect(ids(digest)).toEqual(["2606.00103", "2606.00102", "2606.00101"]);
  });

  it("still produces a post, with a note, when there is nothing at all", () => {
    const digest = buildDigest(
      [],
      week,
      options({ ...saturday, recentlyPosted: new Set(week.map((p) => p.id)) }),
    );
    expect(digest).toMatchObject({ kind: "quiet", title: "No new papers today", items: [] });
    expect(digest.note).toBe(
      "No papers were featured on Sat 13 Jun 2026 (weekends and holidays are usually quiet), and there is nothing from this week that this channel hasn't seen yet.",
    );
  });
});
