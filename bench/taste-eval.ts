import { topicMatcher } from "../src/app.ts";
import { buildDigest, pickDigest } from "../src/digest/build-digest.ts";
import type { Digest } from "../src/digest/digest.ts";
import { BACKGROUND_DAYS } from "../src/digest/digest-service.ts";
import { RankedDay } from "../src/digest/ranked-day.ts";
import type { Paper } from "../src/papers/paper.ts";
import type { RankingBlend } from "../src/ranking/blend.ts";
import { DocumentFrequencies, gatherEvidence, type TasteSignal } from "../src/ranking/taste.ts";
import { addDays } from "../src/time.ts";
import { seededRandom } from "../tests/helpers/seeded-random.ts";
import { type RecordedDay, recordedDays } from "./hf-days.ts";
import { choiceOption, option } from "./options.ts";
import { handLabels } from "./taste-labels.ts";

/**
 * A simulated team's interest: papers whose title or Hugging Face keywords match `shown` are what the team
 * reacts to; `held` is the part of the same interest it never reacts to (held back), to see whether the
 * taste learned from one part reaches the other. `follow` is the topic a channel would follow for it.
 */
export interface Interest {
  name: string;
  /** The interest's column in the hand-checked labels (bench/data/taste-labels.jsonl). */
  code: string;
  shown: RegExp;
  held: RegExp;
  follow: string;
}

/** The interests of the simulated teams: broad areas of the 2025 papers, each split in two. */
export const INTERESTS: readonly Interest[] = [
  {
    name: "visual generation",
    code: "vg",
    shown: /diffusion|text-to-image|image generation/,
    held: /video generation|image editing|flow matching|video synthesis/,
    follow: "diffusion",
  },
  {
    name: "RL for reasoning",
    code: "rl",
    shown: /reinforcement learning|\brl\b|grpo/,
    held: /rlvr|verifiable reward|mathematical reasoning|policy optimization|reward model/,
    follow: "reinforcement learning",
  },
  {
    name: "agents",
    code: "ag",
    shown: /\bagents?\b|agentic/,
    held: /tool use|tool-use|tool calling|\bgui\b|web navigation|function calling/,
    follow: "agents",
  },
  {
    name: "speech and audio",
    code: "au",
    shown: /speech|audio/,
    held: /\btts\b|music|voice|spoken/,
    follow: "audio",
  },
  {
    name: "3D and robotics",
    code: "3d",
    shown: /\b3d\b|robot/,
    held: /gaussian splatting|embodied|point cloud|manipulation|nerf|novel view/,
    follow: "3D",
  },
  {
    name: "multimodal understanding",
    code: "mm",
    shown: /vision-language|mllms?\b|multimodal large/,
    held: /visual question|visual reasoning|visual grounding|video understanding|\bvqa\b/,
    follow: "vision-language",
  },
];

const text = (paper: Paper): string => `${paper.title} | ${paper.aiKeywords.join(" | ")}`.toLowerCase();

/** Which parts of a team's interest a paper is about. */
export interface InterestLabel {
  shown: boolean;
  held: boolean;
}

/** Decides what a paper is about for a team: the evaluation's ground truth. */
export type Labeller = (interest: Interest, paper: Paper) => InterestLabel;

/**
 * The keyword labels: the interest's patterns over the title and every Hugging Face keyword. Cheap and
 * reproducible, but noisy: one keyword such as "masked diffusion models" makes a reasoning paper count as
 * visual generation.
 */
export const keywordLabels: Labeller = (interest, paper) => ({
  shown: interest.shown.test(text(paper)),
  held: interest.held.test(text(paper)),
});

/** Whether a paper is on any part of the interest. */
export const onInterest = (interest: Interest, paper: Paper, labels: Labeller = keywordLabels): boolean => {
  const label = labels(interest, paper);
  return label.shown || label.held;
};
const onHeldOnly = (interest: Interest, paper: Paper, labels: Labeller): boolean => {
  const label = labels(interest, paper);
  return label.held && !label.shown;
};

