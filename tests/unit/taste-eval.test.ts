import { describe, expect, it } from "vitest";
import { recordedDays } from "../../bench/hf-days.ts";
import { DEFAULT_EVAL_OPTIONS, INTERESTS, runTasteEval, weightedMean } from "../../bench/taste-eval.ts";

/**
 * A small run of `npm run eval -- taste` (two interests, ten measured digests, seeded, no network) that
 * guards what the full evaluation shows: taste lifts a team's interest above trending on the same days,
 * `team` at least as much as `balanced`, following a topic fills at least 3 of 5 slots whenever the day has
 * that many, and a week of digests covers as many interests as trending does.
 */
describe("the taste evaluation, small", () => {
  const days = recordedDays().slice(0, 45);
  const interests = INTERESTS.filter((interest) =>
    ["visual generation", "RL for reasoning"].includes(interest.name),
  );
  const report = runTasteEval({ ...DEFAULT_EVAL_OPTIONS, measuredDays: 10, channels: 5 }, days, interests);
  const rows = (blend: string) => report.teams.filter((team) => team.blend === blend);

  it("measures each team only after it has made ten reactions", () => {
    expect(report.teams.every((team) => team.reactions >= 10 && team.digests === 10)).toBe(true);
  });

  it("puts more of a team's interest in its digests than trending does on the same days", () => {
    const balanced = weightedMean(rows("balanced"), (team) => team.onInterest);
    const trending = weightedMean(rows("balanced"), (team) => team.trendingOnInterest);
    const team = weightedMean(rows("team"), (row) => row.onInterest);
    expect(weightedMean(rows("trending"), (row) => row.onInterest)).toBeCloseTo(trending, 1);
    expect(balanced).toBeGreaterThanOrEqual(trending + 0.3);
    expect(team).toBeGreaterThanOrEqual(balanced);
  });

  it("keeps a week's variety of interests", () => {
    for (const team of report.teams)
      expect(team.weeklyTopics).toBeGreaterThanOrEqual(team.trendingWeeklyTopics - 0.5);
  });

  it("gives a followed topic at least 3 of 5 slots whenever the day has that many", () => {
    for (const follow of report.follows) {
      expect(follow.days).toBeGreaterThan(0);
      expect(follow.minSlots, follow.topic).toBeGreaterThanOrEqual(3);
    }
  });
});
