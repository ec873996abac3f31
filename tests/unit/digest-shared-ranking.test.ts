import { describe, expect, it } from "vitest";
import { pickDigest } from "../../src/digest/build-digest.ts";
import type { ChannelChoice } from "../../src/digest/digest.ts";
import { RankedDay } from "../../src/digest/ranked-day.ts";
import { fixturePapers } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const papers = fixturePapers();
const day = () => new RankedDay(papers, { date: "2026-06-12", now: NOW });
const [first, second, third] = papers;
if (!first || !second || !third) throw new Error("the fixture has fewer than three papers");

const plain: ChannelChoice = {
  timezone: "UTC",
  followedTopics: [],
  mutedWords: [],
  recentlyPosted: new Set(),
  teamVotes: new Map(),
};
const choices: Record<string, ChannelChoice> = {
  plain,
  "recently posted": { ...plain, recentlyPosted: new Set([first.id, third.id]) },
  "a smaller limit": { ...plain, limit: 3 },
  trending: { ...plain, blend: "trending" },
  team: { ...plain, blend: "team" },
  muted: { ...plain, mutedWords: ["model"] },
  "a blank topic": { ...plain, followedTopics: ["  "] },
  "votes on another day's paper": { ...plain, teamVotes: new Map([["2601.00001", 4]]) },
  "votes on today's paper": { ...plain, teamVotes: new Map([[second.id, 2]]) },
  "a followed topic": { ...plain, followedTopics: ["agents"] },
  "a followed author": { ...plain, followedAuthors: [second.authors[0] ?? "Nobody"] },
  "a followed org": { ...plain, followedOrgs: ["openai"] },
};

describe("digests of channels with nothing of their own to rank by", () => {
  it("are the same, item for item, whether the day ranked them before for another channel or not", () => {
    const shared = day();
    for (const round of [1, 2]) {
      for (const [name, choice] of Object.entries(choices)) {
        const alone = pickDigest(day(), undefined, choice);
        const together = pickDigest(shared, undefined, choice);
        expect(JSON.stringify(together), `${name}, round ${round}`).toBe(JSON.stringify(alone));
      }
    }
  });

  it("are ranked once per day and choice, and each channel gets items of its own", () => {
    const shared = day();
    let made = 0;
    const ranking = shared.ranking.bind(shared);
    shared.ranking = (key, make) =>
      ranking(key, () => {
        made += 1;
        return make();
      });
    const digests = Array.from({ length: 50 }, () => pickDigest(shared, undefined, plain));
    pickDigest(shared, undefined, choices["recently posted"] as ChannelChoice);
    pickDigest(shared, undefined, choices["votes on today's paper"] as ChannelChoice);
    expect(made).toBe(2);
    const [one, other] = digests;
    expect(one?.items[0]).not.toBe(other?.items[0]);
    (one?.items[0] as { why: string }).why = "changed in one channel";
    expect(other?.items[0]?.why).not.toBe("changed in one channel");
    expect(pickDigest(shared, undefined, plain).items[0]?.why).not.toBe("changed in one channel");
  });
});
