import type { Paper } from "../papers/paper.ts";
import type { LinkedRepos } from "../papers/sources/huggingface-repos.ts";
import type { FollowupEvent, FollowupKind, FollowupSnapshot } from "../store/followup-repository.ts";

/** What one refresh read about a paper; a part left out could not be read this time. */
export interface FreshRead {
  /** Hugging Face's paper (`null`: Hugging Face does not know it). */
  huggingFace?: Paper | null;
  /** The newest version arXiv's `id_list` answer named. */
  arxivVersion?: number;
  repos?: LinkedRepos;
}

const REPO_KINDS: readonly [keyof LinkedRepos, FollowupKind][] = [
  ["models", "model"],
  ["datasets", "dataset"],
  ["spaces", "space"],
];

/**
 * Compares what was just read with the paper's last snapshot and returns the new snapshot and what
 * changed: a GitHub repository where there was none, a higher arXiv version, models, datasets or Spaces
 * not linked before. With no snapshot yet, the paper as stored when the channel saw it is the baseline
 * for code and version (code released between the post and the first refresh is news); linked repos
 * have no earlier reading, so the first one is the baseline. A part that could not be read keeps its
 * last value and changes nothing.
 */
export function detectChanges(
  paperId: string,
  before: FollowupSnapshot | undefined,
  stored: Paper | undefined,
  fresh: FreshRead,
  at: string,
): { snapshot: FollowupSnapshot; events: FollowupEvent[] } {
  const base: FollowupSnapshot = before ?? {
    refreshedAt: at,
    githubRepo: stored?.githubRepo,
    version: stored?.version,
  };
  const events: FollowupEvent[] = [];
  const event = (kind: FollowupKind, detail: string[]) =>
    events.push({ paperId, kind, detail, detectedAt: at });
  const snapshot: FollowupSnapshot = { ...base, refreshedAt: at };

  const repo = fresh.huggingFace?.githubRepo;
  if (repo) {
    if (!base.githubRepo) event("code", [repo]);
    snapshot.githubRepo = repo;
  }
  if (fresh.arxivVersion !== undefined) {
    if (base.version !== undefined && fresh.arxivVersion > base.version) {
      event("version", [String(fresh.arxivVersion)]);
    }
    snapshot.version = Math.max(fresh.arxivVersion, base.version ?? 0);
  }
  if (fresh.repos) {
    for (const [list, kind] of REPO_KINDS) {
      const known = base[list];
      const now = fresh.repos[list];
      if (known) {
        const seen = new Set(known);
        const added = now.filter((id) => !seen.has(id));
        if (added.length > 0) event(kind, added);
        snapshot[list] = [...known, ...added];
      } else {
        snapshot[list] = now;
      }
    }
  }
  return { snapshot, events };
}
