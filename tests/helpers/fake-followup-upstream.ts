import { readFileSync } from "node:fs";
import { silentLogger } from "../../src/log.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import { createCatalogSources } from "../../src/papers/sources/catalog-sources.ts";
import { type FakeUpstream, json, startFakeUpstream, text } from "./fake-upstream.ts";

/** What the fake says about one paper right now; tests change it between "days". */
export interface FakePaperState {
  githubRepo?: string;
  version: number;
  models: string[];
}

const ATOM = "application/atom+xml";
const entry = (id: string, version: number) =>
  `<entry><id>http://arxiv.org/abs/${id}v${version}</id><title>Paper ${id}</title><summary>About ${id}.</summary><published>2026-06-10T00:00:00Z</published><author><name>A. Author</name></author><arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"/><category term="cs.LG"/></entry>`;

/**
 * Hugging Face and arXiv on one local server for follow-up tests: the 2026-06-12 daily listing, each
 * paper's `/api/papers/{id}` and `/api/arxiv/{id}/repos` from a mutable state, and arXiv's `id_list`
 * answering every asked id at its state's version. `sources` are the app's real clients against it,
 * with arXiv's 3-second pace waited out instantly (no sleeping in tests).
 */
export async function startFollowupUpstream(): Promise<{
  upstream: FakeUpstream;
  state: Map<string, FakePaperState>;
  sources: CatalogSources;
  close: () => Promise<void>;
}> {
  const daily = JSON.parse(
    readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
  ) as { paper: { id: string } & Record<string, unknown> }[];
  const state = new Map<string, FakePaperState>();
  const stateOf = (id: string) => {
    const known = state.get(id) ?? { version: 1, models: [] };
    state.set(id, known);
    return known;
  };
  // Nothing has code yet: code appears when a test says so.
  const listed = daily.map((item) => ({ ...item, paper: { ...item.paper, githubRepo: undefined } }));
  const upstream = await startFakeUpstream({
    "/api/daily_papers": json(listed),
    "/api/query": (request, response, call) => {
      const ids = (request.query.id_list ?? "").split(",").filter(Boolean);
      const feed = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">${ids.map((id) => entry(id, stateOf(id).version)).join("")}</feed>`;
      text(feed, ATOM)(request, response, call);
    },
  });
  for (const item of daily) {
    const id = item.paper.id;
    upstream.route(`/api/papers/${id}`, (request, response, call) => {
      const { githubRepo, ...paper } = item.paper;
      const now = stateOf(id).githubRepo;
      json({ ...paper, ...(now ? { githubRepo: now } : {}) })(request, response, call);
    });
    upstream.route(`/api/arxiv/${id}/repos`, (request, response, call) =>
      json({ models: stateOf(id).models.map((model) => ({ id: model })), datasets: [], spaces: [] })(
        request,
        response,
        call,
      ),
    );
  }
  const shutdown = new AbortController();
  const sources = createCatalogSources({
    huggingFaceUrl: upstream.url,
    arxivUrl: upstream.url,
    arxivCategories: [],
    httpTimeoutMs: 5000,
    logger: silentLogger,
    signal: shutdown.signal,
    sleep: async () => undefined,
  });
  return {
    upstream,
    state,
    sources,
    close: async () => {
      shutdown.abort();
      await upstream.close();
    },
  };
}

/** Hugging Face and arXiv requests the fake received for follow-ups (listing calls left out). */
export function refreshRequests(upstream: FakeUpstream): { huggingface: number; arxiv: number } {
  return {
    huggingface: upstream.requests.filter(
      (request) => request.path.startsWith("/api/papers/") || request.path.startsWith("/api/arxiv/"),
    ).length,
    arxiv: upstream.requests.filter((request) => request.path === "/api/query").length,
  };
}