/** What the evaluation is run with. */
export interface TasteEvalOptions {
  seed: number;
  /** Digests measured per team and cohort once the team has made ten reactions. */
  measuredDays: number;
  /** Probability that a team member upvotes an on-interest paper it sees (else nobody reacts). */
  upvoteRate: number;
  /** Probability that someone downvotes an off-interest paper it sees. */
  downvoteRate: number;
  /** Probability that a reaction goes the wrong way (an upvote on an off-interest paper). */
  noise: number;
  /** Channels in the speed measurement. */
  channels: number;
  /**
   * Teams that join on or after this date are held out: the ranking was tuned on the teams that joined
   * before it (whose days all lie before it), and the held-out figure is the one to trust.
   */
  heldOutFrom: string;
  /** The ground truth: the hand-checked labels, or the keyword patterns (noisier; the earlier figures). */
  labels: "hand" | "keywords";
  /**
   * What a team upvotes: `shown`, only papers of the shown part of its interest (the held-back part is
   * never reacted to, so the figure also says whether taste reaches beyond what was liked); `whole`, any
   * paper on its interest, as a team that reacts to everything it cares about would.
   */
  reactions: "shown" | "whole";
  /** Set when the report pools several seeds' teams (`runTasteEvalSeeds`). */
  seeds?: number[];
}

/** Defaults for `npm run eval -- taste`. */
export const DEFAULT_EVAL_OPTIONS: TasteEvalOptions = {
  seed: 14,
  measuredDays: 15,
  upvoteRate: 0.85,
  downvoteRate: 0.3,
  noise: 0.05,
  channels: 1000,
  heldOutFrom: "2025-10-01",
  labels: "hand",
  reactions: "shown",
};

/** One measured digest of a team, beside the trending-only digest of the same day. */
export interface MeasuredDay {
  date: string;
  /** The day's papers on the team's interest (whether or not they could reach the digest). */
  available: number;
  /** On-interest slots (of 5) with the team's blend and with trending only. */
  ours: number;
  trending: number;
  /** The same for the held-back part of the interest (never reacted to). */
  heldOurs: number;
  heldTrending: number;
}

/** One team with one blend, joining on one date: its measured digests. */
export interface TeamResult {
  interest: string;
  blend: RankingBlend;
  /** The day the team started reading (the first of a month or its 16th). */
  joined: string;
  /** Whether this team is held out (`joined` ≥ `heldOutFrom`). */
  heldOut: boolean;
  /** Reactions made before measuring started (at least ten). */
  reactions: number;
  days: MeasuredDay[];
  /** Mean distinct interests a week (five digests) covers, with this blend and with trending. */
  weeklyTopics: number;
  trendingWeeklyTopics: number;
}

/** Following a topic, with no reactions: slots on it on the days that had at least three such papers. */
export interface FollowResult {
  topic: string;
  days: number;
  minSlots: number;
  meanSlots: number;
}

/** Everything the evaluation reports. */
export interface TasteEvalReport {
  options: TasteEvalOptions;
  days: number;
  teams: TeamResult[];
  follows: FollowResult[];
  /** CPU time (user + system) to pick one channel's digest with a 30-paper taste from a shared ranked day, in ms. */
  msPerChannel: number;
  /** The same without taste (today's trending digest), for comparison. */
  msPerChannelTrending: number;
}

/** A day with at least this many papers on a team's interest could fill 3 of 5 slots with it. */
export const RICH_DAY = 3;
/**
 * The issue's target cases: a day rich in the team's interest on which trending serves it at most once,
 * i.e. the niche team that trending leaves out.
 */
export const isTargetDay = (day: MeasuredDay): boolean => day.available >= RICH_DAY && day.trending <= 1;
export const isRichDay = (day: MeasuredDay): boolean => day.available >= RICH_DAY;

