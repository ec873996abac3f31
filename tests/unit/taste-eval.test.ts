import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recordedDays } from "../../bench/hf-days.ts";
import { choiceOption } from "../../bench/options.ts";
import {
  DEFAULT_EVAL_OPTIONS,
  formatReport,
  INTERESTS,
  type Interest,
  isTargetDay,
  keywordLabels,
  onInterest,
  runTasteEval,
  runTasteEvalSeeds,
  seedsOption,
  summarise,
} from "../../bench/taste-eval.ts";
import { HAND_LABELS_FILE, handLabels, parseHandLabels } from "../../bench/taste-labels.ts";

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

  it("pools several seeds' teams, each seed's exactly as its own run gives them", () => {
    const pooled = runTasteEvalSeeds([options.seed, 15], options, days, interests);
    const other = runTasteEval({ ...options, seed: 15 }, days, interests);
    expect(pooled.teams).toEqual([...report.teams, ...other.teams]);
    expect(other.teams).not.toEqual(report.teams);
    expect(formatReport(pooled)).toContain(`seeds ${options.seed}, 15 (each team simulated once per seed`);
    expect(seedsOption("14, 15,16")).toEqual([14, 15, 16]);
    expect(() => seedsOption("14,14")).toThrow(/distinct whole numbers/);
    expect(() => seedsOption("14,x")).toThrow(/distinct whole numbers/);
    const reactions = (argv: string[]) => choiceOption(argv, "--reactions", ["shown", "whole"], "shown");
    expect(reactions([])).toBe("shown");
    expect(reactions(["--reactions", "whole"])).toBe("whole");
    expect(() => reactions(["--reactions", "all"])).toThrow('--reactions must be shown or whole, got "all"');
  });

  it("with --reactions whole, teams also upvote the held-back part, so taste brings more of it", () => {
    const whole = runTasteEval({ ...options, reactions: "whole" }, days, interests);
    const held = (teams: typeof report.teams) => summarise(teams.filter((team) => team.blend === "balanced"));
    expect(held(whole.teams).heldBack).toBeGreaterThan(held(report.teams).heldBack + 0.1);
    expect(formatReport(whole)).toContain("Teams upvote any paper on their interest (--reactions whole)");
    expect(formatReport(report)).toContain("the held-back part is never reacted to");
  });

  it("gives a followed topic at least 3 of 5 slots whenever the day has that many", () => {
    for (const follow of report.follows) {
      expect(follow.days).toBeGreaterThan(0);
      expect(follow.minSlots, follow.topic).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("the hand-checked labels", () => {
  const codes = INTERESTS.map((interest) => interest.code);

  it("label every recorded paper for every interest, once", () => {
    const labels = parseHandLabels(readFileSync(HAND_LABELS_FILE, "utf8"), codes);
    const ids = new Set(recordedDays().flatMap((day) => day.papers.map((paper) => paper.id)));
    expect([...ids].filter((id) => !labels.has(id))).toEqual([]);
    expect(labels.size).toBe(ids.size);
    // Each interest has papers on its shown part and on its held part alone, or the evaluation measures nothing.
    for (const code of codes) {
      const cells = [...labels.values()].map((row) => row.get(code));
      expect(cells.filter((cell) => cell?.shown).length, code).toBeGreaterThan(20);
      expect(cells.filter((cell) => cell?.held && !cell.shown).length, code).toBeGreaterThan(5);
    }
  });

  it("refuse a damaged file instead of counting papers as off every interest", () => {
    const line = (cells: string) => `{"id":"2501.00001",${cells}}`;
    const ok = `"vg":"S","rl":"","ag":"H","au":"","3d":"SH","mm":""`;
    const parsed = parseHandLabels(line(ok), codes).get("2501.00001");
    expect(parsed?.get("vg")).toEqual({ shown: true, held: false });
    expect(parsed?.get("ag")).toEqual({ shown: false, held: true });
    expect(parsed?.get("3d")).toEqual({ shown: true, held: true });
    expect(parsed?.get("rl")).toEqual({ shown: false, held: false });
    expect(() => parseHandLabels(`${line(ok)}\n${line(ok)}`, codes)).toThrow(/labelled twice/);
    expect(() => parseHandLabels(line(ok.replace('"vg":"S"', '"vg":"yes"')), codes)).toThrow(/"yes" for vg/);
    expect(() => parseHandLabels('{"vg":"S"}', codes)).toThrow(/no id/);
    const labeller = handLabels(codes, line(ok));
    const unlabelled = recordedDays()[0]?.papers[0];
    if (!unlabelled) throw new Error("no recorded paper");
    expect(() => labeller(INTERESTS[0] as Interest, unlabelled)).toThrow(/is not labelled/);
  });

  it("differ from the keyword patterns where a keyword misleads", () => {
    const hand = handLabels(codes);
    const papers = recordedDays().flatMap((day) => day.papers);
    const visual = INTERESTS.find((interest) => interest.code === "vg") as Interest;
    // A diffusion *language* model matches /diffusion/ but is not visual generation.
    const language = papers.filter(
      (paper) => keywordLabels(visual, paper).shown && /diffusion (large )?language model/i.test(paper.title),
    );
    expect(language.length).toBeGreaterThan(0);
    expect(language.filter((paper) => onInterest(visual, paper, hand)).length).toBeLessThan(
      language.length / 2,
    );
  });
});
