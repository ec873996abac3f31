import { arxivUrl } from "../papers/paper.ts";
import type { FollowupEvent, FollowupKind } from "../store/followup-repository.ts";
import { truncate } from "../truncate.ts";

/** The order news is told in, most wanted first. */
const ORDER: readonly FollowupKind[] = ["code", "version", "model", "dataset", "space"];
/** How many linked repos of one kind are named before `+N more`. */
const NAMED = 3;
const TITLE_CHARS = 120;
const HUB_PATH: Readonly<Record<"model" | "dataset" | "space", string>> = {
  model: "",
  dataset: "datasets/",
  space: "spaces/",
};
const HUB_NOUN = { model: "model", dataset: "dataset", space: "Space" } as const;

function repoPart(kind: "model" | "dataset" | "space", ids: readonly string[]): string {
  const named = ids
    .slice(0, NAMED)
    .map((id) => `${HUB_NOUN[kind]} https://huggingface.co/${HUB_PATH[kind]}${id}`);
  const more = ids.length > NAMED ? ` (+${ids.length - NAMED} more)` : "";
  return `${named.join(", ")}${more}`;
}

/**
 * One short follow-up on one paper, telling every change in `events`:
 * `Follow-up on “Title”: code is out: https://github.com/o/r · arXiv v2: https://arxiv.org/abs/…v2 ·
 * on Hugging Face: model https://huggingface.co/o/m`.
 */
export function followupText(paperId: string, title: string, events: readonly FollowupEvent[]): string {
  const sorted = [...events].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const parts: string[] = [];
  const hub: string[] = [];
  for (const event of sorted) {
    if (event.kind === "code") parts.push(`code is out: ${event.detail[0] ?? ""}`);
    else if (event.kind === "version") {
      const version = event.detail[0] ?? "";
      parts.push(`arXiv v${version}: ${arxivUrl(paperId)}v${version}`);
    } else hub.push(repoPart(event.kind, event.detail));
  }
  if (hub.length > 0) parts.push(`on Hugging Face: ${hub.join(", ")}`);
  return `Follow-up on “${truncate(title, TITLE_CHARS)}”: ${parts.join(" · ")}`;
}
