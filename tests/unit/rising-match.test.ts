import { describe, expect, it } from "vitest";
import { RankedDay } from "../../src/digest/ranked-day.ts";
import { Paper, type PaperInput } from "../../src/papers/paper.ts";
import { gatherEvidence } from "../../src/ranking/taste.ts";
import { type RisingChoice, risingMatches } from "../../src/rising/rising-match.ts";
import { risingText } from "../../src/rising/rising-message.ts";

const NOW = new Date("2026-06-12T12:00:00Z");
const paper = (input: Omit<PaperInput, "featuredOn">) =>
  Paper.parse({ featuredOn: "2026-06-12", sources: ["huggingface"], ...input });

const FORGETTING = paper({
  id: "2606.00001",
  title: "Catastrophic forgetting in continual learning of language models",
  abstract: "We measure catastrophic forgetting when language models learn tasks in sequence.",
  authors: ["Ada Lovelace"],
});
const LAB = paper({
  id: "2606.00002",
  title: "Sparse attention kernels for long context",
  abstract: "Block sparse attention kernels make long context inference cheaper.",
  organization: "Example Lab",
});
const REPLAY = paper({
  id: "2606.00003",
  title: "Replay buffers against forgetting in continual reinforcement learning",
  abstract: "Replay of earlier experience reduces forgetting for continual reinforcement learning agents.",
});
const OFF = paper({
  id: "2606.00004",
  title: "Protein folding with diffusion",
  abstract: "A diffusion model predicts protein structures from sequence.",
});
const ALL = [FORGETTING, LAB, REPLAY, OFF];
const ids = ALL.map((item) => item.id);
const day = () => new RankedDay(ALL, { date: "2026-06-12", now: NOW });
const choice = (overrides: Partial<RisingChoice>): RisingChoice => ({
  followedTopics: [],
  mutedWords: [],
  ...overrides,
});

describe("risingMatches: a rising paper matches the channel's follows or taste, as in the digest", () => {
  it("names a followed topic, author and organization; the rest do not match", () => {
    const matches = risingMatches(
      day(),
      ids,
      choice({
        followedTopics: ["forgetting"],
        followedAuthors: ["A. Lovelace"],
        followedOrgs: ["example-lab"],
      }),
    );
    expect(Object.fromEntries(matches)).toEqual({
      [FORGETTING.id]: ["matches “forgetting” (followed)", "by A. Lovelace, whom you follow"],
      [LAB.id]: ["by example-lab, whom you follow"],
      [REPLAY.id]: ["matches “forgetting” (followed)"],
    });
  });

  it("leaves out papers mentioning a muted word", () => {
    const matches = risingMatches(
      day(),
      ids,
      choice({ followedTopics: ["forgetting"], mutedWords: ["replay"] }),
    );
    expect([...matches.keys()]).toEqual([FORGETTING.id]);
  });

  it("matches on the channel's taste, naming the liked paper, unless the channel ranks by trending alone", () => {
    const liked = paper({
      id: "2605.09999",
      title: "Continual learning without forgetting",
      abstract: "Continual learning methods that limit catastrophic forgetting across tasks in sequence.",
    });
    const taste = gatherEvidence(
      [
        { paperId: liked.id, kind: "upvote", at: "2026-06-10T09:00:00Z" },
        { paperId: liked.id, kind: "save", at: "2026-06-10T09:00:00Z" },
      ],
      new Map([[liked.id, liked]]),
      NOW,
    );
    const matches = risingMatches(day(), ids, choice({ taste, blend: "balanced" }));
    expect(matches.get(FORGETTING.id)).toEqual([
      "like “Continual learning without forgetting” that one of you upvoted",
    ]);
    expect(matches.has(OFF.id)).toBe(false);
    expect(matches.has(LAB.id)).toBe(false);
    expect(risingMatches(day(), ids, choice({ taste, blend: "trending" })).size).toBe(0);
  });
});

describe("risingText", () => {
  it("says how fast, why, and links the paper's page", () => {
    const text = risingText(FORGETTING, { gained: 42, spanMs: 6 * 3_600_000, upvotes: 57, perHour: 7 }, [
      "matches “forgetting” (followed)",
    ]);
    expect(text).toBe(
      "📈 Rising: “Catastrophic forgetting in continual learning of language models”: +42 upvotes in 6 h on Hugging Face (57 in all); matches “forgetting” (followed) · https://huggingface.co/papers/2606.00001",
    );
  });
});
