import { describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digest/build-digest.ts";
import type { DigestOptions } from "../../src/digest/digest.ts";
import { Paper, type PaperInput } from "../../src/papers/paper.ts";
import {
  buildProfile,
  DocumentFrequencies,
  gatherEvidence,
  relevance,
  relevances,
  SIGNAL_WEIGHTS,
  signalDecay,
  strongestTerms,
  type TasteEvidence,
  type TasteSignal,
  TermSpace,
} from "../../src/ranking/taste.ts";

const now = new Date("2026-06-12T07:00:00Z");
const paper = (input: Partial<PaperInput> & { id: string; title: string }): Paper =>
  Paper.parse({ abstract: "", featuredOn: "2026-06-12", ...input });

/** Papers the team reacted to last week. */
const liked = [
  paper({
    id: "2605.00001",
    title: "Does Continual Learning Equally Forget All Parameters?",
    abstract: "Catastrophic forgetting in continual learning: which parameters forget when tasks change.",
    aiKeywords: ["continual learning", "catastrophic forgetting", "parameter drift"],
  }),
  paper({
    id: "2605.00002",
    title: "Replay Buffers Against Catastrophic Forgetting",
    abstract:
      "A replay method for continual learning reduces forgetting of old tasks in class-incremental streams.",
    aiKeywords: ["continual learning", "catastrophic forgetting", "experience replay", "zebrafish"],
  }),
  paper({
    id: "2605.00003",
    title: "Stability and Plasticity in Lifelong Learners",
    abstract:
      "Continual learning trades stability for plasticity; we measure forgetting across task sequences.",
    aiKeywords: ["continual learning", "stability-plasticity", "forgetting"],
  }),
];
const disliked = paper({
  id: "2605.00009",
  title: "A Faster Diffusion Sampler for Image Generation",
  abstract: "We speed up diffusion model sampling for text-to-image generation.",
  aiKeywords: ["diffusion models", "image generation", "sampling"],
});

/** Today's candidates: trending ones about other things, and two quieter continual-learning papers. */
const today = [
  paper({
    id: "2606.00001",
    upvotes: 118,
    title: "EvoArena: Memory Evolution for LLM Agents",
    abstract: "Agents with evolving memory on benchmarks.",
    aiKeywords: ["LLM agents", "memory"],
  }),
  paper({
    id: "2606.00002",
    upvotes: 103,
    title: "MiniMax Sparse Attention",
    abstract: "Sparse attention makes long context cheap for language models.",
    aiKeywords: ["sparse attention", "long context"],
  }),
  paper({
    id: "2606.00003",
    upvotes: 74,
    title: "Diffusion Transformers at Scale for Image Generation",
    abstract: "Scaling diffusion transformers for text-to-image generation.",
    aiKeywords: ["diffusion models", "image generation"],
  }),
  paper({
    id: "2606.00004",
    upvotes: 60,
    title: "Video Tokenizers Revisited",
    abstract: "A study of video tokenizers for generation.",
    aiKeywords: ["video tokenizer"],
  }),
  paper({
    id: "2606.00005",
    upvotes: 41,
    title: "Reward Models for Code",
    abstract: "Reward models improve code generation with RL.",
    aiKeywords: ["reward model", "code generation"],
  }),
  paper({
    id: "2606.00006",
    upvotes: 9,
    title: "Forgetting-Free Continual Learning with Adapters",
    abstract: "Adapters prevent catastrophic forgetting in continual learning of new tasks.",
    aiKeywords: ["continual learning", "catastrophic forgetting", "adapters"],
  }),
  paper({
    id: "2606.00007",
    upvotes: 4,
    title: "Measuring Plasticity Loss in Continual Reinforcement Learning",
    abstract: "Plasticity and forgetting in continual learning agents.",
    aiKeywords: ["continual learning", "plasticity", "forgetting"],
  }),
];

const signals = (
  kind: TasteSignal["kind"],
  ids: string[],
  users = 1,
  when = "2026-06-10T09:00:00Z",
): TasteSignal[] =>
  ids.flatMap((paperId) => Array.from({ length: users }, () => ({ paperId, kind, at: when })));
const byId = new Map([...liked, disliked, ...today].map((p) => [p.id, p]));
const evidence = (list: TasteSignal[]): TasteEvidence[] => gatherEvidence(list, byId, now);
const teamLikesContinualLearning = evidence([
  ...signals(
    "upvote",
    liked.map((p) => p.id),
    3,
  ),
  ...signals("downvote", [disliked.id], 2),
]);

const options = (overrides: Partial<DigestOptions> = {}): DigestOptions => ({
  date: "2026-06-12",
  timezone: "UTC",
  followedTopics: [],
  mutedWords: [],
  recentlyPosted: new Set(),
  now,
  ...overrides,
});
const ids = (digest: { items: { paper: Paper }[] }) => digest.items.map((item) => item.paper.id);

describe("a channel's taste", () => {
  it("fades with a 30-day half-life and ignores reactions after the moment it is asked for", () => {
    expect(signalDecay("2026-06-12T07:00:00Z", now)).toBe(1);
    expect(signalDecay("2026-05-13T07:00:00Z", now)).toBeCloseTo(0.5, 9);
    expect(signalDecay("2025-06-12T07:00:00Z", now)).toBe(0);
    expect(signalDecay("2026-06-13T07:00:00Z", now)).toBe(0);
  });

  it("weighs an upvote 1, a save ½ and a downvote −1 per person, and silence not at all", () => {
    expect(SIGNAL_WEIGHTS).toEqual({ upvote: 1, save: 0.5, downvote: -1 });
    const [first] = evidence([
      ...signals("upvote", [liked[0]!.id], 2, now.toISOString()),
      ...signals("save", [liked[0]!.id], 1, now.toISOString()),
      ...signals("downvote", [liked[0]!.id], 1, now.toISOString()),
    ]);
    expect(first).toMatchObject({ weight: 1.5, upvoters: 2, savers: 1, downvoters: 1 });
    expect(evidence([])).toEqual([]);
  });

  it("learns the words liked papers share, not the rare word of one of them", () => {
    const space = new TermSpace(today);
    const profile = buildProfile(teamLikesContinualLearning, space);
    const top = strongestTerms(profile, space, 5).map((entry) => entry.term);
    expect(top).toEqual(expect.arrayContaining(["continual learning", "catastrophic forgetting"]));
    expect(top, "a word pair stands in for its words").not.toContain("continual");
    expect(top).not.toContain("zebrafish");
    const diffusion = relevance(profile, space.vector(today[2]!));
    const adapters = relevance(profile, space.vector(today[5]!));
    expect(adapters).toBeGreaterThan(0.3);
    expect(diffusion, "a downvoted paper's topic scores below zero").toBeLessThan(0);
  });
  it("scores a day's papers in one pass exactly as one by one, whichever channel was scored before", () => {
    const space = new TermSpace(today);
    const other = buildProfile(evidence(signals("upvote", [today[2]!.id], 1)), space);
    relevances(
      other,
      today.map((p) => space.vector(p)),
    );
    const profile = buildProfile(teamLikesContinualLearning, space);
    const fresh = new TermSpace(today);
    const alone = buildProfile(teamLikesContinualLearning, fresh);
    const together = relevances(
      profile,
      today.map((p) => space.vector(p)),
    );
    today.forEach((p, index) => {
      expect(together[index]).toBeCloseTo(relevance(alone, fresh.vector(p)), 6);
    });
  });
});

describe("ranking a digest for a channel", () => {
  it("without reactions is exactly the trending order, in every blend", () => {
    const trending = buildDigest(today, [], options({ blend: "trending" }));
    for (const blend of ["balanced", "team"] as const) {
      const digest = buildDigest(today, [], options({ blend, taste: [] }));
      expect(digest.items).toEqual(trending.items);
    }
    expect(ids(trending)).toEqual(today.slice(0, 5).map((p) => p.id));
    expect(trending.items[0]?.why).toBe("118 upvotes on Hugging Face · featured today");
  });

  it("puts the team's topic first, keeps the day's best trending paper, and says why", () => {
    const digest = buildDigest(today, [], options({ taste: teamLikesContinualLearning }));
    expect(ids(digest)[0]).toBe("2606.00006");
    expect(ids(digest)).toEqual(expect.arrayContaining(["2606.00007", "2606.00001"]));
    expect(ids(digest), "the downvoted topic drops out").not.toContain("2606.00003");
    expect(digest.items[0]?.why).toMatch(/^like “.+” that 3 of you upvoted · \d+ upvotes on Hugging Face/);
    expect(
      ids(buildDigest(today, [], options({ blend: "trending", taste: teamLikesContinualLearning }))),
    ).toEqual(today.slice(0, 5).map((p) => p.id));
  });

  it("keeps a slot for the day's top trending paper unless the channel chose team", () => {
    const onTopic = today.filter((p) => p.aiKeywords.includes("continual learning"));
    const more = [
      ...today,
      ...[1, 2, 3].map((n) =>
        paper({ ...onTopic[0]!, id: `2606.0010${n}`, title: `${onTopic[0]!.title} ${n}`, upvotes: n }),
      ),
    ];
    const balanced = buildDigest(more, [], options({ taste: teamLikesContinualLearning, limit: 3 }));
    const last = balanced.items.at(-1);
    expect(last?.paper.id).toBe("2606.00001");
    expect(last?.why).toContain("today's top trending paper");
    const team = buildDigest(
      more,
      [],
      options({ blend: "team", taste: teamLikesContinualLearning, limit: 3 }),
    );
    expect(ids(team)).not.toContain("2606.00001");
  });

  it("lifts a followed topic above the rest and names it", () => {
    const digest = buildDigest(today, [], options({ followedTopics: ["plasticity"], limit: 3 }));
    expect(digest.items[0]?.paper.id).toBe("2606.00007");
    expect(digest.items[0]?.why).toBe(
      "matches “plasticity” (followed) · 4 upvotes on Hugging Face · featured today",
    );
  });

  it("lets a paper with no upvotes in only on relevance, saying it is new on arXiv", () => {
    const arxiv = paper({
      id: "2606.09999",
      title: "Continual Learning without Forgetting via Sparse Replay",
      abstract: "Catastrophic forgetting in continual learning reduced by replay.",
      aiKeywords: ["continual learning", "catastrophic forgetting"],
      featuredOn: undefined,
      publishedAt: "2026-06-11T18:00:00Z",
      sources: ["arxiv"],
    });
    const cold = buildDigest([...today, arxiv], [], options());
    expect(ids(cold)).not.toContain(arxiv.id);
    const warm = buildDigest([...today, arxiv], [], options({ taste: teamLikesContinualLearning }));
    const item = warm.items.find((i) => i.paper.id === arxiv.id);
    expect(item?.why).toMatch(/^like “.+” that 3 of you upvoted · new on arXiv · published yesterday$/);
  });

  it("gives the same digest whatever order the papers and reactions come in", () => {
    const a = buildDigest(today, [], options({ taste: teamLikesContinualLearning }));
    const b = buildDigest(
      [...today].reverse(),
      [],
      options({ taste: [...teamLikesContinualLearning].reverse() }),
    );
    expect(ids(b)).toEqual(ids(a));
  });
});

describe("the taste's word statistics", () => {
  const titled = (id: string, title: string) => paper({ id, title });

  it("learn from the weeks before: a word common there counts for little even when rare today", () => {
    const today = [titled("2606.00001", "Diffusion sampling"), titled("2606.00002", "Protein folding")];
    const weeksBefore = Array.from({ length: 40 }, (_, index) =>
      titled(`2605.${String(10000 + index)}`, index % 2 === 0 ? "Diffusion models" : "Language agents"),
    );
    const alone = new TermSpace(today);
    const informed = new TermSpace(today, new DocumentFrequencies(weeksBefore));
    expect(informed.size).toBe(42);
    const idf = (space: TermSpace, term: string) => space.idf(space.vocabulary.find(term) ?? -1);
    expect(idf(alone, "diffus")).toBeCloseTo(idf(alone, "protein"));
    expect(idf(informed, "diffus")).toBeLessThan(idf(informed, "protein") / 2);
  });
});
