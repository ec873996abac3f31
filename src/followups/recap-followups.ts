import { arxivUrl } from "../papers/paper.ts";
import type { FollowUpOfWeek, FollowUpsOfWeek } from "../recap/recap.ts";
import type { FollowupEvent, FollowupKind } from "../store/followup-repository.ts";
import type { Store } from "../store/store.ts";

const HUB_PATH = { model: "", dataset: "datasets/", space: "spaces/" } as const;

/** A follow-up of one kind in a few words, and where to see it. */
function told(
  paperId: string,
  kind: FollowupKind,
  event: FollowupEvent | undefined,
): Pick<FollowUpOfWeek, "what" | "url"> {
  const first = event?.detail[0];
  switch (kind) {
    case "code":
      return { what: "code released", url: first };
    case "version":
      return {
        what: first ? `v${first} on arXiv` : "new version on arXiv",
        url: first ? `${arxivUrl(paperId)}v${first}` : undefined,
      };
    default: {
      const noun = kind === "space" ? "Space" : kind;
      return {
        what: `${noun} on Hugging Face`,
        url: first ? `https://huggingface.co/${HUB_PATH[kind]}${first}` : undefined,
      };
    }
  }
}

/**
 * The weekly recap's "follow-ups of the week": what the follow-up ledger says the channel was sent during
 * the week, one line per paper and kind, with the paper's stored title (its id when it is not stored).
 */
export function followUpsFromLedger(store: Store): FollowUpsOfWeek {
  return async (channel, week) => {
    const sent = await store.followups.sentBetween(channel, week.since, week.until);
    if (sent.length === 0) return [];
    const ids = [...new Set(sent.map((item) => item.paperId))];
    const [papers, events] = await Promise.all([store.papers.getMany(ids), store.followups.events()]);
    const titles = new Map(papers.map((paper) => [paper.id, paper.title]));
    return sent.map(({ paperId, kind, postedAt }) => ({
      paper: { id: paperId, title: titles.get(paperId) ?? paperId, url: arxivUrl(paperId) },
      ...told(
        paperId,
        kind,
        events.get(paperId)?.find((event) => event.kind === kind),
      ),
      at: postedAt,
    }));
  };
}
