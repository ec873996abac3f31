import { describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import { renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import { itemEntry } from "../../src/chat/entries.ts";
import type { RenderOptions, Reply } from "../../src/chat/reply.ts";
import { sharedPosts } from "../../src/chat/share.ts";
import { sampleDigest } from "../../src/digest/sample-digest.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore } from "../../src/store/store.ts";

/** The bundled papers as an ordinary digest (the sample itself is never shared). */
const { sample: _sample, ...digest } = sampleDigest({ timezone: "UTC", limit: 5 });
const entries = digest.items.map(itemEntry);
/** Every answer that carries papers, as a command returns it: private. */
const answers: Record<string, Reply> = {
  today: { kind: "digest", digest, private: true },
  topic: { kind: "papers", title: "Papers on “agents”", entries, empty: "", private: true },
  paper: { kind: "paper", entry: entries[0]!, private: true },
};
const surfaces = (reply: Reply, options: RenderOptions = {}): Record<string, string> => ({
  slack: JSON.stringify(renderSlack(reply, options)),
  discord: JSON.stringify(renderDiscord(reply, options)),
  console: renderConsole(reply),
});

describe("hints on messages that carry papers", () => {
  it("a private answer, whose messages are recorded nowhere, never invites a reaction, with or without its Share button", () => {
    for (const [name, reply] of Object.entries(answers)) {
      for (const options of [{}, { share: "AbCdEfGhIjKlMnOp" }]) {
        for (const [platform, text] of Object.entries(surfaces(reply, options))) {
          expect(text, `${name} on ${platform}`).not.toMatch(/\breact\b/i);
          expect(text, `${name} on ${platform}`).not.toMatch(/to upvote/i);
        }
      }
    }
  });

  it("a shared answer posts cards that invite 👍 and 🔖 where a card carries a hint, and a lead that says how", () => {
    const shared = sharedPosts(answers.today!);
    expect(shared?.cards).toHaveLength(5);
    expect(shared?.lead).toMatchObject({
      kind: "message",
      text: `${digest.title}: 5 papers in the replies. React 👍 on a paper to upvote it, 🔖 to save it.`,
    });
    for (const card of shared?.cards ?? []) {
      expect(JSON.stringify(renderDiscord(card, { votable: true }))).toContain(
        "React 👍 to upvote · 🔖 to save",
      );
      // Posted votable, a card never offers to be shared again.
      expect(JSON.stringify(renderSlack(card, { votable: true }))).not.toContain("Share to channel");
    }
    expect(sharedPosts(answers.topic!)?.cards.map((card) => card.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(sharedPosts(answers.paper!)).toEqual({ cards: [{ kind: "paper", entry: entries[0] }] });
  });

  it("offers nothing to share for an answer without papers", () => {
    expect(sharedPosts({ kind: "papers", title: "Team top papers", entries: [], empty: "No votes" })).toBe(
      undefined,
    );
    expect(sharedPosts({ kind: "message", tone: "warning", text: "Easy there" })).toBe(undefined);
    expect(sharedPosts({ kind: "digest", digest: { ...digest, items: [] } })).toBe(undefined);
  });
});

describe("share offers", () => {
  it("are found by their token only: a junk, forged or unknown token finds nothing", async () => {
    const store = createStore(createMemoryBackend());
    const offer = {
      platform: "slack" as const,
      workspaceId: "T1",
      channelId: "C1",
      userId: "U1",
      command: "paper",
      text: "2606.13392",
      offeredAt: "2026-06-12T09:00:00.000Z",
    };
    const token = await store.shares.offer(offer);
    expect(token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await store.shares.get(token)).toEqual(offer);
    expect(await store.shares.offer(offer)).not.toBe(token);
    for (const junk of ["", "AAAAAAAAAAAAAAAA", `${token}x`, '{"kind":"paper"}', "../../etc/passwd"]) {
      expect(await store.shares.get(junk), junk).toBe(undefined);
    }
  });
});

describe("a shared card in the ledger", () => {
  it("maps its message to its paper and is read by a reaction catch-up, but is no delivery of the paper", async () => {
    const store = createStore(createMemoryBackend());
    const channel = { platform: "discord" as const, workspaceId: "G1", channelId: "C1" };
    const at = "2026-06-12T09:00:00.000Z";
    const common = { date: "2026-06-12", postedAt: at };
    await store.posts.recordMessage(channel, {
      ...common,
      ledgerId: "_share:tok:lead",
      messageId: "m0",
      paperIds: [],
    });
    await store.posts.recordMessage(channel, {
      ...common,
      ledgerId: "_share:tok:0",
      messageId: "m1",
      paperIds: ["2606.13392"],
    });
    expect(await store.posts.papersForMessage(channel, "m1")).toEqual(["2606.13392"]);
    expect(await store.posts.papersForMessage(channel, "m0")).toEqual([]);
    expect(await store.posts.recentMessages(channel, "2026-06-01", 10)).toEqual([
      { messageId: "m1", postedAt: at, paperIds: ["2606.13392"] },
    ]);
    expect(await store.posts.find(channel, "2026-06-12", "2606.13392")).toBe(undefined);
    expect(await store.posts.firstMessages(channel)).toEqual(new Map());
  });
});
