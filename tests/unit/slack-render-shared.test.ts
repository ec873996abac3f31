import { describe, expect, it } from "vitest";
import { renderSlack } from "../../adapters/slack/render.ts";
import type { RenderOptions, Reply } from "../../src/chat/reply.ts";
import type { Digest } from "../../src/digest/digest.ts";
import { fixturePapers } from "../helpers/test-app.ts";

const papers = fixturePapers();

/** A structured copy of a reply: the same data in new objects, so nothing rendered before applies to it. */
const copy = (reply: Reply): Reply => structuredClone(reply);

const paperReplies = (): Reply[] =>
  papers.slice(0, 6).flatMap((paper, index) => [
    { kind: "paper", entry: { paper, tldr: `TL;DR of ${paper.id}`, why: "118 upvotes" }, rank: index + 1 },
    {
      kind: "paper",
      entry: { paper, tldr: `TL;DR of ${paper.id}`, why: "matches “agents” (followed)" },
      rank: 1,
    },
    { kind: "paper", entry: { paper, tldr: `Other TL;DR`, why: "118 upvotes", votes: 2 }, rank: index + 1 },
    { kind: "paper", entry: { paper, tldr: `TL;DR of ${paper.id}` }, note: "Hugging Face is unreachable" },
  ]);

describe("Slack paper cards rendered once for every channel", () => {
  it("are byte for byte what rendering each channel's card on its own gives", () => {
    const options: RenderOptions[] = [{ votable: true }, {}, { votable: true, share: "token-1" }];
    for (const round of [1, 2, 3]) {
      for (const reply of paperReplies()) {
        for (const option of options) {
          const shared = renderSlack(reply, option);
          const alone = renderSlack(copy(reply), option);
          expect(JSON.stringify(shared), `round ${round}`).toBe(JSON.stringify(alone));
        }
      }
    }
  });

  it("differ where the channel's card differs: rank, why, TL;DR, votes, note, reaction hint, share button", () => {
    const [paper] = papers;
    if (!paper) throw new Error("no paper");
    const base: Reply = { kind: "paper", entry: { paper, tldr: "A TL;DR", why: "a reason" }, rank: 1 };
    const variants: Reply[] = [
      base,
      { ...base, rank: 2 },
      { ...base, entry: { ...base.entry, why: "another reason" } },
      { ...base, entry: { ...base.entry, tldr: "Another TL;DR" } },
      { ...base, entry: { ...base.entry, votes: 3 } },
      { ...base, note: "a note" },
    ];
    const rendered = new Set<string>();
    for (const reply of variants) {
      rendered.add(JSON.stringify(renderSlack(reply, { votable: true })));
      rendered.add(JSON.stringify(renderSlack(reply, {})));
      rendered.add(JSON.stringify(renderSlack(reply, { votable: true, share: "t" })));
    }
    expect(rendered.size).toBe(variants.length * 3);
  });

  it("headers are byte for byte what rendering each channel's header on its own gives, and differ where it differs", () => {
    const digest: Digest = {
      date: "2026-06-12",
      timezone: "UTC",
      kind: "daily",
      title: "Top papers · Fri 12 Jun 2026",
      items: papers
        .slice(0, 5)
        .map((paper, index) => ({ paper, score: 1, why: "w", tldr: "t", rank: index + 1 })),
    };
    const variants: Reply[] = [
      { kind: "header", digest },
      { kind: "header", digest, threaded: true },
      { kind: "header", digest, note: "Hugging Face is unreachable" },
      { kind: "header", digest: { ...digest, items: digest.items.slice(0, 4) } },
      { kind: "header", digest: { ...digest, title: "No new papers today", note: "All were posted" } },
      { kind: "header", digest: { ...digest, date: "2026-06-13" } },
      { kind: "header", digest: { ...digest, date: "2026-06-13", title: "No new papers today" } },
    ];
    const rendered = new Set<string>();
    for (const round of [1, 2]) {
      for (const reply of variants) {
        for (const option of [{ votable: true }, {}] as RenderOptions[]) {
          const shared = JSON.stringify(renderSlack(reply, option));
          expect(shared, `round ${round}`).toBe(JSON.stringify(renderSlack(copy(reply), option)));
          rendered.add(shared);
        }
      }
    }
    expect(rendered.size).toBe(variants.length * 2);
  });
});
