import { describe, expect, it } from "vitest";
import { generateCorpus, generateQueries } from "../../bench/corpus.ts";
import { FIELD_COUNT } from "../../src/search/document-table.ts";
import { local } from "../../src/search/int-arena.ts";
import { PostingLists } from "../../src/search/postings.ts";
import { type IndexablePaper, type IndexSnapshot, SearchIndex } from "../../src/search/search-index.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const corpus: IndexablePaper[] = [...generateCorpus({ size: 1500, seed: 11 })];
const queries = generateQueries({ count: 60, seed: 4 }).map((query) => query.text);

/** Everything an index's state means, independent of how its pages are laid out. */
function logical(snapshot: IndexSnapshot) {
  const { vocabulary, documents, postings } = snapshot;
  const terms = vocabulary.stems.length;
  const lists = PostingLists.restore(postings);
  const docs = new Int32Array(documents.ids.length + 1);
  const packed = new Uint32Array(documents.ids.length + 1);
  const decoded: number[][] = [];
  for (let term = 0; term < terms; term++) {
    const count = lists.decode(term, docs, packed);
    decoded.push([...docs.subarray(0, count)].flatMap((doc, at) => [doc, packed[at]!]));
  }
  const streams = documents.ids.map((_, doc) => {
    const page = documents.tokens.pages[Math.floor(documents.starts[doc]! / 65536)]!;
    let length = 0;
    for (let field = 0; field < FIELD_COUNT; field++) length += documents.spans[doc * FIELD_COUNT + field]!;
    const start = local(documents.starts[doc]!);
    return [...page.subarray(start, start + length)];
  });
  return {
    stems: [...vocabulary.stems],
    surfaces: [...vocabulary.surfaces],
    votes: [...vocabulary.votes.subarray(0, terms)],
    df: [...vocabulary.df.subarray(0, terms)],
    ids: [...documents.ids],
    alive: [...documents.alive],
    documentVotes: [...documents.votes],
    dates: [...documents.dates],
    spans: [...documents.spans],
    lengths: [...documents.lengths],
    fingerprints: [...documents.fingerprints],
    streams,
    postings: decoded,
  };
}

/** The index of `papers` built one by one, and the same papers split at `at`, the second part built apart and appended. */
function bothWays(
  papers: readonly IndexablePaper[],
  at: number,
): { whole: SearchIndex; joined: SearchIndex } {
  const whole = new SearchIndex();
  for (const paper of papers) whole.add(paper);
  const joined = new SearchIndex();
  for (const paper of papers.slice(0, at)) joined.add(paper);
  const part = new SearchIndex({ part: true });
  for (const paper of papers.slice(at)) part.add(paper);
  joined.append(part.part());
  return { whole, joined };
}

const answers = (index: SearchIndex) => ({
  hits: queries.map((query) => index.search(query, { now: NOW, limit: 20 })),
  suggestions: ["di", "mod", "net", "lang", "rein", "q"].map((prefix) => index.suggest(prefix, 10)),
});

describe("appending an index part built apart", () => {
  it.each([0, 1, 700, 1499, 1500])(
    "gives the state and answers of adding every paper in order (split after %i papers)",
    (at) => {
      const { whole, joined } = bothWays(corpus, at);
      expect(joined.size).toBe(corpus.length);
      expect(logical(joined.snapshot())).toEqual(logical(whole.snapshot()));
      expect(answers(joined)).toEqual(answers(whole));
    },
  );

  it("replays the display-form votes of the part after this index's, as voting word by word would", () => {
    // Word by word: model (1) · models takes it to 0 · models wins with 1 · model takes it to 0: "models".
    // Merging the two halves' results instead ("model" 1 against "models" 1) would keep "model".
    const papers = [
      { id: "a", title: "model" },
      { id: "b", title: "models" },
      { id: "c", title: "models" },
      { id: "d", title: "model" },
    ];
    const { whole, joined } = bothWays(papers, 1);
    expect(whole.suggest("mod")).toEqual(["models"]);
    expect(joined.suggest("mod")).toEqual(["models"]);
    expect(logical(joined.snapshot())).toEqual(logical(whole.snapshot()));
  });

  it("keeps working like the whole index after papers are added, replaced and removed, through compaction", () => {
    const { whole, joined } = bothWays(corpus, 800);
    const more = [...generateCorpus({ size: 300, seed: 12 })];
    for (const index of [whole, joined]) {
      for (const paper of more) index.add(paper);
      for (const paper of corpus.slice(0, 40)) index.add({ ...paper, upvotes: (paper.upvotes ?? 0) + 3 });
      for (const paper of corpus.slice(700, 1500)) index.remove(paper.id);
    }
    expect(joined.size).toBe(whole.size);
    expect(logical(joined.snapshot())).toEqual(logical(whole.snapshot()));
    expect(answers(joined)).toEqual(answers(whole));
  });

  it("refuses a part that indexes a paper already indexed, and is left unchanged", () => {
    const index = new SearchIndex();
    for (const paper of corpus.slice(0, 100)) index.add(paper);
    const before = logical(index.snapshot());
    const part = new SearchIndex({ part: true });
    for (const paper of corpus.slice(99, 200)) part.add(paper);
    expect(() => index.append(part.part())).toThrow(/indexes .* again/);
    expect(logical(index.snapshot())).toEqual(before);
    expect(index.size).toBe(100);
  });

  it("refuses a damaged part (a token of an unknown term, votes of an unknown term), and is left unchanged", () => {
    const index = new SearchIndex();
    for (const paper of corpus.slice(0, 100)) index.add(paper);
    const before = logical(index.snapshot());
    const damaged = () => {
      const part = new SearchIndex({ part: true });
      for (const paper of corpus.slice(100, 200)) part.add(paper);
      return part.part();
    };
    const tokens = damaged();
    const { documents } = tokens.snapshot;
    documents.tokens.pages[0]![local(documents.starts[5]!)] = tokens.snapshot.vocabulary.stems.length + 7;
    expect(() => index.append(tokens)).toThrow(RangeError);
    const votes = damaged();
    votes.votes.terms[0] = votes.snapshot.vocabulary.stems.length;
    expect(() => index.append(votes)).toThrow(RangeError);
    expect(logical(index.snapshot())).toEqual(before);
    expect(index.search("diffusion", { now: NOW })).toEqual(
      (() => {
        const fresh = new SearchIndex();
        for (const paper of corpus.slice(0, 100)) fresh.add(paper);
        return fresh.search("diffusion", { now: NOW });
      })(),
    );
  });
});