/** A channel replayed over recorded days: its digests, with the 14-day dedup, and its reactions. */
class SimulatedChannel {
  readonly signals: TasteSignal[] = [];
  private readonly posted = new Map<string, string>();

  constructor(
    private readonly blend: RankingBlend,
    private readonly papers: ReadonlyMap<string, Paper>,
    private readonly followedTopics: string[] = [],
  ) {}

  digest(day: RecordedDay): Digest {
    const now = new Date(`${day.date}T09:00:00Z`);
    const since = addDays(day.date, -14);
    const recentlyPosted = new Set(
      [...this.posted].filter(([, date]) => date >= since && date < day.date).map(([id]) => id),
    );
    const digest = buildDigest(day.papers, [], {
      background: backgroundOf(day.date),
      date: day.date,
      now,
      timezone: "UTC",
      limit: 5,
      blend: this.blend,
      taste: this.blend === "trending" ? [] : gatherEvidence(this.signals, this.papers, now),
      followedTopics: this.followedTopics,
      mutedWords: [],
      recentlyPosted,
      matchesTopic: topicMatcher,
    });
    for (const item of digest.items) this.posted.set(item.paper.id, day.date);
    return digest;
  }
}

/** Every recorded day, for the term space's background (set by `runTasteEval`). */
let allDays: readonly RecordedDay[] = [];
const backgrounds = new Map<string, DocumentFrequencies>();
/** The papers of the 30 recorded days before `date`: what a running bot has stored by then. */
function backgroundOf(date: string): DocumentFrequencies {
  let statistics = backgrounds.get(date);
  if (!statistics) {
    const from = addDays(date, -BACKGROUND_DAYS);
    statistics = new DocumentFrequencies(
      allDays.filter((day) => day.date >= from && day.date < date).flatMap((day) => day.papers),
    );
    backgrounds.set(date, statistics);
  }
  return statistics;
}

/** Days worth a digest: at least five papers (a quiet day posts the week's best instead). */
const digestDays = (days: readonly RecordedDay[]) => days.filter((day) => day.papers.length >= 5);

function weeklyTopics(digests: readonly Digest[], labels: Labeller): number {
  const weeks: number[] = [];
  for (let start = 0; start + 5 <= digests.length; start += 5) {
    const papers = digests
      .slice(start, start + 5)
      .flatMap((digest) => digest.items.map((item) => item.paper));
    weeks.push(
      INTERESTS.filter((interest) => papers.some((paper) => onInterest(interest, paper, labels))).length,
    );
  }
  return weeks.length > 0 ? weeks.reduce((a, b) => a + b, 0) / weeks.length : 0;
}

/**
 * One team with one blend, joining on `days[0]`: the team reads its digest every day and reacts (👍 on
 * papers of the shown part of its interest, or of all of it with `reactions: "whole"`, 👎 on some off-interest ones, with noise); once it has made ten
 * reactions, the next `measuredDays` digests are measured, against trending-only digests of the same days.
 */
