import { huggingFaceUrl, type Paper } from "../papers/paper.ts";
import { countLabel } from "../ranking/why.ts";
import { truncate } from "../truncate.ts";
import { type Climb, describeSpan } from "./velocity.ts";

const TITLE_CHARS = 120;

/**
 * The one-line heads-up about a rising paper, saying why it is here and where to read it:
 * `📈 Rising: “Title”: +42 upvotes in 6 h on Hugging Face (57 in all); matches “forgetting” (followed) ·
 * https://huggingface.co/papers/2606.01234`. Untrusted parts (the title, followed names) are escaped by
 * each adapter's renderer like any message text.
 */
export function risingText(
  paper: Pick<Paper, "id" | "title">,
  climb: Climb,
  reasons: readonly string[],
): string {
  const gain = `+${countLabel(climb.gained, "upvote")} in ${describeSpan(climb.spanMs)} on Hugging Face (${climb.upvotes} in all)`;
  return `📈 Rising: “${truncate(paper.title, TITLE_CHARS)}”: ${[gain, ...reasons].join("; ")} · ${huggingFaceUrl(paper.id)}`;
}
