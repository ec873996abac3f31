import { describe, expect, it } from "vitest";
import { DigestService, RANKED_DAY_TTL_MS } from "../../src/digest/digest-service.ts";
import type { Catalog, CatalogAnswer } from "../../src/papers/catalog.ts";
import { Paper } from "../../src/papers/paper.ts";
import { DEFAULT_RANKING_WEIGHTS } from "../../src/ranking/score.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createStore, type Store } from "../../src/store/store.ts";
import { fixturePapers } from "../helpers/test-app.ts";

type FakeCatalog = Pick<Catalog, "forDate" | "weekBefore" | "empty" | "listedOn" | "warmArxivListing">;

const DATE = "2026-06-12";
const START = new Date(`${DATE}T09:00:00Z`);
const channel = (channelId: string): ChannelRef => ({ platform: "slack", workspaceId: "T1", channelId });
const ids = (answer: { digest: { items: { paper: Paper }[] } }) =>
  answer.digest.items.map((item) => item.paper.id);

/** A catalog over papers the test sets, counting how often it is asked. */
function fakeCatalog(answers: { today: () => CatalogAnswer<Paper[]>; week?: () => CatalogAnswer<Paper[]> }) {
  const asked = { forDate: 0, weekBefore: 0 };
  const catalog: FakeCatalog = {
    empty: false,
    listedOn: async () => [],
    warmArxivListing: async () => undefined,
    forDate: async () => {
      asked.forDate += 1;
      return answers.today();
    },
    weekBefore: async () => {
      asked.weekBefore += 1;
      return answers.week?.() ?? { value: [] };
    },
  };
  return { catalog, asked };
}

function service(store: Store, catalog: FakeCatalog, clock: { now: Date }) {
  return new DigestService(store, catalog, {
    weights: DEFAULT_RANKING_WEIGHTS,
    defaults: { timezone: "UTC", digestSize: 5 },
    now: () => clock.now,
  });
}

/** Six channels whose digests differ only by what is their own: topics, mutes, votes, posts, size. */
async function channelsWithTheirOwnState(store: Store): Promise<ChannelRef[]> {
  const by = { by: "U_ADMIN", at: START };
  await store.channels.update(
    channel("CTOPIC"),
    (s) => ({ ...s, followedTopics: ["speculative decoding"] }),
    by,
  );
  await store.channels.update(channel("CMUTE"), (s) => ({ ...s, mutedWords: ["EvoArena"] }), by);
  for (const user of ["U1", "U2", "U3", "U4"])
    await store.votes.add(channel("CVOTES"), "2606.13594", user, START);
  await store.posts.record(channel("CPOSTED"), {
    paperId: "2606.13681",
    date: "2026-06-11",
    messageId: "m1",
    postedAt: "2026-06-11T09:00:00.000Z",
  });
  await store.channels.update(channel("CSMALL"), (s) => ({ ...s, digestSize: 3 }), by);
  return ["CPLAIN", "CTOPIC", "CMUTE", "CVOTES", "CPOSTED", "CSMALL"].map(channel);
}