function runTeam(
  interest: Interest,
  blend: RankingBlend,
  days: readonly RecordedDay[],
  papers: ReadonlyMap<string, Paper>,
  options: TasteEvalOptions,
  seed: number,
  labels: Labeller,
): TeamResult {
  const random = seededRandom(seed);
  const channel = new SimulatedChannel(blend, papers);
  const measured: { day: RecordedDay; digest: Digest }[] = [];
  let reactions = 0;
  let before = 0;
  for (const day of days) {
    if (measured.length >= options.measuredDays) break;
    const digest = channel.digest(day);
    if (reactions >= 10) {
      if (measured.length === 0) before = reactions;
      measured.push({ day, digest });
    }
    const at = `${day.date}T10:00:00.000Z`;
    for (const item of digest.items) {
      const liked =
        options.reactions === "whole"
          ? onInterest(interest, item.paper, labels)
          : labels(interest, item.paper).shown;
      const wrong = random() < options.noise;
      if (liked !== wrong && random() < options.upvoteRate) {
        const voters = 1 + Math.floor(random() * 3);
        for (let i = 0; i < voters; i += 1)
          channel.signals.push({ paperId: item.paper.id, kind: "upvote", at });
        reactions += voters;
      } else if (!onInterest(interest, item.paper, labels) && random() < options.downvoteRate) {
        channel.signals.push({ paperId: item.paper.id, kind: "downvote", at });
        reactions += 1;
      }
    }
  }
  const baseline = new SimulatedChannel("trending", papers);
  const trending = new Map<string, Digest>();
  for (const day of days) {
    if (day.date > (measured.at(-1)?.day.date ?? "")) break;
    trending.set(day.date, baseline.digest(day));
  }
  const count = (digest: Digest | undefined, test: (paper: Paper) => boolean) =>
    digest?.items.filter((item) => test(item.paper)).length ?? 0;
  const on = (paper: Paper) => onInterest(interest, paper, labels);
  const held = (paper: Paper) => onHeldOnly(interest, paper, labels);
  const joined = days[0]?.date ?? "";
  return {
    interest: interest.name,
    blend,
    joined,
    heldOut: joined >= options.heldOutFrom,
    reactions: before,
    days: measured.map(({ day, digest }) => ({
      date: day.date,
      available: day.papers.filter(on).length,
      ours: count(digest, on),
      trending: count(trending.get(day.date), on),
      heldOurs: count(digest, held),
      heldTrending: count(trending.get(day.date), held),
    })),
    weeklyTopics: weeklyTopics(
      measured.map((entry) => entry.digest),
      labels,
    ),
    trendingWeeklyTopics: weeklyTopics(
      measured.flatMap((entry) => trending.get(entry.day.date) ?? []),
      labels,
    ),
  };
}

/**
 * The dates teams join on: the 1st and the 16th of every month that leaves a team room to make ten
 * reactions and be measured. Teams that join before `heldOutFrom` only see days before it.
 */
function joinDates(days: readonly RecordedDay[], options: TasteEvalOptions): string[] {
  const first = days[0]?.date;
  const last = days.at(-1)?.date;
  if (!first || !last) return [];
  const dates: string[] = [];
  for (
    let month = first.slice(0, 7);
    month <= last.slice(0, 7);
    month = addDays(`${month}-28`, 7).slice(0, 7)
  ) {
    for (const day of ["01", "16"]) {
      const date = `${month}-${day}`;
      const end = date < options.heldOutFrom ? options.heldOutFrom : "9999";
      const room = days.filter((each) => each.date >= date && each.date < end).length;
      if (room >= options.measuredDays + 5) dates.push(date);
    }
  }
  return dates;
}

function runFollow(
  interest: Interest,
  days: readonly RecordedDay[],
  papers: ReadonlyMap<string, Paper>,
): FollowResult {
  const channel = new SimulatedChannel("balanced", papers, [interest.follow]);
  const slots: number[] = [];
  for (const day of days) {
    const available = day.papers.filter((paper) => topicMatcher(paper, interest.follow)).length;
    const digest = channel.digest(day);
    if (available < 3) continue;
    slots.push(digest.items.filter((item) => topicMatcher(item.paper, interest.follow)).length);
  }
  return {
    topic: interest.follow,
    days: slots.length,
    minSlots: slots.length > 0 ? Math.min(...slots) : 0,
    meanSlots: slots.length > 0 ? slots.reduce((a, b) => a + b, 0) / slots.length : 0,
  };
}

