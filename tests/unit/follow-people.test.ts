import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { buildDigest } from "../../src/digest/build-digest.ts";
import type { DigestOptions } from "../../src/digest/digest.ts";
import { Paper, type PaperInput } from "../../src/papers/paper.ts";
import { authorMatches, orgMatches } from "../../src/papers/person-name.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

describe("matching a followed author's name to a paper's authors", () => {
  it.each([
    ["Yann LeCun", "Yann LeCun"],
    ["yann lecun", "Yann LeCun"],
    ["Y. LeCun", "Yann LeCun"],
    ["Yann LeCun", "Y. LeCun"],
    ["LeCun, Yann", "Yann LeCun"],
    ["LeCun", "Yann LeCun"],
    ["Bernhard Scholkopf", "Bernhard Schölkopf"],
    ["Bernhard Schölkopf", "B. Schoelkopf".replace("oe", "ö")],
    ["Jean-Pierre Serre", "J.-P. Serre"],
    ["Geoffrey Hinton", "Geoffrey E. Hinton"],
    ["Wei Zhang", "Zhang Wei"],
    ["Lukasz Kaiser", "Łukasz Kaiser"],
  ])("%s follows %s", (followed, author) => {
    expect(authorMatches(followed, author)).toBe(true);
  });

  it.each([
    ["Yann LeCun", "Anna LeCun"],
    ["Yann LeCun", "Yann Dauphin"],
    ["Wei Zhang", "Wei Zhao"],
    ["", "Yann LeCun"],
    ["Y. LeCun", "J. LeCun"],
  ])("%s does not follow %s", (followed, author) => {
    expect(authorMatches(followed, author)).toBe(false);
  });

  it("matches organizations by name whatever the case, spacing and hyphens", () => {
    expect(orgMatches("google deepmind", "Google DeepMind")).toBe(true);
    expect(orgMatches("google-deepmind", "Google DeepMind")).toBe(true);
    expect(orgMatches("Google", "Google DeepMind")).toBe(false);
    expect(orgMatches("Meta", undefined)).toBe(false);
  });
});

const now = new Date("2026-06-12T07:00:00Z");
const paper = (input: Partial<PaperInput> & { id: string }): Paper =>
  Paper.parse({
    title: `Paper ${input.id}`,
    abstract: `About ${input.id}.`,
    featuredOn: "2026-06-12",
    ...input,
  });
const today = [
  paper({ id: "2606.00001", upvotes: 118, authors: ["Ada Lovelace"] }),
  paper({ id: "2606.00002", upvotes: 103, authors: ["Alan Turing"] }),
  paper({ id: "2606.00003", upvotes: 74, authors: ["Grace Hopper"] }),
  paper({ id: "2606.00004", upvotes: 3, authors: ["Kim Lee", "Yann LeCun"] }),
  paper({ id: "2606.00005", upvotes: 2, authors: ["Someone Else"], organization: "AI at Meta" }),
];
const options = (overrides: Partial<DigestOptions> = {}): DigestOptions => ({
  date: "2026-06-12",
  timezone: "UTC",
  followedTopics: [],
  mutedWords: [],
  recentlyPosted: new Set(),
  now,
  limit: 3,
  ...overrides,
});

describe("a followed author or organization in the digest", () => {
  it("lifts their papers like a followed topic, and says by whom", () => {
    const plain = buildDigest(today, [], options());
    expect(plain.items.map((item) => item.paper.id)).not.toContain("2606.00004");
    const digest = buildDigest(
      today,
      [],
      options({ followedAuthors: ["Y. LeCun"], followedOrgs: ["ai at meta"] }),
    );
    expect(digest.items.slice(0, 2).map((item) => item.paper.id)).toEqual(["2606.00004", "2606.00005"]);
    expect(digest.items[0]?.why).toBe(
      "by Y. LeCun, whom you follow · 3 upvotes on Hugging Face · featured today",
    );
    expect(digest.items[1]?.why).toMatch(/^by ai at meta, whom you follow · /);
  });
});

describe("/papers follow author|org and unfollow", () => {
  const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;
  let app: App;
  afterEach(async () => app?.close());
  const admin = (line: string, options?: Record<string, string>) =>
    app.handle(invocation(line, { isAdmin: true, ...(options ? { options } : {}) }), new RecordingAdapter());

  it("keeps authors and orgs apart from topics, compares names leniently, and shows them", async () => {
    app = await createTestApp();
    expect(await admin('/papers follow author "Y. LeCun"')).toMatchObject({ tone: "success" });
    expect(await admin("/papers follow author Yann LeCun")).toMatchObject({
      tone: "info",
      text: "This channel already follows Yann LeCun.",
    });
    expect(await admin("/papers follow org Google DeepMind")).toMatchObject({ tone: "success" });
    // Discord sends typed options: the text and what kind of follow it is.
    expect(await admin("/papers follow", { topic: "Bernhard Schölkopf", kind: "author" })).toMatchObject({
      tone: "success",
    });
    expect(await admin("/papers follow world models")).toMatchObject({ tone: "success" });
    let settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toEqual(["world models"]);
    expect(settings.followedAuthors).toEqual(["Y. LeCun", "Bernhard Schölkopf"]);
    expect(settings.followedOrgs).toEqual(["Google DeepMind"]);

    const shown = await app.handle(invocation("/papers follows"));
    expect(shown).toMatchObject({ kind: "message" });
    expect((shown as { text: string }).text).toContain(
      "“world models”, author “Y. LeCun”, author “Bernhard Schölkopf”, org “Google DeepMind”",
    );
    const taste = await app.handle(invocation("/papers taste"));
    expect(taste.note).toContain("follows: “world models”, author “Y. LeCun”");

    expect(await admin("/papers unfollow author yann lecun")).toMatchObject({ tone: "success" });
    expect(await admin("/papers unfollow org google-deepmind")).toMatchObject({ tone: "success" });
    expect(await admin("/papers unfollow org Meta")).toMatchObject({
      tone: "warning",
      text: "This channel doesn't follow Meta. Followed organizations: none.",
    });
    // "author" or "org" alone asks for the name; it does not follow the word as a topic.
    for (const bare of ["author", "org", "  Organization  "]) {
      const answer = await admin(`/papers follow ${bare}`);
      expect(answer, bare).toMatchObject({
        kind: "usage",
        error: expect.stringMatching(/^Say which (author|organization) /),
      });
    }
    settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedAuthors).toEqual(["Bernhard Schölkopf"]);
    expect(settings.followedOrgs).toEqual([]);
    expect(settings.followedTopics).toEqual(["world models"]);
    // Said to be a topic (Discord's kind option), the word is that topic.
    expect(await admin("/papers follow", { topic: "lab", kind: "topic" })).toMatchObject({ tone: "success" });
    expect((await app.store.channels.get(CHANNEL)).followedTopics).toEqual(["world models", "lab"]);
    expect(await admin("/papers follow author x")).toMatchObject({
      kind: "usage",
      error: expect.stringMatching(/author \(at least 2/),
    });
  });
});
