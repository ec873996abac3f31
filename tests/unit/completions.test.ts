import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { MAX_COMPLETIONS } from "../../src/chat/completions.ts";
import { brokenText } from "../helpers/graphemes.ts";
import { createTestApp, invocation } from "../helpers/test-app.ts";

let app: App;
beforeEach(async () => {
  app = await createTestApp();
  await app.handle(invocation("/papers today"));
  await app.handle(invocation("/papers follow continual learning", { isAdmin: true }));
  await app.handle(invocation("/papers follow diffusion", { isAdmin: true }));
});
afterEach(async () => app.close());

const complete = (command: string, option: string, typed: string) =>
  app.complete(invocation(`/papers ${command}`), option, typed);

describe("suggestions while typing", () => {
  it("offers the channel's followed topics first, then words from stored papers", async () => {
    const empty = await complete("topic", "query", "");
    expect(empty.slice(0, 2)).toEqual(["continual learning", "diffusion"]);
    expect(empty.length).toBeGreaterThan(2);
    expect(empty.length).toBeLessThanOrEqual(MAX_COMPLETIONS);
  });

  it("completes the word being typed and keeps the words before it", async () => {
    const typed = await complete("topic", "query", "agent evo");
    expect(typed[0]).toBe("agent evo");
    expect(typed.slice(1).every((choice) => choice.startsWith("agent evo"))).toBe(true);
    expect(typed.length).toBeGreaterThan(1);
  });

  it("offers only followed topics for unfollow, and nothing for options without suggestions", async () => {
    expect(await complete("unfollow", "topic", "diff")).toEqual(["diffusion"]);
    expect(await complete("mute", "word", "x")).toEqual([]);
  });

  it("keeps every suggestion within Discord's 100 characters", async () => {
    const long = await complete("topic", "query", `${"word ".repeat(40)}evo`);
    expect(long.every((choice) => choice.length <= 100)).toBe(true);
  });

  it("cuts what was typed between characters at 100, never inside an emoji", async () => {
    const choices = await complete("topic", "query", `${"a".repeat(99)}😀 and 👨‍👩‍👧`);
    expect(choices[0]).toBe("a".repeat(99));
    expect(choices.flatMap(brokenText)).toEqual([]);
  });
});