/** CPU per channel of picking a digest from a day ranked once, with and without a 30-paper taste. */
function measureSpeed(days: readonly RecordedDay[], papers: ReadonlyMap<string, Paper>, channels: number) {
  const day = [...days].sort((a, b) => b.papers.length - a.papers.length)[0];
  if (!day) return { msPerChannel: 0, msPerChannelTrending: 0 };
  const now = new Date(`${day.date}T09:00:00Z`);
  const ranked = new RankedDay(day.papers, { date: day.date, now, matchesTopic: topicMatcher });
  const earlier = days
    .filter((each) => each.date < day.date)
    .slice(-10)
    .flatMap((each) => each.papers);
  const tastes = Array.from({ length: channels }, (_, index) => {
    const liked = earlier.filter((_, i) => (i + index) % 3 === 0).slice(0, 30);
    const at = new Date(now.getTime() - 3 * 86_400_000).toISOString();
    return gatherEvidence(
      liked.map((paper, i) => ({ paperId: paper.id, kind: i % 5 === 4 ? "downvote" : "upvote", at })),
      papers,
      now,
    );
  });
  const choice = {
    timezone: "UTC",
    followedTopics: ["agents"],
    mutedWords: [],
    recentlyPosted: new Set<string>(),
  };
  const time = (blend: RankingBlend) => {
    pickDigest(ranked, undefined, { ...choice, blend, taste: tastes[0] });
    const started = process.cpuUsage();
    for (const taste of tastes) pickDigest(ranked, undefined, { ...choice, blend, taste });
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000 / channels;
  };
  return { msPerChannelTrending: time("trending"), msPerChannel: time("balanced") };
}

/**
 * The evaluation run once per seed, its teams pooled: one seed's figure moves by about ±0.1 with the
 * seed alone (the reactions' randomness over some 60–140 target days), so a change is judged on several.
 * Follows and CPU do not depend on the seed and come from the first run.
 */
export function runTasteEvalSeeds(
  seeds: readonly number[],
  options: TasteEvalOptions = DEFAULT_EVAL_OPTIONS,
  days = recordedDays(),
  interests: readonly Interest[] = INTERESTS,
): TasteEvalReport {
  const [first, ...rest] = seeds;
  if (first === undefined) throw new Error("--seeds needs at least one seed");
  const report = runTasteEval({ ...options, seed: first }, days, interests);
  const teams = [
    ...report.teams,
    ...rest.flatMap((seed) => runTasteEval({ ...options, seed, channels: 1 }, days, interests).teams),
  ];
  return { ...report, options: { ...report.options, seeds: [...seeds] }, teams };
}

