import { describe, expect, it } from "vitest";
import { recordedDays } from "../../bench/hf-days.ts";
import {
  DEFAULT_EVAL_OPTIONS,
  formatReport,
  INTERESTS,
  isTargetDay,
  runTasteEval,
  summarise,
} from "../../bench/taste-eval.ts";

/**
 * A small run of `npm run eval -- taste` (two interests, the first 60 recorded days, ten measured digests,
 * seeded, no network) that guards what the full evaluation shows: taste lifts a team's interest above
 * trending on the same days, `team` at least as much as `balanced`, teams joining later are held out,
 * following a topic fills at least 3 of 5 slots whenever the day has that many, and a week of digests
 * covers about as many interests as trending does.
 */
describe("the taste evaluation, small", () => {
  const days = recordedDays().slice(0, 60);
  const interests = INTERESTS.filter((interest) =>
    ["visual generation", "RL for reasoning"].includes(interest.name),
  );
  const options = { ...DEFAULT_EVAL_OPTIONS, measuredDays: 10, channels: 5, heldOutFrom: "2025-08-01" };
  const report = runTasteEval(options, days, interests);
  const rows = (blend: string) => report.teams.filter((team) => team.blend === blend);

  it("measures each team only after it has made ten reactions, and holds out the teams that join later", () => {
    expect(report.teams.length).toBeGreaterThan(0);
    expect(report.teams.every((team) => team.reactions >= 10 && team.days.length === 10)).toBe(true);
    for (const team of report.teams) {
      expect(team.heldOut).toBe(team.joined >= options.heldOutFrom);
      if (!team.heldOut) expect(team.days.every((day) => day.date < options.heldOutFrom)).toBe(true);
    }
    expect(report.teams.some((team) => team.heldOut)).toBe(true);
    expect(report.teams.some((team) => !team.heldOut)).toBe(true);
  });

  it("puts more of a team's interest in its digests than trending does on the same days", () => {
    const balanced = summarise(rows("balanced"));
    const team = summarise(rows("team"));
    expect(summarise(rows("trending")).onInterest).toBeCloseTo(balanced.trendingOnInterest, 1);
    expect(balanced.onInterest).toBeGreaterThanOrEqual(balanced.trendingOnInterest + 0.3);
    expect(balanced.richOnInterest).toBeGreaterThanOrEqual(balanced.trendingRichOnInterest + 0.5);
    expect(team.onInterest).toBeGreaterThanOrEqual(balanced.onInterest - 0.1);
  });

  it("reports the target cases: rich days on which trending served the interest at most once", () => {
    const balanced = summarise(rows("balanced"));
    expect(balanced.targetDays).toBe(
      rows("balanced")
        .flatMap((team) => team.days)
        .filter(isTargetDay).length,
    );
    expect(balanced.targetDays).toBeGreaterThan(0);
    expect(balanced.trendingTargetOnInterest).toBeLessThanOrEqual(1);
    expect(balanced.targetOnInterest).toBeGreaterThan(balanced.trendingTargetOnInterest + 1);
    expect(formatReport(report)).toContain("**held out** (joined from 2025-08-01) | balanced");
  });

  it("keeps a week's variety of interests", () => {
    for (const blend of ["balanced", "team"]) {
      const summary = summarise(rows(blend));
      expect(summary.weeklyTopics).toBeGreaterThanOrEqual(summary.trendingWeeklyTopics - 0.5);
    }
  });

  it("gives a followed topic at least 3 of 5 slots whenever the day has that many", () => {
    for (const follow of report.follows) {
      expect(follow.days).toBeGreaterThan(0);
      expect(follow.minSlots, follow.topic).toBeGreaterThanOrEqual(3);
    }
  });
});