describe("DigestService in a fan-out", () => {
  it("ranks the day once for the channels built together, and each still gets its own digest", async () => {
    const store = createStore(createMemoryBackend());
    const refs = await channelsWithTheirOwnState(store);
    const clock = { now: START };
    const shared = fakeCatalog({ today: () => ({ value: fixturePapers() }) });
    const digests = service(store, shared.catalog, clock);

    const answers = await Promise.all(refs.map((ref) => digests.forChannel(ref, DATE)));
    expect(shared.asked.forDate).toBe(1);

    // Each one as a service of its own (nothing shared) would build it.
    for (const [index, ref] of refs.entries()) {
      const alone = service(store, fakeCatalog({ today: () => ({ value: fixturePapers() }) }).catalog, clock);
      expect(answers[index], ref.channelId).toEqual(await alone.forChannel(ref, DATE));
    }
    const [plain, topic, mute, votes, posted, small] = answers.map(ids) as string[][];
    expect(plain?.[0]).toBe("2606.13681");
    expect(plain).not.toContain("2606.12243");
    expect(topic).toContain("2606.12243");
    expect(mute).not.toContain("2606.13681");
    expect(votes).toContain("2606.13594");
    expect(posted).not.toContain("2606.13681");
    expect(small).toHaveLength(3);
  });

  it("shares the week's best on a quiet day too", async () => {
    const store = createStore(createMemoryBackend());
    const week = fixturePapers().map((paper) => Paper.parse({ ...paper, featuredOn: "2026-06-10" }));
    const shared = fakeCatalog({ today: () => ({ value: [] }), week: () => ({ value: week }) });
    const digests = service(store, shared.catalog, { now: START });
    const answers = await Promise.all(
      [channel("C1"), channel("C2")].map((ref) => digests.forChannel(ref, DATE)),
    );
    expect(answers.map((answer) => answer.digest.kind)).toEqual(["quiet", "quiet"]);
    expect(ids(answers[0]!)).toHaveLength(5);
    expect(shared.asked).toEqual({ forDate: 1, weekBefore: 1 });
  });

  it(`reads the day again after ${RANKED_DAY_TTL_MS / 1000} s, so changed papers reach the next digest`, async () => {
    const store = createStore(createMemoryBackend());
    const papers = fixturePapers();
    const shared = fakeCatalog({ today: () => ({ value: papers }) });
    const clock = { now: START };
    const digests = service(store, shared.catalog, clock);
    expect(ids(await digests.forChannel(channel("C1"), DATE))[0]).toBe("2606.13681");

    const trending = Paper.parse({ ...papers[29], upvotes: 900 });
    papers[29] = trending;
    clock.now = new Date(START.getTime() + RANKED_DAY_TTL_MS + 1);
    expect(ids(await digests.forChannel(channel("C2"), DATE))[0]).toBe(trending.id);
    expect(shared.asked.forDate).toBe(2);
  });

  it("keeps no answer that came with a note (upstream down): the next digest asks again", async () => {
    const store = createStore(createMemoryBackend());
    let down = true;
    const shared = fakeCatalog({
      today: () => (down ? { value: [], note: "Hugging Face is unreachable." } : { value: fixturePapers() }),
    });
    const digests = service(store, shared.catalog, { now: START });
    const offline = await digests.forChannel(channel("C1"), DATE);
    expect(offline.note).toContain("unreachable");
    down = false;
    const online = await digests.forChannel(channel("C2"), DATE);
    expect(online.note).toBeUndefined();
    expect(ids(online)[0]).toBe("2606.13681");
  });

  /** Channels that all upvoted the same three stored papers yesterday; counts the store's reads of them. */
  async function channelsWithTheSameTaste(store: Store, count: number) {
    // Earlier papers, twins of three of today's (other ids): today's twins are what they resemble.
    const before = [20, 24, 27].map((index) => {
      const { featuredOn: _today, ...paper } = fixturePapers()[index] as Paper;
      return Paper.parse({ ...paper, id: paper.id.replace(/^2606\./, "2605.") });
    });
    await store.papers.upsert(before);
    const liked = before.map((paper) => paper.id);
    const yesterday = new Date(START.getTime() - 86_400_000);
    const refs = Array.from({ length: count }, (_, index) => channel(`CTASTE${index}`));
    for (const ref of refs) {
      for (const id of liked)
        for (const user of ["U1", "U2"]) await store.votes.add(ref, id, user, yesterday);
    }
    const reads: string[] = [];
    const getMany = store.papers.getMany.bind(store.papers);
    let failNext = false;
    store.papers.getMany = async (ids) => {
      // The taste's reads ask for liked papers only (the word statistics read the days before whole).
      if (ids.every((id) => liked.includes(id))) reads.push(...ids);
      if (failNext && ids.some((id) => liked.includes(id))) {
        failNext = false;
        throw new Error("store unreachable");
      }
      return getMany(ids);
    };
    return { refs, liked, reads, failNextRead: () => (failNext = true) };
  }

  it("reads the papers the channels' tastes learn from once for all of them, and each digest is still its own", async () => {
    const store = createStore(createMemoryBackend());
    const { refs, liked, reads } = await channelsWithTheSameTaste(store, 6);
    const catalog = () => fakeCatalog({ today: () => ({ value: fixturePapers() }) }).catalog;
    const digests = service(store, catalog(), { now: START });
    const answers = await Promise.all(refs.map((ref) => digests.forChannel(ref, DATE)));
    expect([...reads].sort()).toEqual([...liked].sort());
    // The taste took effect: each digest says which liked paper a pick resembles.
    expect(answers[0]?.digest.items.some((item) => item.why.includes("2 of you upvoted"))).toBe(true);
    const alone = await service(store, catalog(), { now: START }).forChannel(refs[0] as ChannelRef, DATE);
    for (const answer of answers) expect(answer).toEqual(alone);
  });

  it("forgets a failed read of those papers: the next channel's digest reads them again and has its taste", async () => {
    const store = createStore(createMemoryBackend());
    const { refs, liked, reads, failNextRead } = await channelsWithTheSameTaste(store, 2);
    const digests = service(store, fakeCatalog({ today: () => ({ value: fixturePapers() }) }).catalog, {
      now: START,
    });
    failNextRead();
    await expect(digests.forChannel(refs[0] as ChannelRef, DATE)).rejects.toThrow("store unreachable");
    const second = await digests.forChannel(refs[1] as ChannelRef, DATE);
    expect(reads).toHaveLength(liked.length * 2);
    expect(second.digest.items.some((item) => item.why.includes("2 of you upvoted"))).toBe(true);
  });
});