/** Runs the whole evaluation over the recorded days; deterministic for a given seed. */
export function runTasteEval(
  options: TasteEvalOptions = DEFAULT_EVAL_OPTIONS,
  days = recordedDays(),
  interests: readonly Interest[] = INTERESTS,
): TasteEvalReport {
  allDays = days;
  backgrounds.clear();
  const labels =
    options.labels === "hand"
      ? handLabels([...INTERESTS, ...interests].map((interest) => interest.code))
      : keywordLabels;
  const usable = digestDays(days);
  const papers = new Map(days.flatMap((day) => day.papers.map((paper) => [paper.id, paper] as const)));
  const teams = joinDates(usable, options).flatMap((joined, cohort) => {
    const end = joined < options.heldOutFrom ? options.heldOutFrom : "9999";
    const seen = usable.filter((day) => day.date >= joined && day.date < end);
    return interests.flatMap((interest, index) =>
      (["trending", "balanced", "team"] as const).map((blend) =>
        runTeam(interest, blend, seen, papers, options, options.seed * 1000 + cohort * 100 + index, labels),
      ),
    );
  });
  const follows = interests.map((interest) => runFollow(interest, usable, papers));
  return { options, days: usable.length, teams, follows, ...measureSpeed(usable, papers, options.channels) };
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
const measuredDays = (rows: readonly TeamResult[], keep: (day: MeasuredDay) => boolean = () => true) =>
  rows.flatMap((team) => team.days.filter(keep));

/** The figures of a set of teams (one blend), pooled over their measured days. */
export interface Summary {
  teams: number;
  reactions: number;
  days: number;
  onInterest: number;
  trendingOnInterest: number;
  richDays: number;
  richOnInterest: number;
  trendingRichOnInterest: number;
  /** Rich days on which trending gave at most one on-interest slot (`isTargetDay`), and the figures there. */
  targetDays: number;
  targetOnInterest: number;
  trendingTargetOnInterest: number;
  /** Share of the target days on which this blend gave at least 3 on-interest slots. */
  targetAtLeastThree: number;
  heldBack: number;
  trendingHeldBack: number;
  weeklyTopics: number;
  trendingWeeklyTopics: number;
}

/** Pools `rows` (teams of one blend) into the evaluation's figures. */
export function summarise(rows: readonly TeamResult[]): Summary {
  const all = measuredDays(rows);
  const rich = measuredDays(rows, isRichDay);
  const target = measuredDays(rows, isTargetDay);
  return {
    teams: rows.length,
    reactions: mean(rows.map((team) => team.reactions)),
    days: all.length,
    onInterest: mean(all.map((day) => day.ours)),
    trendingOnInterest: mean(all.map((day) => day.trending)),
    richDays: rich.length,
    richOnInterest: mean(rich.map((day) => day.ours)),
    trendingRichOnInterest: mean(rich.map((day) => day.trending)),
    targetDays: target.length,
    targetOnInterest: mean(target.map((day) => day.ours)),
    trendingTargetOnInterest: mean(target.map((day) => day.trending)),
    targetAtLeastThree: mean(target.map((day) => (day.ours >= 3 ? 1 : 0))),
    heldBack: mean(all.map((day) => day.heldOurs)),
    trendingHeldBack: mean(all.map((day) => day.heldTrending)),
    weeklyTopics: mean(rows.map((team) => team.weeklyTopics)),
    trendingWeeklyTopics: mean(rows.map((team) => team.trendingWeeklyTopics)),
  };
}

const COLUMNS: readonly [heading: string, cell: (summary: Summary) => string][] = [
  ["teams", (s) => String(s.teams)],
  ["reactions before", (s) => fixed(s.reactions, 1)],
  ["digests", (s) => String(s.days)],
  ["on-interest / 5", (s) => fixed(s.onInterest)],
  ["trending", (s) => fixed(s.trendingOnInterest)],
  ["rich days (≥ 3 on-interest papers)", (s) => String(s.richDays)],
  ["on-interest / 5 there", (s) => fixed(s.richOnInterest)],
  ["trending", (s) => fixed(s.trendingRichOnInterest)],
  ["target days (rich, trending ≤ 1)", (s) => String(s.targetDays)],
  ["on-interest / 5 there", (s) => fixed(s.targetOnInterest)],
  ["trending", (s) => fixed(s.trendingTargetOnInterest)],
  ["target days with ≥ 3", (s) => `${Math.round(s.targetAtLeastThree * 100)}%`],
  ["held-back / 5", (s) => fixed(s.heldBack)],
  ["trending", (s) => fixed(s.trendingHeldBack)],
  ["interests a week covers", (s) => fixed(s.weeklyTopics, 1)],
  ["trending", (s) => fixed(s.trendingWeeklyTopics, 1)],
];

/** The report as the Markdown tables EVALUATION.md records. */
export function formatReport(report: TasteEvalReport): string {
  const row = (label: string, blend: string, rows: readonly TeamResult[]) => {
    const summary = summarise(rows);
    return `| ${label} | ${blend} | ${COLUMNS.map(([, cell]) => cell(summary)).join(" | ")} |`;
  };
  const blends = ["trending", "balanced", "team"] as const;
  const heading = [
    `| group | blend | ${COLUMNS.map(([heading]) => heading).join(" | ")} |`,
    `|---|---|${COLUMNS.map(() => "---").join("|")}|`,
  ];
  const splits = [
    [`**tuning** (joined before ${report.options.heldOutFrom})`, false],
    [`**held out** (joined from ${report.options.heldOutFrom})`, true],
  ] as const;
  const joined = [...new Set(report.teams.map((team) => team.joined))];
  return [
    `Taste evaluation (${report.options.labels === "hand" ? "hand-checked labels, bench/data/taste-labels.jsonl" : "keyword labels: the interests' patterns over titles and Hugging Face keywords"}): ${report.days} recorded days (Hugging Face Daily Papers, Jul–Dec 2025), ${report.options.seeds ? `seeds ${report.options.seeds.join(", ")} (each team simulated once per seed, all pooled)` : `seed ${report.options.seed}`}. ${INTERESTS.length} team interests × ${joined.length} join dates (${joined[0]} … ${joined.at(-1)}, the 1st and 16th of each month); each team measured on ${report.options.measuredDays} digests of 5 after its first ten reactions, against trending-only digests of the same days. ${report.options.reactions === "whole" ? "Teams upvote any paper on their interest (--reactions whole)" : "Teams upvote only the shown part of their interest; the held-back part is never reacted to"}. Teams joining from ${report.options.heldOutFrom} are held out (not used while tuning) and see only days from then on; earlier ones only days before it.`,
    "",
    ...heading,
    ...splits.flatMap(([label, heldOut]) =>
      blends.map((blend) =>
        row(
          label,
          blend,
          report.teams.filter((team) => team.blend === blend && team.heldOut === heldOut),
        ),
      ),
    ),
    ...blends.map((blend) =>
      row(
        "**all**",
        blend,
        report.teams.filter((team) => team.blend === blend),
      ),
    ),
    "",
    "Per team interest (all join dates):",
    "",
    ...heading,
    ...INTERESTS.flatMap((interest) =>
      blends.map((blend) =>
        row(
          interest.name,
          blend,
          report.teams.filter((team) => team.blend === blend && team.interest === interest.name),
        ),
      ),
    ),
    "",
    "Following a topic (balanced, no reactions), on days with at least 3 papers on it:",
    "",
    "| followed | days | fewest slots on it | mean slots on it |",
    "|---|---|---|---|",
    ...report.follows.map(
      (follow) => `| ${follow.topic} | ${follow.days} | ${follow.minSlots} | ${fixed(follow.meanSlots)} |`,
    ),
    "",
    `Ranking CPU per channel (pickDigest from a shared ranked day of the largest recorded day, ${report.options.channels} channels): ${fixed(report.msPerChannel, 3)} ms with a 30-paper taste, ${fixed(report.msPerChannelTrending, 3)} ms trending only.`,
  ].join("\n");
}

/** `--seeds 14,15,16`: whole numbers, at least one, none repeated. */
export function seedsOption(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const seeds = value.split(",").map((part) => Number(part.trim()));
  if (
    seeds.length === 0 ||
    seeds.some((seed) => !Number.isInteger(seed)) ||
    new Set(seeds).size !== seeds.length
  ) {
    throw new Error(`--seeds must be distinct whole numbers separated by commas, got "${value}"`);
  }
  return seeds;
}

/** `npm run eval -- taste [--seed N | --seeds A,B,C] [--days N] [--labels hand|keywords] [--reactions shown|whole] [--json]`. */
export async function run(argv: string[]): Promise<void> {
  const options = {
    ...DEFAULT_EVAL_OPTIONS,
    seed: Number(option(argv, "--seed") ?? DEFAULT_EVAL_OPTIONS.seed),
    measuredDays: Number(option(argv, "--days") ?? DEFAULT_EVAL_OPTIONS.measuredDays),
    labels: choiceOption(argv, "--labels", ["hand", "keywords"], DEFAULT_EVAL_OPTIONS.labels),
    reactions: choiceOption(argv, "--reactions", ["shown", "whole"], DEFAULT_EVAL_OPTIONS.reactions),
  };
  const seeds = seedsOption(option(argv, "--seeds"));
  const report = seeds ? runTasteEvalSeeds(seeds, options) : runTasteEval(options);
  process.stdout.write(
    argv.includes("--json") ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`,
  );
}
