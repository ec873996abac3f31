import type { Logger } from "../log.ts";
import type { CatalogSources } from "../papers/catalog.ts";
import type { Paper } from "../papers/paper.ts";
import { ARXIV_ID_LIST_MAX } from "../papers/sources/arxiv.ts";
import type { UpstreamGuard } from "../papers/upstream-guard.ts";
import type { FollowupEvent, FollowupSnapshot, HuggingFaceWindow } from "../store/followup-repository.ts";
import type { Store } from "../store/store.ts";
import { detectChanges, type FreshRead } from "./detect.ts";

/**
 * How the refresher shares Hugging Face with everything else: at most `HF_WINDOW_CALLS` calls in any
 * `HF_WINDOW_MS`, half of the ~500 anonymous calls per 5 minutes, so commands and digests keep the
 * other half.
 */
export const HF_WINDOW_CALLS = 250;
export const HF_WINDOW_MS = 5 * 60_000;
/** A tracked paper is read again this long after its last reading. */
export const REFRESH_EVERY_MS = 24 * 3_600_000;
/** How long one upstream call of the refresher may take before it is given up on (pacing included). */
const CALL_BUDGET_MS = 120_000;
/** Ids named in the budget log line; the rest are counted. */
const NAMED_IN_LOG = 20;

/** The upstream calls the refresher makes. */
export type RefreshSources = Pick<CatalogSources, "paper" | "arxivPapers" | "linkedRepos">;

/** What the refresher needs; one per process. */
export interface RefreshOptions {
  store: Store;
  sources: RefreshSources;
  guard: UpstreamGuard;
  logger: Logger;
  now: () => Date;
  /** Upstream requests (Hugging Face and arXiv together) the refresher may spend per UTC day. */
  dailyRequests: number;
}

/** What one refresh did. */
export interface RefreshResult {
  /** Papers read upstream this time. */
  refreshed: string[];
  /** Papers due but left for a later pass (this window's share of Hugging Face is spent) or tomorrow (budget). */
  deferred: string[];
  /** Whether the daily budget stopped papers that were due. */
  overBudget: boolean;
  /** Changes seen this time (also stored unless `record` was false). */
  events: FollowupEvent[];
  requests: { huggingface: number; arxiv: number };
}

/**
 * Reads tracked papers upstream again, each once however many channels track it, and records what
 * changed. Papers never read come first, then the longest unread; each pass reads at most one arXiv
 * `id_list` request's worth (100) and no more than Hugging Face's window allows, so a large tracked set
 * is spread over the day. Past the daily budget, papers wait for tomorrow and one log line says which.
 * The daily count and Hugging Face's window are kept in the store, so replicas share both (a refresh runs
 * under the refresh claim, one at a time).
 */
export class Refresher {
  private window: HuggingFaceWindow = { startedAt: Number.NEGATIVE_INFINITY, calls: 0 };
  private reportedBudgetDay: string | undefined;

  constructor(private readonly options: RefreshOptions) {}

