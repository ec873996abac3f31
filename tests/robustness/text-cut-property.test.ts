import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import { renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import type { App } from "../../src/app.ts";
import { MAX_COMPLETION_LENGTH } from "../../src/chat/completions.ts";
import type { PaperEntry, Reply } from "../../src/chat/reply.ts";
import { atomText, brokenText, stringsIn } from "../helpers/graphemes.ts";
import { makeDigest, makeEntry } from "../helpers/slack-fixtures.ts";
import { createTestApp, invocation } from "../helpers/test-app.ts";

/** A paper whose every text field is long enough to be cut and made of graphemes that break when split. */
const entry: fc.Arbitrary<PaperEntry> = fc
  .record({
    title: atomText(120),
    tldr: atomText(700),
    authors: fc.array(atomText(8), { maxLength: 40 }),
    organization: atomText(60),
    why: atomText(120),
  })
  .map(({ title, tldr, authors, organization, why }) =>
    makeEntry({ title: `T${title}`, authors, organization: organization || undefined }, { tldr, why }),
  );

const reply: fc.Arbitrary<Reply> = fc.oneof(
  entry.map((paper): Reply => ({ kind: "paper", entry: paper, rank: 1 })),
  fc
    .record({ title: atomText(80), entries: fc.array(entry, { minLength: 1, maxLength: 6 }) })
    .map(({ title, entries }): Reply => ({ kind: "papers", title, entries, empty: "none" })),
  fc
    .record({
      title: atomText(80),
      note: atomText(300),
      entries: fc.array(entry, { minLength: 1, maxLength: 6 }),
    })
    .map(({ title, note, entries }): Reply => {
      const digest = makeDigest(
        entries.map((item) => item.paper),
        { title: title || "Daily papers", note },
      );
      const items = digest.items.map((item, index) => ({
        ...item,
        tldr: entries[index]?.tldr ?? item.tldr,
        why: entries[index]?.why ?? item.why,
      }));
      return { kind: "digest", digest: { ...digest, items } };
    }),
  atomText(1200).map((text): Reply => ({ kind: "message", text, tone: "info" })),
  fc
    .record({ error: atomText(400), usage: atomText(400) })
    .map(({ error, usage }): Reply => ({ kind: "usage", error, usage })),
);

describe("text cut to a platform's limits", () => {
  it("never holds a lone surrogate or a split grapheme, on Discord, Slack or the console", () => {
    fc.assert(
      fc.property(reply, (generated) => {
        const rendered = [renderDiscord(generated), renderSlack(generated), renderConsole(generated)];
        expect(stringsIn(rendered).flatMap(brokenText)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("still cuts: a paper's long fields are shortened (the property above is not vacuous)", () => {
    const long = makeEntry({ title: "👨‍👩‍👧‍👦".repeat(100) }, { tldr: "🇩🇪".repeat(3000) });
    const [discord] = renderDiscord({ kind: "paper", entry: long });
    expect(discord?.embeds[0]?.title?.endsWith("…")).toBe(true);
    expect(discord?.embeds[0]?.description?.endsWith("…")).toBe(true);
  });
});

describe("autocomplete choices", () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
    await app.handle(invocation("/papers today"));
  });
  afterAll(async () => app.close());

  it("stay within 100 characters and never split a grapheme, whatever is typed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(100), atomText(60), async (padding, typed) => {
        const choices = await app.complete(
          invocation("/papers topic"),
          "query",
          `${"a".repeat(padding)}${typed}`,
        );
        for (const choice of choices) {
          expect(choice.length).toBeLessThanOrEqual(MAX_COMPLETION_LENGTH);
          expect(brokenText(choice)).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
