import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Paper, type PaperInput } from "../../src/papers/paper.ts";
import {
  DEFAULT_RANKING_WEIGHTS,
  RankingWeightsSchema,
  rankPapers,
  scorePaper,
} from "../../src/ranking/score.ts";

interface HfDailyItem {
  numComments: number;
  paper: {
    id: string;
    title: string;
    summary: string;
    upvotes: number;
    githubStars?: number;
    submittedOnDailyAt: string;
  };
}

const fixture = (
  JSON.parse(
    readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
  ) as HfDailyItem[]
).map(({ paper, numComments }) =>
  Paper.parse({
    id: paper.id,
    title: paper.title,
    abstract: paper.summary,
    upvotes: paper.upvotes,
    comments: numComments,
    githubStars: paper.githubStars,
    featuredOn: paper.submittedOnDailyAt.slice(0, 10),
  }),
);

const now = new Date("2026-06-12T09:00:00Z");
const paper = (input: Partial<PaperInput> & { id: string }): Paper =>
  Paper.parse({ title: `Paper ${input.id}`, featuredOn: "2026-06-12", ...input });

/** Deterministic Fisher–Yates shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("rankPapers", () => {
  it("puts the most-upvoted papers of the day on top (real Hugging Face fixture)", () => {
    const ranked = rankPapers(fixture, { now });
    expect(ranked.map((s) => s.paper.id).slice(0, 3)).toEqual(["2606.13681", "2606.13392", "2606.08063"]);
    const upvotes = ranked.map((s) => s.paper.upvotes);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
  });

  it("gives the same order and scores whatever the input order", () => {
    const teamVotes = new Map([
      ["2606.12303", 2],
      ["2606.09446", 1],
    ]);
    const reference = rankPapers(fixture, { now, teamVotes });
    for (let seed = 1; seed <= 20; seed++) {
      const again = rankPapers(shuffled(fixture, seed), { now, teamVotes });
      expect(again.map((s) => [s.paper.id, s.score, s.why])).toEqual(
        reference.map((s) => [s.paper.id, s.score, s.why]),
      );
    }
  });

  it("breaks score ties by upvotes, then by id", () => {
    const weights = { ...DEFAULT_RANKING_WEIGHTS, upvotes: 0 };
    const papers = [
      paper({ id: "2606.00003", upvotes: 5, comments: 2 }),
      paper({ id: "2606.00002", upvotes: 5, comments: 2 }),
      paper({ id: "2606.00001", upvotes: 1, comments: 2 }),
      paper({ id: "2606.00004", upvotes: 9, comments: 2 }),
    ];
    const ranked = rankPapers(papers, { now, weights });
    expect(new Set(ranked.map((s) => s.score)).size).toBe(1);
    expect(ranked.map((s) => s.paper.id)).toEqual(["2606.00004", "2606.00002", "2606.00003", "2606.00001"]);
  });

  it("lets team votes lift a paper above more-upvoted ones", () => {
    const without = rankPapers(fixture, { now }).map((s) => s.paper.id);
    expect(without.indexOf("2606.08063")).toBe(2);
    const withVotes = rankPapers(fixture, { now, teamVotes: new Map([["2606.08063", 1]]) });
    expect(withVotes[0]?.paper.id).toBe("2606.08063");
  });
});

describe("scorePaper", () => {
  it("halves the score of an otherwise identical paper every half-life", () => {
    const fresh = paper({ id: "2606.00001", upvotes: 40, comments: 3, githubStars: 12 });
    const older = { ...fresh, featuredOn: "2026-06-10" };
    const at = new Date("2026-06-12T00:00:00Z");
    const freshScore = scorePaper(fresh, { now: at }).score;
    expect(scorePaper(older, { now: at }).score).toBeLessThan(freshScore);
    const oneHalfLife = new Date(at.getTime() + DEFAULT_RANKING_WEIGHTS.halfLifeHours * 3_600_000);
    expect(scorePaper(fresh, { now: oneHalfLife }).score).toBeCloseTo(freshScore / 2, 10);
  });

  it("explains a score with its signals, largest first, and the paper's freshness", () => {
    const top = fixture.find((p) => p.id === "2606.13681")!;
    const scored = scorePaper(top, { now, teamVotes: 3 });
    expect(scored.why).toBe(
      "118 upvotes on Hugging Face · 3 team votes · 3 comments · code ★ 9 · featured today",
    );
    expect(scored.parts.map((p) => p.label)).toEqual([
      "118 upvotes on Hugging Face",
      "3 team votes",
      "3 comments",
      "code ★ 9",
    ]);
    expect(scored.parts.reduce((sum, p) => sum + p.points, 0)).toBeCloseTo(scored.score, 12);
  });

  it("uses singular forms and orders by contribution", () => {
    const one = paper({
      id: "2606.00001",
      upvotes: 1,
      comments: 1,
      githubStars: 1,
      featuredOn: "2026-06-11",
    });
    expect(scorePaper(one, { now, teamVotes: 1 }).why).toBe(
      "1 team vote · 1 upvote on Hugging Face · 1 comment · code ★ 1 · featured yesterday",
    );
  });

  it("words freshness against the reader's local date and formats large counts", () => {
    const old = paper({
      id: "2606.00001",
      upvotes: 1234,
      featuredOn: undefined,
      publishedAt: "2026-06-09T18:00:00Z",
    });
    expect(scorePaper(old, { now, today: "2026-06-13" }).why).toBe(
      "1,234 upvotes on Hugging Face · published 4 days ago",
    );
  });

  it("never explains with an empty string", () => {
    const bare = paper({ id: "2606.00001", featuredOn: undefined, sources: ["huggingface"] });
    const scored = scorePaper(bare, { now });
    expect(scored.score).toBe(0);
    expect(scored.parts).toEqual([]);
    expect(scored.why).toBe("new on Hugging Face");
    expect(scorePaper({ ...bare, sources: ["arxiv"] }, { now }).why).toBe("new on arXiv");
  });
});

describe("RankingWeightsSchema", () => {
  it("fills unset weights with the defaults and rejects negative ones", () => {
    expect(RankingWeightsSchema.parse({})).toEqual(DEFAULT_RANKING_WEIGHTS);
    expect(RankingWeightsSchema.parse({ teamVotes: 4 })).toEqual({
      ...DEFAULT_RANKING_WEIGHTS,
      teamVotes: 4,
    });
    expect(RankingWeightsSchema.safeParse({ upvotes: -1 }).success).toBe(false);
    expect(RankingWeightsSchema.safeParse({ halfLifeHours: 0 }).success).toBe(false);
  });
});