  async refresh(paperIds: readonly string[], record: boolean): Promise<RefreshResult> {
    const { store, logger, sources } = this.options;
    const now = this.options.now();
    const at = now.toISOString();
    const day = at.slice(0, 10);
    const snapshots = await store.followups.snapshots(paperIds);
    const due = paperIds
      .filter((id) => {
        const last = snapshots.get(id)?.refreshedAt;
        return !last || now.getTime() - Date.parse(last) >= REFRESH_EVERY_MS;
      })
      .sort(
        (a, b) =>
          (snapshots.get(a)?.refreshedAt ?? "").localeCompare(snapshots.get(b)?.refreshedAt ?? "") ||
          a.localeCompare(b),
      );
    const result: RefreshResult = {
      refreshed: [],
      deferred: [],
      overBudget: false,
      events: [],
      requests: { huggingface: 0, arxiv: 0 },
    };
    if (due.length === 0) return result;

    const hfPerPaper = 1 + (sources.linkedRepos ? 1 : 0);
    this.window = (await store.followups.huggingFaceWindow()) ?? this.window;
    if (now.getTime() - this.window.startedAt >= HF_WINDOW_MS)
      this.window = { startedAt: now.getTime(), calls: 0 };
    const spent = await store.followups.spent(day);
    const budgetLeft = Math.max(0, this.options.dailyRequests - spent);
    // Each paper costs its Hugging Face calls plus its share of one id_list request.
    const byBudget = Math.floor((budgetLeft - 1) / hfPerPaper);
    const byWindow = Math.floor((HF_WINDOW_CALLS - this.window.calls) / hfPerPaper);
    const take = Math.max(0, Math.min(ARXIV_ID_LIST_MAX, byWindow, byBudget, due.length));
    const chosen = due.slice(0, take);
    result.deferred = due.slice(take);
    if (byBudget < Math.min(due.length, ARXIV_ID_LIST_MAX, byWindow)) {
      result.overBudget = true;
      if (this.reportedBudgetDay !== day) {
        this.reportedBudgetDay = day;
        const named = result.deferred.slice(0, NAMED_IN_LOG);
        const more = result.deferred.length - named.length;
        logger.warn(
          { day, budget: this.options.dailyRequests, spent, deferred: result.deferred.length, papers: named },
          `follow-up refresh over its daily budget (${this.options.dailyRequests} upstream requests, PAPERBOY_FOLLOWUP_DAILY_REQUESTS): ${result.deferred.length} tracked papers deferred to tomorrow: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
        );
      }
    }
    if (chosen.length === 0) return result;

    const versions = await this.arxivVersions(chosen, result);
    const stored = new Map((await store.papers.getMany(chosen)).map((paper) => [paper.id, paper]));
    const fresh = new Map<string, FollowupSnapshot>();
    for (const id of chosen) {
      const read: FreshRead = { arxivVersion: versions?.get(id) };
      const paper = await this.call(result, "paper", id, () => sources.paper(id));
      if (paper.ok) read.huggingFace = paper.value ?? null;
      if (sources.linkedRepos) {
        const repos = await this.call(
          result,
          "repos",
          id,
          () => sources.linkedRepos?.(id) ?? Promise.reject(),
        );
        if (repos.ok) read.repos = repos.value;
      }
      const { snapshot, events } = detectChanges(id, snapshots.get(id), stored.get(id), read, at);
      fresh.set(id, snapshot);
      result.events.push(...events);
      result.refreshed.push(id);
    }
    const requests = result.requests.huggingface + result.requests.arxiv;
    await Promise.all([
      store.followups.setSpent(day, spent + requests),
      store.followups.setHuggingFaceWindow(this.window),
    ]);
    if (record) await store.followups.saveRefresh(fresh, result.events);
    logger.info(
      {
        refreshed: chosen.length,
        deferred: result.deferred.length,
        changes: result.events.length,
        ...result.requests,
      },
      "tracked papers refreshed",
    );
    return result;
  }

  /** The newest arXiv version of each paper, from one `id_list` request; undefined when arXiv failed. */
  private async arxivVersions(
    ids: readonly string[],
    result: RefreshResult,
  ): Promise<Map<string, number> | undefined> {
    const answer = await this.options.guard.attempt(
      { source: "arxiv", kind: "id_list" },
      `follow-up refresh of ${ids.length} papers`,
      CALL_BUDGET_MS,
      () => {
        result.requests.arxiv += Math.ceil(ids.length / ARXIV_ID_LIST_MAX);
        return this.options.sources.arxivPapers(ids, {});
      },
    );
    if (!answer.ok) return undefined;
    return new Map(
      answer.value.flatMap((paper: Paper) =>
        paper.version === undefined ? [] : [[paper.id, paper.version] as const],
      ),
    );
  }

  private async call<T>(result: RefreshResult, kind: "paper" | "repos", id: string, run: () => Promise<T>) {
    // Counted when sent: a call skipped while Hugging Face is backed off costs nothing.
    const counted = () => {
      this.window.calls += 1;
      result.requests.huggingface += 1;
      return run();
    };
    return this.options.guard.attempt(
      { source: "huggingface", kind },
      `follow-up refresh of ${id}`,
      CALL_BUDGET_MS,
      counted,
      {
        quietWhenSlow: true,
      },
    );
  }
}
