import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { Paper } from "../../src/papers/paper.ts";
import { brokenText } from "../helpers/graphemes.ts";
import {
  createTestApp,
  fakeSources,
  fixturePapers,
  invocation,
  RecordingAdapter,
} from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };
let adapter: RecordingAdapter;
const run = (line: string, overrides: Parameters<typeof invocation>[1] = {}) =>
  app.handle(invocation(line, overrides), adapter);
const admin = (line: string) => run(line, { isAdmin: true });

function expectKind<K extends Reply["kind"]>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind, JSON.stringify(reply).slice(0, 300)).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

beforeEach(async () => {
  app = await createTestApp();
  adapter = new RecordingAdapter();
});
afterEach(async () => app.close());

describe("unknown and malformed commands", () => {
  it("answers an unknown subcommand with a usage message and a suggestion", async () => {
    const reply = expectKind(await run("/papers todya"), "usage");
    expect(reply.error).toContain("Unknown command “todya”");
    expect(reply.error).toContain("Did you mean `today`?");
    expect(reply.private).toBe(true);
  });

  it("echoes a long unknown subcommand cut before an emoji, not inside it", async () => {
    const reply = expectKind(await run(`/papers ${"x".repeat(38)}👨‍👩‍👧yz`), "usage");
    expect(reply.error).toContain(`Unknown command “${"x".repeat(38)}…”`);
    expect(brokenText(reply.error)).toEqual([]);
  });

  it("treats a bare /papers as help", async () => {
    const reply = expectKind(await run("/papers"), "help");
    expect(reply.entries.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        "today",
        "topic",
        "top",
        "paper",
        "follow",
        "unfollow",
        "mute",
        "schedule",
        "post",
        "settings",
        "saved",
        "help",
      ]),
    );
  });

  it("refuses absurdly long arguments before parsing them", async () => {
    const reply = expectKind(await run(`/papers topic ${"a".repeat(10_000)}`), "usage");
    expect(reply.error).toMatch(/too long/);
  });

  it.each([
    ["/papers topic", /Say what to search for/],
    ["/papers topic -diffusion", /not only excluded words/],
    ["/papers top year", /day, week or month/],
    ["/papers paper", /arXiv id or URL/],
    ["/papers paper hello-world", /isn't an arXiv id or URL/],
  ])("%s → usage error", async (line, message) => {
    const reply = expectKind(await run(line), "usage");
    expect(reply.error).toMatch(message);
    expect(reply.usage).toMatch(/^\/papers /);
  });

  it.each([
    ["/papers follow", /Say which topic/],
    ["/papers follow x", /at least 2 characters/],
    [`/papers follow ${"long ".repeat(20)}`, /too long/],
    ["/papers mute", /Say which word/],
    ["/papers schedule", /Say when/],
    ["/papers schedule 25:00", /isn't a time/],
    ["/papers schedule 09:00 Mars/Base", /Unknown time zone/],
    ["/papers schedule 09:00 Europe/Berlin sometimes", /“sometimes” isn't a days option or a time zone/],
    ["/papers schedule 09:00 UTC daily extra", /“extra” isn't a days option or a time zone/],
    ["/papers schedule 09:00 UTC Europe/Berlin", /Too many words/],
    ["/papers schedule off now", /takes nothing after off/],
  ])("%s → usage error for an admin, and nothing stored", async (line, message) => {
    const reply = expectKind(await admin(line), "usage");
    expect(reply.error).toMatch(message);
    const settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toEqual([]);
    expect(settings.mutedWords).toEqual([]);
    expect(settings.schedule).toBeNull();
  });
});

describe("admin check", () => {
  it.each([
    "follow forgetting",
    "unfollow forgetting",
    "mute benchmark",
    "unmute benchmark",
    "schedule 09:00",
    "schedule off",
    "post",
  ])("refuses /papers %s for a non-admin, politely, and changes nothing", async (line) => {
    const reply = expectKind(await run(`/papers ${line}`), "message");
    expect(reply.text).toMatch(
      line === "post"
        ? /^Only .* this channel's paperboy admins \(none yet\) can post the digest in this channel with `\/papers post`/
        : /^Only .* this channel's paperboy admins \(none yet\) can change this channel's settings with `\/papers \w+`/,
    );
    expect(reply.private).toBe(true);
    const settings = await app.store.channels.get(CHANNEL);
    expect(settings).toMatchObject({ followedTopics: [], mutedWords: [], schedule: null });
    expect(adapter.posts).toHaveLength(0);
  });

  it("lets everyone read", async () => {
    for (const line of ["today", "topic attention", "top", "paper 2606.13392", "settings", "saved", "help"]) {
      expect((await run(`/papers ${line}`)).kind).not.toBe("usage");
    }
  });
});

describe("settings commands", () => {
  it("follow, unfollow, mute, unmute and settings round-trip through the store", async () => {
    expectKind(await admin("/papers follow continual learning"), "message");
    expect((await admin("/papers follow Continual Learning")).kind === "message").toBe(true);
    expectKind(await admin("/papers mute benchmark"), "message");
    let settings = expectKind(await run("/papers settings"), "settings").settings;
    expect(settings.followedTopics).toEqual(["continual learning"]);
    expect(settings.mutedWords).toEqual(["benchmark"]);
    expect(settings.updatedBy).toBe("U1");

    const missing = expectKind(await admin("/papers unfollow diffusion"), "message");
    expect(missing.text).toContain("doesn't follow “diffusion”");
    expectKind(await admin("/papers unfollow continual learning"), "message");
    expectKind(await admin("/papers unmute benchmark"), "message");
    settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toEqual([]);
    expect(settings.mutedWords).toEqual([]);
  });

  it("schedule accepts a time, an IANA zone and days, keeps earlier choices, and turns off", async () => {
    const set = expectKind(await admin("/papers schedule 9:30 Europe/Berlin daily"), "message");
    expect(set.text).toBe(
      "The digest will be posted here every day at 09:30 (Europe/Berlin). First digest tomorrow at 09:30 Europe/Berlin.",
    );
    await admin("/papers schedule 08:00");
    expect((await app.store.channels.get(CHANNEL)).schedule).toEqual({
      time: "08:00",
      timezone: "Europe/Berlin",
      days: "daily",
      since: app.now().toISOString(),
    });
    await admin("/papers schedule off");
    expect((await app.store.channels.get(CHANNEL)).schedule).toBeNull();
  });

  it("schedule takes Discord-style typed options", async () => {
    await app.handle(
      invocation("/papers schedule", {
        isAdmin: true,
        options: { time: "07:15", timezone: "Asia/Kolkata", days: "weekdays" },
      }),
    );
    expect((await app.store.channels.get(CHANNEL)).schedule).toEqual({
      time: "07:15",
      timezone: "Asia/Kolkata",
      days: "weekdays",
      since: app.now().toISOString(),
    });
  });

  it("schedule takes a cron expression for power users, and skip-weekends as weekdays", async () => {
    const cron = expectKind(await admin("/papers schedule cron 30 8 * * 1-5 America/New_York"), "message");
    expect(cron.text).toContain("cron “30 8 * * 1-5” (America/New_York)");
    expect((await app.store.channels.get(CHANNEL)).schedule).toMatchObject({
      cron: "30 8 * * 1-5",
      timezone: "America/New_York",
    });
    const settings = expectKind(await run("/papers settings"), "settings");
    expect(settings.settings.schedule?.cron).toBe("30 8 * * 1-5");
    await admin("/papers schedule 15 7 * * *");
    expect((await app.store.channels.get(CHANNEL)).schedule?.cron).toBe("15 7 * * *");
    await admin("/papers schedule 09:00 skip-weekends");
    expect((await app.store.channels.get(CHANNEL)).schedule).toEqual({
      time: "09:00",
      timezone: "America/New_York",
      days: "weekdays",
      since: app.now().toISOString(),
    });
    const bad = expectKind(await admin("/papers schedule 61 8 * * *"), "usage");
    expect(bad.error).toMatch(/Cron minute 61 is out of range: use 0–59/);
    const zone = expectKind(await admin("/papers schedule 09:00 Mars/Olympus"), "usage");
    expect(zone.error).toMatch(/Unknown time zone/);
  });
});

describe("reading commands", () => {
  it("today: ranked digest for the channel's date, most upvoted first", async () => {
    const reply = expectKind(await run("/papers today"), "digest");
    expect(reply.digest.date).toBe("2026-06-12");
    expect(reply.digest.kind).toBe("daily");
    expect(reply.digest.items.map((item) => item.paper.id).slice(0, 2)).toEqual(["2606.13681", "2606.13392"]);
    expect(reply.digest.items).toHaveLength(5);
    expect(reply.note).toBeUndefined();
  });

  it("today with words after it points at topic instead of ignoring them", async () => {
    const usage = expectKind(await run("/papers today diffusion models"), "usage");
    expect(usage.error).toBe(
      "`/papers today` takes no words. For papers about “diffusion models”, try `/papers topic diffusion models`.",
    );
    expect(expectKind(await run("/papers today   "), "digest").digest.kind).toBe("daily");
  });

  it("today uses the channel's time zone for the date", async () => {
    app.clock.now = new Date("2026-06-11T23:30:00Z");
    await admin("/papers schedule 09:00 Europe/Berlin");
    const reply = expectKind(await run("/papers today"), "digest");
    expect(reply.digest.date).toBe("2026-06-12");
  });

  it("today on a busy day never asks upstream for the week's papers", async () => {
    const sources = fakeSources({ "2026-06-12": fixturePapers() });
    let weekCalls = 0;
    const counted = await createTestApp({
      sources: {
        ...sources,
        week: (date) => {
          weekCalls += 1;
          return sources.week(date);
        },
      },
    });
    expectKind(await counted.handle(invocation("/papers today")), "digest");
    expect(weekCalls).toBe(0);
    counted.clock.now = new Date("2026-06-13T09:00:00Z");
    expect(expectKind(await counted.handle(invocation("/papers today")), "digest").digest.kind).toBe("quiet");
    await counted.close();
  });

  it("fifty channels asking for the same day at once share one upstream fetch", async () => {
    const sources = fakeSources({ "2026-06-12": fixturePapers() });
    let dailyCalls = 0;
    const counted = await createTestApp({
      sources: {
        ...sources,
        daily: async (date) => {
          dailyCalls += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return sources.daily(date);
        },
      },
    });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        counted.handle(invocation("/papers today", { channelId: `C${index}` })),
      ),
    );
    expect(replies.every((reply) => reply.kind === "digest" && reply.digest.items.length === 5)).toBe(true);
    expect(dailyCalls).toBe(1);
    await counted.close();
  });

  it("today on a quiet day says so and shows the week's best", async () => {
    app.clock.now = new Date("2026-06-13T09:00:00Z");
    const reply = expectKind(await run("/papers today"), "digest");
    expect(reply.digest.kind).toBe("quiet");
    expect(reply.digest.title).toMatch(/No new papers today/);
    expect(reply.digest.items[0]?.paper.id).toBe("2606.13681");
  });

  it("today when upstream is unreachable answers from the store with a one-line note", async () => {
    const sources = fakeSources({ "2026-06-12": fixturePapers() });
    const offline = await createTestApp({ sources });
    await offline.handle(invocation("/papers today"));
    sources.state.down = true;
    offline.clock.now = new Date("2026-06-12T15:00:00Z");
    const reply = expectKind(await offline.handle(invocation("/papers today")), "digest");
    expect(reply.digest.items).toHaveLength(5);
    expect(reply.note).toMatch(
      /^Hugging Face is unreachable right now\. Showing 30 stored papers featured that day\.$/,
    );
    await offline.close();
  });

  it("today with nothing stored and no network shows the labelled sample", async () => {
    const offline = await createTestApp({ sources: fakeSources({}, { down: true }) });
    const reply = expectKind(await offline.handle(invocation("/papers today")), "digest");
    expect(reply.note).toMatch(/SAMPLE/);
    expect(reply.digest.items.length).toBeGreaterThan(0);
    await offline.close();
  });

  it("topic finds papers that are about the topic", async () => {
    await run("/papers today");
    const reply = expectKind(await run("/papers topic sparse attention"), "papers");
    expect(reply.entries[0]?.paper.id).toBe("2606.13392");
    expect(reply.entries[0]?.why).toMatch(/matches/);
    const none = expectKind(await run("/papers topic zebrafish cardiology"), "papers");
    expect(none.entries).toEqual([]);
    expect(none.empty).toContain("No papers match");
  });

  it("paper accepts every id form and answers with a card", async () => {
    for (const form of ["2606.13392", "arXiv:2606.13392v2", "https://huggingface.co/papers/2606.13392"]) {
      const reply = expectKind(await run(`/papers paper ${form}`), "paper");
      expect(reply.entry.paper.title).toBe("MiniMax Sparse Attention");
      expect(reply.entry.tldr.length).toBeLessThanOrEqual(280);
    }
    const missing = expectKind(await run("/papers paper 2601.00001"), "message");
    expect(missing.text).toContain("couldn't find arXiv:2601.00001 on Hugging Face or arXiv");
  });

  it("paper falls back to arXiv for an id Hugging Face does not know, such as an old-style one", async () => {
    const old = Paper.parse({
      id: "cs/0112017",
      title: "Reinforcement learning in continuous time",
      abstract: "An old paper that Hugging Face never featured.",
      authors: ["A. Author"],
      sources: ["arxiv"],
    });
    const base = fakeSources({ "2026-06-12": fixturePapers() });
    let asked: readonly string[] = [];
    const withArxiv = await createTestApp({
      sources: {
        ...base,
        arxivPapers: async (ids) => {
          asked = ids;
          return ids.includes(old.id) ? [old] : [];
        },
      },
    });
    try {
      const card = expectKind(await withArxiv.handle(invocation("/papers paper cs/0112017")), "paper");
      expect(card.entry.paper.title).toBe(old.title);
      expect(asked).toEqual(["cs/0112017"]);

      const several = expectKind(
        await withArxiv.handle(invocation("/papers paper 2606.13392 cs/0112017 2601.00001")),
        "papers",
      );
      expect(several.title).toBe("2 of 3 papers");
      expect(several.entries.map((entry) => entry.paper.id)).toEqual(["2606.13392", "cs/0112017"]);
      expect(several.note).toBe("I couldn't find arXiv:2601.00001 on Hugging Face or arXiv.");
    } finally {
      await withArxiv.close();
    }
  });

  it("paper with several ids names every one it cannot read, and refuses absurd lists", async () => {
    const bad = expectKind(await run("/papers paper 2606.13392 hello 12"), "usage");
    expect(bad.error).toMatch(/^“hello”, “12” aren't arXiv ids or URLs/);
    const many = expectKind(await run(`/papers paper ${"2606.13392 ".repeat(11)}`), "usage");
    expect(many.error).toBe("At most 10 ids at a time.");
  });

  it("top counts each user's vote once and respects the period", async () => {
    await run("/papers today");
    const now = app.clock.now;
    await app.store.votes.add(CHANNEL, "2606.13392", "U1", now);
    await app.store.votes.add(CHANNEL, "2606.13392", "U1", now);
    await app.store.votes.add(CHANNEL, "2606.13392", "U2", now);
    await app.store.votes.add(CHANNEL, "2606.00467", "U3", new Date(now.getTime() - 3 * 86_400_000));
    const week = expectKind(await run("/papers top week"), "papers");
    expect(week.entries.map((entry) => [entry.paper.id, entry.votes])).toEqual([
      ["2606.13392", 2],
      ["2606.00467", 1],
    ]);
    const day = expectKind(await run("/papers top day"), "papers");
    expect(day.entries.map((entry) => entry.paper.id)).toEqual(["2606.13392"]);
  });

  it("saved lists the user's own reading list only", async () => {
    await run("/papers today");
    await app.store.readingLists.save(
      { platform: "console", workspaceId: "W1", userId: "U1" },
      "2606.13392",
      app.now(),
    );
    const mine = expectKind(await run("/papers saved"), "papers");
    expect(mine.entries.map((entry) => entry.paper.id)).toEqual(["2606.13392"]);
    expect(mine.private).toBe(true);
    const theirs = expectKind(await run("/papers saved", { userId: "U2" }), "papers");
    expect(theirs.entries).toEqual([]);
  });
});

describe("post", () => {
  it("posts a header then one message per paper, records them, and never posts twice", async () => {
    const reply = expectKind(await admin("/papers post"), "message");
    expect(reply.text).toBe("Posted today's digest: 5 papers.");
    expect(adapter.posts.map((post) => post.reply.kind)).toEqual([
      "header",
      "paper",
      "paper",
      "paper",
      "paper",
      "paper",
    ]);
    expect(await app.store.posts.papersForMessage(CHANNEL, "m2")).toEqual(["2606.13681"]);

    const again = expectKind(await admin("/papers post"), "message");
    expect(again.text).toMatch(/already in this channel/);
    expect(adapter.posts).toHaveLength(6);
  });

  it("resumes a delivery that failed half-way without duplicating what landed", async () => {
    adapter.failAfter = 3;
    const failed = expectKind(await admin("/papers post"), "message");
    expect(failed.text).toMatch(/something went wrong/);
    adapter.failAfter = Number.POSITIVE_INFINITY;
    await admin("/papers post");
    const ids = adapter.posts.map((post) => post.options?.idempotencyKey);
    expect(new Set(ids).size).toBe(ids.length);
    expect(adapter.posts).toHaveLength(6);
    // The send that failed may have reached the platform: its retry says so; the others do not.
    expect(adapter.posts.map((post) => post.options?.possiblySent ?? false)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it("leaves papers the channel got in the last 14 days out of the next digest", async () => {
    await admin("/papers post");
    const first = adapter.posts
      .filter((post) => post.reply.kind === "paper")
      .map((post) => (post.reply as Extract<Reply, { kind: "paper" }>).entry.paper.id);
    app.clock.now = new Date("2026-06-15T09:00:00Z");
    const sources = fakeSources({
      "2026-06-12": fixturePapers(),
      "2026-06-15": fixturePapers().map((paper) => Paper.parse({ ...paper, featuredOn: "2026-06-15" })),
    });
    const later = await createTestApp({ now: app.clock.now, sources });
    for (const id of first) {
      await later.store.posts.record(CHANNEL, {
        paperId: id,
        date: "2026-06-12",
        messageId: `x-${id}`,
        postedAt: "2026-06-12T09:00:00Z",
      });
    }
    const reply = expectKind(await later.handle(invocation("/papers today")), "digest");
    expect(reply.digest.items.map((item) => item.paper.id).some((id) => first.includes(id))).toBe(false);
    await later.close();
  });
});

describe("compact layout", () => {
  const reaction = (emoji: string, userId: string, added = true) => ({
    channel: CHANNEL,
    messageId: "m1",
    userId,
    emoji,
    added,
    at: app.now(),
  });

  it("posts the digest as one numbered message whose number reactions vote for its papers", async () => {
    const changed = expectKind(await admin("/papers layout compact"), "message");
    expect(changed.text).toMatch(/now posted as compact/);
    expectKind(await admin("/papers post"), "message");
    expect(adapter.posts.map((post) => post.reply.kind)).toEqual(["digest"]);
    const digest = expectKind(adapter.posts[0]?.reply as Reply, "digest").digest;
    expect(adapter.numbered.get("m1")).toBe(digest.items.length);
    const ids = digest.items.map((item) => item.paper.id);
    expect(await app.store.posts.papersForMessage(CHANNEL, "m1")).toEqual(ids);

    expect(await app.reactions.handle(reaction("2️⃣", "U1"))).toBe("voted");
    expect(await app.reactions.handle(reaction("two", "U2"))).toBe("voted");
    expect(await app.reactions.handle(reaction("2⃣", "U2"))).toBe("voted");
    expect(await app.reactions.handle(reaction("👍", "U3"))).toBe("ignored");
    expect(await app.reactions.handle(reaction("🔟", "U3"))).toBe("ignored");
    const counts = await app.store.votes.counts(CHANNEL);
    expect(Object.fromEntries(counts)).toEqual({ [ids[1] as string]: 2 });

    const again = expectKind(await admin("/papers post"), "message");
    expect(again.text).toMatch(/already in this channel/);
    expect(adapter.posts).toHaveLength(1);
  });

  it("never posts a digest twice in two shapes when the layout changes the same day", async () => {
    await admin("/papers post");
    await admin("/papers layout compact");
    await admin("/papers post");
    expect(adapter.posts).toHaveLength(6);
    expect(adapter.posts.some((post) => post.reply.kind === "digest")).toBe(false);
  });

  it("shows the layout in settings and refuses an unknown one with usage", async () => {
    const usage = expectKind(await admin("/papers layout tiny"), "usage");
    expect(usage.error).toMatch(/messages, thread or compact/);
    await admin("/papers layout compact");
    const settings = expectKind(await run("/papers settings"), "settings");
    expect(settings.settings.layout).toBe("compact");
  });
});

describe("thread layout", () => {
  const paperIds = (posts: RecordingAdapter["posts"]) =>
    posts.flatMap((post) => (post.reply.kind === "paper" ? [post.reply.entry.paper.id] : []));

  it("posts the header in the channel and each paper as a votable reply under it, once", async () => {
    const changed = expectKind(await admin("/papers layout thread"), "message");
    expect(changed.text).toMatch(/now posted as thread: a header in the channel and one reply per paper/);
    const posted = expectKind(await admin("/papers post"), "message");
    expect(posted.text).toBe("Posted today's digest: 5 papers.");
    const [header, ...replies] = adapter.posts;
    expect(header?.reply).toMatchObject({ kind: "header", threaded: true });
    expect(header?.replyTo).toBeUndefined();
    expect(replies.map((post) => [post.reply.kind, post.replyTo])).toEqual(
      Array.from({ length: 5 }, () => ["paper", header?.messageId]),
    );
    // Each reply is in the ledger like a top-level paper message: 👍 and 🔖 on it count.
    const reply = replies[1]!;
    const paperId = paperIds([reply])[0]!;
    expect(await app.store.posts.papersForMessage(CHANNEL, reply.messageId)).toEqual([paperId]);
    const react = (emoji: string, userId: string, messageId = reply.messageId) =>
      app.reactions.handle({ channel: CHANNEL, messageId, userId, emoji, added: true, at: app.now() });
    expect(await react("👍", "U1")).toBe("voted");
    expect(await react("👍", "U2")).toBe("voted");
    expect(await react("👍", "U3", header!.messageId)).toBe("ignored");
    expect(Object.fromEntries(await app.store.votes.counts(CHANNEL))).toEqual({ [paperId]: 2 });

    // Follow-ups on these papers go into the header's thread too (Slack threads hang off their first message).
    const followupParents = await app.store.posts.firstMessages(CHANNEL);
    expect(new Set(replies.map((post) => followupParents.get(paperIds([post])[0]!)))).toEqual(
      new Set([header?.messageId]),
    );

    const again = expectKind(await admin("/papers post"), "message");
    expect(again.text).toMatch(/already in this channel/);
    expect(adapter.posts).toHaveLength(6);
  });

  it("resumes a threaded delivery cut off half-way: no second header, the rest under the first one", async () => {
    await admin("/papers layout thread");
    adapter.failAfter = 3;
    expectKind(await admin("/papers post"), "message");
    expect(adapter.posts).toHaveLength(3);
    adapter.failAfter = Number.POSITIVE_INFINITY;
    const resumed = expectKind(await admin("/papers post"), "message");
    expect(resumed.text).toMatch(/\(3 already here, skipped\)/);
    const headers = adapter.posts.filter((post) => post.reply.kind === "header");
    expect(headers).toHaveLength(1);
    const replies = adapter.posts.filter((post) => post.reply.kind === "paper");
    expect(new Set(paperIds(replies)).size).toBe(5);
    expect(replies.every((post) => post.replyTo === headers[0]?.messageId)).toBe(true);
    // The send that failed may have reached the platform: its retry says so, for a lookup in the thread.
    expect(replies.map((post) => post.options?.possiblySent ?? false)).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it("finishes a digest in the shape it began, whatever the layout became since", async () => {
    adapter.failAfter = 2;
    await admin("/papers post");
    adapter.failAfter = Number.POSITIVE_INFINITY;
    await admin("/papers layout thread");
    await admin("/papers post");
    expect(adapter.posts.map((post) => [post.reply.kind, post.replyTo])).toEqual([
      ["header", undefined],
      ...Array.from({ length: 5 }, () => ["paper", undefined]),
    ]);

    const other = new RecordingAdapter();
    const later = await createTestApp();
    await later.handle(invocation("/papers layout thread", { isAdmin: true }), other);
    other.failAfter = 1;
    await later.handle(invocation("/papers post", { isAdmin: true }), other);
    await later.handle(invocation("/papers layout compact", { isAdmin: true }), other);
    other.failAfter = Number.POSITIVE_INFINITY;
    await later.handle(invocation("/papers post", { isAdmin: true }), other);
    expect(other.posts.map((post) => [post.reply.kind, post.replyTo])).toEqual([
      ["header", undefined],
      ...Array.from({ length: 5 }, () => ["paper", "m1"]),
    ]);
    const done = expectKind(
      await later.handle(invocation("/papers post", { isAdmin: true }), other),
      "message",
    );
    expect(done.text).toMatch(/already in this channel/);
    await later.close();
  });

  it("shows the layout in settings and help, and names the three layouts on a bad one", async () => {
    const usage = expectKind(await admin("/papers layout tiny"), "usage");
    expect(usage.error).toBe("The layout is messages, thread or compact.");
    expect(usage.usage).toBe("/papers layout messages|thread|compact");
    await admin("/papers layout thread");
    const settings = expectKind(await run("/papers settings"), "settings");
    expect(settings.settings.layout).toBe("thread");
    const help = expectKind(await run("/papers help"), "help");
    expect(help.entries.find((entry) => entry.usage.startsWith("/papers layout"))?.summary).toMatch(
      /a thread \(replies to a header\)/,
    );
  });

  it("answers help for a name that is no command with every command, saying so and naming the likely one", async () => {
    const all = expectKind(await run("/papers help"), "help");
    const typo = expectKind(await run("/papers help scedule"), "help");
    expect(typo.note).toBe("No command “scedule”. Did you mean `schedule`? Here are all of them.");
    expect(typo.entries).toHaveLength(all.entries.length);
    expect(expectKind(await run("/papers help nonsense"), "help").note).toBe(
      "No command “nonsense”. Here are all of them.",
    );
    const one = expectKind(await run("/papers help schedule"), "help");
    expect(one.note).toBeUndefined();
    expect(one.entries.map((entry) => entry.name)).toEqual(["schedule"]);
  });

  it("leaves a new channel on one message per paper, and a stored layout as it was", async () => {
    expect((await app.store.channels.get(CHANNEL)).layout).toBe("messages");
    await admin("/papers layout compact");
    await admin("/papers follow agents");
    expect((await app.store.channels.get(CHANNEL)).layout).toBe("compact");
  });
});

describe("a channel the platform no longer lets us post in", () => {
  it("stops the channel's schedule, tells the admin who set it, and reports the failure", async () => {
    const { ChannelUnavailableError } = await import("../../src/chat/adapter.ts");
    await admin("/papers schedule 09:00 UTC daily");
    const notified: { userId: string; reply: Reply }[] = [];
    const gone = Object.assign(new RecordingAdapter(), {
      post: async () => {
        throw new ChannelUnavailableError(CHANNEL, "not_in_channel");
      },
      notifyUser: async (_workspace: string, userId: string, reply: Reply) => {
        notified.push({ userId, reply });
      },
    });
    const reply = expectKind(
      await app.handle(invocation("/papers post", { isAdmin: true }), gone),
      "message",
    );
    expect(reply.text).toBe(
      "I can't post in this channel (not_in_channel). Invite me to it first, then try again.",
    );
    expect((await app.store.channels.get(CHANNEL)).schedule).toBeNull();
    expect(notified).toHaveLength(1);
    expect(notified[0]?.userId).toBe("U1");
    expect(JSON.stringify(notified[0]?.reply)).toContain("not_in_channel");
  });
});
