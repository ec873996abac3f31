import { describe, expect, it } from "vitest";
import {
  HF_WINDOW_CALLS,
  HF_WINDOW_MS,
  Refresher,
  type RefreshSources,
} from "../../src/followups/refresh.ts";
import { silentLogger } from "../../src/log.ts";
import { UpstreamGuard } from "../../src/papers/upstream-guard.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createStore, type Store } from "../../src/store/store.ts";

/** Upstream that answers every paper at v1 with nothing linked, counting Hugging Face calls. */
function countingSources(): RefreshSources & { huggingface: number } {
  const sources = {
    huggingface: 0,
    paper: async () => {
      sources.huggingface += 1;
      return undefined;
    },
    linkedRepos: async () => {
      sources.huggingface += 1;
      return { models: [], datasets: [], spaces: [] };
    },
    arxivPapers: async () => [],
  };
  return sources;
}

/** A replica's refresher over the shared store, with its own clock reading `clock.now`. */
function replica(store: Store, clock: { now: Date }, sources: RefreshSources): Refresher {
  const now = () => clock.now;
  return new Refresher({
    store,
    sources,
    guard: new UpstreamGuard(silentLogger, now, 60_000),
    logger: silentLogger,
    now,
    dailyRequests: 100_000,
  });
}

describe("the refresher's share of Hugging Face is kept in the store", () => {
  it("two replicas refreshing within one 5-minute window spend one share between them", async () => {
    const store = createStore(createMemoryBackend());
    const ids = Array.from({ length: 400 }, (_, n) => `2606.${String(n).padStart(5, "0")}`);
    const clock = { now: new Date("2026-06-12T09:00:00Z") };
    const sources = countingSources();
    const a = replica(store, clock, sources);
    const b = replica(store, clock, sources);
    // Two Hugging Face calls a paper, 100 papers (one id_list) a pass at most.
    expect((await a.refresh(ids, true)).refreshed).toHaveLength(100);
    clock.now = new Date(clock.now.getTime() + 60_000);
    const second = await b.refresh(ids, true);
    expect(second.refreshed).toHaveLength((HF_WINDOW_CALLS - 200) / 2);
    expect(sources.huggingface).toBe(HF_WINDOW_CALLS);
    // Once the window is over, the next replica gets a whole share again.
    clock.now = new Date(clock.now.getTime() + HF_WINDOW_MS);
    expect((await a.refresh(ids, true)).refreshed).toHaveLength(100);
  });
});
